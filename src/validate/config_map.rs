//! The cluster's configuration must fit in a ConfigMap: Kubernetes stores at most 1 MiB of
//! data in one (the API server adds up the length of every key and value and refuses more).
//!
//! The ConfigMap holds the Flink configuration file, the log configuration files and the
//! scripts flink-render ships; what can make it too large is what the user writes into
//! `flinkProperties` and `logConfig`. The check adds up, byte for byte, what the ConfigMap will
//! hold: the configuration file's exact text as the target writes it (`config.yaml`'s quoting
//! and sequences included, [`Model::config_file`]), the log files and scripts, before any
//! object is rendered (so a 30 MB value costs no rendering), and reports the value that makes
//! it too large at its field. Any check of a Flink option's value against what a ConfigMap can
//! hold goes through [`check`].

use crate::diagnostics::Diagnostics;
use crate::model::Model;
use crate::options::Target;
use crate::path::FieldPath;
use crate::templates;

/// Most bytes of data Kubernetes stores in one ConfigMap (its keys and values added up).
pub const MAX_CONFIG_MAP_BYTES: usize = 1024 * 1024;

/// Log configuration files every cluster's ConfigMap holds: the user's `logConfig` entry of
/// that name, else flink-render's default text (the operator's ConfigMap also holds every other
/// `logConfig` entry; the native one only these).
fn default_log_files(target: Target, flink_version: &str) -> Vec<(&'static str, &'static str)> {
    match target {
        Target::Operator => {
            let log4j = crate::model::config::default_log4j(flink_version);
            vec![
                ("log4j-console.properties", log4j),
                ("log4j-cli.properties", log4j),
                ("logback-console.xml", templates::LOGBACK_CONSOLE),
            ]
        }
        Target::Native => vec![
            ("log4j-console.properties", templates::NATIVE_LOG4J_CONSOLE),
            ("logback-console.xml", templates::LOGBACK_CONSOLE),
        ],
    }
}

/// Bytes one Flink configuration entry takes in the configuration file (`key: value\n`).
fn entry_bytes(key: &str, value: &str) -> usize {
    key.len() + 2 + value.len() + 1
}

/// Checks that the ConfigMap of `model` (its exact configuration file, log files and scripts)
/// stays within [`MAX_CONFIG_MAP_BYTES`]; if not, one error at the field that makes it too
/// large (the largest `flinkProperties` or `logConfig` value, or the whole map when many small
/// ones add up).
pub fn check(model: &Model, diagnostics: &mut Diagnostics) {
    let cluster = model.cluster();
    let settings = model.settings();
    let spec = &cluster.spec;
    let defaults = default_log_files(settings.target, &spec.flink_version);
    // The logConfig entries that end up in the ConfigMap.
    let log_config = spec.log_config.iter().flatten().filter(|(key, _)| {
        settings.target == Target::Operator || defaults.iter().any(|(name, _)| name == key)
    });
    let (file_name, file_text) = model.config_file();
    let conf_file = file_name.len() + file_text.len();
    let user_logs: usize = log_config.clone().map(|(k, v)| k.len() + v.len()).sum();
    let default_logs: usize = defaults
        .iter()
        .filter(|(key, _)| {
            !spec
                .log_config
                .as_ref()
                .is_some_and(|l| l.contains_key(*key))
        })
        .map(|(key, template)| key.len() + templates::text(template).len())
        .sum();
    let mut scripts = 0;
    if settings.target == Target::Operator {
        scripts += templates::SUBMIT_JOB.len() + templates::text(templates::SUBMIT_JOB).len();
    }
    if settings.barrier.is_some() {
        scripts += templates::BARRIER.len() + templates::text(templates::BARRIER).len();
    }
    let total = conf_file + user_logs + default_logs + scripts;
    if total <= MAX_CONFIG_MAP_BYTES {
        return;
    }
    // The largest single value the user wrote, and the two groups of them.
    let properties = spec.flink_properties.iter().flatten().map(|(k, v)| {
        (
            FieldPath::fields("spec.flinkProperties").key(k.clone()),
            entry_bytes(k, v),
        )
    });
    let logs = log_config.map(|(k, v)| {
        (
            FieldPath::fields("spec.logConfig").key(k.clone()),
            k.len() + v.len(),
        )
    });
    let largest = properties
        .chain(logs)
        .max_by_key(|(_, bytes)| *bytes)
        .filter(|(_, bytes)| bytes * 2 >= total);
    let properties_total: usize = spec
        .flink_properties
        .iter()
        .flatten()
        .map(|(k, v)| entry_bytes(k, v))
        .sum();
    let (path, what) = match largest {
        Some((path, bytes)) => (path, format!("this value takes {bytes} bytes of it")),
        None if properties_total >= user_logs => (
            FieldPath::fields("spec.flinkProperties"),
            format!("flinkProperties take {properties_total} bytes of it"),
        ),
        None => (
            FieldPath::fields("spec.logConfig"),
            format!("logConfig takes {user_logs} bytes of it"),
        ),
    };
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let config_map = match settings.target {
        Target::Operator => format!("{name}-configmap"),
        Target::Native => format!("flink-config-{name}"),
    };
    diagnostics.error(
        path,
        format!(
            "the ConfigMap {config_map} would hold {total} bytes, more than the {MAX_CONFIG_MAP_BYTES} bytes (1 MiB) Kubernetes stores in a ConfigMap; {what} (put large files in a volume or an image, not in the FlinkCluster)"
        ),
    );
}
