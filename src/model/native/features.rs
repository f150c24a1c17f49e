//! What Flink's native Kubernetes integration does differently per Flink version
//! (flink-native-spec.md §2). flink-render renders the native target for Flink 1.13 and later:
//! the first release with pod templates, which carry the spec's pod-level settings to the
//! TaskManagers, and with the `kubernetes-jobmanager.sh` entry point.

use crate::memory::options::{Default as OptionDefault, Opt};
use crate::version::FlinkVersion;

/// The oldest Flink version the native target renders.
pub const OLDEST: (u64, u64) = (1, 13);

/// The version-dependent details of the native integration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    /// Major and minor version.
    pub version: (u64, u64),
}

impl Features {
    /// The features of `flink_version`; `None` when it does not parse.
    pub fn of(flink_version: &str) -> Option<Features> {
        let v = FlinkVersion::parse(flink_version).ok()?;
        Some(Features {
            version: (v.major(), v.minor()),
        })
    }

    fn at_least(&self, major: u64, minor: u64) -> bool {
        self.version >= (major, minor)
    }

    /// Whether the native target renders this version.
    pub fn supported(&self) -> bool {
        self.version >= OLDEST
    }

    /// The configuration file in `flink-config-<id>`: `config.yaml` from Flink 2.0, where the
    /// legacy `flink-conf.yaml` is no longer read; before, `flink-conf.yaml` (which 1.19 and 1.20
    /// still prefer when present).
    pub fn config_file(&self) -> &'static str {
        if self.at_least(2, 0) {
            "config.yaml"
        } else {
            "flink-conf.yaml"
        }
    }

    /// The image option: `kubernetes.container.image.ref` from Flink 2.0; before, the older
    /// key, which every 1.x release reads (as the key or as a deprecated fallback).
    pub fn image_key(&self) -> &'static str {
        if self.at_least(2, 0) {
            "kubernetes.container.image.ref"
        } else {
            "kubernetes.container.image"
        }
    }

    /// The JobManager CPU option (`.amount` from Flink 1.17).
    pub fn job_manager_cpu_key(&self) -> &'static str {
        if self.at_least(1, 17) {
            "kubernetes.jobmanager.cpu.amount"
        } else {
            "kubernetes.jobmanager.cpu"
        }
    }

    /// The TaskManager CPU option (`.amount` from Flink 1.17), with its deprecated key and its
    /// default, as the memory model reads it.
    pub fn task_manager_cpu_option(&self) -> Opt {
        if self.at_least(1, 17) {
            Opt {
                key: "kubernetes.taskmanager.cpu.amount",
                deprecated: &["kubernetes.taskmanager.cpu"],
                default: OptionDefault::Double(-1.0, "-1.0"),
            }
        } else {
            Opt {
                key: "kubernetes.taskmanager.cpu",
                deprecated: &[],
                default: OptionDefault::Double(-1.0, "-1.0"),
            }
        }
    }

    /// `_POD_NODE_ID` in the TaskManager's environment (Flink 1.16).
    pub fn pod_node_id_env(&self) -> bool {
        self.at_least(1, 16)
    }

    /// The `user-artifacts-volume` of the JobManager (Flink 1.19).
    pub fn user_artifacts_volume(&self) -> bool {
        self.at_least(1, 19)
    }

    /// `Headless_ClusterIP` as the rest Service type (Flink 1.15).
    pub fn headless_rest_service(&self) -> bool {
        self.at_least(1, 15)
    }

    /// Remote job JARs (`https://`, `s3://`, ...) that the JobManager fetches (Flink 1.19).
    pub fn remote_jars(&self) -> bool {
        self.at_least(1, 19)
    }

    /// `kubernetes.jobmanager.annotations` on the Deployment itself, not only on its pods
    /// (Flink 1.14).
    pub fn deployment_annotations(&self) -> bool {
        self.at_least(1, 14)
    }

    /// `kubernetes.jobmanager.replicas`: standby JobManagers (Flink 1.14).
    pub fn job_manager_replicas(&self) -> bool {
        self.at_least(1, 14)
    }

    /// `hostNetwork` and `dnsPolicy` set on the pods, and `kubernetes.hostnetwork.enabled`
    /// (Flink 1.15; before, Flink leaves both fields to the pod template).
    pub fn host_network(&self) -> bool {
        self.at_least(1, 15)
    }

    /// `kubernetes.{jobmanager,taskmanager}.{memory,cpu}.limit-factor` (Flink 1.15; before,
    /// limits equal requests).
    pub fn limit_factors(&self) -> bool {
        self.at_least(1, 15)
    }

    /// `kubernetes.{jobmanager,taskmanager}.entrypoint.args`, appended to the start commands
    /// after a space (Flink 1.16; before, the commands end with their last argument).
    pub fn entrypoint_args(&self) -> bool {
        self.at_least(1, 16)
    }

    /// `kubernetes.decorator.hadoop-conf-mount.enabled` (Flink 1.17; before, a named Hadoop
    /// ConfigMap is always mounted).
    pub fn hadoop_mount_switch(&self) -> bool {
        self.at_least(1, 17)
    }

    /// `kubernetes.internal-service.annotations` (Flink 1.20).
    pub fn internal_service_annotations(&self) -> bool {
        self.at_least(1, 20)
    }
}
