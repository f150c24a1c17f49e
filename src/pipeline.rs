//! The stages joined: parse → default → validate → render → order.
//!
//! [`render`] takes one typed FlinkCluster; [`render_sources`] takes YAML texts (files, stdin),
//! renders every FlinkCluster in them and ties each problem to its file, line and column. No
//! stage reads files, the clock or the environment: the same inputs always give the same output.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Report, Rule};
use crate::input::{self, Item};
use crate::model::Valid;
use crate::model::shared::{self, Claim, Resource};
use crate::object::Object;
use crate::options::{Options, Target};
use crate::path::FieldPath;
use crate::spec::FlinkCluster;
use crate::yaml::{self, Limits};
use crate::{defaults, order, render as render_stage, security, validate};

pub mod apache;

/// The objects of one or more clusters, in install order, and what deserves a look.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The manifests, in Helm's install order.
    pub objects: Vec<Object>,
    /// Warnings (rendering went ahead).
    pub warnings: Diagnostics,
    /// What the cluster may not share with another of the same input
    /// ([`crate::model::shared`]).
    pub claims: Vec<Claim>,
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
        diagnostics.tag(Rule::PodSecurity);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
    }
    Ok(Rendered {
        objects: order::install_order(objects),
        warnings: valid.warnings().clone(),
        claims: shared::claims(valid.model()),
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
    validate::validate(crate::model::build(defaulted, settings))
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
    /// Every object of every cluster: cluster by cluster in input order, each cluster's objects
    /// in install order.
    pub objects: Vec<Object>,
    /// Warnings, one report per source that has any.
    pub warnings: Vec<Report>,
}

/// Renders every FlinkCluster of every source. All problems of all sources are collected; if
/// any is an error, the result is the list of reports (one per source with problems) and no
/// object at all. The objects come cluster by cluster, as [`render_each`] hands them over.
pub fn render_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<RenderedSources, Vec<Report>> {
    let mut claimed = Claimed::default();
    let (objects, warnings) = each_cluster(
        sources,
        options,
        limits,
        RENDER_REFUSAL,
        |cluster| {
            render(cluster, options).map(|rendered| {
                let mut found = rendered.warnings;
                let owner = cluster_identity(cluster, options);
                for (claim, first) in claimed.claim(&owner, rendered.claims) {
                    found.push(claim_error(&claim, &first));
                }
                (rendered.objects, found)
            })
        },
        |resource, deployments| {
            Some(
                apache::render_resource(resource, options, deployments)
                    .map(|rendered| (rendered.objects, rendered.warnings)),
            )
        },
    )?;
    Ok(RenderedSources { objects, warnings })
}

/// The `explain ha` text of every FlinkCluster of every source, with warnings per source; on
/// any error, the reports as for [`render_sources`].
pub fn explain_ha_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(String, Vec<Report>), Vec<Report>> {
    let (texts, warnings) = explain_each(
        sources,
        options,
        limits,
        "ha",
        crate::explain::ha,
        Some(apache::explain_ha),
    )?;
    Ok((texts.join("\n"), warnings))
}

/// The `explain memory` explanation of every FlinkCluster of every source, with warnings per
/// source; on any error, the reports as for [`render_sources`].
pub fn explain_memory_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(Vec<crate::explain::memory::MemoryExplanation>, Vec<Report>), Vec<Report>> {
    explain_each(
        sources,
        options,
        limits,
        "memory",
        crate::explain::memory::memory,
        Some(apache::explain_memory),
    )
}

/// The `explain config` explanation of every FlinkCluster of every source, with warnings per
/// source; on any error, the reports as for [`render_sources`].
pub fn explain_config_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(Vec<crate::explain::config::ConfigExplanation>, Vec<Report>), Vec<Report>> {
    explain_each(
        sources,
        options,
        limits,
        "config",
        crate::explain::config::config,
        Some(apache::explain_config),
    )
}

/// `explain` (`explain WHAT`) of every valid FlinkCluster of every source, with warnings per
/// source.
fn explain_each<T>(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    what: &str,
    explain: impl Fn(&Valid) -> T,
    explain_apache: Option<ExplainApache<T>>,
) -> Result<(Vec<T>, Vec<Report>), Vec<Report>> {
    each_cluster(
        sources,
        options,
        limits,
        &explain_refusal(what),
        |cluster| {
            let valid = validated(cluster, options)?;
            Ok((vec![explain(&valid)], valid.warnings().clone()))
        },
        |resource, _| explain_apache.map(|explain| explain(resource, options)),
    )
}

/// An `explain` of the Apache operator's kinds (`None` where it reads FlinkClusters only).
type ExplainApache<T> =
    fn(&input::ApacheResource, &Options) -> Result<(Vec<T>, Diagnostics), Diagnostics>;

/// The TaskManager pod Flink's native ResourceManager would create first for every FlinkCluster
/// of every source (rendered as `--target native`, whatever the options say), with warnings
/// per source; on any error, the reports as for [`render_sources`].
pub fn explain_task_manager_pod_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<(Vec<k8s_openapi::api::core::v1::Pod>, Vec<Report>), Vec<Report>> {
    // Barrier init containers are the operator target's; they do not change the pod.
    let options = Options {
        target: Some(Target::Native),
        barrier: Some(false),
        ..options.clone()
    };
    let refusal = explain_refusal("taskmanager-pod");
    each_cluster(
        sources,
        &options,
        limits,
        &refusal,
        |cluster| {
            let valid = validated(cluster, &options)?;
            Ok((
                vec![crate::native::task_manager_preview(&valid)],
                valid.warnings().clone(),
            ))
        },
        |resource, _| Some(apache::task_manager_preview(resource, &options)),
    )
}

const RENDER_REFUSAL: &str = "`render` takes only FlinkClusters (use `flink-render post-render` to pass other objects through)";

/// Why `flink-render explain WHAT` refuses a document of another kind.
fn explain_refusal(what: &str) -> String {
    format!(
        "`explain {what}` reads only FlinkClusters (`flink-render lint` checks rendered manifests)"
    )
}

/// Runs `per_cluster` on every FlinkCluster of every source and gathers what it returns. Every
/// problem of every source is collected; any error makes the result the reports (one per
/// source with problems). Documents of other kinds, clusters given twice and sources without a
/// cluster are errors.
fn each_cluster<T>(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    refusal: &str,
    mut per_cluster: impl FnMut(&FlinkCluster) -> Result<(Vec<T>, Diagnostics), Diagnostics>,
    mut per_apache: impl FnMut(
        &input::ApacheResource,
        &[crate::apache_spec::FlinkDeployment],
    ) -> Option<Result<(Vec<T>, Diagnostics), Diagnostics>>,
) -> Result<(Vec<T>, Vec<Report>), Vec<Report>> {
    let items = std::cell::RefCell::new(Vec::new());
    let mut seen = SeenClusters::new();
    let mut seen_deployments = SeenClusters::new();
    let mut checks = Vec::with_capacity(sources.len());
    let gather = |result: Result<(Vec<T>, Diagnostics), Diagnostics>| match result {
        Ok((rendered, found)) => {
            items.borrow_mut().extend(rendered);
            found
        }
        Err(found) => found,
    };
    for source in sources {
        let deployments = apache::deployments_of(source.text, limits);
        let check = walk_source(
            source,
            limits,
            refusal,
            true,
            options,
            |parsed, diagnostics| {
                if let Some(duplicate) = duplicate_of(&mut seen, source.origin, &parsed, options) {
                    diagnostics.push(duplicate);
                    return;
                }
                let mut found = gather(per_cluster(&parsed.cluster));
                parsed.source.place(&mut found);
                diagnostics.extend(found);
            },
            |parsed, diagnostics| {
                let duplicate =
                    apache::deployment_identity(&parsed.resource, options).and_then(|identity| {
                        apache::duplicate_deployment(
                            &mut seen_deployments,
                            source.origin,
                            identity,
                            &parsed.source,
                        )
                    });
                if let Some(duplicate) = duplicate {
                    diagnostics.push(duplicate);
                    return;
                }
                match per_apache(&parsed.resource, &deployments) {
                    Some(result) => {
                        let mut found = gather(result);
                        parsed.source.place(&mut found);
                        diagnostics.extend(found);
                    }
                    None => diagnostics.push(apache_refusal(&parsed, refusal)),
                }
            },
        );
        checks.push(check);
    }
    let warnings = reports(sources, checks)?;
    Ok((items.into_inner(), warnings))
}

/// What checking one source found: its problems (errors and warnings, located) and the
/// identity of each of its FlinkClusters, for the check across sources ([`conclude`]).
#[derive(Clone, Debug, Default)]
pub struct SourceCheck {
    /// The problems of the source.
    pub diagnostics: Diagnostics,
    /// Each FlinkCluster's (namespace, name) and where its `metadata.name` is, in order.
    pub clusters: Vec<((String, String), Location)>,
    /// What each FlinkCluster that passed its checks may not share with another (its
    /// identity, the claim, where the claim's field is), in order.
    pub claims: Vec<((String, String), Claim, Location)>,
    /// The same for each FlinkDeployment (a FlinkDeployment and a FlinkCluster may share a
    /// name: their objects are named apart).
    pub deployments: Vec<((String, String), Location)>,
}

/// Pass one of streamed rendering, for one source: parses, defaults and validates every
/// FlinkCluster (and renders it only when a Pod Security level must be checked), keeping
/// nothing but the problems. Clusters given twice are found by [`conclude`], which sees every
/// source. Sources can be checked in any order, or at the same time.
pub fn check_source(source: &Source<'_>, options: &Options, limits: Limits) -> SourceCheck {
    let mut clusters = Vec::new();
    let mut identities = Vec::new();
    let deployments = apache::deployments_of(source.text, limits);
    let mut claims = Vec::new();
    let mut check = walk_source(
        source,
        limits,
        RENDER_REFUSAL,
        true,
        options,
        |parsed, diagnostics| {
            let name_at = parsed.source.locate(&FieldPath::fields("metadata.name"));
            let identity = cluster_identity(&parsed.cluster, options);
            clusters.push((identity.clone(), name_at));
            let (mut found, cluster_claims) = check_and_claim(&parsed.cluster, options);
            for claim in cluster_claims {
                let at = parsed.source.locate(&claim.field);
                claims.push((identity.clone(), claim, at));
            }
            parsed.source.place(&mut found);
            diagnostics.extend(found);
        },
        |parsed, diagnostics| {
            if let Some(identity) = apache::deployment_identity(&parsed.resource, options) {
                let name_at = parsed.source.locate(&FieldPath::fields("metadata.name"));
                identities.push((identity, name_at));
            }
            let mut found = apache::check_resource(&parsed.resource, options, &deployments);
            parsed.source.place(&mut found);
            diagnostics.extend(found);
        },
    );
    check.clusters = clusters;
    check.claims = claims;
    check.deployments = identities;
    check
}

/// What checking one FlinkCluster finds, in pass one of a streamed rendering: its validation
/// problems, and those of the Pod Security check when a level is set (which looks at the
/// rendered objects). Positions are not filled in.
pub fn check_cluster(cluster: &FlinkCluster, options: &Options) -> Diagnostics {
    check_and_claim(cluster, options).0
}

/// [`check_cluster`], and the claims of a cluster without errors.
fn check_and_claim(cluster: &FlinkCluster, options: &Options) -> (Diagnostics, Vec<Claim>) {
    match validated(cluster, options) {
        Ok(valid) if valid.settings().pod_security.is_some() => match render(cluster, options) {
            Ok(rendered) => (rendered.warnings, rendered.claims),
            Err(found) => (found, Vec::new()),
        },
        Ok(valid) => (valid.warnings().clone(), shared::claims(valid.model())),
        Err(found) => (found, Vec::new()),
    }
}

/// The claims of the clusters of an input seen so far: for each resource and value, the
/// cluster that claimed it first.
#[derive(Debug, Default)]
struct Claimed(BTreeMap<(Resource, String), (String, String)>);

impl Claimed {
    /// Records the `claims` of the cluster `owner`; gives back those another cluster made
    /// first, with that cluster.
    fn claim(
        &mut self,
        owner: &(String, String),
        claims: Vec<Claim>,
    ) -> Vec<(Claim, (String, String))> {
        let mut taken = Vec::new();
        for claim in claims {
            match self.0.entry((claim.resource, claim.value.clone())) {
                std::collections::btree_map::Entry::Vacant(entry) => {
                    entry.insert(owner.clone());
                }
                std::collections::btree_map::Entry::Occupied(entry) if entry.get() != owner => {
                    taken.push((claim, entry.get().clone()));
                }
                std::collections::btree_map::Entry::Occupied(_) => {}
            }
        }
        taken
    }
}

/// The error for `claim`, which the cluster `first` (namespace, name) made before.
fn claim_error(claim: &Claim, (namespace, name): &(String, String)) -> Diagnostic {
    let first = if namespace.is_empty() {
        name.clone()
    } else {
        format!("{namespace}/{name}")
    };
    Diagnostic::error(
        claim.field.clone(),
        format!(
            "the {} {} is also that of FlinkCluster {first} in this input: {}",
            claim.resource.describe(),
            claim.value,
            claim.resource.consequence()
        ),
    )
    .with_rule(Rule::ClusterCollisions)
}

/// Joins the checks of `sources` (in the same order): clusters given twice become errors at
/// their second occurrence. `Ok` holds the warnings (one report per source that has any);
/// `Err` the reports of every source with problems, when any problem is an error.
pub fn conclude(
    sources: &[Source<'_>],
    mut checks: Vec<SourceCheck>,
) -> Result<Vec<Report>, Vec<Report>> {
    let mut seen = SeenClusters::new();
    let mut claimed = Claimed::default();
    let mut seen_deployments = SeenClusters::new();
    for (source, check) in sources.iter().zip(checks.iter_mut()) {
        for ((namespace, name), at) in std::mem::take(&mut check.clusters) {
            let here = format!("{}:{at}", source.origin);
            if let Some(first) = seen.insert((namespace.clone(), name.clone()), here) {
                check
                    .diagnostics
                    .push(duplicate_error(&name, &namespace, &first, at));
            }
        }
        // Clusters of one input that would share state or a host.
        for (owner, claim, at) in std::mem::take(&mut check.claims) {
            for (claim, first) in claimed.claim(&owner, vec![claim]) {
                check
                    .diagnostics
                    .push(claim_error(&claim, &first).at(Some(at)));
            }
        }
        for ((namespace, name), at) in std::mem::take(&mut check.deployments) {
            let here = format!("{}:{at}", source.origin);
            if let Some(first) = seen_deployments.insert((namespace.clone(), name.clone()), here) {
                check.diagnostics.push(apache::duplicate_deployment_error(
                    &name, &namespace, &first, at,
                ));
            }
        }
    }
    reports(sources, checks)
}

/// Every problem of every source as reports, sorted and capped per source: `Err` when any is
/// an error.
pub(crate) fn reports(
    sources: &[Source<'_>],
    checks: Vec<SourceCheck>,
) -> Result<Vec<Report>, Vec<Report>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (source, check) in sources.iter().zip(checks) {
        let mut diagnostics = check.diagnostics;
        diagnostics.sort_by_location();
        diagnostics.limit(MAX_REPORTED_PER_INPUT);
        if diagnostics.has_errors() {
            errors.push(Report::new(source.origin, source.text, diagnostics));
        } else if !diagnostics.is_empty() {
            warnings.push(Report::new(source.origin, source.text, diagnostics));
        }
    }
    if errors.is_empty() {
        Ok(warnings)
    } else {
        Err(errors)
    }
}

/// Why [`render_each`] stopped.
#[derive(Debug)]
pub enum RenderEachError<E> {
    /// The sources have problems; nothing was handed over.
    Refused(Vec<Report>),
    /// The sink failed; what it was handed before stays handed.
    Sink(E),
}

/// Streamed rendering: checks every source first (all problems at once, nothing handed over
/// on any error), then renders one cluster at a time and hands its objects, in install order,
/// to `sink`. Memory stays that of one cluster, whatever the number of clusters. `Ok` holds
/// the warnings.
pub fn render_each<E>(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    mut sink: impl FnMut(&[Object]) -> Result<(), E>,
) -> Result<Vec<Report>, RenderEachError<E>> {
    let checks = sources
        .iter()
        .map(|source| check_source(source, options, limits))
        .collect();
    let warnings = conclude(sources, checks).map_err(RenderEachError::Refused)?;
    for source in sources {
        render_checked(source, options, limits, &mut sink)?;
    }
    Ok(warnings)
}

/// Pass two of streamed rendering, for one source that passed [`check_source`] and
/// [`conclude`]: renders its clusters one at a time and hands each cluster's objects, in
/// install order, to `sink`. A problem found now (which the check would have reported) stops
/// it with the reports.
pub fn render_checked<E>(
    source: &Source<'_>,
    options: &Options,
    limits: Limits,
    sink: impl FnMut(&[Object]) -> Result<(), E>,
) -> Result<(), RenderEachError<E>> {
    // (the first failure of the sink, the sink): both kinds of document hand over to it.
    let state = std::cell::RefCell::new((None, sink));
    let hand_over = |rendered: &dyn Fn() -> Result<Rendered, Diagnostics>,
                     map: &input::SourceMap,
                     diagnostics: &mut Diagnostics| {
        let mut state = state.borrow_mut();
        if state.0.is_some() {
            return;
        }
        match rendered() {
            Ok(rendered) => {
                if let Err(error) = (state.1)(&rendered.objects) {
                    state.0 = Some(error);
                }
            }
            Err(mut found) => {
                map.place(&mut found);
                diagnostics.extend(found);
            }
        }
    };
    let deployments = apache::deployments_of(source.text, limits);
    let check = walk_source(
        source,
        limits,
        RENDER_REFUSAL,
        true,
        options,
        |parsed, diagnostics| {
            hand_over(
                &|| render(&parsed.cluster, options),
                &parsed.source,
                diagnostics,
            )
        },
        |parsed, diagnostics| {
            hand_over(
                &|| apache::render_resource(&parsed.resource, options, &deployments),
                &parsed.source,
                diagnostics,
            )
        },
    );
    if let Some(error) = state.into_inner().0 {
        return Err(RenderEachError::Sink(error));
    }
    match reports(std::slice::from_ref(source), vec![check]) {
        Ok(_) => Ok(()),
        Err(found) => Err(RenderEachError::Refused(found)),
    }
}

/// One document of a source, cut at its marker lines without being parsed
/// ([`yaml::split_stream`]), with the line breaks before it: what it takes to read the document
/// on its own, with positions counted in the whole source.
#[derive(Clone, Debug)]
pub struct SourceDocument {
    span: yaml::DocumentSpan,
    lines_before: usize,
}

/// The documents of `source`, for rendering them one at a time, in any order or at the same
/// time ([`render_document`]).
pub fn source_documents(
    source: &Source<'_>,
    limits: Limits,
) -> Result<Vec<SourceDocument>, Vec<Report>> {
    let spans = yaml::split_stream(source.text, limits).map_err(|error| {
        vec![Report::new(
            source.origin,
            source.text,
            Diagnostics::from(vec![error.into_diagnostic()]),
        )]
    })?;
    let mut lines_before = 0;
    let mut counted_to = 0;
    Ok(spans
        .into_iter()
        .map(|span| {
            let before = source.text.get(counted_to..span.range.start);
            lines_before += yaml::count_line_breaks(before.unwrap_or_default());
            counted_to = span.range.start;
            SourceDocument { span, lines_before }
        })
        .collect())
}

/// Pass two of streamed rendering, for one document of a source that passed [`check_source`]
/// and [`conclude`]: the objects of its FlinkCluster in install order (none for an empty
/// document). A problem found now (which the check would have reported) is an error.
pub fn render_document(
    source: &Source<'_>,
    document: &SourceDocument,
    options: &Options,
    limits: Limits,
) -> Result<Vec<Object>, Vec<Report>> {
    let rendered = render_document_once(source, document, options, limits);
    if !rendered.diagnostics.has_errors() {
        return Ok(rendered.objects);
    }
    let check = SourceCheck {
        diagnostics: rendered.diagnostics,
        ..SourceCheck::default()
    };
    reports(std::slice::from_ref(source), vec![check]).map(|_| Vec::new())
}

/// What rendering one document of a source found: the objects of its FlinkCluster, its
/// problems and the cluster's identity.
#[derive(Debug, Default)]
pub struct DocumentRendered {
    /// The objects of its FlinkCluster in install order; none for a document without a
    /// cluster, or when it has errors.
    pub objects: Vec<Object>,
    /// Every problem of the document, placed in the source, as [`check_source`] finds them
    /// (except that no rule is given to what the walk itself finds: see [`conclude_once`]).
    pub diagnostics: Diagnostics,
    /// The cluster's (namespace, name) and where its `metadata.name` is, when it could be read.
    pub cluster: Option<((String, String), Location)>,
    /// The same for a FlinkDeployment.
    pub deployment: Option<((String, String), Location)>,
    /// Whether the document is a FlinkCluster, a FlinkDeployment or a FlinkSessionJob.
    pub found: bool,
    /// What its cluster may not share with another of the input, as [`SourceCheck::claims`].
    pub claims: Vec<((String, String), Claim, Location)>,
}

impl DocumentRendered {
    /// Takes what rendering the document's resource gave: its objects and warnings, or its
    /// problems, placed with `map`.
    fn take(&mut self, done: Result<Rendered, Diagnostics>, map: &input::SourceMap) {
        let (objects, mut found) = match done {
            Ok(done) => (done.objects, done.warnings),
            Err(found) => (Vec::new(), found),
        };
        map.place(&mut found);
        self.diagnostics.extend(found);
        self.objects = objects;
    }
}

/// Renders one document of a source in a single pass, without a check before it: the objects
/// and every problem of the document. Joined over every document of the sources in input
/// order, [`conclude_once`] gives what [`check_source`] and [`conclude`] give; a single pass
/// over a large input parses, defaults and validates each cluster once instead of twice.
pub fn render_document_once(
    source: &Source<'_>,
    document: &SourceDocument,
    options: &Options,
    limits: Limits,
) -> DocumentRendered {
    let mut rendered = DocumentRendered::default();
    match yaml::load_span(source.text, &document.span, document.lines_before, limits) {
        Ok(None) => {}
        Err(error) => rendered.diagnostics.push(error.into_diagnostic()),
        Ok(Some((loaded, found))) => {
            // As the check walks a source (`walk_source`), document by document.
            let (item, readable) = read_document(loaded, found, options, &mut rendered.diagnostics);
            match item {
                Some(Item::Cluster(parsed)) => {
                    rendered.found = true;
                    if readable {
                        let name_at = parsed.source.locate(&FieldPath::fields("metadata.name"));
                        let identity = cluster_identity(&parsed.cluster, options);
                        let done = render(&parsed.cluster, options);
                        if let Ok(done) = &done {
                            rendered.claims = done
                                .claims
                                .iter()
                                .map(|claim| {
                                    let at = parsed.source.locate(&claim.field);
                                    (identity.clone(), claim.clone(), at)
                                })
                                .collect();
                        }
                        rendered.cluster = Some((identity, name_at));
                        rendered.take(done, &parsed.source);
                    }
                }
                Some(Item::Other {
                    location,
                    kind,
                    api_version,
                    ..
                }) => rendered.diagnostics.push(other_kind_error(
                    location,
                    &kind,
                    &api_version,
                    RENDER_REFUSAL,
                )),
                Some(Item::Apache(parsed)) => {
                    rendered.found = true;
                    if readable {
                        rendered.deployment = apache::deployment_identity(
                            &parsed.resource,
                            options,
                        )
                        .map(|identity| {
                            let at = parsed.source.locate(&FieldPath::fields("metadata.name"));
                            (identity, at)
                        });
                        // Only a FlinkSessionJob is checked against the deployments of its
                        // source.
                        let deployments = match parsed.resource {
                            input::ApacheResource::SessionJob(_) => {
                                apache::deployments_of(source.text, limits)
                            }
                            input::ApacheResource::Deployment(_) => Vec::new(),
                        };
                        let done = apache::render_resource(&parsed.resource, options, &deployments);
                        rendered.take(done, &parsed.source);
                    }
                }
                None => {}
            }
        }
    }
    rendered
}

/// Joins single-pass renderings ([`render_document_once`]), gathered per source in input
/// order (`found`: whether each source had a resource to render): `Some` with what
/// [`check_source`] and [`conclude`] would have given when no document had an error and every
/// source had something to render; `None` otherwise, and then the check is the way to the
/// exact reports (a syntax error, for one, is the only problem the check reports for its
/// source).
pub fn conclude_once(
    sources: &[Source<'_>],
    mut checks: Vec<SourceCheck>,
    found: &[bool],
) -> Option<Result<Vec<Report>, Vec<Report>>> {
    for (check, found) in checks.iter_mut().zip(found) {
        if check.diagnostics.has_errors() || !found {
            return None;
        }
        check.diagnostics.tag(Rule::Documents);
    }
    Some(conclude(sources, checks))
}

/// Where each FlinkCluster was first given, by (namespace, name): `<file>:<line>:<column>`.
pub(crate) type SeenClusters = BTreeMap<(String, String), String>;

fn duplicate_error(name: &str, namespace: &str, first: &str, at: Location) -> Diagnostic {
    Diagnostic::error(
        FieldPath::fields("metadata.name"),
        format!("a FlinkCluster named {name:?} in namespace {namespace:?} was already given at {first}; the objects of both would collide"),
    )
    .at(Some(at))
    .with_rule(Rule::Documents)
}

/// The error for `parsed` when a cluster of the same identity was seen before (and records it
/// otherwise).
pub(crate) fn duplicate_of(
    seen: &mut SeenClusters,
    origin: &str,
    parsed: &input::ParsedCluster,
    options: &Options,
) -> Option<Diagnostic> {
    let (namespace, name) = cluster_identity(&parsed.cluster, options);
    let at = parsed.source.locate(&FieldPath::fields("metadata.name"));
    let first = seen.insert((namespace.clone(), name.clone()), format!("{origin}:{at}"))?;
    Some(duplicate_error(&name, &namespace, &first, at))
}

/// Walks the documents of `source` one at a time: each FlinkCluster that reads without problems
/// goes to `per_cluster` (which adds what it finds to the diagnostics); documents of other kinds
/// are refused (`refusal` says why), and with `require_cluster` a source without any
/// FlinkCluster is an error. A syntax error ends the walk and is then the only problem reported for the source.
/// A cluster in strict mode under `options` gets the warnings of reading it as errors.
fn walk_source(
    source: &Source<'_>,
    limits: Limits,
    refusal: &str,
    require_cluster: bool,
    options: &Options,
    mut per_cluster: impl FnMut(input::ParsedCluster, &mut Diagnostics),
    mut per_apache: impl FnMut(input::ParsedApache, &mut Diagnostics),
) -> SourceCheck {
    let mut diagnostics = Diagnostics::new();
    let mut found_any = false;
    for loaded in yaml::documents_of(source.text, limits) {
        let (document, found) = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                return SourceCheck {
                    diagnostics: Diagnostics::from(vec![error.into_diagnostic()]),
                    ..SourceCheck::default()
                };
            }
        };
        let (item, readable) = read_document(document, found, options, &mut diagnostics);
        match item {
            Some(Item::Other {
                location,
                kind,
                api_version,
                ..
            }) => diagnostics.push(other_kind_error(location, &kind, &api_version, refusal)),
            Some(Item::Apache(parsed)) => {
                found_any = true;
                if readable {
                    per_apache(*parsed, &mut diagnostics);
                }
            }
            Some(Item::Cluster(parsed)) => {
                found_any = true;
                if readable {
                    per_cluster(*parsed, &mut diagnostics);
                }
            }
            None => {}
        }
    }
    if require_cluster && !found_any && !diagnostics.has_errors() {
        diagnostics.error(
            FieldPath::root(),
            "no FlinkCluster found (the input is empty or holds only empty documents)",
        );
    }
    // What the walk itself found (an input without FlinkClusters); the rest is tagged already.
    diagnostics.tag(Rule::Documents);
    SourceCheck {
        diagnostics,
        ..SourceCheck::default()
    }
}

/// Reads one loaded document (`found`: what loading it found): its item, and whether it reads
/// without errors; every problem goes to `diagnostics`. Strict mode: what reading a cluster
/// warned about is an error too (the cluster's own checks are made errors by validation),
/// though the cluster is still checked.
fn read_document(
    document: yaml::Document,
    found: Diagnostics,
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> (Option<Item>, bool) {
    let mut problems = found;
    let item = input::parse_document(document, &mut problems);
    let readable = !problems.has_errors();
    if let Some(Item::Cluster(parsed)) = &item
        && options.strict_for(parsed.cluster.metadata.annotations.as_ref())
    {
        problems.make_warnings_errors();
    }
    diagnostics.extend(problems);
    (item, readable)
}

/// The error for a document of another kind where only FlinkClusters are taken.
fn other_kind_error(
    location: Location,
    kind: &str,
    api_version: &str,
    refusal: &str,
) -> Diagnostic {
    Diagnostic::error(
        FieldPath::root(),
        other_kind_message(kind, api_version, refusal),
    )
    .at(Some(location))
    .with_rule(Rule::Documents)
}

/// The error for a FlinkDeployment or FlinkSessionJob where only FlinkClusters are taken.
fn apache_refusal(parsed: &input::ParsedApache, refusal: &str) -> Diagnostic {
    other_kind_error(
        parsed.source.locate(&FieldPath::root()),
        parsed.resource.kind(),
        crate::apache_spec::API_VERSION,
        refusal,
    )
}

fn other_kind_message(kind: &str, api_version: &str, refusal: &str) -> String {
    // `kubectl get -o yaml` of several objects is one List document.
    if kind.ends_with("List") {
        format!(
            "this document is {}, not a FlinkCluster; {}; `kubectl get -o yaml` wraps several objects in a List: give the FlinkClusters as separate documents (for example `kubectl get flinkclusters -o yaml | yq '.items[] | split_doc'`)",
            describe_kind(kind, api_version),
            refusal.split(" (").next().unwrap_or(refusal)
        )
    } else {
        format!(
            "this document is {}, not a FlinkCluster; {refusal}",
            describe_kind(kind, api_version)
        )
    }
}

/// The FlinkClusters of one source, and the problems that keep others from being rendered:
/// documents of other kinds (`refusal` says why they are refused), a cluster given twice
/// (across every source sharing `seen`), or, with `require_cluster`, no cluster at all.
pub(crate) fn clusters_of(
    source: &Source<'_>,
    options: &Options,
    limits: Limits,
    refusal: &str,
    require_cluster: bool,
    seen: &mut SeenClusters,
) -> (Vec<input::ParsedCluster>, Diagnostics) {
    let (clusters, apache, mut diagnostics) =
        resources_of(source, options, limits, refusal, require_cluster, seen);
    for parsed in &apache {
        diagnostics.push(apache_refusal(parsed, refusal));
    }
    (clusters, diagnostics)
}

/// As [`clusters_of`], with the FlinkDeployments and FlinkSessionJobs that read without
/// problems returned beside the FlinkClusters instead of refused.
pub(crate) fn resources_of(
    source: &Source<'_>,
    options: &Options,
    limits: Limits,
    refusal: &str,
    require_cluster: bool,
    seen: &mut SeenClusters,
) -> (
    Vec<input::ParsedCluster>,
    Vec<input::ParsedApache>,
    Diagnostics,
) {
    let mut clusters = Vec::new();
    let mut apache = Vec::new();
    let check = walk_source(
        source,
        limits,
        refusal,
        require_cluster,
        options,
        |parsed, diagnostics| match duplicate_of(seen, source.origin, &parsed, options) {
            Some(duplicate) => diagnostics.push(duplicate),
            None => clusters.push(parsed),
        },
        |parsed, _| apache.push(parsed),
    );
    (clusters, apache, check.diagnostics)
}

/// The (namespace, name) a cluster's objects are created under: two clusters with the same
/// identity would overwrite each other's objects.
pub(crate) fn cluster_identity(cluster: &FlinkCluster, options: &Options) -> (String, String) {
    identity(&cluster.metadata, options)
}

/// The (namespace, name) of a resource's objects: `metadata.namespace`, else `--namespace`.
pub(crate) fn identity(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    options: &Options,
) -> (String, String) {
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
