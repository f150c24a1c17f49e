//! The Apache Flink Kubernetes Operator's own configuration (an input of rendering, as
//! `--operator-config FILE`): the default Flink configuration
//! every FlinkDeployment starts from, and the operator options that change what it creates.
//!
//! The operator loads `flink-conf.yaml` from its configuration directory, which its Helm chart
//! fills from the chart's `conf/flink-conf.yaml` and `values.yaml`'s `defaultConfiguration`
//! (`flink-operator-config`). [`OperatorConfig::chart`] is what the chart of the operator's
//! 1.15.0 release gives with its default values; [`OperatorConfig::read`] reads another one
//! (`--operator-config FILE`), as Flink 1.20's loader reads it.
//!
//! [`OperatorConfig::default_config`] is `FlinkConfigManager.getDefaultConfig(namespace,
//! flinkVersion)`: every key of the file, then the keys of
//! `kubernetes.operator.default-configuration.namespace.<namespace>.`, then those of each
//! `kubernetes.operator.default-configuration.flink-version.<vX_Y>+.` with `vX_Y` at most the
//! resource's version, oldest first, then those of `...flink-version.<version>.`, each with
//! its prefix cut off.

use std::collections::BTreeMap;

use crate::apache_spec::FlinkVersion;
use crate::flink_conf::{self, Format, Unloadable};

/// The prefix of the operator's own options.
pub const OPERATOR_PREFIX: &str = "kubernetes.operator.";
/// The prefix of the autoscaler's options (dropped before Flink sees the configuration too).
pub const AUTOSCALER_PREFIX: &str = "job.autoscaler.";
/// Keys under this prefix and a namespace apply to the resources of that namespace.
pub const NAMESPACE_PREFIX: &str = "kubernetes.operator.default-configuration.namespace.";
/// Keys under this prefix and a Flink version (`v1_19`, or `v1_19+` for it and later) apply to
/// the resources of that version.
pub const VERSION_PREFIX: &str = "kubernetes.operator.default-configuration.flink-version.";

/// The Java module options the chart gives Flink 1.18 (as `env.java.opts.all`) and 1.19 and
/// later (as `env.java.default-opts.all`).
fn chart_java_options() -> String {
    let exports = [
        "java.base/sun.net.util",
        "java.rmi/sun.rmi.registry",
        "java.security.jgss/sun.security.krb5",
    ];
    // The packages Flink's own Java 17 defaults open, the same list.
    let opens = crate::flink_conf::defaults::ADD_OPENS;
    exports
        .iter()
        .map(|m| format!("--add-exports={m}=ALL-UNNAMED"))
        .chain(opens.iter().map(|m| format!("--add-opens={m}=ALL-UNNAMED")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The operator's configuration: the entries its loader read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorConfig {
    entries: BTreeMap<String, String>,
    /// Whether this is the Helm chart's default (no `--operator-config` given).
    chart: bool,
}

impl Default for OperatorConfig {
    fn default() -> OperatorConfig {
        OperatorConfig::chart()
    }
}

impl OperatorConfig {
    /// What the operator's Helm chart (release 1.15.0, default values) configures: task slots
    /// and parallelism 1, the Java 17 module options per Flink version, and the operator's own
    /// metrics reporter and intervals.
    pub fn chart() -> OperatorConfig {
        let java = chart_java_options();
        let entries = [
            ("taskmanager.numberOfTaskSlots", "1".to_owned()),
            ("parallelism.default", "1".to_owned()),
            (
                "kubernetes.operator.default-configuration.flink-version.v1_18.env.java.opts.all",
                java.clone(),
            ),
            (
                "kubernetes.operator.default-configuration.flink-version.v1_19+.env.java.default-opts.all",
                java,
            ),
            (
                "kubernetes.operator.metrics.reporter.slf4j.factory.class",
                "org.apache.flink.metrics.slf4j.Slf4jReporterFactory".to_owned(),
            ),
            (
                "kubernetes.operator.metrics.reporter.slf4j.interval",
                "5 MINUTE".to_owned(),
            ),
            ("kubernetes.operator.reconcile.interval", "15 s".to_owned()),
            (
                "kubernetes.operator.observer.progress-check.interval",
                "5 s".to_owned(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        OperatorConfig {
            entries,
            chart: true,
        }
    }

    /// The configuration file `text` as the operator's Flink 1.20 loader reads it: `config.yaml`
    /// (`format` [`Format::ConfigYaml`]) as standard YAML, `flink-conf.yaml` line by line.
    pub fn read(text: &str, format: Format) -> Result<OperatorConfig, Unloadable> {
        let loaded = flink_conf::read(text, format)?;
        Ok(OperatorConfig {
            entries: loaded.entries,
            chart: false,
        })
    }

    /// Whether this is the Helm chart's default configuration.
    pub fn is_chart(&self) -> bool {
        self.chart
    }

    /// Every entry the operator read.
    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }

    /// An entry, trimmed as Flink reads option values.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .get(key)
            .map(|v| crate::memory::java::trim(v.as_str()))
    }

    /// The default configuration of a resource in `namespace` with `version`: every entry
    /// with the key the operator's default configuration leaves it under, and the key it was
    /// read from (the prefixed key for a namespace or version default), in the order they
    /// are applied (a later entry with the same key wins).
    pub fn default_config(
        &self,
        namespace: Option<&str>,
        version: Option<FlinkVersion>,
    ) -> Vec<(String, String, String)> {
        let mut applied: Vec<(String, String, String)> = self
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), v.clone(), k.clone()))
            .collect();
        let mut apply = |prefix: &str| {
            for (key, value) in &self.entries {
                if let Some(rest) = key.strip_prefix(prefix) {
                    applied.push((rest.to_owned(), value.clone(), key.clone()));
                }
            }
        };
        if let Some(namespace) = namespace {
            apply(&format!("{NAMESPACE_PREFIX}{namespace}."));
        }
        if let Some(version) = version {
            for prefix in self.version_prefixes(version) {
                apply(&prefix);
            }
        }
        applied
    }

    /// `getRelevantVersionPrefixes`: the `vX_Y+.` prefixes of the file with `vX_Y` at most
    /// `version` (known versions only), oldest first, then the exact `version.` prefix.
    fn version_prefixes(&self, version: FlinkVersion) -> Vec<String> {
        let mut greater_than: BTreeMap<(u64, u64), String> = BTreeMap::new();
        for key in self.entries.keys() {
            let Some(rest) = key.strip_prefix(VERSION_PREFIX) else {
                continue;
            };
            let Some((name, _)) = rest.split_once("+.") else {
                continue;
            };
            let Some((major, minor)) = name.strip_prefix('v').and_then(|v| v.split_once('_'))
            else {
                continue;
            };
            let parsed = (major.parse::<u64>(), minor.parse::<u64>());
            let (Ok(major), Ok(minor)) = parsed else {
                continue;
            };
            if let Some(known) = FlinkVersion::of(major, minor)
                && version.at_least(known)
            {
                greater_than.insert(
                    known.major_minor(),
                    format!("{VERSION_PREFIX}{}+.", known.name()),
                );
            }
        }
        let mut prefixes: Vec<String> = greater_than.into_values().collect();
        prefixes.push(format!("{VERSION_PREFIX}{}.", version.name()));
        prefixes
    }

    /// A boolean operator option, with its default.
    pub fn flag(&self, key: &str, default: bool) -> bool {
        match self.get(key) {
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            _ => default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(config: &OperatorConfig, ns: Option<&str>, v: FlinkVersion) -> Vec<(String, String)> {
        let mut merged: BTreeMap<String, String> = BTreeMap::new();
        for (key, value, _) in config.default_config(ns, Some(v)) {
            merged.insert(key, value);
        }
        merged
            .into_iter()
            .filter(|(k, _)| !k.starts_with(OPERATOR_PREFIX))
            .collect()
    }

    #[test]
    fn the_chart_gives_java_options_per_version() {
        let chart = OperatorConfig::chart();
        let v118 = keys(&chart, None, FlinkVersion::v1_18);
        assert_eq!(
            v118.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            [
                "env.java.opts.all",
                "parallelism.default",
                "taskmanager.numberOfTaskSlots"
            ]
        );
        let v20 = keys(&chart, None, FlinkVersion::v2_0);
        assert_eq!(v20[0].0, "env.java.default-opts.all");
        assert!(v20[0].1.starts_with(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
        ));
        assert_eq!(keys(&chart, None, FlinkVersion::v1_17).len(), 2);
    }

    /// `FlinkConfigManagerTest`'s layering: namespace defaults, then version defaults oldest
    /// first, the exact version last.
    #[test]
    fn namespace_and_version_defaults_are_layered_as_the_operator_layers_them() {
        let text = "\
k0: base
kubernetes.operator.default-configuration.namespace.ns1.k1: ns1
kubernetes.operator.default-configuration.namespace.ns2.k1: ns2
kubernetes.operator.default-configuration.flink-version.v1_16+.k2: v1_16+
kubernetes.operator.default-configuration.flink-version.v1_18+.k2: v1_18+
kubernetes.operator.default-configuration.flink-version.v1_18.k2: v1_18
kubernetes.operator.default-configuration.flink-version.v1_19.k3: v1_19
kubernetes.operator.default-configuration.flink-version.v9_9+.k4: unknown
";
        let config = OperatorConfig::read(text, Format::FlinkConfYaml).expect("reads");
        let get = |ns, v| keys(&config, ns, v).into_iter().collect::<BTreeMap<_, _>>();
        let ns1 = get(Some("ns1"), FlinkVersion::v1_17);
        assert_eq!(ns1.get("k1").map(String::as_str), Some("ns1"));
        assert_eq!(ns1.get("k2").map(String::as_str), Some("v1_16+"));
        assert_eq!(ns1.get("k0").map(String::as_str), Some("base"));
        let v118 = get(None, FlinkVersion::v1_18);
        assert_eq!(v118.get("k2").map(String::as_str), Some("v1_18"));
        assert_eq!(v118.get("k1"), None);
        let v120 = get(None, FlinkVersion::v1_20);
        assert_eq!(v120.get("k2").map(String::as_str), Some("v1_18+"));
        assert_eq!(v120.get("k3"), None);
        assert_eq!(v120.get("k4"), None);
        assert_eq!(
            get(None, FlinkVersion::v1_15).get("k2").map(String::as_str),
            None
        );
    }
}
