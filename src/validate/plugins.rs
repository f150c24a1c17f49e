//! Paths whose scheme Flink serves only through a file-system plugin (`s3://`, `gs://`,
//! `abfss://`, ...: [`crate::flink_conf::plugins`]) while the Flink processes that use them load
//! none: a warning at the path, naming the plugin's jar for the cluster's Flink release and how
//! to enable it.
//!
//! The paths: every value of the effective Flink configuration (checkpoint, savepoint and HA
//! storage directories, the job's JARs natively, any other), `spec.job.savepointsDir` and the
//! savepoint the job starts from. HA storage and the job's JARs are the JobManager's; the other
//! paths are the TaskManagers' too. A process loads a plugin when its container's environment
//! names the plugin's jar in `ENABLE_BUILT_IN_PLUGINS` (`spec.envVars`; natively also
//! `containerized.master.env.*` and `containerized.taskmanager.env.*`) or mounts a volume under
//! `/opt/flink/plugins`. An environment that may hold the variable without saying so
//! (`spec.envFrom`, a `valueFrom`) counts as enabling it: the warning is for what certainly
//! fails.

use crate::catalogue::{self, FileSystemFacts, Line};
use crate::diagnostics::Diagnostics;
use crate::flink_conf::keys;
use crate::flink_conf::plugins::{self, ENABLE_BUILT_IN_PLUGINS};
use crate::ha::STORAGE_DIR_KEYS;
use crate::model::Model;
use crate::model::config::Origin;
use crate::options::Target;
use crate::path::FieldPath;
use crate::spec::FlinkClusterSpec;
use crate::version::FlinkVersion;

/// A path that needs a plugin.
struct PluginPath {
    field: FieldPath,
    uri: String,
    file_system: &'static FileSystemFacts,
    /// Whether only the JobManager reads it.
    job_manager_only: bool,
}

/// What a process's container tells about the plugins it loads.
struct Loads {
    name: &'static str,
    /// `ENABLE_BUILT_IN_PLUGINS` as set, when literal.
    enabled: Vec<String>,
    /// A volume under the plugins directory, or an environment that may hold the variable.
    maybe_any: bool,
}

impl Loads {
    fn loads(&self, file_system: &FileSystemFacts) -> bool {
        self.maybe_any
            || file_system
                .plugins
                .iter()
                .any(|p| self.enabled.iter().any(|value| plugins::enables(value, p)))
    }
}

/// Warns about every path of `model` whose file-system plugin a process that uses it lacks.
pub(super) fn validate(model: &Model, out: &mut Diagnostics) {
    let spec = model.spec();
    let Some(line) = keys::line(&spec.flink_version) else {
        return;
    };
    let Ok(read) = &model.reads().read else {
        return;
    };
    let mut paths: Vec<PluginPath> = Vec::new();
    let mut add = |field: FieldPath, uri: &str, job_manager_only: bool| {
        if let Some(file_system) = plugins::needed_for(uri, line)
            && !paths.iter().any(|p| p.field == field)
        {
            paths.push(PluginPath {
                field,
                uri: uri.trim().to_owned(),
                file_system,
                job_manager_only,
            });
        }
    };
    let user = |key: &str| spec.flink_properties.as_ref().and_then(|p| p.get(key));
    for (key, value) in &read.entries {
        if user(key).is_some_and(|v| v.contains(['\n', '\r'])) {
            // Refused as a line break already.
            continue;
        }
        let list = catalogue::option(key, line).is_some_and(|o| o.list);
        let field = match model.origins().get(key) {
            Some(Origin::Operator(Some(field)) | Origin::Native(Some(field))) => field.clone(),
            _ => FieldPath::fields("spec.flinkProperties").key(key.clone()),
        };
        let job_manager_only =
            STORAGE_DIR_KEYS.contains(&key.as_str()) || key.starts_with("pipeline.");
        let items: Vec<&str> = if list {
            value.split(';').collect()
        } else {
            vec![value.as_str()]
        };
        for item in items {
            add(field.clone(), item, job_manager_only);
        }
    }
    if let Some(job) = &spec.job {
        if let Some(dir) = &job.savepoints_dir {
            add(FieldPath::fields("spec.job.savepointsDir"), dir, false);
        }
        if let Some(savepoint) = &job.from_savepoint {
            add(
                FieldPath::fields("spec.job.fromSavepoint"),
                savepoint,
                false,
            );
        }
        if let Some(savepoint) = &model.settings().from_savepoint {
            add(FieldPath::root(), savepoint, false);
        }
    }
    if paths.is_empty() {
        return;
    }
    // Natively Flink sets `containerized.<process>.env.*` in the pods it creates.
    let native = (model.settings().target == Target::Native).then_some(&read.entries);
    let processes = [
        loads(spec, native, "JobManager", "master"),
        loads(spec, native, "TaskManagers", "taskmanager"),
    ];
    let release = release(spec, line);
    // One warning per scheme and set of processes lacking it, at its first path.
    let mut warnings: Vec<(PluginPath, Vec<&str>, Vec<String>)> = Vec::new();
    for path in paths {
        let missing: Vec<&str> = processes
            .iter()
            .filter(|p| !(path.job_manager_only && p.name == "TaskManagers"))
            .filter(|p| !p.loads(path.file_system))
            .map(|p| p.name)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let same = warnings.iter_mut().find(|(first, lacking, _)| {
            first.file_system == path.file_system && *lacking == missing
        });
        match same {
            Some((_, _, others)) => others.push(describe(&path.field)),
            None => warnings.push((path, missing, Vec::new())),
        }
    }
    for (path, missing, others) in warnings {
        let text = message(&path, &missing, &others, &release);
        out.warning(path.field, text);
    }
}

/// A field as a warning names it (`--from-savepoint` for the savepoint the options give).
fn describe(field: &FieldPath) -> String {
    if field.is_root() {
        "the savepoint of --from-savepoint".to_owned()
    } else {
        field.to_string()
    }
}

/// The Flink release to name jars with, and whether it was read off the cluster.
fn release(spec: &FlinkClusterSpec, line: Line) -> (String, bool) {
    if let Some(release) = plugins::image_release(&spec.image.name, line) {
        return (release, true);
    }
    let full = FlinkVersion::parse(&spec.flink_version).ok().filter(|_| {
        spec.flink_version
            .trim_start_matches('v')
            .split('.')
            .count()
            == 3
    });
    match full {
        Some(_) => (spec.flink_version.trim_start_matches('v').to_owned(), true),
        None => (line.release().to_owned(), false),
    }
}

fn message(
    path: &PluginPath,
    missing: &[&str],
    others: &[String],
    (release, known): &(String, bool),
) -> String {
    let scheme = path.uri.split("://").next().unwrap_or_default();
    let jars: Vec<String> = path
        .file_system
        .plugins
        .iter()
        .map(|p| plugins::jar(p, release))
        .collect();
    let which = match jars.as_slice() {
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (or {})", rest.join(", or ")),
        [] => String::new(),
    };
    let release_note = if *known {
        String::new()
    } else {
        format!(
            " (name the jar with your image's Flink release: {release} is the {} release flink-render knows)",
            release
                .rsplit_once('.')
                .map_or(release.as_str(), |(line, _)| line)
        )
    };
    let also = match others {
        [] => String::new(),
        [one] => format!(" (as {one} does)"),
        _ => format!(" (as {} do)", others.join(", ")),
    };
    format!(
        "{}{also} needs a file-system plugin for {scheme}://, and the {} load{} none: Flink fails when it first uses this path (Could not find a file system implementation for scheme '{}'). Enable {which} from the image's opt/ directory: set {ENABLE_BUILT_IN_PLUGINS} to {} in spec.envVars, or mount the plugin into a directory under {}{release_note}",
        path.uri,
        missing.join(" and the "),
        if missing.len() == 1 && missing[0] == "JobManager" {
            "s"
        } else {
            ""
        },
        scheme.to_ascii_lowercase(),
        jars.first().map(String::as_str).unwrap_or_default(),
        plugins::PLUGINS_DIR,
    )
}

/// What the main container of a process (`JobManager` or `TaskManagers`, whose native
/// environment options are `containerized.<native>.env.*`) tells about its plugins.
fn loads(
    spec: &FlinkClusterSpec,
    native_entries: Option<&std::collections::BTreeMap<String, String>>,
    name: &'static str,
    native: &str,
) -> Loads {
    let mut enabled = Vec::new();
    let mut maybe_any = spec.env_from.as_ref().is_some_and(|e| !e.is_empty());
    for var in spec.env_vars.iter().flatten() {
        if var.name == ENABLE_BUILT_IN_PLUGINS {
            match &var.value {
                Some(value) => enabled.push(value.clone()),
                None => maybe_any |= var.value_from.is_some(),
            }
        }
    }
    let key = format!("containerized.{native}.env.{ENABLE_BUILT_IN_PLUGINS}");
    if let Some(value) = native_entries.and_then(|entries| entries.get(&key)) {
        enabled.push(value.clone());
    }
    let mounts = match name {
        "JobManager" => spec.job_manager().volume_mounts.as_ref(),
        _ => spec.task_manager().volume_mounts.as_ref(),
    };
    maybe_any |= mounts
        .into_iter()
        .flatten()
        .any(|m| plugins::mounts_plugins(&m.mount_path));
    Loads {
        name,
        enabled,
        maybe_any,
    }
}
