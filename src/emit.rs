//! Emit stage: ordered objects become bytes.
//!
//! Three forms: a multi-document YAML stream (documents separated by `---`), a `v1` `List` in
//! JSON, and one file per object with kustomize's file names for `--output-dir`. The same
//! objects always give the same bytes: keys come out in a fixed order and nothing depends on
//! time or the machine.

use serde::Serialize;

use crate::render::Object;
use crate::yaml::{self, EmitError};

/// The objects as a YAML stream, `---` between documents.
pub fn yaml_stream(objects: &[Object]) -> Result<String, EmitError> {
    let mut out = String::new();
    for (i, object) in objects.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        yaml::write_yaml(&mut out, object)?;
    }
    Ok(out)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct List<'a> {
    api_version: &'static str,
    kind: &'static str,
    items: &'a [Object],
}

/// The objects as a `v1` `List` in JSON (two-space indentation, final newline).
pub fn json_list(objects: &[Object]) -> Result<String, serde_json::Error> {
    let list = List {
        api_version: "v1",
        kind: "List",
        items: objects,
    };
    let mut text = serde_json::to_string_pretty(&list)?;
    text.push('\n');
    Ok(text)
}

/// kustomize's file name for an object: `<group>_<version>_<kind>_<name>.yaml`, lower case,
/// without the group for core objects, prefixed with `<namespace>_` when `with_namespace`.
pub fn file_name(object: &Object, with_namespace: bool) -> String {
    let gvk = format!(
        "{}_{}",
        object.api_version().replace('/', "_"),
        object.kind()
    );
    let base = format!("{gvk}_{}.yaml", object.name()).to_lowercase();
    match object.namespace() {
        Some(namespace) if with_namespace => format!("{}_{base}", namespace.to_lowercase()),
        _ => base,
    }
}

/// One `(file name, YAML)` pair per object, for `--output-dir`.
pub fn files(objects: &[Object]) -> Result<Vec<(String, String)>, EmitError> {
    let mut namespaces: Vec<Option<&str>> = objects.iter().map(Object::namespace).collect();
    namespaces.sort_unstable();
    namespaces.dedup();
    let with_namespace = namespaces.len() > 1;
    objects
        .iter()
        .map(|object| Ok((file_name(object, with_namespace), yaml::to_yaml(object)?)))
        .collect()
}
