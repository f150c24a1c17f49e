//! Rules the Kubernetes API server or controllers would enforce on the rendered objects, and
//! inputs on which the operator itself would crash.
//!
//! The operator's webhook lets these through and the cluster fails later: a StatefulSet whose
//! pods cannot be created, a probe Kubernetes rejects, a mount of a volume that does not exist.
//! Catching them here, against the field the user wrote, is the point of rendering offline.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{
    Container, PersistentVolumeClaim, Probe, ResourceRequirements, Volume, VolumeMount,
};

use super::operator::{validate_annotations, validate_labels};
use crate::kubernetes::names;

use crate::diagnostics::Diagnostics;
use crate::model::labels;
use crate::model::names as object;
use crate::options::Target;
use crate::path::FieldPath;
use crate::quantity::Quantity;
use crate::security::credentials;
use crate::spec::{DeploymentType, FlinkCluster, StringMap};

/// StatefulSet pods carry the label `controller-revision-hash: <statefulset>-<hash>`, and a
/// label value has at most 63 characters; with the 10-character hash and its dash, a
/// StatefulSet name may have at most 52.
const MAX_STATEFULSET_NAME: usize = 52;

pub(super) fn validate(cluster: &FlinkCluster, target: Target, out: &mut Diagnostics) {
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let spec = &cluster.spec;
    // The API server checks the FlinkCluster's own metadata like any object's; its labels are
    // also copied to the ControllerRevision.
    validate_labels(
        cluster.metadata.labels.as_ref(),
        &FieldPath::fields("metadata.labels"),
        out,
    );
    validate_annotations(
        cluster.metadata.annotations.as_ref(),
        &FieldPath::fields("metadata.annotations"),
        out,
    );
    // The native target renders no StatefulSet, and Flink reads a missing entry class from
    // the JAR's manifest.
    if target == Target::Operator {
        statefulset_names(cluster, name, out);
    }
    panics(cluster, target, out);
    let jm = spec.job_manager();
    let tm = spec.task_manager();
    let jm_path = FieldPath::fields("spec.jobManager");
    let tm_path = FieldPath::fields("spec.taskManager");

    validate_labels(
        jm.service_labels.as_ref(),
        &jm_path.field("ServiceLabels"),
        out,
    );
    validate_annotations(
        jm.service_annotations.as_ref(),
        &jm_path.field("ServiceAnnotations"),
        out,
    );
    if let Some(ingress) = &jm.ingress {
        let path = jm_path.field("ingress");
        validate_annotations(
            ingress.annotations.as_ref(),
            &path.field("annotations"),
            out,
        );
        if let Some(format) = &ingress.host_format {
            let host = crate::object::ingress::host(format, name);
            for message in names::ingress_host(&host) {
                out.error(
                    path.field("hostFormat"),
                    format!("Invalid value: {host:?}: {message}"),
                );
            }
        }
        if let Some(secret) = ingress.tls_secret_name.as_deref() {
            subdomain(secret, &path.field("tlsSecretName"), out);
        }
    }
    for (component, path, pod_labels) in [
        ("jobmanager", &jm_path, jm.pod_labels.as_ref()),
        ("taskmanager", &tm_path, tm.pod_labels.as_ref()),
    ] {
        selector_labels_kept(name, component, pod_labels, &path.field("podLabels"), out);
    }

    for (i, port) in jm.extra_ports.iter().flatten().enumerate() {
        port_name(
            port.name.as_deref(),
            &jm_path.field("extraPorts").index(i).field("name"),
            out,
        );
    }
    for (i, port) in tm.extra_ports.iter().flatten().enumerate() {
        port_name(
            port.name.as_deref(),
            &tm_path.field("extraPorts").index(i).field("name"),
            out,
        );
    }
    for (probe, path) in [
        (jm.liveness_probe.as_ref(), jm_path.field("livenessProbe")),
        (jm.readiness_probe.as_ref(), jm_path.field("readinessProbe")),
        (tm.liveness_probe.as_ref(), tm_path.field("livenessProbe")),
        (tm.readiness_probe.as_ref(), tm_path.field("readinessProbe")),
    ] {
        one_handler(probe, &path, out);
    }

    let mut generated_volumes = vec![object::CONFIG_VOLUME];
    if spec.hadoop_config.is_some() {
        generated_volumes.push(object::HADOOP_VOLUME);
    }
    if spec.gcp_config.is_some() {
        generated_volumes.push(object::GCP_VOLUME);
    }
    let application_mode = spec.is_application_mode();
    let jm_claims = if application_mode {
        &[][..]
    } else {
        jm.volume_claim_templates.as_deref().unwrap_or_default()
    };
    pod(
        &generated_volumes,
        &jm_path,
        object::JOB_MANAGER_CONTAINER,
        jm.init_containers.as_deref().unwrap_or_default(),
        jm.sidecars.as_deref().unwrap_or_default(),
        jm.volumes.as_deref().unwrap_or_default(),
        jm.volume_mounts.as_deref().unwrap_or_default(),
        jm_claims,
        jm.resources.as_ref(),
        out,
    );
    pod(
        &generated_volumes,
        &tm_path,
        object::TASK_MANAGER_CONTAINER,
        tm.init_containers.as_deref().unwrap_or_default(),
        tm.sidecars.as_deref().unwrap_or_default(),
        tm.volumes.as_deref().unwrap_or_default(),
        tm.volume_mounts.as_deref().unwrap_or_default(),
        tm.volume_claim_templates.as_deref().unwrap_or_default(),
        tm.resources.as_ref(),
        out,
    );
    if application_mode
        && jm
            .volume_claim_templates
            .as_ref()
            .is_some_and(|v| !v.is_empty())
    {
        out.warning(
            jm_path.field("volumeClaimTemplates"),
            "ignored in application mode: the JobManager runs as a Job, which has no claim templates",
        );
    }
    if let Some(job) = &spec.job {
        let path = FieldPath::fields("spec.job");
        if !application_mode {
            pod(
                &generated_volumes,
                &path,
                object::SUBMITTER_CONTAINER,
                job.init_containers.as_deref().unwrap_or_default(),
                &[],
                job.volumes.as_deref().unwrap_or_default(),
                job.volume_mounts.as_deref().unwrap_or_default(),
                &[],
                job.resources.as_ref(),
                out,
            );
        }
        if job.no_logging_to_stdout == Some(true)
            && crate::defaults::uses_process_memory(&spec.flink_version)
        {
            out.warning(
                path.field("noLoggingToStdout"),
                "the submitter passes --sysoutLogging to `flink run`, which Flink 1.10 and later no longer accept",
            );
        }
    }

    if let Some(account) = spec.service_account_name.as_deref() {
        subdomain(account, &FieldPath::fields("spec.serviceAccountName"), out);
    }
    if let Some(hadoop) = &spec.hadoop_config {
        let path = FieldPath::fields("spec.hadoopConfig.configMapName");
        match hadoop.config_map_name.as_deref() {
            None | Some("") => out.error(
                path,
                "Required value: the ConfigMap holding the Hadoop configuration",
            ),
            Some(map) => subdomain(map, &path, out),
        }
    }
    if let Some(secret) = spec
        .gcp_config
        .as_ref()
        .and_then(|g| g.service_account.as_ref())
        .and_then(|a| a.secret_name.as_deref())
        .filter(|s| !s.is_empty())
    {
        subdomain(
            secret,
            &FieldPath::fields("spec.gcpConfig.serviceAccount.secretName"),
            out,
        );
    }
    for (key, value) in spec.flink_properties.iter().flatten() {
        let path = FieldPath::fields("spec.flinkProperties").key(key.clone());
        if key.contains(['\n', '\r']) || value.contains(['\n', '\r']) {
            out.error(
                path.clone(),
                "must be a single line: flink-conf.yaml holds one `key: value` per line, and a line break would inject further settings",
            );
        }
        if credentials::looks_like_credential(key, value) {
            out.warning(
                path,
                credentials::warning_message(&object::config_map(name)),
            );
        }
    }
    for key in spec.log_config.iter().flatten().map(|(k, _)| k) {
        if !is_config_map_key(key) {
            out.error(
                FieldPath::fields("spec.logConfig").key(key.clone()),
                format!("Invalid value: {key:?}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
            );
        }
    }
    if let Some(hpa) = &tm.horizontal_pod_autoscaler {
        let path = tm_path.field("horizontalPodAutoscaler");
        if hpa.max_replicas < 1 {
            out.error(
                path.field("maxReplicas"),
                format!(
                    "Invalid value: {}: must be greater than or equal to 1",
                    hpa.max_replicas
                ),
            );
        }
        match hpa.min_replicas {
            Some(min) if min < 1 => out.error(
                path.field("minReplicas"),
                format!("Invalid value: {min}: must be greater than or equal to 1"),
            ),
            Some(min) if min > hpa.max_replicas => out.error(
                path.field("minReplicas"),
                format!(
                    "Invalid value: {min}: must be less than or equal to maxReplicas ({})",
                    hpa.max_replicas
                ),
            ),
            _ => {}
        }
    }
    if let Some(pdb) = &spec.pod_disruption_budget
        && pdb.min_available.is_some()
        && pdb.max_unavailable.is_some()
    {
        out.error(
            FieldPath::fields("spec.podDisruptionBudget"),
            "minAvailable and maxUnavailable cannot be both set",
        );
    }
}

fn subdomain(value: &str, path: &FieldPath, out: &mut Diagnostics) {
    for message in names::dns1123_subdomain(value) {
        out.error(path.clone(), format!("Invalid value: {value:?}: {message}"));
    }
}

fn port_name(name: Option<&str>, path: &FieldPath, out: &mut Diagnostics) {
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        for message in names::port_name(name) {
            out.error(path.clone(), format!("Invalid value: {name:?}: {message}"));
        }
    }
}

fn is_config_map_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && key != "."
        && key != ".."
}

/// StatefulSet names short enough for the pod label Kubernetes derives from them.
fn statefulset_names(cluster: &FlinkCluster, name: &str, out: &mut Diagnostics) {
    let spec = &cluster.spec;
    let mut statefulsets = Vec::new();
    if !spec.is_application_mode() {
        statefulsets.push(object::job_manager(name));
    }
    if spec.task_manager().workload_kind() == DeploymentType::StatefulSet {
        statefulsets.push(object::task_manager(name));
    }
    // A name the operator already refuses as too long gets that one message, not one more per
    // StatefulSet.
    if name.len() >= super::MAX_CLUSTER_NAME_LENGTH {
        return;
    }
    for statefulset in statefulsets {
        if statefulset.len() > MAX_STATEFULSET_NAME {
            out.error(
                FieldPath::fields("metadata.name"),
                format!(
                    "the StatefulSet {statefulset:?} would have {} characters; Kubernetes labels its pods with `controller-revision-hash: <name>-<10-character hash>`, which must fit in 63 characters, so its pods could never be created: shorten the cluster name to at most {} characters",
                    statefulset.len(),
                    MAX_STATEFULSET_NAME - (statefulset.len() - name.len())
                ),
            );
        }
    }
}

/// Inputs the operator dereferences without checking.
fn panics(cluster: &FlinkCluster, target: Target, out: &mut Diagnostics) {
    let spec = &cluster.spec;
    if let Some(job) = &spec.job
        && target == Target::Operator
        && spec.is_application_mode()
        && job.class_name.as_deref().is_none_or(str::is_empty)
    {
        out.error(
            FieldPath::fields("spec.job.className"),
            "Required value: application mode starts the job's entry class in the JobManager (the operator crashes without it)",
        );
    }
    if let Some(gcp) = &spec.gcp_config
        && gcp.service_account.is_none()
    {
        out.error(
            FieldPath::fields("spec.gcpConfig.serviceAccount"),
            "Required value: the Secret holding the GCP service account key (the operator crashes without it)",
        );
    }
}

/// Pod labels may add to the labels the Services select on, not change them.
fn selector_labels_kept(
    cluster: &str,
    component: &str,
    pod_labels: Option<&StringMap>,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    let ours = labels::component(cluster, component);
    for (key, value) in pod_labels.into_iter().flatten() {
        if let Some(expected) = ours.get(key)
            && expected != value
        {
            out.error(
                path.key(key.clone()),
                format!(
                    "Invalid value: {value:?}: the {component} Service selects pods by `{key}: {expected}`; overriding it would leave the Service without endpoints"
                ),
            );
        }
    }
}

fn one_handler(probe: Option<&Probe>, path: &FieldPath, out: &mut Diagnostics) {
    let Some(probe) = probe else { return };
    let handlers = [
        probe.exec.is_some(),
        probe.http_get.is_some(),
        probe.tcp_socket.is_some(),
        probe.grpc.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count();
    if handlers > 1 {
        out.error(path.clone(), "may not specify more than 1 handler type");
    }
}

fn requests_within_limits(
    resources: Option<&ResourceRequirements>,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    let Some(resources) = resources else { return };
    let (Some(requests), Some(limits)) = (&resources.requests, &resources.limits) else {
        return;
    };
    for (name, request) in requests {
        let Some(limit) = limits.get(name) else {
            continue;
        };
        let (Ok(r), Ok(l)) = (
            Quantity::parse_trimmed(&request.0),
            Quantity::parse_trimmed(&limit.0),
        ) else {
            continue;
        };
        if r > l {
            out.error(
                path.field("requests").key(name.clone()),
                format!(
                    "Invalid value: {:?}: must be less than or equal to {name} limit of {}",
                    request.0, limit.0
                ),
            );
        }
    }
}

/// The pod a component renders into: container and volume names, ports, mounts, resources.
#[allow(clippy::too_many_arguments)]
fn pod(
    generated_volumes: &[&str],
    path: &FieldPath,
    main_container: &str,
    init_containers: &[Container],
    sidecars: &[Container],
    volumes: &[Volume],
    main_mounts: &[VolumeMount],
    claim_templates: &[PersistentVolumeClaim],
    main_resources: Option<&ResourceRequirements>,
    out: &mut Diagnostics,
) {
    requests_within_limits(main_resources, &path.field("resources"), out);

    let mut volume_names: BTreeSet<String> =
        generated_volumes.iter().map(|v| (*v).to_owned()).collect();
    for (i, volume) in volumes.iter().enumerate() {
        let p = path.field("volumes").index(i).field("name");
        for message in names::dns1123_label(&volume.name) {
            out.error(
                p.clone(),
                format!("Invalid value: {:?}: {message}", volume.name),
            );
        }
        if volumes[..i].iter().any(|v| v.name == volume.name) {
            out.error(p, format!("Duplicate value: {:?}", volume.name));
        }
        volume_names.insert(volume.name.clone());
    }
    for (i, claim) in claim_templates.iter().enumerate() {
        let p = path
            .field("volumeClaimTemplates")
            .index(i)
            .field("metadata")
            .field("name");
        match claim.metadata.name.as_deref() {
            None | Some("") => out.error(p, "Required value"),
            Some(claim_name) => {
                for message in names::dns1123_label(claim_name) {
                    out.error(
                        p.clone(),
                        format!("Invalid value: {claim_name:?}: {message}"),
                    );
                }
                volume_names.insert(claim_name.to_owned());
            }
        }
    }

    let mut container_names = BTreeSet::from([main_container.to_owned()]);
    let containers = init_containers
        .iter()
        .enumerate()
        .map(|(i, c)| (path.field("initContainers").index(i), c))
        .chain(
            sidecars
                .iter()
                .enumerate()
                .map(|(i, c)| (path.field("sidecars").index(i), c)),
        );
    for (cpath, container) in containers {
        let npath = cpath.field("name");
        for message in names::dns1123_label(&container.name) {
            out.error(
                npath.clone(),
                format!("Invalid value: {:?}: {message}", container.name),
            );
        }
        if !container_names.insert(container.name.clone()) {
            out.error(
                npath,
                format!(
                    "Duplicate value: {:?}: container names must be unique in a pod",
                    container.name
                ),
            );
        }
        let mut port_names = BTreeSet::new();
        for (i, port) in container.ports.iter().flatten().enumerate() {
            let ppath = cpath.field("ports").index(i).field("name");
            port_name(port.name.as_deref(), &ppath, out);
            if let Some(n) = port.name.as_deref().filter(|n| !n.is_empty())
                && !port_names.insert(n.to_owned())
            {
                out.error(ppath, format!("Duplicate value: {n:?}"));
            }
        }
        requests_within_limits(container.resources.as_ref(), &cpath.field("resources"), out);
        for (probe, field) in [
            (container.liveness_probe.as_ref(), "livenessProbe"),
            (container.readiness_probe.as_ref(), "readinessProbe"),
            (container.startup_probe.as_ref(), "startupProbe"),
        ] {
            one_handler(probe, &cpath.field(field), out);
        }
        mounts_declared(
            container.volume_mounts.as_deref().unwrap_or_default(),
            &volume_names,
            &cpath.field("volumeMounts"),
            out,
        );
    }
    mounts_declared(main_mounts, &volume_names, &path.field("volumeMounts"), out);
}

fn mounts_declared(
    mounts: &[VolumeMount],
    volumes: &BTreeSet<String>,
    path: &FieldPath,
    out: &mut Diagnostics,
) {
    for (i, mount) in mounts.iter().enumerate() {
        if !volumes.contains(&mount.name) {
            out.error(
                path.index(i).field("name"),
                format!(
                    "Not found: {:?}: no volume of this name is declared in the pod",
                    mount.name
                ),
            );
        }
    }
}
