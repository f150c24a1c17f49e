//! The JobManager's Services: the internal headless Service `<id>` TaskManagers reach the
//! JobManager's RPC and blob ports through (`InternalServiceDecorator`, only without HA, where
//! the leader is found through the HA ConfigMaps instead), and the rest Service `<id>-rest`
//! (`ExternalServiceDecorator`), typed by `jobManager.accessScope`.

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::NativeContext;
use crate::model::native::config::exposed_type;
use crate::model::native::labels::{self, option_map, put_all};

fn port(name: &str, number: i32, target: Option<i32>) -> ServicePort {
    ServicePort {
        name: Some(name.to_owned()),
        port: number,
        target_port: target.map(IntOrString::Int),
        ..ServicePort::default()
    }
}

fn annotations(ctx: &NativeContext<'_>, key: &str) -> crate::model::labels::Labels {
    ctx.config
        .entries
        .get(key)
        .map(|v| option_map(v))
        .unwrap_or_default()
}

/// `<id>`: headless, the JobManager's RPC and blob ports; `None` with Kubernetes HA.
pub fn internal(ctx: &NativeContext<'_>) -> Option<Service> {
    if ctx.ha.is_some() {
        return None;
    }
    let ports = ctx.spec.job_manager().port_numbers();
    let annotations = if ctx.features.internal_service_annotations() {
        annotations(ctx, "kubernetes.internal-service.annotations")
    } else {
        Default::default()
    };
    Some(Service {
        metadata: ObjectMeta {
            name: Some(ctx.id.clone()),
            namespace: ctx.namespace.clone(),
            labels: Some(labels::common(&ctx.id)),
            annotations: (!annotations.is_empty()).then_some(annotations),
            ..ObjectMeta::default()
        },
        spec: Some(ServiceSpec {
            cluster_ip: Some("None".to_owned()),
            selector: Some(labels::selectors(&ctx.id, "jobmanager")),
            ports: Some(vec![
                port("jobmanager-rpc", ports.rpc, None),
                port("blobserver", ports.blob, None),
            ]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    })
}

/// The port the JobManager's REST endpoint listens on: `rest.bind-port`, which falls back to
/// `rest.port`.
pub fn rest_bind_port(ctx: &NativeContext<'_>) -> i32 {
    ctx.config
        .entries
        .get(crate::model::native::config::REST_BIND_PORT.0)
        .and_then(|v| crate::model::native::config::parse_port(v.trim()))
        .unwrap_or_else(|| ctx.spec.job_manager().port_numbers().ui)
}

/// The rest Service's name, `<id>-rest`.
pub fn rest_name(cluster_id: &str) -> String {
    format!("{cluster_id}-rest")
}

/// `<id>-rest`: the web UI and REST API.
pub fn rest(ctx: &NativeContext<'_>) -> Service {
    let jm = ctx.spec.job_manager();
    let ports = jm.port_numbers();
    let scope = jm.scope();
    // The spec's Service annotations are in the option (model::native::config).
    let annotations = annotations(ctx, crate::model::native::config::REST_SERVICE_ANNOTATIONS);
    let labels = put_all(
        &jm.service_labels.clone().unwrap_or_default(),
        &labels::common(&ctx.id),
    );
    let bind_port = rest_bind_port(ctx);
    let (service_type, cluster_ip) = match exposed_type(scope) {
        "Headless_ClusterIP" => ("ClusterIP", Some("None".to_owned())),
        other => (other, None),
    };
    Service {
        metadata: ObjectMeta {
            name: Some(rest_name(&ctx.id)),
            namespace: ctx.namespace.clone(),
            labels: Some(labels),
            annotations: (!annotations.is_empty()).then_some(annotations),
            ..ObjectMeta::default()
        },
        spec: Some(ServiceSpec {
            type_: Some(service_type.to_owned()),
            cluster_ip,
            selector: Some(labels::selectors(&ctx.id, "jobmanager")),
            ports: Some(vec![port("rest", ports.ui, Some(bind_port))]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }
}
