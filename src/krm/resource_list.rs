//! The output half of the KRM functions specification (kustomize
//! `cmd/config/docs/api-conventions/functions-spec.md`): a `ResourceList` with the resulting
//! items and structured results, as plain serde types.

use serde::Serialize;

use crate::object::Object;
use crate::yaml::untouched::Untouched;

/// `kind` of a ResourceList.
pub const KIND: &str = "ResourceList";
/// The apiVersions of a ResourceList the specification defines (`v1` first, the default).
pub const API_VERSIONS: &[&str] = &["config.kubernetes.io/v1", "config.kubernetes.io/v1beta1"];

/// A function's output.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceList<'a> {
    /// The input's apiVersion, echoed.
    pub api_version: &'a str,
    /// Always [`KIND`].
    pub kind: &'static str,
    /// The resulting items.
    pub items: Vec<Item<'a>>,
    /// What the function found, errors first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<FunctionResult>,
}

/// One output item.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Item<'a> {
    /// An input item, passed through.
    Untouched(Untouched<'a>),
    /// An object rendered from a FlinkCluster.
    Rendered(Box<Object>),
}

/// How bad a result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The function failed.
    Error,
    /// Worth a look; the function succeeded.
    Warning,
    /// For information.
    Info,
}

/// One structured result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionResult {
    /// What was found.
    pub message: String,
    /// How bad it is.
    pub severity: Severity,
    /// The item it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_ref: Option<ResourceRef>,
    /// The field it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The file the item came from, when the orchestrator said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<File>,
}

/// Identifies an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    /// `apiVersion` of the item.
    pub api_version: String,
    /// `kind` of the item.
    pub kind: String,
    /// `metadata.name` of the item.
    pub name: String,
    /// `metadata.namespace` of the item, if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A field of an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Dotted path with `[i]` indexes and `[key]` map keys, e.g. `spec.taskManager.replicas`.
    pub path: String,
}

/// Where an item is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct File {
    /// Slash-separated path relative to the package.
    pub path: String,
    /// Position of the item among the documents of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}
