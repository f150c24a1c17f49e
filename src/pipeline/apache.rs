//! The stages joined for the Apache Flink Kubernetes Operator's resources: a FlinkDeployment is
//! defaulted ([`crate::defaults::apache`]), modelled ([`crate::model::apache`]), validated
//! ([`crate::validate::apache`]) and, in native mode, rendered by the native target from what
//! its model gives Flink's client ([`crate::model::apache::native`]), then ordered.
//!
//! What is not rendered yet is refused with the reason: standalone mode and FlinkSessionJobs.

use k8s_openapi::api::core::v1::Pod;

use super::Rendered;
use crate::apache_spec::{DeploymentMode, FlinkDeployment};
use crate::diagnostics::{Diagnostics, Rule};
use crate::input::ApacheResource;
use crate::model::apache::ValidDeployment;
use crate::options::Options;
use crate::path::FieldPath;
use crate::validate::apache::LastSpec;
use crate::{defaults, order, security};

/// Defaults, models and validates one FlinkDeployment under `options`; the spec-change checks
/// run against `status.reconciliationStatus.lastReconciledSpec` when the resource has one.
pub fn validated_deployment(
    deployment: &FlinkDeployment,
    options: &Options,
) -> Result<ValidDeployment, Diagnostics> {
    let metadata = &deployment.metadata;
    let settings = options.settings_for(
        metadata.annotations.as_ref(),
        metadata.uid.as_deref(),
        metadata.namespace.as_deref(),
    )?;
    let last = LastSpec::from_status(deployment.status.as_ref());
    let defaulted = defaults::apache::apply_deployment(deployment.clone());
    crate::validate::apache::validate(
        crate::model::apache::build(defaulted, settings),
        last.as_ref(),
    )
}

/// Renders one FlinkDeployment: in native mode the JobManager Deployment, its Services, the
/// `flink-config-<name>` and `pod-template-<name>` ConfigMaps and the Ingress, in install
/// order. `--target` does not apply: `spec.mode` says how the cluster is deployed.
pub fn render_deployment(
    deployment: &FlinkDeployment,
    options: &Options,
) -> Result<Rendered, Diagnostics> {
    let valid = validated_deployment(deployment, options)?;
    let model = valid.model();
    if model.mode() == DeploymentMode::Standalone {
        return Err(refused(
            "spec.mode",
            "flink-render does not render a FlinkDeployment in standalone mode yet; only native mode (`mode: native`, the default) is rendered",
        ));
    }
    let mut objects =
        crate::native::render_cluster(&crate::model::apache::native::native_cluster(model));
    let settings = valid.settings();
    if settings.harden {
        security::harden::harden(&mut objects);
    }
    let mut warnings = valid.warnings().clone();
    if let Some(level) = settings.pod_security {
        let mut found = Diagnostics::new();
        for finding in security::pod_security::check(&objects, level) {
            found.error(
                FieldPath::root(),
                security::pod_security::message(&finding, level, settings.kube_version),
            );
        }
        found.tag(Rule::PodSecurity);
        if found.has_errors() {
            warnings.extend(found);
            return Err(warnings);
        }
    }
    Ok(Rendered {
        objects: order::install_order(objects),
        warnings,
    })
}

/// Renders one resource of the Apache operator: a FlinkDeployment ([`render_deployment`]); a
/// FlinkSessionJob is refused (not rendered yet).
pub fn render_resource(
    resource: &ApacheResource,
    options: &Options,
) -> Result<Rendered, Diagnostics> {
    match resource {
        ApacheResource::Deployment(deployment) => render_deployment(deployment, options),
        ApacheResource::SessionJob(_) => Err(refused(
            "kind",
            "flink-render does not take a FlinkSessionJob yet; render its session FlinkDeployment",
        )),
    }
}

/// The TaskManager pod the JobManager of a FlinkDeployment in native mode creates first
/// (`explain taskmanager-pod`), built by the image's Flink; a FlinkSessionJob or a
/// FlinkDeployment in standalone mode is refused.
pub fn task_manager_preview(
    resource: &ApacheResource,
    options: &Options,
) -> Result<(Vec<Pod>, Diagnostics), Diagnostics> {
    let ApacheResource::Deployment(deployment) = resource else {
        return Err(refused(
            "kind",
            "`explain taskmanager-pod` does not apply to a FlinkSessionJob: its session FlinkDeployment creates the TaskManagers",
        ));
    };
    let valid = validated_deployment(deployment, options)?;
    if valid.model().mode() == DeploymentMode::Standalone {
        return Err(refused(
            "spec.mode",
            "`explain taskmanager-pod` shows the pod Flink's native ResourceManager creates; in standalone mode the TaskManagers are a Deployment of `render`",
        ));
    }
    let cluster = crate::model::apache::native::native_cluster(valid.model());
    Ok((
        vec![crate::native::task_manager_pod_of(&cluster)],
        valid.warnings().clone(),
    ))
}

/// The error at `field` for what is not rendered (or does not apply) to a resource.
fn refused(field: &str, message: &str) -> Diagnostics {
    let mut refused = Diagnostics::new();
    refused.error(FieldPath::fields(field), message);
    refused.tag(Rule::Documents);
    refused
}
