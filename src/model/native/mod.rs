//! The native target's derived values: the Flink version's features ([`features`]), the
//! native Flink configuration ([`config`]), the native labels ([`labels`]) and what Flink puts
//! into every pod ([`pods`]), which validation checks and the native target renders; and what
//! the native target renders from, whatever the resource ([`cluster`]), as a FlinkCluster
//! gives it ([`flink_cluster`]).

pub mod cluster;
pub mod config;
pub mod features;
pub mod flink_cluster;
pub mod labels;
pub mod pods;

use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::memory::Deployment;
use features::Features;

/// How the native target's processes start, for the memory model.
pub fn deployment(features: &Features) -> Deployment {
    Deployment::Native {
        cpu_option: features.task_manager_cpu_option(),
    }
}

/// `<name>-native`: the Role and RoleBinding of the native JobManager.
pub fn role_name(cluster: &str) -> String {
    format!("{cluster}-native")
}

/// Whether `budget` is rendered natively: a whole-number `minAvailable` and no
/// `maxUnavailable`.
pub fn renders_budget(budget: &PodDisruptionBudgetSpec) -> bool {
    budget.max_unavailable.is_none() && matches!(budget.min_available, Some(IntOrString::Int(_)))
}
