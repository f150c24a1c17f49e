//! The JSON Schema the structural check walks, read one definition at a time.
//!
//! Generating the schema from the types (`spec::json_schema`) builds every Kubernetes type a
//! FlinkCluster can embed — over half the instructions and most of the memory of rendering one
//! small cluster. The same schema is committed as `schema/flinkcluster.schema.json` (the
//! `schema` test keeps it equal to the generated one), so it is compiled in instead: `build.rs`
//! cuts the file into its definitions, and a definition is read the first time the check needs
//! it. A cluster without volumes never reads the schema of a volume.

use std::sync::{LazyLock, OnceLock};

use serde_json::Value as Json;

/// `ROOT` and `DEFINITIONS`, written by `build.rs` from the committed schema.
mod parts {
    include!(concat!(env!("OUT_DIR"), "/schema_parts.rs"));
}

static ROOT: LazyLock<Json> =
    LazyLock::new(|| serde_json::from_str(parts::ROOT).unwrap_or(Json::Null));

/// One slot per definition, in the order of `parts::DEFINITIONS`.
static READ: LazyLock<Vec<OnceLock<Json>>> =
    LazyLock::new(|| parts::DEFINITIONS.iter().map(|_| OnceLock::new()).collect());

/// The schema of a FlinkCluster document, without its definitions (`$ref`s point to them).
pub fn root() -> &'static Json {
    &ROOT
}

/// The definition `name` (the part after `#/$defs/` of a `$ref`), read on first use.
pub fn definition(name: &str) -> Option<&'static Json> {
    let index = parts::DEFINITIONS
        .binary_search_by(|(candidate, _)| (*candidate).cmp(name))
        .ok()?;
    let (_, text) = parts::DEFINITIONS.get(index)?;
    let slot = READ.get(index)?;
    Some(slot.get_or_init(|| serde_json::from_str(text).unwrap_or(Json::Null)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema as compiled in: without `description` and `title` (see `build.rs`).
    fn undocumented(schema: &mut Json) {
        match schema {
            Json::Object(map) => {
                map.remove("description");
                map.remove("title");
                for (key, value) in map.iter_mut() {
                    if matches!(key.as_str(), "properties" | "patternProperties" | "$defs")
                        && let Json::Object(named) = value
                    {
                        named.values_mut().for_each(undocumented);
                    } else {
                        undocumented(value);
                    }
                }
            }
            Json::Array(items) => items.iter_mut().for_each(undocumented),
            _ => {}
        }
    }

    #[test]
    fn every_part_reads_as_the_types_generate_it_without_documentation() {
        let mut generated = crate::spec::json_schema();
        assert!(generated.to_string().contains("\"description\""));
        undocumented(&mut generated);
        // A field named like a keyword is a field, and stays.
        let mut named = serde_json::json!({"properties": {"description": {"type": "string", "description": "d"}}});
        undocumented(&mut named);
        assert_eq!(
            named,
            serde_json::json!({"properties": {"description": {"type": "string"}}})
        );
        let mut generated_root = generated.clone();
        let generated_definitions = generated_root
            .as_object_mut()
            .and_then(|o| o.remove("$defs"))
            .expect("definitions");
        assert_eq!(root(), &generated_root);
        let names = generated_definitions.as_object().expect("a map");
        assert!(names.len() > 50, "{} definitions", names.len());
        for (name, schema) in names {
            assert_eq!(definition(name), Some(schema), "{name}");
        }
        assert_eq!(definition("NoSuchDefinition"), None);
    }
}
