//! The stages joined: parse → default → validate → render → order.
//!
//! [`render`] takes one typed FlinkCluster; [`render_sources`] takes YAML texts (files, stdin),
//! renders every FlinkCluster in them and ties each problem to its file, line and column. No
//! stage reads files, the clock or the environment: the same inputs always give the same output.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Report};
use crate::input::{self, Item};
use crate::options::Options;
use crate::path::FieldPath;
use crate::render::Object;
use crate::spec::FlinkCluster;
use crate::yaml::Limits;
use crate::{defaults, order, render as render_stage, security, validate};

/// The objects of one or more clusters, in install order, and what deserves a look.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The manifests, in Helm's install order.
    pub objects: Vec<Object>,
    /// Warnings (rendering went ahead).
    pub warnings: Diagnostics,
}

/// Renders one FlinkCluster: defaults, validation, rendering, install order.
///
/// ```
/// use flink_render::{render, Options};
///
/// let cluster = serde_json::from_value(serde_json::json!({
///     "apiVersion": "flinkoperator.k8s.io/v1beta1",
///     "kind": "FlinkCluster",
///     "metadata": {"name": "demo", "namespace": "flink"},
///     "spec": {"flinkVersion": "1.18", "image": {"name": "flink:1.18"}}
/// }))?;
/// let rendered = render(&cluster, &Options::default()).expect("a valid cluster");
/// let kinds: Vec<&str> = rendered.objects.iter().map(|o| o.kind()).collect();
/// assert_eq!(kinds, ["ConfigMap", "Service", "Service", "StatefulSet", "StatefulSet", "ControllerRevision"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn render(cluster: &FlinkCluster, options: &Options) -> Result<Rendered, Diagnostics> {
    let settings = options.settings_for(
        cluster.metadata.annotations.as_ref(),
        cluster.metadata.uid.as_deref(),
        cluster.metadata.namespace.as_deref(),
    )?;
    let defaulted = defaults::apply(cluster.clone());
    let valid = validate::validate(defaulted, settings)?;
    let mut objects = render_stage::render(&valid);
    let settings = valid.settings();
    if settings.harden {
        security::harden::harden(&mut objects);
    }
    if let Some(level) = settings.pod_security {
        let violations = security::pod_security::check(&objects, level);
        if !violations.is_empty() {
            let name = cluster.metadata.name.as_deref().unwrap_or_default();
            let mut diagnostics = valid.warnings().clone();
            for finding in &violations {
                let object = objects
                    .iter()
                    .find(|o| o.kind() == finding.kind && o.name() == finding.name);
                let field = object.map_or_else(FieldPath::root, |o| {
                    security::pod_security::source_field(name, o, finding)
                });
                diagnostics.error(
                    field,
                    security::pod_security::message(finding, level, settings.kube_version),
                );
            }
            return Err(diagnostics);
        }
    }
    Ok(Rendered {
        objects: order::install_order(objects),
        warnings: valid.warnings().clone(),
    })
}

/// Most diagnostics reported for one input; the rest are counted in one last error.
pub const MAX_REPORTED_PER_INPUT: usize = 100;

/// A YAML text to render and the name to report it under.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// File name as the user gave it (`<stdin>` for standard input).
    pub origin: &'a str,
    /// The text.
    pub text: &'a str,
}

/// The rendered objects of several sources, plus warnings per source.
#[derive(Clone, Debug, Default)]
pub struct RenderedSources {
    /// Every object of every cluster, in install order.
    pub objects: Vec<Object>,
    /// Warnings, one report per source that has any.
    pub warnings: Vec<Report>,
}

/// Renders every FlinkCluster of every source. All problems of all sources are collected; if
/// any is an error, the result is the list of reports (one per source with problems) and no
/// object at all.
pub fn render_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<RenderedSources, Vec<Report>> {
    let mut objects = Vec::new();
    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for source in sources {
        let mut diagnostics = Diagnostics::new();
        let mut clusters = 0usize;
        match input::parse_stream(source.text, limits) {
            Err(found) => diagnostics.extend(found),
            Ok(items) => {
                for item in items {
                    match item {
                        Item::Other { location, kind, api_version, .. } => diagnostics.push(
                            Diagnostic::error(
                                FieldPath::root(),
                                format!(
                                    "this document is {}, not a FlinkCluster; `render` takes only FlinkClusters (use `flink-render post-render` to pass other objects through)",
                                    describe_kind(&kind, &api_version)
                                ),
                            )
                            .at(Some(location)),
                        ),
                        Item::Cluster(parsed) => {
                            clusters += 1;
                            let meta = &parsed.cluster.metadata;
                            let namespace = meta.namespace.clone().or_else(|| options.namespace.clone()).unwrap_or_default();
                            let name = meta.name.clone().unwrap_or_default();
                            let here = format!("{}:{}", source.origin, parsed.source.locate(&FieldPath::fields("metadata.name")));
                            if let Some(first) = seen.insert((namespace.clone(), name.clone()), here) {
                                diagnostics.push(
                                    Diagnostic::error(
                                        FieldPath::fields("metadata.name"),
                                        format!("a FlinkCluster named {name:?} in namespace {namespace:?} was already given at {first}; the objects of both would collide"),
                                    )
                                    .at(Some(parsed.source.locate(&FieldPath::fields("metadata.name")))),
                                );
                                continue;
                            }
                            match render(&parsed.cluster, options) {
                                Ok(rendered) => {
                                    let mut found = rendered.warnings;
                                    parsed.source.place(&mut found);
                                    diagnostics.extend(found);
                                    objects.extend(rendered.objects);
                                }
                                Err(mut found) => {
                                    parsed.source.place(&mut found);
                                    diagnostics.extend(found);
                                }
                            }
                        }
                    }
                }
                if clusters == 0 && !diagnostics.has_errors() {
                    diagnostics.error(
                        FieldPath::root(),
                        "no FlinkCluster found (the input is empty or holds only empty documents)",
                    );
                }
            }
        }
        diagnostics.sort_by_location();
        diagnostics.limit(MAX_REPORTED_PER_INPUT);
        if diagnostics.has_errors() {
            reports.push(Report::new(source.origin, source.text, diagnostics));
        } else if !diagnostics.is_empty() {
            warnings.push(Report::new(source.origin, source.text, diagnostics));
        }
    }
    if !reports.is_empty() {
        return Err(reports);
    }
    Ok(RenderedSources {
        objects: order::install_order(objects),
        warnings,
    })
}

fn describe_kind(kind: &str, api_version: &str) -> String {
    match (kind.is_empty(), api_version.is_empty()) {
        (true, _) => "an object without a kind".to_owned(),
        (false, true) => format!("a {kind}"),
        (false, false) => format!("a {kind} ({api_version})"),
    }
}
