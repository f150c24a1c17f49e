//! `--diagnostics gitlab`: a GitLab code quality report (`artifacts: reports: codequality`), a
//! JSON array of Code Climate issues, which GitLab shows in the merge request's widget and
//! diff.
//!
//! Each problem is an issue with its `description` (field path and what is wrong),
//! `check_name` (the rule id), `severity` (`critical` for an error, since nothing is rendered,
//! `minor` for a warning), `location` (the file as given and the line; line 1 when the problem
//! has no position) and a `fingerprint` that GitLab tracks issues by across pipelines: the MD5
//! of the rule, file, line, column and message, with a counter for repeated problems.

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use serde::Serialize;

use super::Run;
use crate::diagnostics::Severity;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The report (two-space indentation, final newline).
pub fn report(run: &Run) -> String {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let issues: Vec<Issue> = run
        .entries
        .iter()
        .map(|entry| {
            let (line, column) = entry.location.map_or((0, 0), |l| (l.line, l.column));
            let key = format!(
                "{}\u{0}{}\u{0}{line}\u{0}{column}\u{0}{}",
                entry.rule_id(),
                entry.origin,
                entry.text()
            );
            let occurrence = seen.entry(key.clone()).or_insert(0);
            *occurrence += 1;
            let digest = Md5::digest(format!("{key}\u{0}{occurrence}").as_bytes());
            Issue {
                description: entry.text(),
                check_name: entry.rule_id(),
                fingerprint: digest.iter().map(|b| format!("{b:02x}")).collect(),
                severity: match entry.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: entry.origin.trim_start_matches("./").to_owned(),
                    lines: Lines { begin: line.max(1) },
                },
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}
