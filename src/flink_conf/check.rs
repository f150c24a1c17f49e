//! The keys and values a configuration file cannot carry exactly, and what Flink would read
//! instead.
//!
//! Keys: a Flink option key is one word of printable characters. An empty key, whitespace,
//! a control character or `#` is refused in every version: in `flink-conf.yaml` such a key
//! changes the line (`"a: b #"` as a key injects the setting `a: b`), and no option has one.
//!
//! Values, `flink-conf.yaml` only (`config.yaml` quotes every value so that it arrives
//! exactly): a `#` starts a comment, so a value with one is refused; surrounding whitespace is
//! trimmed and an empty value drops the setting, which is warned about (Flink reads the trimmed
//! value, or the option's default). A line break is refused by validation for every format.

use super::{Format, legacy};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Flink would read something else: refused.
    Refused,
    /// Flink reads something equivalent for most options (trimmed, or the default): warned.
    Warning,
}

/// A key or value the file cannot carry exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Refused or warned about.
    pub severity: Severity,
    /// Why, and what Flink would read.
    pub message: String,
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// What Flink 1.x reads from the line `key: value`, in words.
fn flink_conf_reading(key: &str, value: &str) -> String {
    match legacy::read_line(&format!("{key}: {value}")) {
        Some((k, v)) => format!("Flink would read the line as {k} = {}", quoted(v)),
        None => "Flink would skip the line".to_owned(),
    }
}

/// The problem with option key `key` (and its `value`, to say what Flink would read), if any.
pub fn key_problem(key: &str, value: &str, format: Format) -> Option<Problem> {
    let why = if key.is_empty() {
        "an empty key is not a Flink option"
    } else if key.chars().any(char::is_whitespace) {
        "a Flink option key has no whitespace"
    } else if key.chars().any(char::is_control) {
        "a Flink option key has no control characters"
    } else if key.contains('#') {
        "a Flink option key has no '#'"
    } else {
        return None;
    };
    let reading = match format {
        Format::FlinkConfYaml => format!(": in flink-conf.yaml {}", flink_conf_reading(key, value)),
        Format::ConfigYaml => String::new(),
    };
    Some(Problem {
        severity: Severity::Refused,
        message: format!("Invalid key {}: {why}{reading}", quoted(key)),
    })
}

/// The problem with `value` of option `key` in `format`, if any.
pub fn value_problem(key: &str, value: &str, format: Format) -> Option<Problem> {
    if format == Format::ConfigYaml || value.contains(['\n', '\r']) {
        return None;
    }
    let reading = flink_conf_reading(key, value);
    if value.contains('#') {
        return Some(Problem {
            severity: Severity::Refused,
            message: format!(
                "Invalid value {}: flink-conf.yaml cannot carry a '#' in a value, Flink 1.x reads everything from '#' on as a comment; {reading}",
                quoted(value)
            ),
        });
    }
    if value.trim_matches(|c: char| c <= ' ').is_empty() {
        return Some(Problem {
            severity: Severity::Warning,
            message: format!(
                "the value is empty: Flink 1.x drops a flink-conf.yaml setting without a value, so {key} stays unset and its default applies"
            ),
        });
    }
    if value.trim_matches(|c: char| c <= ' ') != value {
        return Some(Problem {
            severity: Severity::Warning,
            message: format!(
                "the value {} has surrounding whitespace, which flink-conf.yaml does not keep: {reading}",
                quoted(value)
            ),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_not_option_keys_are_refused() {
        let injected = key_problem(
            "jobmanager.rpc.address: evil.example.com #",
            "x",
            Format::FlinkConfYaml,
        );
        assert_eq!(
            injected.map(|p| (p.severity, p.message)),
            Some((
                Severity::Refused,
                "Invalid key \"jobmanager.rpc.address: evil.example.com #\": a Flink option key has no whitespace: in flink-conf.yaml Flink would read the line as jobmanager.rpc.address = \"evil.example.com\"".to_owned()
            ))
        );
        for key in ["", "a b", "a\tb", "a\u{1}b", "a#b"] {
            assert!(
                key_problem(key, "v", Format::ConfigYaml).is_some(),
                "{key:?}"
            );
        }
        for key in [
            "a.b",
            "$internal.x",
            "metrics.reporter.prom.factory.class",
            "a:b",
        ] {
            assert_eq!(key_problem(key, "v", Format::FlinkConfYaml), None, "{key}");
        }
    }

    #[test]
    fn values_flink_conf_yaml_cannot_carry() {
        let hash = value_problem("k", "512m # note", Format::FlinkConfYaml);
        assert_eq!(
            hash.map(|p| (p.severity, p.message)),
            Some((
                Severity::Refused,
                "Invalid value \"512m # note\": flink-conf.yaml cannot carry a '#' in a value, Flink 1.x reads everything from '#' on as a comment; Flink would read the line as k = \"512m\"".to_owned()
            ))
        );
        assert_eq!(
            value_problem("k", "#x", Format::FlinkConfYaml).map(|p| p.message),
            Some("Invalid value \"#x\": flink-conf.yaml cannot carry a '#' in a value, Flink 1.x reads everything from '#' on as a comment; Flink would skip the line".to_owned())
        );
        assert_eq!(
            value_problem("k", " x ", Format::FlinkConfYaml).map(|p| p.severity),
            Some(Severity::Warning)
        );
        assert_eq!(
            value_problem("k", "", Format::FlinkConfYaml).map(|p| p.severity),
            Some(Severity::Warning)
        );
        assert_eq!(value_problem("k", "a: b", Format::FlinkConfYaml), None);
        assert_eq!(value_problem("k", "512m # note", Format::ConfigYaml), None);
    }
}
