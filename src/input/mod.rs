//! Parse stage: YAML text in, typed `FlinkCluster`s (and where each field was written) out.
//!
//! A stream may hold several documents. Each FlinkCluster document is checked against the
//! generated schema ([`check`]) so that every structural problem of the file is reported at
//! once, then decoded into [`crate::spec::FlinkCluster`]. Documents of other kinds are returned
//! as [`Item::Other`] for the caller to refuse (`render`) or pass through (`post-render`).

mod check;
mod schema;
mod source_map;

use std::sync::OnceLock;

pub use source_map::SourceMap;

pub(crate) use check::suggest;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::path::FieldPath;
use crate::spec::{self, FlinkCluster};
use crate::yaml::{self, Document, Limits, Node};

/// A FlinkCluster read from a document.
#[derive(Clone, Debug)]
pub struct ParsedCluster {
    /// The typed resource.
    pub cluster: FlinkCluster,
    /// Where its fields are in the source.
    pub source: SourceMap,
    /// Index of its document in the stream, from 0.
    pub document: usize,
}

/// One non-empty document of a stream.
#[derive(Clone, Debug)]
pub enum Item {
    /// A FlinkCluster.
    Cluster(Box<ParsedCluster>),
    /// Any other object.
    Other {
        /// Index of the document in the stream, from 0.
        document: usize,
        /// Where the document starts.
        location: Location,
        /// Its `kind` (empty when it has none).
        kind: String,
        /// Its `apiVersion` (empty when it has none).
        api_version: String,
    },
}

/// The JSON Schema of a FlinkCluster document, generated once per process (the structural
/// check reads the committed copy instead, one definition at a time).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(spec::json_schema)
}

/// Reads every document of `text`. All problems of the stream are returned together.
pub fn parse_stream(text: &str, limits: Limits) -> Result<Vec<Item>, Diagnostics> {
    let (documents, mut diagnostics) = match yaml::load_stream(text, limits) {
        Ok(loaded) => loaded,
        Err(error) => return Err(Diagnostics::from(vec![error.into_diagnostic()])),
    };
    let mut items = Vec::new();
    for document in documents {
        if let Some(item) = parse_document(document, &mut diagnostics) {
            items.push(item);
        }
    }
    if diagnostics.has_errors() {
        diagnostics.sort_by_location();
        Err(diagnostics)
    } else {
        Ok(items)
    }
}

fn text_of<'n>(root: &'n Node, key: &str) -> Option<&'n str> {
    root.get(key).and_then(Node::as_str)
}

/// Reads one loaded document (for callers that load streams themselves, such as KRM resource
/// lists). Problems are added to `diagnostics` (rule [`Rule::Schema`]); `None` means an empty
/// or unusable document.
pub fn parse_document(document: Document, diagnostics: &mut Diagnostics) -> Option<Item> {
    let mut found = Diagnostics::new();
    let item = read_document(document, &mut found);
    found.tag(Rule::Schema);
    diagnostics.extend(found);
    item
}

fn read_document(document: Document, diagnostics: &mut Diagnostics) -> Option<Item> {
    let root = document.root?;
    if root.as_mapping().is_none() {
        diagnostics.push(
            Diagnostic::error(
                FieldPath::root(),
                "a document must be a mapping (an object with apiVersion, kind, metadata, ...)",
            )
            .at(Some(root.location)),
        );
        return None;
    }
    let kind = text_of(&root, "kind").unwrap_or_default();
    let api_version = text_of(&root, "apiVersion").unwrap_or_default();
    let group = api_version.split_once('/').map(|(g, _)| g);
    if kind != spec::KIND {
        return Some(Item::Other {
            document: document.index,
            location: root.location,
            kind: kind.to_owned(),
            api_version: api_version.to_owned(),
        });
    }
    if api_version != spec::API_VERSION {
        let at = root.get("apiVersion").map_or(root.location, |n| n.location);
        let message = if group == Some(spec::GROUP) {
            format!(
                "unsupported apiVersion {api_version:?}: flink-render reads {}",
                spec::API_VERSION
            )
        } else {
            format!(
                "a FlinkCluster must have apiVersion {} (found {api_version:?})",
                spec::API_VERSION
            )
        };
        diagnostics.push(Diagnostic::error(FieldPath::fields("apiVersion"), message).at(Some(at)));
        return None;
    }

    let mut checker = check::Checker::new();
    let json = checker.check(&root, schema::root(), &FieldPath::root());
    let structural = checker.diagnostics;
    let failed = structural.has_errors();
    diagnostics.extend(structural);
    if failed {
        return None;
    }
    let json = json.unwrap_or(serde_json::Value::Null);
    match serde_path_to_error::deserialize::<_, FlinkCluster>(json) {
        Ok(cluster) => Some(Item::Cluster(Box::new(ParsedCluster {
            cluster,
            source: SourceMap::new(root),
            document: document.index,
        }))),
        Err(error) => {
            // The schema walk accepts what the types accept; reaching this is a gap between the
            // two, reported with the path serde saw.
            let path = FieldPath::fields(&error.path().to_string());
            let source = SourceMap::new(root);
            diagnostics.push(
                Diagnostic::error(path.clone(), error.inner().to_string())
                    .at(Some(source.locate(&path))),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse_stream(text, Limits::default()) {
            Ok(_) => Vec::new(),
            Err(d) => d
                .iter()
                .map(|d| {
                    format!(
                        "{} @{}",
                        d,
                        d.location.map(|l| l.to_string()).unwrap_or_default()
                    )
                })
                .collect(),
        }
    }

    const MINIMAL: &str = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n";

    /// The one FlinkCluster of `text`, which must parse.
    fn only_cluster(text: &str) -> ParsedCluster {
        let items = parse_stream(text, Limits::default()).expect("valid");
        match items.into_iter().next() {
            Some(Item::Cluster(parsed)) => *parsed,
            _ => panic!("one cluster"),
        }
    }

    #[test]
    fn minimal_cluster_parses() {
        let items = parse_stream(MINIMAL, Limits::default()).expect("valid");
        let [Item::Cluster(parsed)] = items.as_slice() else {
            panic!("one cluster")
        };
        assert_eq!(parsed.cluster.spec.flink_version, "1.18");
        assert_eq!(parsed.cluster.metadata.name.as_deref(), Some("demo"));
    }

    #[test]
    fn every_problem_is_reported_with_path_and_position() {
        let text = format!(
            "{MINIMAL}  taskmanager:\n    replicas: 2\n  jobManager:\n    replicas: three\n    accessScope: Clster\n    ports:\n      rpc: 70000\n"
        );
        let found = errors(&text);
        assert_eq!(
            found,
            vec![
                "spec.taskmanager: unknown field \"taskmanager\"; did you mean \"taskManager\"? @9:3".to_owned(),
                "spec.jobManager.replicas: expected an integer, found the string \"three\" @12:15".to_owned(),
                "spec.jobManager.accessScope: Unsupported value: \"Clster\": supported values: \"Cluster\", \"VPC\", \"External\", \"NodePort\", \"Headless\"; did you mean \"Cluster\"? @13:18".to_owned(),
                "spec.jobManager.ports.rpc: Invalid value: 70000: must be less than or equal to 65535 @15:12".to_owned(),
            ]
        );
    }

    #[test]
    fn unquoted_numbers_in_string_fields_are_refused() {
        let text = MINIMAL.replace("\"1.18\"", "1.10");
        assert_eq!(
            errors(&text),
            vec!["spec.flinkVersion: expected a string, found the number 1.1 (Kubernetes reads `1.10` unquoted as a number); quote it: \"1.10\" @6:17".to_owned()]
        );
    }

    #[test]
    fn missing_required_fields() {
        let text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  batchScheduler: {queue: q}\n";
        assert_eq!(
            errors(text),
            vec!["spec.image: Required value @6:3".to_owned()]
        );
    }

    #[test]
    fn a_missing_flink_version_or_scheduler_name_is_empty_as_the_api_server_stores_it() {
        let text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  image: {name: flink}\n  batchScheduler: {queue: q}\n";
        let parsed = only_cluster(text);
        assert_eq!(parsed.cluster.spec.flink_version, "");
        let scheduler = parsed.cluster.spec.batch_scheduler.as_ref().expect("set");
        assert_eq!(scheduler.name, "");
    }

    /// Warnings (as `path: message @line:column`) of a stream that parses.
    fn warnings(text: &str) -> Vec<String> {
        let mut diagnostics = Diagnostics::new();
        let (documents, _) = yaml::load_stream(text, Limits::default()).expect("loads");
        for document in documents {
            parse_document(document, &mut diagnostics);
        }
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{d} @{}",
                    d.location.map(|l| l.to_string()).unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn unquoted_keys_are_the_text_kubernetes_makes_of_them_with_a_warning() {
        let text = format!(
            "{MINIMAL}  taskManager:\n    nodeSelector:\n      n: x\n      on: z\n      1: one\n      \"yes\": kept\n  jobManager:\n    podAnnotations:\n      0x10: sixteen\n      1.10: f\n"
        );
        let parsed = only_cluster(&text);
        let spec = &parsed.cluster.spec;
        let selector = spec
            .task_manager
            .as_ref()
            .and_then(|t| t.node_selector.clone());
        let keys: Vec<String> = selector.into_iter().flatten().map(|(k, _)| k).collect();
        assert_eq!(keys, ["1", "false", "true", "yes"]);
        let annotations = spec
            .job_manager
            .as_ref()
            .and_then(|j| j.pod_annotations.clone());
        let keys: Vec<String> = annotations.into_iter().flatten().map(|(k, _)| k).collect();
        assert_eq!(keys, ["1.1", "16"]);
        assert_eq!(
            warnings(&text),
            [
                "spec.taskManager.nodeSelector[false]: the unquoted key `n` is the boolean false to Kubernetes (YAML 1.1), so the key is \"false\"; quote it (\"n\") to keep the text @11:7",
                "spec.taskManager.nodeSelector[true]: the unquoted key `on` is the boolean true to Kubernetes (YAML 1.1), so the key is \"true\"; quote it (\"on\") to keep the text @12:7",
                "spec.jobManager.podAnnotations[16]: the unquoted key `0x10` is a number to Kubernetes (YAML 1.1), so the key is \"16\"; quote it (\"0x10\") to keep the text @17:7",
                "spec.jobManager.podAnnotations[1.1]: the unquoted key `1.10` is a number to Kubernetes (YAML 1.1), so the key is \"1.1\"; quote it (\"1.10\") to keep the text @18:7",
            ]
        );
    }

    #[test]
    fn two_keys_that_read_the_same_are_a_duplicate() {
        let text = format!("{MINIMAL}  flinkProperties:\n    yes: \"1\"\n    \"true\": \"2\"\n");
        assert_eq!(
            errors(&text),
            vec![
                "spec.flinkProperties[true]: the unquoted key `yes` is the boolean true to Kubernetes (YAML 1.1), so the key is \"true\"; quote it (\"yes\") to keep the text @10:5".to_owned(),
                "spec.flinkProperties[true]: duplicate key \"true\" in a mapping: Kubernetes reads `true` as \"true\", as an earlier key of the mapping (Kubernetes rejects duplicate fields) @11:5".to_owned(),
            ]
        );
    }

    #[test]
    fn binary_values_are_decoded_as_kubernetes_decodes_them() {
        let text = format!(
            "{MINIMAL}  jobManager:\n    podAnnotations:\n      data: !!binary aGVsbG8=\n      bytes: !!binary /w==\n"
        );
        let parsed = only_cluster(&text);
        let annotations = parsed
            .cluster
            .spec
            .job_manager
            .as_ref()
            .and_then(|j| j.pod_annotations.clone());
        let annotations = annotations.expect("set");
        assert_eq!(annotations["data"], "hello");
        assert_eq!(annotations["bytes"], "\u{FFFD}", "an invalid UTF-8 byte");
        let bad =
            format!("{MINIMAL}  jobManager:\n    podAnnotations:\n      data: !!binary aGVsbG8\n");
        assert_eq!(
            errors(&bad),
            vec!["spec.jobManager.podAnnotations[data]: !!binary value contains invalid base64 data @11:22".to_owned()]
        );
    }

    #[test]
    fn quantities_written_as_numbers_are_the_text_json_makes_of_them() {
        let text = format!(
            "{MINIMAL}  taskManager:\n    resources:\n      limits:\n        cpu: 1.0\n        memory: 4e9\n        ephemeral-storage: 0x100000000\n      requests:\n        cpu: 0.5\n        memory: \"1.5e9\"\n"
        );
        let parsed = only_cluster(&text);
        let resources = parsed
            .cluster
            .spec
            .task_manager
            .as_ref()
            .and_then(|t| t.resources.clone());
        let resources = resources.expect("set");
        let text_of =
            |list: &Option<
                std::collections::BTreeMap<
                    String,
                    k8s_openapi::apimachinery::pkg::api::resource::Quantity,
                >,
            >,
             key: &str| { list.as_ref().map(|l| l[key].0.clone()).unwrap_or_default() };
        assert_eq!(text_of(&resources.limits, "cpu"), "1");
        assert_eq!(text_of(&resources.limits, "memory"), "4000000000");
        assert_eq!(
            text_of(&resources.limits, "ephemeral-storage"),
            "4294967296"
        );
        assert_eq!(text_of(&resources.requests, "cpu"), "0.5");
        assert_eq!(
            text_of(&resources.requests, "memory"),
            "1.5e9",
            "a string is kept"
        );
    }

    #[test]
    fn other_kinds_are_returned_untouched() {
        let text = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n{MINIMAL}");
        let items = parse_stream(&text, Limits::default()).expect("valid");
        assert!(matches!(&items[0], Item::Other { kind, .. } if kind == "ConfigMap"));
        assert!(matches!(&items[1], Item::Cluster(_)));
    }

    #[test]
    fn wrong_api_version_is_named() {
        let text = MINIMAL.replace("v1beta1", "v1beta2");
        assert_eq!(
            errors(&text),
            vec!["apiVersion: unsupported apiVersion \"flinkoperator.k8s.io/v1beta2\": flink-render reads flinkoperator.k8s.io/v1beta1 @1:13".to_owned()]
        );
    }
}
