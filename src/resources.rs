//! Reading compute resources the way the operator does.
//!
//! The operator sizes Flink (memory keys, task slots, Volcano minResources) from a container's
//! limit when it is set and non-zero, else from its request (`UpperBoundedResourceList`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;

use crate::quantity::Quantity;

/// The named resource (`cpu`, `memory`, ...) of `resources`: the limit if set and non-zero,
/// else the request; zero when neither is set or the text is not a quantity.
pub fn upper_bound(resources: Option<&ResourceRequirements>, name: &str) -> Quantity {
    let read = |map: Option<&BTreeMap<String, K8sQuantity>>| {
        map.and_then(|m| m.get(name))
            .and_then(|q| Quantity::parse_trimmed(&q.0).ok())
            .filter(|q| !q.is_zero())
    };
    read(resources.and_then(|r| r.limits.as_ref()))
        .or_else(|| read(resources.and_then(|r| r.requests.as_ref())))
        .unwrap_or_else(|| Quantity::from_decimal_si(0, 0))
}

/// Memory in bytes (rounded up), as `GetResources().Memory().Value()`.
pub fn memory_bytes(resources: Option<&ResourceRequirements>) -> i64 {
    upper_bound(resources, "memory").value()
}

/// CPU in whole cores, rounded up (`500m` → 1), as `GetResources().Cpu().Value()`.
pub fn cpu_cores(resources: Option<&ResourceRequirements>) -> i64 {
    upper_bound(resources, "cpu").value()
}
