//! The ConfigMaps Flink's client creates next to the JobManager Deployment:
//! `flink-config-<id>` (`FlinkConfMountDecorator`: log configuration and the Flink
//! configuration file) and `pod-template-<id>` (`PodTemplateMountDecorator`: the TaskManager
//! pod template the ResourceManager builds every TaskManager pod from).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::pods;
use crate::model::native::cluster::{NativeCluster, TemplateFile};
use crate::model::native::labels;
use crate::model::native::pods::POD_TEMPLATE_FILE;

/// `flink-config-<id>`.
pub fn flink_config_name(cluster_id: &str) -> String {
    format!("flink-config-{cluster_id}")
}

/// `pod-template-<id>`.
pub fn pod_template_name(cluster_id: &str) -> String {
    format!("pod-template-{cluster_id}")
}

fn metadata(ctx: &NativeCluster, name: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace: ctx.namespace.clone(),
        labels: Some(labels::common(&ctx.id)),
        ..ObjectMeta::default()
    }
}

/// `flink-config-<id>`: the log files and the Flink configuration file.
pub fn flink_config(ctx: &NativeCluster) -> ConfigMap {
    let mut data: BTreeMap<String, String> = ctx.log_files.clone();
    data.insert(ctx.config_file.to_owned(), ctx.config_text.clone());
    ConfigMap {
        metadata: metadata(ctx, flink_config_name(&ctx.id)),
        data: Some(data),
        ..ConfigMap::default()
    }
}

/// The TaskManager pod template as a Pod (what `taskmanager-pod-template.yaml` holds).
pub fn task_manager_template_pod(ctx: &NativeCluster) -> Pod {
    let template = pods::task_manager_template(ctx);
    // Flink replaces the name; the file has one, as the examples in Flink's documentation do,
    // so that it is a valid Pod on its own.
    let mut metadata = template.metadata.clone();
    metadata.name = Some("taskmanager-pod-template".to_owned());
    Pod {
        metadata,
        spec: Some(pods::template_pod_spec(&template)),
        ..Pod::default()
    }
}

/// `pod-template-<id>`: the TaskManager pod template, as YAML; `None` without one.
pub fn pod_template(ctx: &NativeCluster) -> Option<ConfigMap> {
    ctx.task_manager_template.as_ref()?;
    let pod = task_manager_template_pod(ctx);
    // k8s-openapi types always serialize.
    let text = match ctx.template_file {
        TemplateFile::Pod => crate::yaml::to_yaml(&pod),
        TemplateFile::TemplateSpec => {
            let mut metadata = pod.metadata;
            metadata.name = None;
            crate::yaml::to_yaml(&k8s_openapi::api::core::v1::PodTemplateSpec {
                metadata: Some(metadata),
                spec: pod.spec,
            })
        }
    }
    .unwrap_or_default();
    Some(ConfigMap {
        metadata: metadata(ctx, pod_template_name(&ctx.id)),
        data: Some(BTreeMap::from([(POD_TEMPLATE_FILE.to_owned(), text)])),
        ..ConfigMap::default()
    })
}
