//! What the API server stores is what flink-render renders: YAML read as sigs.k8s.io/yaml reads
//! it and fields the operator's webhook fills in (fixtures/render/yaml-as-kubernetes-reads-it.yaml,
//! fixtures/render/no-flink-version.yaml; their objects are pinned by the render snapshots).
//! Here: the warnings that say where the stored value differs from the text, on the command line.

mod support;

/// The `warning:` lines `render` prints for a fixture (it must render).
fn warnings(fixture: &str) -> Vec<String> {
    let path = support::repo().join("fixtures/render").join(fixture);
    let output = support::cli(&["render", &path.to_string_lossy()], "");
    let stderr = support::text(&output.stderr);
    assert!(output.status.success(), "{fixture}:\n{stderr}");
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("warning: "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn keys_that_kubernetes_reads_differently_are_warned_about() {
    assert_eq!(
        warnings("yaml-as-kubernetes-reads-it.yaml"),
        [
            "spec.jobManager.podAnnotations[16]: the unquoted key `0x10` is a number to Kubernetes (YAML 1.1), so the key is \"16\"; quote it (\"0x10\") to keep the text",
            "spec.jobManager.podAnnotations[1.1]: the unquoted key `1.10` is a number to Kubernetes (YAML 1.1), so the key is \"1.1\"; quote it (\"1.10\") to keep the text",
            "spec.taskManager.nodeSelector[false]: the unquoted key `n` is the boolean false to Kubernetes (YAML 1.1), so the key is \"false\"; quote it (\"n\") to keep the text",
            "spec.taskManager.nodeSelector[true]: the unquoted key `on` is the boolean true to Kubernetes (YAML 1.1), so the key is \"true\"; quote it (\"on\") to keep the text",
            "spec.flinkProperties[true]: the unquoted key `yes` is the boolean true to Kubernetes (YAML 1.1), so the key is \"true\"; quote it (\"yes\") to keep the text",
            // What Flink makes of the key as stored (flink-options).
            "spec.flinkProperties[true]: true is not an option of Flink 1.18, which ignores it",
        ]
    );
}

#[test]
fn a_missing_flink_version_renders_heap_sizes_with_a_warning() {
    assert_eq!(
        warnings("no-flink-version.yaml"),
        [
            "spec.flinkVersion: no Flink version: the API server stores a missing flinkVersion as \"\", which the operator reads as older than every release, so the JobManager and TaskManager get heap sizes (jobmanager.heap.size, taskmanager.heap.size) as before Flink 1.10 and nothing is checked against Flink's memory model; set it to the version of the image",
            "spec.batchScheduler.name: no batch scheduler name: the operator uses no batch scheduler, so queue and priorityClassName have no effect",
        ]
    );
    let objects =
        support::render_fixture(&support::repo().join("fixtures/render/no-flink-version.yaml"));
    let kinds: Vec<&str> = objects.iter().map(|o| o.kind()).collect();
    assert!(!kinds.contains(&"PodGroup"), "no scheduler: {kinds:?}");
    let Some(flink_render::Object::ConfigMap(map)) =
        objects.iter().find(|o| o.kind() == "ConfigMap")
    else {
        panic!("a ConfigMap")
    };
    let conf = &map.data.as_ref().expect("data")["flink-conf.yaml"];
    assert!(conf.contains("jobmanager.heap.size: 452m\n"), "{conf}");
    assert!(conf.contains("taskmanager.heap.size: 1476m\n"), "{conf}");
    assert!(!conf.contains("memory.process.size"), "{conf}");
}

#[test]
fn the_native_target_needs_a_flink_version() {
    let path = support::repo().join("fixtures/render/no-flink-version.yaml");
    let output = support::cli(
        &["render", "--target", "native", &path.to_string_lossy()],
        "",
    );
    let stderr = support::text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: spec.flinkVersion: Required value: --target native"),
        "{stderr}"
    );
}
