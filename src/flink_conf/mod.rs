//! The Flink configuration file: how flink-render writes it, and how each Flink version reads
//! it back.
//!
//! Flink reads its configuration from `conf/`, and the rendered ConfigMap replaces that
//! directory. Two formats exist, chosen by version ([`Format::of`]):
//!
//! - [`Format::FlinkConfYaml`] (`flink-conf.yaml`, Flink 1.x): one `key: value` per line, read
//!   by Flink's own line reader ([`legacy`]): everything after `#` is a comment, key and value
//!   are cut at the first `": "` and trimmed, a line without a value is dropped.
//! - [`Format::ConfigYaml`] (`config.yaml`, Flink 2.x): standard YAML 1.2 ([`standard`]):
//!   scalars resolve by the core schema, nested mappings flatten to dotted keys, a null value
//!   or an unknown tag makes the whole file unloadable.
//!
//! [`write`] produces the file text from the entries flink-render means; [`read`] models what
//! the Flink version's loader gives for a file text; [`check`] names the entries the format
//! cannot carry exactly (the validate stage reports them). The memory check and
//! `explain memory` run Flink's memory model over `read(write(entries))`, so they see what
//! Flink sees. [`defaults`] holds the settings of Flink's own default `conf/` that the rendered
//! file must keep (the JVM options Java 17 needs).
//!
//! Pure functions: no I/O. Used by the render stage (both targets) and by validation.

pub mod check;
pub mod defaults;
pub mod keys;
pub mod legacy;
pub mod plugins;
pub mod standard;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};

use crate::version::FlinkVersion;

/// The configuration file format a Flink version reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `flink-conf.yaml`, Flink's flat line format (Flink 1.x).
    FlinkConfYaml,
    /// `config.yaml`, standard YAML 1.2 (Flink 2.0 and later).
    ConfigYaml,
}

impl Format {
    /// The format of `flink_version`: `config.yaml` from Flink 2.0, else `flink-conf.yaml`
    /// (also for a version that does not parse, as before 2.0).
    ///
    /// Flink 1.19 and 1.20 also read a `config.yaml` when there is one; flink-render writes the
    /// flat file for them, the one their 1.x readers and tools expect.
    pub fn of(flink_version: &str) -> Format {
        match FlinkVersion::parse(flink_version) {
            Ok(v) if v.at_least(2, 0) => Format::ConfigYaml,
            _ => Format::FlinkConfYaml,
        }
    }

    /// The file name in `conf/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::FlinkConfYaml => "flink-conf.yaml",
            Format::ConfigYaml => "config.yaml",
        }
    }
}

/// One value flink-render writes: text, or a list for a list-typed option (only the native
/// target sets lists: `pipeline.jars` and friends).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A string, exactly as Flink should read it.
    Text(String),
    /// A list of strings: `;`-separated in `flink-conf.yaml` (items escaped as Flink's
    /// `StructuredOptionsSplitter` reads them), a YAML sequence in `config.yaml`.
    List(Vec<String>),
}

/// The file text of `entries` (keys in byte order) in `format`.
///
/// `flink-conf.yaml`: `key: value` lines, unquoted, as the operator writes them (the values it
/// cannot carry are refused or warned about by [`check`] before rendering). `config.yaml`:
/// every value written so that YAML reads back exactly the string meant ([`standard::scalar`]).
pub fn write(entries: &BTreeMap<String, Entry>, format: Format) -> String {
    let mut out = String::new();
    for (key, entry) in entries {
        match format {
            Format::FlinkConfYaml => {
                out.push_str(key);
                out.push_str(": ");
                match entry {
                    Entry::Text(value) => out.push_str(value),
                    Entry::List(items) => out.push_str(&legacy::join_list(items)),
                }
            }
            Format::ConfigYaml => {
                out.push_str(&standard::scalar(key));
                out.push(':');
                match entry {
                    Entry::Text(value) => {
                        out.push(' ');
                        out.push_str(&standard::scalar(value));
                    }
                    Entry::List(items) => {
                        for item in items {
                            out.push_str("\n  - ");
                            out.push_str(&standard::scalar(item));
                        }
                        if items.is_empty() {
                            out.push_str(" []");
                        }
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

/// [`write`] for entries that are all text.
pub fn write_text(entries: &BTreeMap<String, String>, format: Format) -> String {
    let entries: BTreeMap<String, Entry> = entries
        .iter()
        .map(|(k, v)| (k.clone(), Entry::Text(v.clone())))
        .collect();
    write(&entries, format)
}

/// What a Flink version's loader gives for a configuration file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// Every entry as the string Flink's typed getters start from: the text for a string,
    /// Java's `toString()` of a YAML-typed value (`0x10` → `16`, `1e3` → `1000.0`, `.inf` →
    /// `Infinity`, `True` → `true`), a list as Java prints it.
    pub entries: BTreeMap<String, String>,
    /// The keys whose value YAML typed as a float (Java `Double`): reading them as a float
    /// option checks the float range first (`Configuration value … overflows/underflows the
    /// float type.`).
    pub doubles: BTreeSet<String>,
}

/// Why Flink cannot load a configuration file at all (every process refuses to start).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unloadable {
    /// Flink's message, `java.lang.RuntimeException: Error parsing YAML configuration.` and
    /// its cause.
    pub message: String,
}

/// What `format`'s loader gives for the file `text`.
pub fn read(text: &str, format: Format) -> Result<Loaded, Unloadable> {
    match format {
        Format::FlinkConfYaml => Ok(Loaded {
            entries: legacy::read(text),
            doubles: BTreeSet::new(),
        }),
        Format::ConfigYaml => standard::read(text),
    }
}

/// What Flink reads from the file flink-render writes for `entries` in `format`.
pub fn as_read(entries: &BTreeMap<String, String>, format: Format) -> Result<Loaded, Unloadable> {
    read(&write_text(entries, format), format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn formats_follow_the_version() {
        assert_eq!(Format::of("1.20"), Format::FlinkConfYaml);
        assert_eq!(Format::of("1.10.3"), Format::FlinkConfYaml);
        assert_eq!(Format::of("2.0"), Format::ConfigYaml);
        assert_eq!(Format::of("v2.3.0"), Format::ConfigYaml);
        assert_eq!(Format::of("nonsense"), Format::FlinkConfYaml);
        assert_eq!(Format::ConfigYaml.file_name(), "config.yaml");
    }

    #[test]
    fn flink_conf_yaml_is_the_operators_flat_text() {
        let entries = map(&[("rest.port", "8081"), ("a.b", "x: y")]);
        assert_eq!(
            write_text(&entries, Format::FlinkConfYaml),
            "a.b: x: y\nrest.port: 8081\n"
        );
    }

    #[test]
    fn config_yaml_reads_back_every_string_exactly() {
        // One value of each kind YAML 1.2 could read as something else (tests/flink_loader.rs
        // has Flink itself read more).
        let tricky = "*|a: b|@x|null||True|'q'|[a, b]|{a: 1}|abc #def|010|0x10|0o20|+3|1e3|.inf|~|!tag|- x|? x|&anchor x|| |  padded |tab\there|\u{1}ctl|1639m|s3://b/p|it's|\"dq\"|%x|`x|,|-|-1|.5|NO|2001-12-14"
            .split('|')
            .collect::<Vec<_>>();
        let entries: BTreeMap<String, String> = tricky
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("k{i}"), (*v).to_owned()))
            .collect();
        let loaded = as_read(&entries, Format::ConfigYaml).expect("loadable");
        assert_eq!(loaded.entries, entries);
        assert!(loaded.doubles.is_empty());
    }

    #[test]
    fn config_yaml_lists_are_sequences() {
        let entries = BTreeMap::from([
            (
                "pipeline.jars".to_owned(),
                Entry::List(vec!["local:///a.jar".to_owned(), "b;c".to_owned()]),
            ),
            ("x".to_owned(), Entry::List(vec![])),
        ]);
        assert_eq!(
            write(&entries, Format::ConfigYaml),
            "pipeline.jars:\n  - local:///a.jar\n  - 'b;c'\nx: []\n"
        );
        assert_eq!(
            write(&entries, Format::FlinkConfYaml),
            "pipeline.jars: local:///a.jar;'b;c'\nx: \n"
        );
    }
}
