//! The effective model: for one defaulted FlinkCluster and the options in effect, everything
//! derived from it that validation and the targets both need, derived once ([`build`]).
//!
//! A [`Model`] holds the defaulted cluster, its [`Settings`], Flink's Kubernetes HA as it
//! applies ([`crate::ha::resolve`], with what resolving it found), the effective Flink
//! configuration of the target with the origin of every entry ([`config`]; natively
//! [`native::config`]), the file the target writes and what the cluster's Flink version reads
//! back from it ([`FlinkReads`]), and for `--target native` the version's features. The
//! objects' [`names`] and [`labels`], the operator's [`memory`] settings and what Flink puts
//! into native pods ([`native`]) are here too.
//!
//! Validation takes a [`Model`] and returns it as [`Valid`]; each target renders a [`Valid`].
//! A new input kind plugs in by building a [`Model`]-like value of its own here; a new target
//! reads only this module (docs/architecture.md).

pub mod apache;
pub mod config;
pub mod labels;
pub mod memory;
pub mod names;
pub mod native;
pub mod shared;

use std::collections::BTreeMap;

use crate::defaults::Defaulted;
use crate::diagnostics::Diagnostics;
use crate::flink_conf::{self, Format, Loaded, Unloadable};
use crate::ha::{self, KubernetesHa};
use crate::options::{Settings, Target};
use crate::spec::{FlinkCluster, FlinkClusterSpec};
use config::{Configuration, Origin};
use native::config::NativeConfiguration;
use native::features::Features;

/// The configuration flink-render writes for a cluster, what Flink reads from it, and how
/// the processes start.
#[derive(Clone, Debug, PartialEq)]
pub struct FlinkReads {
    /// The entries flink-render writes into the configuration file.
    pub written: BTreeMap<String, String>,
    /// What the cluster's Flink version loads from that file.
    pub read: Result<Loaded, Unloadable>,
    /// How the processes start.
    pub deployment: crate::memory::Deployment,
}

/// What the native target derives: the Flink version's features and the configuration Flink's
/// client writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Native {
    /// The features of the cluster's Flink version (the oldest the target renders when the
    /// version is unknown; validation refuses those).
    pub features: Features,
    /// The native Flink configuration.
    pub config: NativeConfiguration,
}

/// One cluster, defaulted, with everything derived from it under its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    defaulted: Defaulted,
    settings: Settings,
    ha: Option<KubernetesHa>,
    ha_problems: Diagnostics,
    configuration: Configuration,
    native: Option<Native>,
    reads: FlinkReads,
}

/// Derives the model of `defaulted` under `settings`. Total: whatever the input, the model is
/// built (validation then says what is wrong with it).
pub fn build(defaulted: Defaulted, settings: Settings) -> Model {
    let cluster = defaulted.cluster();
    let spec = &cluster.spec;
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let mut ha_problems = Diagnostics::new();
    let ha = ha::resolve(spec, name, settings.namespace.as_deref(), &mut ha_problems);
    let configuration = config::configuration(spec, name, ha.as_ref());
    let native = (settings.target == Target::Native)
        .then(|| derive_native(spec, name, ha.as_ref(), &settings));
    let (written, deployment) = match &native {
        None => (
            configuration.values().clone(),
            crate::memory::Deployment::Standalone,
        ),
        Some(native) => (
            native.config.entries.clone(),
            native::deployment(&native.features),
        ),
    };
    let read = flink_conf::as_read(&written, Format::of(&spec.flink_version));
    Model {
        reads: FlinkReads {
            written,
            read,
            deployment,
        },
        defaulted,
        settings,
        ha,
        ha_problems,
        configuration,
        native,
    }
}

/// What the native target derives for the cluster `name` with `spec`: the version's features
/// (the oldest it renders when the version is unknown) and the native configuration.
fn derive_native(
    spec: &FlinkClusterSpec,
    name: &str,
    ha: Option<&KubernetesHa>,
    settings: &Settings,
) -> Native {
    let features = Features::of(&spec.flink_version).unwrap_or(Features {
        version: native::features::OLDEST,
    });
    let config =
        native::config::configuration(spec, name, settings.namespace.as_deref(), ha, settings);
    Native { features, config }
}

impl Model {
    /// The Flink configuration file the target writes into its ConfigMap: its name in `conf/`
    /// and its exact text (`config.yaml` quoted and with lists as sequences, natively too).
    pub fn config_file(&self) -> (&'static str, String) {
        match &self.native {
            Some(native) => (
                native.features.config_file(),
                native.config.file_text(&native.features),
            ),
            None => {
                let version = &self.spec().flink_version;
                (
                    config::file_name(version),
                    config::text(self.configuration.values(), version),
                )
            }
        }
    }

    /// The defaulted cluster.
    pub fn defaulted(&self) -> &Defaulted {
        &self.defaulted
    }

    /// The defaulted FlinkCluster.
    pub fn cluster(&self) -> &FlinkCluster {
        self.defaulted.cluster()
    }

    /// Its spec.
    pub fn spec(&self) -> &FlinkClusterSpec {
        &self.defaulted.cluster().spec
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        self.cluster().metadata.name.as_deref().unwrap_or_default()
    }

    /// The options in effect for it.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Flink's Kubernetes HA, when the cluster turns it on and it can be resolved.
    pub fn ha(&self) -> Option<&KubernetesHa> {
        self.ha.as_ref()
    }

    /// What resolving Kubernetes HA found wrong (validation reports it).
    pub fn ha_problems(&self) -> &Diagnostics {
        &self.ha_problems
    }

    /// The operator target's effective Flink configuration, every entry with its origin (the
    /// native configuration starts from it).
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// What the native target derives, under `--target native`.
    pub fn native(&self) -> Option<&Native> {
        self.native.as_ref()
    }

    /// What the native target derives, whatever the target in effect (derived now when the
    /// model was built for the operator target).
    pub fn native_parts(&self) -> Native {
        self.native.clone().unwrap_or_else(|| {
            derive_native(self.spec(), self.name(), self.ha.as_ref(), &self.settings)
        })
    }

    /// The configuration the target writes, as the cluster's Flink version reads it.
    pub fn reads(&self) -> &FlinkReads {
        &self.reads
    }

    /// Every entry of the target's configuration with its origin: the native configuration's
    /// under `--target native`, else the operator's.
    pub fn origins(&self) -> &BTreeMap<String, Origin> {
        match &self.native {
            Some(native) => &native.config.origins,
            None => self.configuration.origins(),
        }
    }
}

/// A model that passed validation, with the warnings found on the way. Only validation
/// makes one; both targets render from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Valid {
    model: Model,
    warnings: Diagnostics,
}

impl Valid {
    /// `model`, which validation found fit for its target, with `warnings`.
    pub(crate) fn new(model: Model, warnings: Diagnostics) -> Valid {
        Valid { model, warnings }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The defaulted cluster.
    pub fn defaulted(&self) -> &Defaulted {
        self.model.defaulted()
    }

    /// The options in effect for it.
    pub fn settings(&self) -> &Settings {
        self.model.settings()
    }

    /// Warnings: rendering goes on, but the user should look.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }
}
