//! `--diagnostics sarif`: a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format),
//! what GitHub code scanning and other review tools take.
//!
//! One run of the tool `flink-render`: its driver declares every rule (the built-in rules, then
//! the lint rules, in a fixed order, each with a one-line description and its default level);
//! each result names its rule by id and index, its level (`error` or `warning`), its message
//! (field path and what is wrong) and, for an input with a file name, a physical location: the
//! file as given (a relative URI reference, resolved against the directory the tool ran in,
//! the repository root in CI; an absolute path becomes a `file://` URI) and the line and column
//! of the problem. Columns count Unicode code points (`columnKind: unicodeCodePoints`), as
//! flink-render's positions do. The field path is the result's logical location. The
//! invocation records the exit code; a failure that stopped the command is a tool execution
//! notification with `executionSuccessful: false`. The log validates against the SARIF 2.1.0
//! schema (tests/diagnostics_formats.rs).

use serde_json::{Value, json};

use super::{Entry, Run, TOOL_NAME, TOOL_VERSION, all_rules};
use crate::diagnostics::Rule;

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";

/// The schema the log names (`$schema`).
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// `path` as a URI reference: `/`-separated, every byte outside the unreserved characters
/// percent-encoded; an absolute path becomes a `file://` URI and a leading `./` is dropped.
pub fn uri(path: &str) -> String {
    let relative = path.trim_start_matches("./");
    let mut out = String::with_capacity(relative.len() + 8);
    if relative.starts_with('/') {
        out.push_str("file://");
    }
    for byte in relative.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn rule_descriptor(rule: Rule) -> Value {
    // Refusals and lint findings alike name what does not work on a cluster; the few warnings
    // carry their own level.
    json!({
        "id": rule.id(),
        "shortDescription": { "text": rule.description() },
        "defaultConfiguration": { "level": "error" },
    })
}

fn result(entry: &Entry, rules: &[Rule]) -> Value {
    let mut result = json!({
        "ruleId": entry.rule_id(),
        "level": entry.severity_word(),
        "message": { "text": entry.text() },
    });
    if let Some(index) = entry.rule.and_then(|r| rules.iter().position(|x| *x == r)) {
        result["ruleIndex"] = json!(index);
    }
    let mut location = serde_json::Map::new();
    if entry.has_file() {
        let mut physical = json!({ "artifactLocation": { "uri": uri(&entry.origin) } });
        if let Some(at) = entry.location {
            physical["region"] = json!({ "startLine": at.line, "startColumn": at.column });
        }
        location.insert("physicalLocation".to_owned(), physical);
    }
    let logical = match &entry.object {
        Some(object) if object.path.is_empty() => Some(format!("{}/{}", object.kind, object.name)),
        Some(object) => Some(format!("{}/{}: {}", object.kind, object.name, object.path)),
        None => (!entry.path.is_empty()).then(|| entry.path.clone()),
    };
    if let Some(name) = logical {
        location.insert(
            "logicalLocations".to_owned(),
            json!([{ "fullyQualifiedName": name }]),
        );
    }
    if !location.is_empty() {
        result["locations"] = json!([Value::Object(location)]);
    }
    result
}

/// The log (two-space indentation, final newline).
pub fn log(run: &Run) -> String {
    let rules = all_rules();
    let mut invocation = json!({
        "executionSuccessful": run.failure.is_none(),
        "exitCode": run.exit_code,
    });
    if let Some(failure) = &run.failure {
        invocation["toolExecutionNotifications"] = json!([{
            "level": "error",
            "message": { "text": failure },
        }]);
    }
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL_NAME,
                    "version": TOOL_VERSION,
                    "rules": rules.iter().map(|r| rule_descriptor(*r)).collect::<Vec<_>>(),
                }
            },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": run.entries.iter().map(|e| result(e, &rules)).collect::<Vec<_>>(),
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("clusters/a.yaml"), "clusters/a.yaml");
        assert_eq!(uri("./my dir/ä#1.yaml"), "my%20dir/%C3%A4%231.yaml");
        assert_eq!(uri("/abs/x.yaml"), "file:///abs/x.yaml");
    }
}
