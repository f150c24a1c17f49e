//! Rendering the fixtures: reviewed snapshots, strict schema validation of every output, and
//! byte-for-byte determinism.

mod support;

use flink_render::Options;
use support::*;

#[test]
fn rendered() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/render", "*.yaml", |path| {
            insta::assert_snapshot!(snapshot_yaml(render_fixture(path)));
        });
    });
}

#[test]
fn every_output_passes_strict_schema_validation_for_kubernetes_1_25_and_1_37() {
    let mut outputs = rendered_suite("render");
    for example in ["examples/job-cluster.yaml", "examples/session-cluster.yaml"] {
        let yaml = flink_render::emit::yaml_stream(&render_fixture(&repo().join(example)))
            .expect("serializes");
        outputs.push((example.to_owned(), yaml));
    }
    assert!(outputs.len() >= 23, "all fixtures and examples are checked");
    assert_strictly_valid(&outputs);
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for path in fixtures("render") {
        let text = read(&path);
        let first = render_text("a.yaml", &text, &Options::default()).expect("valid");
        let second = render_text("a.yaml", &text, &Options::default()).expect("valid");
        assert_eq!(
            flink_render::emit::yaml_stream(&first).expect("yaml"),
            flink_render::emit::yaml_stream(&second).expect("yaml"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn shipped_texts_appear_byte_for_byte_in_the_config_map() {
    let objects = render_fixture(&repo().join("fixtures/render/sample-job-cluster.yaml"));
    let Some(flink_render::Object::ConfigMap(map)) =
        objects.iter().find(|o| o.kind() == "ConfigMap")
    else {
        panic!("a ConfigMap");
    };
    let data = map.data.as_ref().expect("data");
    let log4j = flink_render::templates::text(flink_render::templates::LOG4J2_CONSOLE);
    assert_eq!(data["log4j-console.properties"], log4j);
    assert_eq!(data["log4j-cli.properties"], log4j);
    assert_eq!(data["logback-console.xml"].len(), 912);
    // Before Flink 1.11 (log4j 1), the operator's log4j 1 file.
    let old = render_text(
        "old.yaml",
        &read(&repo().join("fixtures/render/sample-job-cluster.yaml"))
            .replace("flinkVersion: \"1.14\"", "flinkVersion: \"1.10\""),
        &Options::default(),
    )
    .expect("valid");
    let Some(flink_render::Object::ConfigMap(old)) = old.iter().find(|o| o.kind() == "ConfigMap")
    else {
        panic!("a ConfigMap");
    };
    let old = old.data.as_ref().expect("data");
    let log4j1 = flink_render::templates::text(flink_render::templates::LOG4J_CONSOLE);
    assert!(
        log4j1.starts_with("log4j.rootLogger=INFO, console"),
        "{log4j1}"
    );
    assert_eq!(old["log4j-console.properties"], log4j1);
    assert_eq!(old["log4j-cli.properties"], log4j1);
    assert_eq!(
        data["submit-job.sh"],
        read(&repo().join("templates/submit-job.sh"))
    );
}

/// The shipped examples run as rendered on the stock Flink image, which enables no filesystem
/// plugin: every URI in their Flink configuration is a local one (`file://`, `local://`).
#[test]
fn the_examples_need_no_filesystem_plugin() {
    for example in ["examples/job-cluster.yaml", "examples/session-cluster.yaml"] {
        let objects = render_fixture(&repo().join(example));
        let (_, text) = support::config_file_of(&objects);
        for line in text.lines().filter(|l| l.contains("://")) {
            let value = line.split_once(": ").map_or("", |(_, v)| v);
            assert!(
                value.starts_with("file://") || value.starts_with("local://"),
                "{example}: {line}"
            );
        }
    }
    let job = read(&repo().join("examples/job-cluster.yaml"));
    assert!(
        job.contains("savepointsDir: file:///flink-state/savepoints"),
        "a savepoint directory on the volume"
    );
}
