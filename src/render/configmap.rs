//! The cluster's ConfigMap `<name>-configmap`: Flink configuration, log configuration and the
//! submit script, mounted at `/opt/flink/conf` in every Flink pod.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;

use super::{Context, barrier};
use crate::flink_conf::{self, Format};
use crate::ha::KubernetesHa;
use crate::model::{memory, names};
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

/// The name of the Flink configuration file: `config.yaml` from Flink 2.0, else `flink-conf.yaml`.
pub fn flink_conf_file(flink_version: &str) -> &'static str {
    Format::of(flink_version).file_name()
}

/// The Flink configuration entries, in key order.
pub fn flink_properties(ctx: &Context<'_>) -> BTreeMap<String, String> {
    flink_configuration(ctx.spec, ctx.name, ctx.ha.as_ref())
}

/// The Flink configuration entries of the cluster `name` with `spec` and Kubernetes HA `ha`,
/// in key order: what [`flink_properties`] computes, for callers without a [`Context`]
/// (validation checks this configuration against Flink's memory model).
pub fn flink_configuration(
    spec: &FlinkClusterSpec,
    name: &str,
    ha: Option<&KubernetesHa>,
) -> BTreeMap<String, String> {
    let jm = spec.job_manager().port_numbers();
    let tm = spec.task_manager().port_numbers();
    let mut props = BTreeMap::from([
        (
            "jobmanager.rpc.address".to_owned(),
            names::job_manager(name),
        ),
        ("jobmanager.rpc.port".to_owned(), jm.rpc.to_string()),
        ("blob.server.port".to_owned(), jm.blob.to_string()),
        ("query.server.port".to_owned(), jm.query.to_string()),
        ("rest.port".to_owned(), jm.ui.to_string()),
        ("taskmanager.rpc.port".to_owned(), tm.rpc.to_string()),
    ]);
    let process_memory = crate::defaults::uses_process_memory(&spec.flink_version);
    props.extend(memory::memory_properties(spec, process_memory));
    if let Some(slots) = memory::task_slots(spec) {
        props.insert(
            "taskmanager.numberOfTaskSlots".to_owned(),
            slots.to_string(),
        );
    }
    for (key, value) in spec.flink_properties.iter().flatten() {
        if !SYSTEM_PROPERTIES.contains(&key.as_str()) {
            props.insert(key.clone(), value.clone());
        }
    }
    // What Flink's default conf/ (which the ConfigMap replaces) set and Flink needs.
    let user = spec.flink_properties.as_ref();
    for (key, value) in flink_conf::defaults::settings(&spec.flink_version, |key| {
        user.is_some_and(|p| p.contains_key(key))
    }) {
        props.insert(key.to_owned(), value);
    }
    if let Some(ha) = ha {
        // One spelling of the mode, the one this Flink version reads; the user's other
        // settings win over flink-render's defaults.
        props.remove(crate::ha::MODE_KEY_LEGACY);
        props.remove(crate::ha::MODE_KEY);
        props.insert(ha.mode_key().to_owned(), ha.mode_value().to_owned());
        for (key, value) in ha.configuration(jm.rpc) {
            props.entry(key.to_owned()).or_insert(value);
        }
    }
    props
}

/// The configuration file's text for `flink_version` ([`flink_conf::write`]): `key: value`
/// lines in byte order of the keys, unquoted in `flink-conf.yaml` as the operator writes them,
/// quoted where YAML would read something else in `config.yaml`.
pub fn flink_conf_text(props: &BTreeMap<String, String>, flink_version: &str) -> String {
    flink_conf::write_text(props, Format::of(flink_version))
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

/// The ConfigMap.
pub fn config_map(ctx: &Context<'_>) -> ConfigMap {
    let mut data: BTreeMap<String, String> = ctx.spec.log_config.clone().unwrap_or_default();
    let log4j = templates::text(default_log4j(&ctx.spec.flink_version));
    data.entry("log4j-console.properties".to_owned())
        .or_insert_with(|| log4j.clone());
    data.entry("log4j-cli.properties".to_owned())
        .or_insert(log4j);
    data.entry("logback-console.xml".to_owned())
        .or_insert_with(|| templates::text(templates::LOGBACK_CONSOLE));
    data.insert(
        flink_conf_file(&ctx.spec.flink_version).to_owned(),
        flink_conf_text(&flink_properties(ctx), &ctx.spec.flink_version),
    );
    data.insert(
        names::SUBMIT_SCRIPT_KEY.to_owned(),
        templates::text(templates::SUBMIT_JOB),
    );
    if ctx.settings.barrier.is_some() {
        data.insert(
            barrier::SCRIPT_KEY.to_owned(),
            templates::text(templates::BARRIER),
        );
    }
    ConfigMap {
        metadata: ctx.metadata(names::config_map(ctx.name), ctx.cluster_labels()),
        data: Some(data),
        ..ConfigMap::default()
    }
}
