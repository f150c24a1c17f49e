//! The operator's validating webhook for a new FlinkCluster (`ValidateCreate`), message for
//! message.
//!
//! The webhook stops at the first problem; here every problem is reported, each with the path
//! of the field it is about. The message texts are the operator's, typos included, so that a
//! search for a message finds the operator's documentation and issues.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ResourceRequirements;

use crate::diagnostics::Diagnostics;
use crate::kubernetes::apimachinery::{self, go_quote};
use crate::kubernetes::names;
use crate::path::FieldPath;
use crate::quantity::Quantity;
use crate::resources;
use crate::spec::{FlinkCluster, JobMode, JobRestartPolicy, JobSpec, NamedPort, StringMap};
use crate::version::SpecVersion;

/// Longest cluster name + 1: `-job-submitter` (14 characters) must still fit in 63.
pub const MAX_CLUSTER_NAME_LENGTH: usize = 49;

pub(super) fn validate(cluster: &FlinkCluster, namespace: Option<&str>, out: &mut Diagnostics) {
    validate_meta(cluster, namespace, out);
    let spec = &cluster.spec;
    let version_path = FieldPath::fields("spec.flinkVersion");
    let version = SpecVersion::of(&spec.flink_version);
    match &version {
        SpecVersion::Malformed(error) => out.error(version_path, error.to_string()),
        SpecVersion::Unset => out.warning(
            version_path,
            "no Flink version: the API server stores a missing flinkVersion as \"\", which the operator reads as older than every release, so the JobManager and TaskManager get heap sizes (jobmanager.heap.size, taskmanager.heap.size) as before Flink 1.10 and nothing is checked against Flink's memory model; set it to the version of the image",
        ),
        SpecVersion::Known(_) => {}
    }
    let process_memory = version.uses_process_memory();
    validate_gcp(cluster, out);
    validate_component(Component::job_manager(cluster), process_memory, out);
    validate_component(Component::task_manager(cluster), process_memory, out);
    if let Some(job) = &spec.job {
        validate_job(job, out);
    }
}

/// What the operator's reconciler refuses, on every reconcile: a batch scheduler other than the
/// ones it knows (only `volcano`). Its controller then creates nothing but the
/// ControllerRevision and logs the error again and again. A scheduler without a name (`""`,
/// as stored) means none at all.
pub(super) fn validate_reconcile(cluster: &FlinkCluster, out: &mut Diagnostics) {
    let spec = &cluster.spec;
    let Some(scheduler) = spec.batch_scheduler.as_ref() else {
        return;
    };
    // The webhook's copy of `batchSchedulerName` replaces the object; point at what was written.
    let path = if spec.batch_scheduler_name.is_some() {
        FieldPath::fields("spec.batchSchedulerName")
    } else {
        FieldPath::fields("spec.batchScheduler.name")
    };
    if scheduler.name.is_empty() {
        if scheduler.queue.is_some() || scheduler.priority_class_name.is_some() {
            out.warning(
                path,
                "no batch scheduler name: the operator uses no batch scheduler, so queue and priorityClassName have no effect",
            );
        }
    } else if scheduler.name != crate::spec::VOLCANO {
        out.error(
            path,
            format!(
                "failed to find batch scheduler named with {}",
                scheduler.name
            ),
        );
    }
}

fn validate_meta(cluster: &FlinkCluster, namespace: Option<&str>, out: &mut Diagnostics) {
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let path = FieldPath::fields("metadata.name");
    if name.is_empty() || name.len() >= MAX_CLUSTER_NAME_LENGTH {
        out.error(
            path.clone(),
            "cluster name size needs to greater than 0 and less than 50",
        );
    }
    if !name.is_empty() && !names::dns1035_label(name).is_empty() {
        out.error(
            path,
            format!(
                "cluster name {name} is invalid: a DNS-1035 name must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?'"
            ),
        );
    }
    // The API server always gives an object a namespace; offline it may be unknown, and the
    // manifests are then written without one (see docs/deviations.md).
    if let Some(namespace) = namespace {
        let errors = names::dns1123_label(namespace);
        if !errors.is_empty() {
            out.error(
                FieldPath::fields("metadata.namespace"),
                format!(
                    "cluster namespace {namespace} is invalid: {}",
                    errors.join(",")
                ),
            );
        }
    }
}

fn validate_gcp(cluster: &FlinkCluster, out: &mut Diagnostics) {
    let Some(account) = cluster
        .spec
        .gcp_config
        .as_ref()
        .and_then(|g| g.service_account.as_ref())
    else {
        return;
    };
    let path = FieldPath::fields("spec.gcpConfig.serviceAccount");
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (secret, key_file, mount_path) = (
        text(&account.secret_name),
        text(&account.key_file),
        text(&account.mount_path),
    );
    if secret.is_empty() {
        out.error(
            path.field("secretName"),
            "GCP service account secret name is unspecified",
        );
    }
    if key_file.is_empty() {
        out.error(
            path.field("keyFile"),
            "GCP service account key file name is unspecified",
        );
    }
    if mount_path.is_empty() {
        out.error(
            path.field("mountPath"),
            "GCP service account volume mount path is unspecified",
        );
    } else if mount_path.ends_with(&key_file) {
        out.error(
            path.field("mountPath"),
            "invalid GCP service account volume mount path",
        );
    }
}

/// What the JobManager and TaskManager checks share.
struct Component<'a> {
    /// `jobmanager` or `taskmanager`, as in the operator's messages.
    name: &'static str,
    path: FieldPath,
    pod_annotations: Option<&'a StringMap>,
    pod_labels: Option<&'a StringMap>,
    /// The built-in ports, in the operator's order, with their field names.
    ports: Vec<(&'static str, i32)>,
    extra_ports: &'a [NamedPort],
    resources: Option<&'a ResourceRequirements>,
    memory_off_heap_ratio: Option<i32>,
    memory_off_heap_min: Option<&'a str>,
    memory_process_ratio: Option<i32>,
}

impl<'a> Component<'a> {
    fn job_manager(cluster: &'a FlinkCluster) -> Component<'a> {
        let jm = cluster.spec.job_manager();
        let p = jm.port_numbers();
        Component {
            name: "jobmanager",
            path: FieldPath::fields("spec.jobManager"),
            pod_annotations: jm.pod_annotations.as_ref(),
            pod_labels: jm.pod_labels.as_ref(),
            ports: vec![
                ("rpc", p.rpc),
                ("blob", p.blob),
                ("query", p.query),
                ("ui", p.ui),
            ],
            extra_ports: jm.extra_ports.as_deref().unwrap_or_default(),
            resources: jm.resources.as_ref(),
            memory_off_heap_ratio: jm.memory_off_heap_ratio,
            memory_off_heap_min: jm.memory_off_heap_min.as_ref().map(|q| q.0.as_str()),
            memory_process_ratio: jm.memory_process_ratio,
        }
    }

    fn task_manager(cluster: &'a FlinkCluster) -> Component<'a> {
        let tm = cluster.spec.task_manager();
        let p = tm.port_numbers();
        Component {
            name: "taskmanager",
            path: FieldPath::fields("spec.taskManager"),
            pod_annotations: tm.pod_annotations.as_ref(),
            pod_labels: tm.pod_labels.as_ref(),
            ports: vec![("rpc", p.rpc), ("data", p.data), ("query", p.query)],
            extra_ports: tm.extra_ports.as_deref().unwrap_or_default(),
            resources: tm.resources.as_ref(),
            memory_off_heap_ratio: tm.memory_off_heap_ratio,
            memory_off_heap_min: tm.memory_off_heap_min.as_ref().map(|q| q.0.as_str()),
            memory_process_ratio: tm.memory_process_ratio,
        }
    }
}

/// The problems Kubernetes' `ValidateAnnotations` finds, by key: every key a qualified name;
/// `(key, message)` with the message after `Invalid value: "<key>": `. A total size above the
/// limit is reported with an empty key.
fn annotation_problems(map: Option<&StringMap>) -> Vec<(String, String, String)> {
    let mut problems = Vec::new();
    let mut total = 0usize;
    for (key, value) in map.into_iter().flatten() {
        total += key.len() + value.len();
        for message in names::qualified_name(&key.to_lowercase()) {
            problems.push((key.clone(), key.clone(), message));
        }
    }
    const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        problems.push((
            String::new(),
            String::new(),
            format!("Too long: may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"),
        ));
    }
    problems
}

/// The problems Kubernetes' `ValidateLabels` finds, by key: keys are qualified names, values
/// label values; `(key, bad value, message)`.
fn label_problems(map: Option<&StringMap>) -> Vec<(String, String, String)> {
    let mut problems = Vec::new();
    for (key, value) in map.into_iter().flatten() {
        for message in names::qualified_name(key) {
            problems.push((key.clone(), key.clone(), message));
        }
        for message in names::label_value(value) {
            problems.push((key.clone(), value.clone(), message));
        }
    }
    problems
}

/// The problems as the API server reports them: each at its key, `Invalid value: "<v>": <m>`.
fn report_each(problems: Vec<(String, String, String)>, path: &FieldPath, out: &mut Diagnostics) {
    for (key, value, message) in problems {
        if key.is_empty() && value.is_empty() {
            out.error(path.clone(), message);
        } else {
            out.error(
                path.key(key),
                format!("Invalid value: {}: {message}", go_quote(value.as_bytes())),
            );
        }
    }
}

/// The problems as the operator's webhook reports them: one error per key, whose message is
/// what the webhook returns when that key is the only bad one, word for word: the aggregate of
/// apimachinery field errors, each with the map's path (`spec.jobManager.podAnnotations:
/// Invalid value: ...`).
fn report_as_webhook(
    problems: Vec<(String, String, String)>,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value, message) in problems {
        let error = if key.is_empty() && value.is_empty() {
            format!("{path}: {message}")
        } else {
            apimachinery::invalid(&path.to_string(), &value, &message)
        };
        by_key.entry(key).or_default().push(error);
    }
    for (key, errors) in by_key {
        let at = if key.is_empty() {
            path.clone()
        } else {
            path.key(key)
        };
        out.error(at, apimachinery::aggregate(&errors));
    }
}

/// Kubernetes' `ValidateAnnotations`, as the API server reports it.
pub(super) fn validate_annotations(
    map: Option<&StringMap>,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    report_each(annotation_problems(map), path, out);
}

/// Kubernetes' `ValidateLabels`, as the API server reports it.
pub(super) fn validate_labels(map: Option<&StringMap>, path: &FieldPath, out: &mut Diagnostics) {
    report_each(label_problems(map), path, out);
}

/// The webhook's checks of a component's pod annotations and labels.
fn validate_pod_metadata(
    annotations: Option<&StringMap>,
    labels: Option<&StringMap>,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    report_as_webhook(
        annotation_problems(annotations),
        &path.field("podAnnotations"),
        out,
    );
    report_as_webhook(label_problems(labels), &path.field("podLabels"), out);
}

fn validate_component(c: Component<'_>, process_memory: bool, out: &mut Diagnostics) {
    validate_pod_metadata(c.pod_annotations, c.pod_labels, &c.path, out);

    let mut numbers: BTreeMap<i32, ()> = BTreeMap::new();
    let mut names: BTreeMap<String, ()> = BTreeMap::new();
    let builtin = c.ports.iter().map(|(name, number)| {
        (
            c.path.field("ports").field(*name),
            Some((*name).to_owned()),
            *number,
        )
    });
    let extra = c.extra_ports.iter().enumerate().map(|(i, port)| {
        (
            c.path.field("extraPorts").index(i),
            port.name.clone(),
            port.container_port,
        )
    });
    for (path, name, number) in builtin.chain(extra) {
        if numbers.insert(number, ()).is_some() {
            out.error(
                path.clone(),
                format!(
                    "duplicate containerPort {number} in {}, each port number of ports and extraPorts must be unique",
                    c.name
                ),
            );
        }
        if let Some(name) = name.filter(|n| !n.is_empty())
            && names.insert(name.clone(), ()).is_some()
        {
            out.error(
                path,
                format!(
                    "duplicate port name {name} in {}, each port name of ports and extraPorts must be unique",
                    c.name
                ),
            );
        }
    }

    validate_resources(c.resources, c.name, &c.path.field("resources"), out);

    let memory = resources::upper_bound(c.resources, "memory");
    if !process_memory {
        if c.memory_process_ratio.is_some() {
            out.error(
                c.path.field("memoryProcessRatio"),
                "MemoryProcessRatio config cannot be used with flinkVersion < 1.11', use memoryOffHeapRatio instead",
            );
        }
        if !c
            .memory_off_heap_ratio
            .is_some_and(|r| (0..=100).contains(&r))
        {
            out.error(
                c.path.field("memoryOffHeapRatio"),
                format!(
                    "invalid {} memoryOffHeapRatio, it must be between 0 and 100",
                    c.name
                ),
            );
        }
        let off_heap_min = c
            .memory_off_heap_min
            .and_then(|q| Quantity::parse_trimmed(q).ok());
        if let Some(min) = off_heap_min
            && memory.value() > 0
            && min.value() > memory.value()
        {
            out.error(
                c.path.field("memoryOffHeapMin"),
                format!(
                    "invalid {} memory configuration, memory limit must be larger than MemoryOffHeapMin, memory limit: {} bytes, memoryOffHeapMin: {} bytes",
                    c.name,
                    memory.value(),
                    min.value()
                ),
            );
        }
    } else {
        let off_heap_min_set = c
            .memory_off_heap_min
            .and_then(|q| Quantity::parse_trimmed(q).ok())
            .is_some_and(|q| !q.is_zero());
        if c.memory_off_heap_ratio.is_some() || off_heap_min_set {
            let field = if c.memory_off_heap_ratio.is_some() {
                "memoryOffHeapRatio"
            } else {
                "memoryOffHeapMin"
            };
            out.error(
                c.path.field(field),
                "MemoryOffHeapRatio or MemoryOffHeapMin config cannot be used with flinkVersion >= 1.11'; use memoryProcessRatio istead",
            );
        }
        if !c
            .memory_process_ratio
            .is_some_and(|r| (0..=100).contains(&r))
        {
            out.error(
                c.path.field("memoryProcessRatio"),
                format!(
                    "invalid {} memoryProcessRatio, it must be between 0 and 100",
                    c.name
                ),
            );
        }
    }
}

fn validate_resources(
    resources: Option<&ResourceRequirements>,
    component: &str,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    let (requests, limits) = match resources {
        Some(r) => (r.requests.as_ref(), r.limits.as_ref()),
        None => (None, None),
    };
    if requests.is_none() && limits.is_none() {
        out.error(
            path.clone(),
            format!("{component} resource requests/limits are unspecified"),
        );
        return;
    }
    // A quantity that is written but malformed is reported as malformed (validate::kubernetes),
    // not as unspecified as well.
    let unset = |name: &str| {
        [requests, limits].into_iter().flatten().all(|map| {
            map.get(name)
                .is_none_or(|q| Quantity::parse_trimmed(&q.0).is_ok_and(|q| q.is_zero()))
        })
    };
    if unset("cpu") {
        out.error(
            path.clone(),
            format!("{component} cpu request/limit is unspecified"),
        );
    }
    if unset("memory") {
        out.error(
            path.clone(),
            format!("{component} memory request/limit is unspecified"),
        );
    }
}

fn validate_job(job: &JobSpec, out: &mut Diagnostics) {
    let path = FieldPath::fields("spec.job");
    validate_pod_metadata(
        job.pod_annotations.as_ref(),
        job.pod_labels.as_ref(),
        &path,
        out,
    );
    let application = job.mode == Some(JobMode::Application);
    if !application && job.jar_file.is_none() && job.py_file.is_none() && job.py_module.is_none() {
        out.error(
            path.clone(),
            "job jarFile or pythonFile or pythonModule is unspecified",
        );
    }
    if job.parallelism.is_some_and(|p| p < 1) {
        out.error(path.field("parallelism"), "job parallelism must be >= 1");
    }
    if job.restart_policy == Some(JobRestartPolicy::FromSavepointOnFailure)
        && job.max_state_age_to_restore_seconds.is_none()
    {
        out.error(
            path.field("restartPolicy"),
            "maxStateAgeToRestoreSeconds must be specified when restartPolicy is set as FromSavepointOnFailure",
        );
    }
    if job.take_savepoint_on_update == Some(false) && job.max_state_age_to_restore_seconds.is_none()
    {
        out.error(
            path.field("takeSavepointOnUpdate"),
            "maxStateAgeToRestoreSeconds must be specified when takeSavepointOnUpdate is set as false",
        );
    }
    if job.cancel_requested == Some(true) {
        out.error(
            path.field("cancelRequested"),
            "property `cancelRequested` cannot be set to true for a new job",
        );
    }
}
