//! What the operator would read from a live cluster, given explicitly.
//!
//! The operator knows the FlinkCluster's uid, its revision number, the savepoint a job last
//! took and the cluster it runs in; an offline renderer must be told. [`Options`] come from the
//! caller (command line or library); any field left unset falls back to the FlinkCluster's
//! `flink-render/<option>` annotation, then to a default. Annotations make the options usable
//! where there is no command line (Helm post-render, KRM functions). [`Settings`] are the
//! options in effect for one cluster.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::diagnostics::Diagnostics;
use crate::operator_config::OperatorConfig;
use crate::path::FieldPath;

/// Prefix of the annotations that carry options.
pub const ANNOTATION_PREFIX: &str = "flink-render/";

/// Oldest Kubernetes version flink-render renders for.
pub const OLDEST_KUBE_VERSION: KubeVersion = KubeVersion {
    major: 1,
    minor: 25,
};
/// Newest Kubernetes version flink-render knows; the default target.
pub const NEWEST_KUBE_VERSION: KubeVersion = KubeVersion {
    major: 1,
    minor: 37,
};

/// A Kubernetes minor version such as 1.30.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    /// Major version (1).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Default for KubeVersion {
    fn default() -> KubeVersion {
        NEWEST_KUBE_VERSION
    }
}

impl FromStr for KubeVersion {
    type Err = String;

    /// Reads `1.30`, `v1.30` or `1.30.2`; refuses versions older than 1.25.
    fn from_str(text: &str) -> Result<KubeVersion, String> {
        let trimmed = text.strip_prefix('v').unwrap_or(text);
        let mut parts = trimmed.split('.');
        let number = |part: Option<&str>| part.and_then(|p| p.parse::<u32>().ok());
        let (Some(major), Some(minor)) = (number(parts.next()), number(parts.next())) else {
            return Err(format!("{text:?} is not a Kubernetes version such as 1.30"));
        };
        if parts
            .next()
            .is_some_and(|patch| patch.parse::<u32>().is_err())
            || parts.next().is_some()
        {
            return Err(format!("{text:?} is not a Kubernetes version such as 1.30"));
        }
        let version = KubeVersion { major, minor };
        if version < OLDEST_KUBE_VERSION {
            return Err(format!(
                "Kubernetes {version} is not supported: flink-render renders for Kubernetes {OLDEST_KUBE_VERSION} and newer"
            ));
        }
        Ok(version)
    }
}

/// Options given by the caller; `None` means "use the annotation, else the default".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// uid of the live FlinkCluster, for ownerReferences (else `metadata.uid`).
    pub owner_uid: Option<String>,
    /// Revision number of the cluster's ControllerRevision (default 1).
    pub revision: Option<u32>,
    /// Savepoint the job is restored from, as the operator's job status would give it.
    pub from_savepoint: Option<String>,
    /// Kubernetes version the manifests are for (default: the newest supported).
    pub kube_version: Option<KubeVersion>,
    /// Namespace for clusters whose metadata has none.
    pub namespace: Option<String>,
    /// Whether Flink pods get barrier init containers (default off).
    pub barrier: Option<bool>,
    /// Image of the barrier init containers (default [`DEFAULT_BARRIER_IMAGE`]).
    pub barrier_image: Option<String>,
    /// Seconds between two checks of a barrier (default 10, at least 5).
    pub barrier_check_interval_sec: Option<i64>,
    /// Seconds a barrier waits before it gives up (default 600, 60 to 1200).
    pub barrier_check_timeout_sec: Option<i64>,
    /// Pod Security Standards level every rendered pod must meet (default: none checked).
    pub pod_security: Option<PodSecurityLevel>,
    /// Whether to set the securityContext fields that make the pods meet the restricted level.
    pub harden: Option<bool>,
    /// What to render: the operator's objects (default) or Flink's native Kubernetes ones.
    pub target: Option<Target>,
    /// The Apache Flink Kubernetes Operator's configuration, for FlinkDeployments and
    /// FlinkSessionJobs (default: its Helm chart's).
    pub operator_config: Option<OperatorConfig>,
    /// The job id of an application FlinkDeployment (default: a stated placeholder derived
    /// from its namespace, name and generation).
    pub job_id: Option<String>,
    /// Whether warnings are errors (default off).
    pub strict: Option<bool>,
}

/// What a FlinkCluster is rendered into.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The objects the Flink operator creates (standalone JobManager and TaskManagers).
    #[default]
    Operator,
    /// The objects Flink's native Kubernetes integration creates (a JobManager Deployment
    /// whose ResourceManager starts TaskManager pods itself).
    Native,
}

impl Target {
    /// The spelling of the option and annotation value.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Operator => "operator",
            Target::Native => "native",
        }
    }
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Target, String> {
        match text {
            "operator" => Ok(Target::Operator),
            "native" => Ok(Target::Native),
            _ => Err(format!(
                "{text:?} is not a render target: use operator or native"
            )),
        }
    }
}

/// A Pod Security Standards level (Kubernetes' `pod-security.kubernetes.io/enforce` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodSecurityLevel {
    /// No restriction: nothing is checked.
    Privileged,
    /// Known privilege escalations are refused.
    Baseline,
    /// Current pod hardening best practices.
    Restricted,
}

impl PodSecurityLevel {
    /// The Kubernetes spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PodSecurityLevel::Privileged => "privileged",
            PodSecurityLevel::Baseline => "baseline",
            PodSecurityLevel::Restricted => "restricted",
        }
    }
}

impl FromStr for PodSecurityLevel {
    type Err = String;

    fn from_str(text: &str) -> Result<PodSecurityLevel, String> {
        match text.trim() {
            "privileged" => Ok(PodSecurityLevel::Privileged),
            "baseline" => Ok(PodSecurityLevel::Baseline),
            "restricted" => Ok(PodSecurityLevel::Restricted),
            _ => Err(format!(
                "{text:?} is not a Pod Security Standards level: use privileged, baseline or restricted"
            )),
        }
    }
}

/// Image of the barrier init containers when none is given: Alpine with kubectl and BusyBox
/// `sh`, pinned by tag.
pub const DEFAULT_BARRIER_IMAGE: &str = "docker.io/alpine/k8s:1.33.4";
/// FrameworkBarrier's default check interval.
pub const DEFAULT_BARRIER_CHECK_INTERVAL_SEC: i64 = 10;
/// FrameworkBarrier's default timeout.
pub const DEFAULT_BARRIER_CHECK_TIMEOUT_SEC: i64 = 600;

/// The barrier init containers' settings, when they are on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Barrier {
    /// Image with `sh` and `kubectl`.
    pub image: String,
    /// `BARRIER_CHECK_INTERVAL_SEC`.
    pub check_interval_sec: i64,
    /// `BARRIER_CHECK_TIMEOUT_SEC`.
    pub check_timeout_sec: i64,
}

/// The options in effect for one cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// uid for ownerReferences; without one no ownerReferences are written.
    pub owner_uid: Option<String>,
    /// Revision number (≥ 1).
    pub revision: u32,
    /// Savepoint to restore from, if any.
    pub from_savepoint: Option<String>,
    /// Target Kubernetes version.
    pub kube_version: KubeVersion,
    /// The cluster's namespace, if known.
    pub namespace: Option<String>,
    /// The barrier init containers, when on.
    pub barrier: Option<Barrier>,
    /// Pod Security Standards level to check the pods against (`None`: not checked).
    pub pod_security: Option<PodSecurityLevel>,
    /// Whether pods get the securityContext fields of the restricted level.
    pub harden: bool,
    /// What the cluster is rendered into.
    pub target: Target,
    /// The Apache Flink Kubernetes Operator's configuration (`None`: its Helm chart's).
    pub operator_config: Option<OperatorConfig>,
    /// The job id of an application FlinkDeployment, when given.
    pub job_id: Option<String>,
    /// Whether its warnings are errors.
    pub strict: bool,
}

/// The option annotations flink-render understands (without the prefix).
pub const KNOWN_ANNOTATIONS: &[&str] = &[
    "revision",
    "from-savepoint",
    "kube-version",
    "owner-uid",
    "barrier",
    "barrier-image",
    "barrier-check-interval-sec",
    "barrier-check-timeout-sec",
    "pod-security",
    "harden",
    "target",
    "job-id",
    "strict",
];

fn parse_revision(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "{text:?} is not a revision number (a whole number of at least 1)"
        )),
    }
}

/// Parses a `--revision` value.
pub fn revision_from_str(text: &str) -> Result<u32, String> {
    parse_revision(text)
}

/// Checks an owner uid (`--owner-uid`, the `flink-render/owner-uid` annotation, the
/// FlinkCluster's `metadata.uid`): it must have the form Kubernetes gives `metadata.uid`, an
/// RFC 4122 UUID in lower case (`8-4-4-4-12` hexadecimal digits), since it is written into every
/// ownerReference and must equal the live object's uid exactly.
pub fn uid_from_str(text: &str) -> Result<String, String> {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let hex = groups.iter().all(|group| {
        group
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    });
    if lengths == [8, 4, 4, 4, 12] && hex {
        return Ok(text.to_owned());
    }
    let shown: String = text.chars().take(40).collect();
    let shown = if shown.len() < text.len() {
        format!("{shown:?}... ({} characters)", text.chars().count())
    } else {
        format!("{shown:?}")
    };
    Err(format!(
        "{shown} is not a Kubernetes uid: it must have the form of metadata.uid, 8-4-4-4-12 lower-case hexadecimal digits (kubectl get flinkcluster NAME -o jsonpath='{{.metadata.uid}}')"
    ))
}

/// Checks a job id (`--job-id`, the `flink-render/job-id` annotation): Flink's `JobID` in
/// hex, 32 hexadecimal digits.
pub fn job_id_from_str(text: &str) -> Result<String, String> {
    if text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a Flink job id: 32 hexadecimal digits, as Flink prints a JobID"
        ))
    }
}

/// Parses `true` or `false` (the `--barrier` value and the `flink-render/barrier` annotation).
pub fn bool_from_str(text: &str) -> Result<bool, String> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "{text:?} is not a boolean (use \"true\" or \"false\")"
        )),
    }
}

/// Reads a number of seconds as FrameworkBarrier does (Go's `strconv.ParseInt`), with its
/// message on failure.
fn barrier_seconds(variable: &str, text: &str) -> Result<i64, String> {
    crate::version::go_parse_int64(text).map_err(|out_of_range| {
        let reason = if out_of_range == 0 {
            "invalid syntax"
        } else {
            "value out of range"
        };
        format!("Failed to parse ${{{variable}}}: strconv.ParseInt: parsing {text:?}: {reason}")
    })
}

/// Checks a barrier check interval with FrameworkBarrier's message (at least 5 seconds).
pub fn check_barrier_interval(seconds: i64) -> Result<i64, String> {
    if seconds < 5 {
        return Err(format!(
            "Validation Failed: ${{BARRIER_CHECK_INTERVAL_SEC}} {seconds} should not be less than 5"
        ));
    }
    Ok(seconds)
}

/// Checks a barrier timeout with FrameworkBarrier's message (60 to 1200 seconds).
pub fn check_barrier_timeout(seconds: i64) -> Result<i64, String> {
    if !(60..=1200).contains(&seconds) {
        return Err(format!(
            "Validation Failed: ${{BARRIER_CHECK_TIMEOUT_SEC}} {seconds} should not be less than 60 or greater than 20 * 60"
        ));
    }
    Ok(seconds)
}

/// Parses and checks a `--barrier-check-interval-sec` value.
pub fn barrier_interval_from_str(text: &str) -> Result<i64, String> {
    barrier_seconds("BARRIER_CHECK_INTERVAL_SEC", text).and_then(check_barrier_interval)
}

/// Parses and checks a `--barrier-check-timeout-sec` value.
pub fn barrier_timeout_from_str(text: &str) -> Result<i64, String> {
    barrier_seconds("BARRIER_CHECK_TIMEOUT_SEC", text).and_then(check_barrier_timeout)
}

/// Checks a barrier image as the API server checks a container image.
pub fn check_barrier_image(image: &str) -> Result<(), String> {
    if image.is_empty() {
        return Err("Required value: the image of the barrier init containers".to_owned());
    }
    if image.trim() != image {
        return Err(format!(
            "Invalid value: {image:?}: must not have leading or trailing whitespace"
        ));
    }
    Ok(())
}

impl Options {
    /// Whether the warnings of a cluster with `annotations` are errors: `--strict`, else its
    /// `flink-render/strict` annotation (an unreadable one is refused by [`Self::settings_for`]).
    pub fn strict_for(&self, annotations: Option<&BTreeMap<String, String>>) -> bool {
        self.strict.unwrap_or_else(|| {
            annotations
                .and_then(|a| a.get(&format!("{ANNOTATION_PREFIX}strict")))
                .and_then(|t| bool_from_str(t).ok())
                .unwrap_or(false)
        })
    }

    /// The settings for a cluster with these `annotations` and `uid`. Malformed or unknown
    /// `flink-render/*` annotations are errors naming the annotation.
    pub fn settings_for(
        &self,
        annotations: Option<&BTreeMap<String, String>>,
        uid: Option<&str>,
        namespace: Option<&str>,
    ) -> Result<Settings, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let mut from_annotations: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, value) in annotations.into_iter().flatten() {
            let Some(option) = key.strip_prefix(ANNOTATION_PREFIX) else {
                continue;
            };
            let path = FieldPath::fields("metadata.annotations").key(key.clone());
            if KNOWN_ANNOTATIONS.contains(&option) {
                from_annotations.insert(option, value.as_str());
            } else {
                let hint = crate::input::suggest(option, KNOWN_ANNOTATIONS.iter().copied())
                    .map(|s| format!("; did you mean \"{ANNOTATION_PREFIX}{s}\"?"))
                    .unwrap_or_default();
                diagnostics.error(
                    path,
                    format!("unknown flink-render option annotation{hint}"),
                );
            }
        }
        let annotation_path = |name: &str| {
            FieldPath::fields("metadata.annotations").key(format!("{ANNOTATION_PREFIX}{name}"))
        };
        let mut parsed = |name: &str, parse: &dyn Fn(&str) -> Result<(), String>| {
            if let Some(text) = from_annotations.get(name)
                && let Err(message) = parse(text)
            {
                diagnostics.error(annotation_path(name), message);
            }
        };
        parsed("revision", &|t| parse_revision(t).map(drop));
        parsed("kube-version", &|t| t.parse::<KubeVersion>().map(drop));
        parsed("barrier", &|t| bool_from_str(t).map(drop));
        parsed("barrier-image", &check_barrier_image);
        parsed("barrier-check-interval-sec", &|t| {
            barrier_interval_from_str(t).map(drop)
        });
        parsed("barrier-check-timeout-sec", &|t| {
            barrier_timeout_from_str(t).map(drop)
        });
        parsed("pod-security", &|t| t.parse::<PodSecurityLevel>().map(drop));
        parsed("harden", &|t| bool_from_str(t).map(drop));
        parsed("target", &|t| t.parse::<Target>().map(drop));
        parsed("strict", &|t| bool_from_str(t).map(drop));
        parsed("owner-uid", &|t| uid_from_str(t).map(drop));
        parsed("job-id", &|t| job_id_from_str(t).map(drop));
        if let Some(uid) = uid.filter(|u| !u.is_empty())
            && let Err(message) = uid_from_str(uid)
        {
            diagnostics.error(FieldPath::fields("metadata.uid"), message);
        }

        let revision = self
            .revision
            .or_else(|| {
                from_annotations
                    .get("revision")
                    .and_then(|t| parse_revision(t).ok())
            })
            .unwrap_or(1);
        let kube_version = self
            .kube_version
            .or_else(|| {
                from_annotations
                    .get("kube-version")
                    .and_then(|t| t.parse().ok())
            })
            .unwrap_or_default();
        let owner_uid = self
            .owner_uid
            .clone()
            .or_else(|| from_annotations.get("owner-uid").map(|s| (*s).to_owned()))
            .or_else(|| uid.map(str::to_owned))
            .filter(|u| !u.is_empty());
        let from_savepoint = self
            .from_savepoint
            .clone()
            .or_else(|| {
                from_annotations
                    .get("from-savepoint")
                    .map(|s| (*s).to_owned())
            })
            .filter(|s| !s.trim().is_empty());
        let namespace = namespace
            .map(str::to_owned)
            .or_else(|| self.namespace.clone())
            .filter(|n| !n.is_empty());
        let barrier = self.barrier_settings(&from_annotations, &mut diagnostics);
        let pod_security = self
            .pod_security
            .or_else(|| {
                from_annotations
                    .get("pod-security")
                    .and_then(|t| t.parse().ok())
            })
            .filter(|level| *level != PodSecurityLevel::Privileged);
        let harden = self
            .harden
            .or_else(|| {
                from_annotations
                    .get("harden")
                    .and_then(|t| bool_from_str(t).ok())
            })
            .unwrap_or(false);
        let target = self
            .target
            .or_else(|| from_annotations.get("target").and_then(|t| t.parse().ok()))
            .unwrap_or_default();
        let job_id = self.job_id.clone().or_else(|| {
            from_annotations
                .get("job-id")
                .and_then(|t| job_id_from_str(t).ok())
        });
        let strict = self.strict_for(annotations);
        if diagnostics.has_errors() {
            diagnostics.tag(crate::diagnostics::Rule::Options);
            return Err(diagnostics);
        }
        Ok(Settings {
            owner_uid,
            revision,
            from_savepoint,
            kube_version,
            namespace,
            barrier,
            pod_security,
            harden,
            target,
            operator_config: self.operator_config.clone(),
            job_id,
            strict,
        })
    }

    /// The barrier settings from these options, then the annotations, then the defaults; `None`
    /// when the barrier is off. Caller values out of range are errors about the document as a
    /// whole (the command line checks its flags before).
    fn barrier_settings(
        &self,
        from_annotations: &BTreeMap<&str, &str>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Barrier> {
        let annotation = |name: &str| from_annotations.get(name).copied();
        let on = self
            .barrier
            .or_else(|| annotation("barrier").and_then(|t| bool_from_str(t).ok()))
            .unwrap_or(false);
        let mut caller = |name: &str, result: Result<(), String>| {
            if let Err(message) = result {
                diagnostics.error(FieldPath::root(), format!("option {name}: {message}"));
            }
        };
        if let Some(image) = &self.barrier_image {
            caller("barrier-image", check_barrier_image(image));
        }
        if let Some(seconds) = self.barrier_check_interval_sec {
            caller(
                "barrier-check-interval-sec",
                check_barrier_interval(seconds).map(drop),
            );
        }
        if let Some(seconds) = self.barrier_check_timeout_sec {
            caller(
                "barrier-check-timeout-sec",
                check_barrier_timeout(seconds).map(drop),
            );
        }
        on.then(|| Barrier {
            image: self
                .barrier_image
                .clone()
                .or_else(|| annotation("barrier-image").map(str::to_owned))
                .unwrap_or_else(|| DEFAULT_BARRIER_IMAGE.to_owned()),
            check_interval_sec: self
                .barrier_check_interval_sec
                .or_else(|| {
                    annotation("barrier-check-interval-sec")
                        .and_then(|t| barrier_interval_from_str(t).ok())
                })
                .unwrap_or(DEFAULT_BARRIER_CHECK_INTERVAL_SEC),
            check_timeout_sec: self
                .barrier_check_timeout_sec
                .or_else(|| {
                    annotation("barrier-check-timeout-sec")
                        .and_then(|t| barrier_timeout_from_str(t).ok())
                })
                .unwrap_or(DEFAULT_BARRIER_CHECK_TIMEOUT_SEC),
        })
    }
}

/// The options a caller can set by name: the command-line flags without `--`, and the keys of
/// a KRM function's ConfigMap functionConfig.
pub const OPTION_NAMES: &[&str] = &[
    "owner-uid",
    "revision",
    "from-savepoint",
    "kube-version",
    "namespace",
    "barrier",
    "barrier-image",
    "barrier-check-interval-sec",
    "barrier-check-timeout-sec",
    "pod-security",
    "harden",
    "target",
    "job-id",
    "operator-config",
    "strict",
];

impl Options {
    /// Sets the option `name` (one of [`OPTION_NAMES`]) from its text, checked as the command
    /// line checks it.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "owner-uid" => self.owner_uid = Some(uid_from_str(value)?),
            "revision" => self.revision = Some(parse_revision(value)?),
            "from-savepoint" => self.from_savepoint = Some(value.to_owned()),
            "kube-version" => self.kube_version = Some(value.parse()?),
            "namespace" => {
                let problems = crate::kubernetes::names::dns1123_label(value);
                if !problems.is_empty() {
                    return Err(format!("{value:?}: {}", problems.join(", ")));
                }
                self.namespace = Some(value.to_owned());
            }
            "barrier" => self.barrier = Some(bool_from_str(value)?),
            "barrier-image" => {
                check_barrier_image(value)?;
                self.barrier_image = Some(value.to_owned());
            }
            "barrier-check-interval-sec" => {
                self.barrier_check_interval_sec = Some(barrier_interval_from_str(value)?);
            }
            "barrier-check-timeout-sec" => {
                self.barrier_check_timeout_sec = Some(barrier_timeout_from_str(value)?);
            }
            "pod-security" => self.pod_security = Some(value.parse()?),
            "harden" => self.harden = Some(bool_from_str(value)?),
            "target" => self.target = Some(value.parse()?),
            "job-id" => self.job_id = Some(job_id_from_str(value)?),
            // The configuration's content (a KRM functionConfig carries it inline).
            "operator-config" => {
                let config = OperatorConfig::read(value, crate::flink_conf::Format::FlinkConfYaml)
                    .map_err(|e| format!("the operator configuration cannot be read: {e}"))?;
                self.operator_config = Some(config);
            }
            "strict" => self.strict = Some(bool_from_str(value)?),
            _ => {
                let hint = crate::input::suggest(name, OPTION_NAMES.iter().copied())
                    .map(|s| format!("; did you mean {s:?}?"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown flink-render option {name:?}{hint} (known: {})",
                    OPTION_NAMES.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// These options, with every unset one taken from `fallback`.
    pub fn or(self, fallback: Options) -> Options {
        Options {
            owner_uid: self.owner_uid.or(fallback.owner_uid),
            revision: self.revision.or(fallback.revision),
            from_savepoint: self.from_savepoint.or(fallback.from_savepoint),
            kube_version: self.kube_version.or(fallback.kube_version),
            namespace: self.namespace.or(fallback.namespace),
            barrier: self.barrier.or(fallback.barrier),
            barrier_image: self.barrier_image.or(fallback.barrier_image),
            barrier_check_interval_sec: self
                .barrier_check_interval_sec
                .or(fallback.barrier_check_interval_sec),
            barrier_check_timeout_sec: self
                .barrier_check_timeout_sec
                .or(fallback.barrier_check_timeout_sec),
            pod_security: self.pod_security.or(fallback.pod_security),
            harden: self.harden.or(fallback.harden),
            target: self.target.or(fallback.target),
            operator_config: self.operator_config.or(fallback.operator_config),
            job_id: self.job_id.or(fallback.job_id),
            strict: self.strict.or(fallback.strict),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_versions() {
        assert_eq!(
            "1.30".parse(),
            Ok(KubeVersion {
                major: 1,
                minor: 30
            })
        );
        assert_eq!(
            "v1.25.3".parse(),
            Ok(KubeVersion {
                major: 1,
                minor: 25
            })
        );
        assert_eq!(
            "1.24".parse::<KubeVersion>(),
            Err("Kubernetes 1.24 is not supported: flink-render renders for Kubernetes 1.25 and newer".to_owned())
        );
        assert!("latest".parse::<KubeVersion>().is_err());
        assert!("1.30.x".parse::<KubeVersion>().is_err());
    }

    #[test]
    fn caller_options_win_over_annotations() {
        let annotations = BTreeMap::from([
            ("flink-render/revision".to_owned(), "4".to_owned()),
            (
                "flink-render/from-savepoint".to_owned(),
                "gs://b/sp-1".to_owned(),
            ),
        ]);
        let options = Options {
            revision: Some(7),
            ..Options::default()
        };
        let settings = options
            .settings_for(
                Some(&annotations),
                Some("0b5c1a3e-1111-4222-8333-944445555666"),
                Some("ns"),
            )
            .expect("valid");
        assert_eq!(settings.revision, 7);
        assert_eq!(settings.from_savepoint.as_deref(), Some("gs://b/sp-1"));
        assert_eq!(
            settings.owner_uid.as_deref(),
            Some("0b5c1a3e-1111-4222-8333-944445555666")
        );
        assert_eq!(settings.kube_version, NEWEST_KUBE_VERSION);
    }

    #[test]
    fn pod_security_and_harden_come_from_annotations_unless_given() {
        let annotations = BTreeMap::from([
            (
                "flink-render/pod-security".to_owned(),
                "restricted".to_owned(),
            ),
            ("flink-render/harden".to_owned(), "true".to_owned()),
        ]);
        let settings = Options::default()
            .settings_for(Some(&annotations), None, None)
            .expect("valid");
        assert_eq!(
            (settings.pod_security, settings.harden),
            (Some(PodSecurityLevel::Restricted), true)
        );
        let options = Options {
            pod_security: Some(PodSecurityLevel::Privileged),
            harden: Some(false),
            ..Options::default()
        };
        let settings = options
            .settings_for(Some(&annotations), None, None)
            .expect("valid");
        assert_eq!((settings.pod_security, settings.harden), (None, false));
        let native = BTreeMap::from([("flink-render/target".to_owned(), "native".to_owned())]);
        let settings = Options::default()
            .settings_for(Some(&native), None, None)
            .expect("valid");
        assert_eq!(settings.target, Target::Native);
        let caller = Options {
            target: Some(Target::Operator),
            ..Options::default()
        };
        let settings = caller
            .settings_for(Some(&native), None, None)
            .expect("valid");
        assert_eq!(settings.target, Target::Operator);
        let typo = BTreeMap::from([("flink-render/target".to_owned(), "Native".to_owned())]);
        assert_eq!(
            Options::default()
                .settings_for(Some(&typo), None, None)
                .expect_err("invalid")
                .to_string(),
            "metadata.annotations[flink-render/target]: \"Native\" is not a render target: use operator or native"
        );
        let bad = BTreeMap::from([("flink-render/harden".to_owned(), "yes".to_owned())]);
        let errors = Options::default()
            .settings_for(Some(&bad), None, None)
            .expect_err("invalid");
        assert_eq!(
            errors.to_string(),
            "metadata.annotations[flink-render/harden]: \"yes\" is not a boolean (use \"true\" or \"false\")"
        );
    }

    #[test]
    fn bad_annotations_are_named() {
        let annotations = BTreeMap::from([
            ("flink-render/revison".to_owned(), "4".to_owned()),
            ("flink-render/kube-version".to_owned(), "1.20".to_owned()),
        ]);
        let errors = Options::default()
            .settings_for(Some(&annotations), None, None)
            .expect_err("invalid");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "metadata.annotations[flink-render/revison]: unknown flink-render option annotation; did you mean \"flink-render/revision\"?".to_owned(),
                "metadata.annotations[flink-render/kube-version]: Kubernetes 1.20 is not supported: flink-render renders for Kubernetes 1.25 and newer".to_owned(),
            ]
        );
    }

    #[test]
    fn the_barrier_is_off_unless_asked_for() {
        let settings = |options: &Options, annotations: &[(&str, &str)]| {
            let annotations: BTreeMap<String, String> = annotations
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            options.settings_for(Some(&annotations), None, Some("ns"))
        };
        let off = settings(&Options::default(), &[]).expect("valid");
        assert_eq!(off.barrier, None);
        let defaults =
            settings(&Options::default(), &[("flink-render/barrier", "true")]).expect("valid");
        assert_eq!(
            defaults.barrier,
            Some(Barrier {
                image: DEFAULT_BARRIER_IMAGE.to_owned(),
                check_interval_sec: 10,
                check_timeout_sec: 600,
            })
        );
        let caller = Options {
            barrier: Some(false),
            ..Options::default()
        };
        assert_eq!(
            settings(&caller, &[("flink-render/barrier", "true")])
                .expect("valid")
                .barrier,
            None
        );
        let tuned = Options {
            barrier_check_interval_sec: Some(30),
            ..Options::default()
        };
        let tuned = settings(
            &tuned,
            &[
                ("flink-render/barrier", "true"),
                ("flink-render/barrier-check-interval-sec", "20"),
                ("flink-render/barrier-check-timeout-sec", "120"),
                ("flink-render/barrier-image", "example.com/kubectl:1"),
            ],
        )
        .expect("valid")
        .barrier
        .expect("on");
        assert_eq!(
            (
                tuned.image.as_str(),
                tuned.check_interval_sec,
                tuned.check_timeout_sec
            ),
            ("example.com/kubectl:1", 30, 120)
        );
    }

    #[test]
    fn barrier_settings_are_checked_with_frameworkbarriers_messages() {
        assert_eq!(
            barrier_interval_from_str("4"),
            Err(
                "Validation Failed: ${BARRIER_CHECK_INTERVAL_SEC} 4 should not be less than 5"
                    .to_owned()
            )
        );
        assert_eq!(
            barrier_timeout_from_str("1201"),
            Err("Validation Failed: ${BARRIER_CHECK_TIMEOUT_SEC} 1201 should not be less than 60 or greater than 20 * 60".to_owned())
        );
        assert_eq!(
            barrier_timeout_from_str("99999999999999999999"),
            Err("Failed to parse ${BARRIER_CHECK_TIMEOUT_SEC}: strconv.ParseInt: parsing \"99999999999999999999\": value out of range".to_owned())
        );
        assert_eq!(barrier_interval_from_str("+05"), Ok(5));
        assert_eq!(barrier_timeout_from_str("1200"), Ok(1200));
        assert_eq!(
            bool_from_str("True"),
            Err("\"True\" is not a boolean (use \"true\" or \"false\")".to_owned())
        );
        let caller = Options {
            barrier: Some(true),
            barrier_check_timeout_sec: Some(30),
            barrier_image: Some(String::new()),
            ..Options::default()
        };
        let errors: Vec<String> = caller
            .settings_for(None, None, Some("ns"))
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "option barrier-image: Required value: the image of the barrier init containers",
                "option barrier-check-timeout-sec: Validation Failed: ${BARRIER_CHECK_TIMEOUT_SEC} 30 should not be less than 60 or greater than 20 * 60",
            ]
        );
    }
}
