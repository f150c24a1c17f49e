//! Selectors that select what was rendered with them: a workload's selector matches its own
//! pod template's labels (the API server refuses it otherwise), and a PodDisruptionBudget
//! selects at least one rendered pod template.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::{Finding, same_namespace};
use crate::object::Object;
use crate::path::FieldPath;
use crate::pods;

/// Whether `selector` selects a pod labelled `labels`, as Kubernetes evaluates label selectors.
/// An empty selector selects everything.
pub fn selects(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let labels_match = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let expressions_match = selector.match_expressions.iter().flatten().all(|e| {
        let value = labels.get(&e.key);
        let values = e.values.as_deref().unwrap_or_default();
        match e.operator.as_str() {
            "In" => value.is_some_and(|v| values.contains(v)),
            "NotIn" => value.is_none_or(|v| !values.contains(v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    labels_match && expressions_match
}

/// Labels of a pod template (empty when it has none).
pub fn template_labels(template: &pods::PodTemplate<'_>) -> BTreeMap<String, String> {
    template
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default()
}

fn own_selector(object: &Object) -> Option<&LabelSelector> {
    match object {
        Object::StatefulSet(s) => Some(&s.spec.selector),
        Object::Deployment(d) => Some(&d.spec.selector),
        // A Job without a selector gets one generated from its controller uid.
        Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.as_ref()),
        _ => None,
    }
}

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        if let (Some(selector), Some(template)) = (own_selector(object), pods::template_of(object))
        {
            if !selects(selector, &template_labels(&template)) {
                out.push(Finding::new(
                    object,
                    FieldPath::fields("spec.template.metadata.labels"),
                    "Invalid value: `selector` does not match template `labels`",
                ));
            }
            let empty = selector.match_labels.as_ref().is_none_or(|m| m.is_empty())
                && selector
                    .match_expressions
                    .as_ref()
                    .is_none_or(|m| m.is_empty());
            if empty {
                out.push(Finding::new(
                    object,
                    FieldPath::fields("spec.selector"),
                    "Invalid value: empty selector is invalid for deployment",
                ));
            }
        }
        if let Object::PodDisruptionBudget(pdb) = object
            && let Some(selector) = pdb.spec.as_ref().and_then(|s| s.selector.as_ref())
        {
            let any = pods::templates(objects)
                .filter(|t| same_namespace(object, t.object))
                .any(|t| selects(selector, &template_labels(&t)));
            if !any {
                out.push(Finding::new(
                    object,
                    FieldPath::fields("spec.selector"),
                    "selects none of the pods rendered with it",
                ));
            }
        }
    }
}
