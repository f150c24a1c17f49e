//! The `FlinkCluster` custom resource (`flinkoperator.k8s.io/v1beta1`) as plain serde types.
//!
//! This module is schema only: data types, their JSON names and the bounds the CRD declares,
//! nothing else. Defaults live in [`crate::defaults`], rules in [`crate::validate`], and what the
//! fields turn into in [`crate::render`]. Every optional field is an `Option`, so a value the user
//! left out can be told apart from one they set to the default; the revision hash depends on
//! exactly that difference.
//!
//! Embedded Kubernetes objects (containers, volumes, probes, ...) are the real `k8s-openapi`
//! types. The JSON Schema printed by `flink-render schema` is generated from these types
//! ([`json_schema`]) and committed as `schema/flinkcluster.schema.json`.

mod job;
mod jobmanager;
mod taskmanager;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{EnvFromSource, EnvVar, LocalObjectReference};
use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use job::{
    CleanupAction, CleanupPolicy, JobMode, JobRestartPolicy, JobSpec, SavepointFormatType,
};
pub use jobmanager::{AccessScope, JobManagerIngressSpec, JobManagerPorts, JobManagerSpec};
pub use taskmanager::{
    DeploymentType, HorizontalPodAutoscalerSpec, TaskManagerPorts, TaskManagerSpec,
};

/// API group of the resource.
pub const GROUP: &str = "flinkoperator.k8s.io";
/// API version of the resource.
pub const VERSION: &str = "v1beta1";
/// `apiVersion` of the resource.
pub const API_VERSION: &str = "flinkoperator.k8s.io/v1beta1";
/// `kind` of the resource.
pub const KIND: &str = "FlinkCluster";

/// A string-to-string map in a fixed (sorted) order.
pub type StringMap = BTreeMap<String, String>;

/// A Flink session or job cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "FlinkCluster")]
pub struct FlinkCluster {
    /// Always `flinkoperator.k8s.io/v1beta1`.
    pub api_version: String,
    /// Always `FlinkCluster`.
    pub kind: String,
    /// Name, namespace, labels, annotations and (optionally) the uid of the live object.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The desired cluster.
    pub spec: FlinkClusterSpec,
    /// Status written by the operator. flink-render accepts it so that `kubectl get -o yaml`
    /// output can be rendered, and ignores it: every input the operator reads from a live cluster
    /// is an explicit option instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
}

/// The desired state of a Flink cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlinkClusterSpec {
    /// Flink version, for example `1.18`. Decides the memory model (heap sizes before 1.10,
    /// process size from 1.10) and the configuration file name (`config.yaml` from 2.0).
    /// Left out, it is `""`, as the API server stores it after the operator's webhook; the
    /// operator then sets heap sizes, as before 1.10.
    #[serde(default)]
    pub flink_version: String,
    /// The image every Flink container runs.
    pub image: ImageSpec,
    /// Service account of every Flink pod; the namespace's `default` account when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Deprecated spelling of `batchScheduler.name`; when set it replaces `batchScheduler`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_scheduler_name: Option<String>,
    /// Gang scheduling through a batch scheduler (only `volcano` is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_scheduler: Option<BatchSchedulerSpec>,
    /// When set, a PodDisruptionBudget `flink-<name>` covering every pod of the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_disruption_budget: Option<PodDisruptionBudgetSpec>,
    /// The JobManager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_manager: Option<JobManagerSpec>,
    /// The TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_manager: Option<TaskManagerSpec>,
    /// The job; without it the cluster is a session cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobSpec>,
    /// Environment variables of every Flink container and init container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_vars: Option<Vec<EnvVar>>,
    /// Environment sources of every Flink main container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_from: Option<Vec<EnvFromSource>>,
    /// Entries of the generated Flink configuration file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_properties: Option<StringMap>,
    /// A ConfigMap of Hadoop configuration files to mount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hadoop_config: Option<HadoopConfig>,
    /// A GCP service account key to mount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gcp_config: Option<GcpConfig>,
    /// Files added to the cluster's ConfigMap (log configuration and anything else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_config: Option<StringMap>,
    /// How many ControllerRevisions the operator keeps; 10 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    /// Whether an update deletes and recreates the components (default) or updates them in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recreate_on_update: Option<bool>,
}

/// The Flink image.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageSpec {
    /// Image reference, for example `flink:1.18`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Pull policy; `Always` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_policy: Option<PullPolicy>,
    /// Secrets used to pull the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_secrets: Option<Vec<LocalObjectReference>>,
}

/// Image pull policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PullPolicy {
    /// Pull on every container start.
    Always,
    /// Never pull; the image must be on the node.
    Never,
    /// Pull when the image is not on the node.
    IfNotPresent,
}

impl PullPolicy {
    /// The Kubernetes spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::Never => "Never",
            PullPolicy::IfNotPresent => "IfNotPresent",
        }
    }
}

/// A container port beyond Flink's own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NamedPort {
    /// Port name (at most 15 characters, unique in the container).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Port number.
    #[schemars(range(min = 1, max = 65535))]
    pub container_port: i32,
    /// `TCP` (Kubernetes' default when unset), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
}

/// Network protocol of a port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Protocol {
    /// TCP.
    #[serde(rename = "TCP")]
    Tcp,
    /// UDP.
    #[serde(rename = "UDP")]
    Udp,
    /// SCTP.
    #[serde(rename = "SCTP")]
    Sctp,
}

impl Protocol {
    /// The Kubernetes spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// The only batch scheduler the operator knows (`batchScheduler.name`).
pub const VOLCANO: &str = "volcano";

/// Batch scheduler settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchSchedulerSpec {
    /// Scheduler name; only `volcano` is supported. Left out, it is `""`, as the API server
    /// stores it after the operator's webhook, and the operator uses no batch scheduler.
    #[serde(default)]
    pub name: String,
    /// Volcano queue of the PodGroup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// Priority class of the PodGroup and of every pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_class_name: Option<String>,
}

/// Hadoop configuration mount.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HadoopConfig {
    /// ConfigMap holding the Hadoop configuration files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub config_map_name: Option<String>,
    /// Where the files are mounted; `/etc/hadoop/conf` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
}

/// GCP settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpConfig {
    /// The service account key to mount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<GcpServiceAccount>,
}

/// A GCP service account key stored in a Secret.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpServiceAccount {
    /// Secret holding the key file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    /// File name of the key inside the Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    /// Directory the Secret is mounted at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
}

/// JSON Schema (draft 2020-12) of a `FlinkCluster` document, generated from these types.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<FlinkCluster>();
    schema.to_value()
}
