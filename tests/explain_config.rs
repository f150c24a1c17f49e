//! `flink-render explain config`: reviewed text snapshots for both targets, Flink versions with
//! and without the JobManager's dynamic properties, Kubernetes HA; the JSON document and its
//! stable keys; values of sensitive keys hidden as Flink hides them.

mod support;

use support::*;

#[test]
fn explained() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures", "{memory/*.yaml,ha/ha-2.0-job.yaml}", |path| {
            let file = path.to_string_lossy().into_owned();
            let output = cli(&["explain", "config", &file], "");
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            insta::assert_snapshot!(text(&output.stdout));
        });
    });
}

#[test]
fn json_has_the_documented_keys_and_values() {
    let json = explain_json("config", "fixtures/memory/native-worked-example.yaml");
    let cluster = &json["clusters"][0];
    assert_eq!(cluster["name"], "my-flink");
    assert_eq!(cluster["namespace"], "flink");
    assert_eq!(cluster["flinkVersion"], "1.20");
    assert_eq!(cluster["target"], "native");
    assert_eq!(cluster["file"], "flink-conf.yaml");
    assert_eq!(cluster["configMap"], "flink-config-my-flink");
    let entry = |key: &str| {
        cluster["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .find(|e| e["key"] == key)
            .unwrap_or_else(|| panic!("{key}"))
            .clone()
    };
    let image = entry("kubernetes.container.image");
    assert_eq!(image["origin"], "native");
    assert_eq!(image["field"], "spec.image.name");
    assert_eq!(image["type"], "string");
    let rest = entry("rest.port");
    assert_eq!(rest["value"], "8081");
    assert_eq!(rest["type"], "int");
    assert_eq!(rest["default"], "8081");
    let size = entry("taskmanager.memory.process.size");
    assert_eq!(size["origin"], "memory");
    assert_eq!(size["field"], "spec.taskManager.resources");
    assert_eq!(size["type"], "memory");
    assert_eq!(size["default"], serde_json::Value::Null);
    let dynamic = |process: &str, key: &str| {
        cluster[process]["dynamicProperties"]
            .as_array()
            .expect("dynamic properties")
            .iter()
            .find(|p| p["key"] == key)
            .map(|p| p["value"].clone())
    };
    assert_eq!(
        dynamic("taskManager", "taskmanager.memory.task.heap.size"),
        Some(serde_json::Value::from("402653174b"))
    );
    assert!(dynamic("jobManager", "jobmanager.memory.heap.size").is_some());
}

#[test]
fn sensitive_values_are_hidden() {
    let cluster = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18.1\n  flinkProperties:\n    s3.secret-key: hunter2\n    s3.access-key: id\n";
    let output = cli(&["explain", "config", "-"], cluster);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("  s3.secret-key: ******\n"), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
}

/// A FlinkDeployment: the file the Apache operator writes into `flink-config-<name>`, each key
/// with where the operator's builder took it from, and the memory model's dynamic properties;
/// a FlinkSessionJob has nothing of its own to explain.
#[test]
fn a_flink_deployment_is_explained_from_the_operators_configuration() {
    let output = cli(&["explain", "config", "fixtures/apache/basic.yaml"], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("FlinkDeployment default/basic-example: Flink configuration of Flink 2.2 (mode native)\nconf/config.yaml in ConfigMap flink-config-basic-example, read by the JobManager and the TaskManagers:\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  jobmanager.memory.process.size: 2 gb\n      from operator (spec.jobManager.resource.memory); memory, default none\n"),
        "{stdout}"
    );
    // The same bytes `explain memory` gives for the TaskManager's managed memory.
    assert!(
        stdout.contains("  taskmanager.memory.managed.size             665719939b\n"),
        "{stdout}"
    );
    let json = explain_json("config", "fixtures/apache/basic.yaml");
    let deployment = &json["clusters"][0];
    assert_eq!(deployment["kind"], "FlinkDeployment");
    assert_eq!(deployment["target"], "native");
    assert_eq!(deployment["file"], "config.yaml");
    assert_eq!(deployment["configMap"], "flink-config-basic-example");
    let cluster_id = deployment["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["key"] == "kubernetes.cluster-id")
        .expect("the cluster id");
    assert_eq!(cluster_id["value"], "basic-example");
    assert_eq!(cluster_id["origin"], "operator");
    assert_eq!(cluster_id["field"], "metadata.name");
    // A FlinkCluster's JSON has no kind (its shape is unchanged).
    let json = explain_json("config", "fixtures/memory/native-worked-example.yaml");
    assert!(json["clusters"][0].get("kind").is_none());

    let job = cli(
        &["explain", "config", "fixtures/apache/session-job.yaml"],
        "",
    );
    assert_eq!(job.status.code(), Some(0), "{}", text(&job.stderr));
    assert!(
        text(&job.stderr).contains("`explain config` does not apply to a FlinkSessionJob"),
        "{}",
        text(&job.stderr)
    );
    assert_eq!(
        text(&job.stdout)
            .matches("FlinkDeployment default/basic-session-example")
            .count(),
        1
    );
}
