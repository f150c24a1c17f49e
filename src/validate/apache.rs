//! A FlinkDeployment refused as the Apache Flink Kubernetes Operator refuses it, check for
//! check and message for message (`DefaultValidator`, apache-operator-spec.md §3.1), with every
//! problem reported at once where the operator stops at the first; then what the operator's
//! configuration builder, Flink's client and Flink's processes refuse later (§3.3): an
//! unknown image pull policy, overlapping keys in a Flink 2 `config.yaml`, a JAR URI Java
//! cannot read, and Flink's memory model over the file the cluster reads.
//!
//! Checks that compare the spec with the last one the operator deployed (a `flinkVersion`
//! change after a last-state suspend, session ↔ application, native ↔ standalone, the
//! savepoint redeploy nonce) run against `status.reconciliationStatus.lastReconciledSpec` when
//! the input carries it (`kubectl get -o yaml`) or against `diff`'s old spec ([`LastSpec`]); a
//! first deployment has none, and the operator skips them then too.

pub mod session_job;

use std::collections::BTreeMap;

use crate::apache_spec::{
    DeploymentMode, FlinkDeploymentSpec, FlinkVersion, JobState, UpgradeMode,
};
use crate::diagnostics::{Diagnostics, Rule};
use crate::memory::{self, Deployment};
use crate::model::apache::config::{ha_activated, read};
use crate::model::apache::{DeploymentModel, ValidDeployment, ingress, resource};
use crate::model::config::Origin;
use crate::path::FieldPath;

/// `DEPLOYMENT_NAME_PATTERN`: `[a-z]([-a-z\d]{0,43}[a-z\d])?`.
pub fn valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let alpha = |b: u8| b.is_ascii_lowercase();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match bytes {
        [] => false,
        [first] => alpha(*first),
        [first, middle @ .., last] => {
            alpha(*first)
                && alnum(*last)
                && middle.len() <= 43
                && middle.iter().all(|b| alnum(*b) || *b == b'-')
        }
    }
}

/// The validator's message for an invalid name.
pub fn name_message(name: &str) -> String {
    format!(
        "The FlinkDeployment name: {name} is invalid, must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123'), and the length must be no more than 45 characters."
    )
}

/// The keys the validator forbids in the effective configuration, in its order.
pub const FORBIDDEN_KEYS: [&str; 3] = [
    "kubernetes.namespace",
    "kubernetes.cluster-id",
    "high-availability.cluster-id",
];

/// The log configuration files a FlinkDeployment may give, as the validator prints its set.
pub const ALLOWED_LOG_KEYS: &str = "[log4j-console.properties, logback-console.xml]";

/// The checkpoint directory option of Flink 1.20 (`CheckpointingOptions.CHECKPOINTS_DIRECTORY`).
pub const CHECKPOINTS_DIRECTORY: &str = "execution.checkpointing.dir";
/// The savepoint directory option of Flink 1.20.
pub const SAVEPOINT_DIRECTORY: &str = "execution.checkpointing.savepoint-dir";

/// What the operator last deployed, for the checks of a spec change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LastSpec {
    /// Whether it had a job.
    pub job: bool,
    /// Its mode.
    pub mode: DeploymentMode,
    /// Its Flink version.
    pub flink_version: Option<FlinkVersion>,
    /// Its job's state and upgrade mode.
    pub job_state: Option<(JobState, UpgradeMode)>,
    /// Its job's savepoint redeploy nonce.
    pub savepoint_redeploy_nonce: Option<i64>,
}

/// The spec a resource's status records as last deployed
/// (`status.reconciliationStatus.lastReconciledSpec`, JSON text holding the spec, or an object
/// with it under `spec`), when it has one that reads.
pub fn last_reconciled_spec(status: Option<&serde_json::Value>) -> Option<serde_json::Value> {
    let text = status?
        .get("reconciliationStatus")?
        .get("lastReconciledSpec")?
        .as_str()?;
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(match json.get("spec") {
        Some(spec) => spec.clone(),
        None => json,
    })
}

impl LastSpec {
    /// The facts of a deployed spec.
    pub fn of(spec: &FlinkDeploymentSpec) -> LastSpec {
        LastSpec {
            job: spec.job.is_some(),
            mode: spec.mode.unwrap_or_default(),
            flink_version: spec.flink_version,
            job_state: spec.job.as_ref().map(|j| (j.state(), j.upgrade_mode())),
            savepoint_redeploy_nonce: spec.job.as_ref().and_then(|j| j.savepoint_redeploy_nonce),
        }
    }

    /// The last reconciled spec a resource's status records
    /// (`status.reconciliationStatus.lastReconciledSpec`, the spec as JSON text), when it has
    /// one that reads.
    pub fn from_status(status: Option<&serde_json::Value>) -> Option<LastSpec> {
        let spec = &last_reconciled_spec(status)?;
        let job = spec.get("job").filter(|j| !j.is_null());
        let mode = match text_of(spec.get("mode")) {
            Some("standalone") => DeploymentMode::Standalone,
            _ => DeploymentMode::Native,
        };
        let flink_version = text_of(spec.get("flinkVersion"))
            .and_then(|v| FlinkVersion::ALL.into_iter().find(|f| f.name() == v));
        let job_state = job.map(|job| {
            let state = match text_of(job.get("state")) {
                Some("suspended") => JobState::Suspended,
                _ => JobState::Running,
            };
            let upgrade = match text_of(job.get("upgradeMode")) {
                Some("savepoint") => UpgradeMode::Savepoint,
                Some("last-state") => UpgradeMode::LastState,
                _ => UpgradeMode::Stateless,
            };
            (state, upgrade)
        });
        Some(LastSpec {
            job: job.is_some(),
            mode,
            flink_version,
            job_state,
            savepoint_redeploy_nonce: job
                .and_then(|j| j.get("savepointRedeployNonce"))
                .and_then(serde_json::Value::as_i64),
        })
    }
}

/// Checks `model` (with `last`, what the operator deployed before, for an update). On failure
/// the diagnostics hold every error (and any warnings).
pub fn validate(
    model: DeploymentModel,
    last: Option<&LastSpec>,
) -> Result<ValidDeployment, Diagnostics> {
    let mut out = Diagnostics::new();
    operator_validator(&model, last, &mut out);
    out.tag(Rule::OperatorWebhook);
    kubernetes(&model, &mut out);
    out.tag(Rule::KubernetesApi);
    flink(&model, &mut out);
    out.tag(Rule::FlinkConfig);
    if !out.has_errors() {
        flink_memory(&model, &mut out);
        out.tag(Rule::FlinkMemory);
    }
    if out.has_errors() {
        Err(out)
    } else {
        Ok(ValidDeployment::new(model, out))
    }
}

/// Where a key of the validator's effective configuration was set: the flinkConfiguration
/// entry, else the resource as a whole (the operator's configuration set it).
fn config_field(model: &DeploymentModel, key: &str) -> FieldPath {
    model
        .defaulted()
        .flink_configuration()
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map_or_else(
            || FieldPath::fields("spec.flinkConfiguration"),
            |e| e.path.clone(),
        )
}

/// `DefaultValidator.validateDeployment`, every check.
fn operator_validator(model: &DeploymentModel, last: Option<&LastSpec>, out: &mut Diagnostics) {
    let spec = model.spec();
    let conf = model.validation_config();
    let name = model.name();
    if model.defaulted().deployment().metadata.name.is_none() {
        out.error(
            FieldPath::fields("metadata.name"),
            "Required value: name or generateName is required",
        );
    } else if !valid_name(name) {
        out.error(FieldPath::fields("metadata.name"), name_message(name));
    }
    let version_path = FieldPath::fields("spec.flinkVersion");
    match spec.flink_version {
        None => out.error(version_path.clone(), "Flink Version must be defined."),
        Some(version) if !version.supported() => out.error(
            version_path.clone(),
            format!(
                "Flink version {} is not supported by this operator version",
                version.name()
            ),
        ),
        Some(version) if !version.in_released_crd() => out.warning(
            version_path.clone(),
            format!(
                "the CRD of the operator's 1.15.0 release lists flinkVersion up to v2_2: an API server with that CRD refuses {}",
                version.name()
            ),
        ),
        Some(_) => {}
    }
    if let Some(last) = last {
        version_change(spec, last, out);
    }
    for key in FORBIDDEN_KEYS {
        if conf.contains_key(key) {
            out.error(
                config_field(model, key),
                format!("Forbidden Flink config key: {key}"),
            );
        }
    }
    let flag = |key: &str, default: bool| match read(conf, key) {
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        _ => default,
    };
    if flag("kubernetes.operator.deployment.rollback.enabled", false) && !ha_activated(conf) {
        out.error(
            config_field(model, "kubernetes.operator.deployment.rollback.enabled"),
            "HA must be enabled for rollback support.",
        );
    }
    if flag("kubernetes.operator.cluster.health-check.enabled", false)
        && !flag("kubernetes.operator.jm-deployment-recovery.enabled", true)
    {
        out.error(
            config_field(model, "kubernetes.operator.cluster.health-check.enabled"),
            "Deployment recovery (kubernetes.operator.jm-deployment-recovery.enabled) must be enabled for job health check (kubernetes.operator.cluster.health-check.enabled) support.",
        );
    }
    if let Some(ingress_spec) = &spec.ingress {
        match &ingress_spec.template {
            None => out.error(
                FieldPath::fields("spec.ingress.template"),
                "Ingress template must be defined",
            ),
            Some(template) => {
                let namespace = model.settings().namespace.as_deref().unwrap_or("null");
                if let Err(message) = ingress::url(template, name, namespace) {
                    out.error(FieldPath::fields("spec.ingress.template"), message);
                }
            }
        }
    }
    for key in spec.log_configuration.iter().flatten().map(|(k, _)| k) {
        if key != "log4j-console.properties" && key != "logback-console.xml" {
            out.error(
                FieldPath::fields("spec.logConfiguration").key(key.clone()),
                format!("Invalid log config key: {key}. Allowed keys are {ALLOWED_LOG_KEYS}"),
            );
        }
    }
    if let Some(job) = &spec.job {
        job_spec(
            job,
            spec.task_manager.as_ref().and_then(|t| t.replicas),
            conf,
            &|key| config_field(model, key),
            out,
        );
    }
    components(model, out);
    if let Some(last) = last {
        spec_change(spec, last, out);
    }
    if spec.service_account.is_none() {
        out.error(
            FieldPath::fields("spec.serviceAccount"),
            "spec.serviceAccount must be defined. If you use helm, its value should be the same with the name of jobServiceAccount.",
        );
    }
    autoscaler(conf, &|key| config_field(model, key), out);
}

/// `validateJobSpec`, for a FlinkDeployment's job (`tm_replicas`: `taskManager.replicas`) and a
/// FlinkSessionJob's (none), over the validator's effective configuration `conf`; `field`
/// says where a configuration key was set.
pub fn job_spec(
    job: &crate::apache_spec::JobSpec,
    tm_replicas: Option<i32>,
    conf: &BTreeMap<String, String>,
    field: &dyn Fn(&str) -> FieldPath,
    out: &mut Diagnostics,
) {
    let blank = |key: &str| read(conf, key).is_none_or(|v| v.trim().is_empty());
    let mode = FieldPath::fields("spec.job.upgradeMode");
    if job.upgrade_mode() != UpgradeMode::Stateless && blank(CHECKPOINTS_DIRECTORY) {
        out.error(
            mode.clone(),
            format!(
                "Checkpoint directory[{CHECKPOINTS_DIRECTORY}] must be defined for last-state and savepoint upgrade modes"
            ),
        );
    }
    if blank(SAVEPOINT_DIRECTORY) {
        if job.upgrade_mode() == UpgradeMode::Savepoint {
            out.error(
                mode,
                format!(
                    "Job could not be upgraded with savepoint while config key[{SAVEPOINT_DIRECTORY}] is not set"
                ),
            );
        }
        if job.savepoint_trigger_nonce.is_some() {
            out.error(
                FieldPath::fields("spec.job.savepointTriggerNonce"),
                format!(
                    "Savepoint could not be manually triggered for the running job while config key[{SAVEPOINT_DIRECTORY}] is not set"
                ),
            );
        }
        let periodic = "kubernetes.operator.periodic.savepoint.interval";
        if read(conf, periodic).is_some() {
            out.error(
                field(periodic),
                format!(
                    "Periodic savepoints cannot be enabled when config key[{SAVEPOINT_DIRECTORY}] is not set"
                ),
            );
        }
        let max_age = "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age";
        if read(conf, max_age).is_some() {
            out.error(
                field(max_age),
                format!(
                    "In order to use max-checkpoint age functionality config key[{SAVEPOINT_DIRECTORY}] must be set to allow triggering savepoint upgrades."
                ),
            );
        }
    }
    match tm_replicas {
        Some(replicas) if replicas < 1 => out.error(
            FieldPath::fields("spec.taskManager.replicas"),
            "TaskManager replicas must be larger than 0",
        ),
        None if job.parallelism() < 1 => out.error(
            FieldPath::fields("spec.job.parallelism"),
            "Job parallelism must be larger than 0",
        ),
        _ => {}
    }
}

/// `validateJmSpec` and `validateTmSpec`: memory the configuration must give when the spec
/// does not, the resources' syntax, the replicas.
fn components(model: &DeploymentModel, out: &mut Diagnostics) {
    let spec = model.spec();
    let conf = model.validation_config();
    // The operator's Flink (1.20) derives the memory from the configuration alone.
    let analysis = memory::analyze(
        conf,
        &BTreeMap::new(),
        "1.20",
        Deployment::Native {
            cpu_option: crate::model::apache::CLIENT_FEATURES.task_manager_cpu_option(),
        },
    );
    let components = [
        (
            "JobManager",
            "jobManager",
            spec.job_manager
                .as_ref()
                .map(|j| (j.resource.as_ref(), j.replicas.unwrap_or(1))),
            analysis.job_manager.as_ref().is_some_and(Result::is_err),
        ),
        (
            "TaskManager",
            "taskManager",
            spec.task_manager
                .as_ref()
                .map(|t| (t.resource.as_ref(), t.replicas.unwrap_or(1))),
            analysis.task_manager.as_ref().is_some_and(Result::is_err),
        ),
    ];
    for (component, field, settings, derivation_fails) in components {
        let base = FieldPath::fields("spec").field(field);
        let memory = settings
            .and_then(|(r, _)| r)
            .and_then(|r| r.memory.as_deref());
        if memory.is_none_or(|m| m.trim().is_empty()) && derivation_fails {
            out.error(
                base.field("resource").field("memory"),
                format!(
                    "{component} resource memory must be defined using `spec.{field}.resource.memory`"
                ),
            );
        }
        let Some((resource, replicas)) = settings else {
            continue;
        };
        if let Some(resource) = resource {
            let mut message = String::new();
            if let Some(problem) = resource
                .memory
                .as_deref()
                .and_then(resource::memory_problem)
            {
                message.push_str(&format!(
                    "{component} resource memory parse error: {problem}"
                ));
            }
            if let Some(problem) = resource
                .ephemeral_storage
                .as_deref()
                .and_then(storage_problem)
            {
                message.push_str(&format!(
                    "{component} resource ephemeral storage parse error: {problem}"
                ));
            }
            if !message.trim().is_empty() {
                out.error(base.field("resource"), message);
            }
        }
        let replicas_path = base.field("replicas");
        if component == "JobManager" {
            if replicas < 1 {
                out.error(
                    replicas_path,
                    "JobManager replicas should not be configured less than one.",
                );
            } else if replicas > 1 && !ha_activated(conf) {
                out.error(
                    replicas_path,
                    "High availability should be enabled when starting standby JobManagers.",
                );
            }
        } else if replicas < 1 {
            out.error(
                replicas_path,
                "TaskManager replicas should not be configured less than one.",
            );
        }
    }
}

/// What fabric8's `Quantity.parse` and `getAmountInBytes` refuse of an ephemeral storage.
/// The text of a JSON value, when it is a string.
fn text_of(value: Option<&serde_json::Value>) -> Option<&str> {
    value.and_then(serde_json::Value::as_str)
}

fn storage_problem(storage: &str) -> Option<String> {
    if storage.trim().is_empty() {
        return Some("Invalid quantity string format passed.".to_owned());
    }
    match crate::quantity::Quantity::parse(storage.trim()) {
        Ok(_) => None,
        Err(_) => {
            let bad = storage
                .trim()
                .chars()
                .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '+'))
                .unwrap_or(' ');
            Some(format!(
                "Character {bad} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
            ))
        }
    }
}

/// The checks of a change from `last` (what the operator deployed before) to `spec`, as the
/// operator's validator makes them: a `flinkVersion` change after a last-state suspend, then
/// `validateSpecChange` (`diff` runs them against its OLD spec).
pub fn update_checks(spec: &FlinkDeploymentSpec, last: &LastSpec) -> Diagnostics {
    let mut out = Diagnostics::new();
    version_change(spec, last, &mut out);
    spec_change(spec, last, &mut out);
    out.tag(Rule::OperatorWebhook);
    out
}

/// A `flinkVersion` change of a job suspended with the last-state upgrade mode.
fn version_change(spec: &FlinkDeploymentSpec, last: &LastSpec, out: &mut Diagnostics) {
    if let Some(job) = &spec.job
        && job.upgrade_mode() != UpgradeMode::Stateless
        && last.job_state == Some((JobState::Suspended, UpgradeMode::LastState))
        && last.flink_version != spec.flink_version
    {
        out.error(
            FieldPath::fields("spec.flinkVersion"),
            "Changing flinkVersion after last-state suspend is not allowed. Restore your cluster with the current flinkVersion and perform the version upgrade afterwards.",
        );
    }
}

/// `validateSpecChange` against the spec the operator deployed before.
fn spec_change(spec: &FlinkDeploymentSpec, last: &LastSpec, out: &mut Diagnostics) {
    let job = FieldPath::fields("spec.job");
    if spec.job.is_some() && !last.job {
        out.error(job.clone(), "Cannot switch from session to job cluster");
    }
    if spec.job.is_none() && last.job {
        out.error(job, "Cannot switch from job to session cluster");
    }
    let mode = spec.mode.unwrap_or_default();
    match (last.mode, mode) {
        (DeploymentMode::Native, DeploymentMode::Standalone) => out.error(
            FieldPath::fields("spec.mode"),
            "Cannot switch from native kubernetes to standalone kubernetes cluster",
        ),
        (DeploymentMode::Standalone, DeploymentMode::Native) => out.error(
            FieldPath::fields("spec.mode"),
            "Cannot switch from standalone kubernetes to native kubernetes cluster",
        ),
        _ => {}
    }
    if let Some(new) = &spec.job
        && last.job
        && let Some(nonce) = new.savepoint_redeploy_nonce
        && Some(nonce) != last.savepoint_redeploy_nonce
        && new
            .initial_savepoint_path
            .as_ref()
            .is_none_or(|p| p.trim().is_empty())
    {
        out.error(
            FieldPath::fields("spec.job.initialSavepointPath"),
            "InitialSavepointPath must not be empty for savepoint redeployment",
        );
    }
}

/// An autoscaler option's key, default and range.
type AutoscalerRange = (&'static str, Option<f64>, Option<f64>, Option<f64>);

/// `AutoscalerValidator.validateAutoscalerOptions`, when `job.autoscaler.enabled` is on: the
/// numeric options in their ranges (the excluded periods, Quartz cron expressions, are not
/// checked: a warning says so).
pub fn autoscaler(
    conf: &BTreeMap<String, String>,
    field: &dyn Fn(&str) -> FieldPath,
    out: &mut Diagnostics,
) {
    let autoscaler_key = |key: &str| -> Option<(String, &str)> {
        let own = format!("job.autoscaler.{key}");
        let old = format!("kubernetes.operator.job.autoscaler.{key}");
        conf.get(&own)
            .map(|v| (own.clone(), v.as_str()))
            .or_else(|| conf.get(&old).map(|v| (old.clone(), v.as_str())))
    };
    let enabled =
        autoscaler_key("enabled").is_some_and(|(_, v)| v.trim().eq_ignore_ascii_case("true"));
    if !enabled {
        return;
    }
    let number = |key: &str, default: Option<f64>| -> Result<Option<f64>, String> {
        match autoscaler_key(key) {
            Some((_, value)) => crate::memory::java::parse_double(value)
                .map(Some)
                .ok_or_else(|| {
                    format!("Invalid value in the autoscaler config job.autoscaler.{key}")
                }),
            None => Ok(default),
        }
    };
    let target = number("utilization.target", Some(0.7))
        .ok()
        .flatten()
        .unwrap_or(0.7);
    // (key, default, minimum, maximum)
    let checks: [AutoscalerRange; 7] = [
        ("scale-down.max-factor", Some(0.6), Some(0.0), None),
        ("scale-up.max-factor", Some(100000.0), Some(0.0), None),
        ("utilization.target", Some(0.7), Some(0.0), Some(1.0)),
        ("target.utilization.boundary", Some(0.3), Some(0.0), None),
        ("utilization.max", None, Some(target), Some(1.0)),
        ("utilization.min", None, Some(0.0), Some(target)),
        (
            "observed-scalability.coefficient-min",
            Some(0.5),
            Some(0.01),
            Some(1.0),
        ),
    ];
    let bound = |b: Option<f64>, infinity: &str| {
        b.map_or_else(
            || infinity.to_owned(),
            crate::memory::java::double_to_string,
        )
    };
    for (key, default, min, max) in checks {
        let at =
            autoscaler_key(key).map_or_else(|| field("job.autoscaler.enabled"), |(k, _)| field(&k));
        match number(key, default) {
            Err(message) => out.error(at, message),
            Ok(Some(value)) if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) => {
                out.error(
                    at,
                    format!(
                        "The AutoScalerOption job.autoscaler.{key} is invalid, it should be a value within the range [{}, {}]",
                        bound(min, "-Infinity"),
                        bound(max, "+Infinity")
                    ),
                );
            }
            Ok(_) => {}
        }
    }
    if let Some((key, _)) = autoscaler_key("excluded.periods") {
        out.warning(
            field(&key),
            "not checked: the operator validates the excluded periods' Quartz cron expressions, which flink-render does not read",
        );
    }
}

/// What the API server refuses in the objects the operator creates: a namespace they need.
fn kubernetes(model: &DeploymentModel, out: &mut Diagnostics) {
    if model.settings().namespace.is_none() {
        out.error(
            FieldPath::fields("metadata.namespace"),
            "Required value: the operator gives Flink the FlinkDeployment's namespace (kubernetes.namespace), where Flink creates the TaskManager pods and the objects live; set metadata.namespace or --namespace",
        );
    }
}

/// What the operator's configuration builder and Flink's client refuse.
fn flink(model: &DeploymentModel, out: &mut Diagnostics) {
    for (path, message) in model.build_problems() {
        out.error(path.clone(), message.clone());
    }
    for (path, message) in model.template_problems() {
        out.error(path.clone(), message.clone());
    }
    let mut seen_duplicate = std::collections::BTreeSet::new();
    let entries = model.defaulted().flink_configuration();
    for pair in entries.windows(2) {
        if let [a, b] = pair
            && a.key == b.key
            && seen_duplicate.insert(a.key.clone())
        {
            out.error(
                b.path.clone(),
                format!(
                    "spec.flinkConfiguration sets {:?} twice (at {} and at {}); the operator keeps the one written last in the document: write it once",
                    a.key, a.path, b.path
                ),
            );
        }
    }
    if let Some(jar) = model.spec().job.as_ref().and_then(|j| j.jar_uri.as_ref())
        && let Err(message) = java_uri(jar)
    {
        out.error(FieldPath::fields("spec.job.jarURI"), message);
    }
    if model.format() == crate::flink_conf::Format::ConfigYaml {
        let keys: Vec<&String> = model.configuration().values().keys().collect();
        for (i, shorter) in keys.iter().enumerate() {
            for longer in keys.iter().skip(i + 1) {
                if longer.starts_with(&format!("{shorter}.")) {
                    let path = model
                        .configuration()
                        .origin(longer)
                        .and_then(Origin::field)
                        .cloned()
                        .unwrap_or_else(|| FieldPath::fields("spec.flinkConfiguration"));
                    out.error(
                        path,
                        format!(
                            "Overlapping key prefixes detected ({shorter} -> {longer}), please replace with Flink v2 compatible, non-deprecated keys."
                        ),
                    );
                }
            }
        }
    }
}

/// `new java.net.URI(text)`'s refusal of characters no URI may hold, with its message.
pub fn java_uri(text: &str) -> Result<(), String> {
    let illegal = |c: char| c.is_control() || c == ' ' || "\"<>\\^`{|}".contains(c);
    let bytes = text.as_bytes();
    let bad_escape = text.char_indices().find(|(i, c)| {
        *c == '%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    let illegal_at = text.char_indices().find(|(_, c)| illegal(*c));
    if let Some((at, _)) = bad_escape
        && illegal_at.is_none_or(|(i, _)| at < i)
    {
        let index = text[..at].chars().count();
        return Err(format!("Malformed escape pair at index {index}: {text}"));
    }
    let Some((index, _)) = illegal_at else {
        return Ok(());
    };
    let scheme_end = text.find(':');
    let component = match scheme_end {
        Some(end) if index < end => "scheme name",
        _ => {
            let fragment = text.find('#').filter(|f| *f < index);
            let query = text.find('?').filter(|q| *q < index);
            let authority = text
                .find("://")
                .map(|start| start + 3)
                .filter(|start| *start <= index && !text[*start..index].contains('/'));
            if fragment.is_some() {
                "fragment"
            } else if query.is_some() {
                "query"
            } else if authority.is_some() {
                "authority"
            } else {
                "path"
            }
        }
    };
    // Java reports a bad authority at its start.
    let index = match component {
        "authority" => text.find("://").map_or(index, |start| start + 3),
        _ => index,
    };
    let index = text[..index].chars().count();
    Err(format!(
        "Illegal character in {component} at index {index}: {text}"
    ))
}

/// Flink's memory model over the file the cluster reads, with the image's Flink version: what
/// the JobManager or a TaskManager refuses at start.
fn flink_memory(model: &DeploymentModel, out: &mut Diagnostics) {
    let reads = model.reads();
    let loaded = match &reads.read {
        Ok(loaded) => loaded,
        Err(unloadable) => {
            out.error(
                FieldPath::fields("spec.flinkConfiguration"),
                format!(
                    "Flink could not load the configuration file the operator writes: {unloadable}"
                ),
            );
            return;
        }
    };
    let analysis = memory::analyze_read(
        &loaded.entries,
        &loaded.doubles,
        &BTreeMap::new(),
        &model.flink_version_text(),
        reads.deployment,
    );
    for (process, error) in analysis.errors() {
        let path = error
            .keys
            .iter()
            .find_map(|key| {
                model
                    .configuration()
                    .origin(key)
                    .and_then(Origin::field)
                    .cloned()
            })
            .unwrap_or_else(|| {
                FieldPath::fields("spec").field(match process {
                    memory::Process::JobManager => "jobManager",
                    memory::Process::TaskManager => "taskManager",
                })
            });
        let set: Vec<String> = error
            .keys
            .iter()
            .filter_map(|key| {
                reads
                    .written
                    .get(*key)
                    .map(|value| format!("{key}: {value}"))
            })
            .collect();
        let keys = if set.is_empty() {
            String::new()
        } else {
            format!(" [configuration: {}]", set.join("; "))
        };
        out.error(path, format!("{error}{keys}"));
    }
}

#[cfg(test)]
mod tests;
