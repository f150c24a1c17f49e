//! Kubernetes HA and standby JobManagers: what [`crate::ha::resolve`] refuses, plus the rules
//! for `jobManager.replicas` and for the `POD_IP` variable an HA JobManager advertises.
//!
//! The operator's CRD caps `jobManager.replicas` at 1; flink-render accepts more as standby
//! JobManagers when Kubernetes HA is on (see docs/deviations.md), and otherwise refuses them
//! with Flink's own message.

use crate::diagnostics::Diagnostics;
use crate::ha::{self, Mode};
use crate::model::Model;
use crate::model::names::POD_IP_ENV;
use crate::options::Target;
use crate::path::FieldPath;
use crate::spec::FlinkCluster;

pub(super) fn validate(model: &Model, out: &mut Diagnostics) {
    let cluster = model.cluster();
    let settings = model.settings();
    let spec = &cluster.spec;
    out.extend(model.ha_problems().clone());
    // resolve has reported any contradiction between the two mode keys already.
    let (mode, _) = ha::mode(spec, &mut Diagnostics::new());
    standby_job_managers(cluster, &mode, settings.target, out);
    // The operator target's JobManager advertises $(POD_IP); Flink's native one reads
    // _POD_IP_ADDRESS, which flink-render sets itself.
    if mode == Mode::Kubernetes && settings.target == Target::Operator {
        pod_ip_kept(cluster, out);
    }
}

/// `jobManager.replicas` above 1 starts standby JobManagers, which need Kubernetes HA.
fn standby_job_managers(
    cluster: &FlinkCluster,
    mode: &Mode,
    target: Target,
    out: &mut Diagnostics,
) {
    let spec = &cluster.spec;
    let replicas = spec.job_manager().replica_count();
    if replicas <= 1 {
        return;
    }
    let path = FieldPath::fields("spec.jobManager.replicas");
    match mode {
        Mode::None => out.error(
            path,
            "High availability should be enabled when starting standby JobManagers.",
        ),
        // Natively, the JobManager is a Deployment in application mode too.
        Mode::Kubernetes if spec.is_application_mode() && target == Target::Operator => out.error(
            path,
            format!(
                "Invalid value: {replicas}: in application mode the JobManager runs as a Kubernetes Job with backoffLimit 0, which fails as a whole when any of its pods fails, so standby JobManagers could never take over"
            ),
        ),
        Mode::Kubernetes => {}
        Mode::ZooKeeper | Mode::Factory(_) => out.error(
            path,
            format!(
                "Invalid value: {replicas}: flink-render starts standby JobManagers only with Kubernetes HA (high-availability.type: kubernetes), where each JobManager advertises its own pod IP"
            ),
        ),
    }
}

/// A user-defined `POD_IP` would replace the pod IP the JobManager advertises.
fn pod_ip_kept(cluster: &FlinkCluster, out: &mut Diagnostics) {
    for (i, var) in cluster.spec.env_vars.iter().flatten().enumerate() {
        let from_pod_ip = var
            .value_from
            .as_ref()
            .and_then(|source| source.field_ref.as_ref())
            .is_some_and(|field| field.field_path == "status.podIP");
        if var.name == POD_IP_ENV && !from_pod_ip {
            out.error(
                FieldPath::fields("spec.envVars").index(i).field("name"),
                format!(
                    "Invalid value: {POD_IP_ENV:?}: with Kubernetes HA the JobManager advertises $({POD_IP_ENV}), which must be its pod IP (valueFrom.fieldRef.fieldPath: status.podIP); rename this variable"
                ),
            );
        }
    }
}
