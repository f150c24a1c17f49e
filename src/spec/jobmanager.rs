//! `spec.jobManager`: the JobManager pod, its Service and Ingress.

use k8s_openapi::api::core::v1::{
    Affinity, Container, HostAlias, PersistentVolumeClaim, PodSecurityContext, Probe,
    ResourceRequirements, Toleration, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{NamedPort, StringMap};

/// The JobManager.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobManagerSpec {
    /// Number of JobManager pods; 1 when unset. More than one needs Kubernetes HA (standby
    /// JobManagers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub replicas: Option<i32>,
    /// How the JobManager Service is reached; `Cluster` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_scope: Option<AccessScope>,
    /// Annotations of the JobManager Service.
    #[serde(
        default,
        rename = "ServiceAnnotations",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_annotations: Option<StringMap>,
    /// Labels of the JobManager Service.
    #[serde(
        default,
        rename = "ServiceLabels",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_labels: Option<StringMap>,
    /// When set, an Ingress to the JobManager web UI and REST API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<JobManagerIngressSpec>,
    /// Ports the JobManager listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<JobManagerPorts>,
    /// Further container ports, for example a metrics reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_ports: Option<Vec<NamedPort>>,
    /// Compute resources of the JobManager container.
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
    /// Volumes of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// Volume mounts of the JobManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Vec<VolumeMount>>,
    /// PersistentVolumeClaim templates of the JobManager StatefulSet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_claim_templates: Option<Vec<PersistentVolumeClaim>>,
    /// Init containers of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_containers: Option<Vec<Container>>,
    /// Scheduling affinity of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    /// Node selector of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<StringMap>,
    /// Tolerations of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Toleration>>,
    /// Containers running next to the JobManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecars: Option<Vec<Container>>,
    /// Annotations of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_annotations: Option<StringMap>,
    /// Security context of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<PodSecurityContext>,
    /// Labels of the JobManager pod (also in the StatefulSet selector).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_labels: Option<StringMap>,
    /// Liveness probe, merged over a TCP check of the RPC port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    /// Readiness probe, merged over a TCP check of the RPC port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    /// Extra `/etc/hosts` entries of the JobManager pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_aliases: Option<Vec<HostAlias>>,
}

/// How the JobManager Service is exposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AccessScope {
    /// A ClusterIP Service, reachable inside the cluster.
    Cluster,
    /// An internal (GKE) load balancer, reachable inside the VPC.
    #[serde(rename = "VPC")]
    Vpc,
    /// A public load balancer.
    External,
    /// A NodePort Service.
    NodePort,
    /// A headless Service: clients reach the pod IPs directly.
    Headless,
}

impl AccessScope {
    /// The CRD spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessScope::Cluster => "Cluster",
            AccessScope::Vpc => "VPC",
            AccessScope::External => "External",
            AccessScope::NodePort => "NodePort",
            AccessScope::Headless => "Headless",
        }
    }
}

/// JobManager ports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobManagerPorts {
    /// RPC port; 6123 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub rpc: Option<i32>,
    /// Blob server port; 6124 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub blob: Option<i32>,
    /// Queryable state port; 6125 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub query: Option<i32>,
    /// Web UI and REST port; 8081 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub ui: Option<i32>,
}

/// Ingress to the JobManager UI.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobManagerIngressSpec {
    /// Host name; `{{$clusterName}}` is replaced by the cluster name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_format: Option<String>,
    /// Annotations of the Ingress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<StringMap>,
    /// Whether the Ingress terminates TLS; false when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_tls: Option<bool>,
    /// Secret holding the TLS certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_secret_name: Option<String>,
}
