//! Gang scheduling with Volcano (`spec.batchScheduler.name: volcano`).
//!
//! The operator creates a PodGroup `flink-<name>` whose `minMember` is every pod the cluster
//! needs at once and whose `minResources` is what those pods ask for, and puts every pod
//! template into that group.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{PodSpec, PodTemplateSpec, ResourceRequirements};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub use crate::object::podgroup::{PodGroup, PodGroupSpec};

use super::Desired;
use crate::quantity::Quantity;

/// The scheduler name pods get.
pub const SCHEDULER_NAME: &str = crate::spec::VOLCANO;
/// Annotation that puts a pod into a PodGroup.
pub const GROUP_NAME_ANNOTATION: &str = "scheduling.k8s.io/group-name";

/// Running sums of resources by name, in the operator's order of addition.
#[derive(Default)]
struct Totals(BTreeMap<String, Quantity>);

impl Totals {
    fn add(&mut self, name: &str, quantity: &Quantity) {
        let sum = match self.0.get(name) {
            Some(total) => total.checked_add(quantity).unwrap_or_else(|| total.clone()),
            None => quantity.clone(),
        };
        self.0.insert(name.to_owned(), sum);
    }

    fn add_all(&mut self, other: &Totals) {
        for (name, quantity) in &other.0 {
            self.add(name, quantity);
        }
    }
}

fn parse(quantity: Option<&K8sQuantity>) -> Option<Quantity> {
    quantity.and_then(|q| Quantity::parse_trimmed(&q.0).ok())
}

fn zero() -> Quantity {
    Quantity::from_decimal_si(0, 0)
}

/// A container's share, as `UpperBoundedResourceList`: cpu and memory always (limit if
/// non-zero, else request, else zero), storage and ephemeral storage from requests when set.
fn container_totals(resources: Option<&ResourceRequirements>) -> Totals {
    let limit = |name: &str| {
        parse(
            resources
                .and_then(|r| r.limits.as_ref())
                .and_then(|m| m.get(name)),
        )
    };
    let request = |name: &str| {
        parse(
            resources
                .and_then(|r| r.requests.as_ref())
                .and_then(|m| m.get(name)),
        )
    };
    let mut totals = Totals::default();
    for name in ["cpu", "memory"] {
        let value = limit(name)
            .filter(|q| !q.is_zero())
            .or_else(|| request(name))
            .unwrap_or_else(zero);
        totals.add(name, &value);
    }
    for name in ["storage", "ephemeral-storage"] {
        if let Some(value) = request(name).filter(|q| !q.is_zero()) {
            totals.add(name, &value);
        }
    }
    totals
}

fn pod_totals(spec: Option<&PodSpec>) -> Totals {
    let mut totals = Totals::default();
    let Some(spec) = spec else { return totals };
    for container in spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
    {
        totals.add_all(&container_totals(container.resources.as_ref()));
    }
    totals
}

fn claim_requests(requests: Option<&BTreeMap<String, K8sQuantity>>) -> Totals {
    let mut totals = Totals::default();
    for (name, quantity) in requests.into_iter().flatten() {
        if let Some(q) = parse(Some(quantity)) {
            totals.add(name, &q);
        }
    }
    totals
}

/// `minMember` and summed resources of the desired pods.
fn cluster_totals(desired: &Desired) -> (i32, Totals) {
    let mut totals = Totals::default();
    let mut members = 0;
    let mut per_replica = |replicas: i32, pod: &Totals, claims: &Totals| {
        members += replicas;
        for _ in 0..replicas.max(0) {
            totals.add_all(pod);
            totals.add_all(claims);
        }
    };
    for statefulset in desired
        .jm_statefulset
        .iter()
        .chain(desired.tm_statefulset.iter())
    {
        let spec = &statefulset.spec;
        let pod = pod_totals(spec.template.spec.as_ref());
        let mut claims = Totals::default();
        for claim in spec.volume_claim_templates.iter().flatten() {
            let requests = claim
                .spec
                .as_ref()
                .and_then(|s| s.resources.as_ref())
                .and_then(|r| r.requests.as_ref());
            claims.add_all(&claim_requests(requests));
        }
        per_replica(spec.replicas.unwrap_or(1), &pod, &claims);
    }
    if desired.tm_statefulset.is_none()
        && let Some(spec) = desired.tm_deployment.as_ref().map(|d| &d.spec)
    {
        let pod_spec = spec.template.spec.as_ref();
        let pod = pod_totals(pod_spec);
        let mut claims = Totals::default();
        for volume in pod_spec
            .and_then(|p| p.volumes.as_ref())
            .into_iter()
            .flatten()
        {
            let requests = volume
                .ephemeral
                .as_ref()
                .and_then(|e| e.volume_claim_template.as_ref())
                .and_then(|t| t.spec.resources.as_ref())
                .and_then(|r| r.requests.as_ref());
            claims.add_all(&claim_requests(requests));
        }
        per_replica(spec.replicas.unwrap_or(1), &pod, &claims);
    }
    if let Some(job) = &desired.job {
        let pod_spec = job.spec.as_ref().and_then(|s| s.template.spec.as_ref());
        per_replica(1, &pod_totals(pod_spec), &Totals::default());
    }
    (members, totals)
}

/// The PodGroup for `desired`, or `None` when neither JobManager nor TaskManager is rendered.
pub fn pod_group(
    desired: &Desired,
    metadata: ObjectMeta,
    queue: Option<&str>,
    priority_class_name: Option<&str>,
) -> Option<PodGroup> {
    let tm_rendered = desired.tm_statefulset.is_some() || desired.tm_deployment.is_some();
    if desired.jm_statefulset.is_none() && !tm_rendered {
        return None;
    }
    let (min_member, totals) = cluster_totals(desired);
    let mut min_resources = BTreeMap::new();
    for (name, quantity) in totals.0 {
        let text = K8sQuantity(quantity.to_string());
        min_resources.insert(format!("requests.{name}"), text.clone());
        min_resources.insert(format!("limits.{name}"), text.clone());
        min_resources.insert(name, text);
    }
    Some(PodGroup {
        metadata,
        spec: PodGroupSpec {
            min_member,
            min_resources,
            queue: queue.unwrap_or_default().to_owned(),
            priority_class_name: priority_class_name.unwrap_or_default().to_owned(),
        },
    })
}

/// Puts a pod template into the group: scheduler, priority class and group annotation.
pub fn join_group(template: &mut PodTemplateSpec, group: &PodGroup) {
    let spec = template.spec.get_or_insert_with(Default::default);
    spec.scheduler_name = Some(SCHEDULER_NAME.to_owned());
    spec.priority_class_name =
        Some(group.spec.priority_class_name.clone()).filter(|p| !p.is_empty());
    let metadata = template.metadata.get_or_insert_with(Default::default);
    metadata
        .annotations
        .get_or_insert_with(BTreeMap::new)
        .insert(GROUP_NAME_ANNOTATION.to_owned(), metadata_name(group));
}

fn metadata_name(group: &PodGroup) -> String {
    group.metadata.name.clone().unwrap_or_default()
}
