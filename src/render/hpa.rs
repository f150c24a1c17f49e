//! The HorizontalPodAutoscaler `flink-<name>`, scaling the FlinkCluster's TaskManagers through
//! the CRD's scale subresource.

use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec,
};

use super::Context;
use crate::model::names;
use crate::spec;

/// The autoscaler, or `None` without `taskManager.horizontalPodAutoscaler`.
pub fn horizontal_pod_autoscaler(ctx: &Context<'_>) -> Option<HorizontalPodAutoscaler> {
    let hpa = ctx.spec.task_manager().horizontal_pod_autoscaler.as_ref()?;
    Some(HorizontalPodAutoscaler {
        metadata: ctx.metadata(names::flink_prefixed(ctx.name), ctx.cluster_labels()),
        spec: HorizontalPodAutoscalerSpec {
            max_replicas: hpa.max_replicas,
            min_replicas: hpa.min_replicas,
            metrics: hpa.metrics.clone(),
            behavior: hpa.behavior.clone(),
            scale_target_ref: CrossVersionObjectReference {
                api_version: Some(spec::API_VERSION.to_owned()),
                kind: spec::KIND.to_owned(),
                name: ctx.name.to_owned(),
            },
        },
        ..HorizontalPodAutoscaler::default()
    })
}
