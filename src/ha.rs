//! Flink's Kubernetes high-availability services: when a FlinkCluster turns them on, and what
//! they need from the manifests for the cluster's Flink version.
//!
//! Kubernetes HA is on when `high-availability` or `high-availability.type` in
//! `spec.flinkProperties` names it (`kubernetes`, any case, or the factory class). [`resolve`]
//! turns the properties, the Flink version and the namespace into a [`KubernetesHa`]: the
//! settings flink-render writes into the Flink configuration, the ConfigMaps Flink will create at
//! run time (names and labels as that version spells them), the verbs its service account needs
//! on ConfigMaps, and where its state lands under `high-availability.storageDir`. Everything that
//! would keep HA from working is a diagnostic naming the field, with Flink's own words where
//! Flink has them. Pure: no I/O.
//!
//! flink-render's "HA on" is wider than the operator's `IsHighAvailabilityEnabled` (which reads
//! only `high-availability` and also needs `kubernetes.cluster-id` and the storage directory):
//! the cluster id defaults to the cluster name here and a missing storage directory is an error,
//! so a cluster that would run without HA under the operator is refused instead.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::kubernetes::names;
use crate::path::FieldPath;
use crate::spec::FlinkClusterSpec;
use crate::version::FlinkVersion;

/// The factory class that selects Kubernetes HA in every Flink version.
pub const FACTORY_CLASS: &str =
    "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory";
/// The HA mode key up to Flink 1.16 (a deprecated spelling from 1.17).
pub const MODE_KEY_LEGACY: &str = "high-availability";
/// The HA mode key from Flink 1.17.
pub const MODE_KEY: &str = "high-availability.type";
/// Names every HA ConfigMap.
pub const CLUSTER_ID_KEY: &str = "kubernetes.cluster-id";
/// Names the cluster's directory under the storage directory.
pub const HA_CLUSTER_ID_KEY: &str = "high-availability.cluster-id";
/// The storage directory, then its deprecated spellings, in the order Flink reads them.
pub const STORAGE_DIR_KEYS: [&str; 3] = [
    "high-availability.storageDir",
    "high-availability.zookeeper.storageDir",
    "recovery.zookeeper.storageDir",
];
/// Namespace of Flink's Kubernetes client, where the HA ConfigMaps are created.
pub const NAMESPACE_KEY: &str = "kubernetes.namespace";
/// RPC port of the JobManager when HA is on.
pub const JOB_MANAGER_PORT_KEY: &str = "high-availability.jobmanager.port";
/// Flink 1.15 only: `true` brings back one ConfigMap per component.
pub const USE_OLD_HA_SERVICES_KEY: &str = "high-availability.use-old-ha-services";
/// Where finished jobs are recorded (Flink 1.15+); defaults under the storage directory.
pub const JOB_RESULT_STORE_KEY: &str = "job-result-store.storage-path";
/// Flink's limit on the cluster id (`Constants.MAXIMUM_CHARACTERS_OF_CLUSTER_ID`).
pub const MAX_CLUSTER_ID_LENGTH: usize = 45;
/// A job id as Flink prints it, for checking names that contain one.
const SAMPLE_JOB_ID: &str = "00000000000000000000000000000000";

/// The HA mode a value selects, read as Flink's `HighAvailabilityMode.fromConfig` reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// No HA (`none` or `standalone`, any case).
    None,
    /// ZooKeeper HA.
    ZooKeeper,
    /// Kubernetes HA (`kubernetes`, any case, or [`FACTORY_CLASS`]).
    Kubernetes,
    /// Another factory class.
    Factory(String),
}

impl Mode {
    /// The mode `value` selects.
    pub fn of(value: &str) -> Mode {
        let value = value.trim();
        if value.eq_ignore_ascii_case("none") || value.eq_ignore_ascii_case("standalone") {
            Mode::None
        } else if value.eq_ignore_ascii_case("zookeeper") {
            Mode::ZooKeeper
        } else if value.eq_ignore_ascii_case("kubernetes") || value == FACTORY_CLASS {
            Mode::Kubernetes
        } else {
            Mode::Factory(value.to_owned())
        }
    }

    /// Whether Flink runs standby-capable HA services in this mode.
    pub fn is_active(&self) -> bool {
        *self != Mode::None
    }
}

/// How Flink lays out its HA ConfigMaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Up to 1.14 (and 1.15 with `high-availability.use-old-ha-services`): one leader
    /// ConfigMap per component and one per job.
    PerComponent,
    /// From 1.15: one ConfigMap for every leader, plus one per job for its checkpoints.
    ClusterConfigMap,
}

/// A ConfigMap Flink creates and maintains at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HaConfigMap {
    /// Its name; `<job id>` stands for a job's 32 hex digits when the id is not known.
    pub name: String,
    /// What Flink keeps in it.
    pub holds: &'static str,
}

/// Kubernetes HA as it applies to one cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubernetesHa {
    /// Flink's major and minor version.
    pub version: (u64, u64),
    /// `kubernetes.cluster-id`.
    pub cluster_id: String,
    /// `high-availability.cluster-id`: the cluster's directory under the storage directory.
    pub ha_cluster_id: String,
    /// `high-availability.storageDir` (whichever spelling the user wrote).
    pub storage_dir: String,
    /// Namespace of the pods and of the HA ConfigMaps.
    pub namespace: String,
    /// The ConfigMap layout.
    pub layout: Layout,
    /// `job-result-store.storage-path` when the user set it.
    pub job_result_store: Option<String>,
}

fn at_least(version: (u64, u64), major: u64, minor: u64) -> bool {
    version >= (major, minor)
}

fn property<'a>(props: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
    props.get(key).map(String::as_str)
}

fn properties_path(key: &str) -> FieldPath {
    FieldPath::fields("spec.flinkProperties").key(key)
}

/// The HA mode the properties select, with the key it comes from. Both spellings set to
/// different modes are an error at `high-availability.type`.
pub fn mode(spec: &FlinkClusterSpec, out: &mut Diagnostics) -> (Mode, Option<&'static str>) {
    let Some(props) = spec.flink_properties.as_ref() else {
        return (Mode::None, None);
    };
    let current = property(props, MODE_KEY).map(|v| (v, Mode::of(v)));
    let legacy = property(props, MODE_KEY_LEGACY).map(|v| (v, Mode::of(v)));
    match (current, legacy) {
        (Some((value, mode)), Some((legacy_value, legacy_mode))) => {
            if mode != legacy_mode {
                out.error(
                    properties_path(MODE_KEY),
                    format!(
                        "Invalid value: {value:?}: contradicts spec.flinkProperties[{MODE_KEY_LEGACY}] ({legacy_value:?}); both set the high-availability mode, set only one of them"
                    ),
                );
            }
            (mode, Some(MODE_KEY))
        }
        (Some((_, mode)), None) => (mode, Some(MODE_KEY)),
        (None, Some((_, mode))) => (mode, Some(MODE_KEY_LEGACY)),
        (None, None) => (Mode::None, None),
    }
}

/// Kubernetes HA for `spec`, or `None` when it is off. `name` is the cluster's name (the
/// default cluster id) and `namespace` the namespace the manifests are for. Every problem is
/// added to `out`; the result is `None` when there is any.
pub fn resolve(
    spec: &FlinkClusterSpec,
    name: &str,
    namespace: Option<&str>,
    out: &mut Diagnostics,
) -> Option<KubernetesHa> {
    let before = out.len();
    let (mode, mode_key) = mode(spec, out);
    let mode_key = mode_key?;
    storage_dir_spellings(spec, out);
    if mode != Mode::Kubernetes {
        return None;
    }
    let props = spec.flink_properties.clone().unwrap_or_default();
    let version = kubernetes_ha_version(spec, mode_key, out);

    let before_id = out.len();
    let cluster_id = match property(&props, CLUSTER_ID_KEY) {
        Some(id) => {
            cluster_id_problems(id, &properties_path(CLUSTER_ID_KEY), "", out);
            id.to_owned()
        }
        None => {
            cluster_id_problems(
                name,
                &FieldPath::fields("metadata.name"),
                " (kubernetes.cluster-id defaults to the cluster name; set spec.flinkProperties[kubernetes.cluster-id] to choose another)",
                out,
            );
            name.to_owned()
        }
    };

    let id_ok = out.len() == before_id;
    let storage_dir = storage_dir(&props, out);

    let namespace = match namespace {
        Some(namespace) => {
            if let Some(configured) = property(&props, NAMESPACE_KEY)
                && configured.trim() != namespace
            {
                out.error(
                    properties_path(NAMESPACE_KEY),
                    format!(
                        "Invalid value: {configured:?}: Flink creates its HA ConfigMaps in this namespace, but the cluster and the Role granting access to them are in namespace {namespace:?}; remove the property or set it to {namespace:?}"
                    ),
                );
            }
            namespace.to_owned()
        }
        None => {
            out.error(
                FieldPath::fields("metadata.namespace"),
                namespace_required("Kubernetes HA"),
            );
            String::new()
        }
    };

    let version = version?;
    let old_services = version == (1, 15)
        && property(&props, USE_OLD_HA_SERVICES_KEY)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let layout = if version < (1, 15) || old_services {
        Layout::PerComponent
    } else {
        Layout::ClusterConfigMap
    };
    let ha = KubernetesHa {
        version,
        ha_cluster_id: property(&props, HA_CLUSTER_ID_KEY)
            .map(str::to_owned)
            .unwrap_or_else(|| cluster_id.clone()),
        cluster_id,
        storage_dir: storage_dir.unwrap_or_default(),
        namespace,
        layout,
        job_result_store: property(&props, JOB_RESULT_STORE_KEY).map(str::to_owned),
    };
    // A bad id is reported once, not once for every name made of it.
    for map in ha.config_maps(Some(SAMPLE_JOB_ID)).iter().filter(|_| id_ok) {
        for message in names::dns1123_subdomain(&map.name) {
            out.error(
                properties_path(CLUSTER_ID_KEY),
                format!(
                    "Invalid value: {:?}: Flink would name a ConfigMap {:?}: {message}",
                    ha.cluster_id, map.name
                ),
            );
        }
    }
    (out.len() == before).then_some(ha)
}

/// Why a namespace is needed when `feature` binds a Role to the pods' ServiceAccount.
pub fn namespace_required(feature: &str) -> String {
    format!(
        "Required value: {feature} binds a Role to the pods' ServiceAccount, and a RoleBinding must name the account's namespace; set metadata.namespace or --namespace"
    )
}

/// The Flink version as (major, minor), when it supports Kubernetes HA.
fn kubernetes_ha_version(
    spec: &FlinkClusterSpec,
    mode_key: &str,
    out: &mut Diagnostics,
) -> Option<(u64, u64)> {
    if spec.flink_version.trim().is_empty() {
        out.error(
            FieldPath::fields("spec.flinkVersion"),
            "Required value: Kubernetes HA names its ConfigMaps and settings differently in each Flink version",
        );
        return None;
    }
    // A malformed version is reported by the operator's own check.
    let parsed = FlinkVersion::parse(&spec.flink_version).ok()?;
    let version = (parsed.major(), parsed.minor());
    if !at_least(version, 1, 12) {
        out.error(
            properties_path(mode_key),
            format!(
                "Kubernetes HA services exist from Flink 1.12; spec.flinkVersion is {}",
                spec.flink_version
            ),
        );
        return None;
    }
    Some(version)
}

/// Flink's checks of `kubernetes.cluster-id`, plus the Service-name rule Kubernetes applies to
/// it (Flink documents it, the API server enforces it).
pub fn cluster_id_problems(id: &str, path: &FieldPath, hint: &str, out: &mut Diagnostics) {
    if id.trim().is_empty() {
        out.error(
            path.clone(),
            format!("kubernetes.cluster-id must not be blank.{hint}"),
        );
        return;
    }
    if id.chars().count() > MAX_CLUSTER_ID_LENGTH {
        out.error(
            path.clone(),
            format!("kubernetes.cluster-id must be no more than {MAX_CLUSTER_ID_LENGTH} characters.{hint}"),
        );
    }
    for message in names::dns1035_label(id)
        .into_iter()
        .filter(|m| !m.starts_with("must be no more than"))
    {
        out.error(
            path.clone(),
            format!("Invalid value: {id:?}: {message}{hint}"),
        );
    }
}

/// Two spellings of the storage directory with different values contradict each other.
fn storage_dir_spellings(spec: &FlinkClusterSpec, out: &mut Diagnostics) {
    let Some(props) = spec.flink_properties.as_ref() else {
        return;
    };
    let set: Vec<(&str, &str)> = STORAGE_DIR_KEYS
        .iter()
        .filter_map(|key| property(props, key).map(|v| (*key, v.trim())))
        .collect();
    if let Some((first_key, first)) = set.first() {
        for (key, value) in set.iter().skip(1) {
            if value != first {
                out.error(
                    properties_path(key),
                    format!(
                        "Invalid value: {value:?}: contradicts spec.flinkProperties[{first_key}] ({first:?}); both set the high-availability storage directory, set only {first_key}"
                    ),
                );
            }
        }
    }
}

/// The storage directory as Flink reads it, or Flink's error when it is missing or blank.
fn storage_dir(props: &BTreeMap<String, String>, out: &mut Diagnostics) -> Option<String> {
    let (key, value) = STORAGE_DIR_KEYS
        .iter()
        .find_map(|key| property(props, key).map(|v| (*key, v)))
        .unwrap_or((STORAGE_DIR_KEYS[0], ""));
    if value.trim().is_empty() {
        let path = if props.contains_key(key) {
            properties_path(key)
        } else {
            FieldPath::fields("spec.flinkProperties")
        };
        out.error(path, missing_storage_dir_message());
        return None;
    }
    Some(value.to_owned())
}

/// `HighAvailabilityServicesUtils.getClusterHighAvailableStoragePath`'s message, with the
/// `ConfigOption` printed the way Flink prints it.
pub fn missing_storage_dir_message() -> String {
    let fallbacks: Vec<String> = STORAGE_DIR_KEYS
        .iter()
        .skip(1)
        .map(|key| format!("{{key={key}, isDeprecated=true}}"))
        .collect();
    format!(
        "Configuration is missing the mandatory parameter: Key: '{}' , default: null (fallback keys: [{}])",
        STORAGE_DIR_KEYS[0],
        fallbacks.join(", ")
    )
}

impl KubernetesHa {
    /// The HA mode key this Flink version reads.
    pub fn mode_key(&self) -> &'static str {
        if at_least(self.version, 1, 17) {
            MODE_KEY
        } else {
            MODE_KEY_LEGACY
        }
    }

    /// The value selecting Kubernetes HA in this Flink version.
    pub fn mode_value(&self) -> &'static str {
        if at_least(self.version, 1, 16) {
            "kubernetes"
        } else {
            FACTORY_CLASS
        }
    }

    /// The entries flink-render adds to the Flink configuration unless the user set them, besides
    /// the mode ([`Self::mode_key`] = [`Self::mode_value`]): the cluster ids, the namespace of
    /// the HA ConfigMaps, and the JobManager's RPC port (with HA Flink may otherwise choose a
    /// random one, which the probes and the Service would miss).
    pub fn configuration(&self, rpc_port: i32) -> Vec<(&'static str, String)> {
        vec![
            (CLUSTER_ID_KEY, self.cluster_id.clone()),
            (HA_CLUSTER_ID_KEY, self.ha_cluster_id.clone()),
            (NAMESPACE_KEY, self.namespace.clone()),
            (JOB_MANAGER_PORT_KEY, rpc_port.to_string()),
        ]
    }

    /// The labels Flink puts on its HA ConfigMaps.
    pub fn labels(&self) -> BTreeMap<String, String> {
        let mut labels = BTreeMap::from([
            ("app".to_owned(), self.cluster_id.clone()),
            ("type".to_owned(), "flink-native-kubernetes".to_owned()),
        ]);
        if !at_least(self.version, 2, 0) {
            labels.insert("configmap-type".to_owned(), "high-availability".to_owned());
        }
        labels
    }

    /// The ConfigMaps Flink creates, reads and writes; per-job maps use `job_id`, or the
    /// pattern `<job id>` when it is not known.
    pub fn config_maps(&self, job_id: Option<&str>) -> Vec<HaConfigMap> {
        let id = &self.cluster_id;
        let job = job_id.unwrap_or("<job id>");
        match self.layout {
            Layout::PerComponent => vec![
                HaConfigMap {
                    name: format!("{id}-resourcemanager-leader"),
                    holds: "the ResourceManager leader's address and session",
                },
                HaConfigMap {
                    name: format!("{id}-dispatcher-leader"),
                    holds: "the Dispatcher leader's address and session, and pointers to the submitted job graphs",
                },
                HaConfigMap {
                    name: format!("{id}-restserver-leader"),
                    holds: "the REST server leader's address and session",
                },
                HaConfigMap {
                    name: format!("{id}-{job}-jobmanager-leader"),
                    holds: "per job: the JobMaster leader, the checkpoint ID counter and pointers to completed checkpoints",
                },
            ],
            Layout::ClusterConfigMap => vec![
                HaConfigMap {
                    name: format!("{id}-cluster-config-map"),
                    holds: if at_least(self.version, 2, 0) {
                        "the leader of every component and job, and pointers to the submitted execution plans"
                    } else {
                        "the leader of every component and job, and pointers to the submitted job graphs"
                    },
                },
                HaConfigMap {
                    name: format!("{id}-{job}-config-map"),
                    holds: "per job: the checkpoint ID counter and pointers to completed checkpoints",
                },
            ],
        }
    }

    /// The verbs Flink's HA services need on ConfigMaps: the JobManager creates, updates and
    /// deletes leader and job ConfigMaps and watches them; TaskManagers get, list and watch
    /// them. Until 1.18 cleanup deletes by label (`deletecollection`); from 1.18 the leader
    /// lock is updated with a patch (fabric8 6).
    pub fn config_map_verbs(&self) -> Vec<&'static str> {
        let mut verbs = vec!["get", "list", "watch", "create", "update"];
        if at_least(self.version, 1, 18) {
            verbs.push("patch");
        }
        verbs.push("delete");
        if !at_least(self.version, 1, 19) {
            verbs.push("deletecollection");
        }
        verbs
    }

    /// Where Flink keeps its state under the storage directory: (path, what).
    pub fn storage_layout(&self, job_id: Option<&str>) -> Vec<(String, &'static str)> {
        let base = self.storage_dir.trim().trim_end_matches('/');
        let cluster = self.ha_cluster_id.trim_matches('/');
        let job = job_id.unwrap_or("<job id>");
        let graph = if at_least(self.version, 2, 0) {
            ("submittedExecutionPlan", "submitted execution plans")
        } else {
            ("submittedJobGraph", "submitted job graphs")
        };
        let mut layout = vec![
            (
                format!("{base}/{cluster}/{}<12 hex digits>", graph.0),
                graph.1,
            ),
            (
                format!("{base}/{cluster}/completedCheckpoint<12 hex digits>"),
                "metadata of completed checkpoints",
            ),
            (
                format!("{base}/{cluster}/job_{job}/"),
                "the job's artifacts (BLOBs: jars and libraries)",
            ),
        ];
        if at_least(self.version, 1, 15) {
            let store = match &self.job_result_store {
                Some(path) => path.trim().trim_end_matches('/').to_owned(),
                None => format!("{base}/job-result-store/{cluster}"),
            };
            layout.push((
                format!("{store}/{job}.json"),
                "the result of the finished job (`_DIRTY.json` until its cleanup is done)",
            ));
        }
        layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(version: &str, props: &[(&str, &str)]) -> FlinkClusterSpec {
        FlinkClusterSpec {
            flink_version: version.to_owned(),
            flink_properties: Some(
                props
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            ),
            ..FlinkClusterSpec::default()
        }
    }

    fn resolved(version: &str, props: &[(&str, &str)]) -> KubernetesHa {
        let mut out = Diagnostics::new();
        let ha = resolve(&spec(version, props), "demo", Some("flink"), &mut out);
        assert!(out.is_empty(), "{out}");
        ha.expect("Kubernetes HA")
    }

    fn messages(version: &str, props: &[(&str, &str)], namespace: Option<&str>) -> Vec<String> {
        let mut out = Diagnostics::new();
        let ha = resolve(&spec(version, props), "demo", namespace, &mut out);
        assert!(ha.is_none());
        out.iter().map(ToString::to_string).collect()
    }

    const STORAGE: (&str, &str) = ("high-availability.storageDir", "s3://b/ha");

    #[test]
    fn modes_as_flink_reads_them() {
        assert_eq!(Mode::of(" Kubernetes "), Mode::Kubernetes);
        assert_eq!(Mode::of(FACTORY_CLASS), Mode::Kubernetes);
        assert_eq!(Mode::of("ZOOKEEPER"), Mode::ZooKeeper);
        assert_eq!(Mode::of("standalone"), Mode::None);
        assert_eq!(Mode::of("NONE"), Mode::None);
        assert_eq!(
            Mode::of("com.example.MyFactory"),
            Mode::Factory("com.example.MyFactory".to_owned())
        );
        assert!(!Mode::None.is_active());
        assert!(Mode::ZooKeeper.is_active());
    }

    #[test]
    fn off_unless_a_mode_key_names_kubernetes() {
        let mut out = Diagnostics::new();
        assert!(resolve(&spec("1.18", &[]), "demo", None, &mut out).is_none());
        let zk = spec("1.18", &[("high-availability", "zookeeper")]);
        assert!(resolve(&zk, "demo", None, &mut out).is_none());
        assert!(out.is_empty(), "{out}");
    }

    #[test]
    fn the_mode_key_and_value_follow_the_flink_version() {
        let cases = [
            ("1.13", MODE_KEY_LEGACY, FACTORY_CLASS),
            ("1.15", MODE_KEY_LEGACY, FACTORY_CLASS),
            ("1.16", MODE_KEY_LEGACY, "kubernetes"),
            ("1.17", MODE_KEY, "kubernetes"),
            ("2.0", MODE_KEY, "kubernetes"),
        ];
        for (version, key, value) in cases {
            let ha = resolved(version, &[(MODE_KEY, "kubernetes"), STORAGE]);
            assert_eq!((ha.mode_key(), ha.mode_value()), (key, value), "{version}");
        }
    }

    #[test]
    fn config_map_names_and_labels_per_version() {
        let ha = resolved("1.14", &[(MODE_KEY_LEGACY, FACTORY_CLASS), STORAGE]);
        let names: Vec<String> = ha.config_maps(None).into_iter().map(|m| m.name).collect();
        assert_eq!(
            names,
            [
                "demo-resourcemanager-leader",
                "demo-dispatcher-leader",
                "demo-restserver-leader",
                "demo-<job id>-jobmanager-leader"
            ]
        );
        assert_eq!(ha.labels().len(), 3);
        let old = resolved(
            "1.15",
            &[
                (MODE_KEY_LEGACY, "kubernetes"),
                (USE_OLD_HA_SERVICES_KEY, "true"),
                STORAGE,
            ],
        );
        assert_eq!(old.layout, Layout::PerComponent);
        let new = resolved("1.15", &[(MODE_KEY_LEGACY, "kubernetes"), STORAGE]);
        assert_eq!(new.config_maps(None)[0].name, "demo-cluster-config-map");
        let flink2 = resolved("2.0", &[(MODE_KEY, "kubernetes"), STORAGE]);
        assert_eq!(
            flink2.labels(),
            BTreeMap::from([
                ("app".to_owned(), "demo".to_owned()),
                ("type".to_owned(), "flink-native-kubernetes".to_owned()),
            ])
        );
    }

    #[test]
    fn storage_dir_is_required_with_flinks_message() {
        assert_eq!(
            messages("1.18", &[(MODE_KEY, "kubernetes")], Some("flink")),
            [
                "spec.flinkProperties: Configuration is missing the mandatory parameter: Key: 'high-availability.storageDir' , default: null (fallback keys: [{key=high-availability.zookeeper.storageDir, isDeprecated=true}, {key=recovery.zookeeper.storageDir, isDeprecated=true}])"
            ]
        );
        let blank = messages(
            "1.18",
            &[
                (MODE_KEY, "kubernetes"),
                ("high-availability.storageDir", " "),
            ],
            Some("flink"),
        );
        assert!(
            blank[0].starts_with("spec.flinkProperties[high-availability.storageDir]: Configuration is missing the mandatory parameter: "),
            "{blank:?}"
        );
        let deprecated = resolved(
            "1.18",
            &[
                (MODE_KEY, "kubernetes"),
                ("high-availability.zookeeper.storageDir", "hdfs:///ha"),
            ],
        );
        assert_eq!(deprecated.storage_dir, "hdfs:///ha");
    }

    #[test]
    fn cluster_id_rules() {
        let with_id = |id: &str| {
            messages(
                "1.18",
                &[(MODE_KEY, "kubernetes"), (CLUSTER_ID_KEY, id), STORAGE],
                Some("flink"),
            )
        };
        assert_eq!(
            with_id(" "),
            [
                "spec.flinkProperties[kubernetes.cluster-id]: kubernetes.cluster-id must not be blank."
            ]
        );
        assert_eq!(
            with_id(&"a".repeat(46)),
            [
                "spec.flinkProperties[kubernetes.cluster-id]: kubernetes.cluster-id must be no more than 45 characters."
            ]
        );
        for bad in ["my_cluster", "my.cluster", "MyCluster", "1cluster"] {
            let found = with_id(bad);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(
                found[0].contains("a DNS-1035 label must consist of"),
                "{found:?}"
            );
        }
        assert_eq!(
            resolved(
                "1.18",
                &[(MODE_KEY, "kubernetes"), (CLUSTER_ID_KEY, "ha-1"), STORAGE]
            )
            .cluster_id,
            "ha-1"
        );
    }

    #[test]
    fn a_config_map_name_that_is_no_subdomain_is_refused() {
        let ha = KubernetesHa {
            version: (1, 18),
            cluster_id: "Bad_Id".to_owned(),
            ha_cluster_id: "Bad_Id".to_owned(),
            storage_dir: "s3://b".to_owned(),
            namespace: "flink".to_owned(),
            layout: Layout::ClusterConfigMap,
            job_result_store: None,
        };
        let bad: Vec<String> = ha
            .config_maps(Some(SAMPLE_JOB_ID))
            .into_iter()
            .filter(|m| !names::dns1123_subdomain(&m.name).is_empty())
            .map(|m| m.name)
            .collect();
        assert_eq!(bad.len(), 2);
    }

    #[test]
    fn contradictions_are_refused() {
        assert_eq!(
            messages(
                "1.18",
                &[
                    (MODE_KEY, "kubernetes"),
                    (MODE_KEY_LEGACY, "zookeeper"),
                    STORAGE
                ],
                Some("flink")
            ),
            [
                "spec.flinkProperties[high-availability.type]: Invalid value: \"kubernetes\": contradicts spec.flinkProperties[high-availability] (\"zookeeper\"); both set the high-availability mode, set only one of them"
            ]
        );
        // Two spellings of the same mode agree.
        resolved(
            "1.18",
            &[
                (MODE_KEY, "kubernetes"),
                (MODE_KEY_LEGACY, FACTORY_CLASS),
                STORAGE,
            ],
        );
        let storage = messages(
            "1.18",
            &[
                (MODE_KEY, "kubernetes"),
                STORAGE,
                ("high-availability.zookeeper.storageDir", "s3://other"),
            ],
            Some("flink"),
        );
        assert_eq!(
            storage,
            [
                "spec.flinkProperties[high-availability.zookeeper.storageDir]: Invalid value: \"s3://other\": contradicts spec.flinkProperties[high-availability.storageDir] (\"s3://b/ha\"); both set the high-availability storage directory, set only high-availability.storageDir"
            ]
        );
    }

    #[test]
    fn namespace_version_and_kubernetes_namespace() {
        assert_eq!(
            messages("1.18", &[(MODE_KEY, "kubernetes"), STORAGE], None),
            [format!(
                "metadata.namespace: {}",
                namespace_required("Kubernetes HA")
            )]
        );
        assert_eq!(
            messages(
                "1.11",
                &[(MODE_KEY_LEGACY, "kubernetes"), STORAGE],
                Some("flink")
            ),
            [
                "spec.flinkProperties[high-availability]: Kubernetes HA services exist from Flink 1.12; spec.flinkVersion is 1.11"
            ]
        );
        assert_eq!(
            messages("", &[(MODE_KEY, "kubernetes"), STORAGE], Some("flink")),
            [
                "spec.flinkVersion: Required value: Kubernetes HA names its ConfigMaps and settings differently in each Flink version"
            ]
        );
        let other = messages(
            "1.18",
            &[
                (MODE_KEY, "kubernetes"),
                (NAMESPACE_KEY, "default"),
                STORAGE,
            ],
            Some("flink"),
        );
        assert!(
            other[0].starts_with(
                "spec.flinkProperties[kubernetes.namespace]: Invalid value: \"default\""
            ),
            "{other:?}"
        );
    }

    #[test]
    fn state_under_the_storage_directory() {
        let ha = resolved(
            "1.18",
            &[
                (MODE_KEY, "kubernetes"),
                ("high-availability.storageDir", "s3://b/ha/"),
                (HA_CLUSTER_ID_KEY, "/team-a"),
            ],
        );
        let paths: Vec<String> = ha
            .storage_layout(None)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            paths,
            [
                "s3://b/ha/team-a/submittedJobGraph<12 hex digits>",
                "s3://b/ha/team-a/completedCheckpoint<12 hex digits>",
                "s3://b/ha/team-a/job_<job id>/",
                "s3://b/ha/job-result-store/team-a/<job id>.json",
            ]
        );
        let flink2 = resolved("2.0", &[(MODE_KEY, "kubernetes"), STORAGE]);
        assert!(
            flink2.storage_layout(Some("ab"))[0]
                .0
                .ends_with("/demo/submittedExecutionPlan<12 hex digits>")
        );
        let old = resolved("1.13", &[(MODE_KEY_LEGACY, "kubernetes"), STORAGE]);
        assert_eq!(
            old.storage_layout(None).len(),
            3,
            "no job result store before 1.15"
        );
    }
}
