//! The effective Flink configuration of the operator target: every entry of the file the
//! cluster's Flink processes read, with where it comes from ([`Origin`]), computed as the
//! operator computes it (plus what Flink needs that the image's `conf/` gave it).
//!
//! Validation reads it (Flink's memory model, the option checks, the ConfigMap's size) and the
//! operator target writes it ([`text`]); the native target starts from it. The file's name and
//! format follow the Flink version ([`Format`]).

use std::collections::BTreeMap;

use super::memory;
use super::names;
use crate::flink_conf::{self, Format};
use crate::ha::KubernetesHa;
use crate::path::FieldPath;
use crate::spec::FlinkClusterSpec;
use crate::templates;
use crate::version::SpecVersion;

/// Keys derived from the cluster itself; flinkProperties cannot override them.
pub const SYSTEM_PROPERTIES: [&str; 5] = [
    "jobmanager.rpc.address",
    "jobmanager.rpc.port",
    "blob.server.port",
    "query.server.port",
    "rest.port",
];

/// Where an entry of the effective Flink configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The operator's own setting, derived from the cluster: an object's name, a port (the
    /// field it reads, when one).
    Operator(Option<FieldPath>),
    /// The operator's memory computation from a container's resources (that field).
    Memory(FieldPath),
    /// `spec.flinkProperties`, as the user wrote it.
    FlinkProperties,
    /// Flink's own default configuration, which the rendered `conf/` replaces and which Flink
    /// needs (the JVM options for Java 17).
    FlinkDefault,
    /// Flink's Kubernetes HA services, turned on by the cluster.
    HighAvailability,
    /// What the native target derives or Flink's client fixes (the field it reads, when one).
    Native(Option<FieldPath>),
    /// The Apache Flink Kubernetes Operator's default configuration (the Helm chart's
    /// `defaultConfiguration`, or `--operator-config`), read from this key (a namespace or
    /// Flink version default names its prefixed key).
    OperatorDefault(String),
    /// A FlinkDeployment's or FlinkSessionJob's `spec.flinkConfiguration`, at this field.
    FlinkConfiguration(FieldPath),
}

impl Origin {
    /// A short name of the kind of origin (`operator`, `memory`, `flinkProperties`,
    /// `flink-default`, `high-availability`, `native`, `operator-default`,
    /// `flinkConfiguration`).
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Operator(_) => "operator",
            Origin::Memory(_) => "memory",
            Origin::FlinkProperties => "flinkProperties",
            Origin::FlinkDefault => "flink-default",
            Origin::HighAvailability => "high-availability",
            Origin::Native(_) => "native",
            Origin::OperatorDefault(_) => "operator-default",
            Origin::FlinkConfiguration(_) => "flinkConfiguration",
        }
    }

    /// The spec field the entry comes from, when there is one.
    pub fn field(&self) -> Option<&FieldPath> {
        match self {
            Origin::Operator(field) | Origin::Native(field) => field.as_ref(),
            Origin::Memory(field) | Origin::FlinkConfiguration(field) => Some(field),
            Origin::FlinkProperties
            | Origin::FlinkDefault
            | Origin::HighAvailability
            | Origin::OperatorDefault(_) => None,
        }
    }
}

/// A Flink configuration: the entries as Flink reads them (values in key order) and the origin
/// of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Configuration {
    values: BTreeMap<String, String>,
    origins: BTreeMap<String, Origin>,
}

impl Configuration {
    /// Sets `key` to `value`, from `origin`.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>, origin: Origin) {
        let key = key.into();
        self.origins.insert(key.clone(), origin);
        self.values.insert(key, value.into());
    }

    /// Sets `key` unless it is set already.
    pub fn set_default(&mut self, key: &str, value: impl Into<String>, origin: Origin) {
        if !self.values.contains_key(key) {
            self.set(key, value, origin);
        }
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) {
        self.values.remove(key);
        self.origins.remove(key);
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// Where `key` comes from.
    pub fn origin(&self, key: &str) -> Option<&Origin> {
        self.origins.get(key)
    }

    /// Every entry, in key order.
    pub fn values(&self) -> &BTreeMap<String, String> {
        &self.values
    }

    /// Every origin, in key order.
    pub fn origins(&self) -> &BTreeMap<String, Origin> {
        &self.origins
    }
}

/// The name of the Flink configuration file: `config.yaml` from Flink 2.0, else `flink-conf.yaml`.
pub fn file_name(flink_version: &str) -> &'static str {
    Format::of(flink_version).file_name()
}

/// The Flink configuration of the cluster `name` with `spec` and Kubernetes HA `ha`: the
/// operator's settings, then the user's `flinkProperties` (except [`SYSTEM_PROPERTIES`]), then
/// Flink's defaults the user left out, then HA.
pub fn configuration(
    spec: &FlinkClusterSpec,
    name: &str,
    ha: Option<&KubernetesHa>,
) -> Configuration {
    let jm = spec.job_manager().port_numbers();
    let tm = spec.task_manager().port_numbers();
    let operator = |field: &str| Origin::Operator(Some(FieldPath::fields(field)));
    let mut conf = Configuration::default();
    conf.set(
        "jobmanager.rpc.address",
        names::job_manager(name),
        operator("metadata.name"),
    );
    conf.set(
        "jobmanager.rpc.port",
        jm.rpc.to_string(),
        operator("spec.jobManager.ports.rpc"),
    );
    conf.set(
        "blob.server.port",
        jm.blob.to_string(),
        operator("spec.jobManager.ports.blob"),
    );
    conf.set(
        "query.server.port",
        jm.query.to_string(),
        operator("spec.jobManager.ports.query"),
    );
    conf.set(
        "rest.port",
        jm.ui.to_string(),
        operator("spec.jobManager.ports.ui"),
    );
    conf.set(
        "taskmanager.rpc.port",
        tm.rpc.to_string(),
        operator("spec.taskManager.ports.rpc"),
    );
    let process_memory = SpecVersion::of(&spec.flink_version).uses_process_memory();
    for (key, value) in memory::memory_properties(spec, process_memory) {
        let component = if key.starts_with("jobmanager.") {
            "spec.jobManager.resources"
        } else {
            "spec.taskManager.resources"
        };
        conf.set(key, value, Origin::Memory(FieldPath::fields(component)));
    }
    if let Some(slots) = memory::task_slots(spec) {
        conf.set(
            "taskmanager.numberOfTaskSlots",
            slots.to_string(),
            operator("spec.taskManager.resources"),
        );
    }
    for (key, value) in spec.flink_properties.iter().flatten() {
        if !SYSTEM_PROPERTIES.contains(&key.as_str()) {
            conf.set(key.clone(), value.clone(), Origin::FlinkProperties);
        }
    }
    // What Flink's default conf/ (which the ConfigMap replaces) set and Flink needs.
    let user = spec.flink_properties.as_ref();
    for (key, value) in flink_conf::defaults::settings(&spec.flink_version, |key| {
        user.is_some_and(|p| p.contains_key(key))
    }) {
        conf.set(key, value, Origin::FlinkDefault);
    }
    if let Some(ha) = ha {
        // One spelling of the mode, the one this Flink version reads; the user's other
        // settings win over flink-render's defaults.
        conf.remove(crate::ha::MODE_KEY_LEGACY);
        conf.remove(crate::ha::MODE_KEY);
        conf.set(ha.mode_key(), ha.mode_value(), Origin::HighAvailability);
        for (key, value) in ha.configuration(jm.rpc) {
            conf.set_default(key, value, Origin::HighAvailability);
        }
    }
    conf
}

/// The configuration file's text for `flink_version` ([`flink_conf::write`]): `key: value`
/// lines in byte order of the keys, unquoted in `flink-conf.yaml` as the operator writes them,
/// quoted where YAML would read something else in `config.yaml`.
pub fn text(values: &BTreeMap<String, String>, flink_version: &str) -> String {
    flink_conf::write_text(values, Format::of(flink_version))
}

/// The default `log4j-console.properties` (and `log4j-cli.properties`) for `flink_version`:
/// log4j 2 syntax from Flink 1.11, which reads nothing else; the operator's log4j 1 file
/// before, and where the version is unset or malformed (read as before 1.10, as the operator
/// reads it). Both log at INFO to the console.
pub fn default_log4j(flink_version: &str) -> &'static str {
    match SpecVersion::of(flink_version).known() {
        Some(v) if v.at_least(1, 11) => templates::LOG4J2_CONSOLE,
        _ => templates::LOG4J_CONSOLE,
    }
}
