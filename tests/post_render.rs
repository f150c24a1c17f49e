//! Post-rendering manifest streams (the Helm post-renderer contract), through the library and
//! the `post-render` command: reviewed snapshots, documents that are not FlinkClusters copied
//! byte for byte, strict schema validation of every output, and failures that say where.

mod support;

use std::path::Path;

use flink_render::Options;
use flink_render::post_render::{HELM_FILENAME_ANNOTATION, PostRendered, post_render};
use flink_render::yaml::{Limits, split_stream};
use support::*;

fn post_render_text(text: &str) -> PostRendered {
    post_render("<stdin>", text, &Options::default(), Limits::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn post_render_fixture(path: &Path) -> PostRendered {
    post_render_text(&read(path))
}

/// Every document of `input` that is not a FlinkCluster, found in `output` in order and
/// byte for byte.
fn assert_passed_through(input: &str, output: &str) {
    let spans = split_stream(input, Limits::default()).expect("valid");
    let mut from = 0;
    for span in spans {
        let text = span.text(input);
        if text.contains("\nkind: FlinkCluster\n") || text.contains("kind: FlinkCluster,") {
            continue;
        }
        let Some(at) = output[from..].find(text) else {
            panic!(
                "document {} is not in the output byte for byte after offset {from}:\n{text}",
                span.index
            );
        };
        from += at + text.len();
    }
}

#[test]
fn post_rendered() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/post-render", "*.yaml", |path| {
            insta::assert_snapshot!(redact_shipped_blocks(&post_render_fixture(path).text));
        });
    });
}

#[test]
fn other_documents_pass_through_byte_for_byte() {
    let fixtures = fixtures("post-render");
    assert_eq!(fixtures.len(), 3);
    for path in fixtures {
        let input = read(&path);
        assert_passed_through(&input, &post_render_fixture(&path).text);
    }
}

#[test]
fn every_output_passes_strict_schema_validation_for_kubernetes_1_25_and_1_37() {
    let outputs: Vec<(String, String)> = fixtures("post-render")
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            (name.into_owned(), post_render_fixture(path).text)
        })
        .collect();
    assert_strictly_valid(&outputs);
}

#[test]
fn helm_3_source_lines_stay_above_every_object_of_the_cluster() {
    let out = post_render_fixture(&repo().join("fixtures/post-render/helm3-job-cluster.yaml"));
    let source = "# Source: analytics/templates/flinkcluster.yaml\n";
    // ConfigMap, 2 Services, 2 StatefulSets, Job, ControllerRevision.
    assert_eq!(out.text.matches(source).count(), 7);
    assert_eq!(
        out.text
            .matches(&format!("---\n{source}apiVersion: "))
            .count(),
        7
    );
    assert_eq!(out.clusters, 1);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn helm_4_filename_annotation_is_copied_onto_every_object() {
    let out = post_render_fixture(&repo().join("fixtures/post-render/helm4-session-cluster.yaml"));
    let annotation = format!("{HELM_FILENAME_ANNOTATION}: sessions/templates/flinkcluster.yaml\n");
    // ConfigMap, 2 Services, 2 StatefulSets, Ingress, ControllerRevision.
    assert_eq!(out.text.matches("\nkind: ").count(), 9, "{}", out.text);
    assert_eq!(out.text.matches(annotation.as_str()).count(), 7);
    // The cluster's own option annotation took effect: Kubernetes 1.30.
    assert!(out.text.contains("flink-render/kube-version"));
}

#[test]
fn line_endings_bom_and_a_missing_final_line_break() {
    let cluster = "apiVersion: flinkoperator.k8s.io/v1beta1\r\nkind: FlinkCluster\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  flinkVersion: \"1.18\"\r\n  image:\r\n    name: flink:1.18\r\n";
    let other = "---\r\n# Source: c/templates/cm.yaml\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: x}";
    let input = format!("\u{feff}{cluster}{other}");
    let out = post_render_text(&input).text;
    assert!(
        out.starts_with("\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\n"),
        "{out:?}"
    );
    assert!(out.ends_with(&format!("\r\n{other}")), "{out:?}");
    assert!(
        !out.replace("\r\n", "").contains('\n'),
        "only CRLF line breaks: {out:?}"
    );
    // ConfigMap, 2 Services, 2 StatefulSets, ControllerRevision: a marker before all but the first.
    assert_eq!(out.matches("---\r\napiVersion: ").count(), 5);
}

#[test]
fn a_cluster_after_an_end_marker_gets_a_start_marker() {
    // YAML 1.2 lets a document start without `---` after a `...`; YAML 1.1 readers do not.
    let input = "a: 1\n...\n# next\napiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: x}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n";
    let out = post_render_text(input).text;
    assert!(
        out.starts_with("a: 1\n...\n# next\n---\napiVersion: v1\nkind: ConfigMap\n"),
        "{out}"
    );
}

#[test]
fn a_stream_without_flink_clusters_comes_back_unchanged_with_a_warning() {
    let input =
        "# just a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n...\n";
    let out = post_render_text(input);
    assert_eq!(out.text, input);
    assert_eq!(out.clusters, 0);
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: no FlinkCluster in the input; every document was passed through unchanged\n  --> <stdin>\n"
        ]
    );
}

const BROKEN: &str = "---
# Source: demo/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
---
# Source: demo/templates/flink.yaml
apiVersion: flinkoperator.k8s.io/v1beta1
kind: FlinkCluster
metadata:
  name: demo
  namespace: flink
spec:
  flinkVersion: \"1.18\"
  image: {name: flink:1.18}
  taskManager: {replicas: 0}
---
apiVersion: flinkoperator.k8s.io/v1beta1
kind: FlinkCluster
metadata:
  name: other
  annotations: {postrenderer.helm.sh/postrender-filename: demo/templates/other.yaml}
spec:
  flinkVersion: 1.10
  image: {name: flink:1.10}
";

#[test]
fn every_problem_of_every_document_is_reported_with_its_document_and_position() {
    let error = post_render("<stdin>", BROKEN, &Options::default(), Limits::default())
        .expect_err("invalid");
    assert_eq!(error.error_count(), 2);
    assert_eq!(
        error.to_string(),
        "in <stdin>, document 2, FlinkCluster flink/demo, from demo/templates/flink.yaml:
error: spec.taskManager.replicas: Invalid value: 0: must be greater than or equal to 1
  --> <stdin>:16:27
   |
16 |   taskManager: {replicas: 0}
   |                           ^

in <stdin>, document 3, FlinkCluster other, from demo/templates/other.yaml:
error: spec.flinkVersion: expected a string, found the number 1.1 (Kubernetes reads `1.10` unquoted as a number); quote it: \"1.10\"
  --> <stdin>:24:17
   |
24 |   flinkVersion: 1.10
   |                 ^
"
    );
}

#[test]
fn two_clusters_with_one_name_collide() {
    let cluster = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: twin}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n";
    let error = post_render(
        "<stdin>",
        &format!("{cluster}---\n{cluster}"),
        &Options::default(),
        Limits::default(),
    )
    .expect_err("collision");
    let text = error.to_string();
    assert!(
        text.starts_with("in <stdin>, document 2, FlinkCluster twin:\nerror: metadata.name: document 1 is a FlinkCluster with the same name \"twin\" in namespace \"\"; the objects of both would collide\n  --> <stdin>:8:18\n"),
        "{text}"
    );
}

#[test]
fn syntax_errors_in_a_flink_cluster_name_the_stream_position() {
    // The second document is a FlinkCluster with an unclosed flow sequence on stream line 6.
    let stream = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: FlinkCluster\nmetadata: {name: [b}\n";
    let error = post_render("<stdin>", stream, &Options::default(), Limits::default())
        .expect_err("invalid");
    assert_eq!(error.reports.len(), 1);
    let document = error.reports[0]
        .document
        .as_ref()
        .expect("about a document");
    assert_eq!(document.index, 1);
    let text = error.to_string();
    assert!(
        text.starts_with("in <stdin>, document 2:\nerror: invalid YAML"),
        "{text}"
    );
    assert!(text.contains("--> <stdin>:6:"), "{text}");
}

#[test]
fn a_kind_spelled_with_an_escape_is_still_a_flink_cluster() {
    // Documents whose bytes do not spell `FlinkCluster` are not parsed, unless a backslash
    // could spell it in a double-quoted scalar.
    let cluster = read(&repo().join("fixtures/render/sample-session-cluster.yaml"))
        .replace("kind: FlinkCluster", "kind: \"Flink\\x43luster\"");
    assert!(!cluster.contains("FlinkCluster"));
    let out = post_render_text(&format!("a: 1\n---\n{cluster}"));
    assert_eq!(out.clusters, 1);
    assert!(out.text.contains("kind: ControllerRevision"));
}

#[test]
fn syntax_errors_in_documents_that_are_not_ours_are_not_seen() {
    // Post-render parses FlinkClusters only: an invalid document of someone else's is copied
    // as it is, for the tool that reads the stream next to judge.
    let cluster = read(&repo().join("fixtures/render/sample-session-cluster.yaml"));
    let stream = format!("a: [1\n---\n{cluster}---\nb: \"unclosed\n");
    let out = post_render_text(&stream);
    assert_eq!(out.clusters, 1);
    assert!(out.text.starts_with("a: [1\n---\n"), "{}", out.text);
    assert!(out.text.ends_with("---\nb: \"unclosed\n"), "{}", out.text);
}

#[test]
fn command_prints_the_library_output_and_fails_with_nothing_on_stdout() {
    let path = repo().join("fixtures/post-render/helm3-job-cluster.yaml");
    let ok = cli(&["post-render", "--revision", "3"], &read(&path));
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert_eq!(text(&ok.stdout), post_render_fixture(&path).text);

    let failed = cli(&["post-render"], BROKEN);
    assert_eq!(failed.status.code(), Some(2));
    assert!(failed.stdout.is_empty());
    let stderr = text(&failed.stderr);
    assert!(stderr.contains("  --> <stdin>:16:27\n"), "{stderr}");
    assert!(
        stderr.ends_with("flink-render post-render: 2 error(s); nothing was written\n"),
        "{stderr}"
    );

    let usage = cli(&["post-render", "--revision", "0"], "");
    assert_eq!(usage.status.code(), Some(2));
    assert!(usage.stdout.is_empty());
}

#[test]
fn command_line_options_win_over_annotations() {
    let path = repo().join("fixtures/post-render/helm3-job-cluster.yaml");
    let out = cli(&["post-render", "--revision", "7"], &read(&path));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\nrevision: 7\n"), "{stdout}");
    assert!(!stdout.contains("\nrevision: 3\n"));
}

#[test]
fn odd_streams_come_back_unchanged_or_are_refused_never_a_panic() {
    let cluster = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: x}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n";
    let odd = [
        "",
        "---",
        "---\n---\n",
        "...\n",
        "# only a comment",
        "%YAML 1.2\n---\na: 1\n",
        "--- |\n  text\n",
        "- a\n- b\n",
        "a: 1\r\n...\r\n---\r\nb: 2",
        "\u{feff}a: 1\n",
        "a: [1\n",
        "\t",
        "&a a: *a\n",
    ];
    for text in odd {
        match post_render("<stdin>", text, &Options::default(), Limits::default()) {
            Ok(out) => assert_eq!(out.text, text, "{text:?}"),
            Err(error) => assert!(error.error_count() > 0, "{text:?}"),
        }
        let with_cluster = format!("{text}\n---\n{cluster}");
        if let Ok(out) = post_render(
            "<stdin>",
            &with_cluster,
            &Options::default(),
            Limits::default(),
        ) {
            assert_eq!(out.clusters, 1, "{with_cluster:?}");
            assert!(
                out.text.contains("kind: ControllerRevision"),
                "{with_cluster:?}"
            );
        }
    }
}

#[test]
fn documents_that_are_not_ours_pass_through_even_when_odd() {
    // A list document, a scalar document and a ConfigMap with a duplicate key: none of them is
    // a FlinkCluster, so post-render neither judges nor changes them.
    let cluster = read(&repo().join("fixtures/render/sample-session-cluster.yaml"));
    let input = format!(
        "- just\n- a list\n---\na scalar\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n  a: \"1\"\n  a: \"2\"\n---\n{cluster}"
    );
    let out = post_render_text(&input);
    assert_eq!(out.clusters, 1);
    assert!(out.text.starts_with("- just\n- a list\n---\na scalar\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n  a: \"1\"\n  a: \"2\"\n---\n"));
    assert_passed_through(&input, &out.text);
    // The same duplicate key inside the FlinkCluster is ours, and an error.
    let bad = cluster.replacen(
        "  flinkVersion: \"1.14\"\n",
        "  flinkVersion: \"1.14\"\n  flinkVersion: \"1.15\"\n",
        1,
    );
    let error =
        post_render("<stdin>", &bad, &Options::default(), Limits::default()).expect_err("refused");
    assert!(
        error.to_string().contains("duplicate key `flinkVersion`"),
        "{error}"
    );
}

#[test]
fn a_secret_in_the_stream_never_reaches_the_rendered_config_map() {
    let out = post_render_text(SECRET_AND_CLUSTER).text;
    for value in ["QUtJQS1ub3QtaW4tY29uZmln", "plain-secret-not-in-config"] {
        assert_eq!(out.matches(value).count(), 1, "{value} is copied:\n{out}");
    }
    let config_map = out
        .split("---\n")
        .find(|document| document.contains("name: uses-secret-configmap\n"))
        .unwrap_or_else(|| panic!("no flink-conf ConfigMap:\n{out}"));
    assert!(config_map.contains("s3.secret-key: ${S3_SECRET_KEY}\n"));
    assert!(out.contains("secretKeyRef:\n"));
    assert!(out.starts_with(SECRET_AND_CLUSTER.split("---\n").next().unwrap_or_default()));
}

/// The documents YAML reads in `text`, as (kind, name), FlinkClusters left out; `None` when
/// the stream does not read as YAML.
fn other_documents(text: &str) -> Option<Vec<(String, String)>> {
    let (documents, _) = flink_render::yaml::load_stream(text, Limits::default()).ok()?;
    Some(
        documents
            .iter()
            .filter_map(|d| d.root.as_ref())
            .map(|root| {
                let field = |node: Option<&flink_render::yaml::Node>| {
                    node.and_then(|n| n.as_str()).unwrap_or_default().to_owned()
                };
                (
                    field(root.get("kind")),
                    field(root.get("metadata").and_then(|m| m.get("name"))),
                )
            })
            .filter(|(kind, _)| kind != "FlinkCluster")
            .collect(),
    )
}

/// The fuzzer's finds and their minimal repros (tests/regressions/post-render): a document
/// after a FlinkCluster whose `---` follows a lone carriage return, or is followed by a NUL, was
/// dropped without a word. Each stream is now either refused or post-rendered with every
/// document YAML reads in it: the byte cut and the YAML reader agree on line breaks, and a
/// FlinkCluster's bytes that read as more than one document are refused.
#[test]
fn fuzzer_finds_no_document_is_dropped() {
    let dir = repo().join("tests/regressions/post-render");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("reads");
        let input = String::from_utf8(bytes).expect("UTF-8");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        seen += 1;
        match post_render(&name, &input, &Options::default(), Limits::default()) {
            Ok(output) => {
                assert_passed_through(&input, &output.text);
                if let Some(others) = other_documents(&input) {
                    assert_eq!(
                        other_documents(&output.text)
                            .expect("the output reads as YAML")
                            .into_iter()
                            .filter(|doc| others.contains(doc))
                            .collect::<Vec<_>>(),
                        others,
                        "{name}: every document that is not a FlinkCluster is in the output"
                    );
                }
            }
            Err(error) => assert!(error.error_count() > 0, "{name}"),
        }
    }
    assert_eq!(seen, 4);
}

#[test]
fn a_document_after_a_marker_on_a_lone_carriage_return_is_passed_through() {
    let input = read(&repo().join("tests/regressions/post-render/p05-cr-marker-after-cluster.bin"));
    let secret = &input[input.find("\r---\r").expect("CR marker") + 1..];
    let output = post_render_text(&input);
    assert!(
        output.text.ends_with(secret),
        "{:?}",
        &output.text[output.text.len() - 200..]
    );
    assert_eq!(output.clusters, 1);
    let out = cli(
        &[
            "post-render",
            "tests/regressions/post-render/p05-cr-marker-after-cluster.bin",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("kind: Secret\rmetadata: {name: hidden-secret}"));
}

#[test]
fn a_marker_followed_by_a_nul_inside_a_flink_cluster_is_refused_as_render_refuses_it() {
    let file = "tests/regressions/post-render/p04-doc-after-nul-marker-dropped.bin";
    for command in ["post-render", "render"] {
        let out = cli(&[command, file], "");
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "error: invalid YAML: unexpected character: `\\u{{0}}'\n  --> {file}:36:4\n"
            )),
            "{command}: {stderr}"
        );
    }
}

/// A Helm-rendered stream with a FlinkCluster, the Apache operator's session FlinkDeployment and
/// a FlinkSessionJob on it.
fn apache_stream() -> String {
    let session = read(&repo().join("fixtures/apache/session-job.yaml"));
    format!(
        "---\n# Source: demo/templates/flink.yaml\napiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {{name: old}}\nspec: {{flinkVersion: \"1.18\", image: {{name: flink:1.18}}}}\n---\n# Source: demo/templates/apache.yaml\n{session}"
    )
}

#[test]
fn flink_deployments_and_session_jobs_stay_in_the_stream_as_they_are_and_are_checked() {
    let input = apache_stream();
    let out = post_render_text(&input);
    assert_eq!(out.clusters, 1);
    // The FlinkCluster is replaced; everything from the FlinkDeployment on is byte for byte.
    let from = input
        .find("# Source: demo/templates/apache.yaml")
        .expect("marker");
    assert!(out.text.ends_with(&input[from..]), "{}", out.text);
    assert!(out.text.contains("kind: StatefulSet\n"), "{}", out.text);
    assert_eq!(out.text.matches("kind: FlinkDeployment\n").count(), 1);
    assert_eq!(out.text.matches("kind: FlinkSessionJob\n").count(), 1);
    // The session job is checked against its session, in the stream: only the DNS check,
    // which needs the cluster, is left out (and said so).
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("in <stdin>, document 3, FlinkSessionJob default/basic-session-job-example:\nwarning: spec.job.jarURI: not checked: that jarURI host 'repo1.maven.org' resolves"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_stream_of_flink_deployments_alone_is_no_news() {
    let input = read(&repo().join("fixtures/apache/basic.yaml"));
    let out = post_render_text(&input);
    assert_eq!(out.text, input);
    assert_eq!(out.clusters, 0);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn problems_of_flink_deployments_and_session_jobs_stop_post_rendering_all_at_once() {
    let input = apache_stream()
        .replace("  jobManager:\n", "  jobManager:\n    replicas: 0\n")
        .replace("jarURI: https://", "jarURI: ftp://");
    let error = post_render("<stdin>", &input, &Options::default(), Limits::default())
        .expect_err("invalid");
    assert_eq!(error.error_count(), 2, "{error}");
    let text = error.to_string();
    assert!(
        text.starts_with("in <stdin>, document 2, FlinkDeployment default/basic-session-example, from demo/templates/apache.yaml:\nerror: spec.jobManager.replicas: JobManager replicas should not be configured less than one.\n  --> <stdin>:23:15\n"),
        "{text}"
    );
    assert!(
        text.contains("in <stdin>, document 3, FlinkSessionJob default/basic-session-job-example:\nerror: spec.job.jarURI: jarURI scheme 'ftp' is not in the allowlist [https]. Configure 'kubernetes.operator.user.artifacts.allowed-schemes' to extend the allowlist.\n"),
        "{text}"
    );
    let output = cli(&["post-render", "-"], &input);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn two_flink_deployments_with_one_name_collide() {
    let deployment = read(&repo().join("fixtures/apache/basic.yaml"));
    let error = post_render(
        "<stdin>",
        &format!("{deployment}---\n{deployment}"),
        &Options::default(),
        Limits::default(),
    )
    .expect_err("collision");
    let text = error.to_string();
    assert_eq!(error.error_count(), 1, "{text}");
    assert!(
        text.contains(", document 2, FlinkDeployment default/basic-example:\nerror: metadata.name: document 1 is a FlinkDeployment with the same name \"basic-example\" in namespace \"default\"; the objects of both would collide\n"),
        "{text}"
    );
}
