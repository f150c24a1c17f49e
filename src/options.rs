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
    /// Pod Security Standards level every rendered pod must meet (default: none checked).
    pub pod_security: Option<PodSecurityLevel>,
    /// Whether to set the securityContext fields that make the pods meet the restricted level.
    pub harden: Option<bool>,
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

fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "{text:?} is not a boolean: use \"true\" or \"false\""
        )),
    }
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
    /// Pod Security Standards level to check the pods against (`None`: not checked).
    pub pod_security: Option<PodSecurityLevel>,
    /// Whether pods get the securityContext fields of the restricted level.
    pub harden: bool,
}

/// The option annotations flink-render understands (without the prefix).
pub const KNOWN_ANNOTATIONS: &[&str] = &[
    "revision",
    "from-savepoint",
    "kube-version",
    "owner-uid",
    "pod-security",
    "harden",
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

impl Options {
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
        parsed("pod-security", &|t| t.parse::<PodSecurityLevel>().map(drop));
        parsed("harden", &|t| parse_bool(t).map(drop));

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
                    .and_then(|t| parse_bool(t).ok())
            })
            .unwrap_or(false);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Settings {
            owner_uid,
            revision,
            from_savepoint,
            kube_version,
            namespace,
            pod_security,
            harden,
        })
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
            .settings_for(Some(&annotations), Some("uid-1"), Some("ns"))
            .expect("valid");
        assert_eq!(settings.revision, 7);
        assert_eq!(settings.from_savepoint.as_deref(), Some("gs://b/sp-1"));
        assert_eq!(settings.owner_uid.as_deref(), Some("uid-1"));
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
        let bad = BTreeMap::from([("flink-render/harden".to_owned(), "yes".to_owned())]);
        let errors = Options::default()
            .settings_for(Some(&bad), None, None)
            .expect_err("invalid");
        assert_eq!(
            errors.to_string(),
            "metadata.annotations[flink-render/harden]: \"yes\" is not a boolean: use \"true\" or \"false\""
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
}
