//! `flink-render explain memory`: reviewed text snapshots (operator and native targets, a Flink
//! version before the JobManager model), the JSON document and its stable keys, refusals.
//! The model's arithmetic and messages are unit-tested in src/memory/tests.rs.

mod support;

use support::*;

#[test]
fn explained() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/memory", "*.yaml", |path| {
            let file = path.to_string_lossy().into_owned();
            let output = cli(&["explain", "memory", &file], "");
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            insta::assert_snapshot!(text(&output.stdout));
        });
    });
}

#[test]
fn json_has_the_documented_keys_and_values() {
    let json = explain_json("memory", "fixtures/memory/native-worked-example.yaml");
    let cluster = &json["clusters"][0];
    assert_eq!(cluster["name"], "my-flink");
    assert_eq!(cluster["namespace"], "flink");
    assert_eq!(cluster["flinkVersion"], "1.20");
    assert_eq!(cluster["target"], "native");
    assert_eq!(cluster["deployment"], "native");
    let tm = &cluster["taskManager"];
    assert_eq!(tm["model"], true);
    assert_eq!(tm["totalProcessBytes"], 1_811_939_328_i64);
    assert_eq!(tm["totalFlinkBytes"], 1_342_177_280_i64);
    assert_eq!(tm["jvmHeapBytes"], 536_870_902_i64);
    assert_eq!(tm["jvmDirectBytes"], 268_435_458_i64);
    assert_eq!(tm["containerMemory"], "1728Mi");
    assert_eq!(tm["cpuCores"], 1.0);
    assert_eq!(tm["slots"], 1);
    assert_eq!(
        tm["jvmArgs"],
        "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456"
    );
    let parts: Vec<(String, i64, String, String)> = tm["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_owned(),
                p["bytes"].as_i64().unwrap_or_default(),
                p["human"].as_str().unwrap_or_default().to_owned(),
                p["how"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("frameworkHeap", 134_217_728, "128.000mb", "default"),
        ("taskHeap", 402_653_174, "384.000mb", "rest"),
        ("managed", 536_870_920, "512.000mb", "fraction"),
        ("network", 134_217_730, "128.000mb", "fraction"),
        ("frameworkOffHeap", 134_217_728, "128.000mb", "default"),
        ("taskOffHeap", 0, "0 bytes", "default"),
        ("jvmMetaspace", 268_435_456, "256.000mb", "default"),
        ("jvmOverhead", 201_326_592, "192.000mb", "min"),
    ]
    .map(|(n, b, h, w)| (n.to_owned(), b, h.to_owned(), w.to_owned()));
    assert_eq!(parts, expected);
    let overhead = &tm["parts"][7];
    assert_eq!(overhead["key"], "taskmanager.memory.jvm-overhead.min");
    assert_eq!(overhead["field"], serde_json::Value::Null);
    let jm = &cluster["jobManager"];
    assert_eq!(jm["containerMemory"], "1600Mi");
    assert_eq!(
        jm["jvmArgs"],
        "-Xmx1073741824 -Xms1073741824 -XX:MaxMetaspaceSize=268435456"
    );
    let set_by_input = jm["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .all(|p| p["field"].is_null());
    assert!(
        set_by_input,
        "the JobManager's parts are defaults or derived"
    );
}

#[test]
fn json_marks_the_versions_before_the_model() {
    let file = repo().join("fixtures/memory/before-the-model.yaml");
    let output = cli(
        &["explain", "memory", &file.to_string_lossy(), "-o", "json"],
        "",
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["clusters"][0]["jobManager"]["model"], false);
    assert_eq!(
        json["clusters"][0]["jobManager"]["reason"],
        "Flink 1.10 predates the JobManager memory model (Flink 1.11): the memory is set by heap sizes and flink-render does not check it"
    );
    assert_eq!(json["clusters"][0]["taskManager"]["model"], true);
    assert_eq!(
        json["clusters"][0]["taskManager"]["parts"][6]["bytes"],
        256 << 20,
        "the metaspace default of Flink 1.10's latest release (1.10.3; 1.10.0 had 96m)"
    );
}

#[test]
fn a_field_set_in_the_input_is_named() {
    let file = repo().join("fixtures/memory/operator-1.20.yaml");
    let output = cli(
        &["explain", "memory", &file.to_string_lossy(), "-o", "json"],
        "",
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let managed = &json["clusters"][0]["taskManager"]["parts"][2];
    assert_eq!(managed["how"], "set");
    assert_eq!(managed["key"], "taskmanager.memory.managed.size");
    assert_eq!(
        managed["field"],
        "spec.flinkProperties[taskmanager.memory.managed.size]"
    );
    assert_eq!(managed["bytes"], 1_i64 << 30);
    assert_eq!(json["clusters"][0]["jobManager"]["directMemoryLimit"], true);
}

#[test]
fn a_configuration_flink_refuses_is_not_explained() {
    let input = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: demo, namespace: flink}\nspec:\n  flinkVersion: \"1.18\"\n  image: {name: flink:1.18}\n  flinkProperties: {taskmanager.memory.process.size: 400m}\n";
    for format in ["text", "json"] {
        let output = cli(&["explain", "memory", "-", "-o", format], input);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty(), "nothing on stdout");
        assert!(text(&output.stderr).contains(
            "error: spec.flinkProperties[taskmanager.memory.process.size]: TaskManager memory configuration failed: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (400.000mb (419430400 bytes))."
        ));
    }
}

#[test]
fn several_clusters_give_one_document() {
    let a = read(&repo().join("fixtures/memory/operator-1.20.yaml"));
    let b = read(&repo().join("fixtures/memory/before-the-model.yaml"));
    let output = cli(
        &["explain", "memory", "-", "-o", "json"],
        &format!("{a}---\n{b}"),
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let names: Vec<&str> = json["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["analytics", "legacy"]);
}
