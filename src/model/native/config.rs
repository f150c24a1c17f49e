//! The Flink configuration of a natively deployed cluster: what `flink-config-<id>` holds, as
//! Flink's client would write it for the FlinkCluster's settings.
//!
//! It starts from the configuration the operator target writes
//! ([`crate::model::config::configuration`]: ports, task slots,
//! `spec.flinkProperties`, Kubernetes HA), gives each process the whole container memory the
//! spec asks for (Flink sizes the containers from it), and adds what the native
//! integration reads: the cluster id and namespace, the deployment target, image, service
//! account, rest Service type, CPUs, Hadoop and GCP mounts, and for a job cluster the
//! application (JAR, entry class, arguments, savepoint, parallelism). Settings derived from
//! spec fields win over the same keys in `spec.flinkProperties` (validation warns).

use std::collections::BTreeMap;

use super::features::Features;
use crate::ha::{self, KubernetesHa};
use crate::memory::java;
use crate::model::config::{self, Origin};
use crate::model::{memory, names};
use crate::options::Settings;
use crate::path::FieldPath;
use crate::spec::{AccessScope, FlinkClusterSpec};

/// The JobManager's process size option.
pub const JOB_MANAGER_PROCESS_SIZE: &str = "jobmanager.memory.process.size";
/// The TaskManager's process size option.
pub const TASK_MANAGER_PROCESS_SIZE: &str = "taskmanager.memory.process.size";
/// Bytes in a MiB.
const MEBIBYTE: i64 = 1 << 20;

/// `execution.target` of a session cluster.
pub const SESSION_TARGET: &str = "kubernetes-session";
/// `execution.target` of an application (job) cluster.
pub const APPLICATION_TARGET: &str = "kubernetes-application";
/// The JobManager entry point class of a session cluster.
pub const SESSION_ENTRYPOINT: &str =
    "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint";
/// The JobManager entry point class of an application cluster.
pub const APPLICATION_ENTRYPOINT: &str =
    "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint";
/// Where the Flink image keeps Flink, the working directory of the operator's job submitter:
/// relative JAR paths are resolved against it.
pub const FLINK_HOME: &str = "/opt/flink";

/// The keys flink-render derives from spec fields in the native target (a value set for them
/// in `spec.flinkProperties` is replaced).
pub const DERIVED_KEYS: &[&str] = &[
    "execution.target",
    "internal.cluster.execution-mode",
    "kubernetes.internal.jobmanager.entrypoint.class",
    "kubernetes.container.image",
    "kubernetes.container.image.ref",
    "kubernetes.container.image.pull-policy",
    "kubernetes.service-account",
    "kubernetes.rest-service.exposed.type",
    "kubernetes.jobmanager.cpu",
    "kubernetes.jobmanager.cpu.amount",
    "kubernetes.taskmanager.cpu",
    "kubernetes.taskmanager.cpu.amount",
    "kubernetes.jobmanager.replicas",
    "kubernetes.hadoop.conf.config-map.name",
    "kubernetes.secrets",
    "pipeline.jars",
    "pipeline.classpaths",
    "$internal.application.main",
    "$internal.application.program-args",
    "execution.savepoint.path",
    "execution.savepoint.ignore-unclaimed-state",
    "parallelism.default",
];

/// The list-typed options flink-render sets: written `;`-separated in `flink-conf.yaml`, as
/// YAML sequences in `config.yaml`.
pub const LIST_KEYS: &[&str] = &[
    "pipeline.jars",
    "pipeline.classpaths",
    "$internal.application.program-args",
];

/// The cluster id: `spec.flinkProperties[kubernetes.cluster-id]`, else the cluster's name.
pub fn cluster_id(spec: &FlinkClusterSpec, name: &str) -> String {
    spec.flink_properties
        .as_ref()
        .and_then(|p| p.get(ha::CLUSTER_ID_KEY))
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// The service account of the JobManager and TaskManager pods: the user's, else
/// `<name>-flink`, which flink-render creates (the JobManager needs API access to start
/// TaskManager pods).
pub fn service_account(spec: &FlinkClusterSpec, name: &str) -> String {
    spec.service_account_name
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| names::service_account(name))
}

/// The service account Flink runs `component`'s pods under (`jobmanager` or `taskmanager`):
/// `kubernetes.<component>.service-account`, else `kubernetes.service-account`, which
/// flink-render sets ([`service_account`]).
pub fn component_service_account(entries: &BTreeMap<String, String>, component: &str) -> String {
    entries
        .get(&format!("kubernetes.{component}.service-account"))
        .or_else(|| entries.get("kubernetes.service-account"))
        .map(|v| java::trim(v).to_owned())
        .unwrap_or_default()
}

/// `external-resources`: the list option naming external resources, `none` for none.
pub const EXTERNAL_RESOURCES: &str = "external-resources";

/// An external resource each TaskManager gets (`ExternalResourceUtils`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalResource {
    /// Its name in `external-resources`.
    pub name: String,
    /// `external-resource.<name>.amount`.
    pub amount: i64,
    /// `external-resource.<name>.kubernetes.config-key`: the container resource it becomes.
    pub kubernetes_key: Option<String>,
}

/// The external resources of a configuration, in the order Flink iterates them (a Java
/// `HashSet` of the names): those with a positive amount; the others Flink skips with a
/// warning.
pub fn external_resources(entries: &BTreeMap<String, String>) -> Vec<ExternalResource> {
    let Some(list) = entries.get(EXTERNAL_RESOURCES) else {
        return Vec::new();
    };
    if java::trim(list) == "none" {
        return Vec::new();
    }
    let mut names: Vec<String> =
        crate::structured_options::split_escaped(list, ';').unwrap_or_default();
    names.sort();
    names.dedup();
    let keys: Vec<&str> = names.iter().map(String::as_str).collect();
    crate::memory::jvm::java_hash_map_order(&keys)
        .into_iter()
        .filter_map(|i| names.get(i))
        .filter_map(|name| {
            let amount = entries
                .get(&format!("external-resource.{name}.amount"))
                .and_then(|v| java::trim(v).parse::<i64>().ok())
                .filter(|a| *a > 0)?;
            let kubernetes_key = entries
                .get(&format!("external-resource.{name}.kubernetes.config-key"))
                .map(|v| java::trim(v).to_owned())
                .filter(|k| !k.is_empty());
            Some(ExternalResource {
                name: name.clone(),
                amount,
                kubernetes_key,
            })
        })
        .collect()
}

/// The job id Flink gives an application-mode job under HA when none is configured
/// (`ApplicationDispatcherBootstrap`): from Flink 1.16 (FLINK-19358) `new JobID(hash, 0)` with
/// `hash` the Java `String.hashCode` of `high-availability.cluster-id`; before, the zero id.
/// Without HA the job id is random, chosen at start. It is the same across JobManager restarts
/// and spec changes, which is what lets a restarted JobManager recover the job instead of
/// submitting it a second time.
pub fn flink_ha_job_id(version: (u64, u64), ha_cluster_id: &str) -> String {
    if version < (1, 16) {
        return "0".repeat(32);
    }
    let hash = ha_cluster_id.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    });
    // JobID(lowerPart, upperPart).toHexString(): both parts big-endian, the int widened with
    // its sign.
    format!("{:016x}{:016x}", i64::from(hash), 0u64)
}

/// `kubernetes.rest-service.exposed.type` for an access scope.
pub fn exposed_type(scope: AccessScope) -> &'static str {
    match scope {
        AccessScope::Cluster => "ClusterIP",
        AccessScope::NodePort => "NodePort",
        AccessScope::Vpc | AccessScope::External => "LoadBalancer",
        AccessScope::Headless => "Headless_ClusterIP",
    }
}

/// CPUs of a container (limit, else request) as Flink's `String.valueOf(double)` prints them.
pub fn cpu_text(resources: Option<&k8s_openapi::api::core::v1::ResourceRequirements>) -> String {
    let millis = crate::resources::upper_bound(resources, "cpu").milli_value();
    java::double_to_string(millis as f64 / 1000.0)
}

/// `pipeline.jars` for a `jarFile`: a path in the image becomes `local://`, a path relative
/// to the submitter's working directory is resolved against [`FLINK_HOME`], a URL is kept.
pub fn jar_uri(jar_file: &str) -> String {
    if jar_file.contains("://") {
        return jar_file.to_owned();
    }
    if jar_file.starts_with('/') {
        return format!("local://{jar_file}");
    }
    let relative = jar_file.trim_start_matches("./");
    format!("local://{FLINK_HOME}/{relative}")
}

/// A list item as Flink writes list options (`StructuredOptionsSplitter.escapeWithSingleQuote(
/// value, ";")`): single-quoted, its single quotes doubled, when it holds `;` or a quote.
pub fn escape_list_item(value: &str) -> String {
    crate::structured_options::escape(value, &[';'])
}

/// The ports Flink's client fixes before it writes the configuration
/// (`KubernetesUtils.checkAndUpdatePortConfigOption`): a port option that reads as `0` (any
/// free port, Flink's default for these two) is set to the port Kubernetes' objects name. A
/// range or any other text is refused by validation with Flink's message.
pub const FIXED_PORTS: [(&str, &str); 2] = [
    ("blob.server.port", "6124"),
    ("taskmanager.rpc.port", "6122"),
];

/// The REST bind port option, which falls back to `rest.port`, and its fixed port.
pub const REST_BIND_PORT: (&str, &str) = ("rest.bind-port", "8081");

/// A port option's value as `Integer.parseInt` reads it.
pub fn parse_port(value: &str) -> Option<i32> {
    value.parse::<i32>().ok()
}

/// The rest Service's annotations Flink reads (`kubernetes.rest-service.annotations`): the
/// spec's `jobManager.ServiceAnnotations`, the internal load balancer's for `accessScope:
/// VPC`, then the user's option, which wins on a clash.
fn rest_service_annotations(spec: &FlinkClusterSpec) -> BTreeMap<String, String> {
    let jm = spec.job_manager();
    let mut annotations = jm.service_annotations.clone().unwrap_or_default();
    if jm.scope() == AccessScope::Vpc {
        for (key, value) in crate::model::names::VPC_ANNOTATIONS {
            annotations.insert(key.to_owned(), value.to_owned());
        }
    }
    if let Some(option) = spec
        .flink_properties
        .as_ref()
        .and_then(|p| p.get(REST_SERVICE_ANNOTATIONS))
    {
        annotations.extend(super::labels::option_map(option));
    }
    annotations
}

/// The rest Service annotations option.
pub const REST_SERVICE_ANNOTATIONS: &str = "kubernetes.rest-service.annotations";

/// A native Flink configuration: plain entries and list-typed ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NativeConfiguration {
    /// Every entry as Flink reads it from `flink-conf.yaml` (lists `;`-joined).
    pub entries: BTreeMap<String, String>,
    /// The list-typed entries flink-render set, item by item.
    pub lists: BTreeMap<String, Vec<String>>,
    /// Where each entry comes from.
    pub origins: BTreeMap<String, Origin>,
}

impl NativeConfiguration {
    /// Sets `key`, derived by the native target (from no field of its own).
    fn set(&mut self, key: &str, value: impl Into<String>) {
        self.set_from(key, value, Origin::Native(None));
    }

    /// Sets `key`, derived by the native target from the spec field `field`.
    fn set_field(&mut self, key: &str, value: impl Into<String>, field: &str) {
        self.set_from(key, value, Origin::Native(Some(FieldPath::fields(field))));
    }

    fn set_from(&mut self, key: &str, value: impl Into<String>, origin: Origin) {
        self.lists.remove(key);
        self.origins.insert(key.to_owned(), origin);
        self.entries.insert(key.to_owned(), value.into());
    }

    fn remove(&mut self, key: &str) {
        self.lists.remove(key);
        self.origins.remove(key);
        self.entries.remove(key);
    }

    fn set_list(&mut self, key: &str, items: Vec<String>, field: &str) {
        self.origins.insert(
            key.to_owned(),
            Origin::Native(Some(FieldPath::fields(field))),
        );
        let joined = items
            .iter()
            .map(|i| escape_list_item(i))
            .collect::<Vec<_>>()
            .join(";");
        self.entries.insert(key.to_owned(), joined);
        self.lists.insert(key.to_owned(), items);
    }

    /// The configuration file's text: flat `key: value` lines for `flink-conf.yaml`; a YAML
    /// mapping (lists as sequences, strings quoted where YAML would read something else) for
    /// `config.yaml`, which Flink 2.0 reads as standard YAML.
    pub fn file_text(&self, features: &Features) -> String {
        use crate::flink_conf::{Entry, Format};
        let format = if features.config_file() == Format::ConfigYaml.file_name() {
            Format::ConfigYaml
        } else {
            Format::FlinkConfYaml
        };
        let entries = self
            .entries
            .iter()
            .map(|(key, value)| {
                let entry = match self.lists.get(key) {
                    Some(items) => Entry::List(items.clone()),
                    None => Entry::Text(value.clone()),
                };
                (key.clone(), entry)
            })
            .collect();
        crate::flink_conf::write(&entries, format)
    }
}

/// The native configuration of cluster `name` with `spec`, in `namespace`, with Kubernetes HA
/// `ha`, under `settings`.
pub fn configuration(
    spec: &FlinkClusterSpec,
    name: &str,
    namespace: Option<&str>,
    ha: Option<&KubernetesHa>,
    settings: &Settings,
) -> NativeConfiguration {
    let features = Features::of(&spec.flink_version).unwrap_or(Features {
        version: super::features::OLDEST,
    });
    let operator = config::configuration(spec, name, ha);
    let mut conf = NativeConfiguration {
        entries: operator.values().clone(),
        lists: BTreeMap::new(),
        origins: operator.origins().clone(),
    };
    // Natively Flink sizes every container from its process size, so the process gets the
    // whole memory the spec gives the container (in whole MiB, rounded down so that the pod
    // stays within it). The operator's memoryProcessRatio leaves headroom in a container it
    // sizes itself; here Flink's JVM overhead, part of the process size, is that headroom.
    for (key, resources) in [
        (
            JOB_MANAGER_PROCESS_SIZE,
            spec.job_manager().resources.as_ref(),
        ),
        (
            TASK_MANAGER_PROCESS_SIZE,
            spec.task_manager().resources.as_ref(),
        ),
    ] {
        let user_set = spec
            .flink_properties
            .as_ref()
            .is_some_and(|p| p.contains_key(key));
        let mib = crate::resources::memory_bytes(resources) / MEBIBYTE;
        if !user_set && mib > 0 {
            let component = if key == JOB_MANAGER_PROCESS_SIZE {
                "spec.jobManager.resources"
            } else {
                "spec.taskManager.resources"
            };
            conf.set_from(
                key,
                format!("{mib}m"),
                Origin::Memory(FieldPath::fields(component)),
            );
        }
    }
    let id = cluster_id(spec, name);
    let application = spec.job.is_some();
    // Without HA the JobManager is reached through the internal Service; with HA, Flink sets
    // the address to the pod IP when the JobManager starts.
    conf.remove("jobmanager.rpc.address");
    if ha.is_none() {
        let address = match namespace {
            Some(namespace) => format!("{id}.{namespace}"),
            None => id.clone(),
        };
        conf.set("jobmanager.rpc.address", address);
    } else {
        conf.set(ha::HA_CLUSTER_ID_KEY, id.clone());
    }
    conf.set(ha::CLUSTER_ID_KEY, id);
    if let Some(namespace) = namespace {
        conf.set(ha::NAMESPACE_KEY, namespace);
    }
    let (target, entrypoint) = if application {
        (APPLICATION_TARGET, APPLICATION_ENTRYPOINT)
    } else {
        (SESSION_TARGET, SESSION_ENTRYPOINT)
    };
    conf.set("execution.target", target);
    conf.set("internal.cluster.execution-mode", "NORMAL");
    conf.set(
        "kubernetes.internal.jobmanager.entrypoint.class",
        entrypoint,
    );
    // Flink 1.17 to 1.20 read `.ref` before the older key: a user's value for either would
    // shadow or duplicate the image the JobManager pod runs.
    conf.remove("kubernetes.container.image");
    conf.remove("kubernetes.container.image.ref");
    conf.set_field(
        features.image_key(),
        spec.image.name.clone(),
        "spec.image.name",
    );
    conf.set_field(
        "kubernetes.container.image.pull-policy",
        spec.pull_policy().as_str(),
        "spec.image.pullPolicy",
    );
    conf.set("kubernetes.service-account", service_account(spec, name));
    let jm = spec.job_manager();
    conf.set_field(
        "kubernetes.rest-service.exposed.type",
        exposed_type(jm.scope()),
        "spec.jobManager.accessScope",
    );
    conf.set_field(
        features.job_manager_cpu_key(),
        cpu_text(jm.resources.as_ref()),
        "spec.jobManager.resources",
    );
    conf.set_field(
        features.task_manager_cpu_option().key,
        cpu_text(spec.task_manager().resources.as_ref()),
        "spec.taskManager.resources",
    );
    if jm.replica_count() > 1 {
        conf.set_field(
            "kubernetes.jobmanager.replicas",
            jm.replica_count().to_string(),
            "spec.jobManager.replicas",
        );
    }
    if let Some(map) = spec
        .hadoop_config
        .as_ref()
        .and_then(|h| h.config_map_name.clone())
    {
        conf.set_field(
            "kubernetes.hadoop.conf.config-map.name",
            map,
            "spec.hadoopConfig.configMapName",
        );
    }
    if let Some((secret, mount, key_file)) = gcp_secret(spec) {
        conf.set_field(
            "kubernetes.secrets",
            format!("{secret}:{mount}"),
            "spec.gcpConfig.serviceAccount",
        );
        let credentials = format!("{mount}{key_file}");
        conf.set(
            "containerized.master.env.GOOGLE_APPLICATION_CREDENTIALS",
            credentials.clone(),
        );
        conf.set(
            "containerized.taskmanager.env.GOOGLE_APPLICATION_CREDENTIALS",
            credentials,
        );
    }
    let annotations = rest_service_annotations(spec);
    if !annotations.is_empty() {
        conf.set(
            REST_SERVICE_ANNOTATIONS,
            crate::structured_options::write_map(&annotations),
        );
    }
    for (key, fixed) in FIXED_PORTS {
        if conf.entries.get(key).and_then(|v| parse_port(v)) == Some(0) {
            conf.set(key, fixed);
        }
    }
    if conf
        .entries
        .get(REST_BIND_PORT.0)
        .and_then(|v| parse_port(v))
        == Some(0)
    {
        conf.set(REST_BIND_PORT.0, REST_BIND_PORT.1);
    }
    if ha.is_some() {
        let ha_port = conf
            .entries
            .get(ha::JOB_MANAGER_PORT_KEY)
            .and_then(|v| parse_port(v));
        if ha_port == Some(0)
            && let Some(rpc) = conf.entries.get("jobmanager.rpc.port").cloned()
        {
            conf.set(ha::JOB_MANAGER_PORT_KEY, rpc);
        }
    }
    if let Some(job) = &spec.job {
        if let Some(jar) = &job.jar_file {
            conf.set_list("pipeline.jars", vec![jar_uri(jar)], "spec.job.jarFile");
        }
        if let Some(class_path) = job.class_path.as_ref().filter(|c| !c.is_empty()) {
            conf.set_list(
                "pipeline.classpaths",
                class_path.clone(),
                "spec.job.classPath",
            );
        }
        if let Some(class) = &job.class_name {
            conf.set_field(
                "$internal.application.main",
                class.clone(),
                "spec.job.className",
            );
        }
        if let Some(args) = job.args.as_ref().filter(|a| !a.is_empty()) {
            conf.set_list(
                "$internal.application.program-args",
                args.clone(),
                "spec.job.args",
            );
        }
        let savepoint = settings
            .from_savepoint
            .clone()
            .or_else(|| job.from_savepoint.clone())
            .filter(|s| !s.trim().is_empty());
        if let Some(savepoint) = savepoint {
            conf.set_field(
                "execution.savepoint.path",
                savepoint,
                "spec.job.fromSavepoint",
            );
        }
        if job.allow_non_restored_state == Some(true) {
            conf.set_field(
                "execution.savepoint.ignore-unclaimed-state",
                "true",
                "spec.job.allowNonRestoredState",
            );
        }
        if let Some(parallelism) = memory::parallelism(spec) {
            conf.set_field(
                "parallelism.default",
                parallelism.to_string(),
                "spec.job.parallelism",
            );
        }
    }
    conf
}

/// The GCP service account Secret: its name, the mount directory (ending in `/`) and the key
/// file, when `spec.gcpConfig.serviceAccount` is set.
pub fn gcp_secret(spec: &FlinkClusterSpec) -> Option<(String, String, String)> {
    let account = spec.gcp_config.as_ref()?.service_account.as_ref()?;
    let secret = account.secret_name.clone()?;
    let mut mount = account.mount_path.clone().unwrap_or_default();
    if !mount.ends_with('/') {
        mount.push('/');
    }
    Some((secret, mount, account.key_file.clone().unwrap_or_default()))
}

/// The option naming the Deployment's owners.
pub const OWNER_REFERENCE: &str = "kubernetes.jobmanager.owner.reference";

/// A boolean of an owner reference as Flink's JSON mapper reads it.
pub fn owner_flag(value: &str) -> Option<bool> {
    match value.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jar_paths_become_uris() {
        assert_eq!(
            jar_uri("./examples/streaming/WordCount.jar"),
            "local:///opt/flink/examples/streaming/WordCount.jar"
        );
        assert_eq!(jar_uri("/cache/job.jar"), "local:///cache/job.jar");
        assert_eq!(jar_uri("gs://bucket/job.jar"), "gs://bucket/job.jar");
        assert_eq!(
            jar_uri("local:///opt/flink/usrlib/job.jar"),
            "local:///opt/flink/usrlib/job.jar"
        );
    }

    #[test]
    fn list_items_are_escaped_like_flink() {
        assert_eq!(escape_list_item("--input"), "--input");
        assert_eq!(escape_list_item("a;b"), "'a;b'");
        assert_eq!(escape_list_item("it's"), "'it''s'");
    }

    #[test]
    fn ha_job_id_is_flinks() {
        // Values printed by Java 17: String.format("%016x%016x", (long) s.hashCode(), 0L).
        for (id, expected) in [
            ("cluster", "0000000033fb11fa0000000000000000"),
            ("my-flink", "ffffffff8e4c3dff0000000000000000"),
            ("héllo-ütf16", "000000007e517e540000000000000000"),
        ] {
            assert_eq!(flink_ha_job_id((1, 16), id), expected);
            assert_eq!(flink_ha_job_id((2, 0), id), expected);
        }
        assert_eq!(flink_ha_job_id((1, 15), "my-flink"), "0".repeat(32));
    }
}
