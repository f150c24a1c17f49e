//! The kind of a problem, as a stable rule id (`schema`, `operator-webhook`, `lint/selectors`,
//! ...): what SARIF calls a rule, what code-scanning tools group and filter results by.
//!
//! A rule names the check that found the problem, not the problem itself: one id per stage or
//! validation module, given where a module's diagnostics are collected rather than at each call
//! site. Ids are part of the machine-readable output (docs/diagnostics.md): they are never
//! renamed or reused; new kinds get new ids.

use std::fmt;

/// The check a diagnostic comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The bytes are not a YAML stream: not UTF-8, syntax errors, duplicate keys, merge keys
    /// that merge no mapping, aliases to unknown anchors.
    YamlSyntax,
    /// An input beyond what flink-render reads: too many bytes, too deep, too many nodes or
    /// alias expansions, or more problems than one input reports.
    InputLimits,
    /// What the documents of an input are: an input that cannot be opened or read, one that
    /// is not a FlinkCluster where only FlinkClusters are taken, an input without any, the same
    /// cluster given twice.
    Documents,
    /// A FlinkCluster's structure against its schema: apiVersion, unknown fields, types,
    /// required fields, enumerations, formats, and hints about values Kubernetes reads
    /// differently.
    Schema,
    /// flink-render's own options: `flink-render/<option>` annotations and their values, and
    /// options that do not fit the cluster.
    Options,
    /// The operator's validating webhook and the refusals of its reconciler, message for
    /// message.
    OperatorWebhook,
    /// What the Kubernetes API server or its controllers would refuse in the rendered objects,
    /// and FlinkCluster values that would break them.
    KubernetesApi,
    /// Flink's Kubernetes high availability settings.
    Ha,
    /// The barrier init containers.
    Barrier,
    /// What `--target native` (Flink's native Kubernetes integration) cannot express.
    Native,
    /// `flinkProperties` the Flink configuration file cannot carry, or Flink cannot load.
    FlinkConfig,
    /// Flink's memory model: a configuration Flink would refuse when a process starts.
    FlinkMemory,
    /// `flinkProperties` against Flink's option catalogue for the cluster's Flink version:
    /// unknown keys, deprecated and removed keys, values Flink cannot read for the option.
    FlinkOptions,
    /// `flinkProperties` the operator (or the native target) replaces with its own value.
    FlinkOverridden,
    /// A path whose scheme needs a file-system plugin that no Flink process enables.
    FlinkPlugins,
    /// Clusters of one input that would share state or a host: a Kubernetes HA cluster id, an
    /// HA storage, checkpoint or savepoint directory, an ingress host.
    ClusterCollisions,
    /// A rendered pod below the Pod Security Standards level asked for (`--pod-security`).
    PodSecurity,
    /// An update the operator's validating webhook refuses (`diff`), or would refuse depending
    /// on the live status.
    OperatorUpdate,
    /// A `flink-render lint` rule over the rendered objects (`lint/<rule>`, the rule names of
    /// `crate::lint::RULES`).
    Lint(&'static str),
}

impl Rule {
    /// Every rule that is not a lint rule, in the order of the documentation.
    pub const BUILT_IN: &'static [Rule] = &[
        Rule::YamlSyntax,
        Rule::InputLimits,
        Rule::Documents,
        Rule::Schema,
        Rule::Options,
        Rule::OperatorWebhook,
        Rule::KubernetesApi,
        Rule::Ha,
        Rule::Barrier,
        Rule::Native,
        Rule::FlinkConfig,
        Rule::FlinkMemory,
        Rule::FlinkOptions,
        Rule::FlinkOverridden,
        Rule::FlinkPlugins,
        Rule::ClusterCollisions,
        Rule::PodSecurity,
        Rule::OperatorUpdate,
    ];

    /// The stable id (`lint/<rule>` for lint rules).
    pub fn id(self) -> String {
        match self {
            Rule::Lint(name) => format!("lint/{name}"),
            other => other.built_in_id().to_owned(),
        }
    }

    fn built_in_id(self) -> &'static str {
        match self {
            Rule::YamlSyntax => "yaml-syntax",
            Rule::InputLimits => "input-limits",
            Rule::Documents => "documents",
            Rule::Schema => "schema",
            Rule::Options => "options",
            Rule::OperatorWebhook => "operator-webhook",
            Rule::KubernetesApi => "kubernetes-api",
            Rule::Ha => "ha",
            Rule::Barrier => "barrier",
            Rule::Native => "native",
            Rule::FlinkConfig => "flink-config",
            Rule::FlinkMemory => "flink-memory",
            Rule::FlinkOptions => "flink-options",
            Rule::FlinkOverridden => "flink-overridden",
            Rule::FlinkPlugins => "flink-plugins",
            Rule::ClusterCollisions => "cluster-collisions",
            Rule::PodSecurity => "pod-security",
            Rule::OperatorUpdate => "operator-update",
            Rule::Lint(_) => "lint",
        }
    }

    /// One sentence saying what the rule checks (SARIF's `shortDescription`).
    pub fn description(self) -> &'static str {
        match self {
            Rule::YamlSyntax => "The input is not a YAML stream Kubernetes would read.",
            Rule::InputLimits => "The input is beyond what flink-render reads.",
            Rule::Documents => {
                "An input cannot be read, a document is not a FlinkCluster, there is none, or the same one is given twice."
            }
            Rule::Schema => "The FlinkCluster does not match the schema of its CRD.",
            Rule::Options => "A flink-render option or annotation is unknown or invalid.",
            Rule::OperatorWebhook => "The Flink operator's webhook or reconciler refuses it.",
            Rule::KubernetesApi => "Kubernetes would refuse the objects this renders.",
            Rule::Ha => "Kubernetes high availability is misconfigured.",
            Rule::Barrier => "The barrier init containers are misconfigured.",
            Rule::Native => "Flink's native Kubernetes integration cannot express it.",
            Rule::FlinkConfig => "The Flink configuration file cannot carry it as written.",
            Rule::FlinkMemory => "Flink's memory model refuses the configuration.",
            Rule::FlinkOptions => {
                "A flinkProperties key or value is not what the cluster's Flink version reads."
            }
            Rule::FlinkOverridden => "A flinkProperties value is replaced, so Flink ignores it.",
            Rule::FlinkPlugins => "A path needs a file-system plugin that no Flink process loads.",
            Rule::ClusterCollisions => {
                "Two clusters of the input share state, an HA cluster id or a host."
            }
            Rule::PodSecurity => "A pod does not meet the Pod Security Standards level.",
            Rule::OperatorUpdate => "The operator's webhook refuses this update.",
            Rule::Lint(name) => lint_description(name),
        }
    }

    /// The rule of an id, for lint rules among `lint_rules`.
    pub fn from_id<'a>(
        id: &str,
        lint_rules: impl IntoIterator<Item = &'a &'static str>,
    ) -> Option<Rule> {
        if let Some(name) = id.strip_prefix("lint/") {
            return lint_rules
                .into_iter()
                .find(|r| **r == name)
                .map(|r| Rule::Lint(r));
        }
        Rule::BUILT_IN
            .iter()
            .copied()
            .find(|r| r.built_in_id() == id)
    }
}

/// What a lint rule of `crate::lint::RULES` checks (docs/reliability.md).
fn lint_description(name: &str) -> &'static str {
    match name {
        "names" => "A rendered object's name is not valid for its kind.",
        "labels" => "A rendered label key or value is not valid.",
        "ports" => "A rendered port name is invalid, missing or used twice.",
        "selectors" => "A rendered selector does not select the pods rendered with it.",
        "volumes" => "A rendered container mounts a volume its pod does not declare.",
        "services" => "A rendered Service or Ingress leads to no port.",
        "rbac" => "Rendered RBAC leaves its namespace or uses wildcards.",
        _ => "The rendered objects do not fit together on a cluster.",
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Lint(name) => write!(f, "lint/{name}"),
            other => f.write_str(other.built_in_id()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_read_back() {
        let ids: Vec<String> = Rule::BUILT_IN.iter().map(|r| r.id()).collect();
        let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        for (rule, id) in Rule::BUILT_IN.iter().zip(&ids) {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
            assert_eq!(Rule::from_id(id, &[]), Some(*rule));
        }
        assert_eq!(Rule::Lint("ports").id(), "lint/ports");
        assert_eq!(
            Rule::from_id("lint/ports", &["names", "ports"]),
            Some(Rule::Lint("ports"))
        );
        assert_eq!(Rule::from_id("lint/nothing", &["ports"]), None);
        assert_eq!(Rule::from_id("lint", &["ports"]), None);
    }
}
