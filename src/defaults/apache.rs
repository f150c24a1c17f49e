//! A FlinkDeployment or FlinkSessionJob as the Apache Flink Kubernetes Operator reads it.
//!
//! The operator's admission mutator changes nothing in a FlinkDeployment and gives a
//! FlinkSessionJob the label `target.session: <spec.deploymentName>` ([`apply_session_job`]).
//! Everything else the operator defaults happens when it reads the resource: the Java fields'
//! defaults (`jobManager.replicas` 1, `job.args` empty, `job.state` running, `job.upgradeMode`
//! stateless, `job.parallelism` 0; read through the spec types' accessors) and
//! `spec.flinkConfiguration` flattened into configuration entries (`ConfigObjectNode.asFlatMap`:
//! nested mappings joined with `.`, lists joined with `;`, scalars as Jackson's `asText` writes
//! them), which [`flatten`] does once, keeping where each entry was written.

use crate::apache_spec::{FlinkConfiguration, FlinkDeployment, FlinkSessionJob};
use crate::memory::java;
use crate::path::FieldPath;

/// The label the operator's mutator gives a FlinkSessionJob: the name of its session.
pub const TARGET_SESSION_LABEL: &str = "target.session";

/// One entry of a flattened `flinkConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlatEntry {
    /// The configuration key (`a.b` for `a: {b: ...}`).
    pub key: String,
    /// The value as the operator reads it.
    pub value: String,
    /// Where it was written.
    pub path: FieldPath,
}

/// A FlinkDeployment as the operator reads it; produced only by [`apply_deployment`].
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultedDeployment {
    deployment: FlinkDeployment,
    flink_configuration: Vec<FlatEntry>,
}

impl DefaultedDeployment {
    /// The resource.
    pub fn deployment(&self) -> &FlinkDeployment {
        &self.deployment
    }

    /// `spec.flinkConfiguration`, flattened, in key order (see [`flatten`]).
    pub fn flink_configuration(&self) -> &[FlatEntry] {
        &self.flink_configuration
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        self.deployment.metadata.name.as_deref().unwrap_or_default()
    }
}

/// A FlinkSessionJob after the operator's mutator; produced only by [`apply_session_job`].
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultedSessionJob {
    job: FlinkSessionJob,
    flink_configuration: Vec<FlatEntry>,
}

impl DefaultedSessionJob {
    /// The resource, with the `target.session` label.
    pub fn session_job(&self) -> &FlinkSessionJob {
        &self.job
    }

    /// `spec.flinkConfiguration`, flattened, in key order.
    pub fn flink_configuration(&self) -> &[FlatEntry] {
        &self.flink_configuration
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        self.job.metadata.name.as_deref().unwrap_or_default()
    }
}

/// A FlinkDeployment as the operator reads it (its mutator changes nothing).
pub fn apply_deployment(deployment: FlinkDeployment) -> DefaultedDeployment {
    let flink_configuration = flatten(deployment.spec.flink_configuration.as_ref());
    DefaultedDeployment {
        deployment,
        flink_configuration,
    }
}

/// A FlinkSessionJob after the operator's mutator: the label `target.session` set to
/// `spec.deploymentName` when that is set and the label differs.
pub fn apply_session_job(mut job: FlinkSessionJob) -> DefaultedSessionJob {
    if let Some(session) = job.spec.deployment_name.clone() {
        let labels = job.metadata.labels.get_or_insert_with(Default::default);
        if labels.get(TARGET_SESSION_LABEL) != Some(&session) {
            labels.insert(TARGET_SESSION_LABEL.to_owned(), session);
        }
    }
    let flink_configuration = flatten(job.spec.flink_configuration.as_ref());
    DefaultedSessionJob {
        job,
        flink_configuration,
    }
}

/// `flinkConfiguration` as configuration entries, as `ConfigObjectNode.asFlatMap` makes them:
/// a nested mapping's keys joined with `.`, a list's items (each as text) joined with `;`, a
/// scalar as Jackson's `asText` (numbers as Java prints them, `null` as `null`), an empty
/// mapping nothing. Entries come in key order; a key written twice (`a.b` and `a: {b: ...}`)
/// comes twice, and validation refuses it.
pub fn flatten(configuration: Option<&FlinkConfiguration>) -> Vec<FlatEntry> {
    let mut entries = Vec::new();
    let root = FieldPath::fields("spec.flinkConfiguration");
    for (key, value) in configuration.into_iter().flatten() {
        flatten_into(key, value, root.key(key.clone()), &mut entries);
    }
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    entries
}

fn flatten_into(key: &str, value: &serde_json::Value, path: FieldPath, out: &mut Vec<FlatEntry>) {
    match value {
        serde_json::Value::Object(map) => {
            for (child, value) in map {
                flatten_into(
                    &format!("{key}.{child}"),
                    value,
                    path.key(child.clone()),
                    out,
                );
            }
        }
        serde_json::Value::Array(items) => out.push(FlatEntry {
            key: key.to_owned(),
            value: items.iter().map(as_text).collect::<Vec<_>>().join(";"),
            path,
        }),
        scalar => out.push(FlatEntry {
            key: key.to_owned(),
            value: as_text(scalar),
            path,
        }),
    }
}

/// Jackson's `JsonNode.asText` of a value as the operator receives it: strings as they are,
/// numbers as the API server's JSON gives them to Jackson (a whole number as an integer, any
/// other as a Java `double`), `null` as `null`, containers as the empty text.
pub fn as_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Null => "null".to_owned(),
        serde_json::Value::Number(number) => {
            if number.is_i64() || number.is_u64() {
                return number.to_string();
            }
            let float = number.as_f64().unwrap_or_default();
            // Go's encoding/json writes a whole float below 1e21 without a fraction or
            // exponent, which Jackson then reads as an integer.
            if float.fract() == 0.0 && float.abs() < 1e21 {
                format!("{float:.0}")
            } else {
                java::double_to_string(float)
            }
        }
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(yaml: serde_json::Value) -> Vec<(String, String, String)> {
        let map = yaml.as_object().cloned().expect("a mapping");
        flatten(Some(&map))
            .into_iter()
            .map(|e| (e.key, e.value, e.path.to_string()))
            .collect()
    }

    #[test]
    fn flinkconfiguration_flattens_as_the_operator_flattens_it() {
        let entries = flat(serde_json::json!({
            "taskmanager.numberOfTaskSlots": 2,
            "state": {"backend": {"type": "rocksdb"}, "checkpoints.dir": "s3://b/c"},
            "pipeline.jars": ["a.jar", "b.jar"],
            "empty": {},
            "ratio": 0.5,
            "whole": 2.0,
            "on": true,
            "nothing": null,
            "none": []
        }));
        let keys: Vec<(&str, &str)> = entries
            .iter()
            .map(|(k, v, _)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("none", ""),
                ("nothing", "null"),
                ("on", "true"),
                ("pipeline.jars", "a.jar;b.jar"),
                ("ratio", "0.5"),
                ("state.backend.type", "rocksdb"),
                ("state.checkpoints.dir", "s3://b/c"),
                ("taskmanager.numberOfTaskSlots", "2"),
                ("whole", "2"),
            ]
        );
        let state = entries
            .iter()
            .find(|(k, _, _)| k == "state.backend.type")
            .expect("nested");
        assert_eq!(state.2, "spec.flinkConfiguration[state][backend][type]");
    }

    #[test]
    fn numbers_read_as_jackson_reads_them() {
        assert_eq!(as_text(&serde_json::json!(1.0e-7)), "1.0E-7");
        assert_eq!(as_text(&serde_json::json!(1.5e300)), "1.5E300");
        assert_eq!(as_text(&serde_json::json!(-3)), "-3");
        assert_eq!(as_text(&serde_json::json!(1.1)), "1.1");
    }

    #[test]
    fn the_mutator_labels_session_jobs_with_their_session() {
        let mut job = FlinkSessionJob::default();
        job.spec.deployment_name = Some("session".to_owned());
        let defaulted = apply_session_job(job);
        let labels = defaulted.session_job().metadata.labels.clone();
        assert_eq!(
            labels.and_then(|l| l.get(TARGET_SESSION_LABEL).cloned()),
            Some("session".to_owned())
        );
        let unnamed = apply_session_job(FlinkSessionJob::default());
        assert_eq!(unnamed.session_job().metadata.labels, None);
    }
}
