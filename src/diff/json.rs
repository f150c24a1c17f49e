//! The diff for machines: one JSON document with the information of the text report.
//!
//! The schema is versioned (`formatVersion`, now 1) and documented field by field in
//! `docs/diff.md`; fields are only ever added within a version. Keys are camelCase, absent
//! values are `null`, lists are always present. Objects' unified diffs are included as text
//! (no colour), so CI can show them without rendering again.

use serde::Serialize;

use super::history::{RevisionAction, RevisionRef};
use super::impact::{Action, JobPlan, SpecChange, UntriggeredChange, Update};
use super::objects::ObjectChange;
use super::rules::LiveState;
use super::{ClusterDiff, Diff};
use crate::diagnostics::Diagnostic;
use crate::yaml::EmitError;

/// Version of the JSON schema.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    format_version: u32,
    differences: bool,
    assumptions: Assumptions,
    clusters: Vec<Cluster<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Assumptions {
    #[serde(flatten)]
    live: LiveState,
    control_in_progress: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Revision<'a> {
    name: &'a str,
    number: u32,
    status_name: String,
}

impl<'a> From<&'a RevisionRef> for Revision<'a> {
    fn from(r: &'a RevisionRef) -> Revision<'a> {
        Revision {
            name: &r.name,
            number: r.number,
            status_name: r.status_name(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Revisions<'a> {
    old: Option<Revision<'a>>,
    new: Option<Revision<'a>>,
    action: Option<RevisionAction>,
    history_limit: i32,
    kept: Vec<Revision<'a>>,
    deleted: Vec<Revision<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
    unchanged: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Warning<'a> {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

impl<'a> From<&'a Diagnostic> for Warning<'a> {
    fn from(d: &'a Diagnostic) -> Warning<'a> {
        Warning {
            path: d.path.to_string(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.column),
            message: &d.message,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Object<'a> {
    api_version: &'a str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    change: ObjectChange,
    revision_label_only: bool,
    action: Action,
    diff: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Cluster<'a> {
    /// Written for a FlinkDeployment only (the format stays as it was for FlinkClusters).
    #[serde(skip_serializing_if = "is_flink_cluster")]
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    differences: bool,
    update: Update,
    revision: Revisions<'a>,
    spec_changes: &'a [SpecChange],
    untriggered: &'a [UntriggeredChange],
    control: Option<&'a str>,
    job: Option<&'a JobPlan>,
    recreate_on_update: bool,
    counts: Counts,
    objects: Vec<Object<'a>>,
    conditional_rejections: Vec<Warning<'a>>,
    warnings: &'a [String],
    notes: &'a [String],
    flink_version: Option<serde_json::Value>,
}

fn is_flink_cluster(kind: &&str) -> bool {
    *kind == crate::spec::KIND
}

fn cluster(c: &ClusterDiff) -> Result<Cluster<'_>, EmitError> {
    let r = &c.revision;
    let objects = c
        .objects
        .iter()
        .map(|o| {
            let object = o.object();
            Ok(Object {
                api_version: object.map_or("", |x| x.api_version()),
                kind: o.kind(),
                namespace: object.and_then(|x| x.namespace()),
                name: o.name(),
                change: o.change,
                revision_label_only: o.revision_label_only,
                action: o.action,
                diff: o.unified_diff()?,
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(Cluster {
        kind: c.kind,
        namespace: c.namespace.as_deref(),
        name: &c.name,
        differences: c.has_differences(),
        update: c.impact.update,
        revision: Revisions {
            old: r.old.as_ref().map(Revision::from),
            new: r.new.as_ref().map(Revision::from),
            action: r.action,
            history_limit: r.history_limit,
            kept: r.kept.iter().map(Revision::from).collect(),
            deleted: r.deleted.iter().map(Revision::from).collect(),
        },
        spec_changes: &r.spec_changes,
        untriggered: &c.impact.untriggered,
        control: c.impact.control.as_deref(),
        job: c.impact.job.as_ref(),
        recreate_on_update: c.impact.recreate_on_update,
        counts: Counts {
            added: c.count(ObjectChange::Added),
            removed: c.count(ObjectChange::Removed),
            changed: c.count(ObjectChange::Changed),
            unchanged: c.count(ObjectChange::Unchanged),
        },
        objects,
        conditional_rejections: c.conditional_rejections.iter().map(Warning::from).collect(),
        warnings: &c.impact.warnings,
        notes: &c.impact.notes,
        flink_version: c.flink.version.as_ref().map(version),
    })
}

/// `flinkVersion`: what a change of Flink line does to the configuration.
fn version(v: &super::versions::VersionChange) -> serde_json::Value {
    serde_json::json!({
        "old": v.old,
        "new": v.new,
        "file": v.file.as_ref().map(|(old, new)| serde_json::json!({"old": old, "new": new})),
        "keys": v.keys.iter().map(|(key, change)| serde_json::json!({"key": key, "change": change})).collect::<Vec<_>>(),
        "defaults": v.defaults.iter().map(|d| serde_json::json!({"key": d.name, "old": d.old, "new": d.new})).collect::<Vec<_>>(),
    })
}

/// Errors while writing the JSON report.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// An object could not be written as YAML for its diff.
    #[error(transparent)]
    Yaml(#[from] EmitError),
    /// The document could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// The JSON report (two-space indentation, final newline).
pub fn report(diff: &Diff) -> Result<String, JsonError> {
    let document = Document {
        format_version: FORMAT_VERSION,
        differences: diff.has_differences(),
        assumptions: Assumptions {
            live: diff.assumed,
            control_in_progress: false,
        },
        clusters: diff
            .clusters
            .iter()
            .map(cluster)
            .collect::<Result<_, _>>()?,
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}
