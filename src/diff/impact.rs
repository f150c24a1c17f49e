//! What the operator does when the spec changes from old to new: the kind of update, what
//! happens to the job, and what happens to each object.
//!
//! The operator reacts to a new revision (a change of the hashed spec, see
//! [`crate::revision`]), not to a change of any single object:
//!
//! - **no new revision**: it leaves every running object alone, even one whose rendering
//!   changed (only fields outside the hash changed, or metadata);
//! - **scale update** (`isScaleUpdate`, job clusters only): the spec maps of the last two
//!   revisions differ in exactly one top-level key, `taskManager`, and its `replicas` differ.
//!   Keys present in only one map are ignored and other `taskManager` fields may change along.
//!   The job keeps running and every object is updated in place;
//! - **full update**: a job cluster first stops its job (with a savepoint into `savepointsDir`
//!   when `takeSavepointOnUpdate` is true or unset and no `fromSavepoint` is given, otherwise
//!   without one); then every object carrying the old revision label is deleted and created
//!   again (`recreateOnUpdate`, the default) or updated in place; finally the job submitter is
//!   created again and the job restarts from the savepoint.
//!
//! Objects the new spec adds are created and objects it drops are deleted in every case. A
//! Volcano PodGroup is only ever updated when its `minMember` changes.

use serde::Serialize;
use serde_json::Value;

use super::objects::{ObjectChange, ObjectDiff};
use super::rules::{CONTROL_ANNOTATION, LiveJob, LiveState};
use crate::path::FieldPath;
use crate::render::Object;
use crate::render::names::REVISION_LABEL;
use crate::spec::{FlinkCluster, JobSpec};

/// The kind of change the operator carries out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Update {
    /// The cluster is new: everything is created.
    Create,
    /// The cluster is gone: Kubernetes deletes its objects (they are owned by it).
    Delete,
    /// The hashed spec is unchanged: no update.
    None,
    /// Only `taskManager.replicas` changed (as the operator judges it): updated in place, the
    /// job keeps running.
    Scale,
    /// Any other change of the hashed spec.
    Full,
}

/// What the operator does with one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Left as it is.
    Keep,
    /// Created.
    Create,
    /// Deleted.
    Delete,
    /// Deleted, then created again from the new spec.
    Recreate,
    /// Updated in place.
    Update,
}

/// How the running job is stopped before the components change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum JobStop {
    /// The job is not stopped (no update, a scale update, or it is not running).
    None,
    /// Savepoint-and-cancel, the savepoint written under `savepointsDir`.
    #[serde(rename_all = "camelCase")]
    Savepoint {
        /// `spec.job.savepointsDir`.
        savepoints_dir: String,
    },
    /// Cancelled without a savepoint.
    Cancel,
}

/// Where the restarted job takes its state from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Restore {
    /// The job is not restarted.
    None,
    /// `spec.job.fromSavepoint`.
    #[serde(rename_all = "camelCase")]
    FromSavepoint {
        /// The path.
        path: String,
    },
    /// The savepoint taken when the job was stopped.
    SavepointTakenOnStop,
    /// The latest savepoint recorded in the status (it must be up to date, see the warnings).
    LatestSavepoint,
}

/// What happens to the job of a job cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobPlan {
    /// How it is stopped.
    pub stop: JobStop,
    /// Where it restarts from.
    pub restore: Restore,
}

/// A change of the spec, as a path with the old and new value (`None`: absent).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpecChange {
    /// Field path, e.g. `spec.taskManager.replicas`.
    #[serde(serialize_with = "display")]
    pub path: FieldPath,
    /// Old value.
    pub old: Option<Value>,
    /// New value.
    pub new: Option<Value>,
    /// A resource quantity spelled differently with the same value (`1.5` and `1.500`): no
    /// change to Kubernetes, but a new revision to the operator, which hashes the spelling.
    pub same_value: bool,
}

fn display<S: serde::Serializer>(path: &FieldPath, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(path)
}

/// A change of a field the revision ignores: it never triggers an update.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UntriggeredChange {
    /// The change.
    #[serde(flatten)]
    pub change: SpecChange,
    /// What it does instead.
    pub effect: String,
}

/// The impact of the change on a cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Impact {
    /// The kind of update.
    pub update: Update,
    /// `spec.recreateOnUpdate` of the new spec.
    pub recreate_on_update: bool,
    /// What happens to the job (job clusters).
    pub job: Option<JobPlan>,
    /// Changes of fields outside the revision hash.
    pub untriggered: Vec<UntriggeredChange>,
    /// A new request through the user-control annotation, and what the operator does for it.
    pub control: Option<String>,
    /// Behaviour of the operator worth knowing about for this change.
    pub notes: Vec<String>,
}

/// Everything the impact is computed from.
pub struct Inputs<'a> {
    /// The defaulted old cluster, if any.
    pub old: Option<&'a FlinkCluster>,
    /// The defaulted new cluster, if any.
    pub new: Option<&'a FlinkCluster>,
    /// Revision data of the old spec.
    pub old_data: Option<&'a Value>,
    /// Revision data of the new spec.
    pub new_data: Option<&'a Value>,
    /// The assumed live state.
    pub live: &'a LiveState,
}

/// Computes the impact and fills in each object's [`Action`].
pub fn assess(inputs: &Inputs<'_>, objects: &mut [ObjectDiff]) -> Impact {
    let new_job = inputs.new.and_then(|c| c.spec.job.as_ref());
    let update = match (inputs.old, inputs.new) {
        (None, _) => Update::Create,
        (_, None) => Update::Delete,
        _ if inputs.old_data == inputs.new_data => Update::None,
        _ if new_job.is_some() && is_scale_update(inputs.old_data, inputs.new_data) => {
            Update::Scale
        }
        _ => Update::Full,
    };
    let recreate_on_update = inputs
        .new
        .and_then(|c| c.spec.recreate_on_update)
        .unwrap_or(true);
    let job_running = inputs.live.job == LiveJob::Running;
    let job = new_job.map(|job| job_plan(update, job, job_running));
    let mut notes = Vec::new();
    if job.as_ref().is_some_and(|plan| {
        matches!(
            plan.restore,
            Restore::SavepointTakenOnStop | Restore::LatestSavepoint
        )
    }) {
        notes.push("the new job submitter also gets --fromSavepoint with that savepoint's path, which only the operator knows at run time (the rendered submitter shows it when --from-savepoint is given)".to_owned());
    }
    for object in objects.iter_mut() {
        object.action = action(object, update, recreate_on_update, job_running);
        if let Some(note) = object_note(object, update) {
            notes.push(note);
        }
    }
    if update == Update::Scale {
        notes.extend(scale_quirks(inputs.old_data, inputs.new_data));
    }
    if update == Update::None
        && objects
            .iter()
            .any(|o| o.change == ObjectChange::Changed && o.action == Action::Keep)
    {
        notes.push("the rendered objects differ but the hashed spec does not: the operator does not touch running objects without a new revision".to_owned());
    }
    let (untriggered, control) = match (inputs.old, inputs.new) {
        (Some(old), Some(new)) => (untriggered(old, new), control_request(old, new)),
        _ => (Vec::new(), None),
    };
    Impact {
        update,
        recreate_on_update,
        job,
        untriggered,
        control,
        notes,
    }
}

fn spec_map(data: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
    data?.get("spec")?.as_object()
}

/// The operator's `isScaleUpdate` on two revisions' data (the caller checks for a job).
pub fn is_scale_update(old: Option<&Value>, new: Option<&Value>) -> bool {
    let (Some(old), Some(new)) = (spec_map(old), spec_map(new)) else {
        return false;
    };
    let differing: Vec<&String> = old
        .iter()
        .filter(|(key, value)| new.get(*key).is_some_and(|v| v != *value))
        .map(|(key, _)| key)
        .collect();
    if differing.as_slice() != ["taskManager"] {
        return false;
    }
    let replicas = |map: &serde_json::Map<String, Value>| {
        map.get("taskManager")
            .and_then(|tm| tm.get("replicas"))
            .cloned()
    };
    replicas(old) != replicas(new)
}

/// The quirks of `isScaleUpdate` that apply to a scale update.
fn scale_quirks(old: Option<&Value>, new: Option<&Value>) -> Vec<String> {
    let (Some(old), Some(new)) = (spec_map(old), spec_map(new)) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    let (old_tm, new_tm) = (old.get("taskManager"), new.get("taskManager"));
    let others: Vec<String> = changes(old_tm, new_tm, &FieldPath::fields("spec.taskManager"))
        .into_iter()
        .map(|c| c.path.to_string())
        .filter(|p| p != "spec.taskManager.replicas")
        .collect();
    if !others.is_empty() {
        notes.push(format!(
            "taskManager fields other than replicas changed too ({}): the operator still takes this for a scale update, keeps the job running and updates the TaskManager in place",
            others.join(", ")
        ));
    }
    let one_sided: Vec<String> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .chain(new.keys().filter(|k| !old.contains_key(*k)))
        .map(|k| format!("spec.{k}"))
        .collect();
    if !one_sided.is_empty() {
        notes.push(format!(
            "{} appear(s) in only one of the two specs, which the operator's scale check ignores: the change is still taken for a scale update",
            one_sided.join(", ")
        ));
    }
    notes
}

fn job_plan(update: Update, job: &JobSpec, running: bool) -> JobPlan {
    let none = JobPlan {
        stop: JobStop::None,
        restore: Restore::None,
    };
    if update != Update::Full || !running {
        return none;
    }
    let from_savepoint = job
        .from_savepoint
        .as_deref()
        .filter(|s| !s.trim().is_empty());
    let take_savepoint = job.take_savepoint_on_update != Some(false);
    let stop = match (take_savepoint, from_savepoint) {
        (true, None) => JobStop::Savepoint {
            savepoints_dir: job.savepoints_dir.clone().unwrap_or_default(),
        },
        _ => JobStop::Cancel,
    };
    let restore = match (from_savepoint, &stop) {
        (Some(path), _) => Restore::FromSavepoint {
            path: path.to_owned(),
        },
        (None, JobStop::Savepoint { .. }) => Restore::SavepointTakenOnStop,
        (None, _) => Restore::LatestSavepoint,
    };
    JobPlan { stop, restore }
}

fn has_revision_label(object: &Object) -> bool {
    object
        .metadata()
        .labels
        .as_ref()
        .is_some_and(|l| l.contains_key(REVISION_LABEL))
}

fn action(object: &ObjectDiff, update: Update, recreate: bool, job_running: bool) -> Action {
    let (old, new) = match (&object.old, &object.new) {
        (None, Some(_)) => return Action::Create,
        (Some(_), None) => return Action::Delete,
        (Some(old), Some(new)) => (old, new),
        (None, None) => return Action::Keep,
    };
    match (update, old, new) {
        (Update::Create, ..) => Action::Create,
        (Update::Delete, ..) => Action::Delete,
        (Update::None, ..) => Action::Keep,
        (_, Object::PodGroup(old), Object::PodGroup(new)) => {
            if old.spec.min_member == new.spec.min_member {
                Action::Keep
            } else {
                Action::Update
            }
        }
        (_, Object::Job(_), _) => match update {
            Update::Full if job_running => Action::Recreate,
            _ => Action::Keep,
        },
        _ if !has_revision_label(old) => Action::Keep,
        (Update::Scale, ..) => Action::Update,
        _ if recreate => Action::Recreate,
        _ => Action::Update,
    }
}

fn pod_templates(object: &Object) -> Option<&k8s_openapi::api::core::v1::PodTemplateSpec> {
    match object {
        Object::StatefulSet(set) => Some(&set.spec.template),
        Object::Deployment(deployment) => Some(&deployment.spec.template),
        _ => None,
    }
}

fn object_note(object: &ObjectDiff, update: Update) -> Option<String> {
    let (old, new) = (object.old.as_ref()?, object.new.as_ref()?);
    let what = format!("{} {}", object.kind(), object.name());
    match (object.action, old, new) {
        (Action::Update, ..)
            if pod_templates(old).is_some() && pod_templates(old) != pod_templates(new) =>
        {
            let running = if update == Update::Scale {
                " while the job keeps running"
            } else {
                ""
            };
            Some(format!(
                "{what} is updated in place with a new pod template: Kubernetes replaces its pods one by one{running}"
            ))
        }
        (Action::Keep, Object::PodGroup(_), _) if object.change == ObjectChange::Changed => {
            Some(format!(
                "{what} keeps its old content: the operator updates a PodGroup only when minMember changes"
            ))
        }
        _ => None,
    }
}

/// Leaf-level changes between two JSON values under `path` (lists element by element).
pub fn changes(old: Option<&Value>, new: Option<&Value>, path: &FieldPath) -> Vec<SpecChange> {
    let mut out = Vec::new();
    collect_changes(old, new, path, &mut out);
    out
}

fn child_path(path: &FieldPath, key: &str) -> FieldPath {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '$')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '$');
    if plain {
        path.field(key)
    } else {
        path.key(key)
    }
}

fn collect_changes(
    old: Option<&Value>,
    new: Option<&Value>,
    path: &FieldPath,
    out: &mut Vec<SpecChange>,
) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                collect_changes(a.get(key), b.get(key), &child_path(path, key), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                collect_changes(a.get(i), b.get(i), &path.index(i), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(SpecChange {
            path: path.clone(),
            old: a.cloned(),
            new: b.cloned(),
            same_value: false,
        }),
    }
}

/// Changes of the five job fields the revision hash leaves out.
fn untriggered(old: &FlinkCluster, new: &FlinkCluster) -> Vec<UntriggeredChange> {
    let (Some(old_job), Some(new_job)) = (&old.spec.job, &new.spec.job) else {
        return Vec::new();
    };
    type Read = fn(&JobSpec) -> serde_json::Result<Value>;
    let fields: [(&str, Read, &str); 5] = [
        (
            "cleanupPolicy",
            |j| serde_json::to_value(&j.cleanup_policy),
            "applies when the job ends; no update is triggered",
        ),
        (
            "restartPolicy",
            |j| serde_json::to_value(j.restart_policy),
            "applies when the job fails; no update is triggered",
        ),
        (
            "cancelRequested",
            |j| serde_json::to_value(j.cancel_requested),
            "no update is triggered",
        ),
        (
            "savepointGeneration",
            |j| serde_json::to_value(j.savepoint_generation),
            "the operator takes a savepoint of the running job; no update is triggered",
        ),
        (
            "savepointFormatType",
            |j| serde_json::to_value(j.savepoint_format_type),
            "applies to savepoints taken from now on; no update is triggered",
        ),
    ];
    let value = |read: Read, job: &JobSpec| read(job).ok().filter(|v| !v.is_null());
    fields
        .into_iter()
        .filter_map(|(field, read, effect)| {
            let (old, new) = (value(read, old_job), value(read, new_job));
            (old != new).then(|| UntriggeredChange {
                change: SpecChange {
                    path: FieldPath::fields("spec.job").field(field),
                    old,
                    new,
                    same_value: false,
                },
                effect: effect.to_owned(),
            })
        })
        .collect()
}

fn control_request(old: &FlinkCluster, new: &FlinkCluster) -> Option<String> {
    let value = |c: &FlinkCluster| {
        c.metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(CONTROL_ANNOTATION))
            .cloned()
    };
    let requested = value(new)?;
    if value(old).as_ref() == Some(&requested) {
        return None;
    }
    match requested.as_str() {
        "savepoint" => Some("savepoint: the operator takes a savepoint of the running job".to_owned()),
        "job-cancel" => Some("job-cancel: the operator stops the job (with a savepoint when savepointsDir is set) and deletes the job submitter".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn scale_update_is_a_replicas_change_under_task_manager() {
        let old = json!({"spec": {"image": {"name": "a"}, "taskManager": {"replicas": 1}}});
        let new = json!({"spec": {"image": {"name": "a"}, "taskManager": {"replicas": 2}}});
        assert!(is_scale_update(Some(&old), Some(&new)));
        let image = json!({"spec": {"image": {"name": "b"}, "taskManager": {"replicas": 2}}});
        assert!(!is_scale_update(Some(&old), Some(&image)));
    }

    #[test]
    fn scale_update_quirks() {
        // Other taskManager fields may change along.
        let old = json!({"spec": {"taskManager": {"replicas": 1, "resources": {"limits": {"cpu": "1"}}}}});
        let new = json!({"spec": {"taskManager": {"replicas": 2, "resources": {"limits": {"cpu": "2"}}}}});
        assert!(is_scale_update(Some(&old), Some(&new)));
        // Keys present on one side only are ignored.
        let added = json!({"spec": {"taskManager": {"replicas": 2}, "podDisruptionBudget": {}}});
        let base = json!({"spec": {"taskManager": {"replicas": 1}}});
        assert!(is_scale_update(Some(&base), Some(&added)));
        assert_eq!(
            scale_quirks(Some(&base), Some(&added)),
            [
                "spec.podDisruptionBudget appear(s) in only one of the two specs, which the operator's scale check ignores: the change is still taken for a scale update"
            ]
        );
        // A taskManager change without a replicas change is not a scale update.
        let same = json!({"spec": {"taskManager": {"replicas": 1, "resources": {"limits": {"cpu": "2"}}}}});
        assert!(!is_scale_update(Some(&old), Some(&same)));
    }

    #[test]
    fn leaf_changes_with_paths() {
        let old = json!({"spec": {"args": ["a", "b"], "flinkProperties": {"x.y": "1"}}});
        let new = json!({"spec": {"args": ["a", "c", "d"], "flinkProperties": {"x.y": "2"}}});
        let found: Vec<String> = changes(Some(&old), Some(&new), &FieldPath::root())
            .into_iter()
            .map(|c| format!("{} {:?} {:?}", c.path, c.old, c.new))
            .collect();
        assert_eq!(
            found,
            [
                "spec.args[1] Some(String(\"b\")) Some(String(\"c\"))",
                "spec.args[2] None Some(String(\"d\"))",
                "spec.flinkProperties[x.y] Some(String(\"1\")) Some(String(\"2\"))",
            ]
        );
    }
}
