//! Semantic equality of rendered objects: what Kubernetes treats as the same is not a change.
//!
//! Objects are compared as typed values, so map order never matters, and both sides went
//! through the same defaulting, so a value written out equal to its default is no change
//! either. What is left is the spelling of resource quantities: Kubernetes keeps some spellings
//! as written (`1.500`) and rewrites others (`1.5` → `1500m`), so two objects can hold equal
//! quantities spelled differently. [`align_quantities`] gives the old object the new object's
//! spelling wherever both have a quantity of equal value at the same place, after which plain
//! equality is semantic equality, and a text diff shows only real changes.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PodTemplateSpec;

use crate::model::names::REVISION_LABEL;
use crate::object::Object;
use crate::quantity::Quantity;
use crate::visit;

/// Rewrites every quantity of `old` that has a counterpart of equal value at the same path in
/// `new` to the counterpart's spelling. Quantities that do not parse are left alone (they are
/// then compared as text).
pub fn align_quantities(old: &mut Object, new: &Object) {
    let mut spelled: BTreeMap<String, String> = BTreeMap::new();
    let mut probe = new.clone();
    visit::object_quantities_mut(&mut probe, |path, quantity| {
        spelled.insert(path.to_string(), quantity.0.clone());
    });
    visit::object_quantities_mut(old, |path, quantity| {
        let Some(new_text) = spelled.get(&path.to_string()) else {
            return;
        };
        if let (Ok(a), Ok(b)) = (
            Quantity::parse_trimmed(&quantity.0),
            Quantity::parse_trimmed(new_text),
        ) && a == b
        {
            quantity.0.clone_from(new_text);
        }
    });
}

/// Whether `old` and `new` differ only in the `flinkoperator.k8s.io/revision-name` label (on
/// the object or its pod template), the label every spec change rewrites.
pub fn differ_only_in_revision_label(old: &Object, new: &Object) -> bool {
    let (mut old, mut new) = (old.clone(), new.clone());
    strip_revision_label(&mut old);
    strip_revision_label(&mut new);
    old == new
}

fn strip_revision_label(object: &mut Object) {
    if let Some(labels) = object.metadata_mut().labels.as_mut() {
        labels.remove(REVISION_LABEL);
    }
    let template: Option<&mut PodTemplateSpec> = match object {
        Object::StatefulSet(set) => Some(&mut set.spec.template),
        Object::Deployment(deployment) => Some(&mut deployment.spec.template),
        Object::Job(job) => job.spec.as_mut().map(|s| &mut s.template),
        _ => None,
    };
    let labels = template
        .and_then(|t| t.metadata.as_mut())
        .and_then(|m| m.labels.as_mut());
    if let Some(labels) = labels {
        labels.remove(REVISION_LABEL);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use k8s_openapi::api::batch::v1::{Job, JobSpec};
    use k8s_openapi::api::core::v1::{Container, PodSpec, ResourceRequirements};
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    use super::*;

    fn job(cpu: &str, revision: &str) -> Object {
        let labels = BTreeMap::from([(REVISION_LABEL.to_owned(), revision.to_owned())]);
        Job {
            metadata: ObjectMeta {
                name: Some("j".into()),
                labels: Some(labels.clone()),
                ..Default::default()
            },
            spec: Some(JobSpec {
                template: PodTemplateSpec {
                    metadata: Some(ObjectMeta {
                        labels: Some(labels),
                        ..Default::default()
                    }),
                    spec: Some(PodSpec {
                        containers: vec![Container {
                            name: "main".into(),
                            resources: Some(ResourceRequirements {
                                limits: Some(BTreeMap::from([(
                                    "cpu".to_owned(),
                                    K8sQuantity(cpu.to_owned()),
                                )])),
                                ..Default::default()
                            }),
                            ..Default::default()
                        }],
                        ..Default::default()
                    }),
                },
                ..Default::default()
            }),
            ..Default::default()
        }
        .into()
    }

    #[test]
    fn equal_quantities_take_the_new_spelling() {
        let mut old = job("1.500", "r-1");
        let new = job("1500m", "r-1");
        assert_ne!(old, new);
        align_quantities(&mut old, &new);
        assert_eq!(old, new);
    }

    #[test]
    fn different_quantities_keep_their_spelling() {
        let mut old = job("1.5", "r-1");
        let new = job("2", "r-1");
        align_quantities(&mut old, &new);
        assert_eq!(old, job("1.5", "r-1"));
    }

    #[test]
    fn the_revision_label_alone_is_recognised() {
        assert!(differ_only_in_revision_label(
            &job("1", "r-1"),
            &job("1", "r-2")
        ));
        assert!(!differ_only_in_revision_label(
            &job("1", "r-1"),
            &job("2", "r-2")
        ));
    }
}
