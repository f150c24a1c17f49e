//! The Apache Flink Kubernetes Operator's resources (`flink.apache.org/v1beta1`):
//! `FlinkDeployment` and `FlinkSessionJob`, as plain serde types.
//!
//! Schema only, as [`crate::spec`] is for the FlinkCluster: data types, their JSON names and
//! the enumerations the CRDs declare. What the operator fills in when it reads a resource is in
//! [`crate::defaults::apache`], what it derives in [`crate::model::apache`], its validator in
//! [`crate::validate`]. Every optional field is an `Option`, so that a value left out can be told
//! apart from one set to the operator's default (the validator tells them apart too:
//! `taskManager.replicas` unset is not `taskManager.replicas: 0`).
//!
//! Embedded Kubernetes objects (the pod templates, the Ingress TLS entries) are the real
//! `k8s-openapi` types. The JSON Schemas printed by `flink-render schema --kind ...` are
//! generated from these types ([`deployment_json_schema`], [`session_job_json_schema`]) and
//! committed as `schema/flinkdeployment.schema.json` and `schema/flinksessionjob.schema.json`.

mod job;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::networking::v1::IngressTLS;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use job::{JobSpec, JobState, UpgradeMode};

/// API group of the resources.
pub const GROUP: &str = "flink.apache.org";
/// `apiVersion` of the resources.
pub const API_VERSION: &str = "flink.apache.org/v1beta1";
/// `kind` of a Flink cluster (session or application).
pub const DEPLOYMENT_KIND: &str = "FlinkDeployment";
/// `kind` of a job submitted to a session FlinkDeployment.
pub const SESSION_JOB_KIND: &str = "FlinkSessionJob";

/// A string-to-string map in a fixed (sorted) order.
pub type StringMap = BTreeMap<String, String>;

/// `spec.flinkConfiguration`: any YAML mapping, nested or flat (the CRD preserves unknown
/// fields); the operator flattens it into Flink configuration entries.
pub type FlinkConfiguration = serde_json::Map<String, serde_json::Value>;

/// A Flink cluster the Apache Flink Kubernetes Operator runs: an application cluster when
/// `spec.job` is set, a session cluster otherwise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "FlinkDeployment")]
pub struct FlinkDeployment {
    /// Always `flink.apache.org/v1beta1`.
    pub api_version: String,
    /// Always `FlinkDeployment`.
    pub kind: String,
    /// Name (the Flink cluster id), namespace, labels, annotations, generation and uid.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The desired cluster.
    #[serde(default)]
    pub spec: FlinkDeploymentSpec,
    /// Status written by the operator; accepted (so that `kubectl get -o yaml` output renders)
    /// and ignored: what the operator reads from a live cluster is an option instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
}

/// The desired state of a FlinkDeployment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlinkDeploymentSpec {
    /// The job of an application cluster; without it the cluster is a session cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobSpec>,
    /// A new value restarts the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_nonce: Option<i64>,
    /// Flink configuration; nested mappings are flattened with `.`, lists joined with `;`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_configuration: Option<FlinkConfiguration>,
    /// The image of every Flink container; Flink's default image when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// `Always`, `Never` or `IfNotPresent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<String>,
    /// The service account of the Flink pods (required by the operator's validator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    /// The Flink version of the image (required by the operator's validator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_version: Option<FlinkVersion>,
    /// An Ingress to the web UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<IngressSpec>,
    /// The base pod template of the JobManager and the TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<Pod>,
    /// The JobManager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_manager: Option<JobManagerSpec>,
    /// The TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_manager: Option<TaskManagerSpec>,
    /// Log configuration files (`log4j-console.properties`, `logback-console.xml`) replacing
    /// the operator's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<StringMap>,
    /// `native` (the default) or `standalone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<DeploymentMode>,
}

/// A job submitted to a running session FlinkDeployment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "FlinkSessionJob")]
pub struct FlinkSessionJob {
    /// Always `flink.apache.org/v1beta1`.
    pub api_version: String,
    /// Always `FlinkSessionJob`.
    pub kind: String,
    /// Name, namespace, labels, annotations.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The desired job.
    #[serde(default)]
    pub spec: FlinkSessionJobSpec,
    /// Status written by the operator; accepted and ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
}

/// The desired state of a FlinkSessionJob.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlinkSessionJobSpec {
    /// The name of the session FlinkDeployment (in the same namespace) the job runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_name: Option<String>,
    /// The job (required by the operator's validator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobSpec>,
    /// A new value restarts the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_nonce: Option<i64>,
    /// Flink configuration of the job, over the session cluster's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_configuration: Option<FlinkConfiguration>,
}

/// The JobManager.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobManagerSpec {
    /// CPU, memory and ephemeral storage of the JobManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// JobManager replicas (more than one needs HA); 1 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// The JobManager's pod template, merged over `spec.podTemplate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<Pod>,
}

/// The TaskManagers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskManagerSpec {
    /// CPU, memory and ephemeral storage of each TaskManager container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// TaskManager replicas; when unset, derived from the job's parallelism (standalone) or
    /// left to Flink (native).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// The TaskManagers' pod template, merged over `spec.podTemplate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<Pod>,
}

/// Resources of a Flink container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resource {
    /// CPUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<f64>,
    /// Memory: a Flink size (`2048m`, `2g`) or a Kubernetes quantity (`2Gi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// Ephemeral storage, a Kubernetes quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<String>,
}

/// The Ingress to the web UI.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressSpec {
    /// Host and path as a URL template: `{{name}}` and `{{namespace}}` are replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// `spec.ingressClassName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// Annotations of the Ingress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<StringMap>,
    /// Labels of the Ingress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<StringMap>,
    /// The TLS section of the Ingress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<Vec<IngressTLS>>,
}

/// How the cluster is deployed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DeploymentMode {
    /// Flink's native Kubernetes integration: the JobManager starts TaskManager pods itself.
    #[default]
    #[serde(rename = "native")]
    Native,
    /// A JobManager Deployment and a TaskManager Deployment of fixed size.
    #[serde(rename = "standalone")]
    Standalone,
}

impl DeploymentMode {
    /// The spelling in the resource.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentMode::Native => "native",
            DeploymentMode::Standalone => "standalone",
        }
    }
}

/// `spec.flinkVersion`: the Flink version of the image, as the operator's enumeration names it.
#[allow(non_camel_case_types)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum FlinkVersion {
    /// Flink 1.13 (refused by the operator).
    v1_13,
    /// Flink 1.14 (refused by the operator).
    v1_14,
    /// Flink 1.15.
    v1_15,
    /// Flink 1.16.
    v1_16,
    /// Flink 1.17.
    v1_17,
    /// Flink 1.18.
    v1_18,
    /// Flink 1.19.
    v1_19,
    /// Flink 1.20.
    v1_20,
    /// Flink 2.0.
    v2_0,
    /// Flink 2.1.
    v2_1,
    /// Flink 2.2.
    v2_2,
    /// Flink 2.3 (not in the CRD of the operator's 1.15.0 release).
    v2_3,
    /// Flink 2.4 (not in the CRD of the operator's 1.15.0 release).
    v2_4,
}

impl FlinkVersion {
    /// Every version, oldest first.
    pub const ALL: [FlinkVersion; 13] = [
        FlinkVersion::v1_13,
        FlinkVersion::v1_14,
        FlinkVersion::v1_15,
        FlinkVersion::v1_16,
        FlinkVersion::v1_17,
        FlinkVersion::v1_18,
        FlinkVersion::v1_19,
        FlinkVersion::v1_20,
        FlinkVersion::v2_0,
        FlinkVersion::v2_1,
        FlinkVersion::v2_2,
        FlinkVersion::v2_3,
        FlinkVersion::v2_4,
    ];

    /// The enumeration name, `v1_20`.
    pub fn name(self) -> &'static str {
        match self {
            FlinkVersion::v1_13 => "v1_13",
            FlinkVersion::v1_14 => "v1_14",
            FlinkVersion::v1_15 => "v1_15",
            FlinkVersion::v1_16 => "v1_16",
            FlinkVersion::v1_17 => "v1_17",
            FlinkVersion::v1_18 => "v1_18",
            FlinkVersion::v1_19 => "v1_19",
            FlinkVersion::v1_20 => "v1_20",
            FlinkVersion::v2_0 => "v2_0",
            FlinkVersion::v2_1 => "v2_1",
            FlinkVersion::v2_2 => "v2_2",
            FlinkVersion::v2_3 => "v2_3",
            FlinkVersion::v2_4 => "v2_4",
        }
    }

    /// Major and minor version.
    pub fn major_minor(self) -> (u64, u64) {
        let name = self.name();
        let (major, minor) = name
            .trim_start_matches('v')
            .split_once('_')
            .unwrap_or(("1", "13"));
        (major.parse().unwrap_or(1), minor.parse().unwrap_or(13))
    }

    /// `1.20`: the version as FlinkCluster's `flinkVersion` and Flink's releases spell it.
    pub fn dotted(self) -> String {
        let (major, minor) = self.major_minor();
        format!("{major}.{minor}")
    }

    /// The version of `major.minor`, if the enumeration names it.
    pub fn of(major: u64, minor: u64) -> Option<FlinkVersion> {
        FlinkVersion::ALL
            .into_iter()
            .find(|v| v.major_minor() == (major, minor))
    }

    /// Whether this version is `other` or newer.
    pub fn at_least(self, other: FlinkVersion) -> bool {
        self.major_minor() >= other.major_minor()
    }

    /// Whether the operator supports it (`FlinkVersion.isSupported`: 1.15 and newer).
    pub fn supported(self) -> bool {
        self.at_least(FlinkVersion::v1_15)
    }

    /// Whether the CRD of the operator's 1.15.0 release lists it (up to `v2_2`).
    pub fn in_released_crd(self) -> bool {
        !self.at_least(FlinkVersion::v2_3)
    }
}

/// The JSON Schema (draft 2020-12) of `T`, generated from the types.
fn json_schema_of<T: JsonSchema>() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// JSON Schema (draft 2020-12) of a `FlinkDeployment` document, generated from these types.
/// Pod templates are partial pods, as the operator's CRD takes them: neither `metadata` nor
/// `spec.containers` is required (the operator's own examples leave both out).
pub fn deployment_json_schema() -> serde_json::Value {
    let mut schema = json_schema_of::<FlinkDeployment>();
    for (definition, field) in [
        ("io.k8s.api.core.v1.Pod", "metadata"),
        ("io.k8s.api.core.v1.PodSpec", "containers"),
    ] {
        let definition = schema
            .get_mut("$defs")
            .and_then(|defs| defs.get_mut(definition))
            .and_then(serde_json::Value::as_object_mut);
        if let Some(definition) = definition {
            let required = definition
                .get_mut("required")
                .and_then(serde_json::Value::as_array_mut);
            if let Some(required) = required {
                required.retain(|name| name != field);
                if required.is_empty() {
                    definition.remove("required");
                }
            }
        }
    }
    schema
}

/// JSON Schema (draft 2020-12) of a `FlinkSessionJob` document, generated from these types.
pub fn session_job_json_schema() -> serde_json::Value {
    json_schema_of::<FlinkSessionJob>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_read_as_the_operator_reads_them() {
        assert_eq!(FlinkVersion::v1_20.major_minor(), (1, 20));
        assert_eq!(FlinkVersion::v2_0.dotted(), "2.0");
        assert_eq!(FlinkVersion::of(1, 19), Some(FlinkVersion::v1_19));
        assert_eq!(FlinkVersion::of(1, 12), None);
        assert!(!FlinkVersion::v1_14.supported());
        assert!(FlinkVersion::v1_15.supported());
        assert!(FlinkVersion::v2_2.in_released_crd());
        assert!(!FlinkVersion::v2_3.in_released_crd());
        for version in FlinkVersion::ALL {
            let json = serde_json::to_value(version).expect("serializes");
            assert_eq!(json, serde_json::Value::String(version.name().to_owned()));
        }
    }
}
