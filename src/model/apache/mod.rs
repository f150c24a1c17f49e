//! The effective model of a FlinkDeployment: everything the Apache Flink Kubernetes Operator
//! derives from one, derived once ([`build`]), for validation and the targets.
//!
//! A [`DeploymentModel`] holds the resource as the operator reads it, the options in effect,
//! the operator's own configuration ([`crate::operator_config`]), the validator's effective
//! configuration (the default configuration and `spec.flinkConfiguration`), the
//! configuration the operator and Flink's client build for the cluster with the origin of every
//! entry ([`config`]), the JobManager and TaskManager pod templates ([`templates`]), and the
//! file the cluster reads with what its Flink version reads back ([`super::FlinkReads`]).

pub mod config;
pub mod ingress;
pub mod native;
pub mod resource;
pub mod templates;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use super::FlinkReads;
use super::config::{Configuration, Origin};
use crate::apache_spec::{DeploymentMode, FlinkDeploymentSpec, FlinkVersion};
use crate::defaults::apache::DefaultedDeployment;
use crate::flink_conf::{self, Entry, Format};
use crate::memory::Deployment;
use crate::model::native::features::Features;
use crate::operator_config::OperatorConfig;
use crate::options::Settings;
use crate::path::FieldPath;
use config::{Built, Inputs, PlaceholderValues, TemplateFacts};

/// One FlinkDeployment, as the operator reads it, with everything derived from it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentModel {
    defaulted: DefaultedDeployment,
    settings: Settings,
    operator: OperatorConfig,
    placeholders: PlaceholderValues,
    generation: i64,
    validation: BTreeMap<String, String>,
    built: Built,
    configuration: Configuration,
    job_manager_template: Option<Pod>,
    task_manager_template: Option<Pod>,
    template_problems: Vec<(FieldPath, String)>,
    reads: FlinkReads,
}

/// Derives the model of `defaulted` under `settings`. Total: whatever the input, the model is
/// built (validation then says what is wrong with it).
pub fn build(defaulted: DefaultedDeployment, settings: Settings) -> DeploymentModel {
    let operator = settings.operator_config.clone().unwrap_or_default();
    let deployment = defaulted.deployment();
    let spec = &deployment.spec;
    let namespace = settings.namespace.as_deref();
    let generation = deployment.metadata.generation.unwrap_or(1);
    let placeholders = PlaceholderValues::new(
        namespace,
        defaulted.name(),
        generation,
        settings.job_id.as_deref(),
    );
    let validation = config::validation_config(&defaulted, &operator, namespace);
    let (job_manager_template, task_manager_template, template_problems) =
        pod_templates(spec, &validation);
    let facts = TemplateFacts {
        job_manager: job_manager_template.is_some(),
        task_manager: task_manager_template.is_some(),
        equal: job_manager_template == task_manager_template,
    };
    let built = config::build(
        &defaulted,
        &Inputs {
            operator: &operator,
            namespace,
            owner_uid: settings.owner_uid.as_deref(),
            placeholders: &placeholders,
            generation,
            templates: facts,
        },
    );
    let mut configuration = Configuration::default();
    for (key, value) in &built.entries {
        let origin = built
            .origins
            .get(key)
            .cloned()
            .unwrap_or(Origin::Operator(None));
        configuration.set(key.clone(), value.clone(), origin);
    }
    let format = file_format(spec.flink_version);
    let text = file_text(&built, format);
    let reads = FlinkReads {
        written: built.entries.clone(),
        read: flink_conf::read(&text, format),
        deployment: memory_deployment(spec),
    };
    DeploymentModel {
        defaulted,
        settings,
        operator,
        placeholders,
        generation,
        validation,
        built,
        configuration,
        job_manager_template,
        task_manager_template,
        template_problems,
        reads,
    }
}

/// The pod templates of the JobManager and the TaskManagers (`applyPodTemplate`), and what
/// keeps them from being built (a field of one type merged over one of another).
fn pod_templates(
    spec: &FlinkDeploymentSpec,
    validation: &BTreeMap<String, String>,
) -> (Option<Pod>, Option<Pod>, Vec<(FieldPath, String)>) {
    let flag = |key: &str, default: bool| match validation.get(key).map(|v| v.trim()) {
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        _ => default,
    };
    let by_name = flag(
        "kubernetes.operator.pod-template.merge-arrays-by-name",
        false,
    );
    let probe = flag(
        "kubernetes.operator.jm-deployment.startup.probe.enabled",
        true,
    );
    let mut problems = Vec::new();
    let common = spec.pod_template.as_ref();
    let mut merged = |over: Option<&Pod>, field: &str| match templates::merge(common, over, by_name)
    {
        Ok(template) => template,
        Err(message) => {
            problems.push((
                FieldPath::fields(field),
                format!("the pod template cannot be merged over spec.podTemplate: {message}"),
            ));
            None
        }
    };
    let job_manager = match &spec.job_manager {
        Some(jm) => templates::with_ephemeral_storage(
            merged(jm.pod_template.as_ref(), "spec.jobManager.podTemplate"),
            jm.resource
                .as_ref()
                .and_then(|r| r.ephemeral_storage.as_deref()),
        ),
        None => common.cloned(),
    };
    let job_manager = if probe {
        let mut template = job_manager.unwrap_or_default();
        templates::add_startup_probe(&mut template);
        Some(template)
    } else {
        job_manager
    };
    let task_manager = match &spec.task_manager {
        Some(tm) => templates::with_ephemeral_storage(
            merged(tm.pod_template.as_ref(), "spec.taskManager.podTemplate"),
            tm.resource
                .as_ref()
                .and_then(|r| r.ephemeral_storage.as_deref()),
        ),
        None => common.cloned(),
    };
    (job_manager, task_manager, problems)
}

/// The file format of `version`: the operator writes `config.yaml` (standard YAML) from
/// Flink 2.0, `flink-conf.yaml` before (and for a resource without a version).
pub fn file_format(version: Option<FlinkVersion>) -> Format {
    if version.is_some_and(|v| v.at_least(FlinkVersion::v2_0)) {
        Format::ConfigYaml
    } else {
        Format::FlinkConfYaml
    }
}

/// The text of the configuration file of `built` in `format`: flat `key: value` lines in
/// `flink-conf.yaml`; in `config.yaml` nested mappings, one level per dot of the key, as the
/// operator's `FlinkConfMountDecorator` writes it for Flink 2 (`FlinkConfMountDecoratorTest`:
/// the file has a key `kubernetes`, not `kubernetes.cluster-id`).
pub fn file_text(built: &Built, format: Format) -> String {
    let entries: BTreeMap<String, Entry> = built
        .entries
        .iter()
        .map(|(key, value)| {
            let entry = match built.lists.get(key) {
                Some(items) => Entry::List(items.clone()),
                None => Entry::Text(value.clone()),
            };
            (key.clone(), entry)
        })
        .collect();
    match format {
        Format::FlinkConfYaml => flink_conf::write(&entries, format),
        Format::ConfigYaml => nested_text(&entries),
    }
}

/// `entries` as nested YAML mappings (keys in byte order; validation refuses a key that is a
/// dotted prefix of another, which nesting could not hold).
fn nested_text(entries: &BTreeMap<String, Entry>) -> String {
    let mut out = String::new();
    let mut previous: Vec<&str> = Vec::new();
    for (key, entry) in entries {
        let segments: Vec<&str> = key.split('.').collect();
        let Some((leaf, parents)) = segments.split_last() else {
            continue;
        };
        let shared = previous
            .iter()
            .zip(parents)
            .take_while(|(a, b)| a == b)
            .count();
        for (depth, parent) in parents.iter().enumerate().skip(shared) {
            let one = BTreeMap::from([((*parent).to_owned(), Entry::List(Vec::new()))]);
            // The parent's key as YAML writes it, without its (empty list) value.
            let line = flink_conf::write(&one, Format::ConfigYaml);
            let name = line.split_once(':').map_or(line.as_str(), |(k, _)| k);
            out.push_str(&"  ".repeat(depth));
            out.push_str(name);
            out.push_str(":\n");
        }
        let one = BTreeMap::from([((*leaf).to_owned(), entry.clone())]);
        let indent = "  ".repeat(parents.len());
        for line in flink_conf::write(&one, Format::ConfigYaml).lines() {
            out.push_str(&indent);
            out.push_str(line);
            out.push('\n');
        }
        previous = parents.to_vec();
    }
    out
}

/// How the processes start, for Flink's memory model: natively, the JobManager (of the
/// image's Flink) starts TaskManager pods and sizes them; standalone, the image's scripts.
fn memory_deployment(spec: &FlinkDeploymentSpec) -> Deployment {
    match spec.mode.unwrap_or_default() {
        DeploymentMode::Standalone => Deployment::Standalone,
        DeploymentMode::Native => {
            crate::model::native::deployment(&image_features(spec.flink_version))
        }
    }
}

/// The native integration's features of the image's Flink version (the TaskManager pods are
/// created by the JobManager, which runs it); 1.20 when the version is unset.
pub fn image_features(version: Option<FlinkVersion>) -> Features {
    Features {
        version: version.map_or((1, 20), FlinkVersion::major_minor),
    }
}

/// The features of the Flink client the operator embeds (1.20), which builds the JobManager
/// objects whatever the resource's version.
pub const CLIENT_FEATURES: Features = Features { version: (1, 20) };

impl DeploymentModel {
    /// The resource as the operator reads it.
    pub fn defaulted(&self) -> &DefaultedDeployment {
        &self.defaulted
    }

    /// Its spec.
    pub fn spec(&self) -> &FlinkDeploymentSpec {
        &self.defaulted.deployment().spec
    }

    /// `metadata.name`: the cluster id.
    pub fn name(&self) -> &str {
        self.defaulted.name()
    }

    /// `native` or `standalone`.
    pub fn mode(&self) -> DeploymentMode {
        self.spec().mode.unwrap_or_default()
    }

    /// The options in effect.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The operator's configuration.
    pub fn operator(&self) -> &OperatorConfig {
        &self.operator
    }

    /// The values the operator would make up at run time, as rendered.
    pub fn placeholders(&self) -> &PlaceholderValues {
        &self.placeholders
    }

    /// `metadata.generation` (1 when unset).
    pub fn generation(&self) -> i64 {
        self.generation
    }

    /// The validator's effective configuration: the default configuration and
    /// `spec.flinkConfiguration`.
    pub fn validation_config(&self) -> &BTreeMap<String, String> {
        &self.validation
    }

    /// The cluster's Flink configuration (the file `flink-config-<name>` holds), every entry
    /// with its origin.
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// Every entry of the cluster's configuration with its origin.
    pub fn origins(&self) -> &BTreeMap<String, Origin> {
        self.configuration.origins()
    }

    /// The list-typed entries of the configuration, item by item.
    pub fn lists(&self) -> &BTreeMap<String, Vec<String>> {
        &self.built.lists
    }

    /// What the operator (or Flink's client) would throw while building the configuration.
    pub fn build_problems(&self) -> &[(FieldPath, String)] {
        &self.built.problems
    }

    /// The JobManager's pod template (with the startup probe), when there is one.
    pub fn job_manager_template(&self) -> Option<&Pod> {
        self.job_manager_template.as_ref()
    }

    /// The TaskManagers' pod template, when there is one.
    pub fn task_manager_template(&self) -> Option<&Pod> {
        self.task_manager_template.as_ref()
    }

    /// Why a pod template could not be built.
    pub fn template_problems(&self) -> &[(FieldPath, String)] {
        &self.template_problems
    }

    /// The configuration file's name and format.
    pub fn format(&self) -> Format {
        file_format(self.spec().flink_version)
    }

    /// The configuration file's text.
    pub fn file_text(&self) -> String {
        file_text(&self.built, self.format())
    }

    /// The file the cluster reads, and what its Flink version reads back.
    pub fn reads(&self) -> &FlinkReads {
        &self.reads
    }

    /// The Flink version as FlinkCluster's `flinkVersion` spells it (`1.20`); empty when unset.
    pub fn flink_version_text(&self) -> String {
        self.spec()
            .flink_version
            .map(FlinkVersion::dotted)
            .unwrap_or_default()
    }
}

/// A FlinkDeployment that passed validation, with the warnings found on the way. Only
/// validation makes one; the native and standalone targets render from it.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidDeployment {
    model: DeploymentModel,
    warnings: crate::diagnostics::Diagnostics,
}

impl ValidDeployment {
    /// `model`, which validation found fit, with `warnings`.
    pub(crate) fn new(
        model: DeploymentModel,
        warnings: crate::diagnostics::Diagnostics,
    ) -> ValidDeployment {
        ValidDeployment { model, warnings }
    }

    /// The model.
    pub fn model(&self) -> &DeploymentModel {
        &self.model
    }

    /// The options in effect.
    pub fn settings(&self) -> &Settings {
        self.model.settings()
    }

    /// Warnings: rendering goes on, but the user should look.
    pub fn warnings(&self) -> &crate::diagnostics::Diagnostics {
        &self.warnings
    }
}

#[cfg(test)]
pub(crate) mod tests;
