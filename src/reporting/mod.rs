//! Problems for machines and review tools: the diagnostics of a run (errors, warnings, lint
//! findings) written as one JSON document ([`json`], schema in `schema/diagnostics.schema.json`),
//! a SARIF 2.1.0 log ([`sarif`], for code scanning), GitHub Actions workflow commands
//! ([`github`], inline annotations) or a GitLab code quality report ([`gitlab`]).
//!
//! Every format is written from the same [`Run`]: the command, its exit code, a failure that
//! stopped it (a file that cannot be opened, a bad option) and the [`Entry`]s, each a problem
//! with its file, line and column, severity, rule id ([`crate::diagnostics::Rule`]) and message.
//! The human text of [`Report`]'s `Display` stays what the command line prints by default; these
//! formats are pure functions of the run, byte for byte the same for the same run.

pub mod github;
pub mod gitlab;
pub mod json;
mod lint;
pub mod sarif;

pub use lint::lint_entries;

use crate::diagnostics::{Diagnostic, Location, Report, Rule, Severity};
use crate::path::FieldPath;

/// The rule id of a diagnostic no check has named (an object that could not be written, an
/// input that could not be read): never the id of a refused input.
pub const OTHER_RULE: &str = "other";

/// The name tools know flink-render by.
pub const TOOL_NAME: &str = "flink-render";

/// flink-render's version, as `--version` prints it.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A machine-readable format of the diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The JSON document of `schema/diagnostics.schema.json`.
    Json,
    /// A SARIF 2.1.0 log.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`), one per line.
    Github,
    /// A GitLab code quality report (a JSON array of Code Climate issues).
    Gitlab,
}

impl Format {
    /// The run written in this format.
    pub fn write(self, run: &Run) -> String {
        match self {
            Format::Json => json::document(run),
            Format::Sarif => sarif::log(run),
            Format::Github => github::commands(run),
            Format::Gitlab => gitlab::report(run),
        }
    }
}

/// The object inside a render that a lint finding is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// `kind` of the rendered object.
    pub kind: String,
    /// `metadata.name` of the rendered object.
    pub name: String,
    /// The field inside the object (empty for the object as a whole).
    pub path: String,
}

/// One problem, as every format writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The input it is about, as the user named it (`<stdin>` for standard input).
    pub origin: String,
    /// Where in the input, when known.
    pub location: Option<Location>,
    /// Error or warning.
    pub severity: Severity,
    /// The check that found it (`None`: [`OTHER_RULE`]).
    pub rule: Option<Rule>,
    /// The field of the input (empty for the document as a whole).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// For a lint finding, the rendered object it is about.
    pub object: Option<ObjectRef>,
}

impl Entry {
    /// The entry of a lint finding about an object of the stream `origin` that no FlinkCluster
    /// of it rendered (so no line of the input is known).
    pub fn of_finding(origin: &str, finding: &crate::lint::Finding) -> Entry {
        Entry {
            origin: origin.to_owned(),
            location: None,
            severity: Severity::Error,
            rule: Some(Rule::Lint(finding.rule)),
            path: String::new(),
            message: finding.message.clone(),
            object: Some(ObjectRef {
                kind: finding.kind.clone(),
                name: finding.name.clone(),
                path: path_text(&finding.path),
            }),
        }
    }

    /// The entry of one diagnostic of `origin`.
    pub fn of(origin: &str, diagnostic: &Diagnostic) -> Entry {
        Entry {
            origin: origin.to_owned(),
            location: diagnostic.location,
            severity: diagnostic.severity,
            rule: diagnostic.rule,
            path: path_text(&diagnostic.path),
            message: diagnostic.message.clone(),
            object: None,
        }
    }

    /// The entries of the diagnostics of `reports`, in order.
    pub fn of_reports<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<Entry> {
        reports
            .into_iter()
            .flat_map(|r| r.diagnostics.iter().map(|d| Entry::of(&r.origin, d)))
            .collect()
    }

    /// The rule id ([`OTHER_RULE`] when no check named it).
    pub fn rule_id(&self) -> String {
        self.rule.map_or_else(|| OTHER_RULE.to_owned(), Rule::id)
    }

    /// The message as the text report prints it after `error:`: the object and field it is
    /// about, then what is wrong.
    pub fn text(&self) -> String {
        let mut text = String::new();
        if let Some(object) = &self.object {
            text.push_str(&format!("{}/{}: ", object.kind, object.name));
            if !object.path.is_empty() {
                text.push_str(&object.path);
                text.push_str(": ");
            }
        } else if !self.path.is_empty() {
            text.push_str(&self.path);
            text.push_str(": ");
        }
        text.push_str(&self.message);
        text
    }

    /// Whether the input has a name a tool can open (not standard input).
    pub fn has_file(&self) -> bool {
        self.origin != "<stdin>" && !self.origin.is_empty()
    }

    /// `error` or `warning`.
    pub fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A field path as entries hold it: empty for the root.
fn path_text(path: &FieldPath) -> String {
    if path.is_root() {
        String::new()
    } else {
        path.to_string()
    }
}

/// What one run of a command found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Run {
    /// The command (`render`, `lint`, `diff`, `post-render`).
    pub command: String,
    /// Its exit code: 0 success, 1 findings or differences, 2 refused or failed.
    pub exit_code: u8,
    /// Why the command could not run at all (a file that cannot be opened, a bad option), when
    /// that is what stopped it; problems of the inputs are entries.
    pub failure: Option<String>,
    /// The problems, in the order the command found them.
    pub entries: Vec<Entry>,
}

impl Run {
    /// Number of entries of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.entries
            .iter()
            .filter(|e| e.severity == severity)
            .count()
    }
}

/// Every rule a run can name, built-in rules first, then the lint rules: what a SARIF log
/// declares and docs/diagnostics.md lists.
pub fn all_rules() -> Vec<Rule> {
    Rule::BUILT_IN
        .iter()
        .copied()
        .chain(crate::lint::RULES.iter().map(|(name, _)| Rule::Lint(name)))
        .chain([Rule::Lint(crate::lint::UNREADABLE_OBJECT)])
        .collect()
}
