//! The operator's validating webhook for an update (`ValidateUpdate`), message for message.
//!
//! The webhook compares the stored (old) FlinkCluster with the new one, both defaulted, and
//! also looks at the old object's status: the job's state, its savepoint generation, a control
//! in progress. flink-render has no status, so [`LiveState`] says what is assumed (a running
//! job by default) and the report says so. The rules, in the webhook's order:
//!
//! 1. the `flinkclusters.flinkoperator.k8s.io/user-control` annotation (checked even when the
//!    spec is unchanged);
//! 2. an unchanged spec passes;
//! 3. `cancelRequested` may not go back from true, nor change together with anything else;
//! 4. `savepointGeneration` may only go up by one from the status, alone (then nothing else is
//!    checked);
//! 5. `taskManager.deploymentType` may not change;
//! 6. the job: no session ↔ job switch, `savepointsDir` required and kept, high availability
//!    not toggled, and when no savepoint will be taken an up-to-date one must exist;
//! 7. the new cluster must pass the create validation (done by rendering it).
//!
//! The webhook stops at the first problem; here every rule is checked and every problem
//! reported, except that the webhook's early acceptances (2 and 4) are honoured. Rule 6's
//! savepoint check depends on the age of the live job's latest savepoint, which is unknown
//! offline: it is reported as a warning saying when the webhook would refuse.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::kubernetes::apimachinery::go_quote;
use crate::path::FieldPath;
use crate::spec::{DeploymentType, FlinkCluster, JobSpec};

/// The annotation through which users ask the operator for a savepoint or a job cancel.
pub const CONTROL_ANNOTATION: &str = "flinkclusters.flinkoperator.k8s.io/user-control";

/// The state of the live job, which the webhook and the operator read from the status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LiveJob {
    /// The job runs (the usual case when a change is merged).
    #[default]
    Running,
    /// The job finished or was cancelled, and the cluster was kept.
    Stopped,
}

/// What is assumed about the live FlinkCluster's status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveState {
    /// State of the job (job clusters only).
    pub job: LiveJob,
    /// `status.components.job.savepointGeneration`; `None` assumes the old spec's
    /// `savepointGeneration` (every requested savepoint was taken).
    pub savepoint_generation: Option<i32>,
}

/// Problems the webhook finds with an update.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateCheck {
    /// Certain refusals (errors, at paths of the new cluster).
    pub rejections: Diagnostics,
    /// Refusals that depend on status flink-render cannot know (warnings).
    pub warnings: Diagnostics,
}

/// Checks the update from `old` to `new` (both defaulted) under the assumed `live` state. What
/// it finds has the rule [`Rule::OperatorUpdate`].
pub fn check(old: &FlinkCluster, new: &FlinkCluster, live: &LiveState) -> UpdateCheck {
    let mut out = checked(old, new, live);
    out.rejections.tag(Rule::OperatorUpdate);
    out.warnings.tag(Rule::OperatorUpdate);
    out
}

fn checked(old: &FlinkCluster, new: &FlinkCluster, live: &LiveState) -> UpdateCheck {
    let mut out = UpdateCheck::default();
    check_control_annotation(old, new, live, &mut out.rejections);
    if old.spec == new.spec {
        return out;
    }
    if let (Some(old_job), Some(new_job)) = (&old.spec.job, &new.spec.job) {
        check_cancel_requested(old, new, old_job, new_job, &mut out.rejections);
        if check_savepoint_generation(old, new, old_job, new_job, live, &mut out.rejections) {
            return out;
        }
    }
    check_deployment_type(old, new, &mut out.rejections);
    check_job(old, new, live, &mut out);
    out
}

fn job_path(field: &str) -> FieldPath {
    FieldPath::fields("spec.job").field(field)
}

fn check_control_annotation(
    old: &FlinkCluster,
    new: &FlinkCluster,
    live: &LiveState,
    out: &mut Diagnostics,
) {
    let Some(value) = new
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(CONTROL_ANNOTATION))
    else {
        return;
    };
    let path = FieldPath::fields("metadata.annotations").key(CONTROL_ANNOTATION);
    let old_job = old.spec.job.as_ref();
    let message = match value.as_str() {
        "job-cancel" | "savepoint" if old_job.is_none() => Some(format!(
            "{value} is not allowed for session cluster, annotation: {CONTROL_ANNOTATION}"
        )),
        "job-cancel" if live.job == LiveJob::Stopped => Some(format!(
            "job-cancel is not allowed because job is not started yet or already terminated, annotation: {CONTROL_ANNOTATION}"
        )),
        "savepoint"
            if old_job
                .is_some_and(|j| j.savepoints_dir.as_deref().unwrap_or_default().is_empty()) =>
        {
            Some(format!(
                "savepoint is not allowed without spec.job.savepointsDir, annotation: {CONTROL_ANNOTATION}"
            ))
        }
        "savepoint" if live.job == LiveJob::Stopped => Some(format!(
            "savepoint is not allowed because job is not started yet or already stopped, annotation: {CONTROL_ANNOTATION}"
        )),
        "job-cancel" | "savepoint" => None,
        other => Some(format!(
            "invalid value for annotation key: {CONTROL_ANNOTATION}, value: {other}, available values: savepoint, job-cancel"
        )),
    };
    if let Some(message) = message {
        out.error(path, message);
    }
}

/// `old` with `edit` applied to a copy of its job, compared with `new`: whether `edit` is the
/// only difference.
fn only_difference(
    old: &FlinkCluster,
    new: &FlinkCluster,
    edit: impl FnOnce(&mut JobSpec),
) -> bool {
    let mut spec = old.spec.clone();
    if let Some(job) = spec.job.as_mut() {
        edit(job);
    }
    spec == new.spec
}

fn check_cancel_requested(
    old: &FlinkCluster,
    new: &FlinkCluster,
    old_job: &JobSpec,
    new_job: &JobSpec,
    out: &mut Diagnostics,
) {
    let (was, is) = (
        old_job.cancel_requested == Some(true),
        new_job.cancel_requested == Some(true),
    );
    let path = job_path("cancelRequested");
    if was && !is {
        out.error(
            path,
            "updating cancelRequested from true to false is not allowed",
        );
    } else if !was && is && !only_difference(old, new, |j| j.cancel_requested = Some(true)) {
        out.error(
            path,
            "you cannot update cancelRequested with others at the same time",
        );
    }
}

/// Returns true when the update only raises `savepointGeneration` correctly: the webhook then
/// accepts it without looking further.
fn check_savepoint_generation(
    old: &FlinkCluster,
    new: &FlinkCluster,
    old_job: &JobSpec,
    new_job: &JobSpec,
    live: &LiveState,
    out: &mut Diagnostics,
) -> bool {
    let (old_generation, new_generation) = (
        old_job.savepoint_generation.unwrap_or(0),
        new_job.savepoint_generation.unwrap_or(0),
    );
    if old_generation == new_generation {
        return false;
    }
    let allowed = live
        .savepoint_generation
        .unwrap_or(old_generation)
        .wrapping_add(1);
    let path = job_path("savepointGeneration");
    if new_generation != allowed {
        out.error(
            path,
            format!("you can only update savepointGeneration to {allowed}"),
        );
        return false;
    }
    if only_difference(old, new, |j| {
        j.savepoint_generation = new_job.savepoint_generation
    }) {
        return true;
    }
    out.error(
        path,
        "you cannot update savepointGeneration with others at the same time",
    );
    false
}

fn deployment_type(cluster: &FlinkCluster) -> &'static str {
    match cluster
        .spec
        .task_manager
        .as_ref()
        .and_then(|tm| tm.deployment_type)
    {
        None => "",
        Some(DeploymentType::StatefulSet) => "StatefulSet",
        Some(DeploymentType::Deployment) => "Deployment",
    }
}

fn check_deployment_type(old: &FlinkCluster, new: &FlinkCluster, out: &mut Diagnostics) {
    let (was, is) = (deployment_type(old), deployment_type(new));
    let refused = if was.is_empty() {
        !is.is_empty() && is != "StatefulSet"
    } else {
        was != is
    };
    if refused {
        out.error(
            FieldPath::fields("spec.taskManager.deploymentType"),
            "updating deploymentType is not allowed",
        );
    }
}

/// The operator's `IsHighAvailabilityEnabled`.
pub fn high_availability(cluster: &FlinkCluster) -> bool {
    let Some(properties) = cluster.spec.flink_properties.as_ref() else {
        return false;
    };
    let present = |key: &str| properties.get(key).is_some_and(|v| !v.trim().is_empty());
    properties
        .get("high-availability")
        .is_some_and(|v| !v.eq_ignore_ascii_case("none"))
        && present("kubernetes.cluster-id")
        && present("high-availability.storageDir")
}

fn check_job(old: &FlinkCluster, new: &FlinkCluster, live: &LiveState, out: &mut UpdateCheck) {
    let (old_job, new_job) = match (&old.spec.job, &new.spec.job) {
        (None, None) => return,
        (Some(old_job), Some(new_job)) => (old_job, new_job),
        (old_job, new_job) => {
            let quote = |job: Option<&JobSpec>| go_quote(&crate::revision::job_json(job));
            out.rejections.error(
                FieldPath::fields("spec.job"),
                format!(
                    "you cannot change cluster type between session cluster and job cluster, old spec.job: {}, new spec.job: {}",
                    quote(old_job.as_ref()),
                    quote(new_job.as_ref())
                ),
            );
            return;
        }
    };
    let empty = |dir: &Option<String>| dir.as_deref().unwrap_or_default().is_empty();
    if empty(&old_job.savepoints_dir) {
        out.rejections.error(
            job_path("savepointsDir"),
            "updating job is not allowed when spec.job.savepointsDir was not provided",
        );
    } else if empty(&new_job.savepoints_dir) {
        out.rejections.error(
            job_path("savepointsDir"),
            "removing savepointsDir is not allowed",
        );
    } else if high_availability(old) != high_availability(new) {
        out.rejections.error(
            FieldPath::fields("spec.flinkProperties").key("high-availability"),
            "updating highAvailability settings is not allowed",
        );
    } else if new_job
        .from_savepoint
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
    {
    } else if let Some(condition) = savepoint_skip_condition(new_job, live) {
        let take = new_job
            .take_savepoint_on_update
            .map_or_else(|| "nil".to_owned(), |b| b.to_string());
        let max_age = new_job
            .max_state_age_to_restore_seconds
            .map_or_else(|| "nil".to_owned(), |n| n.to_string());
        out.warnings.push(Diagnostic::warning(
            job_path("takeSavepointOnUpdate"),
            format!(
                "the operator's webhook refuses this update unless {condition}: \"cannot update spec: taking savepoint is skipped but no up-to-date savepoint, spec.job.takeSavepointOnUpdate: {take}, spec.job.maxStateAgeToRestoreSeconds: {max_age}, job status: <the live job status>\""
            ),
        ));
    }
}

/// When no savepoint will be taken before the update, the condition under which the live job
/// still has an up-to-date one (the operator's `UpdateReady`), or `None` when a savepoint is
/// taken.
fn savepoint_skip_condition(job: &JobSpec, live: &LiveState) -> Option<String> {
    let take = job.take_savepoint_on_update != Some(false);
    let max_age = job.max_state_age_to_restore_seconds;
    match (live.job, take, max_age) {
        (LiveJob::Running, true, _) => None,
        (LiveJob::Running, false, Some(age)) => Some(format!(
            "the job's latest savepoint is at most {age} seconds old (maxStateAgeToRestoreSeconds)"
        )),
        (LiveJob::Running, false, None) => {
            Some("the job's last savepoint is its final one".to_owned())
        }
        (LiveJob::Stopped, _, Some(age)) => Some(format!(
            "the job stopped with a final savepoint or took its latest savepoint at most {age} seconds before it stopped"
        )),
        (LiveJob::Stopped, _, None) => Some("the job stopped with a final savepoint".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::defaults;
    use crate::spec::{ImageSpec, TaskManagerSpec};

    fn job_cluster(edit: impl FnOnce(&mut JobSpec)) -> FlinkCluster {
        let mut job = JobSpec {
            jar_file: Some("/job.jar".into()),
            savepoints_dir: Some("/savepoints".into()),
            ..Default::default()
        };
        edit(&mut job);
        let mut cluster = FlinkCluster::default();
        cluster.metadata.name = Some("c".into());
        cluster.spec.flink_version = "1.18".into();
        cluster.spec.image = ImageSpec {
            name: "flink:1.18".into(),
            ..Default::default()
        };
        cluster.spec.job = Some(job);
        defaults::apply(cluster).into_cluster()
    }

    fn messages(diagnostics: &Diagnostics) -> Vec<String> {
        diagnostics.iter().map(ToString::to_string).collect()
    }

    fn rejections(old: &FlinkCluster, new: &FlinkCluster) -> Vec<String> {
        messages(&check(old, new, &LiveState::default()).rejections)
    }

    #[test]
    fn an_unchanged_spec_passes() {
        let cluster = job_cluster(|_| {});
        assert_eq!(
            check(&cluster, &cluster, &LiveState::default()),
            UpdateCheck::default()
        );
    }

    #[test]
    fn cancel_requested_cannot_go_back() {
        let old = job_cluster(|j| j.cancel_requested = Some(true));
        let new = job_cluster(|j| j.cancel_requested = Some(false));
        assert_eq!(
            rejections(&old, &new),
            [
                "spec.job.cancelRequested: updating cancelRequested from true to false is not allowed"
            ]
        );
    }

    #[test]
    fn cancel_requested_must_change_alone() {
        let old = job_cluster(|_| {});
        let alone = job_cluster(|j| j.cancel_requested = Some(true));
        assert!(rejections(&old, &alone).is_empty());
        let with_others = job_cluster(|j| {
            j.cancel_requested = Some(true);
            j.parallelism = Some(4);
        });
        assert_eq!(
            rejections(&old, &with_others),
            [
                "spec.job.cancelRequested: you cannot update cancelRequested with others at the same time"
            ]
        );
    }

    #[test]
    fn savepoint_generation_goes_up_by_one_alone() {
        let old = job_cluster(|j| j.savepoint_generation = Some(2));
        let next = job_cluster(|j| j.savepoint_generation = Some(3));
        assert!(rejections(&old, &next).is_empty());
        let skip = job_cluster(|j| j.savepoint_generation = Some(5));
        assert_eq!(
            rejections(&old, &skip),
            ["spec.job.savepointGeneration: you can only update savepointGeneration to 3"]
        );
        let with_others = job_cluster(|j| {
            j.savepoint_generation = Some(3);
            j.parallelism = Some(4);
        });
        assert_eq!(
            rejections(&old, &with_others),
            [
                "spec.job.savepointGeneration: you cannot update savepointGeneration with others at the same time"
            ]
        );
        let live = LiveState {
            savepoint_generation: Some(4),
            ..LiveState::default()
        };
        assert_eq!(
            messages(&check(&old, &next, &live).rejections),
            ["spec.job.savepointGeneration: you can only update savepointGeneration to 5"]
        );
    }

    #[test]
    fn a_valid_savepoint_generation_update_skips_the_other_rules() {
        let mut old = job_cluster(|j| j.savepoints_dir = None);
        let mut new = job_cluster(|j| {
            j.savepoints_dir = None;
            j.savepoint_generation = Some(1);
        });
        old.spec.task_manager = Some(TaskManagerSpec::default());
        new.spec.task_manager = Some(TaskManagerSpec::default());
        assert!(rejections(&old, &new).is_empty());
    }

    #[test]
    fn deployment_type_is_fixed() {
        let old = job_cluster(|_| {});
        let mut new = old.clone();
        if let Some(tm) = new.spec.task_manager.as_mut() {
            tm.deployment_type = Some(DeploymentType::Deployment);
        }
        assert_eq!(
            rejections(&old, &new),
            ["spec.taskManager.deploymentType: updating deploymentType is not allowed"]
        );
    }

    #[test]
    fn session_and_job_clusters_do_not_convert() {
        let job = job_cluster(|_| {});
        let mut session = job.clone();
        session.spec.job = None;
        let found = rejections(&session, &job);
        assert_eq!(found.len(), 1);
        let message = found.first().map(String::as_str).unwrap_or_default();
        // The job is quoted as Go writes the struct: fields in declaration order.
        assert_eq!(
            message,
            "spec.job: you cannot change cluster type between session cluster and job cluster, old spec.job: \"null\", new spec.job: \"{\\\"jarFile\\\":\\\"/job.jar\\\",\\\"allowNonRestoredState\\\":false,\\\"savepointsDir\\\":\\\"/savepoints\\\",\\\"noLoggingToStdout\\\":false,\\\"restartPolicy\\\":\\\"Never\\\",\\\"cleanupPolicy\\\":{\\\"afterJobSucceeds\\\":\\\"DeleteCluster\\\",\\\"afterJobFails\\\":\\\"KeepCluster\\\",\\\"afterJobCancelled\\\":\\\"DeleteCluster\\\"},\\\"resources\\\":{\\\"limits\\\":{\\\"cpu\\\":\\\"2\\\",\\\"memory\\\":\\\"2Gi\\\"},\\\"requests\\\":{\\\"cpu\\\":\\\"200m\\\",\\\"memory\\\":\\\"512Mi\\\"}},\\\"mode\\\":\\\"Detached\\\"}\""
        );
    }

    #[test]
    fn job_updates_need_and_keep_a_savepoints_dir() {
        let without = job_cluster(|j| j.savepoints_dir = None);
        let changed = job_cluster(|j| {
            j.savepoints_dir = None;
            j.parallelism = Some(2);
        });
        assert_eq!(
            rejections(&without, &changed),
            [
                "spec.job.savepointsDir: updating job is not allowed when spec.job.savepointsDir was not provided"
            ]
        );
        let with = job_cluster(|_| {});
        assert_eq!(
            rejections(&with, &without),
            ["spec.job.savepointsDir: removing savepointsDir is not allowed"]
        );
    }

    #[test]
    fn high_availability_cannot_be_toggled() {
        let old = job_cluster(|_| {});
        let mut new = old.clone();
        new.spec.flink_properties = Some(BTreeMap::from([
            ("high-availability".to_owned(), "kubernetes".to_owned()),
            ("kubernetes.cluster-id".to_owned(), "c".to_owned()),
            (
                "high-availability.storageDir".to_owned(),
                "s3://b/ha".to_owned(),
            ),
        ]));
        assert!(high_availability(&new));
        assert_eq!(
            rejections(&old, &new),
            [
                "spec.flinkProperties[high-availability]: updating highAvailability settings is not allowed"
            ]
        );
    }

    #[test]
    fn skipping_the_savepoint_needs_an_up_to_date_one() {
        let old = job_cluster(|_| {});
        let new = job_cluster(|j| {
            j.take_savepoint_on_update = Some(false);
            j.max_state_age_to_restore_seconds = Some(600);
        });
        let found = check(&old, &new, &LiveState::default());
        assert!(found.rejections.is_empty());
        assert_eq!(
            messages(&found.warnings),
            [
                "spec.job.takeSavepointOnUpdate: the operator's webhook refuses this update unless the job's latest savepoint is at most 600 seconds old (maxStateAgeToRestoreSeconds): \"cannot update spec: taking savepoint is skipped but no up-to-date savepoint, spec.job.takeSavepointOnUpdate: false, spec.job.maxStateAgeToRestoreSeconds: 600, job status: <the live job status>\""
            ]
        );
        let restored = job_cluster(|j| {
            j.take_savepoint_on_update = Some(false);
            j.max_state_age_to_restore_seconds = Some(600);
            j.from_savepoint = Some("gs://b/sp".into());
        });
        assert_eq!(
            check(&old, &restored, &LiveState::default()),
            UpdateCheck::default()
        );
    }

    #[test]
    fn control_annotation_values() {
        let annotate = |cluster: &FlinkCluster, value: &str| {
            let mut c = cluster.clone();
            c.metadata.annotations = Some(BTreeMap::from([(
                CONTROL_ANNOTATION.to_owned(),
                value.to_owned(),
            )]));
            c
        };
        let job = job_cluster(|_| {});
        assert!(rejections(&job, &annotate(&job, "savepoint")).is_empty());
        assert_eq!(
            rejections(&job, &annotate(&job, "stop")),
            [
                "metadata.annotations[flinkclusters.flinkoperator.k8s.io/user-control]: invalid value for annotation key: flinkclusters.flinkoperator.k8s.io/user-control, value: stop, available values: savepoint, job-cancel"
            ]
        );
        let mut session = job.clone();
        session.spec.job = None;
        assert_eq!(
            rejections(&session, &annotate(&session, "job-cancel")),
            [
                "metadata.annotations[flinkclusters.flinkoperator.k8s.io/user-control]: job-cancel is not allowed for session cluster, annotation: flinkclusters.flinkoperator.k8s.io/user-control"
            ]
        );
        let stopped = LiveState {
            job: LiveJob::Stopped,
            ..LiveState::default()
        };
        assert_eq!(
            messages(&check(&job, &annotate(&job, "job-cancel"), &stopped).rejections),
            [
                "metadata.annotations[flinkclusters.flinkoperator.k8s.io/user-control]: job-cancel is not allowed because job is not started yet or already terminated, annotation: flinkclusters.flinkoperator.k8s.io/user-control"
            ]
        );
        let no_dir = job_cluster(|j| j.savepoints_dir = None);
        assert_eq!(
            rejections(&no_dir, &annotate(&no_dir, "savepoint")),
            [
                "metadata.annotations[flinkclusters.flinkoperator.k8s.io/user-control]: savepoint is not allowed without spec.job.savepointsDir, annotation: flinkclusters.flinkoperator.k8s.io/user-control"
            ]
        );
    }
}
