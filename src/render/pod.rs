//! What every Flink pod shares: the configuration volume, Hadoop and GCP mounts, and the
//! operator's rules for merging them into user-provided containers.
//!
//! The operator appends a volume only if no volume has its name, a mount only if no mount uses
//! its path, and an environment variable only if none has its name, so what the user wrote
//! always wins. Injections apply to the main container and init containers; sidecars are added
//! afterwards and receive nothing.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, ConfigMapVolumeSource, Container, ContainerPort, EnvVar, ExecAction, HostAlias,
    Lifecycle, LifecycleHandler, PodSecurityContext, PodSpec, Probe, ResourceRequirements,
    SecretVolumeSource, Toleration, Volume, VolumeMount,
};

pub use crate::object::pod::{
    append_env, append_mounts, append_volumes, convert_container, env, extra_port, field_env,
    non_empty, port,
};

use super::Context;
use crate::model::names;

/// Seconds the main containers sleep before stopping, so Services drain first.
pub const PRE_STOP_SLEEP_SECONDS: &str = "30";
/// Grace period of JobManager and TaskManager pods.
pub const TERMINATION_GRACE_PERIOD_SECONDS: i64 = 60;

/// Volumes, mounts and variables the cluster configuration adds to a pod.
pub struct Injection {
    volumes: Vec<Volume>,
    mounts: Vec<VolumeMount>,
    env: Vec<EnvVar>,
}

/// The cluster ConfigMap as a volume.
pub fn config_volume(ctx: &Context<'_>) -> Volume {
    Volume {
        name: names::CONFIG_VOLUME.to_owned(),
        config_map: Some(ConfigMapVolumeSource {
            name: names::config_map(ctx.name),
            ..ConfigMapVolumeSource::default()
        }),
        ..Volume::default()
    }
}

/// The ConfigMap mounted where Flink reads its configuration.
pub fn config_mount() -> VolumeMount {
    VolumeMount {
        name: names::CONFIG_VOLUME.to_owned(),
        mount_path: names::CONFIG_DIR.to_owned(),
        ..VolumeMount::default()
    }
}

/// The injections of the cluster, in the operator's order: Flink configuration, Hadoop
/// configuration (`HADOOP_CONF_DIR`), GCP service account (`GOOGLE_APPLICATION_CREDENTIALS`).
pub fn injections(ctx: &Context<'_>) -> Vec<Injection> {
    let mut all = vec![Injection {
        volumes: vec![config_volume(ctx)],
        mounts: vec![config_mount()],
        env: Vec::new(),
    }];
    if let Some(hadoop) = &ctx.spec.hadoop_config {
        let mount_path = hadoop.mount_path.clone().unwrap_or_default();
        all.push(Injection {
            volumes: vec![Volume {
                name: names::HADOOP_VOLUME.to_owned(),
                config_map: Some(ConfigMapVolumeSource {
                    name: hadoop.config_map_name.clone().unwrap_or_default(),
                    ..ConfigMapVolumeSource::default()
                }),
                ..Volume::default()
            }],
            mounts: vec![VolumeMount {
                name: names::HADOOP_VOLUME.to_owned(),
                mount_path: mount_path.clone(),
                read_only: Some(true),
                ..VolumeMount::default()
            }],
            env: vec![env("HADOOP_CONF_DIR", &mount_path)],
        });
    }
    if let Some(account) = ctx
        .spec
        .gcp_config
        .as_ref()
        .and_then(|g| g.service_account.as_ref())
    {
        let mut mount_path = account.mount_path.clone().unwrap_or_default();
        if !mount_path.ends_with('/') {
            mount_path.push('/');
        }
        let key_file = account.key_file.clone().unwrap_or_default();
        all.push(Injection {
            volumes: vec![Volume {
                name: names::GCP_VOLUME.to_owned(),
                secret: Some(SecretVolumeSource {
                    secret_name: account.secret_name.clone(),
                    ..SecretVolumeSource::default()
                }),
                ..Volume::default()
            }],
            mounts: vec![VolumeMount {
                name: names::GCP_VOLUME.to_owned(),
                mount_path: mount_path.clone(),
                read_only: Some(true),
                ..VolumeMount::default()
            }],
            env: vec![env(
                "GOOGLE_APPLICATION_CREDENTIALS",
                &format!("{mount_path}{key_file}"),
            )],
        });
    }
    all
}

/// Applies `injections` to the pod's containers, init containers and volumes.
pub fn inject(pod: &mut PodSpec, injections: &[Injection]) {
    for injection in injections {
        for container in pod
            .containers
            .iter_mut()
            .chain(pod.init_containers.iter_mut().flatten())
        {
            append_mounts(&mut container.volume_mounts, &injection.mounts);
            append_env(&mut container.env, &injection.env);
        }
        append_volumes(&mut pod.volumes, &injection.volumes);
    }
}

/// `preStop: sleep 30`.
pub fn pre_stop_sleep() -> Lifecycle {
    Lifecycle {
        pre_stop: Some(LifecycleHandler {
            exec: Some(ExecAction {
                command: Some(vec!["sleep".to_owned(), PRE_STOP_SLEEP_SECONDS.to_owned()]),
            }),
            ..LifecycleHandler::default()
        }),
        ..Lifecycle::default()
    }
}

/// What a JobManager or TaskManager spec says about its pod; the two are assembled alike.
pub struct Component<'a> {
    /// Name of the main container.
    pub container_name: &'static str,
    /// Arguments of the main container (the image entrypoint's mode).
    pub args: Vec<String>,
    /// Variables the main container gets after the cluster's `envVars` (user variables win).
    pub extra_env: Vec<EnvVar>,
    /// Ports of the main container: Flink's own, then the extra ones.
    pub ports: Vec<ContainerPort>,
    /// Liveness probe of the main container.
    pub liveness_probe: Option<&'a Probe>,
    /// Readiness probe of the main container.
    pub readiness_probe: Option<&'a Probe>,
    /// Resources of the main container.
    pub resources: Option<&'a ResourceRequirements>,
    /// The user's mounts of the main container.
    pub volume_mounts: Option<&'a Vec<VolumeMount>>,
    /// The user's init containers.
    pub init_containers: Option<&'a Vec<Container>>,
    /// The user's pod volumes.
    pub volumes: Option<&'a Vec<Volume>>,
    /// Scheduling affinity.
    pub affinity: Option<&'a Affinity>,
    /// Node selector.
    pub node_selector: Option<&'a BTreeMap<String, String>>,
    /// Tolerations.
    pub tolerations: Option<&'a Vec<Toleration>>,
    /// Pod security context.
    pub security_context: Option<&'a PodSecurityContext>,
    /// `/etc/hosts` entries.
    pub host_aliases: Option<&'a Vec<HostAlias>>,
    /// Containers appended after the injections.
    pub sidecars: Option<&'a Vec<Container>>,
}

/// The main container of a JobManager or TaskManager pod.
pub fn main_container(ctx: &Context<'_>, component: &Component<'_>) -> Container {
    let mut env = ctx.spec.env_vars.clone();
    append_env(&mut env, &component.extra_env);
    Container {
        name: component.container_name.to_owned(),
        image: Some(ctx.spec.image.name.clone()),
        image_pull_policy: Some(ctx.spec.pull_policy().as_str().to_owned()),
        args: Some(component.args.clone()),
        ports: Some(component.ports.clone()),
        liveness_probe: component.liveness_probe.cloned(),
        readiness_probe: component.readiness_probe.cloned(),
        resources: component.resources.cloned(),
        env,
        env_from: ctx.spec.env_from.clone(),
        volume_mounts: component.volume_mounts.cloned(),
        lifecycle: Some(pre_stop_sleep()),
        ..Container::default()
    }
}

/// A JobManager or TaskManager pod around `main`: init containers get the cluster's
/// environment, every container but the sidecars gets the configuration mounts.
pub fn component_pod_spec(
    ctx: &Context<'_>,
    component: &Component<'_>,
    main: Container,
) -> PodSpec {
    let env = ctx.spec.env_vars.clone().unwrap_or_default();
    let init_containers: Vec<Container> = component
        .init_containers
        .into_iter()
        .flatten()
        .map(|c| convert_container(c, &[], &env))
        .collect();
    let mut spec = PodSpec {
        init_containers: non_empty(init_containers),
        containers: vec![main],
        volumes: component.volumes.cloned(),
        affinity: component.affinity.cloned(),
        node_selector: component.node_selector.cloned(),
        tolerations: component.tolerations.cloned(),
        image_pull_secrets: ctx.spec.image.pull_secrets.clone(),
        security_context: component.security_context.cloned(),
        host_aliases: component.host_aliases.cloned(),
        service_account_name: super::rbac::service_account(ctx),
        termination_grace_period_seconds: Some(TERMINATION_GRACE_PERIOD_SECONDS),
        ..PodSpec::default()
    };
    inject(&mut spec, &injections(ctx));
    spec.containers
        .extend(component.sidecars.into_iter().flatten().cloned());
    spec
}
