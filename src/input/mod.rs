//! Parse stage: YAML text in, typed resources (and where each field was written) out.
//!
//! A stream may hold several documents. Each document of a kind flink-render reads — a
//! `FlinkCluster` (`flinkoperator.k8s.io/v1beta1`), a `FlinkDeployment` or `FlinkSessionJob`
//! (`flink.apache.org/v1beta1`) — is checked against its kind's generated schema ([`check`],
//! [`schema`]) so that every structural problem of the file is reported at once, then decoded
//! into its type ([`crate::spec::FlinkCluster`], [`crate::apache_spec`]): the document's
//! `apiVersion` and `kind` choose the schema and the type. Documents of other kinds are
//! returned as [`Item::Other`] for the caller to refuse (`render`) or pass through
//! (`post-render`).

mod check;
pub mod schema;
mod source_map;

use std::sync::OnceLock;

pub use source_map::SourceMap;

pub(crate) use check::suggest;

use serde::de::DeserializeOwned;

use crate::apache_spec::{self, FlinkDeployment, FlinkSessionJob};
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

/// A resource of the Apache Flink Kubernetes Operator (`flink.apache.org/v1beta1`).
#[derive(Clone, Debug, PartialEq)]
pub enum ApacheResource {
    /// A FlinkDeployment.
    Deployment(Box<FlinkDeployment>),
    /// A FlinkSessionJob.
    SessionJob(Box<FlinkSessionJob>),
}

impl ApacheResource {
    /// `FlinkDeployment` or `FlinkSessionJob`.
    pub fn kind(&self) -> &'static str {
        match self {
            ApacheResource::Deployment(_) => apache_spec::DEPLOYMENT_KIND,
            ApacheResource::SessionJob(_) => apache_spec::SESSION_JOB_KIND,
        }
    }

    /// Its metadata.
    pub fn metadata(&self) -> &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
        match self {
            ApacheResource::Deployment(deployment) => &deployment.metadata,
            ApacheResource::SessionJob(job) => &job.metadata,
        }
    }
}

/// A FlinkDeployment or FlinkSessionJob read from a document.
#[derive(Clone, Debug)]
pub struct ParsedApache {
    /// The typed resource.
    pub resource: ApacheResource,
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
    /// A FlinkDeployment or FlinkSessionJob.
    Apache(Box<ParsedApache>),
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
/// check reads the committed copies of the schemas instead, one definition at a time).
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
    let Some(read) = KINDS.iter().find(|k| k.kind == kind) else {
        return Some(Item::Other {
            document: document.index,
            location: root.location,
            kind: kind.to_owned(),
            api_version: api_version.to_owned(),
        });
    };
    if api_version != read.api_version {
        let at = root.get("apiVersion").map_or(root.location, |n| n.location);
        let group = api_version.split_once('/').map(|(g, _)| g);
        let message = if group == Some(read.group) {
            format!(
                "unsupported apiVersion {api_version:?}: flink-render reads {}",
                read.api_version
            )
        } else {
            format!(
                "a {kind} must have apiVersion {} (found {api_version:?})",
                read.api_version
            )
        };
        diagnostics.push(Diagnostic::error(FieldPath::fields("apiVersion"), message).at(Some(at)));
        return None;
    }
    let index = document.index;
    match read.kind {
        apache_spec::DEPLOYMENT_KIND => {
            decode(root, read.book, diagnostics, |deployment, source| {
                apache(
                    ApacheResource::Deployment(Box::new(deployment)),
                    source,
                    index,
                )
            })
        }
        apache_spec::SESSION_JOB_KIND => decode(root, read.book, diagnostics, |job, source| {
            apache(ApacheResource::SessionJob(Box::new(job)), source, index)
        }),
        _ => decode(root, read.book, diagnostics, |cluster, source| {
            Item::Cluster(Box::new(ParsedCluster {
                cluster,
                source,
                document: index,
            }))
        }),
    }
}

/// A kind flink-render reads: its group, `apiVersion`, `kind` and schema.
struct Kind {
    group: &'static str,
    api_version: &'static str,
    kind: &'static str,
    book: &'static schema::Book,
}

/// The kinds flink-render reads.
const KINDS: [Kind; 3] = [
    Kind {
        group: spec::GROUP,
        api_version: spec::API_VERSION,
        kind: spec::KIND,
        book: &schema::FLINK_CLUSTER,
    },
    Kind {
        group: apache_spec::GROUP,
        api_version: apache_spec::API_VERSION,
        kind: apache_spec::DEPLOYMENT_KIND,
        book: &schema::FLINK_DEPLOYMENT,
    },
    Kind {
        group: apache_spec::GROUP,
        api_version: apache_spec::API_VERSION,
        kind: apache_spec::SESSION_JOB_KIND,
        book: &schema::FLINK_SESSION_JOB,
    },
];

fn apache(resource: ApacheResource, source: SourceMap, document: usize) -> Item {
    Item::Apache(Box::new(ParsedApache {
        resource,
        source,
        document,
    }))
}

/// Checks `root` against `book` and decodes it as a `T`, which `item` wraps with its source
/// map; `None` (with the problems in `diagnostics`) when the document does not fit.
fn decode<T: DeserializeOwned>(
    root: Node,
    book: &'static schema::Book,
    diagnostics: &mut Diagnostics,
    item: impl FnOnce(T, SourceMap) -> Item,
) -> Option<Item> {
    let mut checker = check::Checker::new(book);
    let json = checker.check(&root, book.root(), &FieldPath::root());
    let structural = checker.diagnostics;
    let failed = structural.has_errors();
    diagnostics.extend(structural);
    if failed {
        return None;
    }
    let json = json.unwrap_or(serde_json::Value::Null);
    match serde_path_to_error::deserialize::<_, T>(json) {
        Ok(value) => Some(item(value, SourceMap::new(root))),
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

    const DEPLOYMENT: &str = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: basic\nspec:\n  flinkVersion: v1_20\n  serviceAccount: flink\n";

    #[test]
    fn flink_deployments_and_session_jobs_parse_with_their_own_schemas() {
        let text = format!(
            "{DEPLOYMENT}  flinkConfiguration:\n    state:\n      backend: rocksdb\n  job:\n    jarURI: local:///opt/flink/job.jar\n    upgradeMode: last-state\n---\napiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata:\n  name: job\nspec:\n  deploymentName: basic\n  job:\n    parallelism: 2\n"
        );
        let items = parse_stream(&text, Limits::default()).expect("valid");
        let [Item::Apache(deployment), Item::Apache(job)] = items.as_slice() else {
            panic!("two Apache resources: {items:?}")
        };
        let ApacheResource::Deployment(deployment) = &deployment.resource else {
            panic!("a FlinkDeployment")
        };
        assert_eq!(
            deployment.spec.flink_version,
            Some(apache_spec::FlinkVersion::v1_20)
        );
        let spec_job = deployment.spec.job.as_ref().expect("a job");
        assert_eq!(
            spec_job.jar_uri.as_deref(),
            Some("local:///opt/flink/job.jar")
        );
        assert_eq!(spec_job.upgrade_mode(), apache_spec::UpgradeMode::LastState);
        assert_eq!(job.resource.kind(), "FlinkSessionJob");
    }

    #[test]
    fn flink_deployment_problems_are_reported_with_path_and_position() {
        let text = format!(
            "{DEPLOYMENT}  jobmanager:\n    replicas: 1\n  mode: Native\n  taskManager:\n    resource:\n      memory: 2048\n      cpus: 1\n"
        );
        assert_eq!(
            errors(&text.replace("v1_20", "1.20")),
            [
                "spec.flinkVersion: Unsupported value: \"1.20\": supported values: \"v1_13\", \"v1_14\", \"v1_15\", \"v1_16\", \"v1_17\", \"v1_18\", \"v1_19\", \"v1_20\", \"v2_0\", \"v2_1\", \"v2_2\", \"v2_3\", \"v2_4\" @6:17",
                "spec.jobmanager: unknown field \"jobmanager\"; did you mean \"jobManager\"? @8:3",
                "spec.mode: Unsupported value: \"Native\": supported values: \"native\", \"standalone\"; did you mean \"native\"? @10:9",
                "spec.taskManager.resource.memory: expected a string, found the number 2048 (Kubernetes reads `2048` unquoted as a number); quote it: \"2048\" @13:15",
                "spec.taskManager.resource.cpus: unknown field \"cpus\"; did you mean \"cpu\"? @14:7",
            ]
        );
    }

    #[test]
    fn apache_kinds_need_their_api_version() {
        let text = DEPLOYMENT.replace("v1beta1", "v1alpha1");
        assert_eq!(
            errors(&text),
            [
                "apiVersion: unsupported apiVersion \"flink.apache.org/v1alpha1\": flink-render reads flink.apache.org/v1beta1 @1:13"
            ]
        );
        let text = DEPLOYMENT.replace("flink.apache.org/v1beta1", "apps/v1");
        assert_eq!(
            errors(&text),
            [
                "apiVersion: a FlinkDeployment must have apiVersion flink.apache.org/v1beta1 (found \"apps/v1\") @1:13"
            ]
        );
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
