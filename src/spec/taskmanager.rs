//! `spec.taskManager`: the TaskManager workload, its headless Service and autoscaler.

use k8s_openapi::api::autoscaling::v2::{HorizontalPodAutoscalerBehavior, MetricSpec};
use k8s_openapi::api::core::v1::{
    Affinity, Container, HostAlias, PersistentVolumeClaim, PodSecurityContext, Probe,
    ResourceRequirements, Toleration, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{NamedPort, StringMap};

/// The TaskManagers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskManagerSpec {
    /// Workload kind; `StatefulSet` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_type: Option<DeploymentType>,
    /// Number of TaskManager pods; 3 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub replicas: Option<i32>,
    /// Ports the TaskManager listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<TaskManagerPorts>,
    /// Further container ports, for example a metrics reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_ports: Option<Vec<NamedPort>>,
    /// Compute resources of the TaskManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceRequirements>,
    /// Before Flink 1.10: percentage of container memory kept off the heap; 25 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_off_heap_ratio: Option<i32>,
    /// Before Flink 1.10: the least memory kept off the heap; `600M` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_off_heap_min: Option<Quantity>,
    /// From Flink 1.10: percentage of container memory given to the Flink process; 80 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_process_ratio: Option<i32>,
    /// Volumes of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// Volume mounts of the TaskManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Vec<VolumeMount>>,
    /// PersistentVolumeClaim templates (StatefulSet) or ephemeral volumes (Deployment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_claim_templates: Option<Vec<PersistentVolumeClaim>>,
    /// Init containers of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_containers: Option<Vec<Container>>,
    /// Scheduling affinity of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    /// Node selector of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<StringMap>,
    /// Tolerations of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Toleration>>,
    /// Containers running next to the TaskManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecars: Option<Vec<Container>>,
    /// Annotations of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_annotations: Option<StringMap>,
    /// Security context of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<PodSecurityContext>,
    /// Labels of the TaskManager pod (also in the workload selector).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_labels: Option<StringMap>,
    /// Liveness probe, merged over a TCP check of the RPC port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    /// Readiness probe, merged over a TCP check of the RPC port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    /// Extra `/etc/hosts` entries of the TaskManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_aliases: Option<Vec<HostAlias>>,
    /// When set, a HorizontalPodAutoscaler `flink-<name>` scaling the FlinkCluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizontal_pod_autoscaler: Option<HorizontalPodAutoscalerSpec>,
}

/// Kind of the TaskManager workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DeploymentType {
    /// A StatefulSet with stable pod names and PersistentVolumeClaim templates.
    StatefulSet,
    /// A Deployment; claim templates become ephemeral volumes.
    Deployment,
}

impl DeploymentType {
    /// The CRD spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentType::StatefulSet => "StatefulSet",
            DeploymentType::Deployment => "Deployment",
        }
    }
}

/// TaskManager ports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskManagerPorts {
    /// Data exchange port; 6121 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub data: Option<i32>,
    /// RPC port; 6122 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub rpc: Option<i32>,
    /// Queryable state port; 6125 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub query: Option<i32>,
}

/// Autoscaling of the TaskManagers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HorizontalPodAutoscalerSpec {
    /// Lower bound of TaskManager replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<i32>,
    /// Upper bound of TaskManager replicas.
    pub max_replicas: i32,
    /// Metrics to scale on; 80% average CPU when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<MetricSpec>>,
    /// Scaling behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behavior: Option<HorizontalPodAutoscalerBehavior>,
}
