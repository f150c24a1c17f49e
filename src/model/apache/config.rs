//! The Flink configuration of a FlinkDeployment, built as the Apache Flink Kubernetes
//! Operator builds it, step by step and in its order (apache-operator-spec.md §4.1), with the
//! origin of every entry:
//!
//! 1. the operator's default configuration for the resource's namespace and Flink version
//!    ([`crate::operator_config`]);
//! 2. `FlinkConfigBuilder`: `spec.flinkConfiguration`, the rest Service type and
//!    `web.cancel.enable` where unset, `$internal.flink.version`, the image, its pull policy,
//!    the service account, the pod template files, the JobManager's and TaskManagers'
//!    resources and replicas, the job (application mode) or session, standalone's settings,
//!    the namespace and cluster id;
//! 3. `getDeployConfig`: the generation annotation of the JobManager Deployment;
//! 4. the reconciler's deploy: the initial savepoint, the owner reference, the job result store
//!    and the job id (application clusters);
//! 5. `removeOperatorConfigs`: every `kubernetes.operator.` and `job.autoscaler.` key dropped;
//! 6. Flink's client: execution mode, entry point class, fixed ports, HA cluster id and port,
//!    the JobManager's RPC address;
//! 7. what the operator's `FlinkConfMountDecorator` leaves out of the file.
//!
//! Values the operator makes up at run time are replaced by stated, deterministic ones
//! ([`PlaceholderValues`], docs/apache-operator.md): the pod template files' paths, the job id
//! and the job result store's UUID.

use std::collections::BTreeMap;

use md5::{Digest, Md5};

use super::resource;
use crate::apache_spec::{DeploymentMode, FlinkDeploymentSpec, FlinkVersion, UpgradeMode};
use crate::catalogue::{self, Line};
use crate::defaults::apache::DefaultedDeployment;
use crate::model::config::Origin;
use crate::model::native::config::{
    APPLICATION_ENTRYPOINT, APPLICATION_TARGET, FIXED_PORTS, REST_BIND_PORT, SESSION_ENTRYPOINT,
    SESSION_TARGET, escape_list_item, parse_port,
};
use crate::operator_config::{AUTOSCALER_PREFIX, OPERATOR_PREFIX, OperatorConfig};
use crate::path::FieldPath;

/// The JobManager pod template file the operator writes (a temporary file of random name;
/// this stated path in its place).
pub const JOB_MANAGER_TEMPLATE_FILE: &str = "/tmp/flink_op_generated_podTemplate_jobmanager.yaml";
/// The TaskManager pod template file, when it differs from the JobManager's.
pub const TASK_MANAGER_TEMPLATE_FILE: &str = "/tmp/flink_op_generated_podTemplate_taskmanager.yaml";
/// The owner reference option.
pub const OWNER_REFERENCE: &str = "kubernetes.jobmanager.owner.reference";
/// The JobManager Deployment's annotations option.
pub const JOB_MANAGER_ANNOTATIONS: &str = "kubernetes.jobmanager.annotations";
/// The annotation naming the FlinkDeployment's generation.
pub const GENERATION_ANNOTATION: &str = "flinkdeployment.flink.apache.org/generation";
/// `kubernetes.internal.taskmanager.replicas`: standalone's TaskManager count.
pub const TASK_MANAGER_REPLICAS: &str = "kubernetes.internal.taskmanager.replicas";
/// `kubernetes.internal.cluster-mode`: standalone's `SESSION` or `APPLICATION`.
pub const CLUSTER_MODE: &str = "kubernetes.internal.cluster-mode";
/// The keys the operator's `FlinkConfMountDecorator` leaves out of the file.
pub const NOT_IN_FILE: [&str; 6] = [
    "kubernetes.config.file",
    "$internal.deployment.config-dir",
    "rest.bind-address",
    "jobmanager.bind-host",
    "taskmanager.bind-host",
    "taskmanager.host",
];
/// The list-typed options the operator sets.
pub const LIST_KEYS: [&str; 3] = [
    "pipeline.jars",
    "pipeline.classpaths",
    "$internal.application.program-args",
];

/// The line of the Flink client the operator embeds (1.20), whose options it reads.
fn client_line() -> Option<Line> {
    Line::of(1, 20)
}

/// What the operator would make up at run time, made deterministic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceholderValues {
    /// `$internal.pipeline.job-id` of an application cluster (unless the configuration sets
    /// it): `--job-id`, else the MD5 of `<namespace>/<name>/<generation>` in hex.
    pub job_id: String,
    /// The UUID of `job-result-store.storage-path`: the name-based (MD5) UUID of the same
    /// text.
    pub job_result_store_uuid: String,
}

impl PlaceholderValues {
    /// The values for the resource `name` in `namespace` at `generation`, with the job id
    /// `job_id` when one is given.
    pub fn new(
        namespace: Option<&str>,
        name: &str,
        generation: i64,
        job_id: Option<&str>,
    ) -> PlaceholderValues {
        let seed = format!("{}/{name}/{generation}", namespace.unwrap_or_default());
        let digest: [u8; 16] = Md5::digest(seed.as_bytes()).into();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let mut uuid = digest;
        // `UUID.nameUUIDFromBytes`: version 3, IETF variant.
        uuid[6] = (uuid[6] & 0x0f) | 0x30;
        uuid[8] = (uuid[8] & 0x3f) | 0x80;
        let u: String = uuid.iter().map(|b| format!("{b:02x}")).collect();
        PlaceholderValues {
            job_id: job_id.map_or(hex, str::to_owned),
            job_result_store_uuid: format!(
                "{}-{}-{}-{}-{}",
                &u[0..8],
                &u[8..12],
                &u[12..16],
                &u[16..20],
                &u[20..32]
            ),
        }
    }
}

/// The built configuration: what the cluster-side file holds, with origins, list-typed
/// entries item by item, and what the operator would refuse while building it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Built {
    /// Every entry of the file, as Flink reads it from `flink-conf.yaml` (lists `;`-joined).
    pub entries: BTreeMap<String, String>,
    /// The list-typed entries, item by item.
    pub lists: BTreeMap<String, Vec<String>>,
    /// Where each entry comes from.
    pub origins: BTreeMap<String, Origin>,
    /// The operator's (and Flink's client's) exceptions while building: the field, the message.
    pub problems: Vec<(FieldPath, String)>,
    /// Whether the JobManager and the TaskManagers get pod template files.
    pub templates: (bool, bool),
}

impl Built {
    fn set(&mut self, key: &str, value: impl Into<String>, origin: Origin) {
        self.lists.remove(key);
        self.origins.insert(key.to_owned(), origin);
        self.entries.insert(key.to_owned(), value.into());
    }

    fn set_list(&mut self, key: &str, items: Vec<String>, origin: Origin) {
        let joined = items
            .iter()
            .map(|i| escape_list_item(i))
            .collect::<Vec<_>>()
            .join(";");
        self.set(key, joined, origin);
        self.lists.insert(key.to_owned(), items);
    }

    fn remove(&mut self, key: &str) {
        self.lists.remove(key);
        self.origins.remove(key);
        self.entries.remove(key);
    }

    /// `Configuration.contains(option)` in the operator's Flink 1.20: the key or one of the
    /// option's fallback keys is set.
    fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key) || fallbacks(key).any(|k| self.entries.contains_key(k))
    }

    /// `Configuration.get(option)`: the key, else its fallback keys, trimmed.
    fn get(&self, key: &str) -> Option<&str> {
        read(&self.entries, key)
    }

    fn set_default(&mut self, key: &str, value: &str, origin: Origin) {
        if !self.contains(key) {
            self.set(key, value, origin);
        }
    }
}

/// The fallback keys of `key` in Flink 1.20.
fn fallbacks(key: &str) -> impl Iterator<Item = &'static str> {
    client_line()
        .and_then(|line| catalogue::option(key, line))
        .map(|o| o.fallbacks)
        .unwrap_or_default()
        .iter()
        .map(|f| f.key)
}

/// `Configuration.get(option)` over the entries `entries` (the key, else its fallback keys,
/// trimmed), as the operator's Flink 1.20 reads them.
pub fn read<'a>(entries: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
    let value = entries
        .get(key)
        .or_else(|| fallbacks(key).find_map(|k| entries.get(k)))?;
    Some(crate::memory::java::trim(value))
}

/// Whether HA is on (`HighAvailabilityMode.isHighAvailabilityModeActivated`):
/// `high-availability.type` (or its older keys) set to anything but `NONE`.
pub fn ha_activated(entries: &BTreeMap<String, String>) -> bool {
    read(entries, "high-availability.type").is_some_and(|v| !v.eq_ignore_ascii_case("none"))
}

/// The validator's effective configuration: the default configuration and
/// `spec.flinkConfiguration`, flattened.
pub fn validation_config(
    defaulted: &DefaultedDeployment,
    operator: &OperatorConfig,
    namespace: Option<&str>,
) -> BTreeMap<String, String> {
    let version = defaulted.deployment().spec.flink_version;
    let mut entries: BTreeMap<String, String> = BTreeMap::new();
    for (key, value, _) in operator.default_config(namespace, version) {
        entries.insert(key, value);
    }
    for entry in defaulted.flink_configuration() {
        entries.insert(entry.key.clone(), entry.value.clone());
    }
    entries
}

/// What the build is given besides the resource.
pub struct Inputs<'a> {
    /// The operator's configuration.
    pub operator: &'a OperatorConfig,
    /// The resource's namespace.
    pub namespace: Option<&'a str>,
    /// The uid for the owner reference, when known.
    pub owner_uid: Option<&'a str>,
    /// The values the operator would make up.
    pub placeholders: &'a PlaceholderValues,
    /// `metadata.generation` (1 when unset, as the API server numbers a new resource).
    pub generation: i64,
    /// Whether a JobManager pod template exists (it does unless the startup probe is off and
    /// nothing else makes one) and whether a TaskManager one does and equals it.
    pub templates: TemplateFacts,
}

/// Which pod template files the operator writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TemplateFacts {
    /// A JobManager template exists.
    pub job_manager: bool,
    /// A TaskManager template exists.
    pub task_manager: bool,
    /// The two are equal (one file serves both).
    pub equal: bool,
}

fn field(path: &str) -> Origin {
    Origin::Operator(Some(FieldPath::fields(path)))
}

/// The cluster-side Flink configuration of `defaulted` (apache-operator-spec.md §4).
pub fn build(defaulted: &DefaultedDeployment, inputs: &Inputs<'_>) -> Built {
    let deployment = defaulted.deployment();
    let spec = &deployment.spec;
    let name = defaulted.name();
    let version = spec.flink_version;
    let mode = spec.mode.unwrap_or_default();
    let mut conf = Built::default();
    // 1. getDefaultConfig
    for (key, value, source) in inputs.operator.default_config(inputs.namespace, version) {
        conf.set(&key, value, Origin::OperatorDefault(source));
    }
    // 2. FlinkConfigBuilder.applyFlinkConfiguration
    for entry in defaulted.flink_configuration() {
        conf.set(
            &entry.key,
            entry.value.clone(),
            Origin::FlinkConfiguration(entry.path.clone()),
        );
    }
    conf.set_default(
        "kubernetes.rest-service.exposed.type",
        "ClusterIP",
        Origin::Operator(None),
    );
    conf.set_default("web.cancel.enable", "false", Origin::Operator(None));
    if let Some(version) = version {
        conf.set(
            "$internal.flink.version",
            version.name(),
            field("spec.flinkVersion"),
        );
    }
    // applyLogConfiguration sets $internal.deployment.config-dir, which the file leaves out.
    apply_image(spec, version, &mut conf);
    if let Some(account) = &spec.service_account {
        conf.set(
            "kubernetes.service-account",
            account.clone(),
            field("spec.serviceAccount"),
        );
    }
    // applyPodTemplate
    let templates = inputs.templates;
    if templates.job_manager {
        conf.set(
            "kubernetes.pod-template-file.jobmanager",
            JOB_MANAGER_TEMPLATE_FILE,
            Origin::Operator(None),
        );
    }
    if templates.task_manager {
        let file = if templates.equal && templates.job_manager {
            JOB_MANAGER_TEMPLATE_FILE
        } else {
            TASK_MANAGER_TEMPLATE_FILE
        };
        conf.set(
            "kubernetes.pod-template-file.taskmanager",
            file,
            Origin::Operator(None),
        );
    }
    apply_components(spec, version, mode, &mut conf);
    apply_job_or_session(spec, name, mode, &mut conf);
    // build()
    if let Some(namespace) = inputs.namespace {
        conf.set(
            crate::ha::NAMESPACE_KEY,
            namespace,
            field("metadata.namespace"),
        );
    }
    conf.set(crate::ha::CLUSTER_ID_KEY, name, field("metadata.name"));
    if ha_activated(&conf.entries) {
        conf.set(crate::ha::HA_CLUSTER_ID_KEY, name, field("metadata.name"));
    }
    // 3. getDeployConfig: the generation annotation.
    let mut annotations = conf
        .get(JOB_MANAGER_ANNOTATIONS)
        .map(|v| crate::structured_options::parse_map(v).unwrap_or_default())
        .unwrap_or_default();
    annotations.retain(|(k, _)| k != GENERATION_ANNOTATION);
    annotations.push((
        GENERATION_ANNOTATION.to_owned(),
        inputs.generation.to_string(),
    ));
    annotations.sort();
    let (keys, values): (Vec<String>, Vec<String>) = annotations.into_iter().unzip();
    conf.set(
        JOB_MANAGER_ANNOTATIONS,
        crate::structured_options::write_map(keys.iter().zip(values.iter())),
        field("metadata.generation"),
    );
    // 4. The reconciler's deploy.
    apply_deploy(spec, name, inputs, &mut conf);
    // 5. removeOperatorConfigs
    let operator_keys: Vec<String> = conf
        .entries
        .keys()
        .filter(|k| k.starts_with(OPERATOR_PREFIX) || k.starts_with(AUTOSCALER_PREFIX))
        .cloned()
        .collect();
    for key in operator_keys {
        conf.remove(&key);
    }
    // 6. Flink's client.
    apply_client(spec, name, inputs.namespace, mode, &mut conf);
    // 7. What the file leaves out.
    for key in NOT_IN_FILE {
        conf.remove(key);
    }
    conf.templates = (templates.job_manager, templates.task_manager);
    conf
}

/// `applyImage` and `applyImagePullPolicy`.
fn apply_image(spec: &FlinkDeploymentSpec, version: Option<FlinkVersion>, conf: &mut Built) {
    if let Some(image) = spec.image.as_ref().filter(|i| !i.trim().is_empty()) {
        let key = if version.is_some_and(|v| v.at_least(FlinkVersion::v1_17)) {
            "kubernetes.container.image.ref"
        } else {
            "kubernetes.container.image"
        };
        conf.set(key, image.clone(), field("spec.image"));
    }
    if let Some(policy) = spec
        .image_pull_policy
        .as_ref()
        .filter(|p| !p.trim().is_empty())
    {
        if ["Always", "Never", "IfNotPresent"].contains(&policy.as_str()) {
            conf.set(
                "kubernetes.container.image.pull-policy",
                policy.clone(),
                field("spec.imagePullPolicy"),
            );
        } else {
            conf.problems.push((
                FieldPath::fields("spec.imagePullPolicy"),
                format!(
                    "No enum constant org.apache.flink.kubernetes.configuration.KubernetesConfigOptions.ImagePullPolicy.{policy}"
                ),
            ));
        }
    }
}

/// `applyJobManagerSpec` and `applyTaskManagerSpec`.
fn apply_components(
    spec: &FlinkDeploymentSpec,
    version: Option<FlinkVersion>,
    mode: DeploymentMode,
    conf: &mut Built,
) {
    let new_cpu_keys = version.is_none_or(|v| v.at_least(FlinkVersion::v1_17));
    let components = [
        (
            spec.job_manager
                .as_ref()
                .map(|j| (j.resource.as_ref(), None)),
            "jobManager",
            "jobmanager",
        ),
        (
            spec.task_manager
                .as_ref()
                .map(|t| (t.resource.as_ref(), t.replicas)),
            "taskManager",
            "taskmanager",
        ),
    ];
    for (component, field_name, key_name) in components {
        let Some((resource, _)) = component else {
            continue;
        };
        let base = format!("spec.{field_name}.resource");
        if let Some(resource) = resource {
            if let Some(memory) = &resource.memory {
                match resource::memory_string(memory) {
                    Ok(written) => conf.set(
                        &format!("{key_name}.memory.process.size"),
                        written,
                        field(&format!("{base}.memory")),
                    ),
                    Err(message) => conf
                        .problems
                        .push((FieldPath::fields(&format!("{base}.memory")), message)),
                }
            }
            if let Some(cpu) = resource.cpu {
                let text = resource::cpu_text(cpu);
                let origin = field(&format!("{base}.cpu"));
                conf.set(
                    &format!("kubernetes.{key_name}.cpu.amount"),
                    text.clone(),
                    origin.clone(),
                );
                if !new_cpu_keys {
                    conf.set(&format!("kubernetes.{key_name}.cpu"), text, origin);
                }
            }
        }
    }
    if let Some(jm) = &spec.job_manager {
        let replicas = jm.replicas.unwrap_or(1);
        if replicas > 0 {
            conf.set(
                "kubernetes.jobmanager.replicas",
                replicas.to_string(),
                field("spec.jobManager.replicas"),
            );
        }
    }
    if let Some(replicas) = spec
        .task_manager
        .as_ref()
        .and_then(|t| t.replicas)
        .filter(|r| *r > 0)
    {
        conf.set(
            TASK_MANAGER_REPLICAS,
            replicas.to_string(),
            field("spec.taskManager.replicas"),
        );
    }
    if spec.job.is_some()
        && mode == DeploymentMode::Standalone
        && !conf.contains(TASK_MANAGER_REPLICAS)
    {
        let slots = task_slots(&conf.entries);
        let parallelism = parallelism(spec, &conf.entries);
        let replicas = if slots > 0 {
            (i64::from(parallelism) + i64::from(slots) - 1) / i64::from(slots)
        } else {
            0
        };
        conf.set(
            TASK_MANAGER_REPLICAS,
            replicas.to_string(),
            field("spec.job.parallelism"),
        );
    }
}

/// `taskmanager.numberOfTaskSlots` as Flink reads it (1 when unset or unreadable).
pub fn task_slots(entries: &BTreeMap<String, String>) -> i32 {
    read(entries, "taskmanager.numberOfTaskSlots")
        .and_then(|v| v.parse::<i32>().ok())
        .unwrap_or(1)
}

/// `getParallelism`: TaskManager replicas × slots when the replicas are set; in standalone
/// mode the largest `pipeline.jobvertex-parallelism-overrides` value when positive; else
/// `job.parallelism`.
pub fn parallelism(spec: &FlinkDeploymentSpec, entries: &BTreeMap<String, String>) -> i32 {
    if let Some(replicas) = spec.task_manager.as_ref().and_then(|t| t.replicas) {
        return replicas.wrapping_mul(task_slots(entries));
    }
    if spec.mode == Some(DeploymentMode::Standalone) {
        let overrides = read(entries, "pipeline.jobvertex-parallelism-overrides")
            .and_then(|v| crate::structured_options::parse_map(v).ok())
            .unwrap_or_default();
        let max = overrides
            .iter()
            .filter_map(|(_, v)| v.trim().parse::<i32>().ok())
            .max();
        if let Some(max) = max.filter(|m| *m > 0) {
            return max;
        }
    }
    spec.job.as_ref().map_or(0, |j| j.parallelism())
}

/// `applyJobOrSessionSpec` (with `applyJobConfig`).
fn apply_job_or_session(
    spec: &FlinkDeploymentSpec,
    name: &str,
    mode: DeploymentMode,
    conf: &mut Built,
) {
    if let Some(job) = &spec.job {
        conf.set("execution.target", APPLICATION_TARGET, field("spec.job"));
        if mode == DeploymentMode::Native
            && let Some(jar) = &job.jar_uri
        {
            conf.set_list("pipeline.jars", vec![jar.clone()], field("spec.job.jarURI"));
        }
        let parallelism = parallelism(spec, &conf.entries);
        let from = if spec
            .task_manager
            .as_ref()
            .and_then(|t| t.replicas)
            .is_some()
        {
            "spec.taskManager.replicas"
        } else {
            "spec.job.parallelism"
        };
        conf.set("parallelism.default", parallelism.to_string(), field(from));
        conf.set(
            "execution.shutdown-on-application-finish",
            "false",
            field("spec.job"),
        );
        conf.set_default(
            "execution.submit-failed-job-on-application-error",
            "true",
            field("spec.job"),
        );
        apply_job_config(name, job, conf);
    } else {
        conf.set("execution.target", SESSION_TARGET, field("spec.job"));
    }
    if mode == DeploymentMode::Standalone {
        conf.set("execution.target", "remote", field("spec.mode"));
        let cluster_mode = if spec.job.is_some() {
            "APPLICATION"
        } else {
            "SESSION"
        };
        conf.set(CLUSTER_MODE, cluster_mode, field("spec.mode"));
        if let Some(jar) = spec.job.as_ref().and_then(|j| j.jar_uri.as_ref()) {
            conf.set_list(
                "pipeline.classpaths",
                vec![standalone_jar_uri(jar)],
                field("spec.job.jarURI"),
            );
        }
    }
}

/// `applyJobConfig`: what a job gets, in an application FlinkDeployment and a
/// FlinkSessionJob alike (`name`: the resource's name).
pub fn apply_job_config(name: &str, job: &crate::apache_spec::JobSpec, conf: &mut Built) {
    conf.set_default("pipeline.name", name, field("metadata.name"));
    if job.upgrade_mode() == UpgradeMode::LastState {
        conf.set_default(
            "execution.checkpointing.interval",
            "5 min",
            field("spec.job.upgradeMode"),
        );
    }
    conf.set_default(
        "execution.checkpointing.externalized-checkpoint-retention",
        "RETAIN_ON_CANCELLATION",
        field("spec.job"),
    );
    if let Some(allow) = job.allow_non_restored_state {
        conf.set(
            "execution.savepoint.ignore-unclaimed-state",
            allow.to_string(),
            field("spec.job.allowNonRestoredState"),
        );
    }
    if let Some(class) = &job.entry_class {
        conf.set(
            "$internal.application.main",
            class.clone(),
            field("spec.job.entryClass"),
        );
    }
    conf.set_list(
        "$internal.application.program-args",
        job.args.clone().unwrap_or_default(),
        field("spec.job.args"),
    );
}

/// `getStandaloneJarURI`: a `local:` URI becomes a `file:` URI, anything else stays.
pub fn standalone_jar_uri(jar: &str) -> String {
    match jar.split_once(':') {
        Some(("local", rest)) => format!("file:{rest}"),
        _ => jar.to_owned(),
    }
}

/// The reconciler's deploy (`ApplicationReconciler.deploy`, `SessionReconciler.deploy`).
fn apply_deploy(spec: &FlinkDeploymentSpec, name: &str, inputs: &Inputs<'_>, conf: &mut Built) {
    if let Some(job) = &spec.job {
        // A first deployment: the initial savepoint, or none at all.
        match job
            .initial_savepoint_path
            .as_ref()
            .filter(|p| !p.trim().is_empty())
        {
            Some(path) => conf.set(
                "execution.savepoint.path",
                path.clone(),
                field("spec.job.initialSavepointPath"),
            ),
            None => conf.remove("execution.savepoint.path"),
        }
    }
    if let Some(uid) = inputs.owner_uid {
        let reference = [
            ("apiVersion", crate::apache_spec::API_VERSION),
            ("kind", crate::apache_spec::DEPLOYMENT_KIND),
            ("name", name),
            ("uid", uid),
            ("blockOwnerDeletion", "true"),
            ("controller", "false"),
        ];
        let (keys, values): (Vec<String>, Vec<String>) = reference
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .unzip();
        let map = crate::structured_options::write_map(keys.iter().zip(values.iter()));
        conf.set(
            OWNER_REFERENCE,
            escape_list_item(&map),
            field("metadata.uid"),
        );
    }
    if spec.job.is_some() {
        if let Some(storage) = conf.get("high-availability.storageDir").map(str::to_owned) {
            conf.set_default(
                "job-result-store.delete-on-commit",
                "false",
                Origin::Operator(None),
            );
            let id = conf
                .get(crate::ha::CLUSTER_ID_KEY)
                .unwrap_or_default()
                .to_owned();
            conf.set(
                crate::ha::JOB_RESULT_STORE_KEY,
                format!(
                    "{storage}/job-result-store/{id}/{}",
                    inputs.placeholders.job_result_store_uuid
                ),
                Origin::Operator(None),
            );
        }
        if !conf.entries.contains_key("$internal.pipeline.job-id") {
            conf.set(
                "$internal.pipeline.job-id",
                inputs.placeholders.job_id.clone(),
                Origin::Operator(None),
            );
        }
    }
}

/// What Flink's client adds (`KubernetesClusterDescriptor`, or the operator's standalone
/// one): execution mode and entry point (native), the fixed ports, HA's cluster id and port,
/// and the JobManager's address where the internal Service leads to it.
fn apply_client(
    spec: &FlinkDeploymentSpec,
    name: &str,
    namespace: Option<&str>,
    mode: DeploymentMode,
    conf: &mut Built,
) {
    let client = Origin::Native(None);
    if mode == DeploymentMode::Native {
        conf.set("internal.cluster.execution-mode", "NORMAL", client.clone());
        let entrypoint = if spec.job.is_some() {
            APPLICATION_ENTRYPOINT
        } else {
            SESSION_ENTRYPOINT
        };
        conf.set(
            "kubernetes.internal.jobmanager.entrypoint.class",
            entrypoint,
            client.clone(),
        );
    }
    for (key, fixed) in FIXED_PORTS {
        if conf.get(key).and_then(parse_port).unwrap_or(0) == 0 {
            conf.set(key, fixed, client.clone());
        }
    }
    let bind_port = conf
        .get(REST_BIND_PORT.0)
        .or_else(|| conf.get("rest.port"))
        .and_then(parse_port);
    if bind_port == Some(0) {
        conf.set(REST_BIND_PORT.0, REST_BIND_PORT.1, client.clone());
    }
    let ha = ha_activated(&conf.entries);
    if ha {
        conf.set(crate::ha::HA_CLUSTER_ID_KEY, name, client.clone());
        let port = conf
            .get(crate::ha::JOB_MANAGER_PORT_KEY)
            .unwrap_or("0")
            .to_owned();
        if port.parse::<i32>().ok() == Some(0) {
            let rpc = conf.get("jobmanager.rpc.port").unwrap_or("6123").to_owned();
            conf.set(crate::ha::JOB_MANAGER_PORT_KEY, rpc, client.clone());
        }
    }
    if !ha || mode == DeploymentMode::Standalone {
        let address = match namespace {
            Some(namespace) => format!("{name}.{namespace}"),
            None => name.to_owned(),
        };
        conf.set("jobmanager.rpc.address", address, client);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_deterministic_and_well_formed() {
        let values = PlaceholderValues::new(Some("default"), "basic-example", 1, None);
        assert_eq!(values.job_id.len(), 32);
        assert!(values.job_id.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            values,
            PlaceholderValues::new(Some("default"), "basic-example", 1, None)
        );
        assert_ne!(
            values.job_id,
            PlaceholderValues::new(Some("default"), "basic-example", 2, None).job_id
        );
        let uuid = &values.job_result_store_uuid;
        assert_eq!(uuid.len(), 36);
        assert_eq!(uuid.chars().nth(14), Some('3'), "version 3: {uuid}");
        let given = PlaceholderValues::new(None, "x", 1, Some("0123456789abcdef0123456789abcdef"));
        assert_eq!(given.job_id, "0123456789abcdef0123456789abcdef");
    }

    #[test]
    fn standalone_jar_uris_are_file_uris() {
        assert_eq!(
            standalone_jar_uri("local:///opt/flink/usrlib/job.jar"),
            "file:///opt/flink/usrlib/job.jar"
        );
        assert_eq!(standalone_jar_uri("https://x/job.jar"), "https://x/job.jar");
    }
}
