//! Flink's own memory model: how a JobManager and a TaskManager split their memory, derived
//! from the effective flink-conf exactly as Flink derives it at start, or Flink's error.
//!
//! This is Flink's computation (`ProcessMemoryUtils` and friends), not the operator's: the
//! operator only writes `*.memory.process.size` from container limits ([`crate::model::memory`]).
//! Pure functions over the configuration entries (`key → value` text, as the ConfigMap holds
//! them) and the environment variables the process starts with:
//!
//! - [`size`]: `MemorySize` (parsing, `toHumanReadableString`, checked arithmetic);
//! - [`java`]: the Java number semantics Flink's arithmetic depends on (`BigDecimal` products of
//!   float fractions widened to double, `%.3f`, `Float.parseFloat`);
//! - [`options`]: the options, their defaults per Flink version, how values are read;
//! - [`process`], [`taskmanager`], [`jobmanager`]: the derivations; [`legacy`]: old heap keys;
//! - [`jvm`]: the dynamic properties in Java's `HashMap` order; [`error`]: Flink's messages.
//!
//! The TaskManager model exists from Flink 1.10, the JobManager's from 1.11; for older versions
//! [`analyze`] reports that the model does not apply. Version differences modelled: the
//! TaskManager metaspace default (96m in 1.10, 256m after), the network maximum (1g up to 1.16,
//! unbounded from 1.17) and the legacy heap options (gone in 2.0). The derivation follows Flink
//! 1.13 and later; see docs/memory.md for what older releases printed differently.

pub mod error;
pub mod java;
pub mod jobmanager;
pub mod jvm;
pub mod legacy;
pub mod options;
pub mod process;
pub mod size;
pub mod taskmanager;

use std::collections::{BTreeMap, BTreeSet};

pub use error::{MemoryError, Process};
pub use jobmanager::JobManagerMemory;
pub use options::{Opt, Origin, Profile};
pub use process::{How, Part};
pub use size::MemorySize;
pub use taskmanager::TaskManagerMemory;

/// How Flink's processes are started, which decides how legacy heap settings are read and
/// where a TaskManager's CPU comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Deployment {
    /// `jobmanager.sh`/`taskmanager.sh` in the Flink image, as the operator runs them.
    Standalone,
    /// Flink's native Kubernetes integration: the ResourceManager sizes TaskManager pods.
    Native {
        /// The option the TaskManager CPU falls back to (`kubernetes.taskmanager.cpu.amount`
        /// from Flink 1.17, `kubernetes.taskmanager.cpu` before).
        cpu_option: Opt,
    },
}

/// The model's verdict for one cluster: per process, `None` when the Flink version predates
/// the model, else the memory or Flink's error.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The Flink version profile, `None` when the version does not parse.
    pub profile: Option<Profile>,
    /// The JobManager (Flink 1.11 and later).
    pub job_manager: Option<Result<JobManagerMemory, MemoryError>>,
    /// The TaskManager (Flink 1.10 and later).
    pub task_manager: Option<Result<TaskManagerMemory, MemoryError>>,
}

impl Analysis {
    /// The errors, JobManager first.
    pub fn errors(&self) -> Vec<(Process, &MemoryError)> {
        let mut errors = Vec::new();
        if let Some(Err(e)) = &self.job_manager {
            errors.push((Process::JobManager, e));
        }
        if let Some(Err(e)) = &self.task_manager {
            errors.push((Process::TaskManager, e));
        }
        errors
    }
}

/// Derives both processes' memory from `conf` (the effective flink-conf entries) and `env`
/// (environment variables of the Flink containers) for `flink_version`.
pub fn analyze(
    conf: &BTreeMap<String, String>,
    env: &BTreeMap<String, String>,
    flink_version: &str,
    deployment: Deployment,
) -> Analysis {
    analyze_read(conf, &BTreeSet::new(), env, flink_version, deployment)
}

/// [`analyze`] over what Flink's loader read from a configuration file
/// (`crate::flink_conf::read`): `doubles` are the keys whose values the file typed as YAML
/// floats, which a float option range-checks before narrowing.
pub fn analyze_read(
    conf: &BTreeMap<String, String>,
    doubles: &BTreeSet<String>,
    env: &BTreeMap<String, String>,
    flink_version: &str,
    deployment: Deployment,
) -> Analysis {
    let profile = Profile::of(flink_version);
    let reader = options::Conf::new(conf, env).with_doubles(doubles);
    let job_manager = profile
        .filter(Profile::has_job_manager_model)
        .map(|p| jobmanager::derive(&reader, &p, deployment));
    let task_manager = profile
        .filter(Profile::has_task_manager_model)
        .map(|p| taskmanager::derive(&reader, &p, deployment));
    Analysis {
        profile,
        job_manager,
        task_manager,
    }
}

#[cfg(test)]
mod tests;
