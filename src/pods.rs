//! The pod templates inside rendered objects, each with the field path it has in its object.
//!
//! Lint rules, the Pod Security Standards check and `--harden` all work on "every pod a
//! manifest would create". The list of kinds that carry a pod template is kept here once; the
//! match is exhaustive on purpose, so that a new kind of [`Object`] has to say whether it has
//! pods.

use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};

use crate::object::Object;
use crate::path::FieldPath;

/// A pod template and where it sits in its object.
#[derive(Clone, Copy, Debug)]
pub struct PodTemplate<'a> {
    /// The object holding the template.
    pub object: &'a Object,
    /// Path of the template in the object (`spec.template`).
    pub path: &'static str,
    /// The template.
    pub template: &'a PodTemplateSpec,
}

impl<'a> PodTemplate<'a> {
    /// The pod spec, if the template has one.
    pub fn spec(&self) -> Option<&'a PodSpec> {
        self.template.spec.as_ref()
    }

    /// Path of the pod spec in the object (`spec.template.spec`).
    pub fn spec_path(&self) -> FieldPath {
        FieldPath::fields(self.path).field("spec")
    }
}

/// The pod template of an object, borrowed (`as_ref, &`) or mutably (`as_mut, &mut`); the one
/// exhaustive list of kinds with pods.
macro_rules! pod_template {
    ($object:expr, $as_option:ident, $($borrow:tt)+) => {
        match $object {
            Object::StatefulSet(s) => Some($($borrow)+ s.spec.template),
            Object::Deployment(d) => Some($($borrow)+ d.spec.template),
            Object::Job(j) => j.spec.$as_option().map(|s| $($borrow)+ s.template),
            Object::ConfigMap(_)
            | Object::ControllerRevision(_)
            | Object::HorizontalPodAutoscaler(_)
            | Object::Ingress(_)
            | Object::PodDisruptionBudget(_)
            | Object::PodGroup(_)
            | Object::Role(_)
            | Object::RoleBinding(_)
            | Object::Service(_)
            | Object::ServiceAccount(_) => None,
        }
    };
}

/// The pod template of `object`, if its kind has one.
pub fn template_of(object: &Object) -> Option<PodTemplate<'_>> {
    let template = pod_template!(object, as_ref, &)?;
    Some(PodTemplate {
        object,
        path: "spec.template",
        template,
    })
}

/// The pod template of `object` for changing it, if its kind has one.
pub fn template_of_mut(object: &mut Object) -> Option<&mut PodTemplateSpec> {
    pod_template!(object, as_mut, &mut)
}

/// Every pod template of `objects`, in object order.
pub fn templates(objects: &[Object]) -> impl Iterator<Item = PodTemplate<'_>> {
    objects.iter().filter_map(template_of)
}

/// Every container of a pod (init containers, containers, ephemeral containers are not
/// rendered) with its path below the pod spec: `initContainers[i]` or `containers[i]`.
pub fn containers(spec: &PodSpec) -> impl Iterator<Item = (FieldPath, &Container)> {
    let init = spec
        .init_containers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| (FieldPath::root().field("initContainers").index(i), c));
    let main = spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (FieldPath::root().field("containers").index(i), c));
    init.chain(main)
}

/// `base` followed by every segment of `relative`.
pub fn join(base: &FieldPath, relative: &FieldPath) -> FieldPath {
    use crate::path::Segment;
    relative
        .segments()
        .iter()
        .fold(base.clone(), |path, segment| match segment {
            Segment::Field(name) => path.field(name.clone()),
            Segment::Key(key) => path.key(key.clone()),
            Segment::Index(index) => path.index(*index),
        })
}
