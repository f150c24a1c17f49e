//! Default stage: a FlinkCluster as the API server would store it.
//!
//! Three things happen to a FlinkCluster between `kubectl apply` and the operator reading it, and
//! all three change what is rendered and the revision hash: the CRD's structural defaults
//! ([`crd`], including defaults inside embedded Kubernetes types), the operator's mutating
//! webhook ([`webhook`]: version-dependent memory settings and probe merging), and Kubernetes'
//! canonical form of every resource quantity (`2048Mi` is stored as `2Gi`). [`apply`] does all
//! three and returns a [`Defaulted`] cluster; [`access`] reads values with those defaults.

pub mod access;
mod crd;
mod webhook;

pub use crd::default_resources;
pub use webhook::{MEMORY_OFF_HEAP_MIN, liveness, merge_probe, readiness, uses_process_memory};

use crate::quantity::Quantity;
use crate::spec::FlinkCluster;
use crate::visit;

/// JobManager RPC port when unset.
pub const JOB_MANAGER_RPC_PORT: i32 = 6123;
/// JobManager blob server port when unset.
pub const JOB_MANAGER_BLOB_PORT: i32 = 6124;
/// JobManager queryable state port when unset.
pub const JOB_MANAGER_QUERY_PORT: i32 = 6125;
/// JobManager UI/REST port when unset.
pub const JOB_MANAGER_UI_PORT: i32 = 8081;
/// TaskManager data port when unset.
pub const TASK_MANAGER_DATA_PORT: i32 = 6121;
/// TaskManager RPC port when unset.
pub const TASK_MANAGER_RPC_PORT: i32 = 6122;
/// TaskManager queryable state port when unset.
pub const TASK_MANAGER_QUERY_PORT: i32 = 6125;
/// JobManager replicas when unset.
pub const JOB_MANAGER_REPLICAS: i32 = 1;
/// TaskManager replicas when unset.
pub const TASK_MANAGER_REPLICAS: i32 = 3;
/// Hadoop configuration mount path when unset.
pub const HADOOP_MOUNT_PATH: &str = "/etc/hadoop/conf";
/// Off-heap percentage before Flink 1.10 when unset.
pub const MEMORY_OFF_HEAP_RATIO: i32 = 25;
/// Process memory percentage from Flink 1.10 when unset.
pub const MEMORY_PROCESS_RATIO: i32 = 80;
/// ControllerRevisions kept when `revisionHistoryLimit` is unset.
pub const REVISION_HISTORY_LIMIT: i32 = 10;

/// A FlinkCluster with every default applied; produced only by [`apply`].
#[derive(Clone, Debug, PartialEq)]
pub struct Defaulted {
    cluster: FlinkCluster,
}

impl Defaulted {
    /// The defaulted cluster.
    pub fn cluster(&self) -> &FlinkCluster {
        &self.cluster
    }

    /// Gives the defaulted cluster back.
    pub fn into_cluster(self) -> FlinkCluster {
        self.cluster
    }
}

/// Applies CRD defaults, the operator's webhook defaults and quantity canonicalization.
///
/// Invalid quantities are left as written for validation to report.
pub fn apply(mut cluster: FlinkCluster) -> Defaulted {
    crd::apply(&mut cluster.spec);
    webhook::apply(&mut cluster.spec);
    // The operator decodes every quantity into Go's resource.Quantity and writes it back out,
    // so what it renders and hashes is that re-serialized text (`2048Mi` becomes `2Gi`).
    visit::quantities_mut(&mut cluster.spec, |_, q| {
        if let Ok(parsed) = Quantity::parse_trimmed(&q.0) {
            q.0 = parsed.to_string();
        }
    });
    Defaulted { cluster }
}
