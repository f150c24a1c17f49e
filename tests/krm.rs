//! flink-render as a KRM function, through the library and the `krm` command: reviewed
//! snapshots of the output ResourceLists, items passed through with their values, strict
//! schema validation of every item, and problems as `results`.

mod support;

use std::path::Path;

use flink_render::Options;
use flink_render::krm::resource_list::{Field, File, FunctionResult, ResourceRef, Severity};
use flink_render::krm::{self, Output};
use flink_render::yaml::untouched::Untouched;
use flink_render::yaml::{self, Limits, Node};
use support::*;

fn run(text: &str) -> Output {
    krm::run(text, &Options::default(), Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn run_fixture(path: &Path) -> Output {
    run(&read(path))
}

/// The output ResourceList's items, each as a YAML document.
fn items(output: &str) -> Vec<String> {
    let (documents, _) = yaml::load_stream(output, Limits::default()).expect("valid YAML");
    let root = documents
        .into_iter()
        .find_map(|d| d.root)
        .expect("a ResourceList");
    let Some(yaml::Value::Sequence(items)) = root.get("items").map(|n| n.value.clone()) else {
        panic!("items: {output}");
    };
    items
        .iter()
        .map(|item| yaml::to_yaml(&Untouched(item)).expect("serializes"))
        .collect()
}

fn kinds(output: &str) -> Vec<String> {
    items(output)
        .iter()
        .map(|item| {
            let (documents, _) = yaml::load_stream(item, Limits::default()).expect("valid");
            let root = documents.into_iter().find_map(|d| d.root).expect("item");
            root.get("kind")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[test]
fn function_output() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/krm", "*.yaml", |path| {
            let output = run_fixture(path);
            assert!(!output.failed, "{:?}", output.results);
            insta::assert_snapshot!(redact_shipped_blocks(&output.text));
        });
    });
}

#[test]
fn every_item_passes_strict_schema_validation_for_kubernetes_1_25_and_1_37() {
    let outputs: Vec<(String, String)> = fixtures("krm")
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let text = run_fixture(path).text;
            let kept: Vec<String> = items(&text)
                .into_iter()
                .filter(|item| !item.contains("\nkind: FlinkCluster\n"))
                .collect();
            (name.into_owned(), kept.join("---\n"))
        })
        .collect();
    assert_strictly_valid(&outputs);
}

#[test]
fn transformer_replaces_the_cluster_in_place_and_keeps_the_other_items() {
    let output = run_fixture(&repo().join("fixtures/krm/transformer-kpt.yaml"));
    assert_eq!(
        kinds(&output.text),
        [
            "Kptfile",
            "ConfigMap",
            "ConfigMap",
            "Service",
            "Service",
            "StatefulSet",
            "StatefulSet",
            "Job",
            "Ingress",
            "ControllerRevision"
        ]
    );
    let items = items(&output.text);
    assert!(
        items[1].ends_with("data:\n  zone: eu\n  mode: \"on\"\n  retries: \"3\"\n"),
        "{}",
        items[1]
    );
    assert!(items[1].contains("internal.config.kubernetes.io/id: \"2\"\n"));
    // kpt's bookkeeping stays with the FlinkCluster's file, not with the new objects.
    assert!(
        items[2..]
            .iter()
            .all(|i| !i.contains("config.kubernetes.io/"))
    );
    // The functionConfig's kube-version 1.30 took effect.
    assert!(output.results.is_empty(), "{:?}", output.results);
}

#[test]
fn generator_adds_the_objects_after_the_untouched_items() {
    let output = run_fixture(&repo().join("fixtures/krm/generator-kustomize.yaml"));
    let kinds = kinds(&output.text);
    assert_eq!(kinds.first().map(String::as_str), Some("FlinkCluster"));
    assert_eq!(kinds.len(), 7);
    let items = items(&output.text);
    assert!(items[0].contains("config.kubernetes.io/local-config: \"true\""));
    assert!(
        items[1..]
            .iter()
            .all(|i| !i.contains("config.kubernetes.io/"))
    );
    assert!(items[6].contains("\nrevision: 2\n"), "{}", items[6]);
}

const BROKEN: &str = "apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: fine}
- apiVersion: flinkoperator.k8s.io/v1beta1
  kind: FlinkCluster
  metadata:
    name: broken
    namespace: jobs
    annotations:
      internal.config.kubernetes.io/path: clusters/broken.yaml
      internal.config.kubernetes.io/index: '1'
  spec:
    flinkVersion: \"1.18\"
    image: {name: flink:1.18}
    taskManager: {replicas: 0}
    jobManager: {acessScope: Cluster}
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: function-input}
  data: {revison: \"2\"}
";

#[test]
fn every_problem_becomes_a_result_and_the_items_come_back_unchanged() {
    let output = run(BROKEN);
    assert!(output.failed);
    let broken = Some(ResourceRef {
        api_version: "flinkoperator.k8s.io/v1beta1".to_owned(),
        kind: "FlinkCluster".to_owned(),
        name: "broken".to_owned(),
        namespace: Some("jobs".to_owned()),
    });
    let file = Some(File {
        path: "clusters/broken.yaml".to_owned(),
        index: Some(1),
    });
    assert_eq!(
        output.results,
        [
            FunctionResult {
                message: "unknown flink-render option \"revison\"; did you mean \"revision\"? (known: owner-uid, revision, from-savepoint, kube-version, namespace, barrier, barrier-image, barrier-check-interval-sec, barrier-check-timeout-sec, pod-security, harden, target, job-id, operator-config, strict)".to_owned(),
                severity: Severity::Error,
                resource_ref: Some(ResourceRef {
                    api_version: "v1".to_owned(),
                    kind: "ConfigMap".to_owned(),
                    name: "function-input".to_owned(),
                    namespace: None,
                }),
                field: Some(Field { path: "data[revison]".to_owned() }),
                file: None,
            },
            FunctionResult {
                message: "Invalid value: 0: must be greater than or equal to 1".to_owned(),
                severity: Severity::Error,
                resource_ref: broken.clone(),
                field: Some(Field {
                    path: "spec.taskManager.replicas".to_owned(),
                }),
                file: file.clone(),
            },
            FunctionResult {
                message: "unknown field \"acessScope\"; did you mean \"accessScope\"?".to_owned(),
                severity: Severity::Error,
                resource_ref: broken.clone(),
                field: Some(Field { path: "spec.jobManager.acessScope".to_owned() }),
                file: file.clone(),
            },
        ]
    );
    assert_eq!(kinds(&output.text), ["ConfigMap", "FlinkCluster"]);
    assert!(output.text.ends_with("    path: clusters/broken.yaml\n    index: 1\n- message: unknown field \"acessScope\"; did you mean \"accessScope\"?\n  severity: error\n  resourceRef:\n    apiVersion: flinkoperator.k8s.io/v1beta1\n    kind: FlinkCluster\n    name: broken\n    namespace: jobs\n  field:\n    path: spec.jobManager.acessScope\n  file:\n    path: clusters/broken.yaml\n    index: 1\n"), "{}", output.text);

    // Without the typos only the replica count is left.
    let output = run(&BROKEN
        .replace("acessScope", "accessScope")
        .replace("revison", "revision"));
    assert_eq!(
        output.results,
        [FunctionResult {
            message: "Invalid value: 0: must be greater than or equal to 1".to_owned(),
            severity: Severity::Error,
            resource_ref: broken,
            field: Some(Field {
                path: "spec.taskManager.replicas".to_owned()
            }),
            file,
        }]
    );
}

#[test]
fn unusable_function_configs_and_inputs_are_refused() {
    let output = run(
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {apiVersion: v1, kind: Secret, metadata: {name: s}}\n",
    );
    assert!(output.failed);
    assert_eq!(output.results.len(), 1);
    assert!(
        output.results[0]
            .message
            .starts_with("the functionConfig is a Secret; flink-render takes a FlinkCluster")
    );

    let error = krm::run(
        "apiVersion: v1\nkind: List\nitems: []\n",
        &Options::default(),
        Limits::default(),
    )
    .expect_err("not a ResourceList");
    assert_eq!(
        error.to_string(),
        "the input is not a KRM ResourceList: found kind \"List\" apiVersion \"v1\", expected kind ResourceList apiVersion config.kubernetes.io/v1 or config.kubernetes.io/v1beta1"
    );
}

#[test]
fn items_that_are_not_a_list_are_a_malformed_resource_list() {
    for (items, found) in [
        ("{}", "a mapping"),
        ("{a: 1}", "a mapping"),
        ("x", "a scalar"),
    ] {
        let text =
            format!("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {items}\n");
        let error = krm::run(&text, &Options::default(), Limits::default())
            .expect_err("not a ResourceList");
        assert_eq!(
            error.to_string(),
            format!(
                "the input is not a KRM ResourceList: items: must be a list of objects, found {found}; nothing was changed (line 3, column 8)"
            )
        );
        let out = cli(&["krm"], &text);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            out.stdout.is_empty(),
            "no ResourceList with `items: []` in its place"
        );
    }
    // No items at all, or null, is an empty list.
    for items in ["", "items:\n", "items: []\n"] {
        let text = format!("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n{items}");
        assert!(
            krm::run(&text, &Options::default(), Limits::default()).is_ok(),
            "{items}"
        );
    }
}

#[test]
fn command_exits_non_zero_with_results_on_stdout_or_a_message_on_stderr() {
    let ok = cli(
        &["krm"],
        &read(&repo().join("fixtures/krm/transformer-kpt.yaml")),
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert_eq!(
        text(&ok.stdout),
        run_fixture(&repo().join("fixtures/krm/transformer-kpt.yaml")).text
    );

    let failed = cli(&["krm"], BROKEN);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(text(&failed.stdout), run(BROKEN).text);

    let refused = cli(&["krm"], "just text\n");
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    assert!(text(&refused.stderr).contains("the input is not a KRM ResourceList"));

    // Command-line options win over the functionConfig (revision: "5").
    assert!(text(&ok.stdout).contains("\n  revision: 5\n"));
    let flagged = cli(
        &["krm", "--revision", "9"],
        &read(&repo().join("fixtures/krm/transformer-kpt.yaml")),
    );
    assert_eq!(flagged.status.code(), Some(0), "{}", text(&flagged.stderr));
    let stdout = text(&flagged.stdout);
    assert!(stdout.contains("\n  revision: 9\n") && !stdout.contains("\n  revision: 5\n"));
}

#[test]
fn legacy_exec_plugin_reads_its_config_file_and_reports_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("kust-plugin-config-1");
    std::fs::write(&config, "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: gen}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n").expect("writes");
    let path = config.to_string_lossy().into_owned();
    let out = cli(&["krm", &path], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("apiVersion: v1\nkind: ConfigMap\n"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("\n---\n").count(), 5);

    std::fs::write(&config, "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: gen}\nspec: {flinkVersion: \"1.18\", image: {name: ''}}\n").expect("writes");
    let failed = cli(&["krm", &path], "");
    assert_eq!(failed.status.code(), Some(2));
    assert!(failed.stdout.is_empty());
    let stderr = text(&failed.stderr);
    assert!(stderr.contains(&format!("  --> {path}:4:")), "{stderr}");
}

#[test]
fn two_cluster_items_with_one_name_collide() {
    let item = "- apiVersion: flinkoperator.k8s.io/v1beta1\n  kind: FlinkCluster\n  metadata: {name: twin}\n  spec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n";
    let output = run(&format!(
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n{item}{item}"
    ));
    assert!(output.failed);
    let messages: Vec<&str> = output.results.iter().map(|r| r.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "item 1 is a FlinkCluster with the same name \"twin\" in namespace \"\"; the objects of both would collide"
        ]
    );
}

#[test]
fn a_secret_item_never_reaches_the_rendered_config_map() {
    let output = run(&resource_list(SECRET_AND_CLUSTER));
    assert!(!output.failed, "{:?}", output.results);
    for value in ["QUtJQS1ub3QtaW4tY29uZmln", "plain-secret-not-in-config"] {
        assert_eq!(output.text.matches(value).count(), 1, "{value} is copied");
    }
    let items = items(&output.text);
    assert_eq!(kinds(&output.text)[..2], ["Secret", "ConfigMap"]);
    assert!(items[0].contains("plain-secret-not-in-config"));
    assert!(
        items[1].contains("s3.secret-key: ${S3_SECRET_KEY}\n"),
        "{}",
        items[1]
    );
}

/// The operator's session example: a FlinkDeployment and a FlinkSessionJob, without comments.
fn apache_items() -> String {
    apache_fixture("session-job.yaml")
}

/// A fixture of the Apache operator's examples without its comment lines (as items).
fn apache_fixture(name: &str) -> String {
    read(&repo().join("fixtures/apache").join(name))
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn flink_deployment_and_session_job_items_stay_as_they_are_and_are_checked() {
    let cluster = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: old}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n";
    let output = run(&resource_list(&format!("{cluster}---\n{}", apache_items())));
    assert!(!output.failed, "{:?}", output.results);
    let kinds = kinds(&output.text);
    assert!(kinds.contains(&"StatefulSet".to_owned()), "{kinds:?}");
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["FlinkDeployment".to_owned(), "FlinkSessionJob".to_owned()]
    );
    let items = items(&output.text);
    assert!(
        items[items.len() - 1].contains("deploymentName: basic-session-example\n"),
        "{}",
        items[items.len() - 1]
    );
    // Only the DNS check of the JAR's host, which needs the cluster, is left out, and said so.
    let messages: Vec<(&Severity, &str)> = output
        .results
        .iter()
        .map(|r| (&r.severity, r.message.as_str()))
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].0, &Severity::Warning);
    assert!(
        messages[0]
            .1
            .starts_with("not checked: that jarURI host 'repo1.maven.org' resolves"),
        "{messages:?}"
    );
}

#[test]
fn problems_of_flink_deployment_and_session_job_items_are_results() {
    let stream = apache_items()
        .replace("  jobManager:\n", "  jobManager:\n    replicas: 0\n")
        .replace("jarURI: https://", "jarURI: ftp://");
    let output = run(&resource_list(&stream));
    assert!(output.failed);
    let errors: Vec<(String, Option<String>, &str)> = output
        .results
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .map(|r| {
            (
                r.resource_ref
                    .as_ref()
                    .map(|r| r.kind.clone())
                    .unwrap_or_default(),
                r.field.as_ref().map(|f| f.path.clone()),
                r.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "FlinkDeployment".to_owned(),
                Some("spec.jobManager.replicas".to_owned()),
                "JobManager replicas should not be configured less than one."
            ),
            (
                "FlinkSessionJob".to_owned(),
                Some("spec.job.jarURI".to_owned()),
                "jarURI scheme 'ftp' is not in the allowlist [https]. Configure 'kubernetes.operator.user.artifacts.allowed-schemes' to extend the allowlist."
            ),
        ]
    );
}

#[test]
fn two_flink_deployment_items_with_one_name_collide() {
    let deployment = apache_fixture("basic.yaml");
    let output = run(&resource_list(&format!("{deployment}---\n{deployment}")));
    assert!(output.failed);
    let messages: Vec<&str> = output
        .results
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .map(|r| r.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "item 1 is a FlinkDeployment with the same name \"basic-example\" in namespace \"default\"; the objects of both would collide"
        ]
    );
}
