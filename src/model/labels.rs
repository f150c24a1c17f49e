//! The labels that tie a cluster's objects together and select its pods.

use std::collections::BTreeMap;

use super::names::REVISION_LABEL;

/// A label map.
pub type Labels = BTreeMap<String, String>;

/// `{app: flink, cluster: <name>}`: on every object of the cluster.
pub fn cluster(name: &str) -> Labels {
    BTreeMap::from([
        ("app".to_owned(), "flink".to_owned()),
        ("cluster".to_owned(), name.to_owned()),
    ])
}

/// The cluster labels plus `component: jobmanager|taskmanager`: what the Services select on.
pub fn component(name: &str, component: &str) -> Labels {
    let mut labels = cluster(name);
    labels.insert("component".to_owned(), component.to_owned());
    labels
}

/// `{flinkoperator.k8s.io/revision-name: <revision>}`.
pub fn revision(revision_name: &str) -> Labels {
    BTreeMap::from([(REVISION_LABEL.to_owned(), revision_name.to_owned())])
}

/// A copy of `base` with every entry of `over` added, `over` winning on equal keys.
pub fn merge(base: &Labels, over: Option<&Labels>) -> Labels {
    let mut merged = base.clone();
    for (key, value) in over.into_iter().flatten() {
        merged.insert(key.clone(), value.clone());
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_maps_win() {
        let over = BTreeMap::from([
            ("component".to_owned(), "x".to_owned()),
            ("extra".to_owned(), "y".to_owned()),
        ]);
        let merged = merge(&component("c", "jobmanager"), Some(&over));
        assert_eq!(merged.get("component").map(String::as_str), Some("x"));
        assert_eq!(merged.len(), 4);
    }
}
