//! Names valid for their kind: object names, namespaces, container and volume names.

use std::collections::BTreeSet;

use super::{Finding, unique_name};
use crate::kubernetes::names;
use crate::object::Object;
use crate::path::FieldPath;
use crate::pods;

/// Longest StatefulSet name: its pods are labelled `controller-revision-hash: <name>-<hash>`
/// with a 10-character hash, and a label value has at most 63 characters.
pub const MAX_STATEFULSET_NAME: usize = 52;
/// Longest Job name: its pods are labelled `job-name: <name>`.
pub const MAX_JOB_NAME: usize = 63;

/// Kubernetes' `IsValidPathSegmentName`, the rule for RBAC object names.
fn path_segment_name(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name == "." || name == ".." {
        errors.push(format!("may not be '{name}'"));
    }
    for bad in ["/", "%"] {
        if name.contains(bad) {
            errors.push(format!("may not contain '{bad}'"));
        }
    }
    if name.is_empty() {
        errors.push("Required value: name or generateName is required".to_owned());
    }
    errors
}

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        let name = object.name();
        let name_path = FieldPath::fields("metadata.name");
        let problems = match object {
            Object::Service(_) => names::dns1035_label(name),
            Object::Role(_) | Object::RoleBinding(_) => path_segment_name(name),
            _ => names::dns1123_subdomain(name),
        };
        for message in problems {
            out.push(Finding::new(
                object,
                name_path.clone(),
                format!("Invalid value: {name:?}: {message}"),
            ));
        }
        let limit = match object {
            Object::StatefulSet(_) => Some((MAX_STATEFULSET_NAME, "controller-revision-hash")),
            Object::Job(_) => Some((MAX_JOB_NAME, "job-name")),
            _ => None,
        };
        if let Some((limit, label)) = limit.filter(|(limit, _)| name.len() > *limit) {
            out.push(Finding::new(
                object,
                name_path.clone(),
                format!(
                    "Invalid value: {name:?}: must be no more than {limit} characters: Kubernetes labels the pods with `{label}` derived from the name, and a label value has at most 63"
                ),
            ));
        }
        if let Some(namespace) = object.namespace() {
            for message in names::dns1123_label(namespace) {
                out.push(Finding::new(
                    object,
                    FieldPath::fields("metadata.namespace"),
                    format!("Invalid value: {namespace:?}: {message}"),
                ));
            }
        }
        if let Some(template) = pods::template_of(object)
            && let Some(spec) = template.spec()
        {
            let spec_path = template.spec_path();
            let mut seen = BTreeSet::new();
            for (relative, container) in pods::containers(spec) {
                let path = pods::join(&spec_path, &relative).field("name");
                unique_name(
                    object,
                    path,
                    &container.name,
                    names::dns1123_label,
                    &mut seen,
                    out,
                );
            }
            let mut seen = BTreeSet::new();
            for (i, volume) in spec.volumes.iter().flatten().enumerate() {
                let path = spec_path.field("volumes").index(i).field("name");
                unique_name(
                    object,
                    path,
                    &volume.name,
                    names::dns1123_label,
                    &mut seen,
                    out,
                );
            }
        }
    }
}
