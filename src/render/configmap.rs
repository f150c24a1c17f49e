//! The cluster's ConfigMap `<name>-configmap`: Flink configuration, log configuration and the
//! submit script, mounted at `/opt/flink/conf` in every Flink pod.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;

use super::Context;
use crate::model::{config, names};
use crate::templates;

/// The Flink configuration entries, in key order (the model's effective configuration).
pub fn flink_properties<'a>(ctx: &Context<'a>) -> &'a BTreeMap<String, String> {
    ctx.model.configuration().values()
}

/// The ConfigMap.
pub fn config_map(ctx: &Context<'_>) -> ConfigMap {
    let mut data: BTreeMap<String, String> = ctx.spec.log_config.clone().unwrap_or_default();
    let log4j = templates::text(config::default_log4j(&ctx.spec.flink_version));
    data.entry("log4j-console.properties".to_owned())
        .or_insert_with(|| log4j.clone());
    data.entry("log4j-cli.properties".to_owned())
        .or_insert(log4j);
    data.entry("logback-console.xml".to_owned())
        .or_insert_with(|| templates::text(templates::LOGBACK_CONSOLE));
    data.insert(
        config::file_name(&ctx.spec.flink_version).to_owned(),
        config::text(flink_properties(ctx), &ctx.spec.flink_version),
    );
    data.insert(
        names::SUBMIT_SCRIPT_KEY.to_owned(),
        templates::text(templates::SUBMIT_JOB),
    );
    if ctx.settings.barrier.is_some() {
        data.insert(
            names::barrier::SCRIPT_KEY.to_owned(),
            templates::text(templates::BARRIER),
        );
    }
    ConfigMap {
        metadata: ctx.metadata(names::config_map(ctx.name), ctx.cluster_labels()),
        data: Some(data),
        ..ConfigMap::default()
    }
}
