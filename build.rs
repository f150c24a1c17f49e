//! Compiles the committed JSON Schema (`schema/flinkcluster.schema.json`) into the library cut
//! into its definitions, each as compact JSON text, so that the structural check reads only the
//! definitions an input needs, at run time, without scanning the whole schema
//! (`src/input/schema.rs`). The `schema` test keeps the committed file equal to the schema the
//! types generate.

use std::fmt::Write as _;

fn main() {
    let path = "schema/flinkcluster.schema.json";
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
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/schema_parts.rs"), code).expect("write schema_parts.rs");
}
