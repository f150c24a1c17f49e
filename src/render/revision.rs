//! The ControllerRevision `<name>-<hash>` the operator records for every distinct spec.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::ControllerRevision;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;

use super::Context;

/// Label holding the revision hash.
pub const HASH_LABEL: &str = "flinkoperator.k8s.io/hash";
/// Label naming the FlinkCluster a revision belongs to.
pub const MANAGED_BY_LABEL: &str = "flinkoperator.k8s.io/managed-by";

/// The revision: the cluster's own labels plus hash and owner labels, the cluster's annotations,
/// the revision number and the hashed spec patch (`data`) as data.
pub fn controller_revision(ctx: &Context<'_>, data: serde_json::Value) -> ControllerRevision {
    let mut labels: BTreeMap<String, String> =
        ctx.cluster.metadata.labels.clone().unwrap_or_default();
    labels.insert(HASH_LABEL.to_owned(), ctx.revision_hash.clone());
    labels.insert(MANAGED_BY_LABEL.to_owned(), ctx.name.to_owned());
    ControllerRevision {
        metadata: ObjectMeta {
            name: Some(ctx.revision_name.clone()),
            namespace: ctx.settings.namespace.clone(),
            labels: Some(labels),
            annotations: ctx
                .cluster
                .metadata
                .annotations
                .clone()
                .filter(|a| !a.is_empty()),
            owner_references: ctx.owner_references(true),
            ..ObjectMeta::default()
        },
        data: RawExtension(data),
        revision: Some(i64::from(ctx.settings.revision)),
    }
}
