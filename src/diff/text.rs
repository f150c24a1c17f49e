//! The diff for people: per cluster a summary (update kind, revision, history, spec changes,
//! job, objects with the operator's action, warnings, notes, assumptions), then a unified diff
//! per object that differs.
//!
//! Colour is a flag, never a guess: the command line decides (terminal, `--color`, `NO_COLOR`).
//! With colour on, removed lines are red, added lines green, hunk headers cyan, file headers
//! and cluster headlines bold, warnings yellow (ANSI SGR codes).

use std::fmt::Write as _;

use serde_json::Value;

use super::history::{RevisionAction, RevisionRef};
use super::impact::{Action, JobStop, Restore, SpecChange, Update};
use super::objects::ObjectChange;
use super::rules::LiveJob;
use super::versions::VersionChange;
use super::{ClusterDiff, Diff};
use crate::diagnostics::Diagnostic;
use crate::yaml::EmitError;

/// An ANSI style.
#[derive(Clone, Copy)]
enum Style {
    Bold,
    Red,
    Green,
    Cyan,
    Yellow,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Red => "31",
            Style::Green => "32",
            Style::Cyan => "36",
            Style::Yellow => "33",
        }
    }
}

/// Writes with or without colour.
struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\u{1b}[{}m{text}\u{1b}[0m", style.code())
        } else {
            text.to_owned()
        }
    }
}

/// The whole report: every cluster's summary, then the unified diffs.
pub fn report(diff: &Diff, color: bool) -> Result<String, EmitError> {
    let painter = Painter { color };
    let mut out = String::new();
    for cluster in &diff.clusters {
        summary(&mut out, cluster, &painter);
    }
    out.push_str(&assumptions(diff));
    for cluster in &diff.clusters {
        for object in &cluster.objects {
            let unified = object.unified_diff()?;
            if !unified.is_empty() {
                out.push('\n');
                paint_unified(&mut out, &unified, &painter);
            }
        }
    }
    Ok(out)
}

/// The line saying what was assumed about the live status, when it mattered: some job cluster
/// existed before.
fn assumptions(diff: &Diff) -> String {
    assumed(diff).map_or_else(String::new, |assumed| {
        format!("assuming: {assumed} (--job-state, --status-savepoint-generation)\n")
    })
}

/// What was assumed about the live status, when it mattered (some job cluster existed before).
pub(super) fn assumed(diff: &Diff) -> Option<String> {
    let live = &diff.assumed;
    let job_clusters = diff
        .clusters
        .iter()
        .any(|c| c.impact.job.is_some() && c.revision.old.is_some());
    if !job_clusters {
        return None;
    }
    let job = match live.job {
        LiveJob::Running => "the job is running",
        LiveJob::Stopped => "the job has stopped",
    };
    let generation = match live.savepoint_generation {
        Some(n) => format!("status savepointGeneration {n}"),
        None => "status savepointGeneration equal to the old spec's".to_owned(),
    };
    Some(format!("{job}, {generation}, no control in progress"))
}

fn paint_unified(out: &mut String, unified: &str, painter: &Painter) {
    for line in unified.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let style = if body.starts_with("---") || body.starts_with("+++") {
            Some(Style::Bold)
        } else if body.starts_with("@@") {
            Some(Style::Cyan)
        } else if body.starts_with('-') {
            Some(Style::Red)
        } else if body.starts_with('+') {
            Some(Style::Green)
        } else {
            None
        };
        match style {
            Some(style) => out.push_str(&painter.paint(style, body)),
            None => out.push_str(body),
        }
        out.push_str(newline);
    }
}

fn headline(cluster: &ClusterDiff) -> &'static str {
    match cluster.impact.update {
        Update::Create => "created",
        Update::Delete => "deleted",
        Update::None if cluster.has_differences() => "no update",
        Update::None => "no differences",
        Update::Scale => "scale update",
        Update::Full if cluster.impact.job.is_none() && !cluster.impact.warnings.is_empty() => {
            "full update, never carried out (see the warning)"
        }
        Update::Full => "full update",
    }
}

fn revision_line(cluster: &ClusterDiff) -> String {
    let r = &cluster.revision;
    match (&r.old, &r.new, r.action) {
        (Some(old), None, _) => format!("{} (deleted with the cluster)", old.status_name()),
        (None, Some(new), _) => format!("{} (new ControllerRevision)", new.status_name()),
        (Some(_), Some(new), Some(RevisionAction::Unchanged)) => {
            format!("{} (unchanged)", new.status_name())
        }
        (Some(old), Some(new), Some(RevisionAction::RolledBack { from })) => format!(
            "{} -> {} (rollback: the existing ControllerRevision {} is renumbered from {from})",
            old.status_name(),
            new.status_name(),
            new.name
        ),
        (Some(old), Some(new), _) => format!(
            "{} -> {} (new ControllerRevision {})",
            old.status_name(),
            new.status_name(),
            new.name
        ),
        (None, None, _) => String::new(),
    }
}

fn names(revisions: &[RevisionRef]) -> String {
    revisions
        .iter()
        .map(RevisionRef::status_name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn value(value: Option<&Value>) -> String {
    value.map_or_else(|| "(unset)".to_owned(), Value::to_string)
}

fn change_line(change: &SpecChange) -> String {
    let same = if change.same_value {
        " (same quantity, new spelling: the operator hashes the spelling)"
    } else {
        ""
    };
    format!(
        "{}: {} -> {}{same}",
        change.path,
        value(change.old.as_ref()),
        value(change.new.as_ref())
    )
}

fn job_line(cluster: &ClusterDiff) -> Option<String> {
    let Some(plan) = cluster.impact.job.as_ref() else {
        return matches!(cluster.impact.update, Update::Scale | Update::Full).then(|| {
            "none (session cluster): the operator changes the components at once".to_owned()
        });
    };
    let line = match (cluster.impact.update, &plan.stop, &plan.restore) {
        (Update::Scale, ..) => "keeps running (a scale update does not stop it)".to_owned(),
        (Update::Full, JobStop::None, _) => {
            "is not running and stays stopped (the operator does not resubmit a terminated job)"
                .to_owned()
        }
        (_, JobStop::None, _) => return None,
        (_, stop, restore) => {
            let stop = match stop {
                JobStop::Savepoint { savepoints_dir } => {
                    format!("stopped with a savepoint into {savepoints_dir}")
                }
                JobStop::WithJobManager => {
                    "not cancelled: it ends when its JobManager is deleted or replaced, without a final savepoint"
                        .to_owned()
                }
                _ => "cancelled without a savepoint".to_owned(),
            };
            let restore = match restore {
                Restore::FromSavepoint { path } => {
                    format!("resubmitted from spec.job.fromSavepoint {path}")
                }
                Restore::SavepointTakenOnStop => "resubmitted from that savepoint".to_owned(),
                Restore::LatestSavepoint => {
                    "resubmitted from its latest savepoint (takeSavepointOnUpdate is false)"
                        .to_owned()
                }
                Restore::None => "not resubmitted".to_owned(),
            };
            format!("is {stop}, then {restore}")
        }
    };
    Some(line)
}

/// The action as the reports name it.
pub(super) fn action_word(action: Action) -> &'static str {
    match action {
        Action::Keep => "keep",
        Action::Create => "create",
        Action::Delete => "delete",
        Action::Recreate => "recreate",
        Action::Update => "update in place",
    }
}

fn diagnostic_line(d: &Diagnostic) -> String {
    match d.location {
        Some(at) => format!("{} (line {}:{}): {}", d.path, at.line, at.column, d.message),
        None => d.to_string(),
    }
}

fn summary(out: &mut String, cluster: &ClusterDiff, painter: &Painter) {
    let head = format!(
        "{} {}: {}",
        cluster.kind,
        cluster.qualified_name(),
        headline(cluster)
    );
    let _ = writeln!(out, "{}", painter.paint(Style::Bold, &head));
    // A FlinkDeployment has no ControllerRevisions.
    if cluster.kind == crate::spec::KIND {
        let _ = writeln!(out, "  revision: {}", revision_line(cluster));
    }
    let r = &cluster.revision;
    if r.new.is_some() {
        let deleted = if r.deleted.is_empty() {
            String::new()
        } else {
            format!("; deletes {}", names(&r.deleted))
        };
        let _ = writeln!(
            out,
            "  history: keeps {}{deleted} (revisionHistoryLimit {})",
            names(&r.kept),
            r.history_limit
        );
    }
    if !r.spec_changes.is_empty() {
        let _ = writeln!(out, "  spec changes (these trigger the update):");
        for change in &r.spec_changes {
            let _ = writeln!(out, "    {}", change_line(change));
        }
    }
    for change in &cluster.impact.untriggered {
        let _ = writeln!(
            out,
            "  untriggered: {} ({})",
            change_line(&change.change),
            change.effect
        );
    }
    if let Some(control) = &cluster.impact.control {
        let _ = writeln!(out, "  control request: {control}");
    }
    if let Some(job) = job_line(cluster).filter(|_| cluster.kind == crate::spec::KIND) {
        let _ = writeln!(out, "  job: {job}");
    }
    if matches!(cluster.impact.update, Update::Scale | Update::Full)
        && cluster.kind == crate::spec::KIND
    {
        let _ = writeln!(
            out,
            "  recreateOnUpdate: {}",
            cluster.impact.recreate_on_update
        );
    }
    let _ = writeln!(
        out,
        "  objects: {} added, {} removed, {} changed, {} unchanged",
        cluster.count(ObjectChange::Added),
        cluster.count(ObjectChange::Removed),
        cluster.count(ObjectChange::Changed),
        cluster.count(ObjectChange::Unchanged)
    );
    let width = cluster
        .objects
        .iter()
        .map(|o| o.kind().len() + o.name().len() + 1)
        .max()
        .unwrap_or(0);
    for object in &cluster.objects {
        let (marker, style) = match object.change {
            ObjectChange::Added => ("+", Some(Style::Green)),
            ObjectChange::Removed => ("-", Some(Style::Red)),
            ObjectChange::Changed => ("~", Some(Style::Yellow)),
            ObjectChange::Unchanged => ("=", None),
        };
        let marker = style.map_or_else(|| marker.to_owned(), |s| painter.paint(s, marker));
        let what = format!("{} {}", object.kind(), object.name());
        let only_label = if object.revision_label_only {
            " (only the revision label changes)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    {marker} {what:<width$}  {}{only_label}",
            action_word(object.action)
        );
    }
    if let Some(version) = &cluster.flink.version {
        version_lines(out, version);
    }
    for warning in &cluster.impact.warnings {
        let line = format!("  warning: {warning}");
        let _ = writeln!(out, "{}", painter.paint(Style::Yellow, &line));
    }
    for warning in cluster.conditional_rejections.iter() {
        let line = format!("  warning: {}", diagnostic_line(warning));
        let _ = writeln!(out, "{}", painter.paint(Style::Yellow, &line));
    }
    for note in &cluster.impact.notes {
        let _ = writeln!(out, "  note: {note}");
    }
}

/// What the Flink version change does to the configuration.
fn version_lines(out: &mut String, version: &VersionChange) {
    let _ = writeln!(out, "  flinkVersion {} -> {}:", version.old, version.new);
    if let Some((old, new)) = &version.file {
        let _ = writeln!(out, "    configuration file: {old} -> {new}");
    }
    for (key, what) in &version.keys {
        let _ = writeln!(out, "    flinkProperties[{key}]: {what}");
    }
    if !version.defaults.is_empty() {
        let _ = writeln!(
            out,
            "    defaults that change (options the cluster leaves unset):"
        );
        for change in &version.defaults {
            let _ = writeln!(
                out,
                "      {}: {} -> {}",
                change.name,
                change.old.as_deref().unwrap_or("(none)"),
                change.new.as_deref().unwrap_or("(none)")
            );
        }
    }
}
