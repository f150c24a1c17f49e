//! The ConfigMaps Flink's client creates next to the JobManager Deployment:
//! `flink-config-<id>` (`FlinkConfMountDecorator`: log configuration and the Flink
//! configuration file) and `pod-template-<id>` (`PodTemplateMountDecorator`: the TaskManager
//! pod template the ResourceManager builds every TaskManager pod from).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::NativeContext;
use super::pods;
use crate::model::native::labels;
use crate::model::native::pods::{LOG_FILES, POD_TEMPLATE_FILE};
use crate::templates;

/// `flink-config-<id>`.
pub fn flink_config_name(cluster_id: &str) -> String {
    format!("flink-config-{cluster_id}")
}

/// `pod-template-<id>`.
pub fn pod_template_name(cluster_id: &str) -> String {
    format!("pod-template-{cluster_id}")
}

fn metadata(ctx: &NativeContext<'_>, name: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace: ctx.namespace.clone(),
        labels: Some(labels::common(&ctx.id)),
        ..ObjectMeta::default()
    }
}

/// The default text of a log file Flink mounts: the operator's logback configuration, and a
/// log4j 2 console configuration (Flink 1.11 and later read log4j 2, where the operator's
/// default is log4j 1 syntax).
fn default_log_file(name: &str) -> String {
    match name {
        "log4j-console.properties" => templates::text(templates::NATIVE_LOG4J_CONSOLE),
        _ => templates::text(templates::LOGBACK_CONSOLE),
    }
}

/// `flink-config-<id>`: the log files (`spec.logConfig`'s, else defaults) and the Flink
/// configuration file.
pub fn flink_config(ctx: &NativeContext<'_>) -> ConfigMap {
    let user = ctx.spec.log_config.clone().unwrap_or_default();
    let mut data: BTreeMap<String, String> = LOG_FILES
        .iter()
        .map(|file| {
            let text = user
                .get(*file)
                .cloned()
                .unwrap_or_else(|| default_log_file(file));
            ((*file).to_owned(), text)
        })
        .collect();
    data.insert(
        ctx.features.config_file().to_owned(),
        ctx.config.file_text(&ctx.features),
    );
    ConfigMap {
        metadata: metadata(ctx, flink_config_name(&ctx.id)),
        data: Some(data),
        ..ConfigMap::default()
    }
}

/// The TaskManager pod template as a Pod (what `taskmanager-pod-template.yaml` holds).
pub fn task_manager_template_pod(ctx: &NativeContext<'_>) -> Pod {
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

/// `pod-template-<id>`: the TaskManager pod template, as YAML.
pub fn pod_template(ctx: &NativeContext<'_>) -> ConfigMap {
    // A Pod of k8s-openapi types always serializes.
    let text = crate::yaml::to_yaml(&task_manager_template_pod(ctx)).unwrap_or_default();
    ConfigMap {
        metadata: metadata(ctx, pod_template_name(&ctx.id)),
        data: Some(BTreeMap::from([(POD_TEMPLATE_FILE.to_owned(), text)])),
        ..ConfigMap::default()
    }
}
