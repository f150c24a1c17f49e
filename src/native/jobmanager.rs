//! The JobManager Deployment `<id>` (`KubernetesJobManagerFactory.createJobManagerDeployment`):
//! the decorated JobManager pod as its template, `kubernetes.jobmanager.replicas` replicas
//! (more than one only with HA), selected by the JobManager labels.

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::labels::{self, option_map, put_all};
use super::{NativeContext, pods};

/// The Deployment.
pub fn deployment(ctx: &NativeContext<'_>) -> Deployment {
    let (pod_metadata, pod_spec) = pods::job_manager_pod(ctx);
    let selectors = labels::selectors(&ctx.id, "jobmanager");
    let option = |key: &str| {
        ctx.config
            .entries
            .get(key)
            .map(|v| option_map(v))
            .unwrap_or_default()
    };
    // The Deployment carries the JobManager labels and annotations of the configuration;
    // the spec's pod labels and annotations are the pod template's.
    let object_labels = put_all(&option("kubernetes.jobmanager.labels"), &selectors);
    let annotations = option("kubernetes.jobmanager.annotations");
    Deployment {
        metadata: ObjectMeta {
            name: Some(ctx.id.clone()),
            namespace: ctx.namespace.clone(),
            labels: Some(object_labels),
            annotations: (!annotations.is_empty()).then_some(annotations),
            ..ObjectMeta::default()
        },
        spec: DeploymentSpec {
            replicas: Some(ctx.spec.job_manager().replica_count()),
            selector: LabelSelector {
                match_labels: Some(selectors),
                ..LabelSelector::default()
            },
            template: PodTemplateSpec {
                metadata: Some(pod_metadata),
                spec: Some(pod_spec),
            },
            ..DeploymentSpec::default()
        },
        ..Deployment::default()
    }
}
