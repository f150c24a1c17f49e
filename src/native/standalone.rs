//! Standalone mode (a FlinkDeployment with `mode: standalone`): what the Apache Flink
//! Kubernetes Operator's `flink-kubernetes-standalone` module builds from a configuration and
//! pod templates (`StandaloneKubernetesJobManagerFactory`, `StandaloneKubernetesTaskManagerFactory`,
//! apache-operator-spec.md §6). They reuse Flink's decorators (the JobManager's
//! `InitJobManagerDecorator`, the Services, `FlinkConfMountDecorator`), so this module builds on
//! the native target's, and changes what standalone mode changes:
//!
//! - every object is `type: flink-standalone-kubernetes`;
//! - the internal Service exists with HA too, and there is no `pod-template-<id>`: the
//!   TaskManager template becomes the pod template of a TaskManager Deployment
//!   `<id>-taskmanager` with `kubernetes.internal.taskmanager.replicas` replicas;
//! - the containers start the image's scripts (`jobmanager`, `standalone-job ...`,
//!   `taskmanager`), which size the processes from the configuration themselves.
//!
//! Like the native target, it reads only a [`NativeCluster`].

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::{configmaps, ingress, jobmanager, pods, services};
use crate::model::labels::Labels;
use crate::model::native::cluster::NativeCluster;
use crate::model::native::labels::{self, option_map, put_all};
use crate::object::Object;

/// The `type` label of standalone clusters.
pub const TYPE: &str = "flink-standalone-kubernetes";

/// `$(_POD_IP_ADDRESS)`: the JobManager's address with HA (the variable Flink's
/// `InitJobManagerDecorator` sets).
const POD_IP: &str = "$(_POD_IP_ADDRESS)";

/// The objects of a standalone cluster, in the order the operator creates them: the
/// JobManager Deployment, its Services and ConfigMaps, the TaskManager Deployment, the Ingress.
pub fn render(ctx: &NativeCluster) -> Vec<Object> {
    let jm = NativeCluster {
        internal_service: true,
        task_manager_template: None,
        ..ctx.clone()
    };
    let mut deployment = jobmanager::deployment(&jm);
    // Standalone user labels go on after the selectors (they may override them).
    let user = option(ctx, "kubernetes.jobmanager.labels");
    deployment.metadata.labels = Some(put_all(&labels::selectors(&ctx.id, "jobmanager"), &user));
    if let Some(pod) = deployment.spec.template.spec.as_mut()
        && let Some(main) = pod
            .containers
            .iter_mut()
            .find(|c| c.name == crate::model::native::pods::MAIN_CONTAINER)
    {
        main.args = Some(job_manager_args(ctx));
        user_lib_mount(ctx, pod, main_index(pod));
    }
    let mut objects: Vec<Object> = vec![deployment.into()];
    objects.extend(services::internal(&jm).map(Object::from));
    objects.push(services::rest(&jm).into());
    objects.push(configmaps::flink_config(&jm).into());
    objects.push(task_manager_deployment(ctx).into());
    objects.extend(ingress::ingress(ctx).map(Object::from));
    for object in &mut objects {
        retype(object);
    }
    objects
}

fn option(ctx: &NativeCluster, key: &str) -> Labels {
    ctx.config
        .entries
        .get(key)
        .map(|v| option_map(v))
        .unwrap_or_default()
}

fn flag(ctx: &NativeCluster, key: &str) -> bool {
    ctx.config
        .entries
        .get(key)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// `CmdStandaloneJobManagerDecorator` (the operator's 1.15.0): a session cluster runs
/// `jobmanager` (with HA, its pod IP as the host); an application cluster `standalone-job`
/// with the main class, `--allowNonRestoredState`, `--fromSavepoint`, with HA `--host`, then
/// the job's arguments.
pub fn job_manager_args(ctx: &NativeCluster) -> Vec<String> {
    let entries = &ctx.config.entries;
    let ha = crate::model::apache::config::ha_activated(entries);
    let application = entries
        .get("kubernetes.internal.cluster-mode")
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("APPLICATION"));
    if !application {
        let mut args = vec!["jobmanager".to_owned()];
        if ha {
            args.push(POD_IP.to_owned());
        }
        return args;
    }
    let mut args = vec!["standalone-job".to_owned()];
    if let Some(main) = entries.get("$internal.application.main") {
        args.extend(["--job-classname".to_owned(), main.clone()]);
    }
    if flag(ctx, "execution.savepoint.ignore-unclaimed-state") {
        args.push("--allowNonRestoredState".to_owned());
    }
    if let Some(path) = entries.get("execution.savepoint.path") {
        args.extend(["--fromSavepoint".to_owned(), path.clone()]);
    }
    if ha {
        args.extend(["--host".to_owned(), POD_IP.to_owned()]);
    }
    args.extend(
        ctx.config
            .lists
            .get("$internal.application.program-args")
            .cloned()
            .unwrap_or_default(),
    );
    args
}

/// The TaskManager Deployment `<id>-taskmanager`: the TaskManager pod as Flink's decorators
/// build it from the template, started by the image's `taskmanager` script (no dynamic
/// properties, no JVM options: the script sizes the process), restarted by the Deployment.
pub fn task_manager_deployment(ctx: &NativeCluster) -> Deployment {
    // The CPU is `kubernetes.taskmanager.cpu.amount`, without the native fallback to the
    // number of slots (docs/deviations.md when it is unset).
    let mut sized = ctx.clone();
    let amount = ctx
        .config
        .entries
        .get("kubernetes.taskmanager.cpu.amount")
        .and_then(|v| crate::memory::java::parse_double(v))
        .filter(|cpu| *cpu > 0.0);
    if let (Some(memory), Some(cpu)) = (sized.task_manager.as_mut(), amount) {
        memory.cpu_cores.value = cpu;
    }
    let ctx = &sized;
    let (mut metadata, mut spec) = pods::task_manager_pod(ctx);
    metadata.name = None;
    metadata.namespace = None;
    spec.restart_policy = None;
    if let Some(main) = spec
        .containers
        .iter_mut()
        .find(|c| c.name == crate::model::native::pods::MAIN_CONTAINER)
    {
        main.args = Some(vec!["taskmanager".to_owned()]);
        if let Some(env) = main.env.as_mut() {
            env.retain(|v| v.name != "FLINK_TM_JVM_MEM_OPTS" && v.name != "_POD_NODE_ID");
        }
        if main.env.as_ref().is_some_and(Vec::is_empty) {
            main.env = None;
        }
    }
    let selectors = labels::selectors(&ctx.id, "taskmanager");
    let object_labels = put_all(&option(ctx, "kubernetes.taskmanager.labels"), &selectors);
    let owners = jobmanager::owner_references(ctx);
    let replicas = ctx
        .config
        .entries
        .get(crate::model::apache::config::TASK_MANAGER_REPLICAS)
        .and_then(|v| v.trim().parse::<i32>().ok())
        .unwrap_or(1);
    Deployment {
        metadata: ObjectMeta {
            name: Some(format!("{}-taskmanager", ctx.id)),
            namespace: ctx.namespace.clone(),
            labels: Some(object_labels),
            owner_references: (!owners.is_empty()).then_some(owners),
            ..ObjectMeta::default()
        },
        spec: DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: Some(selectors),
                ..LabelSelector::default()
            },
            template: PodTemplateSpec {
                metadata: Some(metadata),
                spec: Some(spec),
            },
            ..DeploymentSpec::default()
        },
        ..Deployment::default()
    }
}

/// `type: flink-native-kubernetes` → `type: flink-standalone-kubernetes` in `labels`.
fn retype_labels(labels: Option<&mut BTreeMap<String, String>>) {
    if let Some(value) = labels.and_then(|l| l.get_mut(labels::TYPE.0))
        && value == labels::TYPE.1
    {
        TYPE.clone_into(value);
    }
}

/// Every label and selector of `object` with the standalone `type`.
fn retype(object: &mut Object) {
    match object {
        Object::Deployment(deployment) => {
            retype_labels(deployment.metadata.labels.as_mut());
            let spec = &mut deployment.spec;
            retype_labels(spec.selector.match_labels.as_mut());
            retype_labels(
                spec.template
                    .metadata
                    .as_mut()
                    .and_then(|m| m.labels.as_mut()),
            );
        }
        Object::Service(service) => {
            retype_labels(service.metadata.labels.as_mut());
            retype_labels(service.spec.as_mut().and_then(|s| s.selector.as_mut()));
        }
        Object::ConfigMap(map) => retype_labels(map.metadata.labels.as_mut()),
        _ => {}
    }
}

/// The index of the main container of `pod` (it is there: Flink's decorators put it in).
fn main_index(pod: &k8s_openapi::api::core::v1::PodSpec) -> usize {
    pod.containers
        .iter()
        .position(|c| c.name == crate::model::native::pods::MAIN_CONTAINER)
        .unwrap_or_default()
}

/// The JobManager's `usrlib` directory (`UserLibMountDecorator`): an application cluster with
/// `pipeline.classpaths` and no mount under `/opt/flink/usrlib` gets an `emptyDir`
/// `user-lib-dir` there.
fn user_lib_mount(ctx: &NativeCluster, pod: &mut k8s_openapi::api::core::v1::PodSpec, main: usize) {
    const DIR: &str = "/opt/flink/usrlib";
    let application = ctx
        .config
        .entries
        .get("kubernetes.internal.cluster-mode")
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("APPLICATION"));
    let classpaths = ctx.config.entries.contains_key("pipeline.classpaths");
    let Some(container) = pod.containers.get_mut(main) else {
        return;
    };
    let mounted = container
        .volume_mounts
        .iter()
        .flatten()
        .any(|m| m.mount_path.starts_with(DIR));
    if !application || !classpaths || mounted {
        return;
    }
    container.volume_mounts.get_or_insert_with(Vec::new).push(
        k8s_openapi::api::core::v1::VolumeMount {
            name: "user-lib-dir".to_owned(),
            mount_path: DIR.to_owned(),
            ..Default::default()
        },
    );
    pod.volumes
        .get_or_insert_with(Vec::new)
        .push(k8s_openapi::api::core::v1::Volume {
            name: "user-lib-dir".to_owned(),
            empty_dir: Some(Default::default()),
            ..Default::default()
        });
}
