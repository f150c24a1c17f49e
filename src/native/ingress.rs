//! The Ingress `<id>` to the web UI, when the resource asks for one: what the Apache Flink
//! Kubernetes Operator creates for its natively deployed clusters (`IngressUtils`), one rule
//! whose path leads to the rest Service `<id>-rest` at `rest.port`, as the model plans it
//! ([`crate::model::native::cluster::IngressPlan`]).

use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::model::native::cluster::NativeCluster;

/// The Ingress, or `None` without one.
pub fn ingress(ctx: &NativeCluster) -> Option<Ingress> {
    let plan = ctx.ingress.as_ref()?;
    Some(Ingress {
        metadata: ObjectMeta {
            name: Some(ctx.id.clone()),
            namespace: ctx.namespace.clone(),
            labels: Some(plan.labels.clone()),
            annotations: plan.annotations.clone(),
            owner_references: plan.owner_references.clone(),
            ..ObjectMeta::default()
        },
        spec: Some(plan.spec.clone()),
        ..Ingress::default()
    })
}
