//! What a FlinkDeployment in native mode gives Flink's native integration ([`NativeCluster`]):
//! the configuration the operator builds ([`super::config`]), the JobManager and TaskManager
//! pod templates it writes ([`super::templates`]), the log files of the configuration
//! directory it hands Flink's client, and the Ingress it creates itself (`IngressUtils`).
//!
//! Flink's client (the 1.20 the operator embeds, [`super::CLIENT_FEATURES`]) builds the
//! JobManager objects; the TaskManager pods are built by the image's Flink. Unlike a
//! FlinkCluster, nothing else is rendered: the operator's Helm chart creates the service
//! account and its Role, and the operator creates no PodDisruptionBudget.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Pod};
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IngressBackend, IngressRule, IngressServiceBackend,
    IngressSpec, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

use super::config::ha_activated;
use super::{CLIENT_FEATURES, DeploymentModel, image_features, ingress};
use crate::model::native::cluster::{FlinkPod, IngressPlan, NativeCluster, TemplateFile};
use crate::model::native::config::{NativeConfiguration, parse_port};
use crate::model::native::pods::{LOG_FILES, MAIN_CONTAINER};
use crate::templates;

/// The image Flink 1.20's client falls back to when the configuration names none (the
/// operator sets `kubernetes.container.image.ref` from `spec.image` whenever it is given).
pub const CLIENT_DEFAULT_IMAGE: &str = "apache/flink:1.20.1-scala_2.12";

/// A pod template split as Flink's `loadPodFromTemplateFile` splits it: the container named
/// `flink-main-container` is the main container (an empty one of that name when there is
/// none), the other containers stay the pod's.
pub fn flink_pod(pod: &Pod) -> FlinkPod {
    let mut spec = pod.spec.clone().unwrap_or_default();
    let main = match spec
        .containers
        .iter()
        .position(|c| c.name == MAIN_CONTAINER)
    {
        Some(index) => spec.containers.remove(index),
        None => Container {
            name: MAIN_CONTAINER.to_owned(),
            ..Container::default()
        },
    };
    FlinkPod {
        metadata: pod.metadata.clone(),
        spec,
        main,
    }
}

/// The log files of the configuration directory Flink's client reads: with
/// `spec.logConfiguration`, only the files it gives; without, the operator's own
/// configuration directory, where the Helm chart mounts `log4j-console.properties`.
fn log_files(model: &DeploymentModel) -> BTreeMap<String, String> {
    match &model.spec().log_configuration {
        Some(files) => files
            .iter()
            .filter(|(name, _)| LOG_FILES.contains(&name.as_str()))
            .map(|(name, text)| (name.clone(), text.clone()))
            .collect(),
        None => BTreeMap::from([(
            templates::LOG4J_CONSOLE.to_owned(),
            templates::text(templates::APACHE_LOG4J_CONSOLE),
        )]),
    }
}

/// `spec.ingress` as the operator's `IngressUtils` makes it (networking.k8s.io/v1: every
/// `--kube-version` flink-render takes is 1.19 or later): labels `ingress.labels` and
/// `component: ingress`, the annotations, an owner reference to the FlinkDeployment when its
/// uid is known, and one rule with the template's host and path to `<name>-rest` at
/// `rest.port`. `None` without an Ingress or with a template validation refuses.
fn ingress_plan(
    model: &DeploymentModel,
    entries: &BTreeMap<String, String>,
) -> Option<IngressPlan> {
    let spec = model.spec().ingress.as_ref()?;
    let name = model.name();
    let namespace = model.settings().namespace.as_deref().unwrap_or("null");
    let (host, path) = ingress::url(spec.template.as_deref()?, name, namespace).ok()?;
    let mut labels = spec.labels.clone().unwrap_or_default();
    labels.insert("component".to_owned(), "ingress".to_owned());
    let port = entries
        .get("rest.port")
        .and_then(|p| parse_port(p.trim()))
        .unwrap_or(8081);
    let owner = model
        .settings()
        .owner_uid
        .as_ref()
        .map(|uid| OwnerReference {
            api_version: crate::apache_spec::API_VERSION.to_owned(),
            kind: crate::apache_spec::DEPLOYMENT_KIND.to_owned(),
            name: name.to_owned(),
            uid: uid.clone(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        });
    let non_blank = |text: String| (!text.trim().is_empty()).then_some(text);
    Some(IngressPlan {
        labels,
        annotations: spec.annotations.clone(),
        owner_references: owner.map(|o| vec![o]),
        spec: IngressSpec {
            ingress_class_name: spec.class_name.clone(),
            tls: spec.tls.clone(),
            rules: Some(vec![IngressRule {
                host: non_blank(host),
                http: Some(HTTPIngressRuleValue {
                    paths: vec![HTTPIngressPath {
                        path: non_blank(path),
                        path_type: "ImplementationSpecific".to_owned(),
                        backend: IngressBackend {
                            service: Some(IngressServiceBackend {
                                name: format!("{name}-rest"),
                                port: Some(ServiceBackendPort {
                                    number: Some(port),
                                    ..ServiceBackendPort::default()
                                }),
                            }),
                            ..IngressBackend::default()
                        },
                    }],
                }),
            }]),
            ..IngressSpec::default()
        },
    })
}

/// What the native target renders `model` (a FlinkDeployment in native mode) from.
pub fn native_cluster(model: &DeploymentModel) -> NativeCluster {
    let entries = model.configuration().values().clone();
    let version = model.spec().flink_version;
    let task_manager_features = image_features(version);
    let version_text = Some(model.flink_version_text())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "1.20".to_owned());
    let analysis = crate::memory::analyze(
        &entries,
        &BTreeMap::new(),
        &version_text,
        model.reads().deployment,
    );
    let ingress = ingress_plan(model, &entries);
    NativeCluster {
        id: model.name().to_owned(),
        namespace: model.settings().namespace.clone(),
        features: CLIENT_FEATURES,
        task_manager_features,
        config_file: model.format().file_name(),
        config_text: model.file_text(),
        default_image: CLIENT_DEFAULT_IMAGE.to_owned(),
        log_files: log_files(model),
        ha: None,
        internal_service: !ha_activated(&entries),
        job_manager_template: model
            .job_manager_template()
            .map(flink_pod)
            .unwrap_or_else(|| flink_pod(&Pod::default())),
        task_manager_template: model.task_manager_template().map(flink_pod),
        template_file: TemplateFile::TemplateSpec,
        rest_service_labels: BTreeMap::new(),
        job_manager: analysis.job_manager.and_then(Result::ok),
        task_manager: analysis.task_manager.and_then(Result::ok),
        ingress,
        budget: None,
        rbac: None,
        harden: model.settings().harden,
        config: NativeConfiguration {
            lists: model.lists().clone(),
            origins: model.origins().clone(),
            entries,
        },
    }
}
