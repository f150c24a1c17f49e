//! Barrier init containers: a pod starts its main container only once the pods it depends on
//! are up, and finds their addresses in `/mnt/frameworkbarrier` (FrameworkBarrier's contract,
//! with the shipped `barrier.sh` asking the API server through kubectl).
//!
//! Who waits for whom, so that no two pods wait for each other:
//!
//! | pod | waits until |
//! |---|---|
//! | TaskManager | every JobManager is Ready with a pod IP |
//! | job submitter | every JobManager and every TaskManager is Ready with a pod IP |
//! | application-mode JobManager | every TaskManager is scheduled (has a pod IP) |
//!
//! The application-mode JobManager runs the job itself, so it plays the submitter's part; its
//! TaskManagers wait for it to be Ready, so it can only wait for them to be scheduled (a pod has
//! its IP while its init containers run), which is FrameworkBarrier's own condition.

use k8s_openapi::api::core::v1::{
    Container, EmptyDirVolumeSource, PodSpec, ResourceRequirements, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::{Context, pod};
use crate::model::names::barrier::{CONTAINER, MOUNT_DIR, SCRIPT_KEY, SCRIPT_PATH, VOLUME};
use crate::model::{labels, names};
use crate::options::Barrier;

/// What a waited-for pod must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Ready condition `True` and a pod IP.
    Ready,
    /// A pod IP (the pod is scheduled and its sandbox runs).
    Scheduled,
}

/// One role a barrier waits for: the pods with label `component: <component>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    /// `jobmanager` or `taskmanager`.
    pub component: &'static str,
    /// How many pods of it must pass.
    pub count: i32,
    /// What each of them must be.
    pub condition: Condition,
}

impl Wait {
    fn spec(&self) -> String {
        let condition = match self.condition {
            Condition::Ready => "ready",
            Condition::Scheduled => "scheduled",
        };
        format!("{}:{}:{condition}", self.component, self.count)
    }
}

/// What a TaskManager waits for.
pub fn task_manager_waits(ctx: &Context<'_>) -> Vec<Wait> {
    vec![Wait {
        component: "jobmanager",
        count: job_manager_count(ctx),
        condition: Condition::Ready,
    }]
}

/// What the job submitter waits for.
pub fn submitter_waits(ctx: &Context<'_>) -> Vec<Wait> {
    vec![
        Wait {
            component: "jobmanager",
            count: job_manager_count(ctx),
            condition: Condition::Ready,
        },
        Wait {
            component: "taskmanager",
            count: ctx.spec.task_manager().replica_count(),
            condition: Condition::Ready,
        },
    ]
}

/// What the application-mode JobManager waits for.
pub fn application_job_manager_waits(ctx: &Context<'_>) -> Vec<Wait> {
    vec![Wait {
        component: "taskmanager",
        count: ctx.spec.task_manager().replica_count(),
        condition: Condition::Scheduled,
    }]
}

fn job_manager_count(ctx: &Context<'_>) -> i32 {
    ctx.spec.job_manager().replica_count()
}

fn quantities(entries: &[(&str, &str)]) -> std::collections::BTreeMap<String, Quantity> {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
        .collect()
}

/// The barrier init container waiting for `waits`.
pub fn container(ctx: &Context<'_>, settings: &Barrier, waits: &[Wait]) -> Container {
    let selector = labels::cluster(ctx.name)
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    let wait_for = waits.iter().map(Wait::spec).collect::<Vec<_>>().join(" ");
    Container {
        name: CONTAINER.to_owned(),
        image: Some(settings.image.clone()),
        command: Some(vec!["sh".to_owned(), SCRIPT_PATH.to_owned()]),
        env: Some(vec![
            pod::field_env("BARRIER_NAMESPACE", "metadata.namespace"),
            pod::field_env("BARRIER_POD_NAME", "metadata.name"),
            pod::env("BARRIER_SELECTOR", &selector),
            pod::env("BARRIER_WAIT_FOR", &wait_for),
            pod::env(
                "BARRIER_CHECK_INTERVAL_SEC",
                &settings.check_interval_sec.to_string(),
            ),
            pod::env(
                "BARRIER_CHECK_TIMEOUT_SEC",
                &settings.check_timeout_sec.to_string(),
            ),
        ]),
        resources: Some(ResourceRequirements {
            requests: Some(quantities(&[("cpu", "10m"), ("memory", "64Mi")])),
            limits: Some(quantities(&[("cpu", "200m"), ("memory", "128Mi")])),
            ..ResourceRequirements::default()
        }),
        volume_mounts: Some(vec![
            VolumeMount {
                name: names::CONFIG_VOLUME.to_owned(),
                mount_path: SCRIPT_PATH.to_owned(),
                sub_path: Some(SCRIPT_KEY.to_owned()),
                read_only: Some(true),
                ..VolumeMount::default()
            },
            mount(),
        ]),
        ..Container::default()
    }
}

fn mount() -> VolumeMount {
    VolumeMount {
        name: VOLUME.to_owned(),
        mount_path: MOUNT_DIR.to_owned(),
        ..VolumeMount::default()
    }
}

/// Adds the barrier to a pod when it is on: the init container (after the user's, so their
/// work overlaps the wait), the emptyDir, and its mount in the main container (the first one).
pub fn add(ctx: &Context<'_>, spec: &mut PodSpec, waits: &[Wait]) {
    let Some(settings) = ctx.settings.barrier.as_ref() else {
        return;
    };
    spec.init_containers
        .get_or_insert_with(Vec::new)
        .push(container(ctx, settings, waits));
    pod::append_volumes(
        &mut spec.volumes,
        &[Volume {
            name: VOLUME.to_owned(),
            empty_dir: Some(EmptyDirVolumeSource::default()),
            ..Volume::default()
        }],
    );
    if let Some(main) = spec.containers.first_mut() {
        pod::append_mounts(&mut main.volume_mounts, &[mount()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_specs_are_what_the_script_reads() {
        let waits = [
            Wait {
                component: "jobmanager",
                count: 2,
                condition: Condition::Ready,
            },
            Wait {
                component: "taskmanager",
                count: 3,
                condition: Condition::Scheduled,
            },
        ];
        let specs: Vec<String> = waits.iter().map(Wait::spec).collect();
        assert_eq!(specs, ["jobmanager:2:ready", "taskmanager:3:scheduled"]);
    }
}
