//! The Volcano `PodGroup` (`scheduling.volcano.sh/v1beta1`), a custom resource k8s-openapi has
//! no type for: the typed object the operator target renders for gang scheduling.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A Volcano `PodGroup` (`scheduling.volcano.sh/v1beta1`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodGroup {
    /// Standard metadata.
    pub metadata: ObjectMeta,
    /// The group's requirements.
    pub spec: PodGroupSpec,
}

/// What a PodGroup needs before any of its pods is scheduled.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodGroupSpec {
    /// Pods that must be schedulable together.
    #[serde(skip_serializing_if = "is_zero")]
    pub min_member: i32,
    /// Resources that must be available together.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub min_resources: BTreeMap<String, K8sQuantity>,
    /// Priority class of the group.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub priority_class_name: String,
    /// Volcano queue.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub queue: String,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

impl k8s_openapi::Resource for PodGroup {
    const API_VERSION: &'static str = "scheduling.volcano.sh/v1beta1";
    const GROUP: &'static str = "scheduling.volcano.sh";
    const KIND: &'static str = "PodGroup";
    const VERSION: &'static str = "v1beta1";
    const URL_PATH_SEGMENT: &'static str = "podgroups";
    type Scope = k8s_openapi::NamespaceResourceScope;
}

impl k8s_openapi::Metadata for PodGroup {
    type Ty = ObjectMeta;
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn metadata_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
}

impl Serialize for PodGroup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use k8s_openapi::Resource;
        let mut state = serializer.serialize_struct("PodGroup", 4)?;
        state.serialize_field("apiVersion", Self::API_VERSION)?;
        state.serialize_field("kind", Self::KIND)?;
        state.serialize_field("metadata", &self.metadata)?;
        state.serialize_field("spec", &self.spec)?;
        state.end()
    }
}
