//! `flink-render explain config`: the effective Flink configuration of a cluster, key by key,
//! with where each value comes from and, where Flink's option catalogue knows the key for the
//! cluster's Flink line, its type and default; as text or JSON.
//!
//! What "the configuration of the JobManager and of the TaskManagers" is, for both targets: the
//! one configuration file the target writes into its ConfigMap (the operator's
//! `<name>-configmap`, the native `flink-config-<id>`), which every Flink process reads, plus
//! the dynamic properties (`-D key=value`) Flink's memory model adds to each process's command
//! line when it starts (`BashJavaUtils`; none for a JobManager before Flink 1.12). Values of
//! keys Flink itself hides (passwords, secrets, tokens, ...) are shown as `******`, as Flink
//! logs them.
//!
//! JSON (stable keys; docs/flink-options.md): `{"clusters": [{"name", "namespace",
//! "flinkVersion", "target", "file", "configMap", "entries": [{"key", "value", "origin",
//! "field", "type", "default"}], "jobManager": {"dynamicProperties": [{"key", "value"}]},
//! "taskManager": {"dynamicProperties": [...]}}]}`; `field`, `type` and `default` are `null`
//! where unknown.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::catalogue::{self, Kind, Line, OptionFacts};
use crate::flink_conf::keys::{self, Status};
use crate::model::Valid;
use crate::model::apache::ValidDeployment;
use crate::model::config::Origin;
use crate::options::Target;

/// What Flink shows for the value of a sensitive key.
pub const HIDDEN: &str = "******";

/// The configuration explanation of one cluster, as text and as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigExplanation {
    /// The text.
    pub text: String,
    /// The JSON object of this cluster (one item of `clusters`).
    pub json: Value,
}

/// One entry of the file.
struct Entry<'a> {
    key: &'a str,
    value: String,
    origin: String,
    field: Option<String>,
    facts: Option<&'static OptionFacts>,
}

/// The explanation of the configuration of the valid cluster `valid`.
pub fn config(valid: &Valid) -> ConfigExplanation {
    let model = valid.model();
    let settings = valid.settings();
    let spec = model.spec();
    let name = model.name();
    let reads = model.reads();
    let (file, _) = model.config_file();
    let config_map = match settings.target {
        Target::Operator => crate::model::names::config_map(name),
        Target::Native => format!(
            "flink-config-{}",
            reads
                .written
                .get(crate::ha::CLUSTER_ID_KEY)
                .map_or(name, String::as_str)
        ),
    };
    let analysis = crate::model::memory::analyze(
        spec,
        &reads.read.clone().unwrap_or_default(),
        reads.deployment,
    );
    explain(&Explained {
        kind: "FlinkCluster",
        name,
        namespace: settings.namespace.as_deref(),
        flink_version: &spec.flink_version,
        how: format!("--target {}", settings.target.as_str()),
        target: settings.target.as_str(),
        file,
        config_map,
        written: &reads.written,
        origins: model.origins(),
        analysis: &analysis,
    })
}

/// The explanation of the configuration of the valid FlinkDeployment `valid`: the file the
/// operator writes into `flink-config-<name>`, as Flink reads it, each key with where the
/// operator's builder took it from.
pub fn deployment_config(valid: &ValidDeployment) -> ConfigExplanation {
    let model = valid.model();
    let reads = model.reads();
    let version = model.flink_version_text();
    let loaded = reads.read.clone().unwrap_or_default();
    let analysis = crate::memory::analyze_read(
        &loaded.entries,
        &loaded.doubles,
        &std::collections::BTreeMap::new(),
        &version,
        reads.deployment,
    );
    let mode = match model.mode() {
        crate::apache_spec::DeploymentMode::Native => "native",
        crate::apache_spec::DeploymentMode::Standalone => "standalone",
    };
    explain(&Explained {
        kind: crate::apache_spec::DEPLOYMENT_KIND,
        name: model.name(),
        namespace: model.settings().namespace.as_deref(),
        flink_version: &version,
        how: format!("mode {mode}"),
        target: mode,
        file: model.format().file_name(),
        config_map: format!("flink-config-{}", model.name()),
        written: &reads.written,
        origins: model.origins(),
        analysis: &analysis,
    })
}

/// What an explanation is made of, whatever the kind.
struct Explained<'a> {
    kind: &'a str,
    name: &'a str,
    namespace: Option<&'a str>,
    flink_version: &'a str,
    /// How the processes are run (`--target operator`, `mode native`).
    how: String,
    /// The same in JSON's `target`.
    target: &'a str,
    file: &'static str,
    config_map: String,
    written: &'a std::collections::BTreeMap<String, String>,
    origins: &'a std::collections::BTreeMap<String, Origin>,
    analysis: &'a crate::memory::Analysis,
}

fn explain(x: &Explained<'_>) -> ConfigExplanation {
    let line = keys::line(x.flink_version);
    let (name, file, config_map) = (x.name, x.file, &x.config_map);
    let analysis = x.analysis;
    let shown = |key: &str, value: &str| {
        if line.is_some_and(|l| catalogue::is_sensitive(key, l)) {
            HIDDEN.to_owned()
        } else {
            value.to_owned()
        }
    };
    let entries: Vec<Entry<'_>> = x
        .written
        .iter()
        .map(|(key, value)| {
            let origin = x.origins.get(key);
            Entry {
                key,
                value: shown(key, value),
                origin: origin.map_or("flinkProperties", Origin::kind).to_owned(),
                field: origin.and_then(Origin::field).map(ToString::to_string),
                facts: line.and_then(|l| match keys::status(key, l) {
                    Status::Option(facts) | Status::Fallback { option: facts, .. } => Some(facts),
                    _ => None,
                }),
            }
        })
        .collect();
    let job_manager: Vec<(String, String)> = match &analysis.job_manager {
        Some(Ok(jm)) => pairs(jm.dynamic_config_entries()),
        _ => Vec::new(),
    };
    let task_manager: Vec<(String, String)> = match &analysis.task_manager {
        Some(Ok(tm)) => pairs(tm.dynamic_config_entries()),
        _ => Vec::new(),
    };

    let kind = x.kind;
    let who = match x.namespace {
        Some(namespace) => format!("{kind} {namespace}/{name}"),
        None => format!("{kind} {name}"),
    };
    let mut text = format!(
        "{who}: Flink configuration of Flink {} ({})\n",
        x.flink_version, x.how
    );
    let _ = writeln!(
        text,
        "conf/{file} in ConfigMap {config_map}, read by the JobManager and the TaskManagers:"
    );
    // Each key with its value, then where it comes from and what Flink declares of it.
    for e in &entries {
        let _ = writeln!(text, "  {}: {}", e.key, e.value);
        let origin = match &e.field {
            Some(field) => format!("{} ({field})", e.origin),
            None => e.origin.clone(),
        };
        let declared = match line {
            Some(l) => declared(e.key, l, &shown),
            None => "no option catalogue for this Flink version".to_owned(),
        };
        let _ = writeln!(text, "      from {origin}; {declared}");
    }
    for (process, properties) in [
        ("JobManager", &job_manager),
        ("TaskManagers", &task_manager),
    ] {
        if properties.is_empty() {
            let _ = writeln!(
                text,
                "The {process} start{} with no dynamic properties from Flink's memory model.",
                if process == "JobManager" { "s" } else { "" }
            );
            continue;
        }
        let _ = writeln!(
            text,
            "The {process} start{} with these dynamic properties too (-D, from Flink's memory model; they win over the file):",
            if process == "JobManager" { "s" } else { "" }
        );
        let rows: Vec<[String; 2]> = properties
            .iter()
            .map(|(k, v)| [k.clone(), v.clone()])
            .collect();
        table(&mut text, ["KEY", "VALUE"], &rows);
    }

    let dynamic = |properties: &[(String, String)]| {
        json!({
            "dynamicProperties": properties
                .iter()
                .map(|(k, v)| json!({"key": k, "value": v}))
                .collect::<Vec<_>>()
        })
    };
    let mut json = json!({
        "name": name,
        "namespace": x.namespace,
        "flinkVersion": x.flink_version,
        "target": x.target,
        "file": file,
        "configMap": config_map,
        "entries": entries.iter().map(|e| json!({
            "key": e.key,
            "value": e.value,
            "origin": e.origin,
            "field": e.field,
            "type": e.facts.map(type_name),
            "default": e.facts.and_then(|f| f.default).map(|d| shown(e.key, d)),
        })).collect::<Vec<_>>(),
        "jobManager": dynamic(&job_manager),
        "taskManager": dynamic(&task_manager),
    });
    // FlinkCluster JSON stays as it was; other kinds say what they are.
    if kind != "FlinkCluster"
        && let Some(object) = json.as_object_mut()
    {
        object.insert("kind".to_owned(), json!(kind));
    }
    ConfigExplanation { text, json }
}

/// What Flink `line` declares of `key`: its type and default, or what reads it.
fn declared(key: &str, line: Line, shown: &dyn Fn(&str, &str) -> String) -> String {
    let described = |facts: &OptionFacts| {
        let default = match facts.default {
            None => "none".to_owned(),
            Some("") => "\"\"".to_owned(),
            Some(default) => shown(key, default),
        };
        format!("{}, default {default}", type_name(facts))
    };
    match keys::status(key, line) {
        Status::Option(facts) if facts.deprecated => format!("{} (deprecated)", described(facts)),
        Status::Option(facts) => described(facts),
        Status::Fallback { option, .. } => {
            format!("read in place of {}: {}", option.key, described(option))
        }
        Status::MapEntry(map) => format!("an entry of the map option {}", map.key),
        Status::Family(family) => format!("{}, read by {}", family.pattern, family.reader),
        Status::Removed { .. } | Status::Later { .. } | Status::Unknown => {
            format!("not an option of Flink {}", line.name())
        }
    }
}

fn pairs(entries: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

/// The type of an option as the catalogue writes it (`duration`, `list<string>`,
/// `enum(EXACTLY_ONCE|AT_LEAST_ONCE)`).
pub fn type_name(facts: &OptionFacts) -> String {
    let kind = match facts.kind {
        Kind::Enum { values, .. } => format!("enum({})", values.join("|")),
        Kind::Class(class) => format!("class({class})"),
        other => other.simple_name().unwrap_or_default().to_owned(),
    };
    if facts.list {
        format!("list<{kind}>")
    } else {
        kind
    }
}

/// Appends `rows` under `header` as a table indented by two spaces, columns two spaces apart and
/// padded to their widest cell (the last column unpadded).
fn table<const N: usize>(out: &mut String, header: [&str; N], rows: &[[String; N]]) {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut line = |cells: Vec<&str>| {
        let mut text = String::from(" ");
        for (i, cell) in cells.iter().enumerate() {
            text.push(' ');
            text.push_str(cell);
            if i + 1 < N {
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 1));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let line = Line::of(1, 18).expect("covered");
        let name = |key: &str| type_name(catalogue::option(key, line).expect(key));
        assert_eq!(name("taskmanager.numberOfTaskSlots"), "int");
        assert_eq!(name("execution.checkpointing.interval"), "duration");
        assert_eq!(name("taskmanager.memory.process.size"), "memory");
        assert_eq!(
            name("execution.checkpointing.mode"),
            "enum(EXACTLY_ONCE|AT_LEAST_ONCE)"
        );
        assert_eq!(name("pipeline.jars"), "list<string>");
        assert_eq!(name("kubernetes.jobmanager.labels"), "map");
    }

    #[test]
    fn tables_pad_every_column_but_the_last() {
        let mut out = String::new();
        table(
            &mut out,
            ["A", "BB"],
            &[
                ["long".to_owned(), "x".to_owned()],
                ["s".to_owned(), String::new()],
            ],
        );
        assert_eq!(out, "  A     BB\n  long  x\n  s\n");
    }
}
