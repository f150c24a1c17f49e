//! The JobManager: its container and pod, StatefulSet, Service and Ingress.

use k8s_openapi::api::apps::v1::{StatefulSet, StatefulSetSpec};
use k8s_openapi::api::core::v1::{
    Container, EnvVar, PersistentVolumeClaim, PodSpec, PodTemplateSpec, Service, ServicePort,
    ServiceSpec,
};
use k8s_openapi::api::networking::v1::{Ingress, ServiceBackendPort};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{Context, pod};
use crate::model::names::{POD_IP_ENV, VPC_ANNOTATIONS};
use crate::model::{
    labels::{self, Labels},
    names,
};
use crate::spec::AccessScope;

/// The pod IP in container arguments (Kubernetes expands `$(VAR)` from the container's env).
pub const POD_IP_ARG: &str = "$(POD_IP)";

/// `POD_IP` from the downward API (`status.podIP`).
pub fn pod_ip_env() -> EnvVar {
    pod::field_env(POD_IP_ENV, "status.podIP")
}

/// Labels of the JobManager pods (also the StatefulSet selector).
pub fn pod_labels(ctx: &Context<'_>) -> Labels {
    labels::merge(
        &labels::component(ctx.name, "jobmanager"),
        ctx.spec.job_manager().pod_labels.as_ref(),
    )
}

/// The JobManager pod's parts.
///
/// With Kubernetes HA the JobManager advertises its pod IP instead of the Service name, as
/// Flink's standalone Kubernetes HA documentation prescribes: every JobManager (standbys
/// included) must be reachable at its own address, and TaskManagers find the leader through
/// the HA ConfigMaps.
pub fn component<'a>(ctx: &Context<'a>) -> pod::Component<'a> {
    let jm = ctx.spec.job_manager();
    let mut args = vec!["jobmanager".to_owned()];
    let mut extra_env = Vec::new();
    if ctx.ha.is_some() {
        extra_env.push(pod_ip_env());
        args.push(POD_IP_ARG.to_owned());
    }
    let p = jm.port_numbers();
    let mut ports = vec![
        pod::port("rpc", p.rpc),
        pod::port("blob", p.blob),
        pod::port("query", p.query),
        pod::port("ui", p.ui),
    ];
    ports.extend(jm.extra_ports.iter().flatten().map(pod::extra_port));
    pod::Component {
        container_name: names::JOB_MANAGER_CONTAINER,
        args,
        extra_env,
        ports,
        liveness_probe: jm.liveness_probe.as_ref(),
        readiness_probe: jm.readiness_probe.as_ref(),
        resources: jm.resources.as_ref(),
        volume_mounts: jm.volume_mounts.as_ref(),
        init_containers: jm.init_containers.as_ref(),
        volumes: jm.volumes.as_ref(),
        affinity: jm.affinity.as_ref(),
        node_selector: jm.node_selector.as_ref(),
        tolerations: jm.tolerations.as_ref(),
        security_context: jm.security_context.as_ref(),
        host_aliases: jm.host_aliases.as_ref(),
        sidecars: jm.sidecars.as_ref(),
    }
}

/// The JobManager container (session and job clusters; application mode replaces the args).
pub fn container(ctx: &Context<'_>) -> Container {
    pod::main_container(ctx, &component(ctx))
}

/// The JobManager pod around `main`.
pub fn pod_spec(ctx: &Context<'_>, main: Container) -> PodSpec {
    pod::component_pod_spec(ctx, &component(ctx), main)
}

/// Claim templates with their owner reference replaced by the FlinkCluster's.
pub fn claim_templates(
    ctx: &Context<'_>,
    templates: Option<&Vec<PersistentVolumeClaim>>,
) -> Option<Vec<PersistentVolumeClaim>> {
    templates.map(|templates| {
        templates
            .iter()
            .map(|claim| {
                let mut claim = claim.clone();
                claim.metadata.owner_references = ctx.owner_references(false);
                claim
            })
            .collect()
    })
}

/// The JobManager StatefulSet `<name>-jobmanager`.
pub fn statefulset(ctx: &Context<'_>) -> StatefulSet {
    let jm = ctx.spec.job_manager();
    let pod_labels = pod_labels(ctx);
    let object_labels = labels::merge(&pod_labels, Some(&labels::revision(&ctx.revision_name)));
    StatefulSet {
        metadata: ctx.metadata(names::job_manager(ctx.name), object_labels),
        spec: StatefulSetSpec {
            replicas: Some(jm.replica_count()),
            selector: LabelSelector {
                match_labels: Some(pod_labels.clone()),
                ..LabelSelector::default()
            },
            service_name: Some(names::job_manager(ctx.name)),
            volume_claim_templates: claim_templates(ctx, jm.volume_claim_templates.as_ref()),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(pod_labels),
                    annotations: jm.pod_annotations.clone(),
                    ..ObjectMeta::default()
                }),
                spec: Some(pod_spec(ctx, container(ctx))),
            },
            ..StatefulSetSpec::default()
        },
        ..StatefulSet::default()
    }
}

fn service_port(name: &str, number: i32) -> ServicePort {
    ServicePort {
        name: Some(name.to_owned()),
        port: number,
        target_port: Some(IntOrString::String(name.to_owned())),
        ..ServicePort::default()
    }
}

/// The JobManager Service `<name>-jobmanager`, typed by `accessScope`.
pub fn service(ctx: &Context<'_>) -> Service {
    let jm = ctx.spec.job_manager();
    let p = jm.port_numbers();
    let selector = labels::component(ctx.name, "jobmanager");
    let object_labels = labels::merge(
        &labels::merge(&selector, Some(&labels::revision(&ctx.revision_name))),
        jm.service_labels.as_ref(),
    );
    let mut metadata = ctx.metadata(names::job_manager(ctx.name), object_labels);
    let mut annotations = jm.service_annotations.clone();
    let (service_type, cluster_ip) = match jm.scope() {
        AccessScope::Cluster => ("ClusterIP", None),
        AccessScope::Vpc => {
            let map = annotations.get_or_insert_with(Default::default);
            for (key, value) in VPC_ANNOTATIONS {
                map.insert(key.to_owned(), value.to_owned());
            }
            ("LoadBalancer", None)
        }
        AccessScope::External => ("LoadBalancer", None),
        AccessScope::NodePort => ("NodePort", None),
        AccessScope::Headless => ("ClusterIP", Some("None".to_owned())),
    };
    metadata.annotations = annotations;
    Service {
        metadata,
        spec: Some(ServiceSpec {
            type_: Some(service_type.to_owned()),
            cluster_ip,
            selector: Some(selector),
            ports: Some(vec![
                service_port("rpc", p.rpc),
                service_port("blob", p.blob),
                service_port("query", p.query),
                service_port("ui", p.ui),
            ]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }
}

/// The Ingress `<name>-jobmanager` to the web UI, when `jobManager.ingress` is set.
pub fn ingress(ctx: &Context<'_>) -> Option<Ingress> {
    let spec = ctx.spec.job_manager().ingress.as_ref()?;
    let object_labels = labels::merge(
        &labels::component(ctx.name, "jobmanager"),
        Some(&labels::revision(&ctx.revision_name)),
    );
    let mut metadata = ctx.metadata(names::job_manager(ctx.name), object_labels);
    metadata.annotations = spec.annotations.clone();
    let route = crate::object::ingress::IngressRoute {
        path: Some("/".to_owned()),
        path_type: "Prefix",
        service: names::job_manager(ctx.name),
        port: ServiceBackendPort {
            name: Some("ui".to_owned()),
            ..ServiceBackendPort::default()
        },
    };
    Some(Ingress {
        metadata,
        spec: Some(crate::object::ingress::spec(spec, ctx.name, route)),
        ..Ingress::default()
    })
}
