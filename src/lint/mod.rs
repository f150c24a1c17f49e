//! `flink-render lint`: checks on rendered manifests, the output rather than the input.
//!
//! Validation refuses inputs the operator or Kubernetes would refuse; lint checks that what came
//! out is a set of objects that fit together on a real cluster: names valid for their kind,
//! label values and port names Kubernetes accepts, selectors that select the pods rendered with
//! them, mounts of volumes that exist, Services and Ingresses whose ports lead somewhere, and
//! RBAC that stays in its namespace without wildcards. Each rule is a module with one
//! `check(&[Object], &mut Vec<Finding>)`; [`RULES`] lists them. A [`Finding`] names the object
//! (`kind/name`) and the field path inside it.
//!
//! The test suite lints every manifest it renders (tests/support), so a renderer change that
//! breaks one of these rules fails the tests that exercise it.

mod labels;
mod names;
mod ports;
mod rbac;
mod selectors;
mod services;
mod volumes;

use std::collections::BTreeSet;
use std::fmt;

use crate::object::Object;
use crate::path::FieldPath;

/// One problem in one rendered object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `kind` of the object.
    pub kind: String,
    /// `metadata.name` of the object.
    pub name: String,
    /// The field inside the object the problem is about.
    pub path: FieldPath,
    /// What is wrong.
    pub message: String,
    /// The rule that found it (a name of [`RULES`]; set by [`lint`]).
    pub rule: &'static str,
}

impl Finding {
    /// A finding about `path` in `object`.
    pub fn new(object: &Object, path: FieldPath, message: impl Into<String>) -> Finding {
        Finding {
            kind: object.kind().to_owned(),
            name: object.name().to_owned(),
            path,
            message: message.into(),
            rule: "",
        }
    }
}

impl fmt::Display for Finding {
    /// `StatefulSet/demo-jobmanager: spec.template.metadata.labels[app]: <message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{}/{}: {}", self.kind, self.name, self.message)
        } else {
            write!(
                f,
                "{}/{}: {}: {}",
                self.kind, self.name, self.path, self.message
            )
        }
    }
}

/// A lint rule: its name (as in docs/reliability.md) and its check.
pub type Rule = (&'static str, fn(&[Object], &mut Vec<Finding>));

/// The rule name of a finding about a document of a manifest stream that is labelled as a
/// Flink object but cannot be read as its kind (`lint` of any stream).
pub const UNREADABLE_OBJECT: &str = "objects";

/// Every rule, in the order findings are reported.
pub const RULES: &[Rule] = &[
    ("names", names::check),
    ("labels", labels::check),
    ("ports", ports::check),
    ("selectors", selectors::check),
    ("volumes", volumes::check),
    ("services", services::check),
    ("rbac", rbac::check),
];

/// Every finding of every rule on `objects` (empty when the manifests are fine).
pub fn lint(objects: &[Object]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (name, rule) in RULES {
        let start = findings.len();
        rule(objects, &mut findings);
        for finding in &mut findings[start..] {
            finding.rule = name;
        }
    }
    findings
}

/// Reports `name` at `path` if `rule` finds it invalid or it was `seen` before in its scope
/// (a pod's containers or volumes, a container's or Service's ports).
fn unique_name<'a>(
    object: &Object,
    path: FieldPath,
    name: &'a str,
    rule: fn(&str) -> Vec<String>,
    seen: &mut BTreeSet<&'a str>,
    out: &mut Vec<Finding>,
) {
    for message in rule(name) {
        out.push(Finding::new(
            object,
            path.clone(),
            format!("Invalid value: {name:?}: {message}"),
        ));
    }
    if !seen.insert(name) {
        out.push(Finding::new(
            object,
            path,
            format!("Duplicate value: {name:?}"),
        ));
    }
}

/// Whether `object` and `other` are in the same namespace (both unset counts as the same).
fn same_namespace(object: &Object, other: &Object) -> bool {
    object.namespace() == other.namespace()
}

#[cfg(test)]
mod tests;
