//! Emit stage: ordered objects become bytes.
//!
//! Three forms: a multi-document YAML stream (documents separated by `---`), a `v1` `List` in
//! JSON, and one file per object with kustomize's file names for `--output-dir`. The same
//! objects always give the same bytes: keys come out in a fixed order and nothing depends on
//! time or the machine.

use serde::Serialize;

use crate::object::Object;
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

/// A `v1` `List` in JSON written object by object, the same bytes as [`json_list`]: its head,
/// each object's text, then its tail. Each object is serialized on its own, so a list of
/// many objects never has to be held at once.
#[derive(Debug, Default)]
pub struct JsonList {
    items: usize,
}

impl JsonList {
    /// The text before the first object.
    pub const HEAD: &'static str =
        "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [";

    /// The text of the next object, given as `serde_json::to_string_pretty` gives it, with what
    /// separates it from the one before.
    pub fn item(&mut self, json: &str) -> String {
        let mut out = String::with_capacity(json.len() + json.len() / 8);
        out.push_str(if self.items == 0 { "\n" } else { ",\n" });
        // JSON strings hold no raw line break, so every line can be indented as a whole.
        for (i, line) in json.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
        self.items += 1;
        out
    }

    /// The text after the last object.
    pub fn tail(&self) -> &'static str {
        if self.items == 0 {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_list_written_object_by_object_is_the_list_serialized_at_once() {
        let objects: Vec<Object> = ["a", "b"]
            .iter()
            .map(|name| {
                Object::from(k8s_openapi::api::core::v1::ConfigMap {
                    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                        name: Some((*name).to_owned()),
                        ..Default::default()
                    },
                    data: Some([("k".to_owned(), "line\nbreak \"quoted\"".to_owned())].into()),
                    ..Default::default()
                })
            })
            .collect();
        for count in 0..=objects.len() {
            let mut list = JsonList::default();
            let mut text = JsonList::HEAD.to_owned();
            for object in &objects[..count] {
                let json = serde_json::to_string_pretty(object).expect("serializes");
                text.push_str(&list.item(&json));
            }
            text.push_str(list.tail());
            assert_eq!(text, json_list(&objects[..count]).expect("serializes"));
        }
    }
}
