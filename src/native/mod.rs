//! `--target native`: a FlinkCluster rendered the way Flink's native Kubernetes integration
//! deploys it (flink-native-spec.md §2), session mode for a session cluster, application mode
//! for a job cluster. docs/native.md maps every spec field.
//!
//! The objects, as `kubernetes-session.sh` / `flink run-application` would create them:
//! the JobManager Deployment `<id>` ([`jobmanager`]), the rest Service `<id>-rest` and, without
//! HA, the internal Service `<id>` ([`services`]), `flink-config-<id>` and
//! `pod-template-<id>` ([`configmaps`]), plus the RBAC the JobManager needs to start
//! TaskManager pods ([`rbac`]). TaskManager pods are not rendered: Flink's ResourceManager
//! creates them itself, from the pod template; [`task_manager_preview`] shows the first one
//! (for `flink-render explain taskmanager-pod`, never in a manifest stream).
//!
//! No object has an ownerReference: Flink points them at the live Deployment's uid, which an
//! offline renderer cannot know, and a reference to a missing owner gets the object
//! garbage-collected. Rendering cannot fail: validation refused what this target cannot
//! express (validate/native.rs).

pub mod configmaps;
pub mod ingress;
pub mod jobmanager;
pub mod pdb;
pub mod pods;
pub mod rbac;
pub mod services;
pub mod standalone;

use k8s_openapi::api::core::v1::Pod;

use crate::model::Valid;
use crate::model::native::cluster::NativeCluster;
use crate::model::native::config;
use crate::model::native::features::{self, Features};
use crate::object::Object;
use crate::options::Settings;

/// What the native target renders a validated FlinkCluster from.
pub fn cluster_of(valid: &Valid) -> NativeCluster {
    let model = valid.model();
    crate::model::native::flink_cluster::native_cluster(model, model.native_parts())
}

/// The native objects of `valid`, in the order Flink's client creates them (RBAC first, which
/// the client expects to exist): ServiceAccount, Role, RoleBinding, Deployment, Services,
/// ConfigMaps. The order stage sorts them for output.
pub fn render(valid: &Valid) -> Vec<Object> {
    render_cluster(&cluster_of(valid))
}

/// The native objects of `ctx`, whatever resource it comes from (a FlinkCluster, a
/// FlinkDeployment in native mode), in the order Flink's client creates them.
pub fn render_cluster(ctx: &NativeCluster) -> Vec<Object> {
    let mut objects = rbac::objects(ctx);
    objects.push(jobmanager::deployment(ctx).into());
    objects.extend(services::internal(ctx).map(Object::from));
    objects.push(services::rest(ctx).into());
    objects.push(configmaps::flink_config(ctx).into());
    objects.extend(configmaps::pod_template(ctx).map(Object::from));
    objects.extend(ingress::ingress(ctx).map(Object::from));
    objects.extend(pdb::pod_disruption_budget(ctx).map(Object::from));
    objects
}

/// The comment `flink-render explain taskmanager-pod` prints above each preview.
pub const PREVIEW_NOTE: &str = "\
# Preview: the first TaskManager pod Flink's ResourceManager creates for this cluster
# (--target native). Do not apply it: Flink creates, owns and deletes these pods itself, and a
# pod of this name created by anything else would collide with Flink's (docs/native.md).
# Not shown: the ownerReference to the live JobManager Deployment, and the -D properties the
# running JobManager adds to the arguments.
";

/// The first TaskManager pod Flink's ResourceManager would create for `valid`
/// (`<id>-taskmanager-1-1`), without the ownerReference to the live Deployment and without the
/// dynamic properties only the running JobManager knows (docs/native.md).
pub fn task_manager_preview(valid: &Valid) -> Pod {
    task_manager_pod_of(&cluster_of(valid))
}

/// The first TaskManager pod the JobManager of `ctx` would create, built by the JobManager's
/// own Flink (its features).
pub fn task_manager_pod_of(ctx: &NativeCluster) -> Pod {
    let ctx = NativeCluster {
        features: ctx.task_manager_features,
        ..ctx.clone()
    };
    let (metadata, spec) = pods::task_manager_pod(&ctx);
    Pod {
        metadata,
        spec: Some(spec),
        ..Pod::default()
    }
}

/// The JobManager pod before Flink's decorators, as a pod template file for Flink's client
/// would hold it (`kubernetes.pod-template-file.jobmanager`): the spec's pod-level settings,
/// the main container `flink-main-container` first. Flink's `KubernetesJobManagerFactory`
/// decorates this into the Deployment's pod; the tests hand it to Flink to compare.
pub fn job_manager_template_pod(valid: &Valid) -> Pod {
    job_manager_template_pod_of(&cluster_of(valid))
}

/// The JobManager pod of `ctx` before Flink's decorators (see [`job_manager_template_pod`]).
pub fn job_manager_template_pod_of(ctx: &NativeCluster) -> Pod {
    let template = pods::job_manager_template(ctx);
    Pod {
        metadata: template.metadata.clone(),
        spec: Some(pods::template_pod_spec(&template)),
        ..Pod::default()
    }
}

/// The name and text of the Flink configuration file `flink-config-<id>` holds for the
/// defaulted `cluster` under `settings`, whatever validation says of the cluster: the tests
/// give it to Flink's client to learn whether Flink refuses what flink-render refuses.
pub fn configuration_file(
    cluster: &crate::spec::FlinkCluster,
    settings: &Settings,
) -> (&'static str, String) {
    let spec = &cluster.spec;
    let name = cluster.metadata.name.as_deref().unwrap_or_default();
    let namespace = settings.namespace.as_deref();
    let ha = crate::ha::resolve(
        spec,
        name,
        namespace,
        &mut crate::diagnostics::Diagnostics::new(),
    );
    let features = Features::of(&spec.flink_version).unwrap_or(Features {
        version: features::OLDEST,
    });
    let config = config::configuration(spec, name, namespace, ha.as_ref(), settings);
    (features.config_file(), config.file_text(&features))
}

/// The violations of Pod Security Standards `level` in the TaskManager pods Flink would create
/// (outside the rendered manifests, so the check on the objects does not see them): the field
/// of the FlinkCluster to change, and the message.
pub fn task_manager_pod_security(
    valid: &Valid,
    level: crate::options::PodSecurityLevel,
) -> Vec<(crate::path::FieldPath, String)> {
    task_manager_pod_security_of(&cluster_of(valid), valid.settings(), level)
}

/// [`task_manager_pod_security`] of `ctx` under `settings`: the field is the FlinkCluster's
/// `spec.taskManager` (or its security context).
pub fn task_manager_pod_security_of(
    ctx: &NativeCluster,
    settings: &Settings,
    level: crate::options::PodSecurityLevel,
) -> Vec<(crate::path::FieldPath, String)> {
    use crate::path::FieldPath;
    let preview = task_manager_pod_of(ctx);
    let template = k8s_openapi::api::core::v1::PodTemplateSpec {
        metadata: Some(preview.metadata.clone()),
        spec: preview.spec.clone(),
    };
    let kube_version = settings.kube_version;
    crate::security::pod_security::check_pod(&template, level, &FieldPath::fields("spec"))
        .into_iter()
        .map(|(path, message)| {
            let field = if message.contains("(pod or container") || path.to_string().starts_with("spec.securityContext") {
                FieldPath::fields("spec.taskManager.securityContext")
            } else {
                FieldPath::fields("spec.taskManager")
            };
            let hint = if message.contains("must set") {
                "; --harden sets it"
            } else {
                ""
            };
            (
                field,
                format!(
                    "the TaskManager pods Flink creates from {} would violate PodSecurity \"{}:v{kube_version}\": {message} (at Pod {}){hint}",
                    configmaps::pod_template_name(&ctx.id),
                    level.as_str(),
                    path
                ),
            )
        })
        .collect()
}
