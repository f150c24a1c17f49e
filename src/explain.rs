//! `flink-render explain ha`: what Flink's Kubernetes HA services of a cluster will do at run
//! time, in words: the settings flink-render writes, the ConfigMaps Flink creates, reads and
//! writes (per-job ones included), where state lands under the storage directory, and the
//! permissions its pods are granted. Everything comes from the same functions the renderer
//! uses, so the explanation cannot drift from the manifests.
//!
//! [`memory`] is `flink-render explain memory`: Flink's memory model of the JobManager and the
//! TaskManagers, part by part. [`config`] is `flink-render explain config`: the effective Flink
//! configuration, key by key, with origins, types and defaults.

pub mod config;
pub mod memory;

use std::fmt::Write;

use crate::ha;
use crate::model::Valid;
use crate::model::names;
use crate::render::{Context, configmap, job, rbac};

/// The option that fixes an application-mode job's id (`$internal.pipeline.job-id`).
const PIPELINE_FIXED_JOB_ID_KEY: &str = "$internal.pipeline.job-id";

/// The explanation for one valid cluster (a paragraph saying so when HA is off).
pub fn ha(valid: &Valid) -> String {
    let ctx = Context::new(valid);
    let who = match &ctx.settings.namespace {
        Some(namespace) => format!("FlinkCluster {namespace}/{}", ctx.name),
        None => format!("FlinkCluster {}", ctx.name),
    };
    let Some(ha) = &ctx.ha else {
        return format!(
            "{who}: Kubernetes HA is off (set spec.flinkProperties[{}] to \"kubernetes\" to turn it on).\n",
            ha::MODE_KEY
        );
    };
    let job_id = match ctx.settings.target {
        crate::options::Target::Operator => ctx
            .spec
            .is_application_mode()
            .then(|| job::application_job_id(&ctx)),
        // Natively every job cluster runs in application mode; under HA Flink fixes the
        // job id itself unless the configuration does.
        crate::options::Target::Native => ctx.spec.job.is_some().then(|| {
            configmap::flink_properties(&ctx)
                .get(PIPELINE_FIXED_JOB_ID_KEY)
                .map(|id| id.trim().to_owned())
                .unwrap_or_else(|| {
                    crate::model::native::config::flink_ha_job_id(ha.version, &ha.ha_cluster_id)
                })
        }),
    };
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{who}: Kubernetes HA (Flink {}.{})",
        ha.version.0, ha.version.1
    );

    let _ = writeln!(
        text,
        "\nFlink configuration ({}):",
        crate::model::config::file_name(&ctx.spec.flink_version)
    );
    let props = configmap::flink_properties(&ctx);
    let mut keys = vec![
        ha.mode_key(),
        ha::CLUSTER_ID_KEY,
        ha::HA_CLUSTER_ID_KEY,
        ha::NAMESPACE_KEY,
        ha::JOB_MANAGER_PORT_KEY,
    ];
    keys.extend(ha::STORAGE_DIR_KEYS);
    keys.extend([ha::USE_OLD_HA_SERVICES_KEY, ha::JOB_RESULT_STORE_KEY]);
    for key in keys {
        if let Some(value) = props.get(key) {
            let _ = writeln!(text, "  {key}: {value}");
        }
    }

    let _ = writeln!(
        text,
        "\nConfigMaps Flink creates, reads and writes at run time (namespace {}):",
        ha.namespace
    );
    for map in ha.config_maps(job_id.as_deref()) {
        let _ = writeln!(text, "  {}\n      {}", map.name, map.holds);
    }
    let labels: Vec<String> = ha
        .labels()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let _ = writeln!(text, "  labels: {}", labels.join(", "));
    let _ = writeln!(
        text,
        "  flink-render does not render them: a ConfigMap that exists without Flink's leader annotation blocks leader election, and no Helm uninstall or GitOps prune deletes what it did not create, so the HA metadata outlives the cluster's objects (docs/high-availability.md)."
    );

    let _ = writeln!(text, "\nState under the storage directory:");
    for (path, what) in ha.storage_layout(job_id.as_deref()) {
        let _ = writeln!(text, "  {path}\n      {what}");
    }

    let account = rbac::service_account(&ctx).unwrap_or_default();
    let _ = writeln!(
        text,
        "\nPermissions of ServiceAccount {account} (namespace {}), used by every Flink pod:",
        ha.namespace
    );
    let role = match ctx.settings.target {
        crate::options::Target::Operator => names::ha_role(ctx.name),
        // Natively one Role holds the HA verbs next to the ResourceManager's.
        crate::options::Target::Native => crate::model::native::role_name(ctx.name),
    };
    let _ = writeln!(
        text,
        "  Role {role}: configmaps: {}",
        ha.config_map_verbs().join(", ")
    );
    if ctx.settings.barrier.is_some() {
        let _ = writeln!(
            text,
            "  Role {}: pods: get, list (barrier init containers)",
            names::barrier_role(ctx.name)
        );
    }
    text
}
