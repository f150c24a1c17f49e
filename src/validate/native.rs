//! `--target native`: what Flink's native Kubernetes integration cannot express, refused at
//! the field that asks for it, and what it silently replaces, warned about.
//!
//! Refused: Flink before 1.13 (no pod templates), a missing namespace (Flink creates the
//! TaskManager pods in `kubernetes.namespace`, and a Role binds in one namespace), a cluster
//! id Flink or Kubernetes refuse, the operator-only features (barrier init containers, Volcano
//! gang scheduling, PodDisruptionBudget, HorizontalPodAutoscaler, Ingress), a headless rest
//! Service before Flink 1.15, Python jobs, remote JARs before Flink 1.19, job settings that
//! cannot be written into `flink-conf.yaml`, and limit factors below 1 (Flink's message).

use crate::diagnostics::Diagnostics;
use crate::ha;
use crate::native::config::{self, DERIVED_KEYS};
use crate::native::features::{Features, OLDEST};
use crate::native::pods::LOG_FILES;
use crate::options::{ANNOTATION_PREFIX, Settings, Target};
use crate::path::FieldPath;
use crate::spec::{AccessScope, FlinkCluster};

fn unsupported(out: &mut Diagnostics, path: &str, what: &str) {
    out.error(
        FieldPath::fields(path),
        format!(
            "Forbidden: {what} is not part of Flink's native Kubernetes integration; render this cluster with --target operator, or remove it"
        ),
    );
}

/// A value written into the Flink configuration file must stay one `key: value` line.
fn config_text(out: &mut Diagnostics, path: FieldPath, value: &str, features: &Features) {
    if value.contains(['\n', '\r']) {
        out.error(
            path,
            "must be a single line: --target native writes it into the Flink configuration file",
        );
    } else if value.contains('#') && features.config_file() == "flink-conf.yaml" {
        out.error(
            path,
            "must not contain '#': --target native writes it into flink-conf.yaml, where Flink reads everything after '#' as a comment",
        );
    }
}

pub(super) fn validate(cluster: &FlinkCluster, settings: &Settings, out: &mut Diagnostics) {
    if settings.target != Target::Native {
        return;
    }
    let spec = &cluster.spec;
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let Some(features) = version(cluster, out) else {
        return;
    };
    if settings.namespace.is_none() {
        out.error(
            FieldPath::fields("metadata.namespace"),
            ha::namespace_required("--target native"),
        );
    }
    let (mode, _) = ha::mode(spec, &mut Diagnostics::new());
    let ha_on = mode == ha::Mode::Kubernetes;
    let props = spec.flink_properties.clone().unwrap_or_default();
    if !ha_on {
        // With HA, the HA checks cover the cluster id and namespace.
        match props.get(ha::CLUSTER_ID_KEY) {
            Some(id) => ha::cluster_id_problems(
                id.trim(),
                &FieldPath::fields("spec.flinkProperties").key(ha::CLUSTER_ID_KEY),
                "",
                out,
            ),
            None => ha::cluster_id_problems(
                name,
                &FieldPath::fields("metadata.name"),
                " (kubernetes.cluster-id defaults to the cluster name; set spec.flinkProperties[kubernetes.cluster-id] to choose another)",
                out,
            ),
        }
        if let (Some(configured), Some(namespace)) =
            (props.get(ha::NAMESPACE_KEY), settings.namespace.as_deref())
            && configured.trim() != namespace
        {
            out.error(
                FieldPath::fields("spec.flinkProperties").key(ha::NAMESPACE_KEY),
                format!(
                    "Invalid value: {configured:?}: Flink creates its TaskManager pods in this namespace, but the cluster and the Role allowing it are in namespace {namespace:?}; remove the property or set it to {namespace:?}"
                ),
            );
        }
    }
    if settings.barrier.is_some() {
        let annotation = format!("{ANNOTATION_PREFIX}barrier");
        let path = if cluster
            .metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key(&annotation))
        {
            FieldPath::fields("metadata.annotations").key(annotation)
        } else {
            FieldPath::root()
        };
        out.error(
            path,
            "Forbidden: barrier init containers (--barrier) are for --target operator; in the native target Flink's ResourceManager starts the TaskManagers once the JobManager runs",
        );
    }
    if spec.batch_scheduler.is_some() || spec.batch_scheduler_name.is_some() {
        unsupported(out, "spec.batchScheduler", "gang scheduling with Volcano");
    }
    if spec.pod_disruption_budget.is_some() {
        unsupported(out, "spec.podDisruptionBudget", "a PodDisruptionBudget");
    }
    if spec.task_manager().horizontal_pod_autoscaler.is_some() {
        unsupported(
            out,
            "spec.taskManager.horizontalPodAutoscaler",
            "a HorizontalPodAutoscaler (Flink starts TaskManagers as its jobs need slots)",
        );
    }
    if spec.job_manager().ingress.is_some() {
        unsupported(out, "spec.jobManager.ingress", "an Ingress");
    }
    if spec.job_manager().access_scope == Some(AccessScope::Headless)
        && !features.headless_rest_service()
    {
        out.error(
            FieldPath::fields("spec.jobManager.accessScope"),
            format!(
                "Unsupported value: \"Headless\": the rest Service type Headless_ClusterIP exists from Flink 1.15; spec.flinkVersion is {}",
                spec.flink_version
            ),
        );
    }
    if let Some(secret) = config::gcp_secret(spec).map(|(s, _, _)| s) {
        let volume = format!("{secret}-volume");
        for message in super::names::dns1123_label(&volume) {
            out.error(
                FieldPath::fields("spec.gcpConfig.serviceAccount.secretName"),
                format!(
                    "Invalid value: {secret:?}: Flink mounts it as volume {volume:?}: {message}"
                ),
            );
        }
    }
    job(cluster, &features, out);
    for (key, value) in &props {
        let path = FieldPath::fields("spec.flinkProperties").key(key.clone());
        if key.ends_with(".limit-factor") && key.starts_with("kubernetes.") {
            match crate::memory::java::parse_double(value) {
                Some(f) if f < 1.0 => {
                    out.error(path.clone(), format!("{key} should be greater or equal to 1."));
                }
                Some(f) if f.is_finite() => {}
                // Flink accepts NaN and infinity here and then writes a resource quantity the
                // API server refuses; a text that is no number fails when Flink reads it.
                Some(_) => out.error(
                    path.clone(),
                    format!(
                        "Invalid value: {value:?}: a limit factor must be a finite number of at least 1"
                    ),
                ),
                None => out.error(
                    path.clone(),
                    format!("Could not parse value '{}' for key '{key}'.", value.trim()),
                ),
            }
        }
        if DERIVED_KEYS.contains(&key.as_str()) {
            out.warning(
                path,
                "--target native sets this option from the FlinkCluster's fields (docs/native.md); this value is replaced",
            );
        }
    }
    for key in spec.log_config.iter().flatten().map(|(k, _)| k) {
        if !LOG_FILES.contains(&key.as_str()) {
            out.warning(
                FieldPath::fields("spec.logConfig").key(key.clone()),
                format!(
                    "--target native mounts only {} from the Flink configuration ConfigMap, as Flink does; this file does not reach the pods",
                    LOG_FILES.join(" and ")
                ),
            );
        }
    }
}

/// The Flink version's features, or why the native target cannot render it.
fn version(cluster: &FlinkCluster, out: &mut Diagnostics) -> Option<Features> {
    let spec = &cluster.spec;
    let path = FieldPath::fields("spec.flinkVersion");
    // The operator reads a missing version as older than every release; Flink's client needs
    // the real one. A malformed version is reported by the operator's own checks.
    if spec.flink_version.is_empty() {
        out.error(
            path,
            "Required value: --target native renders what the Flink version's own client creates",
        );
        return None;
    }
    let features = Features::of(&spec.flink_version)?;
    if !features.supported() {
        out.error(
            path,
            format!(
                "Unsupported value: {:?}: --target native renders Flink's native Kubernetes integration from Flink {}.{} (the first release with pod templates)",
                spec.flink_version, OLDEST.0, OLDEST.1
            ),
        );
        return None;
    }
    Some(features)
}

/// The job of a job cluster runs in application mode.
fn job(cluster: &FlinkCluster, features: &Features, out: &mut Diagnostics) {
    let Some(job) = cluster.spec.job.as_ref() else {
        return;
    };
    for (field, set) in [
        ("pyFile", job.py_file.is_some()),
        ("pyModule", job.py_module.is_some()),
        ("pyFiles", job.py_files.is_some()),
    ] {
        if set {
            out.error(
                FieldPath::fields("spec.job").field(field),
                "Forbidden: --target native runs JAR jobs in application mode; flink-render does not render Python jobs for it",
            );
        }
    }
    let base = FieldPath::fields("spec.job");
    if let Some(jar) = &job.jar_file {
        let path = base.field("jarFile");
        let remote = jar.contains("://") && !jar.starts_with("local://");
        if remote && !features.remote_jars() {
            out.error(
                path.clone(),
                format!(
                    "Invalid value: {jar:?}: application mode reads the JAR from the image (local://) before Flink 1.19; spec.flinkVersion is {}",
                    cluster.spec.flink_version
                ),
            );
        }
        config_text(out, path, jar, features);
    }
    if let Some(class) = &job.class_name {
        config_text(out, base.field("className"), class, features);
    }
    for (i, arg) in job.args.iter().flatten().enumerate() {
        config_text(out, base.field("args").index(i), arg, features);
    }
    for (i, entry) in job.class_path.iter().flatten().enumerate() {
        config_text(out, base.field("classPath").index(i), entry, features);
    }
    if let Some(savepoint) = &job.from_savepoint {
        config_text(out, base.field("fromSavepoint"), savepoint, features);
    }
}
