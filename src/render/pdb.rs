//! The PodDisruptionBudget `flink-<name>`, covering every pod of the cluster.

use k8s_openapi::api::policy::v1::PodDisruptionBudget;

use super::Context;
use crate::model::{labels, names};

/// The user's budget with the cluster labels merged into its selector (ours win), or `None`
/// without `spec.podDisruptionBudget`.
pub fn pod_disruption_budget(ctx: &Context<'_>) -> Option<PodDisruptionBudget> {
    let mut spec = ctx.spec.pod_disruption_budget.clone()?;
    let selector = spec.selector.get_or_insert_with(Default::default);
    let match_labels = selector.match_labels.get_or_insert_with(Default::default);
    match_labels.extend(labels::cluster(ctx.name));
    Some(PodDisruptionBudget {
        metadata: ctx.metadata(names::flink_prefixed(ctx.name), ctx.cluster_labels()),
        spec: Some(spec),
        ..PodDisruptionBudget::default()
    })
}
