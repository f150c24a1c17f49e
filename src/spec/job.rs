//! `spec.job`: the Flink job of a job cluster and the pod that submits it.

use k8s_openapi::api::core::v1::{
    Affinity, Container, HostAlias, PodSecurityContext, ResourceRequirements, Toleration, Volume,
    VolumeMount,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::StringMap;

/// A Flink job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobSpec {
    /// URLs added to the user class path (`flink run -C`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_path: Option<Vec<String>>,
    /// The job JAR, as a path inside the submitter container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_file: Option<String>,
    /// Entry class of the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// Python entry file (`flink run --python`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub py_file: Option<String>,
    /// Extra Python files (`flink run --pyFiles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub py_files: Option<String>,
    /// Python entry module (`flink run --pyModule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub py_module: Option<String>,
    /// Arguments of the job's main method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    /// Savepoint to start the job from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_savepoint: Option<String>,
    /// Whether state that maps to no operator may be skipped on restore; false when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_non_restored_state: Option<bool>,
    /// Directory for savepoints taken by the operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoints_dir: Option<String>,
    /// Savepoint format (Flink 1.15 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_format_type: Option<SavepointFormatType>,
    /// Whether the operator takes a savepoint before an update; true when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub take_savepoint_on_update: Option<bool>,
    /// How old a savepoint may be to restore from it when no new one is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max_state_age_to_restore_seconds: Option<i32>,
    /// Take a savepoint every this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_savepoint_seconds: Option<i32>,
    /// Bump to the job status' generation + 1 to request a savepoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_generation: Option<i32>,
    /// Job parallelism; TaskManager replicas × task slots when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    /// Whether `flink run` gets `--sysoutLogging`; false when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_logging_to_stdout: Option<bool>,
    /// Volumes of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// Volume mounts of the submitter containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Vec<VolumeMount>>,
    /// Init containers of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_containers: Option<Vec<Container>>,
    /// Scheduling affinity of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    /// Node selector of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<StringMap>,
    /// Tolerations of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Toleration>>,
    /// What the operator does when the job fails; `Never` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<JobRestartPolicy>,
    /// What the operator deletes when the job ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleanup_policy: Option<CleanupPolicy>,
    /// Deprecated: request cancellation of the running job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_requested: Option<bool>,
    /// Annotations of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_annotations: Option<StringMap>,
    /// Labels of the submitter Job and pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_labels: Option<StringMap>,
    /// Compute resources of the submitter container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceRequirements>,
    /// Security context of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<PodSecurityContext>,
    /// Extra `/etc/hosts` entries of the submitter pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_aliases: Option<Vec<HostAlias>>,
    /// How the job runs; `Detached` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<JobMode>,
}

/// How the job is submitted and run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum JobMode {
    /// `flink run --detached`: the submitter exits once the job is accepted.
    Detached,
    /// `flink run` without `--detached`: the submitter waits for the job.
    Blocking,
    /// Application mode: the JobManager runs the job itself, as a Kubernetes Job.
    Application,
}

/// What happens when the job fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The operator's webhook refuses other values in its own words, which the structural check
// gives (`{value}` stands for the value).
#[schemars(extend("x-webhook-message" = "invalid job restartPolicy: {value}"))]
pub enum JobRestartPolicy {
    /// A failed job stays failed.
    Never,
    /// A failed job is restarted from its latest savepoint.
    FromSavepointOnFailure,
}

impl JobRestartPolicy {
    /// The CRD spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            JobRestartPolicy::Never => "Never",
            JobRestartPolicy::FromSavepointOnFailure => "FromSavepointOnFailure",
        }
    }
}

/// Savepoint format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SavepointFormatType {
    /// Flink's portable format.
    #[serde(rename = "CANONICAL")]
    Canonical,
    /// The state backend's own format.
    #[serde(rename = "NATIVE")]
    Native,
}

/// What the operator removes when a job ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CleanupPolicy {
    /// After success; `DeleteCluster` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_job_succeeds: Option<CleanupAction>,
    /// After failure; `KeepCluster` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_job_fails: Option<CleanupAction>,
    /// After cancellation; `DeleteCluster` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_job_cancelled: Option<CleanupAction>,
}

/// A cleanup action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CleanupAction {
    /// Leave every component running.
    KeepCluster,
    /// Delete every component.
    DeleteCluster,
    /// Delete only the TaskManagers.
    DeleteTaskManager,
}

impl CleanupAction {
    /// The CRD spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CleanupAction::KeepCluster => "KeepCluster",
            CleanupAction::DeleteCluster => "DeleteCluster",
            CleanupAction::DeleteTaskManager => "DeleteTaskManager",
        }
    }
}
