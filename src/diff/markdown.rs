//! The diff for a pull request comment (`diff --output markdown`): per cluster a one-line
//! verdict (what the operator will do and why), a table of the objects that change with the
//! action each gets, the spec changes that trigger it, the changes of the Flink configuration
//! and of Flink's memory sizes (old → new), warnings and notes; then each object's unified diff
//! folded in a `<details>` block.
//!
//! The comment fits in GitHub's limit for one comment (65,536 characters): [`report`] keeps it
//! within [`MAX_BYTES`] (bytes, which are never fewer than characters or UTF-16 units), leaving
//! room for a line a workflow adds. The summaries come first and are always whole (only a
//! diff of thousands of clusters would cut them, with a count); the unified diffs fill what is
//! left in document order, a diff that does not fit is cut at a line with the number of lines
//! left out, and the diffs that find no room at all are counted at the end.
//!
//! Everything taken from the input (names, values, paths in messages) is escaped: code spans
//! whose fence is longer than any backtick run inside, `|` escaped in table cells, `<`, `>` and
//! `&` as entities in text, and an invisible break after `@` so that a value never mentions a
//! user or team. The same diff always gives the same bytes.

use std::fmt::Write as _;

use serde_json::Value;

use super::flink::ValueChange;
use super::impact::{Action, JobStop, Restore, SpecChange, Update};
use super::objects::{ObjectChange, ObjectDiff};
use super::text::action_word;
use super::{ClusterDiff, Diff};
use crate::diagnostics::Diagnostic;
use crate::yaml::EmitError;

/// GitHub's limit for the body of one comment, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Most bytes of a report: GitHub's limit less 1,536 bytes for what a workflow adds (a title,
/// a marker to find its earlier comment).
pub const MAX_BYTES: usize = GITHUB_COMMENT_LIMIT - 1_536;

/// Bytes kept free for the closing lines that count what was left out.
const CLOSING_RESERVE: usize = 512;

/// Most rows of a table of changes: a change of hundreds of settings is summed up by its first
/// rows and a count (its diff has all of them).
pub const MAX_TABLE_ROWS: usize = 20;

/// The line after a table whose rows were cut.
fn more_rows(out: &mut String, total: usize) {
    if total > MAX_TABLE_ROWS {
        let _ = writeln!(
            out,
            "\n… and {} more (the diffs below have every change).",
            total - MAX_TABLE_ROWS
        );
    }
}

/// `text` as an inline code span (never empty, never broken by a backtick inside it).
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let text = if text.is_empty() { " " } else { text };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as a table cell in a code span: line breaks shown as `\n`, `|` escaped.
fn code_cell(text: &str) -> String {
    code(&text.replace('\r', "\\r").replace('\n', "\\n")).replace('|', "\\|")
}

/// Text from flink-render's messages (which hold values from the input) made inert: HTML
/// special characters as entities, mentions broken, line breaks as spaces.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@&#8203;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// [`prose`] for a table cell.
fn prose_cell(text: &str) -> String {
    prose(text).replace('|', "\\|")
}

fn json_value(value: Option<&Value>) -> String {
    value.map_or_else(|| "(unset)".to_owned(), |v| code_cell(&v.to_string()))
}

fn text_value(value: Option<&String>) -> String {
    value.map_or_else(|| "(unset)".to_owned(), |v| code_cell(v))
}

fn rejection_line(d: &Diagnostic) -> String {
    let at = d
        .location
        .map(|l| format!(" (line {}:{})", l.line, l.column))
        .unwrap_or_default();
    format!("{}{at}: {}", d.path, d.message)
}

/// The headline and the one-line explanation (Markdown, escaped) of what the operator does
/// with the cluster.
fn verdict(cluster: &ClusterDiff) -> (&'static str, String) {
    if let Some(first) = cluster.rejections.iter().next() {
        let more = cluster.rejections.len() - 1;
        let more = if more > 0 {
            format!(" (and {more} more, below)")
        } else {
            String::new()
        };
        return (
            "rejected",
            format!(
                "the operator's webhook refuses the update, nothing changes: {}{more}",
                prose_with_code(&rejection_line(first))
            ),
        );
    }
    let impact = &cluster.impact;
    if cluster.kind != crate::spec::KIND {
        return match impact.update {
            Update::Create => ("created", "every object is created".to_owned()),
            Update::Delete => (
                "deleted",
                format!(
                    "the {} is removed; Kubernetes deletes every object it owns",
                    cluster.kind
                ),
            ),
            Update::None => (
                "no change",
                "nothing the operator or Kubernetes would see differs".to_owned(),
            ),
            Update::Scale | Update::Full => (
                "update",
                "the Apache operator applies the changed objects as spec.job.upgradeMode says"
                    .to_owned(),
            ),
        };
    }
    let components = if impact.recreate_on_update {
        "the components are deleted and created again"
    } else {
        "the components are updated in place"
    };
    match impact.update {
        Update::Create => (
            "created",
            match &impact.job {
                Some(_) => "every object is created and the job is submitted".to_owned(),
                None => "every object is created".to_owned(),
            },
        ),
        Update::Delete => (
            "deleted",
            "the FlinkCluster is removed; Kubernetes deletes every object it owns".to_owned(),
        ),
        Update::None if !cluster.has_differences() => (
            "no change",
            "nothing the operator or Kubernetes would see differs".to_owned(),
        ),
        Update::None => (
            "no update",
            match &impact.control {
                Some(control) => format!(
                    "the spec's revision is unchanged; {}",
                    prose_with_code(control)
                ),
                None => "the spec's revision is unchanged, so the operator leaves the running objects alone".to_owned(),
            },
        ),
        Update::Scale => (
            "scale in place",
            "a scale update: the TaskManagers are updated in place and the job keeps running"
                .to_owned(),
        ),
        Update::Full => match &impact.job {
            None => (
                "never carried out",
                "a session cluster: the operator records the new revision but never applies it (see the warning)".to_owned(),
            ),
            Some(plan) => {
                let (headline, stop) = match &plan.stop {
                    JobStop::Savepoint { savepoints_dir } => (
                        "savepoint, then restart",
                        format!(
                            "the job is stopped with a savepoint into {}",
                            code(savepoints_dir)
                        ),
                    ),
                    JobStop::WithJobManager => (
                        "restart without a savepoint",
                        "the job is not cancelled: it ends with its JobManager, without a final savepoint".to_owned(),
                    ),
                    JobStop::Cancel => (
                        "restart without a savepoint",
                        "the job is cancelled without a savepoint".to_owned(),
                    ),
                    JobStop::None => ("recreate", "the job is not running".to_owned()),
                };
                let headline = if impact.recreate_on_update {
                    headline
                } else {
                    "in place"
                };
                let restore = match (&plan.restore, plan.resubmit) {
                    (_, false) => "it is not submitted again".to_owned(),
                    (Restore::FromSavepoint { path }, true) => {
                        format!("it is resubmitted from {}", code(path))
                    }
                    (Restore::SavepointTakenOnStop, true) => {
                        "it is resubmitted from that savepoint".to_owned()
                    }
                    (Restore::LatestSavepoint, true) => {
                        "it is resubmitted from its latest savepoint".to_owned()
                    }
                    (Restore::None, true) => "it is resubmitted without state".to_owned(),
                };
                (headline, format!("{stop}, {components}, then {restore}"))
            }
        },
    }
}

fn change_word(object: &ObjectDiff) -> &'static str {
    match (object.change, object.revision_label_only) {
        (ObjectChange::Added, _) => "added",
        (ObjectChange::Removed, _) => "removed",
        (ObjectChange::Changed, true) => "revision label only",
        (ObjectChange::Changed, false) => "changed",
        (ObjectChange::Unchanged, _) => "unchanged",
    }
}

/// Whether the reviewer must see the object: it differs, or the operator acts on it.
fn shown(object: &ObjectDiff) -> bool {
    object.change != ObjectChange::Unchanged || object.action != Action::Keep
}

fn changes_table(
    out: &mut String,
    title: &str,
    head: &str,
    rows: &[ValueChange],
    name: fn(&str) -> String,
) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}\n\n| {head} | Old | New |\n|---|---|---|");
    for row in rows.iter().take(MAX_TABLE_ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            name(&row.name),
            text_value(row.old.as_ref()),
            text_value(row.new.as_ref())
        );
    }
    more_rows(out, rows.len());
}

/// What the Flink version change does to the configuration: the file, the user's keys, the
/// defaults that change.
fn version_section(out: &mut String, version: &super::versions::VersionChange) {
    let _ = writeln!(
        out,
        "\nFlink version {} → {}:\n",
        code_cell(&version.old),
        code_cell(&version.new)
    );
    if let Some((old, new)) = &version.file {
        let _ = writeln!(
            out,
            "- the configuration file is {} (was {})",
            code_cell(new),
            code_cell(old)
        );
    }
    for (key, what) in version.keys.iter().take(MAX_TABLE_ROWS) {
        let _ = writeln!(
            out,
            "- {}: {}",
            code_cell(&format!("flinkProperties[{key}]")),
            prose_with_code(what)
        );
    }
    changes_table(
        out,
        "Defaults that change (options the cluster leaves unset):",
        "Key",
        &version.defaults,
        code_cell,
    );
}

fn spec_table(out: &mut String, changes: &[SpecChange]) {
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nSpec changes (they make the new revision):\n\n| Field | Old | New |\n|---|---|---|"
    );
    for change in changes.iter().take(MAX_TABLE_ROWS) {
        let same = if change.same_value {
            " (same quantity)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {} | {} | {}{same} |",
            code_cell(&change.path.to_string()),
            json_value(change.old.as_ref()),
            json_value(change.new.as_ref())
        );
    }
    more_rows(out, changes.len());
}

/// Everything of a cluster but the unified diffs.
fn summary(cluster: &ClusterDiff) -> String {
    let mut out = String::new();
    let (headline, why) = verdict(cluster);
    let _ = writeln!(
        out,
        "### {} {}: {headline}\n\n**Verdict:** {why}.\n",
        cluster.kind,
        code(&cluster.qualified_name()),
    );
    let revision = &cluster.revision;
    match (&revision.old, &revision.new) {
        (Some(old), Some(new)) if old != new => {
            let _ = writeln!(
                out,
                "Revision {} → {}.",
                code(&old.status_name()),
                code(&new.status_name())
            );
        }
        (_, Some(new)) | (Some(new), None) => {
            let _ = writeln!(out, "Revision {}.", code(&new.status_name()));
        }
        (None, None) => {}
    }
    if cluster.rejections.len() > 1 {
        out.push('\n');
        for rejection in cluster.rejections.iter() {
            let _ = writeln!(out, "- {}", prose_with_code(&rejection_line(rejection)));
        }
    }
    let objects: Vec<&ObjectDiff> = cluster.objects.iter().filter(|o| shown(o)).collect();
    if !objects.is_empty() && cluster.rejections.is_empty() {
        let _ = writeln!(out, "\n| Object | Change | Action |\n|---|---|---|");
        for object in &objects {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                object.kind(),
                code_cell(object.name()),
                change_word(object),
                action_word(object.action)
            );
        }
        let kept = cluster.objects.len() - objects.len();
        if kept > 0 {
            let _ = writeln!(out, "\n{kept} other object(s) unchanged and kept.");
        }
    }
    spec_table(&mut out, &revision.spec_changes);
    if !cluster.impact.untriggered.is_empty() {
        let _ = writeln!(
            out,
            "\nChanges that trigger no update:\n\n| Field | Old | New | Effect |\n|---|---|---|---|"
        );
        for untriggered in cluster.impact.untriggered.iter().take(MAX_TABLE_ROWS) {
            let change = &untriggered.change;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code_cell(&change.path.to_string()),
                json_value(change.old.as_ref()),
                json_value(change.new.as_ref()),
                prose_cell(&untriggered.effect)
            );
        }
        more_rows(&mut out, cluster.impact.untriggered.len());
    }
    if cluster.rejections.is_empty() {
        changes_table(
            &mut out,
            "Flink configuration (what Flink reads):",
            "Key",
            &cluster.flink.configuration,
            code_cell,
        );
        changes_table(
            &mut out,
            "Flink memory (as `flink-render explain memory` shows it):",
            "Process and part",
            &cluster.flink.memory,
            prose_cell,
        );
        if let Some(version) = &cluster.flink.version {
            version_section(&mut out, version);
        }
    }
    let warnings: Vec<String> = cluster
        .impact
        .warnings
        .iter()
        .map(|w| prose_with_code(w))
        .chain(
            cluster
                .conditional_rejections
                .iter()
                .map(|d| prose_with_code(&rejection_line(d))),
        )
        .collect();
    if !warnings.is_empty() && cluster.rejections.is_empty() {
        out.push('\n');
        for warning in warnings {
            let _ = writeln!(out, "> [!WARNING]\n> {warning}\n");
        }
    }
    if !cluster.impact.notes.is_empty() && cluster.rejections.is_empty() {
        // After warnings, their closing blank line separates the list already.
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        for note in &cluster.impact.notes {
            let _ = writeln!(out, "- Note: {}", prose_with_code(note));
        }
    }
    out
}

/// A message of the library as Markdown: the code spans it quotes with single backticks kept
/// (inside a code span nothing is markup), everything else [`prose`]. A message whose
/// backticks do not pair up simply (a value holding one) is all prose, its backticks escaped.
fn prose_with_code(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 || text.contains("``") {
        return prose(text).replace('`', "\\`");
    }
    let mut out = String::new();
    let mut inside = false;
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
            inside = !inside;
        }
        if inside {
            out.push_str(part);
        } else {
            out.push_str(&prose(part));
        }
    }
    out
}

/// One object's diff in a `<details>` block, cut to `budget` bytes (`None`: not even a cut
/// block fits); the second value is the number of lines left out.
fn details(object: &ObjectDiff, unified: &str, budget: usize) -> Option<(String, usize)> {
    let added = unified
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .count();
    let removed = unified
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .count();
    let longest = unified.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let head = format!(
        "<details><summary>{} <code>{}</code>: {}, +{added} −{removed}</summary>\n\n{fence}diff\n",
        object.kind(),
        prose(object.name()),
        action_word(object.action)
    );
    let tail = format!("{fence}\n\n</details>\n\n");
    let whole = head.len() + unified.len() + tail.len();
    if whole <= budget {
        return Some((format!("{head}{unified}{tail}"), 0));
    }
    let lines: Vec<&str> = unified.split_inclusive('\n').collect();
    let cut_note = |left: usize| format!("… {left} more line(s) of this diff not shown\n");
    let mut used = head.len() + tail.len() + cut_note(lines.len()).len() + 1;
    if used > budget {
        return None;
    }
    let mut kept = String::new();
    let mut count = 0;
    for line in &lines {
        if used + line.len() > budget {
            break;
        }
        used += line.len();
        kept.push_str(line);
        count += 1;
    }
    if !kept.ends_with('\n') && !kept.is_empty() {
        kept.push('\n');
    }
    let left = lines.len() - count;
    Some((
        format!("{head}{kept}{fence}\n{}\n</details>\n\n", cut_note(left)),
        left,
    ))
}

/// The line saying what was assumed about the live status, when it mattered.
fn assumptions(diff: &Diff) -> String {
    super::text::assumed(diff).map_or_else(String::new, |assumed| {
        format!("<sub>Assuming {assumed} (`--job-state`, `--status-savepoint-generation`).</sub>\n")
    })
}

/// The report, at most `max_bytes` long (use [`MAX_BYTES`] for a GitHub comment).
pub fn report(diff: &Diff, max_bytes: usize) -> Result<String, EmitError> {
    let title = "## flink-render diff\n\n";
    let counts = {
        let differing = diff.clusters.iter().filter(|c| c.has_differences()).count();
        let rejected = diff
            .clusters
            .iter()
            .filter(|c| !c.rejections.is_empty())
            .count();
        // "FlinkCluster(s)" as before when there are only FlinkClusters.
        let what = if diff.clusters.iter().all(|c| c.kind == crate::spec::KIND) {
            "FlinkCluster(s)"
        } else {
            "cluster(s)"
        };
        let mut line = format!(
            "{} {what}, {differing} with differences",
            diff.clusters.len()
        );
        if rejected > 0 {
            let _ = write!(line, ", {rejected} refused by the operator's webhook");
        }
        line.push_str(".\n\n");
        line
    };
    let closing = assumptions(diff);
    let mut budget =
        max_bytes.saturating_sub(title.len() + counts.len() + closing.len() + CLOSING_RESERVE);

    // Summaries first: they must be whole.
    let mut summaries = Vec::new();
    for cluster in &diff.clusters {
        let text = summary(cluster);
        if text.len() + 1 > budget {
            break;
        }
        budget -= text.len() + 1;
        summaries.push(text);
    }
    let clusters_left_out = diff.clusters.len() - summaries.len();

    // Then the diffs, in document order, as far as they fit.
    let mut blocks: Vec<Vec<String>> = vec![Vec::new(); summaries.len()];
    let mut diffs_left_out = 0;
    let mut lines_left_out = 0;
    for (index, cluster) in diff.clusters.iter().enumerate().take(summaries.len()) {
        if !cluster.rejections.is_empty() {
            // Nothing changes: the objects stay as they are.
            continue;
        }
        for object in &cluster.objects {
            let unified = object.unified_diff()?;
            if unified.is_empty() {
                continue;
            }
            match details(object, &unified, budget) {
                Some((block, cut)) => {
                    budget -= block.len();
                    lines_left_out += cut;
                    if let Some(list) = blocks.get_mut(index) {
                        list.push(block);
                    }
                }
                None => {
                    diffs_left_out += 1;
                    lines_left_out += unified.lines().count();
                }
            }
        }
    }

    let mut out = String::with_capacity(max_bytes.min(1 << 20));
    out.push_str(title);
    out.push_str(&counts);
    for (summary, blocks) in summaries.iter().zip(&blocks) {
        out.push_str(summary);
        out.push('\n');
        for block in blocks {
            out.push_str(block);
        }
    }
    if clusters_left_out > 0 {
        let _ = writeln!(
            out,
            "**{clusters_left_out} more FlinkCluster(s) not shown**: the comment is limited to {GITHUB_COMMENT_LIMIT} characters; run `flink-render diff` for the whole report.\n"
        );
    }
    if diffs_left_out > 0 || lines_left_out > 0 {
        let _ = writeln!(
            out,
            "**{lines_left_out} line(s) of the diffs not shown** ({diffs_left_out} diff(s) left out whole): the comment is limited to {GITHUB_COMMENT_LIMIT} characters; run `flink-render diff` for all of it.\n"
        );
    }
    out.push_str(&closing);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code(""), "` `");
        assert_eq!(code_cell("a|b\nc"), "`a\\|b\\nc`");
    }

    #[test]
    fn text_from_the_input_cannot_become_markup_or_mentions() {
        assert_eq!(
            prose("<img src=x> & @team\nnext"),
            "&lt;img src=x&gt; &amp; @&#8203;team next"
        );
        assert_eq!(
            prose_with_code("keep `a<b` but <b>"),
            "keep `a<b` but &lt;b&gt;"
        );
        assert_eq!(prose_with_code("odd ` <b>"), "odd \\` &lt;b&gt;");
    }
}
