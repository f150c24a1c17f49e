//! The Helm chart `scripts/bench` races against (benches/peer-chart) must give the same
//! objects as `flink-render render examples/session-cluster.yaml`: both outputs are parsed and
//! compared object by object, every field and value (formatting and key order aside). Uses the
//! pinned helm 3 in `.tools/` (scripts/install-test-tools).

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use flink_render::yaml::untouched::Untouched;
use flink_render::yaml::{Limits, load_stream};
use serde_json::Value;
use support::{cli, repo, text};

fn helm3() -> PathBuf {
    support::tool("helm3/helm")
}

/// The objects of a YAML stream by `<kind>/<name>`, as JSON values.
fn objects(stream: &str) -> BTreeMap<String, Value> {
    let (documents, problems) = load_stream(stream, Limits::default()).expect("valid YAML");
    assert!(problems.is_empty(), "{problems:?}");
    let mut objects = BTreeMap::new();
    for document in documents {
        let root = document.root.expect("not empty");
        let value = serde_json::to_value(Untouched(&root)).expect("converts");
        let key = format!("{}/{}", value["kind"], value["metadata"]["name"]);
        assert!(objects.insert(key.clone(), value).is_none(), "{key} twice");
    }
    objects
}

#[test]
fn the_peer_chart_renders_the_same_objects_as_flink_render() {
    let home = tempfile::tempdir().expect("temp dir");
    let helm = Command::new(helm3())
        .env("HELM_CACHE_HOME", home.path().join("cache"))
        .env("HELM_CONFIG_HOME", home.path().join("config"))
        .env("HELM_DATA_HOME", home.path().join("data"))
        .args(["template", "peer"])
        .arg(repo().join("benches/peer-chart"))
        .output()
        .expect("helm runs");
    assert!(helm.status.success(), "{}", text(&helm.stderr));
    let ours = cli(&["render", "examples/session-cluster.yaml"], "");
    assert_eq!(ours.status.code(), Some(0), "{}", text(&ours.stderr));

    let from_chart = objects(&text(&helm.stdout));
    let from_us = objects(&text(&ours.stdout));
    assert_eq!(
        from_chart.keys().collect::<Vec<_>>(),
        from_us.keys().collect::<Vec<_>>()
    );
    assert_eq!(from_us.len(), 8);
    for (key, ours) in &from_us {
        assert_eq!(&from_chart[key], ours, "{key}");
    }
}
