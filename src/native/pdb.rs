//! The PodDisruptionBudget `<id>` for the cluster's pods, when `spec.podDisruptionBudget`
//! asks for a whole-number `minAvailable`.
//!
//! Flink's TaskManager pods have the JobManager Deployment as their controller, and the
//! Deployment's scale is the JobManager's replica count: Kubernetes' disruption controller
//! would count `maxUnavailable` or a percentage against that scale instead of the pods there
//! are. A whole number of pods that must stay available needs no scale, so only such a budget
//! is rendered; validation warns about the others.

use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::model::native::cluster::NativeCluster;
use crate::model::native::labels;

/// The budget over every pod of the cluster (the JobManagers and the TaskManagers Flink
/// starts), the cluster's labels merged into the user's selector (ours win).
pub fn pod_disruption_budget(ctx: &NativeCluster) -> Option<PodDisruptionBudget> {
    let spec = ctx.budget.clone()?;
    Some(PodDisruptionBudget {
        metadata: ObjectMeta {
            name: Some(ctx.id.clone()),
            namespace: ctx.namespace.clone(),
            labels: Some(labels::common(&ctx.id)),
            ..ObjectMeta::default()
        },
        spec: Some(spec),
        ..PodDisruptionBudget::default()
    })
}
