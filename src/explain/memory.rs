//! `flink-render explain memory`: how Flink splits the memory of a cluster's JobManager and
//! TaskManagers, part by part, in bytes and in Flink's human units, with the option (or
//! default) that set each part; as a text table per process or as JSON.
//!
//! The numbers come from [`crate::memory`] over the same effective flink-conf that is rendered
//! (and checked at render time), so the explanation cannot drift from the manifests.
//!
//! JSON (keys are stable; docs/memory.md):
//! `{"clusters": [{"name", "namespace", "flinkVersion", "target", "deployment",
//! "jobManager": <process>, "taskManager": <process>}]}` where a process is
//! `{"model": false, "reason"}` before the model, or `{"model": true, "totalProcessBytes",
//! "totalFlinkBytes", "containerMemory", "jvmArgs", "parts": [{"name", "bytes", "human", "how",
//! "key", "field", "detail"}], ...}`; TaskManagers add `"cpuCores"`, `"slots"`,
//! `"jvmHeapBytes"`, `"jvmDirectBytes"` and `"dynamicProperties"`.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Value, json};

use crate::memory::{self, Deployment, How, JobManagerMemory, Origin, Part, TaskManagerMemory};
use crate::model::Valid;
use crate::model::apache::ValidDeployment;
use crate::options::Target;
use crate::spec::FlinkClusterSpec;
use crate::validate::flink_memory::{Source, source_of};

/// The memory explanation of one cluster, as text and as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryExplanation {
    /// The text tables.
    pub text: String,
    /// The JSON object of this cluster (one item of `clusters`).
    pub json: Value,
}

/// What is known while a part is described.
struct Describe<'a> {
    /// The entries of the configuration file.
    conf: &'a BTreeMap<String, String>,
    /// The input field that decided an entry, and how.
    source: &'a dyn Fn(&str) -> Option<Source>,
    /// The container memory line of the TaskManager (`true`) or JobManager with this many
    /// mebibytes of process memory.
    container: &'a dyn Fn(bool, i64) -> String,
}

impl Describe<'_> {
    /// `(how, key, field, detail)` of a part.
    fn how(&self, how: &How) -> (&'static str, Option<String>, Option<String>, String) {
        match how {
            How::Option { key, origin } => self.option(key, origin),
            How::Fraction {
                key,
                origin,
                fraction,
                of,
            } => {
                let shown = if let Origin::Set(set) = origin {
                    self.conf.get(set).cloned().unwrap_or_default()
                } else {
                    format!("{}", *fraction as f32)
                };
                let (_, _, field, source) = self.option(key, origin);
                (
                    "fraction",
                    Some((*key).to_owned()),
                    field,
                    format!("{shown} × {of} ({source})"),
                )
            }
            How::Bound {
                key,
                origin,
                fraction_key,
                of,
            } => {
                let (direction, what) = if key.ends_with(".max") {
                    ("max", "above")
                } else {
                    ("min", "below")
                };
                let (_, _, field, source) = self.option(key, origin);
                (
                    direction,
                    Some((*key).to_owned()),
                    field,
                    format!("{source}: {fraction_key} × {of} is {what} it"),
                )
            }
            How::Rest { of } => ("rest", None, None, format!("rest of {of}")),
            How::Sum => ("sum", None, None, "sum".to_owned()),
        }
    }

    fn option(
        &self,
        key: &'static str,
        origin: &Origin,
    ) -> (&'static str, Option<String>, Option<String>, String) {
        match origin {
            Origin::Default => (
                "default",
                Some(key.to_owned()),
                None,
                format!("{key}, default"),
            ),
            Origin::Set(set) => {
                let value = self.conf.get(set).cloned().unwrap_or_default();
                let source = (self.source)(set);
                let field = source.as_ref().map(|s| s.path.to_string());
                let note = source.map_or_else(|| "flink-render".to_owned(), |s| s.note);
                (
                    "set",
                    Some(set.clone()),
                    field,
                    format!("{set}: {value} ({note})"),
                )
            }
            Origin::Legacy(legacy) => {
                let source = (self.source)(legacy);
                let field = source.as_ref().map(|s| s.path.to_string());
                (
                    "legacy",
                    Some(legacy.clone()),
                    field,
                    format!("legacy {legacy}, read as {key}"),
                )
            }
        }
    }

    /// `key: value (where from)` when the configuration sets `key`, else `otherwise`.
    fn configured(&self, key: &str, otherwise: &str) -> String {
        match self.conf.get(key) {
            Some(value) => {
                let note = (self.source)(key).map_or_else(|| "flink-render".to_owned(), |s| s.note);
                format!("{key}: {value} ({note})")
            }
            None => otherwise.to_owned(),
        }
    }

    fn part(&self, name: &str, label: &str, part: &Part, rows: &mut Vec<Row>) -> Value {
        let (how, key, field, detail) = self.how(&part.how);
        rows.push(Row {
            label: label.to_owned(),
            bytes: part.size.bytes(),
            human: part.size.human_short(),
            detail: detail.clone(),
        });
        json!({
            "name": name,
            "bytes": part.size.bytes(),
            "human": part.size.human_short(),
            "how": how,
            "key": key,
            "field": field,
            "detail": detail,
        })
    }
}

/// One line of a text table.
struct Row {
    label: String,
    bytes: i64,
    human: String,
    detail: String,
}

fn table(rows: &[Row]) -> String {
    let label = rows.iter().map(|r| r.label.len()).max().unwrap_or(0).max(4);
    let bytes = rows
        .iter()
        .map(|r| r.bytes.to_string().len())
        .max()
        .unwrap_or(0)
        .max(5);
    let human = rows.iter().map(|r| r.human.len()).max().unwrap_or(0).max(4);
    let mut text = format!(
        "  {:<label$}  {:>bytes$}  {:<human$}  set by\n",
        "part", "bytes", "size"
    );
    for row in rows {
        let line = format!(
            "  {:<label$}  {:>bytes$}  {:<human$}  {}",
            row.label, row.bytes, row.human, row.detail
        );
        let _ = writeln!(text, "{}", line.trim_end());
    }
    text
}

fn total_row(label: &str, size: memory::MemorySize, detail: &str) -> Row {
    Row {
        label: label.to_owned(),
        bytes: size.bytes(),
        human: size.human_short(),
        detail: detail.to_owned(),
    }
}

/// The container memory line of a process in `target`.
fn container(
    spec: &FlinkClusterSpec,
    target: Target,
    task_manager: bool,
    mebibytes: i64,
) -> String {
    match target {
        Target::Native => format!("{mebibytes}Mi"),
        Target::Operator => {
            let resources = if task_manager {
                spec.task_manager().resources.as_ref()
            } else {
                spec.job_manager().resources.as_ref()
            };
            let quantity = crate::resources::upper_bound(resources, "memory");
            quantity.canonical()
        }
    }
}

fn job_manager(d: &Describe<'_>, m: &JobManagerMemory, text: &mut String) -> Value {
    let mut rows = Vec::new();
    let parts = vec![
        d.part("jvmHeap", "JVM heap", &m.heap, &mut rows),
        d.part("offHeap", "off-heap", &m.off_heap, &mut rows),
        d.part("jvmMetaspace", "JVM metaspace", &m.metaspace, &mut rows),
        d.part("jvmOverhead", "JVM overhead", &m.overhead, &mut rows),
    ];
    rows.push(total_row(
        "total Flink",
        m.total_flink,
        &d.configured("jobmanager.memory.flink.size", "JVM heap + off-heap"),
    ));
    rows.push(total_row(
        "total process",
        m.total_process,
        &d.configured(
            "jobmanager.memory.process.size",
            "total Flink + JVM metaspace + JVM overhead",
        ),
    ));
    let container = (d.container)(false, m.container_mebibytes());
    let _ = writeln!(text, "\nJobManager (container memory {container}):");
    text.push_str(&table(&rows));
    let _ = writeln!(text, "  JVM arguments: {}", m.jvm_args());
    json!({
        "model": true,
        "totalProcessBytes": m.total_process.bytes(),
        "totalFlinkBytes": m.total_flink.bytes(),
        "containerMemory": container,
        "jvmArgs": m.jvm_args(),
        "directMemoryLimit": m.direct_memory_limit.value,
        "parts": parts,
    })
}

fn task_manager(d: &Describe<'_>, m: &TaskManagerMemory, text: &mut String) -> Value {
    let mut rows = Vec::new();
    let parts = vec![
        d.part(
            "frameworkHeap",
            "framework heap",
            &m.framework_heap,
            &mut rows,
        ),
        d.part("taskHeap", "task heap", &m.task_heap, &mut rows),
        d.part("managed", "managed", &m.managed, &mut rows),
        d.part("network", "network", &m.network, &mut rows),
        d.part(
            "frameworkOffHeap",
            "framework off-heap",
            &m.framework_off_heap,
            &mut rows,
        ),
        d.part("taskOffHeap", "task off-heap", &m.task_off_heap, &mut rows),
        d.part("jvmMetaspace", "JVM metaspace", &m.metaspace, &mut rows),
        d.part("jvmOverhead", "JVM overhead", &m.overhead, &mut rows),
    ];
    rows.push(total_row(
        "total Flink",
        m.total_flink,
        &d.configured(
            "taskmanager.memory.flink.size",
            "the six parts above the JVM's",
        ),
    ));
    rows.push(total_row(
        "total process",
        m.total_process,
        &d.configured(
            "taskmanager.memory.process.size",
            "total Flink + JVM metaspace + JVM overhead",
        ),
    ));
    rows.push(total_row(
        "JVM heap",
        m.jvm_heap(),
        "framework heap + task heap",
    ));
    rows.push(total_row(
        "JVM direct",
        m.jvm_direct(),
        "framework off-heap + task off-heap + network",
    ));
    let container = (d.container)(true, m.container_mebibytes());
    let cpu = memory::java::double_to_string(m.cpu_cores.value);
    let cpu_from = match &m.cpu_cores.origin {
        Origin::Set(key) => d.configured(key, key),
        _ => "taskmanager.numberOfTaskSlots, default".to_owned(),
    };
    let _ = writeln!(text, "\nTaskManager (container memory {container}):");
    text.push_str(&table(&rows));
    let _ = writeln!(text, "  JVM arguments: {}", m.jvm_args());
    let _ = writeln!(
        text,
        "  CPU cores: {cpu} (from {cpu_from}); task slots: {}",
        m.slots.value
    );
    json!({
        "model": true,
        "totalProcessBytes": m.total_process.bytes(),
        "totalFlinkBytes": m.total_flink.bytes(),
        "jvmHeapBytes": m.jvm_heap().bytes(),
        "jvmDirectBytes": m.jvm_direct().bytes(),
        "containerMemory": container,
        "jvmArgs": m.jvm_args(),
        "cpuCores": m.cpu_cores.value,
        "slots": m.slots.value,
        "dynamicProperties": m.dynamic_configs(),
        "parts": parts,
    })
}

/// The JobManager's and the TaskManager's explanations (appended to `text`) and JSON.
fn processes(
    d: &Describe<'_>,
    analysis: &memory::Analysis,
    version: &str,
    text: &mut String,
) -> (Value, Value) {
    let job_manager = match &analysis.job_manager {
        None => not_modelled("JobManager", "1.11", version, text),
        Some(Ok(m)) => job_manager(d, m, text),
        // Validation refused these; the explanation only ever sees a valid cluster.
        Some(Err(e)) => json!({"model": true, "error": e.to_string()}),
    };
    let task_manager = match &analysis.task_manager {
        None => not_modelled("TaskManager", "1.10", version, text),
        Some(Ok(m)) => task_manager(d, m, text),
        Some(Err(e)) => json!({"model": true, "error": e.to_string()}),
    };
    (job_manager, task_manager)
}

/// The explanation for one valid FlinkDeployment (the Apache operator's): Flink's memory
/// model over the configuration file the operator writes, each part with the key that set it
/// and where that key came from (`spec.flinkConfiguration`, the operator's default
/// configuration, or the operator itself from `spec.jobManager`/`spec.taskManager`). The
/// container's memory is the process size, as Flink's client and the standalone factories
/// request it. The JSON has the FlinkCluster's shape, with `"kind": "FlinkDeployment"` and
/// the deployment mode (`native` or `standalone`) as `target` and `deployment`.
pub fn deployment_memory(valid: &ValidDeployment) -> MemoryExplanation {
    let model = valid.model();
    let reads = model.reads();
    let conf = reads.written.clone();
    let loaded = reads.read.clone().unwrap_or_default();
    let version = model.flink_version_text();
    let analysis = memory::analyze_read(
        &loaded.entries,
        &loaded.doubles,
        &BTreeMap::new(),
        &version,
        reads.deployment,
    );
    let namespace = &model.settings().namespace;
    let name = model.name();
    let mode = match model.mode() {
        crate::apache_spec::DeploymentMode::Native => "native",
        crate::apache_spec::DeploymentMode::Standalone => "standalone",
    };
    let started = match model.mode() {
        crate::apache_spec::DeploymentMode::Native => "Flink's native Kubernetes integration",
        crate::apache_spec::DeploymentMode::Standalone => {
            "standalone processes, as the operator's standalone mode starts them"
        }
    };
    let mut text = format!(
        "FlinkDeployment {}: memory of Flink {version}, {started} (mode {mode})\n",
        match namespace {
            Some(namespace) => format!("{namespace}/{name}"),
            None => name.to_owned(),
        }
    );
    let source = |key: &str| {
        let origin = model.configuration().origin(key)?;
        let note = match origin {
            crate::model::config::Origin::OperatorDefault(from) => {
                format!("the operator's default configuration, {from}")
            }
            other => match other.field() {
                Some(field) => field.to_string(),
                None => "the operator".to_owned(),
            },
        };
        Some(Source {
            path: origin
                .field()
                .cloned()
                .unwrap_or_else(|| crate::path::FieldPath::fields("spec.flinkConfiguration")),
            note,
        })
    };
    let d = Describe {
        conf: &conf,
        source: &source,
        container: &|_, mebibytes| format!("{mebibytes}Mi"),
    };
    let (job_manager, task_manager) = processes(&d, &analysis, &version, &mut text);
    let json = json!({
        "kind": crate::apache_spec::DEPLOYMENT_KIND,
        "name": name,
        "namespace": namespace,
        "flinkVersion": version,
        "target": mode,
        "deployment": mode,
        "jobManager": job_manager,
        "taskManager": task_manager,
    });
    MemoryExplanation { text, json }
}

fn not_modelled(process: &str, since: &str, version: &str, text: &mut String) -> Value {
    let reason = format!(
        "Flink {version} predates the {process} memory model (Flink {since}): the memory is set by heap sizes and flink-render does not check it"
    );
    let _ = writeln!(text, "\n{process}: {reason}.");
    json!({"model": false, "reason": reason})
}

/// The explanation for one valid cluster.
pub fn memory(valid: &Valid) -> MemoryExplanation {
    let cluster = valid.defaulted().cluster();
    let settings = valid.settings();
    let spec = &cluster.spec;
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let reads = valid.model().reads();
    let (conf, deployment) = (reads.written.clone(), reads.deployment);
    // Validation refused a file Flink cannot load; the explanation only sees valid clusters.
    let loaded = reads.read.clone().unwrap_or_default();
    let analysis = crate::model::memory::analyze(spec, &loaded, deployment);
    let who = match &settings.namespace {
        Some(namespace) => format!("FlinkCluster {namespace}/{name}"),
        None => format!("FlinkCluster {name}"),
    };
    let (deployment_name, started) = match deployment {
        Deployment::Standalone => (
            "standalone",
            "standalone processes, as the operator starts them",
        ),
        Deployment::Native { .. } => ("native", "Flink's native Kubernetes integration"),
    };
    let mut text = format!(
        "{who}: memory of Flink {}, {started} (--target {})\n",
        spec.flink_version,
        settings.target.as_str()
    );
    let target = settings.target;
    let d = Describe {
        conf: &conf,
        source: &|key| source_of(spec, &conf, target, key),
        container: &|task_manager, mebibytes| container(spec, target, task_manager, mebibytes),
    };
    let version = spec.flink_version.as_str();
    let (job_manager, task_manager) = processes(&d, &analysis, version, &mut text);
    let json = json!({
        "name": name,
        "namespace": settings.namespace,
        "flinkVersion": spec.flink_version,
        "target": settings.target.as_str(),
        "deployment": deployment_name,
        "jobManager": job_manager,
        "taskManager": task_manager,
    });
    MemoryExplanation { text, json }
}
