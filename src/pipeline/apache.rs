//! The stages joined for the Apache Flink Kubernetes Operator's resources: a FlinkDeployment is
//! defaulted ([`crate::defaults::apache`]), modelled ([`crate::model::apache`]), validated
//! ([`crate::validate::apache`]) and rendered by the native target (in standalone mode its
//! standalone variant, [`crate::native::standalone`]) from what its model gives Flink's client
//! ([`crate::model::apache::native`]), then ordered.
//!
//! A FlinkSessionJob renders nothing: it is checked against its session.

use k8s_openapi::api::core::v1::Pod;

use super::Rendered;
use crate::apache_spec::{DeploymentMode, FlinkDeployment, FlinkSessionJob};
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
/// `flink-config-<name>` and `pod-template-<name>` ConfigMaps and the Ingress; in standalone
/// mode the JobManager and TaskManager Deployments, the Services, `flink-config-<name>` and the
/// Ingress; in install order. `--target` does not apply: `spec.mode` says how the cluster is
/// deployed.
pub fn render_deployment(
    deployment: &FlinkDeployment,
    options: &Options,
) -> Result<Rendered, Diagnostics> {
    let valid = validated_deployment(deployment, options)?;
    let model = valid.model();
    let cluster = crate::model::apache::native::native_cluster(model);
    let mut objects = match model.mode() {
        DeploymentMode::Native => crate::native::render_cluster(&cluster),
        DeploymentMode::Standalone => crate::native::standalone::render(&cluster),
    };
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
        claims: Vec::new(),
    })
}

/// Renders one resource of the Apache operator: a FlinkDeployment ([`render_deployment`]); a
/// FlinkSessionJob is validated ([`validated_session_job`], against its session among
/// `deployments`, the FlinkDeployments of its source) and renders nothing: the operator submits
/// it through the session cluster's REST API and creates no object for it.
pub fn render_resource(
    resource: &ApacheResource,
    options: &Options,
    deployments: &[FlinkDeployment],
) -> Result<Rendered, Diagnostics> {
    match resource {
        ApacheResource::Deployment(deployment) => render_deployment(deployment, options),
        ApacheResource::SessionJob(job) => {
            validated_session_job(job, options, deployments).map(|warnings| Rendered {
                objects: Vec::new(),
                warnings,
                claims: Vec::new(),
            })
        }
    }
}

/// Checks one FlinkSessionJob under `options`, against its session FlinkDeployment when
/// `deployments` holds it (same name as `spec.deploymentName`, same namespace). `Ok` holds the
/// warnings.
pub fn validated_session_job(
    job: &FlinkSessionJob,
    options: &Options,
    deployments: &[FlinkDeployment],
) -> Result<Diagnostics, Diagnostics> {
    let metadata = &job.metadata;
    let settings = options.settings_for(
        metadata.annotations.as_ref(),
        metadata.uid.as_deref(),
        metadata.namespace.as_deref(),
    )?;
    let namespace_of = |deployment: &FlinkDeployment| {
        options
            .settings_for(
                deployment.metadata.annotations.as_ref(),
                deployment.metadata.uid.as_deref(),
                deployment.metadata.namespace.as_deref(),
            )
            .ok()
            .map(|s| s.namespace)
    };
    let session = job.spec.deployment_name.as_deref().and_then(|name| {
        deployments.iter().find(|d| {
            d.metadata.name.as_deref() == Some(name)
                && namespace_of(d).is_some_and(|ns| ns == settings.namespace)
        })
    });
    let session_model = session.and_then(|deployment| {
        let session_settings = options
            .settings_for(
                deployment.metadata.annotations.as_ref(),
                deployment.metadata.uid.as_deref(),
                deployment.metadata.namespace.as_deref(),
            )
            .ok()?;
        Some(crate::model::apache::build(
            defaults::apache::apply_deployment(deployment.clone()),
            session_settings,
        ))
    });
    let operator = settings.operator_config.clone().unwrap_or_default();
    crate::validate::apache::session_job::validate(
        &defaults::apache::apply_session_job(job.clone()),
        session_model.as_ref(),
        &operator,
    )
}

/// The FlinkDeployments of a source, for the FlinkSessionJobs in it: none when the source
/// holds no FlinkSessionJob (it is not read twice then) or does not read.
pub fn deployments_of(text: &str, limits: crate::yaml::Limits) -> Vec<FlinkDeployment> {
    if !text.contains("FlinkSessionJob") {
        return Vec::new();
    }
    crate::input::parse_stream(text, limits)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| match item {
            crate::input::Item::Apache(parsed) => match parsed.resource {
                ApacheResource::Deployment(deployment) => Some(*deployment),
                ApacheResource::SessionJob(_) => None,
            },
            _ => None,
        })
        .collect()
}

/// The TaskManager pod the JobManager of a FlinkDeployment in native mode creates first
/// (`explain taskmanager-pod`), built by the image's Flink; none for a FlinkSessionJob or a
/// FlinkDeployment in standalone mode (a warning says why).
pub fn task_manager_preview(
    resource: &ApacheResource,
    options: &Options,
) -> Result<(Vec<Pod>, Diagnostics), Diagnostics> {
    let ApacheResource::Deployment(deployment) = resource else {
        let mut note = Diagnostics::new();
        note.warning(
            FieldPath::fields("kind"),
            "`explain taskmanager-pod` does not apply to a FlinkSessionJob: it runs on the TaskManagers of its session FlinkDeployment, shown for that",
        );
        note.tag(Rule::Documents);
        return Ok((Vec::new(), note));
    };
    let valid = validated_deployment(deployment, options)?;
    if valid.model().mode() == DeploymentMode::Standalone {
        let mut warnings = valid.warnings().clone();
        warnings.warning(
            FieldPath::fields("spec.mode"),
            "`explain taskmanager-pod` shows the pod Flink's native ResourceManager creates; in standalone mode the TaskManagers are the Deployment `<name>-taskmanager` that `render` writes",
        );
        return Ok((Vec::new(), warnings));
    }
    let cluster = crate::model::apache::native::native_cluster(valid.model());
    Ok((
        vec![crate::native::task_manager_pod_of(&cluster)],
        valid.warnings().clone(),
    ))
}

/// What `render` would find wrong with one resource of the Apache operator, without keeping
/// its objects: the errors and warnings of [`render_resource`] (a FlinkSessionJob checked
/// against its session among `deployments`). Positions are not filled in.
pub fn check_resource(
    resource: &ApacheResource,
    options: &Options,
    deployments: &[FlinkDeployment],
) -> Diagnostics {
    match render_resource(resource, options, deployments) {
        Ok(rendered) => rendered.warnings,
        Err(found) => found,
    }
}

/// The (namespace, name) a FlinkDeployment's objects are created under, when the resource is
/// one (a FlinkSessionJob creates no object): two FlinkDeployments with the same identity
/// would overwrite each other's objects.
pub fn deployment_identity(
    resource: &ApacheResource,
    options: &Options,
) -> Option<(String, String)> {
    match resource {
        ApacheResource::Deployment(deployment) => Some(deployment_key(deployment, options)),
        ApacheResource::SessionJob(_) => None,
    }
}

/// The (namespace, name) of a FlinkDeployment: `metadata.namespace`, else `--namespace`.
pub fn deployment_key(deployment: &FlinkDeployment, options: &Options) -> (String, String) {
    super::identity(&deployment.metadata, options)
}

/// The error for a FlinkDeployment (of identity `(namespace, name)`, its fields in `map`, in
/// the source `origin`) when one of the same identity was seen before; records it otherwise.
pub(crate) fn duplicate_deployment(
    seen: &mut super::SeenClusters,
    origin: &str,
    (namespace, name): (String, String),
    map: &crate::input::SourceMap,
) -> Option<crate::diagnostics::Diagnostic> {
    let at = map.locate(&FieldPath::fields("metadata.name"));
    let first = seen.insert((namespace.clone(), name.clone()), format!("{origin}:{at}"))?;
    Some(duplicate_deployment_error(&name, &namespace, &first, at))
}

/// The error for a FlinkDeployment named `name` in `namespace` at `at`, first given at `first`.
pub(crate) fn duplicate_deployment_error(
    name: &str,
    namespace: &str,
    first: &str,
    at: crate::diagnostics::Location,
) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::error(
        FieldPath::fields("metadata.name"),
        format!("a FlinkDeployment named {name:?} in namespace {namespace:?} was already given at {first}; the objects of both would collide"),
    )
    .at(Some(at))
    .with_rule(Rule::Documents)
}

/// The note for a FlinkSessionJob where an explanation of a cluster is asked for (`what`: the
/// explain command's name).
fn session_job_note(what: &str) -> Diagnostics {
    let mut note = Diagnostics::new();
    note.warning(
        FieldPath::fields("kind"),
        format!("`explain {what}` does not apply to a FlinkSessionJob: it runs on its session FlinkDeployment's cluster, explained for that"),
    );
    note.tag(Rule::Documents);
    note
}

/// `explain WHAT` of one resource of the Apache operator: `explain` of a valid FlinkDeployment;
/// nothing for a FlinkSessionJob (a warning says why).
fn explain_deployment<T>(
    resource: &ApacheResource,
    options: &Options,
    what: &str,
    explain: impl FnOnce(&ValidDeployment) -> T,
) -> Result<(Vec<T>, Diagnostics), Diagnostics> {
    let ApacheResource::Deployment(deployment) = resource else {
        return Ok((Vec::new(), session_job_note(what)));
    };
    let valid = validated_deployment(deployment, options)?;
    Ok((vec![explain(&valid)], valid.warnings().clone()))
}

/// `explain memory` of one resource of the Apache operator: Flink's memory model of a
/// FlinkDeployment's JobManager and TaskManagers.
pub fn explain_memory(
    resource: &ApacheResource,
    options: &Options,
) -> Result<(Vec<crate::explain::memory::MemoryExplanation>, Diagnostics), Diagnostics> {
    explain_deployment(
        resource,
        options,
        "memory",
        crate::explain::memory::deployment_memory,
    )
}

/// `explain config` of one resource of the Apache operator: the configuration file the
/// operator writes for a FlinkDeployment, key by key with its origin.
pub fn explain_config(
    resource: &ApacheResource,
    options: &Options,
) -> Result<(Vec<crate::explain::config::ConfigExplanation>, Diagnostics), Diagnostics> {
    explain_deployment(
        resource,
        options,
        "config",
        crate::explain::config::deployment_config,
    )
}

/// `explain ha` of one resource of the Apache operator: what Flink's Kubernetes HA services do
/// for a FlinkDeployment.
pub fn explain_ha(
    resource: &ApacheResource,
    options: &Options,
) -> Result<(Vec<String>, Diagnostics), Diagnostics> {
    explain_deployment(resource, options, "ha", crate::explain::ha_deployment)
}
