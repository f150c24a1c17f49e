//! Default stage: a FlinkCluster as the API server would store it.
//!
//! Three things happen to a FlinkCluster between `kubectl apply` and the operator reading it, and
//! all three change what is rendered and the revision hash: the CRD's structural defaults
//! ([`crd`], including defaults inside embedded Kubernetes types), the operator's mutating
//! webhook ([`webhook`]: version-dependent memory settings and probe merging), and Kubernetes'
//! canonical form of every resource quantity (`2048Mi` is stored as `2Gi`). [`apply`] does all
//! three and returns a [`Defaulted`] cluster; [`access`] reads values with those defaults.

pub mod access;
pub mod apache;
mod crd;
mod webhook;

pub use crd::default_resources;
pub use webhook::{MEMORY_OFF_HEAP_MIN, liveness, merge_probe, readiness, uses_process_memory};

use crate::path::FieldPath;
use crate::quantity::Quantity;
use crate::spec::FlinkCluster;
use crate::visit;

/// JobManager RPC port when unset.
pub const JOB_MANAGER_RPC_PORT: i32 = 6123;
/// JobManager blob server port when unset.
pub const JOB_MANAGER_BLOB_PORT: i32 = 6124;
/// JobManager queryable state port when unset.
pub const JOB_MANAGER_QUERY_PORT: i32 = 6125;
/// JobManager UI/REST port when unset.
pub const JOB_MANAGER_UI_PORT: i32 = 8081;
/// TaskManager data port when unset.
pub const TASK_MANAGER_DATA_PORT: i32 = 6121;
/// TaskManager RPC port when unset.
pub const TASK_MANAGER_RPC_PORT: i32 = 6122;
/// TaskManager queryable state port when unset.
pub const TASK_MANAGER_QUERY_PORT: i32 = 6125;
/// JobManager replicas when unset.
pub const JOB_MANAGER_REPLICAS: i32 = 1;
/// TaskManager replicas when unset.
pub const TASK_MANAGER_REPLICAS: i32 = 3;
/// Hadoop configuration mount path when unset.
pub const HADOOP_MOUNT_PATH: &str = "/etc/hadoop/conf";
/// Off-heap percentage before Flink 1.10 when unset.
pub const MEMORY_OFF_HEAP_RATIO: i32 = 25;
/// Process memory percentage from Flink 1.10 when unset.
pub const MEMORY_PROCESS_RATIO: i32 = 80;
/// ControllerRevisions kept when `revisionHistoryLimit` is unset.
pub const REVISION_HISTORY_LIMIT: i32 = 10;

/// A FlinkCluster with every default applied; produced only by [`apply`].
#[derive(Clone, Debug, PartialEq)]
pub struct Defaulted {
    cluster: FlinkCluster,
    /// The quantities that do not parse, with the problem, for validation to report (found
    /// while canonicalizing, so that validation need not parse every quantity again).
    invalid_quantities: Vec<(FieldPath, String)>,
}

impl Defaulted {
    /// The defaulted cluster.
    pub fn cluster(&self) -> &FlinkCluster {
        &self.cluster
    }

    /// The quantities that do not parse: where, and the message.
    pub fn invalid_quantities(&self) -> &[(FieldPath, String)] {
        &self.invalid_quantities
    }

    /// Gives the defaulted cluster back.
    pub fn into_cluster(self) -> FlinkCluster {
        self.cluster
    }
}

/// Applies CRD defaults, the operator's webhook defaults and quantity canonicalization.
///
/// Invalid quantities are left as written for validation to report.
pub fn apply(mut cluster: FlinkCluster) -> Defaulted {
    crd::apply(&mut cluster.spec);
    webhook::apply(&mut cluster.spec);
    // The operator decodes every quantity into Go's resource.Quantity and writes it back out,
    // so what it renders and hashes is that re-serialized text (`2048Mi` becomes `2Gi`).
    let mut invalid_quantities = Vec::new();
    visit::quantities_mut(&mut cluster.spec, |path, q| {
        match Quantity::parse_trimmed(&q.0) {
            Ok(parsed) => q.0 = parsed.to_string(),
            Err(error) => {
                invalid_quantities.push((path, format!("Invalid value: {:?}: {error}", q.0)))
            }
        }
    });
    Defaulted {
        cluster,
        invalid_quantities,
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

    use super::*;
    use crate::spec::{
        AccessScope, CleanupAction, DeploymentType, JobMode, JobRestartPolicy, PullPolicy,
    };

    fn cluster(yaml_spec: &str) -> FlinkCluster {
        let text = format!(
            "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: c\nspec:\n{}",
            yaml_spec
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>()
        );
        match crate::input::parse_stream(&text, crate::yaml::Limits::default()) {
            Ok(items) => match items.into_iter().next() {
                Some(crate::input::Item::Cluster(parsed)) => parsed.cluster,
                _ => panic!("one cluster"),
            },
            Err(d) => panic!("{d}"),
        }
    }

    fn q(text: &str) -> Option<k8s_openapi::apimachinery::pkg::api::resource::Quantity> {
        Some(k8s_openapi::apimachinery::pkg::api::resource::Quantity(
            text.to_owned(),
        ))
    }

    /// The operator's TestSetDefault: no version (heap mode), only the required fields.
    #[test]
    fn crd_and_webhook_defaults_of_a_minimal_cluster() {
        let defaulted = apply(cluster(
            "flinkVersion: \"\"\nimage: {name: flink}\njob: {jarFile: a.jar}",
        ));
        let spec = &defaulted.cluster().spec;
        assert_eq!(spec.image.pull_policy, Some(PullPolicy::Always));
        assert_eq!(spec.recreate_on_update, Some(true));
        let jm = spec.job_manager();
        assert_eq!(jm.replicas, Some(1));
        assert_eq!(jm.access_scope, Some(AccessScope::Cluster));
        let p = jm.port_numbers();
        assert_eq!((p.rpc, p.blob, p.query, p.ui), (6123, 6124, 6125, 8081));
        assert_eq!(jm.resources, Some(default_resources()));
        assert_eq!(
            (jm.memory_off_heap_ratio, jm.memory_off_heap_min.clone()),
            (Some(25), q("600M"))
        );
        assert_eq!(jm.memory_process_ratio, None);
        assert_eq!(jm.liveness_probe, Some(liveness(6123)));
        assert_eq!(jm.readiness_probe, Some(readiness(6123)));
        let tm = spec.task_manager();
        assert_eq!(
            (tm.replicas, tm.deployment_type),
            (Some(3), Some(DeploymentType::StatefulSet))
        );
        let p = tm.port_numbers();
        assert_eq!((p.data, p.rpc, p.query), (6121, 6122, 6125));
        assert_eq!(tm.liveness_probe, Some(liveness(6122)));
        assert_eq!(tm.readiness_probe, Some(readiness(6122)));
        assert_eq!(
            (tm.memory_off_heap_ratio, tm.memory_off_heap_min.clone()),
            (Some(25), q("600M"))
        );
        let job = spec.job.as_ref().expect("job");
        assert_eq!(job.mode, Some(JobMode::Detached));
        assert_eq!(job.restart_policy, Some(JobRestartPolicy::Never));
        assert_eq!(
            (job.allow_non_restored_state, job.no_logging_to_stdout),
            (Some(false), Some(false))
        );
        let cleanup = job.cleanup_policy.clone().expect("cleanup");
        assert_eq!(
            (
                cleanup.after_job_succeeds,
                cleanup.after_job_fails,
                cleanup.after_job_cancelled
            ),
            (
                Some(CleanupAction::DeleteCluster),
                Some(CleanupAction::KeepCluster),
                Some(CleanupAction::DeleteCluster)
            )
        );
        assert_eq!(job.resources, Some(default_resources()));
        assert_eq!(
            job.take_savepoint_on_update, None,
            "nil means true; no CRD default"
        );
    }

    /// The operator's TestSetNonDefault: user values are kept, probe fields merge over the
    /// defaults (a missing timeout gets 10), and Flink ≥ 1.10 gets a process ratio only.
    #[test]
    fn user_values_are_kept_and_probes_merge() {
        let defaulted = apply(cluster(
            "flinkVersion: v1.11
image: {name: flink, pullPolicy: Always}
jobManager:
  replicas: 2
  accessScope: Cluster
  ingress: {useTls: true}
  ports: {rpc: 8123, blob: 8124, query: 8125, ui: 9081}
  resources: {limits: {cpu: \"4\", memory: 2Gi}}
  livenessProbe: {tcpSocket: {port: 8123}, initialDelaySeconds: 50, periodSeconds: 600, failureThreshold: 50}
  readinessProbe: {tcpSocket: {port: 8123}, initialDelaySeconds: 50, periodSeconds: 50, failureThreshold: 600}
taskManager:
  replicas: 3
  ports: {data: 8121, rpc: 8122, query: 8125}
  resources: {limits: {cpu: \"2\", memory: 2Gi}}
  livenessProbe: {tcpSocket: {port: 8122}, timeoutSeconds: 100, initialDelaySeconds: 50, periodSeconds: 600, failureThreshold: 50}
  readinessProbe: {tcpSocket: {port: 8122}, timeoutSeconds: 100, initialDelaySeconds: 50, periodSeconds: 50, failureThreshold: 600}
job: {jarFile: a.jar, allowNonRestoredState: true, parallelism: 2, noLoggingToStdout: true, restartPolicy: FromSavepointOnFailure}
recreateOnUpdate: false",
        ));
        let spec = &defaulted.cluster().spec;
        let jm = spec.job_manager();
        assert_eq!(jm.replicas, Some(2));
        let live = jm.liveness_probe.clone().expect("probe");
        assert_eq!(
            (
                live.timeout_seconds,
                live.initial_delay_seconds,
                live.period_seconds,
                live.failure_threshold
            ),
            (Some(10), Some(50), Some(600), Some(50))
        );
        assert_eq!(
            live.tcp_socket.map(|t| t.port),
            Some(IntOrString::Int(8123))
        );
        assert_eq!(jm.memory_process_ratio, Some(80));
        assert_eq!(
            (jm.memory_off_heap_ratio, jm.memory_off_heap_min.clone()),
            (None, None)
        );
        let tm = spec.task_manager();
        assert_eq!(
            tm.readiness_probe.clone().and_then(|p| p.timeout_seconds),
            Some(100)
        );
        assert_eq!(tm.memory_process_ratio, Some(80));
        let job = spec.job.as_ref().expect("job");
        assert_eq!(
            (job.allow_non_restored_state, job.no_logging_to_stdout),
            (Some(true), Some(true))
        );
        assert_eq!(
            job.restart_policy,
            Some(JobRestartPolicy::FromSavepointOnFailure)
        );
        assert_eq!(spec.recreate_on_update, Some(false));
        assert_eq!(jm.ingress.as_ref().and_then(|i| i.use_tls), Some(true));
    }

    #[test]
    fn present_objects_are_defaulted_inside_and_resources_only_when_absent() {
        let defaulted = apply(cluster(
            "flinkVersion: \"1.18\"
image: {name: flink}
jobManager: {ports: {ui: 9000}, resources: {}}
job: {jarFile: a.jar, cleanupPolicy: {afterJobFails: DeleteCluster}}",
        ));
        let spec = &defaulted.cluster().spec;
        let jm = spec.job_manager();
        assert_eq!(jm.port_numbers().ui, 9000);
        assert_eq!(jm.port_numbers().rpc, 6123);
        assert_eq!(
            jm.resources,
            Some(Default::default()),
            "an explicit {{}} is kept (and then refused)"
        );
        let cleanup = spec
            .job
            .as_ref()
            .and_then(|j| j.cleanup_policy.clone())
            .expect("cleanup");
        assert_eq!(cleanup.after_job_fails, Some(CleanupAction::DeleteCluster));
        assert_eq!(
            cleanup.after_job_succeeds,
            Some(CleanupAction::DeleteCluster)
        );
    }

    #[test]
    fn embedded_kubernetes_defaults_of_the_crd() {
        let defaulted = apply(cluster(
            "flinkVersion: \"1.18\"
image: {name: flink}
taskManager:
  sidecars:
  - name: s
    image: x
    ports: [{containerPort: 9000}]
    livenessProbe: {grpc: {port: 9000}}
  volumes:
  - name: disk
    azureDisk: {diskName: d, diskURI: u}
  - name: ceph
    rbd: {image: i, monitors: [m]}",
        ));
        let tm = defaulted.cluster().spec.task_manager();
        let sidecar = &tm.sidecars.as_ref().expect("sidecars")[0];
        assert_eq!(
            sidecar
                .ports
                .as_ref()
                .and_then(|p| p[0].protocol.clone())
                .as_deref(),
            Some("TCP")
        );
        assert_eq!(
            sidecar
                .liveness_probe
                .as_ref()
                .and_then(|p| p.grpc.as_ref())
                .and_then(|g| g.service.clone())
                .as_deref(),
            Some("")
        );
        let volumes = tm.volumes.as_ref().expect("volumes");
        let disk = volumes[0].azure_disk.as_ref().expect("azure disk");
        assert_eq!(
            (disk.fs_type.as_deref(), disk.read_only),
            (Some("ext4"), Some(false))
        );
        let rbd = volumes[1].rbd.as_ref().expect("rbd");
        assert_eq!(
            (
                rbd.pool.as_deref(),
                rbd.user.as_deref(),
                rbd.keyring.as_deref()
            ),
            (Some("rbd"), Some("admin"), Some("/etc/ceph/keyring"))
        );
    }

    #[test]
    fn quantities_are_written_back_as_kubernetes_would() {
        let defaulted = apply(cluster(
            "flinkVersion: \"1.18\"
image: {name: flink}
jobManager: {resources: {limits: {cpu: \"1.500\", memory: 2048Mi}, requests: {cpu: \"1.5\", memory: \" 1Gi\"}}}",
        ));
        let resources = defaulted
            .cluster()
            .spec
            .job_manager()
            .resources
            .clone()
            .expect("resources");
        let limits = resources.limits.expect("limits");
        let requests = resources.requests.expect("requests");
        assert_eq!(limits["memory"].0, "2Gi");
        assert_eq!(
            limits["cpu"].0, "1.500",
            "kept: Kubernetes considers it canonical enough"
        );
        assert_eq!(requests["cpu"].0, "1500m");
        assert_eq!(
            requests["memory"].0, "1Gi",
            "surrounding spaces are trimmed like the JSON decoder does"
        );
    }

    #[test]
    fn batch_scheduler_name_replaces_the_object() {
        let defaulted = apply(cluster(
            "flinkVersion: \"1.18\"\nimage: {name: flink}\nbatchSchedulerName: volcano\nbatchScheduler: {name: other, queue: q}",
        ));
        let scheduler = defaulted
            .cluster()
            .spec
            .batch_scheduler
            .clone()
            .expect("scheduler");
        assert_eq!(
            (scheduler.name.as_str(), scheduler.queue),
            ("volcano", None)
        );
    }
}
