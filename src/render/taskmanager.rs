//! The TaskManagers: container and pod, StatefulSet or Deployment, and headless Service.

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, StatefulSet, StatefulSetSpec};
use k8s_openapi::api::core::v1::{
    Container, EphemeralVolumeSource, PersistentVolumeClaimTemplate, PodSpec, PodTemplateSpec,
    Service, ServicePort, ServiceSpec, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::{Context, barrier, jobmanager, pod};
use crate::model::{
    labels::{self, Labels},
    names,
};

/// Labels of the TaskManager pods (also the workload selector).
pub fn pod_labels(ctx: &Context<'_>) -> Labels {
    labels::merge(
        &labels::component(ctx.name, "taskmanager"),
        ctx.spec.task_manager().pod_labels.as_ref(),
    )
}

/// The TaskManager pod's parts.
pub fn component<'a>(ctx: &Context<'a>) -> pod::Component<'a> {
    let tm = ctx.spec.task_manager();
    let p = tm.port_numbers();
    let mut ports = vec![
        pod::port("data", p.data),
        pod::port("rpc", p.rpc),
        pod::port("query", p.query),
    ];
    ports.extend(tm.extra_ports.iter().flatten().map(pod::extra_port));
    pod::Component {
        container_name: names::TASK_MANAGER_CONTAINER,
        args: vec!["taskmanager".to_owned()],
        extra_env: Vec::new(),
        ports,
        liveness_probe: tm.liveness_probe.as_ref(),
        readiness_probe: tm.readiness_probe.as_ref(),
        resources: tm.resources.as_ref(),
        volume_mounts: tm.volume_mounts.as_ref(),
        init_containers: tm.init_containers.as_ref(),
        volumes: tm.volumes.as_ref(),
        affinity: tm.affinity.as_ref(),
        node_selector: tm.node_selector.as_ref(),
        tolerations: tm.tolerations.as_ref(),
        security_context: tm.security_context.as_ref(),
        host_aliases: tm.host_aliases.as_ref(),
        sidecars: tm.sidecars.as_ref(),
    }
}

/// The TaskManager container.
pub fn container(ctx: &Context<'_>) -> Container {
    pod::main_container(ctx, &component(ctx))
}

/// The TaskManager pod.
pub fn pod_spec(ctx: &Context<'_>) -> PodSpec {
    let component = component(ctx);
    let mut spec = pod::component_pod_spec(ctx, &component, pod::main_container(ctx, &component));
    barrier::add(ctx, &mut spec, &barrier::task_manager_waits(ctx));
    spec
}

fn template(ctx: &Context<'_>, pod_labels: &Labels, spec: PodSpec) -> PodTemplateSpec {
    PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(pod_labels.clone()),
            annotations: ctx.spec.task_manager().pod_annotations.clone(),
            ..ObjectMeta::default()
        }),
        spec: Some(spec),
    }
}

fn selector(pod_labels: &Labels) -> LabelSelector {
    LabelSelector {
        match_labels: Some(pod_labels.clone()),
        ..LabelSelector::default()
    }
}

/// The TaskManager StatefulSet `<name>-taskmanager` (pods started in parallel).
pub fn statefulset(ctx: &Context<'_>) -> StatefulSet {
    let tm = ctx.spec.task_manager();
    let pod_labels = pod_labels(ctx);
    let object_labels = labels::merge(&pod_labels, Some(&labels::revision(&ctx.revision_name)));
    StatefulSet {
        metadata: ctx.metadata(names::task_manager(ctx.name), object_labels),
        spec: StatefulSetSpec {
            replicas: Some(tm.replica_count()),
            selector: selector(&pod_labels),
            service_name: Some(names::task_manager(ctx.name)),
            pod_management_policy: Some("Parallel".to_owned()),
            volume_claim_templates: jobmanager::claim_templates(
                ctx,
                tm.volume_claim_templates.as_ref(),
            ),
            template: template(ctx, &pod_labels, pod_spec(ctx)),
            ..StatefulSetSpec::default()
        },
        ..StatefulSet::default()
    }
}

/// The TaskManager Deployment `<name>-taskmanager`; claim templates become ephemeral volumes.
pub fn deployment(ctx: &Context<'_>) -> Deployment {
    let tm = ctx.spec.task_manager();
    let pod_labels = pod_labels(ctx);
    let object_labels = labels::merge(&pod_labels, Some(&labels::revision(&ctx.revision_name)));
    let mut spec = pod_spec(ctx);
    for claim in tm.volume_claim_templates.iter().flatten() {
        spec.volumes.get_or_insert_with(Vec::new).push(Volume {
            name: claim.metadata.name.clone().unwrap_or_default(),
            ephemeral: Some(EphemeralVolumeSource {
                volume_claim_template: Some(PersistentVolumeClaimTemplate {
                    metadata: Some(ObjectMeta {
                        labels: Some(pod_labels.clone()),
                        ..ObjectMeta::default()
                    }),
                    spec: claim.spec.clone().unwrap_or_default(),
                }),
            }),
            ..Volume::default()
        });
    }
    Deployment {
        metadata: ctx.metadata(names::task_manager(ctx.name), object_labels),
        spec: DeploymentSpec {
            replicas: Some(tm.replica_count()),
            selector: selector(&pod_labels),
            template: template(ctx, &pod_labels, spec),
            ..DeploymentSpec::default()
        },
        ..Deployment::default()
    }
}

/// The headless TaskManager Service `<name>-taskmanager`.
pub fn service(ctx: &Context<'_>) -> Service {
    let p = ctx.spec.task_manager().port_numbers();
    let selector = labels::component(ctx.name, "taskmanager");
    let object_labels = labels::merge(&selector, Some(&labels::revision(&ctx.revision_name)));
    let port = |name: &str, number: i32| ServicePort {
        name: Some(name.to_owned()),
        port: number,
        ..ServicePort::default()
    };
    Service {
        metadata: ctx.metadata(names::task_manager(ctx.name), object_labels),
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".to_owned()),
            cluster_ip: Some("None".to_owned()),
            selector: Some(selector),
            ports: Some(vec![
                port("data", p.data),
                port("rpc", p.rpc),
                port("query", p.query),
            ]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }
}
