//! `--diagnostics github`: GitHub Actions workflow commands, one line per problem:
//! `::error file=<file>,line=<l>,col=<c>,title=<title>::<message>` (`::warning` for warnings).
//! The runner reads them from the step's output and shows each as an annotation on the line of
//! the file in the pull request.
//!
//! Values are escaped as the runner unescapes them: in the message `%`, CR and LF become
//! `%25`, `%0D` and `%0A`; in a property value `:` and `,` also become `%3A` and `%2C`, since
//! they separate properties. A problem of standard input, or of no line, has no `file` or no
//! `line`/`col`. A failure that stopped the command is one `::error` without a file.

use super::{Entry, Run, TOOL_NAME};

/// A message escaped as workflow command data.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A value escaped as a workflow command property.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(entry: &Entry) -> String {
    let mut properties = Vec::new();
    if entry.has_file() {
        properties.push(format!("file={}", escape_property(&entry.origin)));
        if let Some(at) = entry.location {
            properties.push(format!("line={}", at.line));
            properties.push(format!("col={}", at.column));
        }
    }
    let title = format!("{TOOL_NAME} {}", entry.rule_id());
    properties.push(format!("title={}", escape_property(&title)));
    format!(
        "::{} {}::{}\n",
        entry.severity_word(),
        properties.join(","),
        escape_data(&entry.text())
    )
}

/// Every problem of the run as a workflow command, in order; empty when there is none.
pub fn commands(run: &Run) -> String {
    let mut out: String = run.entries.iter().map(command).collect();
    if let Some(failure) = &run.failure {
        out.push_str(&format!(
            "::error title={}::{}\n",
            escape_property(TOOL_NAME),
            escape_data(failure)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Location, Rule, Severity};

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_reads_them() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        let entry = Entry {
            origin: "dir/a,b:c.yaml".to_owned(),
            location: Some(Location { line: 3, column: 7 }),
            severity: Severity::Warning,
            rule: Some(Rule::Schema),
            path: "spec.image".to_owned(),
            message: "two\nlines".to_owned(),
            object: None,
        };
        assert_eq!(
            command(&entry),
            "::warning file=dir/a%2Cb%3Ac.yaml,line=3,col=7,title=flink-render schema::spec.image: two%0Alines\n"
        );
        let stdin = Entry {
            origin: "<stdin>".to_owned(),
            rule: None,
            severity: Severity::Error,
            ..entry
        };
        assert_eq!(
            command(&stdin),
            "::error title=flink-render other::spec.image: two%0Alines\n"
        );
    }
}
