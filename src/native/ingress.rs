//! The Ingress `<id>` to the web UI, when `jobManager.ingress` is set: what the Apache Flink
//! Kubernetes Operator creates for its natively deployed clusters (`IngressUtils`), one rule
//! whose path leads to the rest Service `<id>-rest` at `rest.port`. The FlinkCluster's
//! `hostFormat` (with `{{$clusterName}}` put in, as for the operator target) is the rule's
//! host; `useTls` and `tlsSecretName` its TLS section; `annotations` its annotations.

use k8s_openapi::api::networking::v1::{Ingress, ServiceBackendPort};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::NativeContext;
use crate::model::native::labels;
use crate::object::ingress::{self, IngressRoute};

/// The Ingress, or `None` without `jobManager.ingress`.
pub fn ingress(ctx: &NativeContext<'_>) -> Option<Ingress> {
    let jm = ctx.spec.job_manager();
    let spec = jm.ingress.as_ref()?;
    // The Apache operator's labels: the Ingress's own plus `component: ingress`; here with the
    // labels every native object of the cluster carries.
    let mut object_labels = labels::common(&ctx.id);
    object_labels.insert("component".to_owned(), "ingress".to_owned());
    let route = IngressRoute {
        path: None,
        path_type: "ImplementationSpecific",
        service: super::services::rest_name(&ctx.id),
        port: ServiceBackendPort {
            number: Some(jm.port_numbers().ui),
            ..ServiceBackendPort::default()
        },
    };
    Some(Ingress {
        metadata: ObjectMeta {
            name: Some(ctx.id.clone()),
            namespace: ctx.namespace.clone(),
            labels: Some(object_labels),
            annotations: spec.annotations.clone().filter(|a| !a.is_empty()),
            ..ObjectMeta::default()
        },
        spec: Some(ingress::spec(spec, ctx.name, route)),
        ..Ingress::default()
    })
}
