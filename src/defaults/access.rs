//! Reading a spec with its defaults: one place that knows what an unset field means.
//!
//! After [`super::apply`] every defaulted field is set; these accessors still fall back to the
//! same constants instead of unwrapping, so no input can make rendering panic.

use std::sync::LazyLock;

use super::{
    JOB_MANAGER_BLOB_PORT, JOB_MANAGER_QUERY_PORT, JOB_MANAGER_REPLICAS, JOB_MANAGER_RPC_PORT,
    JOB_MANAGER_UI_PORT, TASK_MANAGER_DATA_PORT, TASK_MANAGER_QUERY_PORT, TASK_MANAGER_REPLICAS,
    TASK_MANAGER_RPC_PORT,
};
use crate::spec::{
    AccessScope, DeploymentType, FlinkClusterSpec, JobManagerSpec, JobMode, PullPolicy,
    TaskManagerSpec,
};

static EMPTY_JOB_MANAGER: LazyLock<JobManagerSpec> = LazyLock::new(JobManagerSpec::default);
static EMPTY_TASK_MANAGER: LazyLock<TaskManagerSpec> = LazyLock::new(TaskManagerSpec::default);

/// The JobManager's ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobManagerPortNumbers {
    /// RPC.
    pub rpc: i32,
    /// Blob server.
    pub blob: i32,
    /// Queryable state.
    pub query: i32,
    /// Web UI and REST API.
    pub ui: i32,
}

/// The TaskManager's ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskManagerPortNumbers {
    /// Data exchange.
    pub data: i32,
    /// RPC.
    pub rpc: i32,
    /// Queryable state.
    pub query: i32,
}

impl FlinkClusterSpec {
    /// The JobManager spec (an empty one when unset).
    pub fn job_manager(&self) -> &JobManagerSpec {
        self.job_manager.as_ref().unwrap_or(&EMPTY_JOB_MANAGER)
    }

    /// The TaskManager spec (an empty one when unset).
    pub fn task_manager(&self) -> &TaskManagerSpec {
        self.task_manager.as_ref().unwrap_or(&EMPTY_TASK_MANAGER)
    }

    /// The image pull policy.
    pub fn pull_policy(&self) -> PullPolicy {
        self.image.pull_policy.unwrap_or(PullPolicy::Always)
    }

    /// Whether the cluster runs its job in application mode (no JobManager StatefulSet).
    pub fn is_application_mode(&self) -> bool {
        self.job
            .as_ref()
            .is_some_and(|job| job.mode == Some(JobMode::Application))
    }
}

impl JobManagerSpec {
    /// The ports, with defaults.
    pub fn port_numbers(&self) -> JobManagerPortNumbers {
        let ports = self.ports.as_ref();
        JobManagerPortNumbers {
            rpc: ports.and_then(|p| p.rpc).unwrap_or(JOB_MANAGER_RPC_PORT),
            blob: ports.and_then(|p| p.blob).unwrap_or(JOB_MANAGER_BLOB_PORT),
            query: ports
                .and_then(|p| p.query)
                .unwrap_or(JOB_MANAGER_QUERY_PORT),
            ui: ports.and_then(|p| p.ui).unwrap_or(JOB_MANAGER_UI_PORT),
        }
    }

    /// Number of JobManager pods.
    pub fn replica_count(&self) -> i32 {
        self.replicas.unwrap_or(JOB_MANAGER_REPLICAS)
    }

    /// How the JobManager Service is exposed.
    pub fn scope(&self) -> AccessScope {
        self.access_scope.unwrap_or(AccessScope::Cluster)
    }
}

impl TaskManagerSpec {
    /// The ports, with defaults.
    pub fn port_numbers(&self) -> TaskManagerPortNumbers {
        let ports = self.ports.as_ref();
        TaskManagerPortNumbers {
            data: ports.and_then(|p| p.data).unwrap_or(TASK_MANAGER_DATA_PORT),
            rpc: ports.and_then(|p| p.rpc).unwrap_or(TASK_MANAGER_RPC_PORT),
            query: ports
                .and_then(|p| p.query)
                .unwrap_or(TASK_MANAGER_QUERY_PORT),
        }
    }

    /// Number of TaskManager pods.
    pub fn replica_count(&self) -> i32 {
        self.replicas.unwrap_or(TASK_MANAGER_REPLICAS)
    }

    /// Kind of the TaskManager workload.
    pub fn workload_kind(&self) -> DeploymentType {
        self.deployment_type.unwrap_or(DeploymentType::StatefulSet)
    }
}
