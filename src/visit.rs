//! Walks over the Kubernetes objects embedded in a spec: containers, volumes, claim templates
//! and every resource quantity, each with its field path; and over the quantities of rendered
//! objects.
//!
//! Defaulting (CRD defaults inside embedded types, quantity canonicalization), validation
//! (quantity syntax, names) and the diff (quantities compared by value) all need "every
//! container" or "every quantity"; the list of where those live is kept here once.

use k8s_openapi::api::autoscaling::v2::{MetricSpec, MetricTarget};
use k8s_openapi::api::core::v1::{
    Container, EnvVar, PersistentVolumeClaimSpec, PodSpec, ResourceRequirements, Volume,
    VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::object::Object;
use crate::path::FieldPath;
use crate::spec::FlinkClusterSpec;

fn each_item<T>(
    items: &mut Option<Vec<T>>,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut T),
) {
    for (i, item) in items.iter_mut().flatten().enumerate() {
        f(path.index(i), item);
    }
}

/// Calls `f` for every init container and sidecar of the JobManager, TaskManager and job.
pub fn containers_mut(spec: &mut FlinkClusterSpec, mut f: impl FnMut(FieldPath, &mut Container)) {
    let spec_path = FieldPath::fields("spec");
    if let Some(jm) = spec.job_manager.as_mut() {
        let p = spec_path.field("jobManager");
        each_item(&mut jm.init_containers, p.field("initContainers"), &mut f);
        each_item(&mut jm.sidecars, p.field("sidecars"), &mut f);
    }
    if let Some(tm) = spec.task_manager.as_mut() {
        let p = spec_path.field("taskManager");
        each_item(&mut tm.init_containers, p.field("initContainers"), &mut f);
        each_item(&mut tm.sidecars, p.field("sidecars"), &mut f);
    }
    if let Some(job) = spec.job.as_mut() {
        each_item(
            &mut job.init_containers,
            spec_path.field("job").field("initContainers"),
            &mut f,
        );
    }
}

/// Calls `f` for every pod volume of the JobManager, TaskManager and job.
pub fn volumes_mut(spec: &mut FlinkClusterSpec, mut f: impl FnMut(FieldPath, &mut Volume)) {
    let spec_path = FieldPath::fields("spec");
    if let Some(jm) = spec.job_manager.as_mut() {
        each_item(
            &mut jm.volumes,
            spec_path.field("jobManager").field("volumes"),
            &mut f,
        );
    }
    if let Some(tm) = spec.task_manager.as_mut() {
        each_item(
            &mut tm.volumes,
            spec_path.field("taskManager").field("volumes"),
            &mut f,
        );
    }
    if let Some(job) = spec.job.as_mut() {
        each_item(
            &mut job.volumes,
            spec_path.field("job").field("volumes"),
            &mut f,
        );
    }
}

/// Calls `f` for every environment variable: `spec.envVars` and those of embedded containers.
pub fn env_vars_mut(spec: &mut FlinkClusterSpec, mut f: impl FnMut(FieldPath, &mut EnvVar)) {
    each_item(
        &mut spec.env_vars,
        FieldPath::fields("spec.envVars"),
        &mut f,
    );
    containers_mut(spec, |path, container| {
        each_item(&mut container.env, path.field("env"), &mut f);
    });
}

fn resource_map(
    map: &mut Option<std::collections::BTreeMap<String, Quantity>>,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    for (name, quantity) in map.iter_mut().flatten() {
        f(path.key(name.clone()), quantity);
    }
}

fn requirements(
    resources: &mut Option<ResourceRequirements>,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    if let Some(r) = resources.as_mut() {
        resource_map(&mut r.limits, path.field("limits"), f);
        resource_map(&mut r.requests, path.field("requests"), f);
    }
}

fn volume_requirements(
    resources: &mut Option<VolumeResourceRequirements>,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    if let Some(r) = resources.as_mut() {
        resource_map(&mut r.limits, path.field("limits"), f);
        resource_map(&mut r.requests, path.field("requests"), f);
    }
}

fn claim_spec(
    spec: &mut Option<PersistentVolumeClaimSpec>,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    if let Some(s) = spec.as_mut() {
        volume_requirements(&mut s.resources, path.field("resources"), f);
    }
}

fn container_quantities(
    container: &mut Container,
    path: &FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    requirements(&mut container.resources, path.field("resources"), f);
}

fn env_quantities(
    env: &mut EnvVar,
    path: &FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    let divisor = env
        .value_from
        .as_mut()
        .and_then(|v| v.resource_field_ref.as_mut())
        .and_then(|r| r.divisor.as_mut());
    if let Some(divisor) = divisor {
        f(
            path.field("valueFrom")
                .field("resourceFieldRef")
                .field("divisor"),
            divisor,
        );
    }
}

fn volume_quantities(
    volume: &mut Volume,
    path: &FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    if let Some(size) = volume
        .empty_dir
        .as_mut()
        .and_then(|e| e.size_limit.as_mut())
    {
        f(path.field("emptyDir").field("sizeLimit"), size);
    }
    if let Some(template) = volume
        .ephemeral
        .as_mut()
        .and_then(|e| e.volume_claim_template.as_mut())
    {
        let p = path
            .field("ephemeral")
            .field("volumeClaimTemplate")
            .field("spec");
        if let Some(r) = template.spec.resources.as_mut() {
            resource_map(&mut r.limits, p.field("resources").field("limits"), f);
            resource_map(&mut r.requests, p.field("resources").field("requests"), f);
        }
    }
    if let Some(downward) = volume.downward_api.as_mut() {
        for (i, item) in downward.items.iter_mut().flatten().enumerate() {
            if let Some(divisor) = item
                .resource_field_ref
                .as_mut()
                .and_then(|r| r.divisor.as_mut())
            {
                f(
                    path.field("downwardAPI")
                        .field("items")
                        .index(i)
                        .field("resourceFieldRef")
                        .field("divisor"),
                    divisor,
                );
            }
        }
    }
    if let Some(projected) = volume.projected.as_mut() {
        for (s, source) in projected.sources.iter_mut().flatten().enumerate() {
            let items = source.downward_api.as_mut().and_then(|d| d.items.as_mut());
            for (i, item) in items.into_iter().flatten().enumerate() {
                if let Some(divisor) = item
                    .resource_field_ref
                    .as_mut()
                    .and_then(|r| r.divisor.as_mut())
                {
                    f(
                        path.field("projected")
                            .field("sources")
                            .index(s)
                            .field("downwardAPI")
                            .field("items")
                            .index(i)
                            .field("resourceFieldRef")
                            .field("divisor"),
                        divisor,
                    );
                }
            }
        }
    }
}

fn metric_target(
    target: &mut MetricTarget,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    if let Some(v) = target.average_value.as_mut() {
        f(path.field("averageValue"), v);
    }
    if let Some(v) = target.value.as_mut() {
        f(path.field("value"), v);
    }
}

fn metric_quantities(
    metric: &mut MetricSpec,
    path: &FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    if let Some(m) = metric.resource.as_mut() {
        metric_target(&mut m.target, path.field("resource").field("target"), f);
    }
    if let Some(m) = metric.container_resource.as_mut() {
        metric_target(
            &mut m.target,
            path.field("containerResource").field("target"),
            f,
        );
    }
    if let Some(m) = metric.pods.as_mut() {
        metric_target(&mut m.target, path.field("pods").field("target"), f);
    }
    if let Some(m) = metric.object.as_mut() {
        metric_target(&mut m.target, path.field("object").field("target"), f);
    }
    if let Some(m) = metric.external.as_mut() {
        metric_target(&mut m.target, path.field("external").field("target"), f);
    }
}

/// Calls `f` for every resource quantity in the spec.
pub fn quantities_mut(spec: &mut FlinkClusterSpec, mut f: impl FnMut(FieldPath, &mut Quantity)) {
    let f = &mut f;
    let spec_path = FieldPath::fields("spec");
    if let Some(jm) = spec.job_manager.as_mut() {
        let p = spec_path.field("jobManager");
        requirements(&mut jm.resources, p.field("resources"), f);
        if let Some(q) = jm.memory_off_heap_min.as_mut() {
            f(p.field("memoryOffHeapMin"), q);
        }
        for (i, pvc) in jm.volume_claim_templates.iter_mut().flatten().enumerate() {
            claim_spec(
                &mut pvc.spec,
                p.field("volumeClaimTemplates").index(i).field("spec"),
                f,
            );
        }
    }
    if let Some(tm) = spec.task_manager.as_mut() {
        let p = spec_path.field("taskManager");
        requirements(&mut tm.resources, p.field("resources"), f);
        if let Some(q) = tm.memory_off_heap_min.as_mut() {
            f(p.field("memoryOffHeapMin"), q);
        }
        for (i, pvc) in tm.volume_claim_templates.iter_mut().flatten().enumerate() {
            claim_spec(
                &mut pvc.spec,
                p.field("volumeClaimTemplates").index(i).field("spec"),
                f,
            );
        }
        let hpa_metrics = tm
            .horizontal_pod_autoscaler
            .as_mut()
            .and_then(|h| h.metrics.as_mut());
        for (i, metric) in hpa_metrics.into_iter().flatten().enumerate() {
            metric_quantities(
                metric,
                &p.field("horizontalPodAutoscaler").field("metrics").index(i),
                f,
            );
        }
    }
    if let Some(job) = spec.job.as_mut() {
        requirements(
            &mut job.resources,
            spec_path.field("job").field("resources"),
            f,
        );
    }
    containers_mut(spec, |path, container| {
        container_quantities(container, &path, f)
    });
    env_vars_mut(spec, |path, env| env_quantities(env, &path, f));
    volumes_mut(spec, |path, volume| volume_quantities(volume, &path, f));
}

fn pod_quantities(
    pod: &mut PodSpec,
    path: FieldPath,
    f: &mut impl FnMut(FieldPath, &mut Quantity),
) {
    let init = pod.init_containers.iter_mut().flatten().enumerate();
    let init = init.map(|(i, c)| (path.field("initContainers").index(i), c));
    let main = pod.containers.iter_mut().enumerate();
    let main = main.map(|(i, c)| (path.field("containers").index(i), c));
    for (p, container) in init.chain(main) {
        container_quantities(container, &p, f);
        for (e, env) in container.env.iter_mut().flatten().enumerate() {
            env_quantities(env, &p.field("env").index(e), f);
        }
    }
    for (i, volume) in pod.volumes.iter_mut().flatten().enumerate() {
        volume_quantities(volume, &path.field("volumes").index(i), f);
    }
    resource_map(&mut pod.overhead, path.field("overhead"), f);
    requirements(&mut pod.resources, path.field("resources"), f);
}

/// Calls `f` for every resource quantity of a rendered object (containers and init containers
/// with their environment, volumes, pod overhead and resources, claim templates, autoscaler
/// targets, PodGroup minimum resources), with its path from the object's root.
pub fn object_quantities_mut(object: &mut Object, mut f: impl FnMut(FieldPath, &mut Quantity)) {
    let f = &mut f;
    let spec = FieldPath::fields("spec");
    match object {
        Object::StatefulSet(set) => {
            let s = &mut set.spec;
            if let Some(pod) = s.template.spec.as_mut() {
                pod_quantities(pod, spec.field("template").field("spec"), f);
            }
            for (i, claim) in s.volume_claim_templates.iter_mut().flatten().enumerate() {
                claim_spec(
                    &mut claim.spec,
                    spec.field("volumeClaimTemplates").index(i).field("spec"),
                    f,
                );
            }
        }
        Object::Deployment(deployment) => {
            if let Some(pod) = deployment.spec.template.spec.as_mut() {
                pod_quantities(pod, spec.field("template").field("spec"), f);
            }
        }
        Object::Job(job) => {
            let pod = job.spec.as_mut().and_then(|s| s.template.spec.as_mut());
            if let Some(pod) = pod {
                pod_quantities(pod, spec.field("template").field("spec"), f);
            }
        }
        Object::HorizontalPodAutoscaler(hpa) => {
            let metrics = hpa.spec.metrics.as_mut();
            for (i, metric) in metrics.into_iter().flatten().enumerate() {
                metric_quantities(metric, &spec.field("metrics").index(i), f);
            }
        }
        Object::PodGroup(group) => {
            for (name, quantity) in group.spec.min_resources.iter_mut() {
                f(spec.field("minResources").key(name.clone()), quantity);
            }
        }
        Object::ConfigMap(_)
        | Object::ControllerRevision(_)
        | Object::Ingress(_)
        | Object::PodDisruptionBudget(_)
        | Object::Role(_)
        | Object::RoleBinding(_)
        | Object::Service(_)
        | Object::ServiceAccount(_) => {}
    }
}
