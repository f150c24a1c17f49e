//! Label keys and values Kubernetes accepts (values at most 63 characters), everywhere labels
//! are written: object metadata, pod templates, claim templates and selectors.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::Finding;
use crate::kubernetes::names;
use crate::object::Object;
use crate::path::FieldPath;

fn check_map(
    object: &Object,
    labels: Option<&BTreeMap<String, String>>,
    path: &FieldPath,
    out: &mut Vec<Finding>,
) {
    for (key, value) in labels.into_iter().flatten() {
        for message in names::qualified_name(key) {
            out.push(Finding::new(
                object,
                path.key(key.clone()),
                format!("Invalid value: {key:?}: {message}"),
            ));
        }
        for message in names::label_value(value) {
            out.push(Finding::new(
                object,
                path.key(key.clone()),
                format!("Invalid value: {value:?}: {message}"),
            ));
        }
    }
}

fn check_selector(
    object: &Object,
    selector: Option<&LabelSelector>,
    path: &FieldPath,
    out: &mut Vec<Finding>,
) {
    if let Some(selector) = selector {
        check_map(
            object,
            selector.match_labels.as_ref(),
            &path.field("matchLabels"),
            out,
        );
    }
}

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        check_map(
            object,
            object.metadata().labels.as_ref(),
            &FieldPath::fields("metadata.labels"),
            out,
        );
        if let Some(template) = crate::pods::template_of(object) {
            check_map(
                object,
                template
                    .template
                    .metadata
                    .as_ref()
                    .and_then(|m| m.labels.as_ref()),
                &FieldPath::fields("spec.template.metadata.labels"),
                out,
            );
        }
        match object {
            Object::StatefulSet(s) => {
                check_selector(
                    object,
                    Some(&s.spec.selector),
                    &FieldPath::fields("spec.selector"),
                    out,
                );
                for (i, claim) in s.spec.volume_claim_templates.iter().flatten().enumerate() {
                    check_map(
                        object,
                        claim.metadata.labels.as_ref(),
                        &FieldPath::fields("spec.volumeClaimTemplates")
                            .index(i)
                            .field("metadata")
                            .field("labels"),
                        out,
                    );
                }
            }
            Object::Deployment(d) => check_selector(
                object,
                Some(&d.spec.selector),
                &FieldPath::fields("spec.selector"),
                out,
            ),
            Object::Job(j) => check_selector(
                object,
                j.spec.as_ref().and_then(|s| s.selector.as_ref()),
                &FieldPath::fields("spec.selector"),
                out,
            ),
            Object::PodDisruptionBudget(p) => check_selector(
                object,
                p.spec.as_ref().and_then(|s| s.selector.as_ref()),
                &FieldPath::fields("spec.selector"),
                out,
            ),
            Object::Service(s) => check_map(
                object,
                s.spec.as_ref().and_then(|s| s.selector.as_ref()),
                &FieldPath::fields("spec.selector"),
                out,
            ),
            _ => {}
        }
    }
}
