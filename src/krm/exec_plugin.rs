//! The legacy kustomize exec plugin: what `kubectl kustomize --enable-alpha-plugins` (and so
//! Argo CD's built-in kustomize) can run.
//!
//! kustomize finds the plugin by the configuration's kind, at
//! `$KUSTOMIZE_PLUGIN_HOME/flinkoperator.k8s.io/v1beta1/flinkcluster/FlinkCluster`, and runs it
//! with the path of a temporary copy of the configuration — here a FlinkCluster — as its first
//! argument. Listed under `generators:`, the plugin gets nothing on stdin and prints the
//! cluster's objects. Listed under `transformers:`, it gets the current resources on stdin; they
//! are post-rendered ([`crate::post_render`]: FlinkClusters among them replaced, everything else
//! byte for byte) and the configuration's objects follow them.

use std::fmt;

use crate::diagnostics::{Diagnostic, Diagnostics, Report};
use crate::input::{self, Item};
use crate::options::Options;
use crate::path::FieldPath;
use crate::pipeline::{self, Source};
use crate::post_render::{self, PostRenderError, StreamReport};
use crate::yaml::Limits;

use super::without_orchestrator_annotations;

/// What the plugin prints.
#[derive(Clone, Debug)]
pub struct PluginOutput {
    /// The YAML stream for stdout.
    pub text: String,
    /// Warnings, printable.
    pub warnings: Vec<String>,
}

/// Why the plugin failed: the configuration's problems, the resources' problems, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, thiserror::Error)]
pub struct PluginError {
    /// Problems of the configuration file.
    pub config: Option<Report>,
    /// Problems of the resources on stdin.
    pub resources: Vec<StreamReport>,
}

impl PluginError {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        let config = self
            .config
            .as_ref()
            .map_or(0, |r| r.diagnostics.errors().count());
        config
            + PostRenderError {
                reports: self.resources.clone(),
            }
            .error_count()
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(report) = &self.config {
            write!(f, "{report}")?;
        }
        for report in &self.resources {
            write!(f, "{report}")?;
        }
        Ok(())
    }
}

/// Runs the plugin: `config` is the FlinkCluster configuration, `resources` what came on stdin
/// (empty for a generator).
pub fn run(
    config: Source<'_>,
    resources: &str,
    options: &Options,
    limits: Limits,
) -> Result<PluginOutput, PluginError> {
    let mut error = PluginError::default();
    let mut warnings = Vec::new();
    let mut text = String::new();
    if !resources.trim().is_empty() {
        match post_render::post_render("<stdin>", resources, options, limits) {
            Ok(done) => {
                text = done.text;
                // A stream without FlinkClusters is what a transformer usually gets; only the
                // warnings about clusters matter here.
                warnings.extend(
                    done.warnings
                        .iter()
                        .filter(|w| w.document.is_some())
                        .map(ToString::to_string),
                );
            }
            Err(found) => error.resources = found.reports,
        }
    }
    match render_config(config, options, limits) {
        Ok((objects, found)) => {
            if !found.is_empty() {
                warnings.push(Report::new(config.origin, config.text, found).to_string());
            }
            if !text.is_empty() {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str("---\n");
            }
            match crate::emit::yaml_stream(&objects) {
                Ok(stream) => text.push_str(&stream),
                Err(e) => {
                    let problem = Diagnostic::error(FieldPath::root(), e.to_string());
                    error.config = Some(Report::new(
                        config.origin,
                        config.text,
                        vec![problem].into(),
                    ));
                }
            }
        }
        Err(found) => error.config = Some(Report::new(config.origin, config.text, found)),
    }
    if error.config.is_some() || !error.resources.is_empty() {
        return Err(error);
    }
    Ok(PluginOutput { text, warnings })
}

/// The objects of the configuration's one FlinkCluster, and its warnings.
fn render_config(
    config: Source<'_>,
    options: &Options,
    limits: Limits,
) -> Result<(Vec<crate::Object>, Diagnostics), Diagnostics> {
    let items = input::parse_stream(config.text, limits)?;
    let mut clusters = items.into_iter().filter_map(|item| match item {
        Item::Cluster(parsed) => Some(parsed),
        Item::Apache(_) | Item::Other { .. } => None,
    });
    let (Some(parsed), None) = (clusters.next(), clusters.next()) else {
        let mut found = Diagnostics::new();
        found.error(
            FieldPath::root(),
            "the plugin configuration must be exactly one FlinkCluster",
        );
        found.tag(crate::diagnostics::Rule::Documents);
        return Err(found);
    };
    let cluster = without_orchestrator_annotations(parsed.cluster);
    match pipeline::render(&cluster, options) {
        Ok(rendered) => {
            let mut warnings = rendered.warnings;
            parsed.source.place(&mut warnings);
            Ok((rendered.objects, warnings))
        }
        Err(mut found) => {
            parsed.source.place(&mut found);
            found.sort_by_location();
            Err(found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLUSTER: &str = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\nspec:\n  flinkVersion: \"1.18\"\n  image: {name: flink:1.18}\n";

    #[test]
    fn generator_prints_the_objects_without_orchestrator_annotations() {
        let config = Source {
            origin: "cfg",
            text: CLUSTER,
        };
        let out = run(config, "", &Options::default(), Limits::default()).expect("valid");
        assert!(out.text.starts_with("apiVersion: v1\nkind: ConfigMap\n"));
        assert!(!out.text.contains("local-config"), "{}", out.text);
        assert!(out.text.contains("kind: ControllerRevision"));
    }

    #[test]
    fn transformer_passes_resources_through_and_appends_the_objects() {
        let config = Source {
            origin: "cfg",
            text: CLUSTER,
        };
        let resources = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep   # as is\n";
        let out = run(config, resources, &Options::default(), Limits::default()).expect("valid");
        assert!(out.text.starts_with(&format!(
            "{resources}---\napiVersion: v1\nkind: ConfigMap\n"
        )));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[test]
    fn problems_of_config_and_resources_are_reported_together() {
        let bad = CLUSTER.replace("flink:1.18", "''");
        let config = Source {
            origin: "cfg",
            text: &bad,
        };
        let resources = CLUSTER.replace("\"1.18\"", "1.10");
        let error =
            run(config, &resources, &Options::default(), Limits::default()).expect_err("invalid");
        assert_eq!(error.error_count(), 2, "{error}");
        let text = error.to_string();
        assert!(text.contains("  --> cfg:9:"), "{text}");
        assert!(
            text.contains("in <stdin>, document 1, FlinkCluster demo:"),
            "{text}"
        );
    }
}
