//! The JobManager's Services: the internal headless Service `<id>` TaskManagers reach the
//! JobManager's RPC and blob ports through (`InternalServiceDecorator`, only without HA, where
//! the leader is found through the HA ConfigMaps instead), and the rest Service `<id>-rest`
//! (`ExternalServiceDecorator`), typed by `jobManager.accessScope`.

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::pods::int_option;
use crate::model::native::cluster::NativeCluster;
use crate::model::native::labels::{self, option_map, put_all};

fn port(name: &str, number: i32, target: Option<i32>) -> ServicePort {
    ServicePort {
        name: Some(name.to_owned()),
        port: number,
        target_port: target.map(IntOrString::Int),
        ..ServicePort::default()
    }
}

fn annotations(ctx: &NativeCluster, key: &str) -> crate::model::labels::Labels {
    ctx.config
        .entries
        .get(key)
        .map(|v| option_map(v))
        .unwrap_or_default()
}

/// `<id>`: headless, the JobManager's RPC and blob ports; `None` with Kubernetes HA.
pub fn internal(ctx: &NativeCluster) -> Option<Service> {
    if !ctx.internal_service {
        return None;
    }
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
                port(
                    "jobmanager-rpc",
                    int_option(ctx, "jobmanager.rpc.port", 6123),
                    None,
                ),
                port(
                    "blobserver",
                    int_option(ctx, "blob.server.port", 6124),
                    None,
                ),
            ]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    })
}

/// The port the JobManager's REST endpoint listens on: `rest.bind-port`, which falls back to
/// `rest.port`.
pub fn rest_bind_port(ctx: &NativeCluster) -> i32 {
    ctx.config
        .entries
        .get(crate::model::native::config::REST_BIND_PORT.0)
        .and_then(|v| crate::model::native::config::parse_port(v.trim()))
        .unwrap_or_else(|| int_option(ctx, "rest.port", 8081))
}

pub use crate::model::native::flink_cluster::rest_name;

/// `<id>-rest`: the web UI and REST API.
pub fn rest(ctx: &NativeCluster) -> Service {
    // A FlinkCluster's Service annotations are in the option (model::native::config).
    let annotations = annotations(ctx, crate::model::native::config::REST_SERVICE_ANNOTATIONS);
    let labels = put_all(&ctx.rest_service_labels, &labels::common(&ctx.id));
    let bind_port = rest_bind_port(ctx);
    let (service_type, cluster_ip) = match exposed_type(ctx).as_str() {
        "Headless_ClusterIP" => ("ClusterIP".to_owned(), Some("None".to_owned())),
        other => (other.to_owned(), None),
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
            type_: Some(service_type),
            cluster_ip,
            selector: Some(labels::selectors(&ctx.id, "jobmanager")),
            ports: Some(vec![port(
                "rest",
                int_option(ctx, "rest.port", 8081),
                Some(bind_port),
            )]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    }
}

/// `kubernetes.rest-service.exposed.type` as Flink reads the enumeration (in any case), or
/// `ClusterIP`, its default.
pub fn exposed_type(ctx: &NativeCluster) -> String {
    let value = ctx
        .config
        .entries
        .get("kubernetes.rest-service.exposed.type")
        .map(|v| crate::memory::java::trim(v))
        .unwrap_or("ClusterIP");
    [
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
        "Headless_ClusterIP",
    ]
    .into_iter()
    .find(|t| t.eq_ignore_ascii_case(value))
    .unwrap_or(value)
    .to_owned()
}
