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
//! - **full update**: a job cluster first stops its job with a savepoint into `savepointsDir`
//!   (when `takeSavepointOnUpdate` is true or unset and no `fromSavepoint` is given); then every
//!   object carrying the old revision label is deleted and created again (`recreateOnUpdate`,
//!   the default) or updated in place; finally the job submitter is created again and the job
//!   restarts from the savepoint.
//!
//! Objects the new spec adds are created and objects it drops are deleted in every case. A
//! Volcano PodGroup is only ever updated when its `minMember` changes.
//!
//! Where the operator's code does not do what it evidently means to, the impact says what it
//! does, with a warning where it gets stuck or loses the job (checked against the operator's own
//! code run on pairs of specs, tests/oracle_updates.rs):
//!
//! - a changed **session cluster** gets its new revision recorded, and then every reconcile
//!   panics (`JobStatus.UpdateReady` reads the missing `spec.job`): nothing is ever applied;
//! - a full update **without a savepoint** (`fromSavepoint` given, or `takeSavepointOnUpdate:
//!   false`) never cancels the job: it ends when its JobManager goes;
//! - a full update with **`recreateOnUpdate: false`** (not in application mode, where the
//!   JobManager Job keeps the update open) updates the components in place and deletes the job
//!   submitter, and the update is finished before a new one is created: the job is never
//!   submitted again, it ends Lost (and `cleanupPolicy.afterJobFails` applies);
//! - **`job-cancel`** stops the job with a savepoint, which Flink reports as finished, so
//!   `cleanupPolicy.afterJobSucceeds` (`DeleteCluster` by default) removes the components;
//!   without `savepointsDir` it cancels the job and `afterJobCancelled` applies.

use serde::Serialize;
use serde_json::Value;

use super::objects::{ObjectChange, ObjectDiff};
use super::rules::{CONTROL_ANNOTATION, LiveJob, LiveState};
use crate::model::names::REVISION_LABEL;
use crate::object::Object;
use crate::path::FieldPath;
use crate::spec::{CleanupAction, FlinkCluster, JobMode, JobSpec};

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

/// How the running job is stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum JobStop {
    /// The job is not stopped (no update, a scale update, or it is not running).
    None,
    /// Stopped with a savepoint written under `savepointsDir` (savepoint-and-cancel for an
    /// update, stop-with-savepoint for `job-cancel`).
    #[serde(rename_all = "camelCase")]
    Savepoint {
        /// `spec.job.savepointsDir`.
        savepoints_dir: String,
    },
    /// Cancelled without a savepoint (`job-cancel` without `savepointsDir`).
    Cancel,
    /// Not stopped by the operator: the job ends when its JobManager is deleted or replaced,
    /// without a final savepoint (a full update with `fromSavepoint` or
    /// `takeSavepointOnUpdate: false`).
    WithJobManager,
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
    /// Whether the operator submits it again (a new job submitter, or in application mode a
    /// new JobManager Job).
    pub resubmit: bool,
    /// Where it restarts from ([`Restore::None`] when it is not resubmitted).
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
    /// Where the operator gets stuck, loses the job or deletes the cluster, and how to avoid
    /// it.
    pub warnings: Vec<String>,
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

/// What the operator's run leaves of the job and the components, beyond the update itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Outcome {
    update: Update,
    recreate: bool,
    job_running: bool,
    /// A session cluster with a new revision: the operator panics and applies nothing.
    stuck: bool,
    /// What happens to the job submitter (or application-mode JobManager Job), when not the
    /// update's own action.
    submitter: Option<Action>,
    /// The cleanup policy that applies once the job has ended.
    cleanup: Option<CleanupAction>,
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
    let (untriggered, control, cancel_requested) = match (inputs.old, inputs.new) {
        (Some(old), Some(new)) => (
            untriggered(old, new),
            control_request(old, new),
            control_value(new) == Some("job-cancel") && control_value(old) != Some("job-cancel"),
        ),
        _ => (Vec::new(), None, false),
    };
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let mut outcome = Outcome {
        update,
        recreate: recreate_on_update,
        job_running,
        stuck: update == Update::Full && new_job.is_none(),
        submitter: None,
        cleanup: None,
    };
    if outcome.stuck {
        warnings.push(SESSION_UPDATE_WARNING.to_owned());
    }
    let application = new_job.is_some_and(|j| j.mode == Some(JobMode::Application));
    let job = new_job.map(|job| {
        let mut plan = job_plan(update, job, job_running);
        if cancel_requested && job_running {
            plan = cancel_plan(job);
            outcome.submitter = Some(Action::Delete);
            let policy = cleanup_policy(job, &plan.stop);
            outcome.cleanup = Some(policy);
            if let Some(warning) = cancel_warning(&plan.stop, policy) {
                warnings.push(warning);
            }
        } else if update == Update::Full && job_running && !recreate_on_update && !application {
            // The in-place update finishes before a new submitter is created.
            plan.resubmit = false;
            plan.restore = Restore::None;
            outcome.submitter = Some(Action::Delete);
            let policy = job
                .cleanup_policy
                .as_ref()
                .and_then(|p| p.after_job_fails)
                .unwrap_or(CleanupAction::KeepCluster);
            outcome.cleanup = Some(policy);
            warnings.push(in_place_warning(&plan.stop, policy));
        }
        plan
    });
    let restores_a_status_savepoint = job.as_ref().is_some_and(|plan| {
        plan.resubmit
            && matches!(
                plan.restore,
                Restore::SavepointTakenOnStop | Restore::LatestSavepoint
            )
    });
    if restores_a_status_savepoint {
        notes.push("the new job submitter also gets --fromSavepoint with that savepoint's path, which only the operator knows at run time (the rendered submitter shows it when --from-savepoint is given)".to_owned());
    }
    for object in objects.iter_mut() {
        object.action = action(object, &outcome);
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
    Impact {
        update,
        recreate_on_update,
        job,
        untriggered,
        control,
        warnings,
        notes,
    }
}

const SESSION_UPDATE_WARNING: &str = "the operator never applies this change: it records the new revision, then every reconcile of a session cluster whose revision changed panics (JobStatus.UpdateReady reads the missing spec.job), so every object stays as it is and the cluster stays mid-update; to apply the change, delete the FlinkCluster and create it again with the new spec";

/// What `job-cancel` does to a running job.
fn cancel_plan(job: &JobSpec) -> JobPlan {
    let stop = match job.savepoints_dir.as_deref() {
        Some(dir) => JobStop::Savepoint {
            savepoints_dir: dir.to_owned(),
        },
        None => JobStop::Cancel,
    };
    JobPlan {
        stop,
        resubmit: false,
        restore: Restore::None,
    }
}

/// The cleanup policy that applies after `job-cancel`: a stop with a savepoint ends the job as
/// finished (Flink's state for it), a cancel as cancelled.
fn cleanup_policy(job: &JobSpec, stop: &JobStop) -> CleanupAction {
    let policy = job.cleanup_policy.as_ref();
    match stop {
        JobStop::Savepoint { .. } => policy
            .and_then(|p| p.after_job_succeeds)
            .unwrap_or(CleanupAction::DeleteCluster),
        _ => policy
            .and_then(|p| p.after_job_cancelled)
            .unwrap_or(CleanupAction::DeleteCluster),
    }
}

fn cleanup_effect(policy: CleanupAction) -> &'static str {
    match policy {
        CleanupAction::DeleteCluster => {
            "deletes the ConfigMap, the StatefulSets (or Deployment), the Services and every other component"
        }
        CleanupAction::DeleteTaskManager => "deletes the TaskManagers",
        CleanupAction::KeepCluster => "keeps the components",
    }
}

fn cancel_warning(stop: &JobStop, policy: CleanupAction) -> Option<String> {
    if policy == CleanupAction::KeepCluster {
        return None;
    }
    let (how, field) = match stop {
        JobStop::Savepoint { .. } => (
            "stops the job with a savepoint, which Flink reports as finished, so cleanupPolicy.afterJobSucceeds",
            "afterJobSucceeds",
        ),
        _ => (
            "cancels the job (there is no savepointsDir), so cleanupPolicy.afterJobCancelled",
            "afterJobCancelled",
        ),
    };
    Some(format!(
        "job-cancel {how} ({}) {} once the job has stopped, and records the control as Failed; to keep the cluster, set cleanupPolicy.{field} to KeepCluster first (the operator takes that change without an update)",
        policy_name(policy),
        cleanup_effect(policy)
    ))
}

fn in_place_warning(stop: &JobStop, policy: CleanupAction) -> String {
    let after = match policy {
        CleanupAction::KeepCluster => "the components stay".to_owned(),
        other => format!(
            "cleanupPolicy.afterJobFails ({}) {}",
            policy_name(other),
            cleanup_effect(other)
        ),
    };
    let (stops, ends) = match stop {
        JobStop::Savepoint { .. } => (
            "stops the job with a savepoint",
            format!(
                "the job ends Lost ({after}), or Cancelled, when cleanupPolicy.afterJobCancelled (DeleteCluster by default) applies instead"
            ),
        ),
        _ => (
            "does not stop the job",
            format!("the job ends Lost when its JobManager is replaced ({after})"),
        ),
    };
    format!(
        "the operator will not submit the job again: with recreateOnUpdate false it {stops}, updates the components in place and deletes the job submitter, and the update is finished before a new submitter is created; {ends}; to keep the job, apply this change with recreateOnUpdate true, or submit the job again yourself from a savepoint (spec.job.fromSavepoint)"
    )
}

fn policy_name(policy: CleanupAction) -> &'static str {
    match policy {
        CleanupAction::KeepCluster => "KeepCluster",
        CleanupAction::DeleteCluster => "DeleteCluster",
        CleanupAction::DeleteTaskManager => "DeleteTaskManager",
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
        resubmit: false,
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
    // Without a savepoint to wait for, the update goes ahead at once and the JobManager is
    // deleted under the running job: the operator's cancel is never reached.
    let stop = match (take_savepoint, from_savepoint) {
        (true, None) => JobStop::Savepoint {
            savepoints_dir: job.savepoints_dir.clone().unwrap_or_default(),
        },
        _ => JobStop::WithJobManager,
    };
    let restore = match (from_savepoint, &stop) {
        (Some(path), _) => Restore::FromSavepoint {
            path: path.to_owned(),
        },
        (None, JobStop::Savepoint { .. }) => Restore::SavepointTakenOnStop,
        (None, _) => Restore::LatestSavepoint,
    };
    JobPlan {
        stop,
        resubmit: true,
        restore,
    }
}

fn has_revision_label(object: &Object) -> bool {
    object
        .metadata()
        .labels
        .as_ref()
        .is_some_and(|l| l.contains_key(REVISION_LABEL))
}

fn action(object: &ObjectDiff, outcome: &Outcome) -> Action {
    let update_action = update_action(object, outcome);
    let Some(object) = object.new.as_ref().or(object.old.as_ref()) else {
        return update_action;
    };
    if outcome.stuck {
        // Only the ControllerRevision is written before the controller panics.
        return match (object, update_action) {
            (Object::ControllerRevision(_), action) => action,
            _ => Action::Keep,
        };
    }
    if let (Object::Job(_), Some(submitter)) = (object, outcome.submitter) {
        return submitter;
    }
    let removed = match outcome.cleanup {
        Some(CleanupAction::DeleteCluster) => is_component(object),
        Some(CleanupAction::DeleteTaskManager) => {
            matches!(object, Object::StatefulSet(_) | Object::Deployment(_))
                && object.name().ends_with("-taskmanager")
        }
        _ => false,
    };
    if removed {
        Action::Delete
    } else {
        update_action
    }
}

/// Whether the operator's cleanup policy deletes `object`: one of the components it creates for
/// the cluster (not a ControllerRevision, nor the RBAC objects flink-render adds).
fn is_component(object: &Object) -> bool {
    !matches!(
        object,
        Object::ControllerRevision(_)
            | Object::ServiceAccount(_)
            | Object::Role(_)
            | Object::RoleBinding(_)
    )
}

/// The action of the update itself.
fn update_action(object: &ObjectDiff, outcome: &Outcome) -> Action {
    let (old, new) = match (&object.old, &object.new) {
        (None, Some(_)) => return Action::Create,
        (Some(_), None) => return Action::Delete,
        (Some(old), Some(new)) => (old, new),
        (None, None) => return Action::Keep,
    };
    let update = outcome.update;
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
            Update::Full if outcome.job_running => Action::Recreate,
            _ => Action::Keep,
        },
        _ if !has_revision_label(old) => Action::Keep,
        (Update::Scale, ..) => Action::Update,
        _ if outcome.recreate => Action::Recreate,
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

/// The user-control annotation's value.
fn control_value(cluster: &FlinkCluster) -> Option<&str> {
    cluster
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(CONTROL_ANNOTATION))
        .map(String::as_str)
}

fn control_request(old: &FlinkCluster, new: &FlinkCluster) -> Option<String> {
    let requested = control_value(new)?;
    if control_value(old) == Some(requested) {
        return None;
    }
    match requested {
        "savepoint" => Some("savepoint: the operator takes a savepoint of the running job".to_owned()),
        "job-cancel" => Some("job-cancel: the operator stops the job (with a savepoint when savepointsDir is set), deletes the job submitter and applies the cleanup policy".to_owned()),
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
