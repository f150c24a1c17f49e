//! What a FlinkCluster gives Flink's native integration ([`NativeCluster`]): the native
//! configuration ([`super::config`]) and pod templates made from the spec's pod-level settings
//! (labels, annotations, init containers, sidecars, volumes, tolerations, ...; docs/native.md),
//! plus flink-render's defaults for the log files, the Ingress, the PodDisruptionBudget and the
//! RBAC the JobManager needs.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EphemeralVolumeSource, PersistentVolumeClaim,
    PersistentVolumeClaimTemplate, PodSpec, ResourceRequirements, Volume, VolumeMount,
};
use k8s_openapi::api::networking::v1::ServiceBackendPort;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::cluster::{FlinkPod, IngressPlan, NativeCluster, Rbac, TemplateFile};
use super::config;
use super::pods::{LOG_FILES, MAIN_CONTAINER};
use super::{labels, renders_budget};
use crate::model::Model;
use crate::model::labels::Labels;
use crate::object::{ingress, pod};
use crate::spec::FlinkClusterSpec;
use crate::templates;

/// What the spec says about one component's pod.
struct PodSettings<'a> {
    labels: Option<&'a Labels>,
    annotations: Option<&'a Labels>,
    init_containers: Vec<Container>,
    sidecars: Option<&'a Vec<Container>>,
    volumes: Vec<Volume>,
    volume_mounts: Vec<VolumeMount>,
    claim_templates: Option<&'a Vec<PersistentVolumeClaim>>,
    resources: Option<&'a ResourceRequirements>,
    extra_ports: Vec<ContainerPort>,
    liveness: Option<&'a k8s_openapi::api::core::v1::Probe>,
    readiness: Option<&'a k8s_openapi::api::core::v1::Probe>,
    affinity: Option<&'a k8s_openapi::api::core::v1::Affinity>,
    node_selector: Option<&'a Labels>,
    tolerations: Option<&'a Vec<k8s_openapi::api::core::v1::Toleration>>,
    security_context: Option<&'a k8s_openapi::api::core::v1::PodSecurityContext>,
    host_aliases: Option<&'a Vec<k8s_openapi::api::core::v1::HostAlias>>,
}

/// The spec's resources without `cpu` and `memory`, which Flink sets itself; `None` when
/// nothing else is left.
fn other_resources(resources: Option<&ResourceRequirements>) -> Option<ResourceRequirements> {
    let strip = |map: Option<&BTreeMap<String, Quantity>>| {
        let rest: BTreeMap<String, Quantity> = map
            .into_iter()
            .flatten()
            .filter(|(k, _)| k.as_str() != "cpu" && k.as_str() != "memory")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        (!rest.is_empty()).then_some(rest)
    };
    let resources = resources?;
    let limits = strip(resources.limits.as_ref());
    let requests = strip(resources.requests.as_ref());
    (limits.is_some() || requests.is_some()).then(|| ResourceRequirements {
        limits,
        requests,
        ..ResourceRequirements::default()
    })
}

/// Claim templates as ephemeral volumes (a Deployment and a bare pod have no claim templates).
fn ephemeral(claims: Option<&Vec<PersistentVolumeClaim>>, labels: &Labels) -> Vec<Volume> {
    claims
        .into_iter()
        .flatten()
        .map(|claim| Volume {
            name: claim.metadata.name.clone().unwrap_or_default(),
            ephemeral: Some(EphemeralVolumeSource {
                volume_claim_template: Some(PersistentVolumeClaimTemplate {
                    metadata: Some(ObjectMeta {
                        labels: Some(labels.clone()),
                        ..ObjectMeta::default()
                    }),
                    spec: claim.spec.clone().unwrap_or_default(),
                }),
            }),
            ..Volume::default()
        })
        .collect()
}

fn template(
    spec: &FlinkClusterSpec,
    id: &str,
    settings: PodSettings<'_>,
    component: &str,
) -> FlinkPod {
    let env = spec.env_vars.clone().unwrap_or_default();
    let init_containers: Vec<Container> = settings
        .init_containers
        .iter()
        .map(|c| pod::convert_container(c, &[], &env))
        .collect();
    let mut volumes = settings.volumes;
    volumes.extend(ephemeral(
        settings.claim_templates,
        &labels::selectors(id, component),
    ));
    let main = Container {
        name: MAIN_CONTAINER.to_owned(),
        env: spec.env_vars.clone().filter(|e| !e.is_empty()),
        env_from: spec.env_from.clone().filter(|e| !e.is_empty()),
        volume_mounts: pod::non_empty(settings.volume_mounts),
        ports: pod::non_empty(settings.extra_ports),
        liveness_probe: settings.liveness.cloned(),
        readiness_probe: settings.readiness.cloned(),
        resources: other_resources(settings.resources),
        ..Container::default()
    };
    FlinkPod {
        metadata: ObjectMeta {
            labels: settings.labels.cloned().filter(|l| !l.is_empty()),
            annotations: settings.annotations.cloned().filter(|a| !a.is_empty()),
            ..ObjectMeta::default()
        },
        spec: PodSpec {
            init_containers: pod::non_empty(init_containers),
            containers: settings.sidecars.cloned().unwrap_or_default(),
            volumes: pod::non_empty(volumes),
            affinity: settings.affinity.cloned(),
            node_selector: settings.node_selector.cloned().filter(|n| !n.is_empty()),
            tolerations: settings.tolerations.cloned().filter(|t| !t.is_empty()),
            security_context: settings.security_context.cloned(),
            host_aliases: settings.host_aliases.cloned().filter(|h| !h.is_empty()),
            image_pull_secrets: spec.image.pull_secrets.clone().filter(|s| !s.is_empty()),
            ..PodSpec::default()
        },
        main,
    }
}

/// The JobManager's pod template: `spec.jobManager`'s pod-level settings, plus in application
/// mode `spec.job`'s init containers, volumes and mounts (the JobManager runs the job's main
/// method, which the operator's submitter pod runs in the other target).
pub fn job_manager_template(spec: &FlinkClusterSpec, id: &str) -> FlinkPod {
    let jm = spec.job_manager();
    let job = spec.job.as_ref();
    let mut init_containers = jm.init_containers.clone().unwrap_or_default();
    init_containers.extend(
        job.and_then(|j| j.init_containers.clone())
            .unwrap_or_default(),
    );
    let mut volumes = jm.volumes.clone().unwrap_or_default();
    volumes.extend(job.and_then(|j| j.volumes.clone()).unwrap_or_default());
    let mut volume_mounts = jm.volume_mounts.clone().unwrap_or_default();
    volume_mounts.extend(
        job.and_then(|j| j.volume_mounts.clone())
            .unwrap_or_default(),
    );
    template(
        spec,
        id,
        PodSettings {
            labels: jm.pod_labels.as_ref(),
            annotations: jm.pod_annotations.as_ref(),
            init_containers,
            sidecars: jm.sidecars.as_ref(),
            volumes,
            volume_mounts,
            claim_templates: jm.volume_claim_templates.as_ref(),
            resources: jm.resources.as_ref(),
            extra_ports: jm
                .extra_ports
                .iter()
                .flatten()
                .map(pod::extra_port)
                .collect(),
            liveness: jm.liveness_probe.as_ref(),
            readiness: jm.readiness_probe.as_ref(),
            affinity: jm.affinity.as_ref(),
            node_selector: jm.node_selector.as_ref(),
            tolerations: jm.tolerations.as_ref(),
            security_context: jm.security_context.as_ref(),
            host_aliases: jm.host_aliases.as_ref(),
        },
        "jobmanager",
    )
}

/// The TaskManager's pod template (the content of `taskmanager-pod-template.yaml`, before
/// `--harden`).
pub fn task_manager_template(spec: &FlinkClusterSpec, id: &str) -> FlinkPod {
    let tm = spec.task_manager();
    template(
        spec,
        id,
        PodSettings {
            labels: tm.pod_labels.as_ref(),
            annotations: tm.pod_annotations.as_ref(),
            init_containers: tm.init_containers.clone().unwrap_or_default(),
            sidecars: tm.sidecars.as_ref(),
            volumes: tm.volumes.clone().unwrap_or_default(),
            volume_mounts: tm.volume_mounts.clone().unwrap_or_default(),
            claim_templates: tm.volume_claim_templates.as_ref(),
            resources: tm.resources.as_ref(),
            extra_ports: tm
                .extra_ports
                .iter()
                .flatten()
                .map(pod::extra_port)
                .collect(),
            liveness: tm.liveness_probe.as_ref(),
            readiness: tm.readiness_probe.as_ref(),
            affinity: tm.affinity.as_ref(),
            node_selector: tm.node_selector.as_ref(),
            tolerations: tm.tolerations.as_ref(),
            security_context: tm.security_context.as_ref(),
            host_aliases: tm.host_aliases.as_ref(),
        },
        "taskmanager",
    )
}

/// The default text of a log file Flink mounts: the operator's logback configuration, and a
/// log4j 2 console configuration (Flink 1.11 and later read log4j 2, where the operator's
/// default is log4j 1 syntax).
fn default_log_file(name: &str) -> String {
    match name {
        "log4j-console.properties" => templates::text(templates::NATIVE_LOG4J_CONSOLE),
        _ => templates::text(templates::LOGBACK_CONSOLE),
    }
}

/// The Ingress of `jobManager.ingress`: what the Apache Flink Kubernetes Operator creates for
/// its natively deployed clusters, one rule to `<id>-rest` at `rest.port`, with the labels
/// every native object of the cluster carries and `component: ingress`.
fn ingress_plan(spec: &FlinkClusterSpec, name: &str, id: &str) -> Option<IngressPlan> {
    let jm = spec.job_manager();
    let ingress_spec = jm.ingress.as_ref()?;
    let mut object_labels = labels::common(id);
    object_labels.insert("component".to_owned(), "ingress".to_owned());
    let route = ingress::IngressRoute {
        path: None,
        path_type: "ImplementationSpecific",
        service: rest_name(id),
        port: ServiceBackendPort {
            number: Some(jm.port_numbers().ui),
            ..ServiceBackendPort::default()
        },
    };
    Some(IngressPlan {
        labels: object_labels,
        annotations: ingress_spec.annotations.clone().filter(|a| !a.is_empty()),
        owner_references: None,
        spec: ingress::spec(ingress_spec, name, route),
    })
}

/// The rest Service's name, `<id>-rest`.
pub fn rest_name(cluster_id: &str) -> String {
    format!("{cluster_id}-rest")
}

/// What a FlinkCluster's model gives the native target: `native` (the configuration and the
/// version's features, derived already) over the cluster of `model`.
pub fn native_cluster(model: &Model, native: super::super::Native) -> NativeCluster {
    let spec = model.spec();
    let name = model.name();
    let settings = model.settings();
    let super::super::Native { features, config } = native;
    let analysis = crate::memory::analyze(
        &config.entries,
        &crate::model::memory::container_env(spec),
        &spec.flink_version,
        super::deployment(&features),
    );
    let id = config::cluster_id(spec, name);
    let user = spec.log_config.clone().unwrap_or_default();
    let log_files = LOG_FILES
        .iter()
        .map(|file| {
            let text = user
                .get(*file)
                .cloned()
                .unwrap_or_else(|| default_log_file(file));
            ((*file).to_owned(), text)
        })
        .collect();
    let budget = spec
        .pod_disruption_budget
        .clone()
        .filter(renders_budget)
        .map(|mut budget| {
            let selector = budget.selector.get_or_insert_with(Default::default);
            selector
                .match_labels
                .get_or_insert_with(Default::default)
                .extend(labels::common(&id));
            budget
        });
    let user_account = spec
        .service_account_name
        .as_deref()
        .is_some_and(|s| !s.is_empty());
    let service_account = config::service_account(spec, name);
    let used = ["jobmanager", "taskmanager"]
        .iter()
        .any(|c| config::component_service_account(&config.entries, c) == service_account);
    NativeCluster {
        namespace: settings.namespace.clone(),
        task_manager_features: features,
        config_file: features.config_file(),
        config_text: config.file_text(&features),
        default_image: spec.image.name.clone(),
        log_files,
        ha: model.ha().cloned(),
        internal_service: model.ha().is_none(),
        job_manager_template: job_manager_template(spec, &id),
        task_manager_template: Some(task_manager_template(spec, &id)),
        template_file: TemplateFile::Pod,
        rest_service_labels: spec
            .job_manager()
            .service_labels
            .clone()
            .unwrap_or_default(),
        job_manager: analysis.job_manager.and_then(Result::ok),
        task_manager: analysis.task_manager.and_then(Result::ok),
        ingress: ingress_plan(spec, name, &id),
        budget,
        rbac: Some(Rbac {
            role: super::role_name(name),
            service_account: (!user_account && used).then_some(service_account),
        }),
        harden: settings.harden,
        id,
        features,
        config,
    }
}
