//! What Flink's native integration puts into every pod, whatever the target renders around
//! it: the names of Flink's main container and volumes, the log files it mounts, and what its
//! decorators add to a component's pod under a configuration ([`added_by_flink`]), which
//! validation keeps the pod templates from repeating and the native target builds.

use std::collections::BTreeMap;

use super::features::Features;
use crate::memory::{java, jvm};

/// The name Flink gives its main container.
pub const MAIN_CONTAINER: &str = "flink-main-container";
/// The volume of `flink-config-<id>`.
pub const CONFIG_VOLUME: &str = "flink-config-volume";
/// The volume of `pod-template-<id>`.
pub const POD_TEMPLATE_VOLUME: &str = "pod-template-volume";
/// Where the TaskManager pod template is mounted in the JobManager.
pub const POD_TEMPLATE_DIR: &str = "/opt/flink/pod-template";
/// The TaskManager pod template's file name.
pub const POD_TEMPLATE_FILE: &str = "taskmanager-pod-template.yaml";
/// The JobManager's volume for fetched artifacts (Flink 1.19).
pub const USER_ARTIFACTS_VOLUME: &str = "user-artifacts-volume";
/// The Hadoop configuration volume.
pub const HADOOP_VOLUME: &str = "hadoop-config-volume";
/// Where the Hadoop configuration is mounted.
pub const HADOOP_CONF_DIR: &str = "/opt/hadoop/conf";
/// The log configuration files Flink mounts, in its order.
pub const LOG_FILES: [&str; 2] = ["logback-console.xml", "log4j-console.properties"];

/// The entries of `entries` in the order Java's `HashMap` iterates their keys (as Flink's
/// decorators iterate the maps they read from the configuration).
pub fn in_hash_map_order<K: AsRef<str> + Clone, V: Clone>(entries: &[(K, V)]) -> Vec<(K, V)> {
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
    jvm::java_hash_map_order(&keys)
        .into_iter()
        .filter_map(|i| entries.get(i).cloned())
        .collect()
}

/// `kubernetes.secrets` (`secret:path` pairs), mounted in Flink's order.
pub fn secret_mounts(entries: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let secrets = entries
        .get("kubernetes.secrets")
        .and_then(|v| crate::structured_options::parse_map(v).ok())
        .unwrap_or_default();
    in_hash_map_order(&secrets)
}

/// What Flink's decorators add to a component's pod (`jobmanager` or `taskmanager`), which the
/// pod template's own entries must not repeat: the API server refuses two volumes of one name,
/// two mounts at one path in a container, two ports of one name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// Volume names.
    pub volumes: Vec<String>,
    /// Mount paths in the main container.
    pub mount_paths: Vec<String>,
    /// Port names of the main container.
    pub ports: Vec<String>,
}

/// What Flink adds to `component`'s pod under the configuration `entries`.
pub fn added_by_flink(
    entries: &BTreeMap<String, String>,
    features: &Features,
    component: &str,
) -> Added {
    let job_manager = component == "jobmanager";
    let mut added = Added::default();
    if job_manager && features.user_artifacts_volume() {
        added.volumes.push(USER_ARTIFACTS_VOLUME.to_owned());
        added.mount_paths.push(
            entry(entries, "user.artifacts.base-dir")
                .unwrap_or_else(|| "/opt/flink/artifacts".to_owned()),
        );
    }
    for (secret, path) in secret_mounts(entries) {
        added.volumes.push(format!("{secret}-volume"));
        added.mount_paths.push(path);
    }
    if hadoop_config_map(entries, features).is_some() {
        added.volumes.push(HADOOP_VOLUME.to_owned());
        added.mount_paths.push(HADOOP_CONF_DIR.to_owned());
    }
    added.volumes.push(CONFIG_VOLUME.to_owned());
    added.mount_paths.push(
        entry(entries, "kubernetes.flink.conf.dir").unwrap_or_else(|| "/opt/flink/conf".to_owned()),
    );
    if job_manager {
        added.volumes.push(POD_TEMPLATE_VOLUME.to_owned());
        added.mount_paths.push(POD_TEMPLATE_DIR.to_owned());
    }
    if !in_host_network(entries, features) {
        let ports: &[&str] = if job_manager {
            &["rest", "jobmanager-rpc", "blobserver"]
        } else {
            &["taskmanager-rpc"]
        };
        added.ports = ports.iter().map(|p| (*p).to_owned()).collect();
    }
    added
}

/// A configuration option, trimmed as Flink's loader trims it.
pub fn entry(entries: &BTreeMap<String, String>, key: &str) -> Option<String> {
    entries.get(key).map(|v| java::trim(v).to_owned())
}

/// Whether the pods run in the node's network (`kubernetes.hostnetwork.enabled`, Flink 1.15).
pub fn in_host_network(entries: &BTreeMap<String, String>, features: &Features) -> bool {
    features.host_network()
        && entry(entries, "kubernetes.hostnetwork.enabled")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The Hadoop configuration ConfigMap Flink mounts, unless the mount is switched off (1.17).
pub fn hadoop_config_map(
    entries: &BTreeMap<String, String>,
    features: &Features,
) -> Option<String> {
    let switched_off = features.hadoop_mount_switch()
        && entry(entries, "kubernetes.decorator.hadoop-conf-mount.enabled")
            .is_some_and(|v| v.eq_ignore_ascii_case("false"));
    entry(entries, "kubernetes.hadoop.conf.config-map.name").filter(|_| !switched_off)
}
