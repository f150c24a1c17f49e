//! The Go `encoding/json` form of a `FlinkClusterSpec`, as the operator's typed structs write it.
//!
//! One function per `v1beta1` struct, following the `json` tags of `flinkcluster_types.go`:
//! a pointer with `omitempty` is written whenever it is set (even to `""`, `0` or `false`); a
//! string, number, slice or map with `omitempty` only when non-empty; a field without
//! `omitempty` always (its zero value when unset); a non-pointer struct always (`omitempty` never
//! drops a struct). Embedded Kubernetes objects go through [`super::go_fill`].
//!
//! The job fields the revision ignores (`cleanupPolicy`, `restartPolicy`, `cancelRequested`,
//! `savepointGeneration`, `savepointFormatType`) are cleared before encoding, as the operator
//! does, so they are never written here.

use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde::Serialize;
use serde_json::{Map, Value};

use super::go_fields::Ty;
use super::go_fill::{self, Field, Go, Omit};
use crate::spec::{
    BatchSchedulerSpec, FlinkClusterSpec, GcpConfig, GcpServiceAccount, HadoopConfig,
    HorizontalPodAutoscalerSpec, ImageSpec, JobManagerIngressSpec, JobManagerPorts, JobManagerSpec,
    JobSpec, NamedPort, StringMap, TaskManagerPorts, TaskManagerSpec,
};

/// A JSON object under construction, with one method per Go field flavour.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    /// A field written unconditionally (no `omitempty`, or a non-pointer struct).
    fn always(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_owned(), value);
    }

    /// A pointer with `omitempty`: written whenever set.
    fn ptr<T: Into<Value>>(&mut self, key: &str, value: Option<T>) {
        if let Some(v) = value {
            self.always(key, v.into());
        }
    }

    /// A string with `omitempty`: written unless unset or empty.
    fn string(&mut self, key: &str, value: Option<&str>) {
        if let Some(s) = value.filter(|s| !s.is_empty()) {
            self.always(key, Value::from(s));
        }
    }

    /// A slice with `omitempty`: written unless unset or empty.
    fn list<T>(&mut self, key: &str, items: Option<&Vec<T>>, encode: impl Fn(&T) -> Value) {
        if let Some(items) = items.filter(|items| !items.is_empty()) {
            self.always(key, Value::Array(items.iter().map(encode).collect()));
        }
    }

    /// A `map[string]string` with `omitempty`: written unless unset or empty.
    fn map(&mut self, key: &str, value: Option<&StringMap>) {
        if let Some(map) = value.filter(|map| !map.is_empty()) {
            let entries = map
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect();
            self.always(key, Value::Object(entries));
        }
    }

    /// A pointer to an embedded Kubernetes object, with `omitempty`.
    fn k8s<T: Serialize>(&mut self, key: &str, value: Option<&T>, ty: Ty) {
        if let Some(v) = value {
            self.always(key, go_fill::encode(v, ty));
        }
    }

    /// A slice of embedded Kubernetes objects, with `omitempty`.
    fn k8s_list<T: Serialize>(&mut self, key: &str, items: Option<&Vec<T>>, ty: Ty) {
        self.list(key, items, |item| go_fill::encode(item, ty));
    }

    /// A non-pointer embedded Kubernetes struct: written even when unset (as the zero struct).
    fn k8s_struct<T: Serialize>(&mut self, key: &str, value: Option<&T>, ty: Ty) {
        let encoded = match value {
            Some(v) => go_fill::encode(v, ty),
            None => go_fill::encode(&Map::new(), ty),
        };
        self.always(key, encoded);
    }

    fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// A non-pointer `resource.Quantity`: its string, `"0"` when unset.
fn quantity(value: Option<&Quantity>) -> Value {
    match value {
        Some(q) if !q.0.is_empty() => Value::from(q.0.as_str()),
        _ => Value::from("0"),
    }
}

/// `FlinkClusterSpec` with the revision-neutral job fields cleared.
pub(crate) fn spec(spec: &FlinkClusterSpec) -> Map<String, Value> {
    let mut o = Obj::default();
    o.always("flinkVersion", Value::from(spec.flink_version.as_str()));
    o.always("image", image(&spec.image));
    o.ptr("serviceAccountName", spec.service_account_name.as_deref());
    o.ptr("batchSchedulerName", spec.batch_scheduler_name.as_deref());
    o.ptr(
        "batchScheduler",
        spec.batch_scheduler.as_ref().map(batch_scheduler),
    );
    o.k8s(
        "podDisruptionBudget",
        spec.pod_disruption_budget.as_ref(),
        Ty::PodDisruptionBudgetSpec,
    );
    o.ptr("jobManager", spec.job_manager.as_ref().map(job_manager));
    o.ptr("taskManager", spec.task_manager.as_ref().map(task_manager));
    o.ptr("job", spec.job.as_ref().map(job));
    o.k8s_list("envVars", spec.env_vars.as_ref(), Ty::EnvVar);
    o.k8s_list("envFrom", spec.env_from.as_ref(), Ty::EnvFromSource);
    o.map("flinkProperties", spec.flink_properties.as_ref());
    o.ptr(
        "hadoopConfig",
        spec.hadoop_config.as_ref().map(hadoop_config),
    );
    o.ptr("gcpConfig", spec.gcp_config.as_ref().map(gcp_config));
    o.map("logConfig", spec.log_config.as_ref());
    o.ptr("revisionHistoryLimit", spec.revision_history_limit);
    o.ptr("recreateOnUpdate", spec.recreate_on_update);
    o.0
}

fn image(image: &ImageSpec) -> Value {
    let mut o = Obj::default();
    o.always("name", Value::from(image.name.as_str()));
    o.string("pullPolicy", image.pull_policy.map(|p| p.as_str()));
    o.k8s_list(
        "pullSecrets",
        image.pull_secrets.as_ref(),
        Ty::LocalObjectReference,
    );
    o.into_value()
}

fn batch_scheduler(spec: &BatchSchedulerSpec) -> Value {
    let mut o = Obj::default();
    o.always("name", Value::from(spec.name.as_str()));
    o.string("queue", spec.queue.as_deref());
    o.string("priorityClassName", spec.priority_class_name.as_deref());
    o.into_value()
}

fn named_port(port: &NamedPort) -> Value {
    let mut o = Obj::default();
    o.string("name", port.name.as_deref());
    o.always("containerPort", Value::from(port.container_port));
    o.string("protocol", port.protocol.map(|p| p.as_str()));
    o.into_value()
}

fn job_manager_ports(ports: Option<&JobManagerPorts>) -> Value {
    let mut o = Obj::default();
    if let Some(p) = ports {
        o.ptr("rpc", p.rpc);
        o.ptr("blob", p.blob);
        o.ptr("query", p.query);
        o.ptr("ui", p.ui);
    }
    o.into_value()
}

fn ingress(spec: &JobManagerIngressSpec) -> Value {
    let mut o = Obj::default();
    o.ptr("hostFormat", spec.host_format.as_deref());
    o.map("annotations", spec.annotations.as_ref());
    o.ptr("useTls", spec.use_tls);
    o.ptr("tlsSecretName", spec.tls_secret_name.as_deref());
    o.into_value()
}

/// The fields `JobManagerSpec` and `TaskManagerSpec` share, in the order both Go structs
/// declare them (the types are distinct, the field names the same).
macro_rules! pod_fields {
    ($o:ident, $c:ident) => {
        $o.k8s_struct("resources", $c.resources.as_ref(), Ty::ResourceRequirements);
        $o.ptr("memoryOffHeapRatio", $c.memory_off_heap_ratio);
        $o.always(
            "memoryOffHeapMin",
            quantity($c.memory_off_heap_min.as_ref()),
        );
        $o.ptr("memoryProcessRatio", $c.memory_process_ratio);
        $o.k8s_list("volumes", $c.volumes.as_ref(), Ty::Volume);
        $o.k8s_list("volumeMounts", $c.volume_mounts.as_ref(), Ty::VolumeMount);
        $o.list(
            "volumeClaimTemplates",
            $c.volume_claim_templates.as_ref(),
            claim_template,
        );
        $o.k8s_list("initContainers", $c.init_containers.as_ref(), Ty::Container);
        $o.k8s("affinity", $c.affinity.as_ref(), Ty::Affinity);
        $o.map("nodeSelector", $c.node_selector.as_ref());
        $o.k8s_list("tolerations", $c.tolerations.as_ref(), Ty::Toleration);
        $o.k8s_list("sidecars", $c.sidecars.as_ref(), Ty::Container);
        $o.map("podAnnotations", $c.pod_annotations.as_ref());
        $o.k8s(
            "securityContext",
            $c.security_context.as_ref(),
            Ty::PodSecurityContext,
        );
        $o.map("podLabels", $c.pod_labels.as_ref());
        $o.k8s("livenessProbe", $c.liveness_probe.as_ref(), Ty::Probe);
        $o.k8s("readinessProbe", $c.readiness_probe.as_ref(), Ty::Probe);
        $o.k8s_list("hostAliases", $c.host_aliases.as_ref(), Ty::HostAlias);
    };
}

fn job_manager(jm: &JobManagerSpec) -> Value {
    let mut o = Obj::default();
    o.ptr("replicas", jm.replicas);
    o.string("accessScope", jm.access_scope.map(|a| a.as_str()));
    o.map("ServiceAnnotations", jm.service_annotations.as_ref());
    o.map("ServiceLabels", jm.service_labels.as_ref());
    o.ptr("ingress", jm.ingress.as_ref().map(ingress));
    o.always("ports", job_manager_ports(jm.ports.as_ref()));
    o.list("extraPorts", jm.extra_ports.as_ref(), named_port);
    pod_fields!(o, jm);
    o.into_value()
}

/// A claim template. k8s-openapi writes `apiVersion: v1` and `kind: PersistentVolumeClaim` on
/// every claim whether or not the input had them; templates almost never spell them out, so
/// they are taken as absent (Go's empty `TypeMeta`, dropped by `omitempty`).
fn claim_template(claim: &PersistentVolumeClaim) -> Value {
    let mut value = go_fill::encode(claim, Ty::PersistentVolumeClaim);
    if let Value::Object(map) = &mut value {
        map.remove("apiVersion");
        map.remove("kind");
    }
    value
}

fn task_manager_ports(ports: Option<&TaskManagerPorts>) -> Value {
    let mut o = Obj::default();
    if let Some(p) = ports {
        o.ptr("data", p.data);
        o.ptr("rpc", p.rpc);
        o.ptr("query", p.query);
    }
    o.into_value()
}

fn autoscaler(hpa: &HorizontalPodAutoscalerSpec) -> Value {
    let mut o = Obj::default();
    o.ptr("minReplicas", hpa.min_replicas);
    o.always("maxReplicas", Value::from(hpa.max_replicas));
    o.k8s_list("metrics", hpa.metrics.as_ref(), Ty::MetricSpec);
    o.k8s(
        "behavior",
        hpa.behavior.as_ref(),
        Ty::HorizontalPodAutoscalerBehavior,
    );
    o.into_value()
}

fn task_manager(tm: &TaskManagerSpec) -> Value {
    let mut o = Obj::default();
    o.string("deploymentType", tm.deployment_type.map(|d| d.as_str()));
    o.ptr("replicas", tm.replicas);
    o.always("ports", task_manager_ports(tm.ports.as_ref()));
    o.list("extraPorts", tm.extra_ports.as_ref(), named_port);
    pod_fields!(o, tm);
    o.ptr(
        "horizontalPodAutoscaler",
        tm.horizontal_pod_autoscaler.as_ref().map(autoscaler),
    );
    o.into_value()
}

/// `JobSpec` after the operator cleared `cleanupPolicy`, `restartPolicy`, `cancelRequested`,
/// `savepointGeneration` (a non-pointer `int32` with `omitempty`, so 0 is not written) and
/// `savepointFormatType`.
fn job(job: &JobSpec) -> Value {
    let strings = |items: &String| Value::from(items.as_str());
    let mut o = Obj::default();
    o.list("classPath", job.class_path.as_ref(), strings);
    o.ptr("jarFile", job.jar_file.as_deref());
    o.ptr("className", job.class_name.as_deref());
    o.ptr("pyFile", job.py_file.as_deref());
    o.ptr("pyFiles", job.py_files.as_deref());
    o.ptr("pyModule", job.py_module.as_deref());
    o.list("args", job.args.as_ref(), strings);
    o.ptr("fromSavepoint", job.from_savepoint.as_deref());
    o.ptr("allowNonRestoredState", job.allow_non_restored_state);
    o.ptr("savepointsDir", job.savepoints_dir.as_deref());
    o.ptr("takeSavepointOnUpdate", job.take_savepoint_on_update);
    o.ptr(
        "maxStateAgeToRestoreSeconds",
        job.max_state_age_to_restore_seconds,
    );
    o.ptr("autoSavepointSeconds", job.auto_savepoint_seconds);
    o.ptr("parallelism", job.parallelism);
    o.ptr("noLoggingToStdout", job.no_logging_to_stdout);
    o.k8s_list("volumes", job.volumes.as_ref(), Ty::Volume);
    o.k8s_list("volumeMounts", job.volume_mounts.as_ref(), Ty::VolumeMount);
    o.k8s_list(
        "initContainers",
        job.init_containers.as_ref(),
        Ty::Container,
    );
    o.k8s("affinity", job.affinity.as_ref(), Ty::Affinity);
    o.map("nodeSelector", job.node_selector.as_ref());
    o.k8s_list("tolerations", job.tolerations.as_ref(), Ty::Toleration);
    o.map("podAnnotations", job.pod_annotations.as_ref());
    o.map("podLabels", job.pod_labels.as_ref());
    o.k8s_struct(
        "resources",
        job.resources.as_ref(),
        Ty::ResourceRequirements,
    );
    o.k8s(
        "securityContext",
        job.security_context.as_ref(),
        Ty::PodSecurityContext,
    );
    o.k8s_list("hostAliases", job.host_aliases.as_ref(), Ty::HostAlias);
    o.ptr("mode", job.mode.map(job_mode));
    o.into_value()
}

/// The whole `JobSpec` as the typed Go struct encodes, including the fields the revision
/// clears (`restartPolicy`, `cleanupPolicy` and `cancelRequested` are pointers,
/// `savepointFormatType` too, `savepointGeneration` an `int32` with `omitempty`).
pub(crate) fn job_with_runtime_fields(spec: &JobSpec) -> Value {
    let mut value = job(spec);
    if let Value::Object(map) = &mut value {
        let mut o = Obj(std::mem::take(map));
        o.ptr(
            "savepointFormatType",
            spec.savepoint_format_type
                .and_then(|t| serde_json::to_value(t).ok()),
        );
        o.ptr(
            "savepointGeneration",
            spec.savepoint_generation.filter(|g| *g != 0),
        );
        o.ptr(
            "restartPolicy",
            spec.restart_policy
                .and_then(|p| serde_json::to_value(p).ok()),
        );
        o.ptr(
            "cleanupPolicy",
            spec.cleanup_policy
                .as_ref()
                .and_then(|p| serde_json::to_value(p).ok()),
        );
        o.ptr("cancelRequested", spec.cancel_requested);
        *map = o.0;
    }
    value
}

/// The operator's `JobSpec` in declaration order (`flinkcluster_types.go`), for writing it in
/// Go's field order; `omit` is not used.
pub(crate) const JOB_SPEC: &[Field] = &[
    field("classPath", Go::Slice(&Go::Str)),
    field("jarFile", Go::Ptr(&Go::Str)),
    field("className", Go::Ptr(&Go::Str)),
    field("pyFile", Go::Ptr(&Go::Str)),
    field("pyFiles", Go::Ptr(&Go::Str)),
    field("pyModule", Go::Ptr(&Go::Str)),
    field("args", Go::Slice(&Go::Str)),
    field("fromSavepoint", Go::Ptr(&Go::Str)),
    field("allowNonRestoredState", Go::Ptr(&Go::Bool)),
    field("savepointsDir", Go::Ptr(&Go::Str)),
    field("savepointFormatType", Go::Ptr(&Go::Str)),
    field("takeSavepointOnUpdate", Go::Ptr(&Go::Bool)),
    field("maxStateAgeToRestoreSeconds", Go::Ptr(&Go::Int)),
    field("autoSavepointSeconds", Go::Ptr(&Go::Int)),
    field("savepointGeneration", Go::Int),
    field("parallelism", Go::Ptr(&Go::Int)),
    field("noLoggingToStdout", Go::Ptr(&Go::Bool)),
    field("volumes", Go::Slice(&Go::Struct(Ty::Volume))),
    field("volumeMounts", Go::Slice(&Go::Struct(Ty::VolumeMount))),
    field("initContainers", Go::Slice(&Go::Struct(Ty::Container))),
    field("affinity", Go::Ptr(&Go::Struct(Ty::Affinity))),
    field("nodeSelector", Go::Map(&Go::Str)),
    field("tolerations", Go::Slice(&Go::Struct(Ty::Toleration))),
    field("restartPolicy", Go::Ptr(&Go::Str)),
    field("cleanupPolicy", Go::Ptr(&Go::Fields(CLEANUP_POLICY))),
    field("cancelRequested", Go::Ptr(&Go::Bool)),
    field("podAnnotations", Go::Map(&Go::Str)),
    field("podLabels", Go::Map(&Go::Str)),
    field("resources", Go::Struct(Ty::ResourceRequirements)),
    field(
        "securityContext",
        Go::Ptr(&Go::Struct(Ty::PodSecurityContext)),
    ),
    field("hostAliases", Go::Slice(&Go::Struct(Ty::HostAlias))),
    field("mode", Go::Ptr(&Go::Str)),
];

/// The operator's `CleanupPolicy` in declaration order.
const CLEANUP_POLICY: &[Field] = &[
    field("afterJobSucceeds", Go::Str),
    field("afterJobFails", Go::Str),
    field("afterJobCancelled", Go::Str),
];

const fn field(name: &'static str, go: Go) -> Field {
    Field {
        name,
        omit: Omit::Empty,
        go,
    }
}

/// The CRD spelling of a job mode.
fn job_mode(mode: crate::spec::JobMode) -> &'static str {
    use crate::spec::JobMode;
    match mode {
        JobMode::Detached => "Detached",
        JobMode::Blocking => "Blocking",
        JobMode::Application => "Application",
    }
}

fn hadoop_config(config: &HadoopConfig) -> Value {
    let mut o = Obj::default();
    o.string("configMapName", config.config_map_name.as_deref());
    o.string("mountPath", config.mount_path.as_deref());
    o.into_value()
}

fn gcp_config(config: &GcpConfig) -> Value {
    let mut o = Obj::default();
    o.ptr(
        "serviceAccount",
        config.service_account.as_ref().map(gcp_service_account),
    );
    o.into_value()
}

fn gcp_service_account(account: &GcpServiceAccount) -> Value {
    let mut o = Obj::default();
    o.string("secretName", account.secret_name.as_deref());
    o.string("keyFile", account.key_file.as_deref());
    o.string("mountPath", account.mount_path.as_deref());
    o.into_value()
}
