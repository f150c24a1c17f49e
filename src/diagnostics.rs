//! Problems found in an input: what is wrong, at which field, and where in the file.
//!
//! Every stage that looks at user input reports [`Diagnostic`]s instead of stopping at the first
//! problem, so one run shows everything wrong with a file. A diagnostic always names a field
//! path; the line and column are filled in by the input layer when the cluster came from YAML.
//! [`Report`] ties diagnostics to a file and prints them with the offending source line.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::path::FieldPath;

pub mod rule;
pub use rule::Rule;

/// What a warning made an error by strict mode says at its end.
pub const STRICT_NOTE: &str = " (a warning, made an error by strict mode)";

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Rendering is refused.
    Error,
    /// Rendering goes on; the user should look at it.
    Warning,
}

/// A 1-based line and column in a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line, counted from 1.
    pub line: usize,
    /// Column in characters, counted from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The field the problem is about (empty for the document as a whole).
    pub path: FieldPath,
    /// Where the field is in the source, when known.
    pub location: Option<Location>,
    /// What is wrong, in words a user can act on.
    pub message: String,
    /// The check that found it (`None` until the stage that collects it says).
    pub rule: Option<Rule>,
}

impl Diagnostic {
    /// An error about `path`.
    pub fn error(path: FieldPath, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path,
            location: None,
            message: message.into(),
            rule: None,
        }
    }

    /// A warning about `path`.
    pub fn warning(path: FieldPath, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// The same diagnostic placed at `location`.
    pub fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// The same diagnostic found by `rule`.
    pub fn with_rule(mut self, rule: Rule) -> Diagnostic {
        self.rule = Some(rule);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Diagnostics collected by one stage or one run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds an error about `path`.
    pub fn error(&mut self, path: FieldPath, message: impl Into<String>) {
        self.push(Diagnostic::error(path, message));
    }

    /// Adds a warning about `path`.
    pub fn warning(&mut self, path: FieldPath, message: impl Into<String>) {
        self.push(Diagnostic::warning(path, message));
    }

    /// Adds every diagnostic of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Gives `rule` to every diagnostic that has none yet: the stage that collects what a
    /// module found says which check it was.
    pub fn tag(&mut self, rule: Rule) {
        for diagnostic in &mut self.items {
            diagnostic.rule.get_or_insert(rule);
        }
    }

    /// Makes every warning an error (strict mode: `--strict`, the `flink-render/strict`
    /// annotation), saying so in its message.
    pub fn make_warnings_errors(&mut self) {
        for diagnostic in &mut self.items {
            if diagnostic.severity == Severity::Warning {
                diagnostic.severity = Severity::Error;
                diagnostic.message.push_str(STRICT_NOTE);
            }
        }
    }

    /// Whether there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Mutable access, used to fill in locations.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Diagnostic> {
        self.items.iter_mut()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Keeps the first `max` diagnostics and, when there were more, adds an error saying how
    /// many were left out. A hostile input (one alias expanded into 100,000 wrong list items) can
    /// otherwise produce hundreds of thousands of diagnostics and hundreds of megabytes of report.
    pub fn limit(&mut self, max: usize) {
        let dropped = self.items.len().saturating_sub(max);
        if dropped > 0 {
            self.items.truncate(max);
            self.push(
                Diagnostic::error(
                    FieldPath::root(),
                    format!(
                        "{dropped} more problem(s) in this input are not shown: flink-render reports the first {max}; fix these and run again"
                    ),
                )
                .with_rule(Rule::InputLimits),
            );
        }
    }

    /// Sorts by position in the source (diagnostics without a position last), keeping the
    /// discovery order among equals, so reports read top to bottom.
    pub fn sort_by_location(&mut self) {
        self.items.sort_by_key(|d| {
            d.location
                .map_or((usize::MAX, usize::MAX), |l| (l.line, l.column))
        });
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics { items }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Diagnostics of one input file, printable with source excerpts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// File name as given by the user (`<stdin>` for standard input).
    pub origin: String,
    /// The lines of the file the diagnostics point at, by line number (each cut to
    /// [`EXCERPT_CHARS`] characters): only these are kept, not the whole file.
    pub excerpts: BTreeMap<usize, String>,
    /// What was found.
    pub diagnostics: Diagnostics,
}

/// Most characters of a source line shown in a report: excerpts of very long lines (minified
/// input) are cut, so a report stays readable.
pub const EXCERPT_CHARS: usize = 200;

/// The lines numbered `wanted` of `source` (line breaks counted as YAML counts them: `\n`,
/// `\r\n` and a lone `\r`), each cut to [`EXCERPT_CHARS`] characters.
fn lines_of(source: &str, wanted: &BTreeSet<usize>) -> BTreeMap<usize, String> {
    let mut found = BTreeMap::new();
    let Some(&last) = wanted.last() else {
        return found;
    };
    let bytes = source.as_bytes();
    let mut start = 0;
    let mut line = 1;
    while line <= last && start <= bytes.len() {
        let rest = bytes.get(start..).unwrap_or_default();
        let (end, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            None => (bytes.len(), bytes.len() + 1),
            Some(at) => {
                let at = start + at;
                let crlf = bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n');
                (at, if crlf { at + 2 } else { at + 1 })
            }
        };
        if wanted.contains(&line) {
            let text = source.get(start..end).unwrap_or_default();
            found.insert(line, text.chars().take(EXCERPT_CHARS).collect());
        }
        start = next;
        line += 1;
    }
    found
}

/// How a character of a source line or a file name is shown on a terminal: control characters
/// (escape sequences, carriage returns, NUL) and the bidirectional-text controls as escapes, the
/// way messages show them, so that a report cannot move the cursor, clear the screen, set the
/// terminal's title or reorder what is shown.
fn shown(c: char) -> Option<String> {
    let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}');
    if (c.is_control() && c != '\t') || bidi {
        Some(c.escape_unicode().to_string())
    } else {
        None
    }
}

/// `text` with [`shown`] applied.
pub fn escape_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match shown(c) {
            Some(escaped) => out.push_str(&escaped),
            None => out.push(c),
        }
    }
    out
}

impl Report {
    /// A report for `origin`; `source` is the file's text, of which the lines the diagnostics
    /// point at are kept for excerpts (it may be empty when not available).
    pub fn new(
        origin: impl Into<String>,
        source: impl AsRef<str>,
        diagnostics: Diagnostics,
    ) -> Report {
        let wanted = diagnostics
            .iter()
            .filter_map(|d| d.location.map(|l| l.line))
            .collect();
        Report {
            origin: origin.into(),
            excerpts: lines_of(source.as_ref(), &wanted),
            diagnostics,
        }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

impl fmt::Display for Report {
    /// Prints each diagnostic as
    ///
    /// ```text
    /// error: spec.taskManager.replicas: must be greater than or equal to 1
    ///   --> cluster.yaml:11:15
    ///    |
    /// 11 |     replicas: 0
    ///    |               ^
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = escape_for_terminal(&self.origin);
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            let label = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(f, "{label}: {}", escape_for_terminal(&d.to_string()))?;
            match d.location {
                None => writeln!(f, "  --> {origin}")?,
                Some(location) => {
                    writeln!(f, "  --> {origin}:{location}")?;
                    if let Some(text) = self.excerpts.get(&location.line) {
                        let number = location.line.to_string();
                        let gutter = " ".repeat(number.len());
                        let mut line = String::with_capacity(text.len());
                        let mut caret_pad = String::new();
                        for (column, c) in text.chars().enumerate() {
                            let escaped = shown(c);
                            if column + 1 < location.column {
                                match (&escaped, c) {
                                    (Some(escaped), _) => {
                                        caret_pad.push_str(&" ".repeat(escaped.len()));
                                    }
                                    (None, '\t') => caret_pad.push('\t'),
                                    (None, _) => caret_pad.push(' '),
                                }
                            }
                            match escaped {
                                Some(escaped) => line.push_str(&escaped),
                                None => line.push(c),
                            }
                        }
                        writeln!(f, "{gutter} |")?;
                        writeln!(f, "{number} | {line}")?;
                        writeln!(f, "{gutter} | {caret_pad}^")?;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_shows_path_position_and_excerpt() {
        let source = "spec:\n  taskManager:\n    replicas: 0\n";
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error(
                FieldPath::fields("spec.taskManager.replicas"),
                "must be greater than or equal to 1",
            )
            .at(Some(Location {
                line: 3,
                column: 15,
            })),
        );
        let report = Report::new("c.yaml", source, diagnostics);
        assert_eq!(
            report.to_string(),
            "error: spec.taskManager.replicas: must be greater than or equal to 1\n  --> c.yaml:3:15\n  |\n3 |     replicas: 0\n  |               ^\n"
        );
    }

    #[test]
    fn excerpts_escape_what_would_drive_the_terminal_and_keep_the_caret_under_the_column() {
        let source = "a: 1\rb: \u{1b}[2J\u{1b}]0;owned\u{7}x\r\nc: \u{202e}d\n";
        let mut diagnostics = Diagnostics::new();
        for (line, column) in [(2, 15), (3, 5)] {
            diagnostics.push(
                Diagnostic::error(FieldPath::root(), "bad \u{1b}[31mred")
                    .at(Some(Location { line, column })),
            );
        }
        let report = Report::new("f\u{1b}.yaml", source, diagnostics);
        assert_eq!(
            report.to_string(),
            "error: bad \\u{1b}[31mred\n  --> f\\u{1b}.yaml:2:15\n  |\n2 | b: \\u{1b}[2J\\u{1b}]0;owned\\u{7}x\n  |                         ^\n\nerror: bad \\u{1b}[31mred\n  --> f\\u{1b}.yaml:3:5\n  |\n3 | c: \\u{202e}d\n  |            ^\n"
        );
        assert!(!report.to_string().contains('\u{1b}'));
    }

    #[test]
    fn only_the_lines_shown_are_kept() {
        let source = "x\n".repeat(1000) + &"y".repeat(5000);
        let diagnostics = Diagnostics::from(vec![Diagnostic::error(FieldPath::root(), "e").at(
            Some(Location {
                line: 1001,
                column: 1,
            }),
        )]);
        let report = Report::new("f", &source, diagnostics);
        assert_eq!(report.excerpts.len(), 1);
        assert_eq!(report.excerpts[&1001].len(), EXCERPT_CHARS);
    }

    #[test]
    fn limit_keeps_the_first_and_counts_the_rest() {
        let mut d = Diagnostics::from(
            (0..5)
                .map(|i| Diagnostic::error(FieldPath::fields("a"), format!("e{i}")))
                .collect::<Vec<_>>(),
        );
        d.limit(2);
        let messages: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "e0",
                "e1",
                "3 more problem(s) in this input are not shown: flink-render reports the first 2; fix these and run again"
            ]
        );
        let mut few = Diagnostics::from(vec![Diagnostic::error(FieldPath::root(), "x")]);
        few.limit(2);
        assert_eq!(few.len(), 1);
    }

    #[test]
    fn sorts_by_position_with_unplaced_last() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(FieldPath::fields("a"), "x"));
        d.push(
            Diagnostic::error(FieldPath::fields("b"), "y")
                .at(Some(Location { line: 2, column: 1 })),
        );
        d.sort_by_location();
        assert_eq!(d.iter().next().map(|d| d.message.as_str()), Some("y"));
    }
}
