//! Compiles committed data into the library, so that nothing is parsed at start:
//!
//! * the JSON Schemas of the input kinds (`schema/flinkcluster.schema.json`,
//!   `schema/flinkdeployment.schema.json`, `schema/flinksessionjob.schema.json`) into the library
//!   cut into their definitions, each as compact JSON text, so that the structural check reads
//!   only the definitions an input needs, at run time, without scanning the whole schema
//!   (`src/input/schema.rs`). The `schema` test keeps the committed files equal to the schemas
//!   the types generate;
//! * Flink's option catalogue (`data/flink-options.tsv`, written by `scripts/gen-flink-options`)
//!   as static tables (`src/catalogue.rs`), with an index of the fallback keys, and the URI
//!   schemes Flink serves through file-system plugins (`data/flink-filesystems.tsv`).

use std::fmt::Write as _;

fn main() {
    let mut code = String::new();
    for (module, path) in [
        ("flink_cluster", "schema/flinkcluster.schema.json"),
        ("flink_deployment", "schema/flinkdeployment.schema.json"),
        ("flink_session_job", "schema/flinksessionjob.schema.json"),
    ] {
        writeln!(code, "/// The parts of `{path}`.").ok();
        writeln!(code, "pub mod {module} {{").ok();
        code.push_str(&schema(path));
        writeln!(code, "}}").ok();
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/schema_parts.rs"), code).expect("write schema_parts.rs");
    catalogue();
}

/// The Rust source of one schema's parts: `ROOT` and `DEFINITIONS`.
fn schema(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut schema: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let definitions = schema
        .as_object_mut()
        .and_then(|root| root.remove("$defs"))
        .and_then(|defs| match defs {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    let mut definitions = definitions;
    without_documentation(&mut schema);
    definitions.values_mut().for_each(without_documentation);
    let mut code = String::new();
    let compact = |value: &serde_json::Value| {
        serde_json::to_string(value).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    writeln!(code, "/// The schema without its definitions, as JSON.").ok();
    writeln!(code, "pub const ROOT: &str = {:?};", compact(&schema)).ok();
    writeln!(
        code,
        "/// Every definition by name, sorted by name, as JSON."
    )
    .ok();
    writeln!(code, "pub const DEFINITIONS: &[(&str, &str)] = &[").ok();
    let mut names: Vec<&String> = definitions.keys().collect();
    names.sort();
    for name in names {
        writeln!(code, "    ({name:?}, {:?}),", compact(&definitions[name])).ok();
    }
    writeln!(code, "];").ok();
    code
}

/// Removes what only documents a schema (`description`, `title`), which the structural check
/// never reads: three quarters of the text, and so of the parsing when a definition is first
/// needed. Names under `properties` are field names, not keywords, and stay.
fn without_documentation(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(map) => {
            map.remove("description");
            map.remove("title");
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value) {
                    (
                        "properties" | "patternProperties" | "$defs",
                        serde_json::Value::Object(named),
                    ) => named.values_mut().for_each(without_documentation),
                    (_, value) => without_documentation(value),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_documentation),
        _ => {}
    }
}

/// `data/flink-options.tsv` as Rust statics: the Flink lines, and one row per key and run of
/// lines with the same facts, sorted by key (see the file's header for the columns).
fn catalogue() {
    let path = "data/flink-options.tsv";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let fail = |n: usize, why: &str| -> ! { panic!("{path}:{}: {why}", n + 1) };
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut rows = String::new();
    let mut row: usize = 0;
    let mut fallback_index: Vec<(String, usize)> = Vec::new();
    let mut previous_key = String::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(list) = line.strip_prefix("# lines: ") {
            for pair in list.split_whitespace() {
                let (line, release) = pair.split_once('=').unwrap_or_else(|| fail(n, "bad line"));
                lines.push((line.to_owned(), release.to_owned()));
            }
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [key, line_list, ty, default, fallbacks, deprecated] = fields[..] else {
            fail(n, "expected six tab-separated columns")
        };
        if key < previous_key.as_str() {
            fail(n, "keys must be sorted");
        }
        previous_key = key.to_owned();
        let mask = line_mask(&lines, line_list).unwrap_or_else(|| fail(n, "unknown Flink line"));
        let default = match default {
            "null" => "None".to_owned(),
            json => {
                let value: String =
                    serde_json::from_str(json).unwrap_or_else(|_| fail(n, "bad default"));
                format!("Some({value:?})")
            }
        };
        let fallback_keys: Vec<String> = if fallbacks == "-" {
            Vec::new()
        } else {
            fallbacks
                .split(',')
                .map(|f| f.trim_start_matches('~').to_owned())
                .collect()
        };
        let fallbacks: Vec<String> = if fallbacks == "-" {
            Vec::new()
        } else {
            fallbacks
                .split(',')
                .map(|f| match f.strip_prefix('~') {
                    Some(k) => format!("Fallback {{ key: {k:?}, deprecated: true }}"),
                    None => format!("Fallback {{ key: {f:?}, deprecated: false }}"),
                })
                .collect()
        };
        let (list, element) = match ty.strip_prefix("list:") {
            Some(element) => (true, element),
            None => (false, ty),
        };
        let kind = match element {
            "string" => "Kind::String".to_owned(),
            "int" => "Kind::Int".to_owned(),
            "long" => "Kind::Long".to_owned(),
            "float" => "Kind::Float".to_owned(),
            "double" => "Kind::Double".to_owned(),
            "boolean" => "Kind::Boolean".to_owned(),
            "duration" => "Kind::Duration".to_owned(),
            "memory" => "Kind::Memory".to_owned(),
            "map" => "Kind::Map".to_owned(),
            other => match (other.strip_prefix("enum:"), other.strip_prefix("class:")) {
                (Some(enum_type), _) => {
                    let (class, values) = enum_type
                        .split_once(':')
                        .unwrap_or_else(|| fail(n, "an enum type is enum:<class>:<values>"));
                    format!(
                        "Kind::Enum {{ class: {class:?}, values: &{:?} }}",
                        values.split('|').collect::<Vec<_>>()
                    )
                }
                (_, Some(class)) => format!("Kind::Class({class:?})"),
                _ => fail(n, "unknown type"),
            },
        };
        writeln!(
            rows,
            "    OptionFacts {{ key: {key:?}, lines: {mask:#x}, kind: {kind}, list: {list}, default: {default}, fallbacks: &[{}], deprecated: {} }},",
            fallbacks.join(", "),
            deprecated == "deprecated"
        )
        .ok();
        for fallback in fallback_keys {
            fallback_index.push((fallback, row));
        }
        row += 1;
    }
    if lines.is_empty() || lines.len() > 32 {
        panic!("{path}: the header must name 1 to 32 Flink lines");
    }
    let mut code = String::new();
    writeln!(
        code,
        "/// The Flink lines the catalogue covers, oldest first, with the release read for each."
    )
    .ok();
    writeln!(code, "pub static LINES: &[(&str, &str)] = &[").ok();
    for (line, release) in &lines {
        writeln!(code, "    ({line:?}, {release:?}),").ok();
    }
    writeln!(code, "];").ok();
    writeln!(code, "/// Every option row, sorted by key.").ok();
    writeln!(code, "pub static OPTIONS: &[OptionFacts] = &[\n{rows}];").ok();
    fallback_index.sort();
    writeln!(
        code,
        "/// Every fallback key with the index of a row of [`OPTIONS`] that reads it, sorted by key."
    )
    .ok();
    writeln!(code, "static FALLBACK_INDEX: &[(&str, usize)] = &[").ok();
    for (key, row) in &fallback_index {
        writeln!(code, "    ({key:?}, {row}),").ok();
    }
    writeln!(code, "];").ok();
    code.push_str(&small_tables(&lines));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/catalogue_rows.rs"), code).expect("write catalogue_rows.rs");
}

/// The bit mask of a list of lines (`1.10-1.20,2.0`) over `lines`; `None` for an unknown line.
fn line_mask(lines: &[(String, String)], list: &str) -> Option<u32> {
    let mut mask: u32 = 0;
    for part in list.split(',') {
        let (first, last) = part.split_once('-').unwrap_or((part, part));
        let index = |l: &str| lines.iter().position(|(name, _)| name == l);
        for i in index(first)?..=index(last)? {
            mask |= 1 << i;
        }
    }
    Some(mask)
}

/// The rows of a small per-line table (`key<TAB>lines<TAB>facts`, `#` comments): key, bit mask
/// of the lines, facts.
fn line_table(path: &str, lines: &[(String, String)]) -> Vec<(String, u32, String)> {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let [key, line_list, facts] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("{path}:{}: expected three tab-separated columns", n + 1)
        };
        let mask = line_mask(lines, line_list)
            .unwrap_or_else(|| panic!("{path}:{}: unknown Flink line", n + 1));
        rows.push((key.to_owned(), mask, facts.to_owned()));
    }
    rows
}

/// `data/flink-filesystems.tsv` (scheme, lines, plugins; sorted by scheme) and
/// `data/flink-sensitive-keys.tsv` (fragment, lines) as static tables.
fn small_tables(lines: &[(String, String)]) -> String {
    let mut code = String::new();
    writeln!(
        code,
        "/// The URI schemes Flink serves only through a file-system plugin, sorted by scheme."
    )
    .ok();
    writeln!(code, "pub static FILE_SYSTEMS: &[FileSystemFacts] = &[").ok();
    for (scheme, mask, plugins) in line_table("data/flink-filesystems.tsv", lines) {
        writeln!(
            code,
            "    FileSystemFacts {{ scheme: {scheme:?}, lines: {mask:#x}, plugins: &{:?} }},",
            plugins.split(',').collect::<Vec<_>>()
        )
        .ok();
    }
    writeln!(code, "];").ok();
    writeln!(
        code,
        "/// The fragments that make a key sensitive, with the lines that know each."
    )
    .ok();
    writeln!(code, "static SENSITIVE_FRAGMENTS: &[(&str, u32)] = &[").ok();
    for (fragment, mask, _) in line_table("data/flink-sensitive-keys.tsv", lines) {
        writeln!(code, "    ({fragment:?}, {mask:#x}),").ok();
    }
    writeln!(code, "];").ok();
    code
}
