//! What Flink's native Kubernetes client and ResourceManager are given, whatever resource it
//! comes from: a Flink configuration and the JobManager's and TaskManagers' pod templates, plus
//! what a deployer puts around Flink's objects (log files in the configuration directory, an
//! Ingress, a PodDisruptionBudget, the RBAC the JobManager needs).
//!
//! Flink's `KubernetesJobManagerFactory` and `KubernetesTaskManagerFactory` build every object
//! from a configuration and pod templates; the native target ([`crate::native`]) does the same
//! from a [`NativeCluster`], and reads nothing else. A FlinkCluster's model makes one
//! ([`super::flink_cluster`]); a FlinkDeployment in native mode is meant to make one too.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, PodSpec};
use k8s_openapi::api::networking::v1::IngressSpec;
use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

use super::config::NativeConfiguration;
use super::features::Features;
use crate::ha::KubernetesHa;
use crate::memory::{JobManagerMemory, TaskManagerMemory};
use crate::model::labels::Labels;

/// A pod template split as `loadPodFromTemplateFile` splits it: the pod (its containers are
/// the sidecars) and the main container.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlinkPod {
    /// Pod metadata.
    pub metadata: ObjectMeta,
    /// Pod spec without the main container.
    pub spec: PodSpec,
    /// The main container.
    pub main: Container,
}

/// How the TaskManager pod template file (in `pod-template-<id>`) is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFile {
    /// A Pod named `taskmanager-pod-template` (a valid Pod of its own, as in Flink's docs).
    Pod,
    /// A PodTemplateSpec (`metadata` and `spec`), as the Apache operator writes its files.
    TemplateSpec,
}

/// The Ingress a deployer puts in front of the rest Service.
#[derive(Clone, Debug, PartialEq)]
pub struct IngressPlan {
    /// Its labels.
    pub labels: Labels,
    /// Its annotations.
    pub annotations: Option<Labels>,
    /// Its owners.
    pub owner_references: Option<Vec<OwnerReference>>,
    /// Its spec.
    pub spec: IngressSpec,
}

/// The RBAC flink-render renders for the JobManager (FlinkClusters only: the Apache operator's
/// Helm chart creates the account and Role of FlinkDeployments).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rbac {
    /// The Role's and RoleBinding's name.
    pub role: String,
    /// The service account flink-render creates when a component runs under it (none when
    /// the user names their own).
    pub service_account: Option<String>,
}

/// Everything the native target renders from.
#[derive(Clone, Debug, PartialEq)]
pub struct NativeCluster {
    /// `kubernetes.cluster-id`.
    pub id: String,
    /// The namespace of the objects.
    pub namespace: Option<String>,
    /// The features of the Flink client that builds the JobManager objects.
    pub features: Features,
    /// The features of the Flink that creates the TaskManager pods (the JobManager's).
    pub task_manager_features: Features,
    /// The configuration file's name in `flink-config-<id>`.
    pub config_file: &'static str,
    /// The Flink configuration.
    pub config: NativeConfiguration,
    /// The configuration file's text.
    pub config_text: String,
    /// The image when the configuration names none: the client's default.
    pub default_image: String,
    /// The log configuration files of the configuration directory, by file name.
    pub log_files: BTreeMap<String, String>,
    /// Kubernetes HA, when on (its ConfigMap verbs go into the Role).
    pub ha: Option<KubernetesHa>,
    /// Whether the internal Service `<id>` exists (not with HA).
    pub internal_service: bool,
    /// The JobManager's pod template.
    pub job_manager_template: FlinkPod,
    /// The TaskManagers' pod template, when there is one (then `pod-template-<id>` exists).
    pub task_manager_template: Option<FlinkPod>,
    /// How the TaskManager template file is written.
    pub template_file: TemplateFile,
    /// Labels the rest Service gets besides Flink's.
    pub rest_service_labels: Labels,
    /// The JobManager's memory per the client's memory model.
    pub job_manager: Option<JobManagerMemory>,
    /// The TaskManagers' memory per their Flink's memory model.
    pub task_manager: Option<TaskManagerMemory>,
    /// The Ingress to the rest Service, when asked for.
    pub ingress: Option<IngressPlan>,
    /// A PodDisruptionBudget over the cluster's pods (selector included), when asked for.
    pub budget: Option<PodDisruptionBudgetSpec>,
    /// The RBAC flink-render renders, when it does.
    pub rbac: Option<Rbac>,
    /// Whether the TaskManager pod template gets the restricted-level securityContext
    /// (`--harden`; the rendered objects get it after rendering).
    pub harden: bool,
}
