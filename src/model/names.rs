//! Names of the rendered objects and of what they contain, as the operator spells them.

/// `<cluster>-configmap`
pub fn config_map(cluster: &str) -> String {
    format!("{cluster}-configmap")
}

/// `<cluster>-jobmanager`: the JobManager StatefulSet, Service, Ingress and application-mode Job.
pub fn job_manager(cluster: &str) -> String {
    format!("{cluster}-jobmanager")
}

/// `<cluster>-taskmanager`: the TaskManager workload and headless Service.
pub fn task_manager(cluster: &str) -> String {
    format!("{cluster}-taskmanager")
}

/// `<cluster>-job-submitter`
pub fn job_submitter(cluster: &str) -> String {
    format!("{cluster}-job-submitter")
}

/// `flink-<cluster>`: the PodDisruptionBudget, HorizontalPodAutoscaler and Volcano PodGroup.
pub fn flink_prefixed(cluster: &str) -> String {
    format!("flink-{cluster}")
}

/// `<cluster>-flink`: the ServiceAccount of the Flink pods when flink-render creates one.
pub fn service_account(cluster: &str) -> String {
    format!("{cluster}-flink")
}

/// `<cluster>-ha`: Role and RoleBinding for Flink's Kubernetes HA services.
pub fn ha_role(cluster: &str) -> String {
    format!("{cluster}-ha")
}

/// `<cluster>-barrier`: Role and RoleBinding for the barrier init containers.
pub fn barrier_role(cluster: &str) -> String {
    format!("{cluster}-barrier")
}

/// Volume of the cluster's ConfigMap, mounted at [`CONFIG_DIR`].
pub const CONFIG_VOLUME: &str = "flink-config-volume";
/// Volume of the Hadoop configuration ConfigMap.
pub const HADOOP_VOLUME: &str = "hadoop-config-volume";
/// Volume of the GCP service account Secret.
pub const GCP_VOLUME: &str = "gcp-service-account-volume";
/// Where Flink reads its configuration.
pub const CONFIG_DIR: &str = "/opt/flink/conf";
/// Where the submitter finds its script.
pub const SUBMIT_SCRIPT_PATH: &str = "/opt/flink-operator/submit-job.sh";
/// ConfigMap key of the submit script.
pub const SUBMIT_SCRIPT_KEY: &str = "submit-job.sh";
/// Name of the JobManager container.
pub const JOB_MANAGER_CONTAINER: &str = "jobmanager";
/// Name of the TaskManager container.
pub const TASK_MANAGER_CONTAINER: &str = "taskmanager";
/// Name of the submitter container.
pub const SUBMITTER_CONTAINER: &str = "main";
/// Label naming the ControllerRevision a component was rendered from.
pub const REVISION_LABEL: &str = "flinkoperator.k8s.io/revision-name";
/// Label carrying the application-mode job id.
pub const JOB_ID_LABEL: &str = "flinkoperator.k8s.io/job-id";

/// Annotations that make a GKE load balancer internal but reachable from every region.
pub const VPC_ANNOTATIONS: [(&str, &str); 2] = [
    ("networking.gke.io/load-balancer-type", "Internal"),
    (
        "networking.gke.io/internal-load-balancer-allow-global-access",
        "true",
    ),
];

/// The variable holding the pod's IP, which a JobManager with HA advertises as its address.
pub const POD_IP_ENV: &str = "POD_IP";

/// The barrier init containers' names and paths (`--barrier`).
pub mod barrier {
    /// Name of the init container.
    pub const CONTAINER: &str = "barrier";
    /// The emptyDir the barrier hands its files over in.
    pub const VOLUME: &str = "frameworkbarrier-volume";
    /// Where the files are, in the barrier and in the main container.
    pub const MOUNT_DIR: &str = "/mnt/frameworkbarrier";
    /// ConfigMap key of the script.
    pub const SCRIPT_KEY: &str = "barrier.sh";
    /// Where the init container finds the script.
    pub const SCRIPT_PATH: &str = "/opt/flink-render/barrier.sh";
}
