//! The JSON Schemas the structural check walks, read one definition at a time.
//!
//! Generating a schema from the types (`spec::json_schema` and its siblings) builds every
//! Kubernetes type a resource can embed — over half the instructions and most of the memory of
//! rendering one small cluster. The same schemas are committed under `schema/` (the `schema`
//! test keeps them equal to the generated ones), so they are compiled in instead: `build.rs`
//! cuts each file into its definitions, and a definition is read the first time the check needs
//! it. A cluster without volumes never reads the schema of a volume.

use std::sync::OnceLock;

use serde_json::Value as Json;

/// `ROOT` and `DEFINITIONS` of each schema, written by `build.rs` from the committed files.
mod parts {
    include!(concat!(env!("OUT_DIR"), "/schema_parts.rs"));
}

/// One input kind's schema: its root and its definitions, each read on first use.
pub struct Book {
    root_text: &'static str,
    definitions: &'static [(&'static str, &'static str)],
    root: OnceLock<Json>,
    /// One slot per definition, in the order of `definitions`.
    read: OnceLock<Vec<OnceLock<Json>>>,
}

impl Book {
    const fn new(
        root_text: &'static str,
        definitions: &'static [(&'static str, &'static str)],
    ) -> Book {
        Book {
            root_text,
            definitions,
            root: OnceLock::new(),
            read: OnceLock::new(),
        }
    }

    /// The schema of a document, without its definitions (`$ref`s point to them).
    pub fn root(&self) -> &Json {
        self.root
            .get_or_init(|| serde_json::from_str(self.root_text).unwrap_or(Json::Null))
    }

    /// The definition `name` (the part after `#/$defs/` of a `$ref`), read on first use.
    pub fn definition(&self, name: &str) -> Option<&Json> {
        let index = self
            .definitions
            .binary_search_by(|(candidate, _)| (*candidate).cmp(name))
            .ok()?;
        let (_, text) = self.definitions.get(index)?;
        let slots = self
            .read
            .get_or_init(|| self.definitions.iter().map(|_| OnceLock::new()).collect());
        let slot = slots.get(index)?;
        Some(slot.get_or_init(|| serde_json::from_str(text).unwrap_or(Json::Null)))
    }
}

/// The FlinkCluster's schema (`schema/flinkcluster.schema.json`).
pub static FLINK_CLUSTER: Book = Book::new(
    parts::flink_cluster::ROOT,
    parts::flink_cluster::DEFINITIONS,
);
/// The FlinkDeployment's schema (`schema/flinkdeployment.schema.json`).
pub static FLINK_DEPLOYMENT: Book = Book::new(
    parts::flink_deployment::ROOT,
    parts::flink_deployment::DEFINITIONS,
);
/// The FlinkSessionJob's schema (`schema/flinksessionjob.schema.json`).
pub static FLINK_SESSION_JOB: Book = Book::new(
    parts::flink_session_job::ROOT,
    parts::flink_session_job::DEFINITIONS,
);

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

    /// Every part of `book` reads as `generated` (the schema the types generate) without its
    /// documentation.
    fn reads_as_generated(book: &Book, generated: Json) {
        let mut generated_root = generated;
        assert!(generated_root.to_string().contains("\"description\""));
        undocumented(&mut generated_root);
        let generated_definitions = generated_root
            .as_object_mut()
            .and_then(|o| o.remove("$defs"))
            .expect("definitions");
        assert_eq!(book.root(), &generated_root);
        let names = generated_definitions.as_object().expect("a map");
        assert!(names.len() > 5, "{} definitions", names.len());
        for (name, schema) in names {
            assert_eq!(book.definition(name), Some(schema), "{name}");
        }
        assert_eq!(book.definition("NoSuchDefinition"), None);
    }

    #[test]
    fn a_field_named_like_a_keyword_keeps_its_documentation_out_and_its_name_in() {
        let mut named = serde_json::json!({"properties": {"description": {"type": "string", "description": "d"}}});
        undocumented(&mut named);
        assert_eq!(
            named,
            serde_json::json!({"properties": {"description": {"type": "string"}}})
        );
    }

    #[test]
    fn every_part_reads_as_the_types_generate_it_without_documentation() {
        reads_as_generated(&FLINK_CLUSTER, crate::spec::json_schema());
        reads_as_generated(
            &FLINK_DEPLOYMENT,
            crate::apache_spec::deployment_json_schema(),
        );
        reads_as_generated(
            &FLINK_SESSION_JOB,
            crate::apache_spec::session_job_json_schema(),
        );
    }
}
