//! The JobManager and TaskManager pod templates the operator hands to Flink
//! (`FlinkConfigBuilder.applyPodTemplate`).
//!
//! Each component's template is `spec.podTemplate` with the component's own
//! `podTemplate` merged over it ([`merge`]: a JSON deep merge, objects field by field,
//! arrays item by item by index, or by `name` when
//! `kubernetes.operator.pod-template.merge-arrays-by-name` is on and every item has one),
//! then the component's `resource.ephemeralStorage` put on `flink-main-container` as its
//! request and limit. The JobManager's template also gets a startup probe on the REST
//! endpoint (`kubernetes.operator.jm-deployment.startup.probe.enabled`, on by default), so it
//! always exists; the TaskManagers' exists only when something made one.

use k8s_openapi::api::core::v1::{Container, HTTPGetAction, Pod, PodSpec, Probe};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

/// The name Flink gives its main container.
pub const MAIN_CONTAINER: &str = "flink-main-container";

/// `base` with `over` merged into it (`FlinkUtils.mergePodTemplates`); either alone when the
/// other is missing. `Err` when the merged JSON is no pod template (a field of one type
/// merged over a field of another), with serde's message.
pub fn merge(base: Option<&Pod>, over: Option<&Pod>, by_name: bool) -> Result<Option<Pod>, String> {
    let (base, over) = match (base, over) {
        (None, over) => return Ok(over.cloned()),
        (base, None) => return Ok(base.cloned()),
        (Some(base), Some(over)) => (base, over),
    };
    let mut to = serde_json::to_value(base).map_err(|e| e.to_string())?;
    let from = serde_json::to_value(over).map_err(|e| e.to_string())?;
    merge_into(&mut to, &from, by_name);
    serde_json::from_value(to)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// `mergeInto`: every field of `from` into `to`: arrays into arrays, objects into objects,
/// anything else replaced. A non-object `from` merges nothing.
fn merge_into(to: &mut Value, from: &Value, by_name: bool) {
    let Value::Object(fields) = from else {
        return;
    };
    let Value::Object(target) = to else {
        return;
    };
    for (name, from_child) in fields {
        match (target.get_mut(name), from_child) {
            (Some(Value::Array(to_items)), Value::Array(from_items)) => {
                merge_array(to_items, from_items, by_name);
            }
            (Some(to_child @ Value::Object(_)), _) => merge_into(to_child, from_child, by_name),
            _ => {
                target.insert(name.clone(), from_child.clone());
            }
        }
    }
}

/// `mergeArray`: by name when asked and every item of both has a `name` (a union in the base's
/// order, new names appended), else item by item by index, extra items appended.
fn merge_array(to: &mut Vec<Value>, from: &[Value], by_name: bool) {
    let named = |items: &[Value]| items.iter().all(|i| i.get("name").is_some());
    if by_name && named(to) && named(from) {
        let key = |item: &Value| crate::defaults::apache::as_text(&item["name"]);
        let mut merged: Vec<(String, Value)> = Vec::new();
        for item in to.drain(..) {
            let name = key(&item);
            match merged.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = item,
                None => merged.push((name, item)),
            }
        }
        for item in from {
            let name = key(item);
            match merged.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => merge_into(existing, item, by_name),
                None => merged.push((name, item.clone())),
            }
        }
        to.extend(merged.into_iter().map(|(_, v)| v));
        return;
    }
    for (i, item) in from.iter().enumerate() {
        if to.len() <= i {
            to.push(item.clone());
        }
        if let Some(target) = to.get_mut(i) {
            merge_into(target, item, by_name);
        }
    }
}

/// `applyResourceToPodTemplate`: `ephemeral_storage` as the request and limit of
/// `flink-main-container` (added last when missing; a template without a spec gets one).
pub fn with_ephemeral_storage(
    template: Option<Pod>,
    ephemeral_storage: Option<&str>,
) -> Option<Pod> {
    let Some(storage) = ephemeral_storage.filter(|s| !s.trim().is_empty()) else {
        return template;
    };
    let mut pod = template.unwrap_or_default();
    let spec = pod.spec.get_or_insert_with(PodSpec::default);
    let quantity = Quantity(storage.to_owned());
    let mut found = false;
    for container in spec.containers.iter_mut() {
        if container.name == MAIN_CONTAINER {
            put_ephemeral_storage(container, &quantity);
            found = true;
        }
    }
    if !found {
        let mut container = Container {
            name: MAIN_CONTAINER.to_owned(),
            ..Container::default()
        };
        put_ephemeral_storage(&mut container, &quantity);
        spec.containers.push(container);
    }
    Some(pod)
}

fn put_ephemeral_storage(container: &mut Container, quantity: &Quantity) {
    let resources = container.resources.get_or_insert_with(Default::default);
    for map in [&mut resources.limits, &mut resources.requests] {
        map.get_or_insert_with(Default::default)
            .insert("ephemeral-storage".to_owned(), quantity.clone());
    }
}

/// `FlinkUtils.addStartupProbe`: unless `flink-main-container` (added last when missing) has a
/// startup probe, one that asks the REST endpoint's `/config` every second, without limit.
pub fn add_startup_probe(pod: &mut Pod) {
    let spec = pod.spec.get_or_insert_with(PodSpec::default);
    if !spec.containers.iter().any(|c| c.name == MAIN_CONTAINER) {
        spec.containers.push(Container {
            name: MAIN_CONTAINER.to_owned(),
            ..Container::default()
        });
    }
    for container in spec.containers.iter_mut() {
        if container.name == MAIN_CONTAINER && container.startup_probe.is_none() {
            container.startup_probe = Some(startup_probe());
            break;
        }
    }
}

/// The operator's startup probe of the JobManager.
pub fn startup_probe() -> Probe {
    Probe {
        failure_threshold: Some(i32::MAX),
        period_seconds: Some(1),
        http_get: Some(HTTPGetAction {
            path: Some("/config".to_owned()),
            port: IntOrString::String("rest".to_owned()),
            ..HTTPGetAction::default()
        }),
        ..Probe::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(json: serde_json::Value) -> Pod {
        serde_json::from_value(json).expect("a pod")
    }

    fn containers(pod: &Pod) -> Vec<String> {
        pod.spec
            .iter()
            .flat_map(|s| s.containers.iter().map(|c| c.name.clone()))
            .collect()
    }

    /// `FlinkUtilsTest`: arrays merge by index unless names are asked for.
    #[test]
    fn templates_merge_as_the_operator_merges_them() {
        let base = pod(
            serde_json::json!({"metadata": {"labels": {"a": "1"}}, "spec": {
            "dnsPolicy": "ClusterFirst",
            "containers": [{"name": "c1", "image": "i1"}, {"name": "c2", "image": "i2"}]}}),
        );
        let over = pod(
            serde_json::json!({"metadata": {"labels": {"b": "2"}}, "spec": {
            "containers": [{"name": "c2", "image": "j2"}, {"name": "c3"}]}}),
        );
        let by_index = merge(Some(&base), Some(&over), false)
            .expect("merges")
            .expect("a template");
        assert_eq!(containers(&by_index), ["c2", "c3"]);
        let images: Vec<Option<String>> = by_index
            .spec
            .as_ref()
            .map(|s| s.containers.iter().map(|c| c.image.clone()).collect())
            .unwrap_or_default();
        assert_eq!(images, [Some("j2".to_owned()), Some("i2".to_owned())]);
        let labels = by_index.metadata.labels.clone().unwrap_or_default();
        assert_eq!(labels.len(), 2);
        let by_name = merge(Some(&base), Some(&over), true)
            .expect("merges")
            .expect("a template");
        assert_eq!(containers(&by_name), ["c1", "c2", "c3"]);
        assert_eq!(
            by_name.spec.as_ref().map(|s| s.containers[1].image.clone()),
            Some(Some("j2".to_owned()))
        );
        assert_eq!(merge(None, Some(&over), false).expect("merges"), Some(over));
        assert_eq!(merge(None, None, false).expect("merges"), None);
    }

    #[test]
    fn ephemeral_storage_and_the_startup_probe_go_on_the_main_container() {
        let template = with_ephemeral_storage(None, Some("2G")).expect("a template");
        assert_eq!(containers(&template), [MAIN_CONTAINER]);
        let mut with_sidecar =
            pod(serde_json::json!({"spec": {"containers": [{"name": "sidecar", "image": "s"}]}}));
        add_startup_probe(&mut with_sidecar);
        assert_eq!(containers(&with_sidecar), ["sidecar", MAIN_CONTAINER]);
        let probe = with_sidecar
            .spec
            .as_ref()
            .and_then(|s| s.containers[1].startup_probe.clone());
        assert_eq!(probe, Some(startup_probe()));
    }
}
