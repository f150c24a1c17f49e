//! A FlinkSessionJob refused as the Apache Flink Kubernetes Operator refuses it
//! (`DefaultValidator.validateSessionJob`, apache-operator-spec.md §3.2), every problem at
//! once: the checks of the job alone (the session's name, a job, the JAR URI and its scheme
//! allowlist), then, when the session FlinkDeployment is in the input, the checks against it
//! (a session cluster, the job's checkpoint, savepoint and autoscaler settings over the
//! session's configuration and the job's own).
//!
//! What needs the cluster is not checked and a warning says so: the JAR host's DNS resolution
//! (and whether it resolves to a restricted address), and, when the session FlinkDeployment is
//! not in the input (the operator looks it up in the cluster), the checks against it.

use std::collections::BTreeMap;

use super::{autoscaler, java_uri, job_spec, name_message, valid_name};
use crate::defaults::apache::DefaultedSessionJob;
use crate::diagnostics::{Diagnostics, Rule};
use crate::model::apache::DeploymentModel;
use crate::operator_config::OperatorConfig;
use crate::path::FieldPath;

/// The operator option listing the schemes a session job's JAR may be fetched with.
pub const ALLOWED_SCHEMES: &str = "kubernetes.operator.user.artifacts.allowed-schemes";

/// The allowlist when the operator's configuration sets none: `https` only.
const DEFAULT_ALLOWED_SCHEMES: &[&str] = &["https"];

/// Checks `job` (with `session`, the model of its session FlinkDeployment when the input holds
/// it) under the operator's configuration `operator`. `Ok` holds the warnings; `Err` every
/// error and warning.
pub fn validate(
    job: &DefaultedSessionJob,
    session: Option<&DeploymentModel>,
    operator: &OperatorConfig,
) -> Result<Diagnostics, Diagnostics> {
    let mut out = Diagnostics::new();
    job_only(job, operator, &mut out);
    let deployment_name = job.session_job().spec.deployment_name.as_deref();
    match session {
        Some(session) => with_session(job, session, &mut out),
        None => {
            if let Some(name) = deployment_name {
                out.warning(
                    FieldPath::fields("spec.deploymentName"),
                    format!(
                        "not checked: the session FlinkDeployment {name:?} is not in the input (the operator looks it up in the cluster): that it is a session cluster, and the job's checkpoint, savepoint and autoscaler settings over its configuration; give it in the same file to check them"
                    ),
                );
            }
        }
    }
    out.tag(Rule::OperatorWebhook);
    if out.has_errors() { Err(out) } else { Ok(out) }
}

/// `validateSessionJobOnly`.
fn job_only(job: &DefaultedSessionJob, operator: &OperatorConfig, out: &mut Diagnostics) {
    let resource = job.session_job();
    let spec = &resource.spec;
    let name_field = FieldPath::fields("spec.deploymentName");
    match spec.deployment_name.as_deref() {
        None => out.error(
            name_field.clone(),
            "Required value: the name of the session FlinkDeployment the job runs on",
        ),
        Some(name) if !valid_name(name) => out.error(name_field.clone(), name_message(name)),
        Some(_) => {}
    }
    let Some(job_spec) = spec.job.as_ref() else {
        out.error(
            FieldPath::fields("spec.job"),
            "The job spec should not be empty",
        );
        return;
    };
    if let Some(last) = last_deployment_name(resource.status.as_ref())
        && spec.deployment_name.as_deref() != Some(last.as_str())
    {
        out.error(name_field, "The deploymentName can't be changed");
    }
    if let Some(jar) = job_spec.jar_uri.as_deref() {
        jar_uri(jar, operator, out);
    }
}

/// `spec.deploymentName` of the spec the operator last deployed, when the status records one.
fn last_deployment_name(status: Option<&serde_json::Value>) -> Option<String> {
    let spec = super::last_reconciled_spec(status)?;
    spec.get("deploymentName")?.as_str().map(str::to_owned)
}

/// The JAR URI's checks: a URI Java reads, with a scheme in the allowlist, with a host for
/// `http` and `https`; its host's resolution is not checked (a warning says so).
fn jar_uri(jar: &str, operator: &OperatorConfig, out: &mut Diagnostics) {
    let field = FieldPath::fields("spec.job.jarURI");
    if let Err(message) = java_uri(jar) {
        out.error(field, format!("jarURI is not a valid URI: {message}"));
        return;
    }
    let scheme = jar.split_once(':').map(|(s, _)| s).filter(|s| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let Some(scheme) = scheme else {
        out.error(field, "jarURI must include a scheme");
        return;
    };
    let allowed: Vec<String> = match operator.get(ALLOWED_SCHEMES) {
        Some(list) => list
            .split([';', ','])
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect(),
        None => DEFAULT_ALLOWED_SCHEMES
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    };
    let lower = scheme.to_ascii_lowercase();
    if !allowed.contains(&lower) {
        out.error(
            field,
            format!(
                "jarURI scheme '{scheme}' is not in the allowlist [{}]. Configure '{ALLOWED_SCHEMES}' to extend the allowlist.",
                allowed.join(", ")
            ),
        );
        return;
    }
    if lower == "http" || lower == "https" {
        let rest = &jar[scheme.len() + 1..];
        let authority = rest
            .strip_prefix("//")
            .map(|a| a.split(['/', '?', '#']).next().unwrap_or_default())
            .unwrap_or_default();
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = if host_port.starts_with('[') {
            host_port.split_inclusive(']').next().unwrap_or_default()
        } else {
            host_port.split(':').next().unwrap_or_default()
        };
        if host.is_empty() {
            out.error(field, "jarURI must include a host for http/https schemes");
            return;
        }
        out.warning(
            field,
            format!(
                "not checked: that jarURI host '{host}' resolves, and not to a restricted address (the operator looks it up in DNS)"
            ),
        );
    }
}

/// `validateSessionJobWithCluster`: a session cluster, then the job's checks over the
/// session's validation configuration with the job's `flinkConfiguration` over it.
fn with_session(job: &DefaultedSessionJob, session: &DeploymentModel, out: &mut Diagnostics) {
    if session.spec().job.is_some() {
        out.error(
            FieldPath::fields("spec.deploymentName"),
            "Can not submit session job to application cluster",
        );
        return;
    }
    let mut conf: BTreeMap<String, String> = session.validation_config().clone();
    let mut fields: BTreeMap<String, FieldPath> = BTreeMap::new();
    for entry in job.flink_configuration() {
        conf.insert(entry.key.clone(), entry.value.clone());
        fields.insert(entry.key.clone(), entry.path.clone());
    }
    let field = |key: &str| {
        fields
            .get(key)
            .cloned()
            .unwrap_or_else(|| FieldPath::fields("spec.flinkConfiguration"))
    };
    if let Some(spec) = job.session_job().spec.job.as_ref() {
        job_spec(spec, None, &conf, &field, out);
    }
    autoscaler(&conf, &field, out);
}
