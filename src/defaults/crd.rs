//! The CRD's structural defaults, as the API server applies them when it stores a FlinkCluster.
//!
//! A default fills a field only when it is absent, and a defaulted object is defaulted again
//! inside (`jobManager: {}` gets `replicas`, `accessScope`, `ports`, `resources`). Besides the
//! FlinkCluster's own fields, the CRD carries the defaults of the Kubernetes types it embeds
//! (a container port's `protocol: TCP`, a gRPC probe's `service: ""`, ...); those are applied too,
//! because the operator sees them, renders them and hashes them.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, EnvVar, Probe, ResourceRequirements, Volume};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::{
    HADOOP_MOUNT_PATH, JOB_MANAGER_BLOB_PORT, JOB_MANAGER_QUERY_PORT, JOB_MANAGER_REPLICAS,
    JOB_MANAGER_RPC_PORT, JOB_MANAGER_UI_PORT, TASK_MANAGER_DATA_PORT, TASK_MANAGER_QUERY_PORT,
    TASK_MANAGER_REPLICAS, TASK_MANAGER_RPC_PORT,
};
use crate::spec::{
    AccessScope, CleanupAction, CleanupPolicy, DeploymentType, FlinkClusterSpec, JobManagerPorts,
    JobMode, JobRestartPolicy, PullPolicy, TaskManagerPorts,
};
use crate::visit;

/// `{requests: {cpu: 200m, memory: 512Mi}, limits: {cpu: 2, memory: 2Gi}}`, the CRD default of
/// the JobManager, TaskManager and job submitter resources.
pub fn default_resources() -> ResourceRequirements {
    let pair = |cpu: &str, memory: &str| {
        BTreeMap::from([
            ("cpu".to_owned(), Quantity(cpu.to_owned())),
            ("memory".to_owned(), Quantity(memory.to_owned())),
        ])
    };
    ResourceRequirements {
        limits: Some(pair("2", "2Gi")),
        requests: Some(pair("200m", "512Mi")),
        ..ResourceRequirements::default()
    }
}

pub(super) fn apply(spec: &mut FlinkClusterSpec) {
    spec.image.pull_policy.get_or_insert(PullPolicy::Always);

    let jm = spec.job_manager.get_or_insert_with(Default::default);
    jm.replicas.get_or_insert(JOB_MANAGER_REPLICAS);
    jm.access_scope.get_or_insert(AccessScope::Cluster);
    let ports = jm.ports.get_or_insert_with(JobManagerPorts::default);
    ports.rpc.get_or_insert(JOB_MANAGER_RPC_PORT);
    ports.blob.get_or_insert(JOB_MANAGER_BLOB_PORT);
    ports.query.get_or_insert(JOB_MANAGER_QUERY_PORT);
    ports.ui.get_or_insert(JOB_MANAGER_UI_PORT);
    jm.resources.get_or_insert_with(default_resources);
    if let Some(ingress) = jm.ingress.as_mut() {
        ingress.use_tls.get_or_insert(false);
    }
    for probe in [jm.liveness_probe.as_mut(), jm.readiness_probe.as_mut()]
        .into_iter()
        .flatten()
    {
        probe_defaults(probe);
    }

    let tm = spec.task_manager.get_or_insert_with(Default::default);
    tm.deployment_type
        .get_or_insert(DeploymentType::StatefulSet);
    tm.replicas.get_or_insert(TASK_MANAGER_REPLICAS);
    let ports = tm.ports.get_or_insert_with(TaskManagerPorts::default);
    ports.data.get_or_insert(TASK_MANAGER_DATA_PORT);
    ports.rpc.get_or_insert(TASK_MANAGER_RPC_PORT);
    ports.query.get_or_insert(TASK_MANAGER_QUERY_PORT);
    tm.resources.get_or_insert_with(default_resources);
    for probe in [tm.liveness_probe.as_mut(), tm.readiness_probe.as_mut()]
        .into_iter()
        .flatten()
    {
        probe_defaults(probe);
    }

    if let Some(job) = spec.job.as_mut() {
        job.allow_non_restored_state.get_or_insert(false);
        job.no_logging_to_stdout.get_or_insert(false);
        job.mode.get_or_insert(JobMode::Detached);
        job.restart_policy.get_or_insert(JobRestartPolicy::Never);
        let cleanup = job
            .cleanup_policy
            .get_or_insert_with(CleanupPolicy::default);
        cleanup
            .after_job_succeeds
            .get_or_insert(CleanupAction::DeleteCluster);
        cleanup
            .after_job_fails
            .get_or_insert(CleanupAction::KeepCluster);
        cleanup
            .after_job_cancelled
            .get_or_insert(CleanupAction::DeleteCluster);
        job.resources.get_or_insert_with(default_resources);
    }
    if let Some(hadoop) = spec.hadoop_config.as_mut() {
        hadoop
            .mount_path
            .get_or_insert_with(|| HADOOP_MOUNT_PATH.to_owned());
    }
    spec.recreate_on_update.get_or_insert(true);

    visit::containers_mut(spec, |_, container| container_defaults(container));
    visit::env_vars_mut(spec, |_, env| env_defaults(env));
    visit::volumes_mut(spec, |_, volume| volume_defaults(volume));
}

fn probe_defaults(probe: &mut Probe) {
    if let Some(grpc) = probe.grpc.as_mut() {
        grpc.service.get_or_insert_with(String::new);
    }
}

fn container_defaults(container: &mut Container) {
    for port in container.ports.iter_mut().flatten() {
        port.protocol.get_or_insert_with(|| "TCP".to_owned());
    }
    let probes = [
        container.liveness_probe.as_mut(),
        container.readiness_probe.as_mut(),
        container.startup_probe.as_mut(),
    ];
    for probe in probes.into_iter().flatten() {
        probe_defaults(probe);
    }
}

fn env_defaults(env: &mut EnvVar) {
    if let Some(file) = env
        .value_from
        .as_mut()
        .and_then(|v| v.file_key_ref.as_mut())
    {
        file.optional.get_or_insert(false);
    }
}

fn volume_defaults(volume: &mut Volume) {
    if let Some(disk) = volume.azure_disk.as_mut() {
        disk.fs_type.get_or_insert_with(|| "ext4".to_owned());
        disk.read_only.get_or_insert(false);
    }
    if let Some(iscsi) = volume.iscsi.as_mut() {
        iscsi
            .iscsi_interface
            .get_or_insert_with(|| "default".to_owned());
    }
    if let Some(rbd) = volume.rbd.as_mut() {
        rbd.pool.get_or_insert_with(|| "rbd".to_owned());
        rbd.user.get_or_insert_with(|| "admin".to_owned());
        rbd.keyring
            .get_or_insert_with(|| "/etc/ceph/keyring".to_owned());
    }
    if let Some(scale_io) = volume.scale_io.as_mut() {
        scale_io.fs_type.get_or_insert_with(|| "xfs".to_owned());
        scale_io
            .storage_mode
            .get_or_insert_with(|| "ThinProvisioned".to_owned());
    }
}
