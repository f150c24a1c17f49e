//! `--diagnostics json`: one JSON document per run, the schema committed as
//! `schema/diagnostics.schema.json` and documented in docs/diagnostics.md.
//!
//! Versioned like `diff --output json`: `formatVersion` is 1, and within a version fields are
//! only added. Keys are camelCase; absent values are `null`; lists are always present.

use serde::Serialize;

use super::{Entry, Run, TOOL_NAME, TOOL_VERSION};
use crate::diagnostics::Severity;

/// Version of the document's schema.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    format_version: u32,
    tool: Tool,
    command: &'a str,
    exit_code: u8,
    failure: Option<&'a str>,
    counts: Counts,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    rule: String,
    path: Option<&'a str>,
    message: &'a str,
    object: Option<Object<'a>>,
}

#[derive(Serialize)]
struct Object<'a> {
    kind: &'a str,
    name: &'a str,
    path: Option<&'a str>,
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

impl<'a> From<&'a Entry> for Item<'a> {
    fn from(entry: &'a Entry) -> Item<'a> {
        Item {
            file: &entry.origin,
            line: entry.location.map(|l| l.line),
            column: entry.location.map(|l| l.column),
            severity: entry.severity_word(),
            rule: entry.rule_id(),
            path: non_empty(&entry.path),
            message: &entry.message,
            object: entry.object.as_ref().map(|o| Object {
                kind: &o.kind,
                name: &o.name,
                path: non_empty(&o.path),
            }),
        }
    }
}

/// The document (two-space indentation, final newline).
pub fn document(run: &Run) -> String {
    let document = Document {
        format_version: FORMAT_VERSION,
        tool: Tool {
            name: TOOL_NAME,
            version: TOOL_VERSION,
        },
        command: &run.command,
        exit_code: run.exit_code,
        failure: run.failure.as_deref(),
        counts: Counts {
            errors: run.count(Severity::Error),
            warnings: run.count(Severity::Warning),
        },
        diagnostics: run.entries.iter().map(Item::from).collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
