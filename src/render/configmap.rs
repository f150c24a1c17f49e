//! The cluster's ConfigMap `<name>-configmap`: Flink configuration, log configuration and the
//! submit script, mounted at `/opt/flink/conf` in every Flink pod.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;

use super::{Context, barrier, memory, names};
use crate::ha::KubernetesHa;
use crate::spec::FlinkClusterSpec;
use crate::templates;
use crate::version::FlinkVersion;

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
    match FlinkVersion::parse(flink_version) {
        Ok(v) if v.at_least(2, 0) => "config.yaml",
        _ => "flink-conf.yaml",
    }
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

/// `key: value` lines in byte order of the keys, each ending in a newline; values unquoted.
pub fn flink_conf_text(props: &BTreeMap<String, String>) -> String {
    props.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
}

/// The ConfigMap.
pub fn config_map(ctx: &Context<'_>) -> ConfigMap {
    let mut data: BTreeMap<String, String> = ctx.spec.log_config.clone().unwrap_or_default();
    let log4j = templates::text(templates::LOG4J_CONSOLE);
    data.entry("log4j-console.properties".to_owned())
        .or_insert_with(|| log4j.clone());
    data.entry("log4j-cli.properties".to_owned())
        .or_insert(log4j);
    data.entry("logback-console.xml".to_owned())
        .or_insert_with(|| templates::text(templates::LOGBACK_CONSOLE));
    data.insert(
        flink_conf_file(&ctx.spec.flink_version).to_owned(),
        flink_conf_text(&flink_properties(ctx)),
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
