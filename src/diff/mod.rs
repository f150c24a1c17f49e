//! Diff: what changes between two revisions of a FlinkCluster, and what the operator would do.
//!
//! Both sides are rendered; their objects are paired by `apiVersion`, `kind`, namespace and name
//! and compared as Kubernetes compares them ([`semantic`]: quantities by value, maps unordered,
//! defaults applied). On top of the object diff come the operator's view of the change:
//!
//! - the revision ([`history`]): the new spec's ControllerRevision, its number and the history
//!   trimmed by `revisionHistoryLimit`;
//! - the impact ([`impact`]): no update, a scale update or a full update; whether the job is
//!   stopped with a savepoint; which objects are recreated, updated in place, created or
//!   deleted; changes of fields that never trigger an update;
//! - the validating webhook ([`rules`]): updates it refuses, with its messages.
//!
//! Revision numbers: the old spec has the number given in [`DiffOptions::render`] (the
//! `flink-render/revision` annotation, else 1); the new spec keeps it when its revision data is
//! unchanged and gets the next one otherwise, as the operator numbers revisions. A cluster that
//! only the new side has is created with revision 1.
//!
//! FlinkDeployments (the Apache operator's) are diffed by their objects, with that operator's
//! spec-change checks against the old spec as refusals ([`apache`]).
//!
//! [`diff_sources`] works on YAML texts (several clusters per text, paired by namespace and
//! name) and ties problems to lines and columns; [`diff`] takes two typed clusters. Output:
//! [`text`] (summary, impact, unified diffs), [`json`] (the same for machines) and
//! [`markdown`] (a pull request comment: a verdict per cluster, tables, folded diffs).
//!
//! ```
//! use flink_render::diff::{diff_sources, DiffOptions, impact::Update};
//! use flink_render::Source;
//! use flink_render::yaml::Limits;
//!
//! let cluster = |replicas: u32| format!(
//!     "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  taskManager:\n    replicas: {replicas}\n  job:\n    jarFile: /opt/job.jar\n    savepointsDir: s3://bucket/savepoints\n"
//! );
//! let (old, new) = (cluster(2), cluster(4));
//! let diff = diff_sources(
//!     Source { origin: "old.yaml", text: &old },
//!     Source { origin: "new.yaml", text: &new },
//!     &DiffOptions::default(),
//!     Limits::default(),
//! )
//! .expect("both render");
//! assert!(diff.has_differences() && !diff.is_rejected());
//! let demo = &diff.clusters[0];
//! assert_eq!(demo.impact.update, Update::Scale);
//! assert_eq!(demo.revision.new.as_ref().map(|r| r.number), Some(2));
//! let report = flink_render::diff::text::report(&diff, false)?;
//! assert!(report.contains("scale update"));
//! # Ok::<(), flink_render::yaml::EmitError>(())
//! ```

pub mod apache;
pub mod flink;
pub mod history;
pub mod impact;
pub mod json;
pub mod markdown;
pub mod objects;
pub mod rules;
pub mod semantic;
pub mod text;
pub mod versions;

use serde_json::Value;

use crate::defaults;
use crate::diagnostics::{Diagnostics, Report};
use crate::input::SourceMap;
use crate::object::Object;
use crate::options::Options;
use crate::path::{FieldPath, Segment};
use crate::pipeline::{self, Source};
use crate::spec::FlinkCluster;
use crate::yaml::Limits;

pub use history::{RevisionAction, RevisionRef};
pub use impact::{Action, Impact, SpecChange, Update};
pub use objects::{ObjectChange, ObjectDiff};
pub use rules::{LiveJob, LiveState};

/// How to diff: the render options (applied to both sides; `revision` is the old side's number)
/// and what is assumed about the live cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Options for rendering both sides.
    pub render: Options,
    /// The assumed status of the live cluster.
    pub live: LiveState,
}

/// The revisions of a cluster before and after the change.
#[derive(Clone, Debug, PartialEq)]
pub struct RevisionDiff {
    /// The old spec's revision (none for a new cluster).
    pub old: Option<RevisionRef>,
    /// The new spec's revision (none for a deleted cluster).
    pub new: Option<RevisionRef>,
    /// How the new revision comes about (none for a deleted cluster).
    pub action: Option<RevisionAction>,
    /// The `revisionHistoryLimit` in effect.
    pub history_limit: i32,
    /// Revisions kept once the update has finished, oldest first.
    pub kept: Vec<RevisionRef>,
    /// Revisions deleted by the history limit, oldest first.
    pub deleted: Vec<RevisionRef>,
    /// The changes of the hashed spec (the revision data).
    pub spec_changes: Vec<SpecChange>,
}

/// The diff of one FlinkCluster (or one FlinkDeployment: [`apache`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterDiff {
    /// `FlinkCluster` or `FlinkDeployment`.
    pub kind: &'static str,
    /// Its namespace, when known.
    pub namespace: Option<String>,
    /// Its name.
    pub name: String,
    /// Old and new revision and the history.
    pub revision: RevisionDiff,
    /// What the operator does.
    pub impact: Impact,
    /// Every object of either side, with its change and action (a ControllerRevision the new
    /// spec replaces is listed only when the history limit deletes it).
    pub objects: Vec<ObjectDiff>,
    /// Refusals of the operator's webhook: the update cannot be applied.
    pub rejections: Diagnostics,
    /// Refusals of the webhook that depend on the live status (warnings, see [`rules`]).
    pub conditional_rejections: Diagnostics,
    /// Warnings from rendering the old cluster.
    pub old_warnings: Diagnostics,
    /// Warnings from rendering the new cluster.
    pub new_warnings: Diagnostics,
    /// What changes in the configuration Flink reads and in its memory sizes.
    pub flink: flink::FlinkChanges,
}

impl ClusterDiff {
    /// Whether anything differs: an object, the revision, a field outside the hash, or a
    /// control request.
    pub fn has_differences(&self) -> bool {
        self.objects
            .iter()
            .any(|o| o.change != ObjectChange::Unchanged)
            || self.revision.old != self.revision.new
            || !self.impact.untriggered.is_empty()
            || self.impact.control.is_some()
    }

    /// `<namespace>/<name>`, or the name alone when there is no namespace.
    pub fn qualified_name(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("{namespace}/{}", self.name),
            None => self.name.clone(),
        }
    }

    /// Objects with the given change.
    pub fn count(&self, change: ObjectChange) -> usize {
        self.objects.iter().filter(|o| o.change == change).count()
    }
}

/// The diff of two inputs.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// One entry per FlinkCluster of either side: the new side's order, then removed clusters.
    pub clusters: Vec<ClusterDiff>,
    /// What was assumed about the live clusters' status.
    pub assumed: LiveState,
    /// Webhook refusals, as reports on the new input (empty unless [`Diff::is_rejected`]).
    pub rejections: Vec<Report>,
    /// Warnings from rendering either side.
    pub warnings: Vec<Report>,
}

impl Diff {
    /// Whether anything differs in any cluster (exit code 1 of `flink-render diff`).
    pub fn has_differences(&self) -> bool {
        self.clusters.iter().any(ClusterDiff::has_differences)
    }

    /// Whether the operator's webhook refuses the update of some cluster.
    pub fn is_rejected(&self) -> bool {
        !self.rejections.is_empty()
    }
}

/// Why two clusters could not be diffed: problems of the old and of the new one.
#[derive(Clone, Debug, Default, PartialEq, thiserror::Error)]
#[error("old: {old}; new: {new}")]
pub struct DiffError {
    /// Problems of the old cluster.
    pub old: Diagnostics,
    /// Problems of the new cluster.
    pub new: Diagnostics,
}

/// Diffs two typed FlinkClusters (the old one as it runs, the new one as it would be applied).
/// Pass `None` for a cluster that is created or deleted.
pub fn diff(
    old: Option<&FlinkCluster>,
    new: Option<&FlinkCluster>,
    options: &DiffOptions,
) -> Result<ClusterDiff, DiffError> {
    let mut errors = DiffError::default();
    // The report speaks of the operator's revisions and updates; natively there is no operator.
    let native = |cluster: Option<&FlinkCluster>, problems: &mut Diagnostics| {
        let settings = cluster.and_then(|c| {
            options
                .render
                .settings_for(
                    c.metadata.annotations.as_ref(),
                    c.metadata.uid.as_deref(),
                    c.metadata.namespace.as_deref(),
                )
                .ok()
        });
        if settings.is_some_and(|s| s.target == crate::options::Target::Native) {
            problems.push(crate::diagnostics::Diagnostic::error(
                FieldPath::root(),
                "diff reports how the Flink operator updates a FlinkCluster; with --target native there is no operator: compare the output of `flink-render render --target native` instead",
            ).with_rule(crate::diagnostics::Rule::Options));
        }
    };
    native(old, &mut errors.old);
    native(new, &mut errors.new);
    if errors.old.has_errors() || errors.new.has_errors() {
        return Err(errors);
    }
    let old_settings_revision = old
        .and_then(|c| {
            options
                .render
                .settings_for(
                    c.metadata.annotations.as_ref(),
                    c.metadata.uid.as_deref(),
                    c.metadata.namespace.as_deref(),
                )
                .ok()
        })
        .map_or(1, |s| s.revision);
    let old_defaulted = old.map(|c| defaults::apply(c.clone()).into_cluster());
    let new_defaulted = new.map(|c| defaults::apply(c.clone()).into_cluster());
    let revision_of = |c: &FlinkCluster| {
        let data = crate::revision::data_patch(&c.spec);
        let hash = crate::revision::hash(&data, 0);
        let name = crate::revision::controller_revision_name(
            c.metadata.name.as_deref().unwrap_or_default(),
            &hash,
        );
        (name, data)
    };
    let old_revision = old_defaulted.as_ref().map(|c| {
        let (name, data) = revision_of(c);
        history::StoredRevision {
            revision: RevisionRef {
                name,
                number: old_settings_revision,
            },
            data,
        }
    });
    let new_revision = new_defaulted.as_ref().map(revision_of);
    let history_limit = new_defaulted
        .as_ref()
        .or(old_defaulted.as_ref())
        .and_then(|c| c.spec.revision_history_limit)
        .unwrap_or(history::DEFAULT_HISTORY_LIMIT);
    let synced = new_revision
        .as_ref()
        .map(|(name, data)| history::sync(old_revision.as_slice(), name, data, history_limit));

    let render = |cluster: Option<&FlinkCluster>, options: &Options, problems: &mut Diagnostics| {
        match cluster.map(|c| pipeline::render(c, options)) {
            None => pipeline::Rendered::default(),
            Some(Ok(rendered)) => rendered,
            Some(Err(found)) => {
                *problems = found;
                pipeline::Rendered::default()
            }
        }
    };
    let old_rendered = render(old, &options.render, &mut errors.old);
    // During an update, a fromSavepoint in the new spec wins over the savepoint in the job's
    // status (which --from-savepoint stands for), as in the operator's convertFromSavepoint.
    let update_triggered = old_revision
        .as_ref()
        .zip(new_revision.as_ref())
        .is_some_and(|(old, (_, new))| old.data != *new);
    let spec_savepoint = new_defaulted
        .as_ref()
        .and_then(|c| c.spec.job.as_ref())
        .and_then(|j| j.from_savepoint.as_deref())
        .is_some_and(|path| !path.trim().is_empty());
    let new_options = Options {
        revision: synced.as_ref().map(|s| s.next.number),
        from_savepoint: if update_triggered && spec_savepoint {
            None
        } else {
            options.render.from_savepoint.clone()
        },
        ..options.render.clone()
    };
    let new_rendered = render(new, &new_options, &mut errors.new);
    let mut check = match (&old_defaulted, &new_defaulted) {
        (Some(old), Some(new)) => rules::check(old, new, &options.live),
        _ => rules::UpdateCheck::default(),
    };
    if new.is_some_and(|c| options.render.strict_for(c.metadata.annotations.as_ref())) {
        // Strict mode: a refusal that depends on the live status counts as certain.
        let mut conditional = std::mem::take(&mut check.warnings);
        conditional.make_warnings_errors();
        check.rejections.extend(conditional);
    }
    if errors.old.has_errors() || errors.new.has_errors() {
        // The webhook's update rules run before its create validation: report both.
        let mut new_errors = check.rejections;
        new_errors.extend(std::mem::take(&mut errors.new));
        errors.new = new_errors;
        return Err(errors);
    }

    let flink = flink::changes(
        old.and_then(|c| pipeline::validated(c, &options.render).ok())
            .as_ref(),
        new.and_then(|c| pipeline::validated(c, &new_options).ok())
            .as_ref(),
    );
    let to_value = |data: &[u8]| serde_json::from_slice::<Value>(data).ok();
    let old_data = old_revision.as_ref().and_then(|r| to_value(&r.data));
    let new_data = new_revision.as_ref().and_then(|(_, data)| to_value(data));
    let mut objects = objects::pair(old_rendered.objects, new_rendered.objects);
    if let Some(synced) = &synced {
        // Replaced revisions stay in the history unless the limit deletes them.
        objects.retain(|o| {
            let replaced_revision = o.change == ObjectChange::Removed
                && matches!(o.old, Some(Object::ControllerRevision(_)));
            !replaced_revision || synced.deleted.iter().any(|r| r.name == o.name())
        });
    }
    let impact = impact::assess(
        &impact::Inputs {
            old: old_defaulted.as_ref(),
            new: new_defaulted.as_ref(),
            old_data: old_data.as_ref(),
            new_data: new_data.as_ref(),
            live: &options.live,
        },
        &mut objects,
    );
    let mut spec_changes = match (&old_data, &new_data) {
        (Some(_), Some(_)) => {
            impact::changes(old_data.as_ref(), new_data.as_ref(), &FieldPath::root())
        }
        _ => Vec::new(),
    };
    if let Some(new) = &new_defaulted {
        mark_same_quantities(&new.spec, &mut spec_changes);
    }
    let cluster = new.or(old);
    let revision = RevisionDiff {
        old: old_revision.map(|r| r.revision),
        new: synced.as_ref().map(|s| s.next.clone()),
        action: synced.as_ref().map(|s| s.action),
        history_limit,
        kept: synced.as_ref().map(|s| s.kept.clone()).unwrap_or_default(),
        deleted: synced.map(|s| s.deleted).unwrap_or_default(),
        spec_changes,
    };
    Ok(ClusterDiff {
        kind: crate::spec::KIND,
        namespace: cluster
            .and_then(|c| c.metadata.namespace.clone())
            .or_else(|| options.render.namespace.clone())
            .filter(|n| !n.is_empty()),
        name: cluster
            .and_then(|c| c.metadata.name.clone())
            .unwrap_or_default(),
        revision,
        impact,
        objects,
        rejections: check.rejections,
        conditional_rejections: check.warnings,
        old_warnings: old_rendered.warnings,
        new_warnings: new_rendered.warnings,
        flink,
    })
}

/// Diffs the FlinkClusters of two YAML texts, pairing clusters by namespace and name. Problems
/// of either text (parse errors, invalid clusters) are returned as reports; webhook refusals
/// come back inside the [`Diff`] ([`Diff::rejections`]).
pub fn diff_sources(
    old: Source<'_>,
    new: Source<'_>,
    options: &DiffOptions,
    limits: Limits,
) -> Result<Diff, Vec<Report>> {
    // A side without FlinkClusters (an empty file, /dev/null) is nothing deployed, or nothing
    // left: the diff of a first deployment, or of a teardown.
    let read = |source: &Source<'_>| {
        let refusal = "`diff` compares FlinkClusters and FlinkDeployments only";
        pipeline::resources_of(
            source,
            &options.render,
            limits,
            refusal,
            false,
            &mut Default::default(),
        )
    };
    let (old_clusters, old_apache, mut old_problems) = read(&old);
    let (new_clusters, new_apache, mut new_problems) = read(&new);
    let old_deployments = apache_side(&old, old_apache, options, limits, &mut old_problems);
    let new_deployments = apache_side(&new, new_apache, options, limits, &mut new_problems);
    if old_clusters.is_empty()
        && new_clusters.is_empty()
        && old_deployments.is_empty()
        && new_deployments.is_empty()
        && !old_problems.has_errors()
        && !new_problems.has_errors()
    {
        new_problems.error(
            FieldPath::root(),
            "no FlinkCluster in OLD or NEW: nothing to compare (for a first deployment, give an empty OLD: `flink-render diff /dev/null NEW`)",
        );
    }
    let pairs = pair_by(old_clusters, new_clusters, |c| {
        pipeline::identity(&c.cluster.metadata, &options.render)
    });
    let deployment_pairs = pair_by(old_deployments, new_deployments, |(d, _)| {
        pipeline::apache::deployment_key(d, &options.render)
    });

    let mut result = Diff {
        assumed: options.live,
        ..Diff::default()
    };
    let mut new_rejections = Diagnostics::new();
    let mut old_warnings = Diagnostics::new();
    let mut new_warnings = Diagnostics::new();
    for (old_cluster, new_cluster) in pairs {
        let place = place_in;
        let old_map = old_cluster.as_ref().map(|c| &c.source);
        let new_map = new_cluster.as_ref().map(|c| &c.source);
        match diff(
            old_cluster.as_ref().map(|c| &c.cluster),
            new_cluster.as_ref().map(|c| &c.cluster),
            options,
        ) {
            Ok(mut cluster) => {
                place(new_map, &mut cluster.rejections);
                place(new_map, &mut cluster.conditional_rejections);
                place(old_map, &mut cluster.old_warnings);
                place(new_map, &mut cluster.new_warnings);
                new_rejections.extend(cluster.rejections.clone());
                old_warnings.extend(cluster.old_warnings.clone());
                new_warnings.extend(cluster.new_warnings.clone());
                result.clusters.push(cluster);
            }
            Err(mut errors) => {
                place(old_map, &mut errors.old);
                place(new_map, &mut errors.new);
                old_problems.extend(errors.old);
                new_problems.extend(errors.new);
            }
        }
    }
    for (old_deployment, new_deployment) in deployment_pairs {
        let old_map = old_deployment.as_ref().map(|(_, map)| map);
        let new_map = new_deployment.as_ref().map(|(_, map)| map);
        match apache::diff_deployment(
            old_deployment.as_ref().map(|(d, _)| d),
            new_deployment.as_ref().map(|(d, _)| d),
            options,
        ) {
            Ok(mut deployment) => {
                place_in(new_map, &mut deployment.rejections);
                place_in(old_map, &mut deployment.old_warnings);
                place_in(new_map, &mut deployment.new_warnings);
                new_rejections.extend(deployment.rejections.clone());
                old_warnings.extend(deployment.old_warnings.clone());
                new_warnings.extend(deployment.new_warnings.clone());
                result.clusters.push(deployment);
            }
            Err(mut errors) => {
                place_in(old_map, &mut errors.old);
                place_in(new_map, &mut errors.new);
                old_problems.extend(errors.old);
                new_problems.extend(errors.new);
            }
        }
    }
    let report = |source: &Source<'_>, mut diagnostics: Diagnostics| {
        diagnostics.sort_by_location();
        Report::new(source.origin, source.text, diagnostics)
    };
    if old_problems.has_errors() || new_problems.has_errors() {
        return Err([(&old, old_problems), (&new, new_problems)]
            .into_iter()
            .filter(|(_, d)| d.has_errors())
            .map(|(source, d)| report(source, d))
            .collect());
    }
    // What reading the inputs warned about (keys Kubernetes reads differently, ...).
    old_warnings.extend(old_problems);
    new_warnings.extend(new_problems);
    if !new_rejections.is_empty() {
        result.rejections.push(report(&new, new_rejections));
    }
    for (source, warnings) in [(&old, old_warnings), (&new, new_warnings)] {
        if !warnings.is_empty() {
            result.warnings.push(report(source, warnings));
        }
    }
    Ok(result)
}

/// Places `diagnostics` in the source `map`, when there is one.
fn place_in(map: Option<&SourceMap>, diagnostics: &mut Diagnostics) {
    if let Some(map) = map {
        map.place(diagnostics);
    }
}

/// A FlinkDeployment of one side of a diff, with where its fields are.
type SideDeployment = (crate::apache_spec::FlinkDeployment, SourceMap);

/// The FlinkDeployments of one side of a diff; its FlinkSessionJobs (which make no object) are
/// checked as `render` checks them, against the side's FlinkDeployments, their problems added to
/// `problems`. Two FlinkDeployments with one name and namespace are an error.
fn apache_side(
    source: &Source<'_>,
    resources: Vec<crate::input::ParsedApache>,
    options: &DiffOptions,
    limits: Limits,
    problems: &mut Diagnostics,
) -> Vec<SideDeployment> {
    let deployments = pipeline::apache::deployments_of(source.text, limits);
    let mut seen = pipeline::SeenClusters::new();
    let mut out = Vec::new();
    for parsed in resources {
        match parsed.resource {
            crate::input::ApacheResource::Deployment(deployment) => {
                let identity = pipeline::apache::deployment_key(&deployment, &options.render);
                if let Some(duplicate) = pipeline::apache::duplicate_deployment(
                    &mut seen,
                    source.origin,
                    identity,
                    &parsed.source,
                ) {
                    problems.push(duplicate);
                } else {
                    out.push((*deployment, parsed.source));
                }
            }
            crate::input::ApacheResource::SessionJob(_) => {
                let mut found = pipeline::apache::check_resource(
                    &parsed.resource,
                    &options.render,
                    &deployments,
                );
                parsed.source.place(&mut found);
                problems.extend(found);
            }
        }
    }
    out
}

/// The resources of both sides paired by `key` (namespace and name): the new side's order, then
/// the ones only the old side has.
fn pair_by<T, K: PartialEq>(
    old: Vec<T>,
    new: Vec<T>,
    key: impl Fn(&T) -> K,
) -> Vec<(Option<T>, Option<T>)> {
    let mut old_left: Vec<Option<T>> = old.into_iter().map(Some).collect();
    let mut pairs = Vec::new();
    for new_one in new {
        let wanted = key(&new_one);
        let old_one = old_left
            .iter_mut()
            .find(|o| o.as_ref().is_some_and(|o| key(o) == wanted))
            .and_then(Option::take);
        pairs.push((old_one, Some(new_one)));
    }
    pairs.extend(old_left.into_iter().flatten().map(|o| (Some(o), None)));
    pairs
}

/// A path with fields and map keys alike, so that paths built either way compare equal.
fn path_key(path: &FieldPath) -> Vec<String> {
    path.segments()
        .iter()
        .map(|segment| match segment {
            Segment::Field(name) | Segment::Key(name) => name.clone(),
            Segment::Index(index) => index.to_string(),
        })
        .collect()
}

/// Marks the changes of resource quantities (positions taken from `spec`) whose old and new
/// spellings have the same value.
fn mark_same_quantities(spec: &crate::spec::FlinkClusterSpec, changes: &mut [SpecChange]) {
    let mut positions = std::collections::BTreeSet::new();
    crate::visit::quantities_mut(&mut spec.clone(), |path, _| {
        positions.insert(path_key(&path));
    });
    for change in changes {
        let parse = |v: &Option<Value>| {
            v.as_ref()
                .and_then(Value::as_str)
                .and_then(|s| crate::quantity::Quantity::parse_trimmed(s).ok())
        };
        change.same_value = positions.contains(&path_key(&change.path))
            && matches!((parse(&change.old), parse(&change.new)), (Some(a), Some(b)) if a == b);
    }
}
