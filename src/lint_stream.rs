//! Linting what users apply: any manifest stream (rendered by flink-render, built by kustomize
//! or Helm, hand-edited), not only FlinkClusters.
//!
//! Every document is read on its own, one at a time. A FlinkCluster is rendered (with the
//! caller's options) and its objects are linted together at once. Any other document is a
//! Flink object when its labels say so — the operator's `app: flink` with `cluster: <name>`
//! (the ControllerRevision's `flinkoperator.k8s.io/managed-by: <name>`), or the native
//! integration's `type: flink-native-kubernetes` with `app: <cluster id>` — and of a kind the
//! rules know; it is read as that kind and linted with the other objects of its cluster once
//! the stream has been read. Everything else is passed over and counted.
//!
//! The rules run per cluster, never over all objects at once, so linting many clusters takes
//! time in proportion to their number; FlinkClusters are linted as they are rendered, so their
//! objects are never held all together.

use std::collections::BTreeMap;

use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::{ControllerRevision, Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};

use crate::diagnostics::{Diagnostics, Report};
use crate::input::{self, Item};
use crate::lint::{Finding, lint};
use crate::object::Object;
use crate::options::Options;
use crate::path::FieldPath;
use crate::pipeline::{self, Source};
use crate::yaml::untouched::Untouched;
use crate::yaml::{self, Limits, Node};

/// What linting the streams found.
#[derive(Clone, Debug, Default)]
pub struct Linted {
    /// Every finding, cluster by cluster: rendered FlinkClusters in input order, then the other
    /// clusters' objects in the order they were first seen.
    pub findings: Vec<Finding>,
    /// Objects checked.
    pub objects: usize,
    /// FlinkClusters rendered and checked.
    pub clusters: usize,
    /// Documents passed over: not Flink objects, or of kinds the rules do not know.
    pub passed_over: usize,
    /// Warnings about the FlinkClusters, one report per source that has any.
    pub warnings: Vec<Report>,
}

/// The cluster a Flink object belongs to: (`operator` or `native`, namespace, name).
type ClusterKey = (&'static str, String, String);

fn label<'n>(root: &'n Node, key: &str) -> Option<&'n str> {
    root.get("metadata")?
        .get("labels")?
        .get(key)
        .and_then(Node::as_str)
}

/// Which cluster's object `root` is, by its labels; `None` for anything else.
fn cluster_of(root: &Node) -> Option<ClusterKey> {
    let namespace = root
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(Node::as_str)
        .unwrap_or_default()
        .to_owned();
    if label(root, "type") == Some("flink-native-kubernetes") {
        return Some(("native", namespace, label(root, "app")?.to_owned()));
    }
    let operator = match label(root, "app") {
        Some("flink") => label(root, "cluster"),
        _ => label(root, "flinkoperator.k8s.io/managed-by"),
    }?;
    Some(("operator", namespace, operator.to_owned()))
}

/// `root` read as the typed object of its kind; `None` for kinds the rules do not know.
fn typed(root: &Node) -> Option<Result<Object, serde_json::Error>> {
    let api_version = root.get("apiVersion").and_then(Node::as_str)?;
    let kind = root.get("kind").and_then(Node::as_str)?;
    macro_rules! read_as {
        ($($ty:ty),* $(,)?) => {
            $(
                if api_version == <$ty as Resource>::API_VERSION && kind == <$ty as Resource>::KIND {
                    return Some(
                        serde_json::to_value(Untouched(root))
                            .and_then(serde_json::from_value::<$ty>)
                            .map(Object::from),
                    );
                }
            )*
        };
    }
    read_as!(
        ConfigMap,
        ControllerRevision,
        Deployment,
        HorizontalPodAutoscaler,
        Ingress,
        Job,
        PodDisruptionBudget,
        Role,
        RoleBinding,
        Service,
        ServiceAccount,
        StatefulSet,
    );
    None
}

/// Lints every FlinkCluster and every Flink object of `sources` (see the module header).
/// Problems of the FlinkClusters (they must render) are errors as for `render`: `Err` holds
/// the reports, one per source with problems.
pub fn lint_sources(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<Linted, Vec<Report>> {
    let mut linted = Linted::default();
    let mut groups: Vec<Vec<Object>> = Vec::new();
    let mut group_of: BTreeMap<ClusterKey, usize> = BTreeMap::new();
    let mut seen = pipeline::SeenClusters::new();
    let mut checks = Vec::with_capacity(sources.len());
    for source in sources {
        let mut diagnostics = Diagnostics::new();
        for loaded in yaml::documents_of(source.text, limits) {
            let (document, found) = match loaded {
                Ok(loaded) => loaded,
                Err(error) => {
                    diagnostics.push(error.into_diagnostic());
                    break;
                }
            };
            diagnostics.extend(found);
            let Some(root) = document.root.as_ref() else {
                continue;
            };
            if root.get("kind").and_then(Node::as_str) == Some(crate::spec::KIND) {
                let mut problems = Diagnostics::new();
                let item = input::parse_document(document, &mut problems);
                let readable = !problems.has_errors();
                diagnostics.extend(problems);
                if let (Some(Item::Cluster(parsed)), true) = (item, readable) {
                    if let Some(duplicate) =
                        pipeline::duplicate_of(&mut seen, source.origin, &parsed, options)
                    {
                        diagnostics.push(duplicate);
                        continue;
                    }
                    match pipeline::render(&parsed.cluster, options) {
                        Ok(rendered) => {
                            linted.findings.extend(lint(&rendered.objects));
                            linted.objects += rendered.objects.len();
                            linted.clusters += 1;
                            let mut warnings = rendered.warnings;
                            parsed.source.place(&mut warnings);
                            diagnostics.extend(warnings);
                        }
                        Err(mut found) => {
                            parsed.source.place(&mut found);
                            diagnostics.extend(found);
                        }
                    }
                }
                continue;
            }
            let apache_kind = root.get("apiVersion").and_then(Node::as_str)
                == Some(crate::apache_spec::API_VERSION);
            if apache_kind {
                // A FlinkDeployment renders and its objects are linted; a FlinkSessionJob is
                // checked against its session (it renders nothing).
                let deployments = pipeline::apache::deployments_of(source.text, limits);
                let mut problems = Diagnostics::new();
                let item = input::parse_document(document, &mut problems);
                let readable = !problems.has_errors();
                diagnostics.extend(problems);
                if let (Some(Item::Apache(parsed)), true) = (item, readable) {
                    let rendered =
                        pipeline::apache::render_resource(&parsed.resource, options, &deployments);
                    let mut found = match rendered {
                        Ok(rendered) => {
                            linted.findings.extend(lint(&rendered.objects));
                            linted.objects += rendered.objects.len();
                            // A session job is no cluster.
                            linted.clusters += usize::from(!rendered.objects.is_empty());
                            rendered.warnings
                        }
                        Err(found) => found,
                    };
                    parsed.source.place(&mut found);
                    diagnostics.extend(found);
                }
                continue;
            }
            match cluster_of(root).zip(typed(root)) {
                Some((key, Ok(object))) => {
                    let next = groups.len();
                    let index = *group_of.entry(key).or_insert(next);
                    if index == next {
                        groups.push(Vec::new());
                    }
                    if let Some(group) = groups.get_mut(index) {
                        group.push(object);
                    }
                }
                Some((_, Err(error))) => {
                    let text = |field: &str| {
                        root.get(field)
                            .and_then(Node::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    };
                    let name = root
                        .get("metadata")
                        .and_then(|m| m.get("name"))
                        .and_then(Node::as_str)
                        .unwrap_or_default();
                    linted.findings.push(Finding {
                        kind: text("kind"),
                        name: name.to_owned(),
                        path: FieldPath::root(),
                        message: format!(
                            "cannot be read as a {} (line {}): {error}",
                            text("kind"),
                            root.location.line
                        ),
                        rule: crate::lint::UNREADABLE_OBJECT,
                    });
                    linted.objects += 1;
                }
                None => linted.passed_over += 1,
            }
        }
        checks.push(pipeline::SourceCheck {
            diagnostics,
            ..pipeline::SourceCheck::default()
        });
    }
    linted.warnings = pipeline::reports(sources, checks)?;
    for objects in groups {
        linted.findings.extend(lint(&objects));
        linted.objects += objects.len();
    }
    Ok(linted)
}
