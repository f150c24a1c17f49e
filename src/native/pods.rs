//! The JobManager and TaskManager pods as Flink's decorators build them (flink-native-spec.md
//! §2.4–§2.7): the component's pod template ([`NativeCluster`]), then Flink's additions in
//! decorator order (`Init*Decorator`, `EnvSecretsDecorator`, `MountSecretsDecorator`,
//! `Cmd*Decorator`, `HadoopConfMountDecorator`, `FlinkConfMountDecorator`,
//! `PodTemplateMountDecorator`), from the configuration alone.
//!
//! Lists are appended to (template entries first), maps are put (Flink's entries win), as
//! Flink's builders do.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    ConfigMapVolumeSource, Container, EmptyDirVolumeSource, EnvVar, EnvVarSource, KeyToPath,
    LocalObjectReference, PodSpec, ResourceRequirements, SecretKeySelector, SecretVolumeSource,
    Toleration, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::memory::{java, jvm};
pub use crate::model::native::cluster::FlinkPod;
use crate::model::native::cluster::NativeCluster;
use crate::model::native::config::ExternalResource;
use crate::model::native::labels::{self, option_map, put_all};
use crate::model::native::pods::{
    CONFIG_VOLUME, HADOOP_CONF_DIR, HADOOP_VOLUME, LOG_FILES, MAIN_CONTAINER, POD_TEMPLATE_DIR,
    POD_TEMPLATE_FILE, POD_TEMPLATE_VOLUME, USER_ARTIFACTS_VOLUME, entry, hadoop_config_map,
    in_hash_map_order, in_host_network, secret_mounts,
};
use crate::object::pod;

/// The JobManager's pod template.
pub fn job_manager_template(ctx: &NativeCluster) -> FlinkPod {
    ctx.job_manager_template.clone()
}

/// The TaskManager's pod template (the content of `taskmanager-pod-template.yaml`; an empty one
/// when there is none, as Flink starts from then).
pub fn task_manager_template(ctx: &NativeCluster) -> FlinkPod {
    let mut flink_pod = ctx.task_manager_template.clone().unwrap_or_default();
    if ctx.harden {
        // The TaskManager pods are created by Flink from this template, outside the manifests
        // --harden walks; harden the template itself.
        let mut whole = flink_pod.spec.clone();
        whole.containers.insert(0, flink_pod.main.clone());
        crate::security::harden::harden_pod(&mut whole);
        if !whole.containers.is_empty() {
            flink_pod.main = whole.containers.remove(0);
        }
        flink_pod.spec = whole;
    }
    flink_pod
}

/// The template as the Pod Flink parses from `taskmanager-pod-template.yaml`: the main
/// container first, then the sidecars.
pub fn template_pod_spec(template: &FlinkPod) -> PodSpec {
    let mut spec = template.spec.clone();
    spec.containers.insert(0, template.main.clone());
    spec
}

fn push<T>(list: &mut Option<Vec<T>>, item: T) {
    list.get_or_insert_with(Vec::new).push(item);
}

fn config_map_volume(name: &str, config_map: String, items: Vec<String>) -> Volume {
    Volume {
        name: name.to_owned(),
        config_map: Some(ConfigMapVolumeSource {
            name: config_map,
            items: pod::non_empty(
                items
                    .into_iter()
                    .map(|key| KeyToPath {
                        path: key.clone(),
                        key,
                        ..KeyToPath::default()
                    })
                    .collect(),
            ),
            ..ConfigMapVolumeSource::default()
        }),
        ..Volume::default()
    }
}

fn mount(name: &str, path: &str) -> VolumeMount {
    VolumeMount {
        name: name.to_owned(),
        mount_path: path.to_owned(),
        ..VolumeMount::default()
    }
}

/// `containerized.<master|taskmanager>.env.<NAME>` entries, in Java's `HashMap` order.
fn containerized_env(ctx: &NativeCluster, prefix: &str) -> Vec<EnvVar> {
    // Flink copies them out of its configuration's HashMap into another: the second map's
    // order, entries of one bucket in the order the first map gave them.
    let keys: Vec<&str> = ctx.config.entries.keys().map(String::as_str).collect();
    let entries: Vec<(&str, &str)> = jvm::java_hash_map_order(&keys)
        .into_iter()
        .filter_map(|i| keys.get(i))
        .filter_map(|key| {
            let name = key.strip_prefix(prefix).filter(|n| !n.is_empty())?;
            Some((name, ctx.config.entries.get(*key)?.as_str()))
        })
        .collect();
    in_hash_map_order(&entries)
        .into_iter()
        .map(|(name, value)| pod::env(name, value))
        .collect()
}

/// Entries in the order a Java `HashMap` filled with them in this order iterates them.
/// `kubernetes.env.secretKeyRef`: `env:NAME,secret:SECRET,key:KEY;...`.
fn secret_key_env(ctx: &NativeCluster) -> Vec<EnvVar> {
    let Some(value) = ctx.config.entries.get("kubernetes.env.secretKeyRef") else {
        return Vec::new();
    };
    value
        .split(';')
        .map(option_map)
        .filter_map(|map| {
            let get = |k: &str| {
                map.iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(k))
                    .map(|(_, v)| v.clone())
            };
            Some(EnvVar {
                name: get("env")?,
                value_from: Some(EnvVarSource {
                    secret_key_ref: Some(SecretKeySelector {
                        name: get("secret")?,
                        key: get("key")?,
                        ..SecretKeySelector::default()
                    }),
                    ..EnvVarSource::default()
                }),
                ..EnvVar::default()
            })
        })
        .collect()
}

/// `kubernetes.secrets`: `secret:path,...` as (secret, mount path).
pub fn mounted_secrets(ctx: &NativeCluster) -> Vec<(String, String)> {
    secret_mounts(&ctx.config.entries)
}

fn option(ctx: &NativeCluster, key: &str) -> Option<String> {
    entry(&ctx.config.entries, key)
}

fn option_or(ctx: &NativeCluster, key: &str, default: &str) -> String {
    option(ctx, key).unwrap_or_else(|| default.to_owned())
}

/// A limit factor option (default 1.0; Flink 1.15 introduced them).
fn factor(ctx: &NativeCluster, key: &str) -> f64 {
    option(ctx, key)
        .filter(|_| ctx.features.limit_factors())
        .and_then(|v| java::parse_double(&v))
        .unwrap_or(1.0)
}

/// Whether the pods run in the node's network (`kubernetes.hostnetwork.enabled`, Flink 1.15).
pub fn host_network(ctx: &NativeCluster) -> bool {
    in_host_network(&ctx.config.entries, &ctx.features)
}

/// `kubernetes.<component>.tolerations`: `;`-separated maps of `key`, `operator`, `value`,
/// `effect`, `tolerationSeconds` (names in any case), as Flink reads them.
pub fn option_tolerations(ctx: &NativeCluster, component: &str) -> Vec<Toleration> {
    let Some(value) = option(ctx, &format!("kubernetes.{component}.tolerations")) else {
        return Vec::new();
    };
    crate::structured_options::parse_list_of_maps(&value)
        .unwrap_or_default()
        .iter()
        .map(|map| {
            let get =
                |k: &str| crate::structured_options::get_ignoring_case(map, k).map(str::to_owned);
            Toleration {
                key: get("key"),
                operator: get("operator"),
                value: get("value"),
                effect: get("effect"),
                toleration_seconds: get("tolerationSeconds").and_then(|s| s.trim().parse().ok()),
            }
        })
        .collect()
}

/// `KubernetesUtils.getResourceRequirements`: the template's resources with memory and CPU
/// put in, requests at the process size and CPUs, limits at them times the limit factors.
fn resources(
    base: Option<&ResourceRequirements>,
    memory_mib: i64,
    memory_factor: f64,
    cpu: f64,
    cpu_factor: f64,
    external: &[ExternalResource],
) -> ResourceRequirements {
    let mut resources = base.cloned().unwrap_or_default();
    let limit_mib = (memory_mib as f64 * memory_factor) as i64;
    let requests = resources.requests.get_or_insert_with(BTreeMap::new);
    requests.insert("memory".to_owned(), Quantity(format!("{memory_mib}Mi")));
    requests.insert("cpu".to_owned(), Quantity(java::double_to_string(cpu)));
    let limits = resources.limits.get_or_insert_with(BTreeMap::new);
    limits.insert("memory".to_owned(), Quantity(format!("{limit_mib}Mi")));
    limits.insert(
        "cpu".to_owned(),
        Quantity(java::double_to_string(cpu * cpu_factor)),
    );
    for resource in external {
        if let Some(key) = &resource.kubernetes_key {
            let amount = Quantity(resource.amount.to_string());
            for map in [&mut resources.requests, &mut resources.limits] {
                map.get_or_insert_with(BTreeMap::new)
                    .insert(key.clone(), amount.clone());
            }
        }
    }
    resources
}

/// What both components' main containers get alike: the log directory, the mounts of the
/// decorators and the entry point (the Cmd*Decorators' command).
fn log_dir_mounts_and_entry(ctx: &NativeCluster, spec: &mut PodSpec, main: &mut Container) {
    if let Some(dir) = option(ctx, "kubernetes.flink.log.dir") {
        push(&mut main.env, pod::env("FLINK_LOG_DIR", &dir));
    }
    mount_decorators(ctx, spec, main);
    main.command = Some(vec![option_or(
        ctx,
        "kubernetes.entry.path",
        "/docker-entrypoint.sh",
    )]);
}

/// What both components get from the secrets, Hadoop and configuration decorators.
fn mount_decorators(ctx: &NativeCluster, spec: &mut PodSpec, main: &mut Container) {
    // EnvSecretsDecorator
    for var in secret_key_env(ctx) {
        push(&mut main.env, var);
    }
    // MountSecretsDecorator
    for (secret, path) in mounted_secrets(ctx) {
        let volume = format!("{secret}-volume");
        push(
            &mut spec.volumes,
            Volume {
                name: volume.clone(),
                secret: Some(SecretVolumeSource {
                    secret_name: Some(secret),
                    ..SecretVolumeSource::default()
                }),
                ..Volume::default()
            },
        );
        push(&mut main.volume_mounts, mount(&volume, &path));
    }
}

/// Whether `HadoopConfMountDecorator` runs (`kubernetes.decorator.hadoop-conf-mount.enabled`,
/// Flink 1.17; always before).
pub fn hadoop_mount_enabled(ctx: &NativeCluster) -> bool {
    hadoop_config_map(&ctx.config.entries, &ctx.features).is_some()
}

/// The Hadoop configuration ConfigMap `HadoopConfMountDecorator` mounts, if it runs.
fn hadoop_decorator(ctx: &NativeCluster, spec: &mut PodSpec, main: &mut Container) {
    let Some(config_map) = hadoop_config_map(&ctx.config.entries, &ctx.features) else {
        return;
    };
    push(
        &mut spec.volumes,
        Volume {
            name: HADOOP_VOLUME.to_owned(),
            config_map: Some(ConfigMapVolumeSource {
                name: config_map,
                ..ConfigMapVolumeSource::default()
            }),
            ..Volume::default()
        },
    );
    push(
        &mut main.volume_mounts,
        mount(HADOOP_VOLUME, HADOOP_CONF_DIR),
    );
    push(&mut main.env, pod::env("HADOOP_CONF_DIR", HADOOP_CONF_DIR));
}

/// The items of the configuration volume: the log files there are, in Flink's order, then the
/// configuration file.
pub fn config_items(ctx: &NativeCluster) -> Vec<String> {
    let mut items: Vec<String> = LOG_FILES
        .iter()
        .filter(|f| ctx.log_files.contains_key(**f))
        .map(|f| (*f).to_owned())
        .collect();
    items.push(ctx.config_file.to_owned());
    items
}

fn flink_conf_decorator(ctx: &NativeCluster, spec: &mut PodSpec, main: &mut Container) {
    push(
        &mut spec.volumes,
        config_map_volume(
            CONFIG_VOLUME,
            super::configmaps::flink_config_name(&ctx.id),
            config_items(ctx),
        ),
    );
    let dir = option_or(ctx, "kubernetes.flink.conf.dir", "/opt/flink/conf");
    push(&mut main.volume_mounts, mount(CONFIG_VOLUME, &dir));
}

/// The decorations both `Init*Decorator`s share: service account, host network, DNS policy,
/// labels, annotations, pull secrets, node selector, and the main container's name, image and
/// pull policy.
fn init_common(ctx: &NativeCluster, pod: &mut FlinkPod, component: &str) {
    let account =
        crate::model::native::config::component_service_account(&ctx.config.entries, component);
    pod.spec.service_account = Some(account.clone());
    pod.spec.service_account_name = Some(account);
    if ctx.features.host_network() {
        let host = host_network(ctx);
        pod.spec.host_network = Some(host);
        if host {
            pod.spec.dns_policy = Some("ClusterFirstWithHostNet".to_owned());
        } else if pod.spec.dns_policy.is_none() {
            pod.spec.dns_policy = Some("ClusterFirst".to_owned());
        }
    }
    for toleration in option_tolerations(ctx, component) {
        push(&mut pod.spec.tolerations, toleration);
    }
    let own = |suffix: &str| {
        option(ctx, &format!("kubernetes.{component}.{suffix}"))
            .map(|v| option_map(&v))
            .unwrap_or_default()
    };
    let labels = put_all(
        &put_all(
            &pod.metadata.labels.clone().unwrap_or_default(),
            &own("labels"),
        ),
        &labels::selectors(&ctx.id, component),
    );
    pod.metadata.labels = Some(labels);
    let annotations = put_all(
        &pod.metadata.annotations.clone().unwrap_or_default(),
        &own("annotations"),
    );
    pod.metadata.annotations = (!annotations.is_empty()).then_some(annotations);
    if let Some(secrets) = option(ctx, "kubernetes.container.image.pull-secrets") {
        for name in secrets.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            push(
                &mut pod.spec.image_pull_secrets,
                LocalObjectReference {
                    name: name.to_owned(),
                },
            );
        }
    }
    let node_selector = put_all(
        &pod.spec.node_selector.clone().unwrap_or_default(),
        &own("node-selector"),
    );
    pod.spec.node_selector = (!node_selector.is_empty()).then_some(node_selector);
    pod.main.name = MAIN_CONTAINER.to_owned();
    pod.main.image = Some(image(ctx));
    pod.main.image_pull_policy = Some(option_or(
        ctx,
        "kubernetes.container.image.pull-policy",
        "IfNotPresent",
    ));
}

/// The image of every Flink container: the version's image option (the other spelling as its
/// fallback), else the client's default image.
pub fn image(ctx: &NativeCluster) -> String {
    let key = ctx.features.image_key();
    let other = if key == "kubernetes.container.image" {
        "kubernetes.container.image.ref"
    } else {
        "kubernetes.container.image"
    };
    option(ctx, key)
        .or_else(|| option(ctx, other))
        .unwrap_or_else(|| ctx.default_image.clone())
}

/// An integer option (a port, a replica count) as `Integer.parseInt` reads it, else `default`.
pub fn int_option(ctx: &NativeCluster, key: &str, default: i32) -> i32 {
    option(ctx, key)
        .and_then(|v| crate::model::native::config::parse_port(&v))
        .unwrap_or(default)
}

/// The decorated JobManager pod: the Deployment's pod template.
pub fn job_manager_pod(ctx: &NativeCluster) -> (ObjectMeta, PodSpec) {
    let mut flink_pod = job_manager_template(ctx);
    init_common(ctx, &mut flink_pod, "jobmanager");
    let FlinkPod {
        metadata,
        mut spec,
        mut main,
    } = flink_pod;
    // InitJobManagerDecorator
    if ctx.features.user_artifacts_volume() {
        push(
            &mut spec.volumes,
            Volume {
                name: USER_ARTIFACTS_VOLUME.to_owned(),
                empty_dir: Some(EmptyDirVolumeSource::default()),
                ..Volume::default()
            },
        );
        let dir = option_or(ctx, "user.artifacts.base-dir", "/opt/flink/artifacts");
        push(&mut main.volume_mounts, mount(USER_ARTIFACTS_VOLUME, &dir));
    }
    let memory = ctx
        .job_manager
        .as_ref()
        .map_or(0, |m| m.container_mebibytes());
    let cpu = option(ctx, ctx.features.job_manager_cpu_key())
        .and_then(|v| java::parse_double(&v))
        .unwrap_or(1.0);
    main.resources = Some(resources(
        main.resources.as_ref(),
        memory,
        factor(ctx, "kubernetes.jobmanager.memory.limit-factor"),
        cpu,
        factor(ctx, "kubernetes.jobmanager.cpu.limit-factor"),
        &[],
    ));
    if !host_network(ctx) {
        // The REST port is the one the JobManager listens on (`rest.bind-port`), which Flink
        // declares as `rest.port` (docs/deviations.md).
        for (name, number) in [
            ("rest", super::services::rest_bind_port(ctx)),
            (
                "jobmanager-rpc",
                int_option(ctx, "jobmanager.rpc.port", 6123),
            ),
            ("blobserver", int_option(ctx, "blob.server.port", 6124)),
        ] {
            push(&mut main.ports, pod::port(name, number));
        }
    }
    for var in containerized_env(ctx, "containerized.master.env.") {
        push(&mut main.env, var);
    }
    push(
        &mut main.env,
        pod::field_env("_POD_IP_ADDRESS", "status.podIP"),
    );
    log_dir_mounts_and_entry(ctx, &mut spec, &mut main);
    // CmdJobManagerDecorator
    let target = option_or(
        ctx,
        "execution.target",
        crate::model::native::config::SESSION_TARGET,
    );
    main.args = Some(start_command(
        ctx,
        "jobmanager",
        format!("kubernetes-jobmanager.sh {target}"),
    ));
    hadoop_decorator(ctx, &mut spec, &mut main);
    flink_conf_decorator(ctx, &mut spec, &mut main);
    // PodTemplateMountDecorator, when there is a TaskManager pod template.
    if ctx.task_manager_template.is_some() {
        push(
            &mut spec.volumes,
            config_map_volume(
                POD_TEMPLATE_VOLUME,
                super::configmaps::pod_template_name(&ctx.id),
                vec![POD_TEMPLATE_FILE.to_owned()],
            ),
        );
        push(
            &mut main.volume_mounts,
            mount(POD_TEMPLATE_VOLUME, POD_TEMPLATE_DIR),
        );
    }
    spec.containers.push(main);
    (metadata, spec)
}

/// The main container's arguments (`Cmd*Decorator`): `bash -c` with the start command, and
/// from Flink 1.16 a space and `kubernetes.<component>.entrypoint.args`.
fn start_command(ctx: &NativeCluster, component: &str, command: String) -> Vec<String> {
    let command = if ctx.features.entrypoint_args() {
        let args = option_or(ctx, &format!("kubernetes.{component}.entrypoint.args"), "");
        format!("{command} {args}")
    } else {
        command
    };
    vec!["bash".to_owned(), "-c".to_owned(), command]
}

/// The TaskManager's resource properties (`TaskExecutorProcessUtils.generateDynamicConfigsStr`)
/// with its external resources: their names (`;`-joined, in double quotes from Flink 1.15)
/// and amounts.
fn resource_dynamic_configs(
    ctx: &NativeCluster,
    memory: &crate::memory::TaskManagerMemory,
    external: &[ExternalResource],
) -> String {
    let mut entries: Vec<(String, String)> = memory
        .dynamic_config_entries()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    if !external.is_empty() {
        let names = external
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(";");
        let names = if ctx.features.host_network() {
            format!("\"{names}\"")
        } else {
            names
        };
        for (key, value) in entries.iter_mut() {
            if key == crate::model::native::config::EXTERNAL_RESOURCES {
                *value = names.clone();
            }
        }
        entries.extend(external.iter().map(|r| {
            (
                format!("external-resource.{}.amount", r.name),
                r.amount.to_string(),
            )
        }));
    }
    jvm::dynamic_configs(
        entries
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect(),
    )
}

/// The name of the first TaskManager pod of a new cluster: attempt 1, pod 1.
pub fn first_task_manager_name(cluster_id: &str) -> String {
    format!("{cluster_id}-taskmanager-1-1")
}

/// The TaskManager pod `requestResource` creates first, decorated from the pod template.
pub fn task_manager_pod(ctx: &NativeCluster) -> (ObjectMeta, PodSpec) {
    let pod_name = first_task_manager_name(&ctx.id);
    let mut flink_pod = task_manager_template(ctx);
    init_common(ctx, &mut flink_pod, "taskmanager");
    let FlinkPod {
        mut metadata,
        mut spec,
        mut main,
    } = flink_pod;
    metadata.name = Some(pod_name.clone());
    metadata.namespace = ctx.namespace.clone();
    // InitTaskManagerDecorator
    spec.restart_policy = Some("Never".to_owned());
    let memory = ctx.task_manager.as_ref();
    let cpu = memory.map_or(1.0, |m| m.cpu_cores.value);
    let external = crate::model::native::config::external_resources(&ctx.config.entries);
    main.resources = Some(resources(
        main.resources.as_ref(),
        memory.map_or(0, |m| m.container_mebibytes()),
        factor(ctx, "kubernetes.taskmanager.memory.limit-factor"),
        cpu,
        factor(ctx, "kubernetes.taskmanager.cpu.limit-factor"),
        &external,
    ));
    if !host_network(ctx) {
        let rpc = int_option(ctx, "taskmanager.rpc.port", 6122);
        push(&mut main.ports, pod::port("taskmanager-rpc", rpc));
    }
    for var in containerized_env(ctx, "containerized.taskmanager.env.") {
        push(&mut main.env, var);
    }
    if ctx.features.pod_node_id_env() {
        push(
            &mut main.env,
            pod::field_env("_POD_NODE_ID", "spec.nodeName"),
        );
    }
    log_dir_mounts_and_entry(ctx, &mut spec, &mut main);
    // CmdTaskManagerDecorator
    let resource_args = memory
        .map(|m| resource_dynamic_configs(ctx, m, &external))
        .unwrap_or_default();
    main.args = Some(start_command(
        ctx,
        "taskmanager",
        format!("kubernetes-taskmanager.sh -Dtaskmanager.resource-id='{pod_name}' {resource_args}"),
    ));
    if let Some(m) = memory {
        push(
            &mut main.env,
            pod::env("FLINK_TM_JVM_MEM_OPTS", &m.jvm_args()),
        );
    }
    hadoop_decorator(ctx, &mut spec, &mut main);
    flink_conf_decorator(ctx, &mut spec, &mut main);
    spec.containers.push(main);
    (metadata, spec)
}
