//! `spec.job`: the job of an application FlinkDeployment or of a FlinkSessionJob.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Flink job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobSpec {
    /// The job JAR (`local:///opt/flink/usrlib/job.jar`, `https://...`); unset, the JAR is on
    /// the class path.
    #[serde(rename = "jarURI", default, skip_serializing_if = "Option::is_none")]
    pub jar_uri: Option<String>,
    /// Job parallelism; 0 when unset, which the validator refuses unless
    /// `taskManager.replicas` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    /// The entry class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_class: Option<String>,
    /// Arguments of the main method; none when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    /// `running` (the default) or `suspended`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<JobState>,
    /// Deprecated: a new value triggers a savepoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_trigger_nonce: Option<i64>,
    /// The savepoint the job starts from at its first deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_savepoint_path: Option<String>,
    /// Deprecated: a new value triggers a checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint_trigger_nonce: Option<i64>,
    /// How the job is upgraded: `stateless` (the default), `last-state` or `savepoint`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_mode: Option<UpgradeMode>,
    /// Whether state that maps to no operator may be skipped on restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_non_restored_state: Option<bool>,
    /// A new value redeploys the job from `initialSavepointPath`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_redeploy_nonce: Option<i64>,
    /// A new value resets the autoscaler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler_reset_nonce: Option<i64>,
}

impl JobSpec {
    /// `upgradeMode`, `stateless` when unset.
    pub fn upgrade_mode(&self) -> UpgradeMode {
        self.upgrade_mode.unwrap_or_default()
    }

    /// `state`, `running` when unset.
    pub fn state(&self) -> JobState {
        self.state.unwrap_or_default()
    }

    /// `parallelism`, 0 when unset (the Java field's default).
    pub fn parallelism(&self) -> i32 {
        self.parallelism.unwrap_or(0)
    }
}

/// The desired state of the job.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum JobState {
    /// Running.
    #[default]
    #[serde(rename = "running")]
    Running,
    /// Suspended (cancelled, with its state kept per the upgrade mode).
    #[serde(rename = "suspended")]
    Suspended,
}

/// How the operator upgrades a running job.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UpgradeMode {
    /// Take a savepoint, then start the new job from it.
    #[serde(rename = "savepoint")]
    Savepoint,
    /// Start the new job from the last checkpoint.
    #[serde(rename = "last-state")]
    LastState,
    /// Start the new job without state.
    #[default]
    #[serde(rename = "stateless")]
    Stateless,
}

impl UpgradeMode {
    /// The spelling in the resource.
    pub fn as_str(self) -> &'static str {
        match self {
            UpgradeMode::Savepoint => "savepoint",
            UpgradeMode::LastState => "last-state",
            UpgradeMode::Stateless => "stateless",
        }
    }
}
