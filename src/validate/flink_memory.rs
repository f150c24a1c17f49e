//! A configuration Flink would refuse when its JobManager or TaskManager starts is refused at
//! render time: the effective flink-conf (what the rendered ConfigMap holds) goes through
//! Flink's memory model ([`crate::memory`]), and each refusal is reported with Flink's exact
//! message at the input field that set the value Flink objects to.
//!
//! A key set in `spec.flinkProperties` is reported there; the process sizes flink-render
//! derives from container memory are reported at the memory limit (or request) they come from.
//! The message ends with the flink-conf keys involved and where each got its value. Flink
//! versions that predate the model (TaskManager before 1.10, JobManager before 1.11) are not
//! checked.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::flink_conf::Loaded;
use crate::memory::{MemoryError, Process};
use crate::model::config::SYSTEM_PROPERTIES;
use crate::model::memory::container_env;
use crate::options::{Settings, Target};
use crate::path::FieldPath;
use crate::spec::{FlinkCluster, FlinkClusterSpec};

/// Where a flink-conf entry got its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The input field.
    pub path: FieldPath,
    /// How the value follows from it, for the message.
    pub note: String,
}

/// `spec.<component>.resources.limits[<name>]`, or `requests[<name>]` when the limit is unset
/// or zero (what the operator sizes from), and the quantity's text.
pub fn resource_field(
    spec: &FlinkClusterSpec,
    process: Process,
    name: &str,
) -> (FieldPath, String) {
    let (field, resources) = match process {
        Process::JobManager => ("jobManager", spec.job_manager().resources.as_ref()),
        Process::TaskManager => ("taskManager", spec.task_manager().resources.as_ref()),
    };
    let base = FieldPath::fields("spec").field(field).field("resources");
    let set = |map: Option<
        &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
    >| {
        map.and_then(|m| m.get(name))
            .filter(|q| crate::quantity::Quantity::parse_trimmed(&q.0).is_ok_and(|q| !q.is_zero()))
            .map(|q| q.0.clone())
    };
    if let Some(limit) = set(resources.and_then(|r| r.limits.as_ref())) {
        return (base.field("limits").key(name), limit);
    }
    let request = set(resources.and_then(|r| r.requests.as_ref())).unwrap_or_default();
    (base.field("requests").key(name), request)
}

/// The field that decided the value of flink-conf entry `key`, when the input decided it.
pub fn source_of(
    spec: &FlinkClusterSpec,
    conf: &BTreeMap<String, String>,
    target: Target,
    key: &str,
) -> Option<Source> {
    let env_index = spec
        .env_vars
        .iter()
        .flatten()
        .position(|var| var.name == key && var.value.is_some());
    if let Some(index) = env_index {
        return Some(Source {
            path: FieldPath::fields("spec.envVars")
                .index(index)
                .field("value"),
            note: "spec.envVars".to_owned(),
        });
    }
    let from_properties = spec
        .flink_properties
        .as_ref()
        .is_some_and(|p| p.contains_key(key))
        && !SYSTEM_PROPERTIES.contains(&key);
    if from_properties {
        return Some(Source {
            path: FieldPath::fields("spec.flinkProperties").key(key),
            note: "spec.flinkProperties".to_owned(),
        });
    }
    if key == "taskmanager.numberOfTaskSlots" && conf.contains_key(key) {
        let (path, quantity) = resource_field(spec, Process::TaskManager, "cpu");
        return Some(Source {
            note: format!("half of {path} {quantity}, at least 1"),
            path,
        });
    }
    let cpu_of = match key {
        "kubernetes.jobmanager.cpu" | "kubernetes.jobmanager.cpu.amount" => {
            Some(Process::JobManager)
        }
        "kubernetes.taskmanager.cpu" | "kubernetes.taskmanager.cpu.amount" => {
            Some(Process::TaskManager)
        }
        _ => None,
    };
    if let Some(process) = cpu_of.filter(|_| conf.contains_key(key)) {
        let (path, quantity) = resource_field(spec, process, "cpu");
        return Some(Source {
            note: format!("{path} {quantity}"),
            path,
        });
    }
    let process = match key {
        "jobmanager.memory.process.size" => Process::JobManager,
        "taskmanager.memory.process.size" => Process::TaskManager,
        _ => return None,
    };
    if target == Target::Native {
        // Natively the process gets the whole container memory (crate::model::native::config).
        let (path, quantity) = resource_field(spec, process, "memory");
        return conf.contains_key(key).then(|| Source {
            note: format!("{path} {quantity}, in whole MiB"),
            path,
        });
    }
    let (field, ratio) = match process {
        Process::JobManager => ("jobManager", spec.job_manager().memory_process_ratio),
        Process::TaskManager => ("taskManager", spec.task_manager().memory_process_ratio),
    };
    let ratio = ratio.unwrap_or(0);
    if !conf.contains_key(key) {
        // The operator leaves the key out when the ratio gives nothing.
        return Some(Source {
            path: FieldPath::fields("spec")
                .field(field)
                .field("memoryProcessRatio"),
            note: format!("left out: memoryProcessRatio {ratio}% of the container memory is 0"),
        });
    }
    let (path, quantity) = resource_field(spec, process, "memory");
    Some(Source {
        note: format!("{path} {quantity} × memoryProcessRatio {ratio}%"),
        path,
    })
}

/// The diagnostic text: Flink's message, then the keys involved and where they were set.
fn message(
    error: &MemoryError,
    spec: &FlinkClusterSpec,
    conf: &BTreeMap<String, String>,
    target: Target,
) -> String {
    let env = container_env(spec);
    let mut set = Vec::new();
    for key in &error.keys {
        if let Some(value) = env.get(*key) {
            set.push(format!("{key}={value} (spec.envVars)"));
        } else if let Some(value) = conf.get(*key) {
            let from = source_of(spec, conf, target, key)
                .map(|s| s.note)
                .unwrap_or_else(|| "flink-render".to_owned());
            set.push(format!("{key}: {value} ({from})"));
        }
    }
    let keys = if set.is_empty() {
        format!(
            "none of {} is set",
            error
                .keys
                .iter()
                .take(4)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        set.join("; ")
    };
    format!("{error} [flink-conf: {keys}]")
}

/// The input field an error is reported at: the first key involved that the input set.
fn path_of(
    error: &MemoryError,
    spec: &FlinkClusterSpec,
    conf: &BTreeMap<String, String>,
    target: Target,
    process: Process,
) -> FieldPath {
    error
        .keys
        .iter()
        .find_map(|key| source_of(spec, conf, target, key))
        .map(|s| s.path)
        .unwrap_or_else(|| {
            FieldPath::fields("spec").field(match process {
                Process::JobManager => "jobManager",
                Process::TaskManager => "taskManager",
            })
        })
}

/// Runs Flink's memory model over what Flink reads from the configuration file written for
/// `cluster` under `settings`, and reports what Flink would refuse.
pub(super) fn validate(
    cluster: &FlinkCluster,
    reads: &crate::model::FlinkReads,
    loaded: &Loaded,
    settings: &Settings,
    out: &mut Diagnostics,
) {
    let spec = &cluster.spec;
    let conf = &reads.written;
    let analysis = crate::model::memory::analyze(spec, loaded, reads.deployment);
    for (process, error) in analysis.errors() {
        out.error(
            path_of(error, spec, conf, settings.target, process),
            message(error, spec, conf, settings.target),
        );
    }
}
