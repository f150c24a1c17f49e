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

    sections(
        &mut text,
        ha,
        job_id.as_deref(),
        (
            crate::model::config::file_name(&ctx.spec.flink_version),
            configmap::flink_properties(&ctx),
        ),
        &[ha.mode_key()],
        "flink-render does not render them: a ConfigMap that exists without Flink's leader annotation blocks leader election, and no Helm uninstall or GitOps prune deletes what it did not create, so the HA metadata outlives the cluster's objects (docs/high-availability.md).",
    );

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

/// The explanation for one valid FlinkDeployment (the Apache operator's): the same sections as
/// for a FlinkCluster, from the configuration the operator writes (`high-availability.type`,
/// or its older keys, turns HA on). The ServiceAccount's Role is the operator's Helm chart's
/// (its `jobServiceAccount`), not the resource's, so the verbs Flink needs are listed for it.
pub fn ha_deployment(valid: &crate::model::apache::ValidDeployment) -> String {
    let model = valid.model();
    let conf = &model.reads().written;
    let namespace = model.settings().namespace.clone().unwrap_or_default();
    let who = format!("FlinkDeployment {namespace}/{}", model.name());
    if !crate::model::apache::config::ha_activated(conf) {
        return format!(
            "{who}: Kubernetes HA is off (set spec.flinkConfiguration[{}] to \"kubernetes\" to turn it on).\n",
            ha::MODE_KEY
        );
    }
    let version_text = model.flink_version_text();
    let mut numbers = version_text
        .split('.')
        .map(|n| n.parse::<u64>().unwrap_or(0));
    let version = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    let get = |key: &str| conf.get(key).map(|v| v.trim().to_owned());
    let cluster_id = get(ha::CLUSTER_ID_KEY).unwrap_or_else(|| model.name().to_owned());
    let old_services = version == (1, 15)
        && get(ha::USE_OLD_HA_SERVICES_KEY).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let state = ha::KubernetesHa {
        version,
        ha_cluster_id: get(ha::HA_CLUSTER_ID_KEY).unwrap_or_else(|| cluster_id.clone()),
        cluster_id,
        storage_dir: ha::STORAGE_DIR_KEYS
            .iter()
            .find_map(|key| get(key))
            .unwrap_or_default(),
        namespace: get(ha::NAMESPACE_KEY).unwrap_or(namespace),
        layout: if version < (1, 15) || old_services {
            ha::Layout::PerComponent
        } else {
            ha::Layout::ClusterConfigMap
        },
        job_result_store: get(ha::JOB_RESULT_STORE_KEY),
    };
    let job_id = model
        .spec()
        .job
        .as_ref()
        .and_then(|_| get(PIPELINE_FIXED_JOB_ID_KEY));
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{who}: Kubernetes HA (Flink {}.{})",
        version.0, version.1
    );
    sections(
        &mut text,
        &state,
        job_id.as_deref(),
        (model.format().file_name(), conf),
        &[ha::MODE_KEY, ha::MODE_KEY_LEGACY],
        "Neither flink-render nor the operator creates them; the operator reads them to find the job's latest checkpoint (last-state upgrades).",
    );
    let account = model.spec().service_account.clone().unwrap_or_default();
    let _ = writeln!(
        text,
        "\nPermissions of ServiceAccount {account} (namespace {}), used by every Flink pod:",
        state.namespace
    );
    let _ = writeln!(
        text,
        "  configmaps: {} (the operator's Helm chart grants them to its jobServiceAccount's Role)",
        state.config_map_verbs().join(", ")
    );
    text
}

/// The sections both kinds share: the HA keys of the configuration file (`file`: its name and
/// entries; the mode under `mode_keys`), the ConfigMaps Flink keeps (then `not_rendered`, who
/// makes them) and the state under the storage directory.
fn sections(
    text: &mut String,
    ha: &ha::KubernetesHa,
    job_id: Option<&str>,
    (file_name, conf): (&str, &std::collections::BTreeMap<String, String>),
    mode_keys: &[&'static str],
    not_rendered: &str,
) {
    let _ = writeln!(text, "\nFlink configuration ({file_name}):");
    let mut keys = mode_keys.to_vec();
    keys.extend([
        ha::CLUSTER_ID_KEY,
        ha::HA_CLUSTER_ID_KEY,
        ha::NAMESPACE_KEY,
        ha::JOB_MANAGER_PORT_KEY,
    ]);
    keys.extend(ha::STORAGE_DIR_KEYS);
    keys.extend([ha::USE_OLD_HA_SERVICES_KEY, ha::JOB_RESULT_STORE_KEY]);
    for key in keys {
        if let Some(value) = conf.get(key) {
            let _ = writeln!(text, "  {key}: {value}");
        }
    }

    let _ = writeln!(
        text,
        "\nConfigMaps Flink creates, reads and writes at run time (namespace {}):",
        ha.namespace
    );
    for map in ha.config_maps(job_id) {
        let _ = writeln!(text, "  {}\n      {}", map.name, map.holds);
    }
    let labels: Vec<String> = ha
        .labels()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let _ = writeln!(text, "  labels: {}", labels.join(", "));
    let _ = writeln!(text, "  {not_rendered}");

    let _ = writeln!(text, "\nState under the storage directory:");
    for (path, what) in ha.storage_layout(job_id) {
        let _ = writeln!(text, "  {path}\n      {what}");
    }
}
