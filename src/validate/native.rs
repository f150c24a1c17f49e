//! `--target native`: what Flink's native Kubernetes integration cannot express, refused at
//! the field that asks for it; what it does not carry, or silently replaces, warned about.
//!
//! Refused: a missing or too old Flink version (no pod templates before 1.13), a missing
//! namespace (Flink creates the TaskManager pods in `kubernetes.namespace`, and a Role binds in
//! one namespace), a cluster id Flink or Kubernetes refuse, barrier init containers, a headless
//! rest Service before Flink 1.15, Python jobs, remote JARs before Flink 1.19, job settings that
//! cannot be written into `flink-conf.yaml`, and Flink options the client or Kubernetes would
//! refuse: port ranges where Flink needs a fixed port, option values Flink cannot parse, limit
//! factors below 1, labels, tolerations, owner references and secret volumes the API server
//! refuses. Warned about: a PodDisruptionBudget counted in ways Flink's pods do not support, a
//! HorizontalPodAutoscaler and Volcano gang scheduling (none is rendered natively).
//!
//! Checks that do not depend on the Flink version run whatever the version says, so that an
//! empty or malformed version cannot hide another problem.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::ha;
use crate::kubernetes::names;
use crate::model::Model;
use crate::model::native::config;
use crate::model::native::features::{Features, OLDEST};
use crate::model::native::pods::LOG_FILES;
use crate::options::ANNOTATION_PREFIX;
use crate::path::FieldPath;
use crate::spec::{AccessScope, FlinkCluster, NamedPort};
use crate::structured_options::{get_ignoring_case, parse_list_of_maps, parse_map, split_escaped};
use k8s_openapi::api::core::v1::{Container, PersistentVolumeClaim, Volume, VolumeMount};

/// Map-typed options the native target reads from the configuration.
const MAP_OPTIONS: [&str; 9] = [
    "kubernetes.jobmanager.labels",
    "kubernetes.taskmanager.labels",
    "kubernetes.jobmanager.annotations",
    "kubernetes.taskmanager.annotations",
    "kubernetes.jobmanager.node-selector",
    "kubernetes.taskmanager.node-selector",
    config::REST_SERVICE_ANNOTATIONS,
    "kubernetes.internal-service.annotations",
    "kubernetes.secrets",
];

/// List-of-maps options the native target reads from the configuration.
const MAP_LIST_OPTIONS: [&str; 4] = [
    "kubernetes.jobmanager.tolerations",
    "kubernetes.taskmanager.tolerations",
    crate::model::native::config::OWNER_REFERENCE,
    "kubernetes.env.secretKeyRef",
];

/// Boolean options the native target reads from the configuration.
const BOOLEAN_OPTIONS: [&str; 2] = [
    "kubernetes.hostnetwork.enabled",
    "kubernetes.decorator.hadoop-conf-mount.enabled",
];

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

/// What the native target does not carry: warned about, nothing rendered for it.
fn not_carried(out: &mut Diagnostics, path: &str, what: &str, why: &str) {
    out.warning(
        FieldPath::fields(path),
        format!("--target native does not render {what}: {why}"),
    );
}

pub(super) fn validate(model: &Model, out: &mut Diagnostics) {
    let Some(native) = model.native() else {
        return;
    };
    let cluster = model.cluster();
    let settings = model.settings();
    let spec = &cluster.spec;
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let features = version(cluster, out);
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
    not_carried_features(cluster, out);
    if let Some(features) = &features
        && spec.job_manager().access_scope == Some(AccessScope::Headless)
        && !features.headless_rest_service()
    {
        out.error(
            FieldPath::fields("spec.jobManager.accessScope"),
            format!(
                "Unsupported value: \"Headless\": the rest Service type Headless_ClusterIP exists from Flink 1.15 (Flink 1.13: \"Could not parse value 'Headless_ClusterIP' for key 'kubernetes.rest-service.exposed.type'.\"); spec.flinkVersion is {}",
                spec.flink_version
            ),
        );
    }
    if let Some(features) = &features
        && spec.job_manager().replica_count() > 1
        && !features.job_manager_replicas()
    {
        out.error(
            FieldPath::fields("spec.jobManager.replicas"),
            format!(
                "Invalid value: {}: Flink's native integration starts standby JobManagers (kubernetes.jobmanager.replicas) from Flink 1.14; spec.flinkVersion is {}",
                spec.job_manager().replica_count(),
                spec.flink_version
            ),
        );
    }
    job(cluster, features.as_ref(), out);
    for (key, value) in &props {
        let path = FieldPath::fields("spec.flinkProperties").key(key.clone());
        let factors = features.as_ref().is_none_or(Features::limit_factors);
        if factors && key.ends_with(".limit-factor") && key.starts_with("kubernetes.") {
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
                None => out.error(path.clone(), unparsable(key, value)),
            }
        }
        // A value the native configuration replaces is warned about with what Flink reads
        // instead (validate::overridden).
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
    let conf = &native.config;
    options(cluster, &conf.entries, ha_on, out);
    let features = features.unwrap_or(Features { version: OLDEST });
    for component in [
        Component::job_manager(cluster),
        Component::task_manager(cluster),
    ] {
        collisions(&component, &conf.entries, &features, out);
        let added =
            crate::model::native::pods::added_by_flink(&conf.entries, &features, component.name);
        for (list, what) in [(&added.volumes, "volumes"), (&added.mount_paths, "mounts")] {
            for (i, value) in list.iter().enumerate() {
                if list.iter().take(i).any(|earlier| earlier == value) {
                    // Secrets are the only list of them a user writes.
                    out.error(
                        option_path(cluster, "kubernetes.secrets"),
                        format!(
                            "Duplicate value: {value:?}: Flink would add two {what} of it to the {} pod (a secret, the configuration, artifacts or Hadoop directory)",
                            component.name
                        ),
                    );
                }
            }
        }
    }
}

/// A component's pod-level settings in the spec, with the paths they are at.
struct Component<'a> {
    name: &'static str,
    volumes: Vec<(FieldPath, &'a str)>,
    mount_paths: Vec<(FieldPath, &'a str)>,
    ports: Vec<(FieldPath, &'a str)>,
    containers: Vec<(FieldPath, &'a str)>,
}

/// `(path.<field>[i].<key>, value)` for the items of a list.
fn named<'a, T>(
    path: &str,
    items: Option<&'a Vec<T>>,
    key: &str,
    value: impl Fn(&'a T) -> Option<&'a str>,
) -> Vec<(FieldPath, &'a str)> {
    items
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, item)| Some((FieldPath::fields(path).index(i).field(key), value(item)?)))
        .collect()
}

/// The lists of pod-level settings a component's part of the spec has.
struct PodLists<'a> {
    volumes: Option<&'a Vec<Volume>>,
    volume_mounts: Option<&'a Vec<VolumeMount>>,
    extra_ports: Option<&'a Vec<NamedPort>>,
    sidecars: Option<&'a Vec<Container>>,
    volume_claim_templates: Option<&'a Vec<PersistentVolumeClaim>>,
    init_containers: Option<&'a Vec<Container>>,
}

impl<'a> Component<'a> {
    /// The settings of `lists`, at `prefix` (`spec.jobManager`, ...).
    fn of(name: &'static str, prefix: &str, lists: PodLists<'a>) -> Component<'a> {
        let at = |field: &str| format!("{prefix}.{field}");
        let mut volumes = named(&at("volumes"), lists.volumes, "name", |v| {
            Some(v.name.as_str())
        });
        volumes.extend(named(
            &at("volumeClaimTemplates"),
            lists.volume_claim_templates,
            "metadata.name",
            |c| c.metadata.name.as_deref(),
        ));
        let mut containers = named(&at("sidecars"), lists.sidecars, "name", |c| {
            Some(c.name.as_str())
        });
        containers.extend(named(
            &at("initContainers"),
            lists.init_containers,
            "name",
            |c| Some(c.name.as_str()),
        ));
        Component {
            name,
            volumes,
            mount_paths: named(&at("volumeMounts"), lists.volume_mounts, "mountPath", |m| {
                Some(m.mount_path.as_str())
            }),
            ports: named(&at("extraPorts"), lists.extra_ports, "name", |p| {
                p.name.as_deref()
            }),
            containers,
        }
    }

    fn job_manager(cluster: &'a FlinkCluster) -> Component<'a> {
        let jm = cluster.spec.job_manager();
        let mut component = Component::of(
            "jobmanager",
            "spec.jobManager",
            PodLists {
                volumes: jm.volumes.as_ref(),
                volume_mounts: jm.volume_mounts.as_ref(),
                extra_ports: jm.extra_ports.as_ref(),
                sidecars: jm.sidecars.as_ref(),
                volume_claim_templates: jm.volume_claim_templates.as_ref(),
                init_containers: jm.init_containers.as_ref(),
            },
        );
        // The job's pod-level settings move to the JobManager in application mode.
        if let Some(job) = cluster.spec.job.as_ref() {
            let job = Component::of(
                "jobmanager",
                "spec.job",
                PodLists {
                    volumes: job.volumes.as_ref(),
                    volume_mounts: job.volume_mounts.as_ref(),
                    extra_ports: None,
                    sidecars: None,
                    volume_claim_templates: None,
                    init_containers: job.init_containers.as_ref(),
                },
            );
            component.volumes.extend(job.volumes);
            component.mount_paths.extend(job.mount_paths);
            component.containers.extend(job.containers);
        }
        component
    }

    fn task_manager(cluster: &'a FlinkCluster) -> Component<'a> {
        let tm = cluster.spec.task_manager();
        Component::of(
            "taskmanager",
            "spec.taskManager",
            PodLists {
                volumes: tm.volumes.as_ref(),
                volume_mounts: tm.volume_mounts.as_ref(),
                extra_ports: tm.extra_ports.as_ref(),
                sidecars: tm.sidecars.as_ref(),
                volume_claim_templates: tm.volume_claim_templates.as_ref(),
                init_containers: tm.init_containers.as_ref(),
            },
        )
    }
}

/// The spec's volumes, mounts, ports and containers must not repeat what Flink's decorators
/// add to the same pod: the API server refuses duplicate volume names, mount paths and port
/// names, and a container named like Flink's main container would be taken for it.
fn collisions(
    component: &Component<'_>,
    conf: &BTreeMap<String, String>,
    features: &Features,
    out: &mut Diagnostics,
) {
    let added = crate::model::native::pods::added_by_flink(conf, features, component.name);
    let pods = if component.name == "jobmanager" {
        "the JobManager pod"
    } else {
        "the TaskManager pods"
    };
    for (list, flink, what) in [
        (&component.volumes, &added.volumes, "a volume of this name"),
        (
            &component.mount_paths,
            &added.mount_paths,
            "a mount at this path",
        ),
        (&component.ports, &added.ports, "a port of this name"),
    ] {
        for (path, value) in list {
            if flink.iter().any(|f| f == value) {
                out.error(
                    path.clone(),
                    format!(
                        "Duplicate value: {value:?}: Flink adds {what} to {pods} (docs/native.md)"
                    ),
                );
            }
        }
    }
    for (path, name) in &component.containers {
        if *name == crate::model::native::pods::MAIN_CONTAINER {
            out.error(
                path.clone(),
                format!(
                    "Duplicate value: {name:?}: the name of Flink's main container in {pods}; Flink would take this container for it"
                ),
            );
        }
    }
}

/// The operator features the native integration has no counterpart for.
fn not_carried_features(cluster: &FlinkCluster, out: &mut Diagnostics) {
    let spec = &cluster.spec;
    if spec.batch_scheduler.is_some() || spec.batch_scheduler_name.is_some() {
        not_carried(
            out,
            "spec.batchScheduler",
            "Volcano gang scheduling",
            "Flink's native integration creates its TaskManager pods one by one, as its jobs need slots; the pods are scheduled by the default scheduler",
        );
    }
    if let Some(budget) = &spec.pod_disruption_budget
        && !crate::model::native::renders_budget(budget)
    {
        not_carried(
            out,
            "spec.podDisruptionBudget",
            "this PodDisruptionBudget",
            "Flink's TaskManager pods are owned by the JobManager Deployment, whose scale is the JobManager's replica count, so Kubernetes would count maxUnavailable or a percentage against the wrong total; a budget with a whole-number minAvailable is rendered",
        );
    }
    if spec.task_manager().horizontal_pod_autoscaler.is_some() {
        not_carried(
            out,
            "spec.taskManager.horizontalPodAutoscaler",
            "a HorizontalPodAutoscaler",
            "Flink's ResourceManager starts and stops TaskManager pods itself, as its jobs need slots, and no operator scales the FlinkCluster",
        );
    }
}

/// Flink's message for an option value it cannot read.
fn unparsable(key: &str, value: &str) -> String {
    format!("Could not parse value '{}' for key '{key}'.", value.trim())
}

/// Where the user set a configuration option: the property, or for what flink-render derives
/// from a spec field, that field.
fn option_path(cluster: &FlinkCluster, key: &str) -> FieldPath {
    let user_set = cluster
        .spec
        .flink_properties
        .as_ref()
        .is_some_and(|p| p.contains_key(key));
    match key {
        "kubernetes.secrets" if config::gcp_secret(&cluster.spec).is_some() => {
            FieldPath::fields("spec.gcpConfig.serviceAccount.secretName")
        }
        _ if user_set => FieldPath::fields("spec.flinkProperties").key(key),
        config::REST_SERVICE_ANNOTATIONS => FieldPath::fields("spec.jobManager.ServiceAnnotations"),
        "taskmanager.rpc.port" => FieldPath::fields("spec.taskManager.ports.rpc"),
        _ => FieldPath::fields("spec.flinkProperties").key(key),
    }
}

/// The options of the effective configuration that Flink's client reads or Kubernetes would
/// receive, checked as they read them.
fn options(
    cluster: &FlinkCluster,
    conf: &BTreeMap<String, String>,
    ha_on: bool,
    out: &mut Diagnostics,
) {
    let path = |key: &str| option_path(cluster, key);
    let mut ports = vec!["taskmanager.rpc.port", config::REST_BIND_PORT.0];
    if ha_on {
        ports.push(ha::JOB_MANAGER_PORT_KEY);
    }
    for key in ports {
        let Some(value) = conf.get(key) else {
            continue;
        };
        match config::parse_port(value) {
            None => out.error(
                path(key),
                format!(
                    "{key} should be specified to a fixed port. Do not support a range of ports."
                ),
            ),
            Some(port) if !(0..=65535).contains(&port) => out.error(
                path(key),
                format!("Invalid value: {port}: must be between 1 and 65535, inclusive"),
            ),
            Some(_) => {}
        }
    }
    for key in BOOLEAN_OPTIONS {
        if let Some(value) = conf.get(key)
            && !["true", "false"].contains(&value.trim().to_ascii_lowercase().as_str())
        {
            out.error(path(key), unparsable(key, value));
        }
    }
    for key in MAP_OPTIONS {
        let Some(value) = conf.get(key) else {
            continue;
        };
        match parse_map(value) {
            Err(why) => out.error(path(key), format!("{} ({why})", unparsable(key, value))),
            Ok(entries) => map_entries(key, &entries, &path(key), out),
        }
    }
    for key in MAP_LIST_OPTIONS {
        let Some(value) = conf.get(key) else {
            continue;
        };
        match parse_list_of_maps(value) {
            Err(why) => out.error(path(key), format!("{} ({why})", unparsable(key, value))),
            Ok(maps) => {
                for map in &maps {
                    map_list_entry(key, map, &path(key), out);
                }
            }
        }
    }
    if let Some(value) = conf.get("kubernetes.container.image.pull-secrets") {
        match split_escaped(value, ';') {
            Err(why) => out.error(
                path("kubernetes.container.image.pull-secrets"),
                format!(
                    "{} ({why})",
                    unparsable("kubernetes.container.image.pull-secrets", value)
                ),
            ),
            Ok(secrets) => {
                for secret in secrets.iter().filter(|s| !s.is_empty()) {
                    invalid(
                        out,
                        &path("kubernetes.container.image.pull-secrets"),
                        secret,
                        names::dns1123_subdomain(secret),
                    );
                }
            }
        }
    }
    for (key, _) in conf.iter().filter(|(k, _)| {
        k.starts_with("containerized.master.env.")
            || k.starts_with("containerized.taskmanager.env.")
    }) {
        // Flink passes on only names after the prefix.
        let name = key.split_once(".env.").map_or("", |(_, n)| n);
        if let Some(problem) = env_name_problem(name).filter(|_| !name.is_empty()) {
            out.error(path(key), format!("Invalid value: {name:?}: {problem}"));
        }
    }
    for resource in config::external_resources(conf) {
        if let Some(key) = &resource.kubernetes_key {
            let option = format!("external-resource.{}.kubernetes.config-key", resource.name);
            invalid(out, &path(&option), key, names::qualified_name(key));
            let standard = ["cpu", "memory", "ephemeral-storage"].contains(&key.as_str())
                || key.starts_with("hugepages-");
            if !key.contains('/') && !standard {
                out.error(
                    path(&option),
                    format!("Invalid value: {key:?}: must be a standard resource for containers or a fully qualified name (such as nvidia.com/gpu)"),
                );
            }
        }
    }
    if let Some(list) = conf.get(config::EXTERNAL_RESOURCES) {
        match split_escaped(list, ';') {
            Err(why) => out.error(
                path(config::EXTERNAL_RESOURCES),
                format!("{} ({why})", unparsable(config::EXTERNAL_RESOURCES, list)),
            ),
            Ok(resources) => {
                for resource in resources {
                    let key = format!("external-resource.{resource}.amount");
                    if let Some(amount) = conf.get(&key)
                        && amount.trim().parse::<i64>().is_err()
                    {
                        out.error(path(&key), unparsable(&key, amount));
                    }
                }
            }
        }
    }
}

/// Why the API server refuses an environment variable name, if it does.
fn env_name_problem(name: &str) -> Option<&'static str> {
    (name.is_empty() || name.contains('=') || !name.bytes().all(|b| (0x20..0x7f).contains(&b)))
        .then_some("a valid environment variable name must consist only of printable ASCII characters other than '='")
}

fn invalid(out: &mut Diagnostics, path: &FieldPath, value: &str, problems: Vec<String>) {
    for problem in problems {
        out.error(path.clone(), format!("Invalid value: {value:?}: {problem}"));
    }
}

/// The entries of a map option as Kubernetes receives them: label keys and values, annotation
/// keys, secret names and the volumes Flink names after them.
fn map_entries(key: &str, entries: &[(String, String)], path: &FieldPath, out: &mut Diagnostics) {
    for (k, v) in entries {
        if key == "kubernetes.secrets" {
            invalid(out, path, k, names::dns1123_subdomain(k));
            let volume = format!("{k}-volume");
            for problem in names::dns1123_label(&volume) {
                out.error(
                    path.clone(),
                    format!(
                        "Invalid value: {k:?}: Flink mounts it as volume {volume:?}: {problem}"
                    ),
                );
            }
            if v.is_empty() {
                out.error(
                    path.clone(),
                    format!("Required value: the mount path of secret {k:?}"),
                );
            }
            continue;
        }
        invalid(out, path, k, names::qualified_name(k));
        if key.ends_with(".labels") || key.ends_with(".node-selector") {
            invalid(out, path, v, names::label_value(v));
        }
    }
}

/// One map of a list-of-maps option, as Kubernetes would receive what Flink makes of it.
fn map_list_entry(key: &str, map: &[(String, String)], path: &FieldPath, out: &mut Diagnostics) {
    let get = |k: &str| get_ignoring_case(map, k).unwrap_or_default();
    if key.ends_with(".tolerations") {
        toleration(map, path, out);
    } else if key == crate::model::native::config::OWNER_REFERENCE {
        for field in ["apiVersion", "kind", "name", "uid"] {
            if get(field).is_empty() {
                out.error(
                    path.clone(),
                    format!("Required value: {field}: every ownerReference of {key} needs one"),
                );
            }
        }
        for field in ["controller", "blockOwnerDeletion"] {
            if let Some(flag) = get_ignoring_case(map, field)
                && crate::model::native::config::owner_flag(flag).is_none()
            {
                out.error(
                    path.clone(),
                    format!("Invalid value: {flag:?}: {field} of {key} must be true or false"),
                );
            }
        }
    } else {
        if let Some(problem) = env_name_problem(get("env")).filter(|_| !get("env").is_empty()) {
            out.error(
                path.clone(),
                format!("Invalid value: {:?}: {problem}", get("env")),
            );
        }
        for field in ["env", "secret", "key"] {
            if get(field).is_empty() {
                out.error(
                    path.clone(),
                    format!(
                        "Required value: {field}: every entry of {key} needs env, secret and key"
                    ),
                );
            }
        }
    }
}

/// A toleration Flink adds from an option, as the API server checks it.
fn toleration(map: &[(String, String)], path: &FieldPath, out: &mut Diagnostics) {
    let get = |k: &str| get_ignoring_case(map, k).unwrap_or_default();
    let (key, operator, value, effect) = (get("key"), get("operator"), get("value"), get("effect"));
    if !key.is_empty() {
        invalid(out, path, key, names::qualified_name(key));
    }
    match operator {
        "Exists" if !value.is_empty() => out.error(
            path.clone(),
            format!("Invalid value: {value:?}: value must be empty when `operator` is 'Exists'"),
        ),
        "" if key.is_empty() => out.error(
            path.clone(),
            "Invalid value: \"\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        ),
        "" | "Equal" | "Exists" => invalid(out, path, value, names::label_value(value)),
        other => out.error(
            path.clone(),
            format!("Unsupported value: {other:?}: supported values: \"Equal\", \"Exists\""),
        ),
    }
    if !["", "NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
        out.error(
            path.clone(),
            format!("Unsupported value: {effect:?}: supported values: \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\""),
        );
    }
    if let Some(seconds) = get_ignoring_case(map, "tolerationSeconds") {
        if seconds.trim().parse::<i64>().is_err() {
            out.error(
                path.clone(),
                format!("Invalid value: {seconds:?}: tolerationSeconds must be a whole number"),
            );
        } else if effect != "NoExecute" {
            out.error(
                path.clone(),
                format!("Invalid value: {effect:?}: effect must be 'NoExecute' when `tolerationSeconds` is set"),
            );
        }
    }
}

/// The Flink version's features, or why the native target cannot render it: a version it does
/// not know (empty) or one before pod templates. A malformed version is reported by the
/// operator's own checks.
fn version(cluster: &FlinkCluster, out: &mut Diagnostics) -> Option<Features> {
    let spec = &cluster.spec;
    let path = FieldPath::fields("spec.flinkVersion");
    if spec.flink_version.trim().is_empty() {
        out.error(
            path,
            "Required value: --target native renders what Flink's client creates for the version given here (configuration file, option keys, start commands)",
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

/// Flink's client's refusal of a JAR outside the image, before Flink 1.19.
const LOCAL_JARS_ONLY: &str = "Only \"local\" is supported as schema for application mode. This assumes that the jar is located in the image, not the Flink client. An example of such path is: local:///opt/flink/examples/streaming/WindowJoin.jar";

/// The job of a job cluster runs in application mode.
fn job(cluster: &FlinkCluster, features: Option<&Features>, out: &mut Diagnostics) {
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
    // The text checks need the configuration file's format; without a version, the stricter
    // one (flink-conf.yaml) applies.
    let text_features = features.copied().unwrap_or(Features { version: OLDEST });
    let base = FieldPath::fields("spec.job");
    if let Some(jar) = &job.jar_file {
        let path = base.field("jarFile");
        let remote = jar.contains("://") && !jar.starts_with("local://");
        if remote && features.is_some_and(|f| !f.remote_jars()) {
            out.error(
                path.clone(),
                format!(
                    "Invalid value: {jar:?}: application mode reads the JAR from the image (local://) before Flink 1.19 (\"{LOCAL_JARS_ONLY}\"); spec.flinkVersion is {}",
                    cluster.spec.flink_version
                ),
            );
        }
        config_text(out, path, jar, &text_features);
    }
    if let Some(class) = &job.class_name {
        config_text(out, base.field("className"), class, &text_features);
    }
    for (i, arg) in job.args.iter().flatten().enumerate() {
        config_text(out, base.field("args").index(i), arg, &text_features);
    }
    for (i, entry) in job.class_path.iter().flatten().enumerate() {
        config_text(out, base.field("classPath").index(i), entry, &text_features);
    }
    if let Some(savepoint) = &job.from_savepoint {
        config_text(out, base.field("fromSavepoint"), savepoint, &text_features);
    }
}
