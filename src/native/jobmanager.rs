//! The JobManager Deployment `<id>` (`KubernetesJobManagerFactory.createJobManagerDeployment`):
//! the decorated JobManager pod as its template, `kubernetes.jobmanager.replicas` replicas
//! (more than one only with HA), selected by the JobManager labels.

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};

use super::pods;
use crate::model::native::cluster::NativeCluster;
use crate::model::native::labels::{self, option_map, put_all};
use crate::structured_options::{get_ignoring_case, parse_list_of_maps};

/// The Deployment.
pub fn deployment(ctx: &NativeCluster) -> Deployment {
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
    let annotations = if ctx.features.deployment_annotations() {
        option("kubernetes.jobmanager.annotations")
    } else {
        Default::default()
    };
    let owners = owner_references(ctx);
    Deployment {
        metadata: ObjectMeta {
            name: Some(ctx.id.clone()),
            namespace: ctx.namespace.clone(),
            labels: Some(object_labels),
            annotations: (!annotations.is_empty()).then_some(annotations),
            owner_references: (!owners.is_empty()).then_some(owners),
            ..ObjectMeta::default()
        },
        spec: DeploymentSpec {
            replicas: Some(pods::int_option(ctx, "kubernetes.jobmanager.replicas", 1)),
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

/// `kubernetes.jobmanager.owner.reference`: `;`-separated maps of `apiVersion`, `kind`,
/// `name`, `uid`, `controller`, `blockOwnerDeletion` (names in any case), put on the
/// Deployment as Flink puts them.
pub fn owner_references(ctx: &NativeCluster) -> Vec<OwnerReference> {
    let Some(value) = ctx
        .config
        .entries
        .get(crate::model::native::config::OWNER_REFERENCE)
    else {
        return Vec::new();
    };
    parse_list_of_maps(value)
        .unwrap_or_default()
        .iter()
        .map(|map| {
            let get = |k: &str| get_ignoring_case(map, k).unwrap_or_default().to_owned();
            let flag = |k: &str| {
                get_ignoring_case(map, k).and_then(crate::model::native::config::owner_flag)
            };
            OwnerReference {
                api_version: get("apiVersion"),
                kind: get("kind"),
                name: get("name"),
                uid: get("uid"),
                controller: flag("controller"),
                block_owner_deletion: flag("blockOwnerDeletion"),
            }
        })
        .collect()
}
