//! The stages joined: parse → default → validate → render → order.
//!
//! [`render`] takes one typed FlinkCluster; [`render_sources`] takes YAML texts (files, stdin),
//! renders every FlinkCluster in them and ties each problem to its file, line and column. No
//! stage reads files, the clock or the environment: the same inputs always give the same output.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Report};
use crate::input::{self, Item};
use crate::options::{Options, Target};
use crate::path::FieldPath;
use crate::render::Object;
use crate::spec::FlinkCluster;
use crate::validate::Valid;
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
    let valid = validated(cluster, options)?;
    let settings = valid.settings();
    let mut objects = match settings.target {
        Target::Operator => render_stage::render(&valid),
        Target::Native => crate::native::render(&valid),
    };
    if settings.harden {
        security::harden::harden(&mut objects);
    }
    if let Some(level) = settings.pod_security {
        let violations = security::pod_security::check(&objects, level);
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
        // Natively, Flink creates the TaskManager pods from a template outside the objects.
        if settings.target == Target::Native {
            for (field, message) in crate::native::task_manager_pod_security(&valid, level) {
                diagnostics.error(field, message);
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
    }
    Ok(Rendered {
        objects: order::install_order(objects),
        warnings: valid.warnings().clone(),
    })
}

/// Defaults and validates one FlinkCluster under `options`.
pub fn validated(cluster: &FlinkCluster, options: &Options) -> Result<Valid, Diagnostics> {
    let settings = options.settings_for(
        cluster.metadata.annotations.as_ref(),
        cluster.metadata.uid.as_deref(),
        cluster.metadata.namespace.as_deref(),
    )?;
    let defaulted = defaults::apply(cluster.clone());
    validate::validate(defaulted, settings)
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
    let (objects, warnings) = each_cluster(sources, options, limits, |cluster| {
        render(cluster, options).map(|rendered| (rendered.objects, rendered.warnings))
    })?;
    Ok(RenderedSources {
        objects: order::install_order(objects),
        warnings,
    })
}

/// The `explain ha` text of every FlinkCluster of every source, with warnings per source; on
/// any error, the reports as for [`render_sources`].
pub fn explain_ha_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(String, Vec<Report>), Vec<Report>> {
    let (texts, warnings) = each_cluster(sources, options, limits, |cluster| {
        let valid = validated(cluster, options)?;
        Ok((vec![crate::explain::ha(&valid)], valid.warnings().clone()))
    })?;
    Ok((texts.join("\n"), warnings))
}

/// The `explain memory` explanation of every FlinkCluster of every source, with warnings per
/// source; on any error, the reports as for [`render_sources`].
pub fn explain_memory_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(Vec<crate::explain::memory::MemoryExplanation>, Vec<Report>), Vec<Report>> {
    each_cluster(sources, options, limits, |cluster| {
        let valid = validated(cluster, options)?;
        Ok((
            vec![crate::explain::memory::memory(&valid)],
            valid.warnings().clone(),
        ))
    })
}

/// The TaskManager pod Flink's native ResourceManager would create first for every FlinkCluster
/// of every source (rendered as `--target native`, whatever the options say), with warnings
/// per source; on any error, the reports as for [`render_sources`].
pub fn explain_task_manager_pod_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(Vec<k8s_openapi::api::core::v1::Pod>, Vec<Report>), Vec<Report>> {
    let options = Options {
        target: Some(Target::Native),
        ..options.clone()
    };
    each_cluster(sources, &options, limits, |cluster| {
        let valid = validated(cluster, &options)?;
        Ok((
            vec![crate::native::task_manager_preview(&valid)],
            valid.warnings().clone(),
        ))
    })
}

/// Runs `per_cluster` on every FlinkCluster of every source and gathers what it returns. Every
/// problem of every source is collected; any error makes the result the reports (one per
/// source with problems). Documents of other kinds, clusters given twice and sources without a
/// cluster are errors.
fn each_cluster<T>(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    mut per_cluster: impl FnMut(&FlinkCluster) -> Result<(Vec<T>, Diagnostics), Diagnostics>,
) -> Result<(Vec<T>, Vec<Report>), Vec<Report>> {
    let mut objects = Vec::new();
    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = BTreeMap::new();
    for source in sources {
        let refusal = "`render` takes only FlinkClusters (use `flink-render post-render` to pass other objects through)";
        let (clusters, mut diagnostics) = clusters_of(source, options, limits, refusal, &mut seen);
        for parsed in clusters {
            match per_cluster(&parsed.cluster) {
                Ok((items, mut found)) => {
                    parsed.source.place(&mut found);
                    diagnostics.extend(found);
                    objects.extend(items);
                }
                Err(mut found) => {
                    parsed.source.place(&mut found);
                    diagnostics.extend(found);
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
    Ok((objects, warnings))
}

/// Where each FlinkCluster was first given, by (namespace, name): `<file>:<line>:<column>`.
pub(crate) type SeenClusters = BTreeMap<(String, String), String>;

/// The FlinkClusters of one source, and the problems that keep others from being rendered:
/// documents of other kinds (`refusal` says why they are refused), a cluster given twice
/// (across every source sharing `seen`), or no cluster at all.
pub(crate) fn clusters_of(
    source: &Source<'_>,
    options: &Options,
    limits: Limits,
    refusal: &str,
    seen: &mut SeenClusters,
) -> (Vec<input::ParsedCluster>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut clusters = Vec::new();
    let items = match input::parse_stream(source.text, limits) {
        Err(found) => return (clusters, found),
        Ok(items) => items,
    };
    let mut found_any = false;
    for item in items {
        match item {
            Item::Other {
                location,
                kind,
                api_version,
                ..
            } => {
                // `kubectl get -o yaml` of several objects is one List document.
                let message = if kind.ends_with("List") {
                    format!(
                        "this document is {}, not a FlinkCluster; {}; `kubectl get -o yaml` wraps several objects in a List: give the FlinkClusters as separate documents (for example `kubectl get flinkclusters -o yaml | yq '.items[] | split_doc'`)",
                        describe_kind(&kind, &api_version),
                        refusal.split(" (").next().unwrap_or(refusal)
                    )
                } else {
                    format!(
                        "this document is {}, not a FlinkCluster; {refusal}",
                        describe_kind(&kind, &api_version)
                    )
                };
                diagnostics.push(Diagnostic::error(FieldPath::root(), message).at(Some(location)))
            }
            Item::Cluster(parsed) => {
                found_any = true;
                let (namespace, name) = cluster_identity(&parsed.cluster, options);
                let name_path = FieldPath::fields("metadata.name");
                let here = format!("{}:{}", source.origin, parsed.source.locate(&name_path));
                if let Some(first) = seen.insert((namespace.clone(), name.clone()), here) {
                    diagnostics.push(
                        Diagnostic::error(
                            name_path.clone(),
                            format!("a FlinkCluster named {name:?} in namespace {namespace:?} was already given at {first}; the objects of both would collide"),
                        )
                        .at(Some(parsed.source.locate(&name_path))),
                    );
                    continue;
                }
                clusters.push(*parsed);
            }
        }
    }
    if !found_any && !diagnostics.has_errors() {
        diagnostics.error(
            FieldPath::root(),
            "no FlinkCluster found (the input is empty or holds only empty documents)",
        );
    }
    (clusters, diagnostics)
}

/// The (namespace, name) a cluster's objects are created under: two clusters with the same
/// identity would overwrite each other's objects.
pub(crate) fn cluster_identity(cluster: &FlinkCluster, options: &Options) -> (String, String) {
    let meta = &cluster.metadata;
    let namespace = meta
        .namespace
        .clone()
        .or_else(|| options.namespace.clone())
        .unwrap_or_default();
    (namespace, meta.name.clone().unwrap_or_default())
}

fn describe_kind(kind: &str, api_version: &str) -> String {
    match (kind.is_empty(), api_version.is_empty()) {
        (true, _) => "an object without a kind".to_owned(),
        (false, true) => format!("a {kind}"),
        (false, false) => format!("a {kind} ({api_version})"),
    }
}
