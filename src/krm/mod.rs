//! flink-render as a KRM function (kustomize, kpt): a `ResourceList` in, a `ResourceList` out.
//!
//! What the function does depends on its `functionConfig`:
//!
//! - **a FlinkCluster — generator.** The cluster's objects are added after the items; the items
//!   are passed through untouched (under kustomize's `generators:` the items hold only the
//!   FlinkCluster itself, marked `config.kubernetes.io/local-config`, which kustomize drops).
//! - **a ConfigMap, or none — transformer.** Every FlinkCluster item is replaced, in place, by
//!   its objects in install order; other items are passed through untouched. The ConfigMap's
//!   `data` carries options by name (`revision: "3"`, `kube-version: "1.30"`, ...: see
//!   [`crate::options::OPTION_NAMES`]), which is what `kpt fn eval --exec ... -- revision=3`
//!   builds.
//!
//! Options: the caller's (command line) win over the functionConfig's, which win over a
//! cluster's `flink-render/<option>` annotations. Annotations that orchestrators put on items
//! (`config.kubernetes.io/*`, `internal.config.kubernetes.io/*`, `config.k8s.io/*`,
//! `kustomize.config.k8s.io/*`) are removed from a FlinkCluster before it is rendered: they
//! describe where the item is stored, not the cluster, and objects made from it must not claim
//! its place.
//!
//! FlinkDeployment and FlinkSessionJob items (the Apache Flink Kubernetes Operator's) are
//! checked as `render` checks them and stay as they are: they are that operator's input, and
//! replacing a FlinkDeployment by its objects would take the operator out of the loop.
//!
//! Problems become `results` (severity, message, resourceRef, field path, file) and make the
//! function fail; the items are then returned unchanged.

pub mod exec_plugin;
pub mod resource_list;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity as DiagnosticSeverity};
use crate::input::{self, Item as InputItem};
use crate::object::Object;
use crate::options::Options;
use crate::path::FieldPath;
use crate::pipeline;
use crate::spec::{self, FlinkCluster};
use crate::yaml::{self, Document, EmitError, Limits, Node};

use crate::yaml::untouched::Untouched;
use resource_list::{
    API_VERSIONS, Field, File, FunctionResult, KIND, ResourceList, ResourceRef, Severity,
};

/// Prefixes of the annotations orchestrators use for bookkeeping.
const ORCHESTRATOR_PREFIXES: &[&str] = &[
    "config.kubernetes.io/",
    "internal.config.kubernetes.io/",
    "config.k8s.io/",
    "kustomize.config.k8s.io/",
];

/// What running the function gave.
#[derive(Clone, Debug)]
pub struct Output {
    /// The output ResourceList, as YAML.
    pub text: String,
    /// Whether any result is an error (the function must exit non-zero).
    pub failed: bool,
    /// The results, also present in `text`.
    pub results: Vec<FunctionResult>,
}

/// Why the input could not be read as a ResourceList at all (reported on stderr: there is no
/// ResourceList to put results in).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the input is not a KRM ResourceList: {0}")]
pub struct NotAResourceList(pub String);

/// How a function run uses the FlinkClusters.
enum Mode<'n> {
    /// Render the functionConfig, add its objects.
    Generator(&'n Node),
    /// Replace FlinkCluster items.
    Transformer,
}

/// Runs the function on the ResourceList `text`. `options` are the caller's (command line).
pub fn run(text: &str, options: &Options, limits: Limits) -> Result<Output, NotAResourceList> {
    let mut out = String::new();
    let done = write(text, options, limits, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    })
    .map_err(|error| match error {
        WriteError::NotAResourceList(error) => error,
        WriteError::Sink(never) => match never {},
    })?;
    Ok(Output {
        text: out,
        failed: done.failed,
        results: done.results,
    })
}

/// What a function run found, besides its output.
#[derive(Clone, Debug)]
pub struct Done {
    /// Whether any result is an error (the function must exit non-zero).
    pub failed: bool,
    /// The results, also in the output.
    pub results: Vec<FunctionResult>,
}

/// Why [`write`] stopped.
#[derive(Debug)]
pub enum WriteError<E> {
    /// The input is no ResourceList; nothing was written.
    NotAResourceList(NotAResourceList),
    /// The sink failed.
    Sink(E),
}

/// Runs `each` on every item of the ResourceList `text` in order, reading one item at a time.
fn each_item<E>(
    text: &str,
    limits: Limits,
    mut each: impl FnMut(usize, &Node) -> Result<(), WriteError<E>>,
) -> Result<(), WriteError<E>> {
    let mut index = 0;
    for piece in yaml::items_of(text, "items", limits) {
        let piece = piece.map_err(|e| {
            WriteError::NotAResourceList(NotAResourceList(located(&e.into_diagnostic())))
        })?;
        if let yaml::Piece::Item(node) = piece {
            each(index, &node)?;
            index += 1;
        }
    }
    Ok(())
}

/// Runs the function on the ResourceList `text`, handing its output to `sink` piece by piece.
/// The items are read one at a time, never all at once: a first reading finds the
/// functionConfig (which may come after the items), a second checks every FlinkCluster, and
/// the output ResourceList is written in a third, item by item, each FlinkCluster rendered
/// when its turn comes. So memory is that of the input and one cluster. When something failed,
/// the output is the input's items, unchanged, with the results.
pub fn write<E>(
    text: &str,
    options: &Options,
    limits: Limits,
    mut sink: impl FnMut(&str) -> Result<(), E>,
) -> Result<Done, WriteError<E>> {
    let not_a_list = WriteError::NotAResourceList;
    // Reading one: the document around the items.
    let mut shell = None;
    let mut roots = 0;
    for piece in yaml::items_of(text, "items", limits) {
        let piece =
            piece.map_err(|e| not_a_list(NotAResourceList(located(&e.into_diagnostic()))))?;
        if let yaml::Piece::Document(document, problems) = piece {
            if let Some(problem) = problems.errors().next() {
                return Err(not_a_list(NotAResourceList(located(problem))));
            }
            if let Some(root) = document.root {
                roots += 1;
                shell = Some(root);
            }
        }
    }
    let (Some(root), 1) = (shell, roots) else {
        return Err(not_a_list(NotAResourceList(
            "expected exactly one YAML document".to_owned(),
        )));
    };
    let root = &root;
    let api_version = root
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or_default();
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or_default();
    if kind != KIND || !API_VERSIONS.contains(&api_version) {
        return Err(not_a_list(NotAResourceList(format!(
            "found kind {kind:?} apiVersion {api_version:?}, expected kind {KIND} apiVersion {}",
            API_VERSIONS.join(" or ")
        ))));
    }
    let null = |node: &&Node| node.as_scalar().is_some_and(|s| s.is_null());
    match root.get("items").filter(|n| !null(n)) {
        None
        | Some(Node {
            value: yaml::Value::Sequence(_),
            ..
        }) => {}
        Some(other) => {
            let found = match &other.value {
                yaml::Value::Mapping(_) => "a mapping",
                _ => "a scalar",
            };
            return Err(not_a_list(NotAResourceList(located(
                &Diagnostic::error(
                    FieldPath::fields("items"),
                    format!("must be a list of objects, found {found}; nothing was changed"),
                )
                .at(Some(other.location)),
            ))));
        }
    }
    // kpt hands over `functionConfig: {}` when there is none.
    let function_config = root
        .get("functionConfig")
        .filter(|n| !null(n) && !n.as_mapping().is_some_and(<[_]>::is_empty));

    let mut results = Vec::new();
    let mut config_options = Options::default();
    let mode = match function_config {
        None => Mode::Transformer,
        Some(config) => match config.get("kind").and_then(Node::as_str) {
            Some(spec::KIND) => Mode::Generator(config),
            Some("ConfigMap") => {
                config_options = options_from_config_map(config, &mut results);
                Mode::Transformer
            }
            other => {
                results.push(FunctionResult {
                    message: format!(
                        "the functionConfig is {}; flink-render takes a FlinkCluster (to generate its objects) or a ConfigMap of options (to replace the FlinkClusters among the items)",
                        other.map_or_else(|| "an object without a kind".to_owned(), |k| format!("a {k}"))
                    ),
                    severity: Severity::Error,
                    resource_ref: resource_ref(config),
                    field: None,
                    file: file_of(config),
                });
                Mode::Transformer
            }
        },
    };
    let options = options.clone().or(config_options);

    // Reading two: every FlinkCluster checked, its problems as results; nothing rendered kept.
    let mut clusters = BTreeSet::new();
    match mode {
        Mode::Generator(config) => check_node(config, 0, &options, &mut results),
        Mode::Transformer => {
            let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
            let mut apache = Vec::new();
            each_item(text, limits, |index, node| {
                let kind = node.get("kind").and_then(Node::as_str);
                if kind.is_some_and(|kind| {
                    [
                        crate::apache_spec::DEPLOYMENT_KIND,
                        crate::apache_spec::SESSION_JOB_KIND,
                    ]
                    .contains(&kind)
                }) {
                    apache.push((index, node.clone()));
                    return Ok(());
                }
                if kind != Some(spec::KIND) {
                    return Ok(());
                }
                let namespace = text_at(node, &["metadata", "namespace"])
                    .or(options.namespace.as_deref())
                    .unwrap_or_default()
                    .to_owned();
                let name = text_at(node, &["metadata", "name"])
                    .unwrap_or_default()
                    .to_owned();
                if let Some(first) = seen.insert((namespace.clone(), name.clone()), index) {
                    results.push(FunctionResult {
                        message: format!(
                            "item {} is a FlinkCluster with the same name {name:?} in namespace {namespace:?}; the objects of both would collide",
                            first + 1
                        ),
                        severity: Severity::Error,
                        resource_ref: resource_ref(node),
                        field: Some(Field {
                            path: "metadata.name".to_owned(),
                        }),
                        file: file_of(node),
                    });
                    return Ok(());
                }
                check_node(node, index, &options, &mut results);
                clusters.insert(index);
                Ok(())
            })?;
            check_apache_nodes(&apache, &options, &mut results);
        }
    }
    results.sort_by_key(|r| r.severity != Severity::Error);
    let failed = results.iter().any(|r| r.severity == Severity::Error);

    // Reading three: the ResourceList written item by item, the bytes it has written at once.
    let emit_error = |e: EmitError| WriteError::NotAResourceList(NotAResourceList(e.to_string()));
    let list_head = yaml::to_yaml(&ResourceList {
        api_version,
        kind: KIND,
        items: Vec::new(),
        results: Vec::new(),
    })
    .map_err(emit_error)?;
    let head = list_head.strip_suffix("items: []\n").unwrap_or(&list_head);
    let mut wrote_items = false;
    let mut entry = |value: &dyn erased::Entry, sink: &mut dyn FnMut(&str) -> Result<(), E>| {
        if !wrote_items {
            sink(head).map_err(WriteError::Sink)?;
            sink("items:\n").map_err(WriteError::Sink)?;
            wrote_items = true;
        }
        let text = value.yaml().map_err(emit_error)?;
        sink(&list_entry(&text)).map_err(WriteError::Sink)
    };
    each_item(text, limits, |index, node| {
        if clusters.contains(&index) && !failed {
            for object in objects_of(node, &options) {
                entry(&object, &mut sink)?;
            }
            Ok(())
        } else {
            entry(&Untouched(node), &mut sink)
        }
    })?;
    if let (Mode::Generator(config), false) = (&mode, failed) {
        for object in objects_of(config, &options) {
            entry(&object, &mut sink)?;
        }
    }
    if !wrote_items {
        sink(&list_head).map_err(WriteError::Sink)?;
    }
    if !results.is_empty() {
        sink("results:\n").map_err(WriteError::Sink)?;
        for result in &results {
            let text = yaml::to_yaml(result).map_err(emit_error)?;
            sink(&list_entry(&text)).map_err(WriteError::Sink)?;
        }
    }
    Ok(Done { failed, results })
}

/// Serializing an item on its own, whatever its type.
mod erased {
    use crate::yaml::{self, EmitError};

    /// A value that can be written as one item of the list.
    pub trait Entry {
        /// The value as a YAML document.
        fn yaml(&self) -> Result<String, EmitError>;
    }

    impl<T: serde::Serialize> Entry for T {
        fn yaml(&self) -> Result<String, EmitError> {
            yaml::to_yaml(self)
        }
    }
}

/// A YAML document written as one entry of a block sequence at the left margin: `- ` before
/// its first line, two spaces before every other non-empty line (as a whole list is written).
fn list_entry(document: &str) -> String {
    let mut out = String::with_capacity(document.len() + document.len() / 8);
    for (i, line) in document.split_inclusive('\n').enumerate() {
        if i == 0 {
            out.push_str("- ");
        } else if line != "\n" {
            out.push_str("  ");
        }
        out.push_str(line);
    }
    out
}

/// A diagnostic of the ResourceList text, with its position.
fn located(diagnostic: &Diagnostic) -> String {
    match diagnostic.location {
        Some(at) => format!("{diagnostic} (line {}, column {})", at.line, at.column),
        None => diagnostic.to_string(),
    }
}

/// Options from a ConfigMap functionConfig's `data`.
fn options_from_config_map(config: &Node, results: &mut Vec<FunctionResult>) -> Options {
    let mut options = Options::default();
    let entries = config
        .get("data")
        .and_then(Node::as_mapping)
        .unwrap_or_default();
    for (key, value) in entries {
        let name = key.as_scalar().map(|s| s.text.as_str()).unwrap_or_default();
        let text = value
            .as_scalar()
            .map(|s| s.text.as_str())
            .unwrap_or_default();
        if let Err(message) = options.set(name, text) {
            results.push(FunctionResult {
                message,
                severity: Severity::Error,
                resource_ref: resource_ref(config),
                field: Some(Field {
                    path: FieldPath::fields("data").key(name).to_string(),
                }),
                file: file_of(config),
            });
        }
    }
    options
}

/// The FlinkCluster of a node, without the orchestrators' annotations, and the problems of
/// reading it.
fn cluster_of(node: &Node, index: usize) -> (Option<FlinkCluster>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let document = Document {
        index,
        root: Some(node.clone()),
        location: node.location,
    };
    let cluster = match input::parse_document(document, &mut diagnostics) {
        Some(InputItem::Cluster(parsed)) => Some(without_orchestrator_annotations(parsed.cluster)),
        _ => None,
    };
    (cluster, diagnostics)
}

/// Checks one FlinkCluster node (pass one); its problems become results.
fn check_node(node: &Node, index: usize, options: &Options, results: &mut Vec<FunctionResult>) {
    let (cluster, mut diagnostics) = cluster_of(node, index);
    if let Some(cluster) = cluster {
        diagnostics.extend(pipeline::check_cluster(&cluster, options));
    }
    push_results(node, diagnostics, results);
}

/// Checks the FlinkDeployment and FlinkSessionJob items (`(index, node)`, in order) as
/// `render` checks them, a FlinkSessionJob against its session among them, and that no two
/// FlinkDeployments share a name and namespace; their problems become results. The items stay
/// as they are: they are the Apache operator's input (see the module's documentation).
fn check_apache_nodes(
    nodes: &[(usize, Node)],
    options: &Options,
    results: &mut Vec<FunctionResult>,
) {
    let parsed: Vec<_> = nodes
        .iter()
        .map(|(index, node)| {
            let mut diagnostics = Diagnostics::new();
            let document = Document {
                index: *index,
                root: Some(node.clone()),
                location: node.location,
            };
            let resource = match input::parse_document(document, &mut diagnostics) {
                Some(InputItem::Apache(parsed)) if !diagnostics.has_errors() => {
                    Some(parsed.resource)
                }
                _ => None,
            };
            (resource, diagnostics)
        })
        .collect();
    let deployments: Vec<_> = parsed
        .iter()
        .filter_map(|(resource, _)| match resource {
            Some(input::ApacheResource::Deployment(deployment)) => Some((**deployment).clone()),
            _ => None,
        })
        .collect();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for ((index, node), (resource, mut diagnostics)) in nodes.iter().zip(parsed) {
        if let Some(resource) = resource {
            let identity = pipeline::apache::deployment_identity(&resource, options);
            match identity.and_then(|(namespace, name)| {
                let first = seen.insert((namespace.clone(), name.clone()), *index)?;
                Some(format!(
                    "item {} is a FlinkDeployment with the same name {name:?} in namespace {namespace:?}; the objects of both would collide",
                    first + 1
                ))
            }) {
                Some(message) => diagnostics.error(FieldPath::fields("metadata.name"), message),
                None => diagnostics.extend(pipeline::apache::check_resource(
                    &resource,
                    options,
                    &deployments,
                )),
            }
        }
        push_results(node, diagnostics, results);
    }
}

/// The problems of one item as results.
fn push_results(node: &Node, diagnostics: Diagnostics, results: &mut Vec<FunctionResult>) {
    let reference = resource_ref(node);
    let file = file_of(node);
    results.extend(diagnostics.into_iter().map(|d| FunctionResult {
        severity: match d.severity {
            DiagnosticSeverity::Error => Severity::Error,
            DiagnosticSeverity::Warning => Severity::Warning,
        },
        field: (!d.path.is_root()).then(|| Field {
            path: d.path.to_string(),
        }),
        message: d.message,
        resource_ref: reference.clone(),
        file: file.clone(),
    }));
}

/// The objects of a FlinkCluster node that passed [`check_node`] (pass two).
fn objects_of(node: &Node, options: &Options) -> Vec<Object> {
    cluster_of(node, 0)
        .0
        .and_then(|cluster| pipeline::render(&cluster, options).ok())
        .map(|rendered| rendered.objects)
        .unwrap_or_default()
}

fn without_orchestrator_annotations(mut cluster: FlinkCluster) -> FlinkCluster {
    if let Some(annotations) = cluster.metadata.annotations.as_mut() {
        annotations.retain(|key, _| !ORCHESTRATOR_PREFIXES.iter().any(|p| key.starts_with(p)));
        if annotations.is_empty() {
            cluster.metadata.annotations = None;
        }
    }
    cluster
}

fn text_at<'n>(node: &'n Node, path: &[&str]) -> Option<&'n str> {
    path.iter()
        .try_fold(node, |node, key| node.get(key))
        .and_then(Node::as_str)
}

fn resource_ref(node: &Node) -> Option<ResourceRef> {
    Some(ResourceRef {
        api_version: text_at(node, &["apiVersion"])?.to_owned(),
        kind: text_at(node, &["kind"])?.to_owned(),
        name: text_at(node, &["metadata", "name"])
            .unwrap_or_default()
            .to_owned(),
        namespace: text_at(node, &["metadata", "namespace"]).map(str::to_owned),
    })
}

fn annotation<'n>(node: &'n Node, keys: &[&str]) -> Option<&'n str> {
    keys.iter()
        .find_map(|key| text_at(node, &["metadata", "annotations", key]))
}

fn file_of(node: &Node) -> Option<File> {
    let path = annotation(
        node,
        &[
            "internal.config.kubernetes.io/path",
            "config.kubernetes.io/path",
        ],
    )?;
    let index = annotation(
        node,
        &[
            "internal.config.kubernetes.io/index",
            "config.kubernetes.io/index",
        ],
    )
    .and_then(|i| i.parse().ok());
    Some(File {
        path: path.to_owned(),
        index,
    })
}
