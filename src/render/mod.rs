//! Render stage: a valid FlinkCluster becomes the objects the operator would create.
//!
//! One module per Flink component ([`configmap`], [`jobmanager`], [`taskmanager`], [`job`]),
//! plus the pieces they share ([`pod`], [`labels`], [`names`]) and the optional extras
//! ([`pdb`], [`hpa`], [`volcano`], [`revision`]). [`Desired`] mirrors the operator's
//! `DesiredClusterState`; [`render`] fills it and returns the objects in the operator's apply
//! order (the [`crate::order`] stage sorts them for output). Rendering cannot fail: everything
//! that could go wrong was refused by validation.

pub mod barrier;
pub mod configmap;
pub mod hpa;
pub mod job;
pub mod jobmanager;
pub mod pdb;
pub mod pod;
pub mod rbac;
pub mod revision;
pub mod taskmanager;
pub mod volcano;

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Service};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

use crate::model::{Model, Valid, labels, names};
use crate::object::Object;
use crate::options::Settings;
use crate::spec::{self, FlinkCluster, FlinkClusterSpec};

/// What is known about the cluster while its objects are built.
pub struct Context<'a> {
    /// The effective model (the Flink configuration, HA, ...).
    pub model: &'a Model,
    /// The defaulted, valid cluster.
    pub cluster: &'a FlinkCluster,
    /// Its spec.
    pub spec: &'a FlinkClusterSpec,
    /// `metadata.name`.
    pub name: &'a str,
    /// The options in effect.
    pub settings: &'a Settings,
    /// The revision hash, e.g. `7bc87c954f`.
    pub revision_hash: String,
    /// `<name>-<hash>`: the ControllerRevision name and the revision label value.
    pub revision_name: String,
    /// `<name>-<hash>-<number>`, the operator's `status.revision.nextRevision`.
    pub next_revision: String,
    /// The revision data (the hashed patch) as the API server holds it; the ControllerRevision
    /// takes it.
    pub revision_data: serde_json::Value,
    /// Flink's Kubernetes HA services, when the cluster turns them on.
    pub ha: Option<crate::ha::KubernetesHa>,
}

impl<'a> Context<'a> {
    /// What is known about `valid` while its objects are built.
    pub fn new(valid: &'a Valid) -> Context<'a> {
        let cluster = valid.defaulted().cluster();
        let name = cluster.metadata.name.as_deref().unwrap_or_default();
        let (revision_patch, revision_data) = crate::revision::data_patch_decoded(&cluster.spec);
        let hash = crate::revision::hash(&revision_patch, 0);
        let revision_name = crate::revision::controller_revision_name(name, &hash);
        let next_revision = format!("{revision_name}-{}", valid.settings().revision);
        Context {
            model: valid.model(),
            cluster,
            spec: &cluster.spec,
            name,
            settings: valid.settings(),
            revision_hash: hash,
            revision_name,
            next_revision,
            revision_data,
            ha: valid.model().ha().cloned(),
        }
    }
}

impl Context<'_> {
    /// The reference every object carries to its FlinkCluster, when the uid is known.
    ///
    /// Without a uid none is written: Kubernetes garbage-collects an object whose owner does not
    /// exist, so a made-up uid would delete the rendered objects.
    pub fn owner_references(&self, block_owner_deletion: bool) -> Option<Vec<OwnerReference>> {
        let uid = self.settings.owner_uid.clone()?;
        Some(vec![OwnerReference {
            api_version: spec::API_VERSION.to_owned(),
            kind: spec::KIND.to_owned(),
            name: self.name.to_owned(),
            uid,
            controller: Some(true),
            block_owner_deletion: Some(block_owner_deletion),
        }])
    }

    /// Metadata of a rendered object: name, namespace, labels, owner.
    pub fn metadata(&self, name: String, labels: labels::Labels) -> ObjectMeta {
        ObjectMeta {
            name: Some(name),
            namespace: self.settings.namespace.clone(),
            labels: Some(labels),
            owner_references: self.owner_references(false),
            ..ObjectMeta::default()
        }
    }

    /// The cluster labels plus the revision label.
    pub fn cluster_labels(&self) -> labels::Labels {
        labels::merge(
            &labels::cluster(self.name),
            Some(&labels::revision(&self.revision_name)),
        )
    }
}

/// The objects of one cluster, by role (the operator's `DesiredClusterState`).
#[derive(Clone, Debug, Default)]
pub struct Desired {
    /// `<name>-configmap`.
    pub config_map: Option<ConfigMap>,
    /// `flink-<name>`, when `spec.podDisruptionBudget` is set.
    pub pdb: Option<PodDisruptionBudget>,
    /// `<name>-jobmanager`, except in application mode.
    pub jm_statefulset: Option<StatefulSet>,
    /// `<name>-jobmanager`.
    pub jm_service: Option<Service>,
    /// `<name>-jobmanager`, when `jobManager.ingress` is set.
    pub jm_ingress: Option<Ingress>,
    /// `<name>-taskmanager` as a StatefulSet.
    pub tm_statefulset: Option<StatefulSet>,
    /// `<name>-taskmanager` as a Deployment.
    pub tm_deployment: Option<Deployment>,
    /// `flink-<name>`, when `taskManager.horizontalPodAutoscaler` is set.
    pub hpa: Option<HorizontalPodAutoscaler>,
    /// `<name>-taskmanager` (headless).
    pub tm_service: Option<Service>,
    /// The job submitter, or the application-mode JobManager.
    pub job: Option<Job>,
}

/// Renders `valid` into its objects, in the operator's apply order: ControllerRevision,
/// PodGroup, then flink-render's ServiceAccount, Roles and RoleBindings, ConfigMap, PodDisruptionBudget, JobManager StatefulSet, Service, Ingress,
/// TaskManager workload, HorizontalPodAutoscaler, TaskManager Service, Job.
pub fn render(valid: &Valid) -> Vec<Object> {
    let mut ctx = Context::new(valid);

    let mut desired = Desired {
        config_map: Some(configmap::config_map(&ctx)),
        pdb: pdb::pod_disruption_budget(&ctx),
        jm_service: Some(jobmanager::service(&ctx)),
        jm_ingress: jobmanager::ingress(&ctx),
        tm_service: Some(taskmanager::service(&ctx)),
        hpa: hpa::horizontal_pod_autoscaler(&ctx),
        ..Desired::default()
    };
    if ctx.spec.is_application_mode() {
        desired.job = Some(job::application_job_manager(&ctx));
    } else {
        desired.jm_statefulset = Some(jobmanager::statefulset(&ctx));
        desired.job = job::submitter(&ctx);
    }
    match ctx.spec.task_manager().workload_kind() {
        spec::DeploymentType::StatefulSet => {
            desired.tm_statefulset = Some(taskmanager::statefulset(&ctx))
        }
        spec::DeploymentType::Deployment => {
            desired.tm_deployment = Some(taskmanager::deployment(&ctx))
        }
    }

    let pod_group = volcano_group(&ctx, &mut desired);

    let data = std::mem::take(&mut ctx.revision_data);
    let mut objects: Vec<Object> = vec![revision::controller_revision(&ctx, data).into()];
    objects.extend(pod_group.map(Object::from));
    objects.extend(rbac::objects(&ctx));
    objects.extend(desired.config_map.map(Object::from));
    objects.extend(desired.pdb.map(Object::from));
    objects.extend(desired.jm_statefulset.map(Object::from));
    objects.extend(desired.jm_service.map(Object::from));
    objects.extend(desired.jm_ingress.map(Object::from));
    objects.extend(desired.tm_statefulset.map(Object::from));
    objects.extend(desired.tm_deployment.map(Object::from));
    objects.extend(desired.hpa.map(Object::from));
    objects.extend(desired.tm_service.map(Object::from));
    objects.extend(desired.job.map(Object::from));
    objects
}

fn volcano_group(ctx: &Context<'_>, desired: &mut Desired) -> Option<volcano::PodGroup> {
    let scheduler = ctx
        .spec
        .batch_scheduler
        .as_ref()
        .filter(|s| s.name == volcano::SCHEDULER_NAME)?;
    let metadata = ObjectMeta {
        name: Some(names::flink_prefixed(ctx.name)),
        namespace: ctx.settings.namespace.clone(),
        owner_references: ctx.owner_references(false),
        ..ObjectMeta::default()
    };
    let group = volcano::pod_group(
        desired,
        metadata,
        scheduler.queue.as_deref(),
        scheduler.priority_class_name.as_deref(),
    )?;
    let templates = [
        desired
            .tm_statefulset
            .as_mut()
            .map(|s| &mut s.spec.template),
        desired.tm_deployment.as_mut().map(|d| &mut d.spec.template),
        desired
            .jm_statefulset
            .as_mut()
            .map(|s| &mut s.spec.template),
        desired
            .job
            .as_mut()
            .and_then(|j| j.spec.as_mut())
            .map(|s| &mut s.template),
    ];
    for template in templates.into_iter().flatten() {
        volcano::join_group(template, &group);
    }
    Some(group)
}
