//! Diffing FlinkCluster revisions: reviewed snapshots of the report for every pair in
//! fixtures/diff and for the operator's update walkthrough (wordcount 1.9.2 → 1.9.3), the JSON
//! form, exit codes, colour, determinism, and strict schema validation of every render behind
//! the diffs.

mod support;

use std::path::{Path, PathBuf};

use flink_render::diff::{self, Diff, DiffOptions, LiveJob, LiveState, ObjectChange, Update};
use flink_render::yaml::Limits;
use flink_render::{Options, Source};
use support::*;

/// The new side of a fixture pair: `<case>.new.yaml` next to `<case>.old.yaml`.
fn new_side(old: &Path) -> PathBuf {
    let name = file_name(old).replace(".old.yaml", ".new.yaml");
    old.with_file_name(name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn wordcount() -> (PathBuf, PathBuf) {
    let dir = repo().join("fixtures/render");
    (
        dir.join("example-update-wordcount-1.9.2.yaml"),
        dir.join("example-update-wordcount-1.9.3.yaml"),
    )
}

/// Diffs two files in the library; `Err` holds the printed error reports.
fn diff_files(old: &Path, new: &Path, options: &DiffOptions) -> Result<Diff, String> {
    let (old_text, new_text) = (read(old), read(new));
    let (old_name, new_name) = (file_name(old), file_name(new));
    diff::diff_sources(
        Source {
            origin: &old_name,
            text: &old_text,
        },
        Source {
            origin: &new_name,
            text: &new_text,
        },
        options,
        Limits::default(),
    )
    .map_err(|reports| reports.iter().map(ToString::to_string).collect())
}

/// Diffs two texts (named old.yaml and new.yaml) with default options.
fn diff_texts(old: &str, new: &str) -> Diff {
    let source = |origin, text| Source { origin, text };
    diff::diff_sources(
        source("old.yaml", old),
        source("new.yaml", new),
        &DiffOptions::default(),
        Limits::default(),
    )
    .expect("diffs")
}

/// The diff with the shipped texts of every ConfigMap replaced by markers (see support).
fn redacted(mut diff: Diff) -> Diff {
    for cluster in &mut diff.clusters {
        for object in &mut cluster.objects {
            for side in [object.old.as_mut(), object.new.as_mut()]
                .into_iter()
                .flatten()
            {
                redact_shipped_texts(std::slice::from_mut(side));
            }
        }
    }
    diff
}

/// What `flink-render diff` would report, as `exit: <code>` and the text: the report for 0
/// and 1, the refusals or errors for 2.
fn report(old: &Path, new: &Path, options: &DiffOptions) -> String {
    match diff_files(old, new, options) {
        Err(reports) => format!("exit: 2\n\n{reports}"),
        Ok(diff) if diff.is_rejected() => {
            let reports: String = diff.rejections.iter().map(ToString::to_string).collect();
            format!("exit: 2\n\n{reports}")
        }
        Ok(diff) => {
            let code = u8::from(diff.has_differences());
            let text = diff::text::report(&redacted(diff), false).expect("report");
            format!("exit: {code}\n\n{text}")
        }
    }
}

#[test]
fn fixture_pairs() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/diff", "*.old.yaml", |path| {
            insta::assert_snapshot!(report(path, &new_side(path), &DiffOptions::default()));
        });
    });
}

#[test]
fn operator_update_example() {
    let (old, new) = wordcount();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::assert_snapshot!("wordcount-1.9.2-to-1.9.3", report(&old, &new, &DiffOptions::default()));
        let diff = redacted(diff_files(&old, &new, &DiffOptions::default()).expect("diffs"));
        insta::assert_snapshot!("wordcount-1.9.2-to-1.9.3-json", diff::json::report(&diff).expect("json"));
    });
}

/// What `flink-render diff --output markdown` writes: the report for 0, 1 and refused
/// updates (which the comment must explain); the errors otherwise.
fn markdown(old: &Path, new: &Path) -> String {
    match diff_files(old, new, &DiffOptions::default()) {
        Err(reports) => format!("errors:\n\n{reports}"),
        Ok(diff) => {
            diff::markdown::report(&redacted(diff), diff::markdown::MAX_BYTES).expect("report")
        }
    }
}

#[test]
fn markdown_pairs() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        let (old, new) = wordcount();
        insta::assert_snapshot!("wordcount-1.9.2-to-1.9.3-markdown", markdown(&old, &new));
        insta::glob!("../fixtures/diff", "*.old.yaml", |path| {
            insta::assert_snapshot!(markdown(path, &new_side(path)));
        });
    });
}

/// `count` job clusters named `c0`, `c1`, ..., each with `replicas` TaskManagers and a
/// flinkProperties entry per key of `properties`.
fn many_clusters(count: usize, image: &str, properties: usize) -> String {
    (0..count)
        .map(|i| {
            let props: String = (0..properties)
                .map(|p| format!("    custom.key{p}: \"{image}-{p}\"\n"))
                .collect();
            format!(
                "---\napiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: c{i}\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: {image}\n  job:\n    jarFile: /opt/job.jar\n    savepointsDir: s3://bucket/savepoints\n  flinkProperties:\n{props}"
            )
        })
        .collect()
}

#[test]
fn a_long_markdown_report_stays_within_a_github_comment() {
    let old = many_clusters(8, "flink:1.18.0", 300);
    let new = many_clusters(8, "flink:1.18.1", 300);
    let diff = diff_texts(&old, &new);
    let whole = diff::text::report(&diff, false).expect("text");
    assert!(
        whole.len() > 3 * diff::markdown::GITHUB_COMMENT_LIMIT,
        "{}",
        whole.len()
    );
    let report = diff::markdown::report(&diff, diff::markdown::MAX_BYTES).expect("markdown");
    assert!(
        report.len() <= diff::markdown::MAX_BYTES,
        "{}",
        report.len()
    );
    assert!(
        report.len() > diff::markdown::MAX_BYTES - 2_000,
        "the room is used: {}",
        report.len()
    );
    // Every cluster's summary is there, whole; the diffs are cut, and counted.
    for i in 0..8 {
        assert!(report.contains(&format!(
            "### FlinkCluster `flink/c{i}`: savepoint, then restart"
        )));
    }
    assert!(
        report.contains("more line(s) of this diff not shown"),
        "a diff is cut at a line"
    );
    assert!(report.contains("… and 280 more (the diffs below have every change)."));
    let closing = report
        .lines()
        .find(|l| l.contains("line(s) of the diffs not shown"))
        .expect("the closing count");
    assert!(closing.contains("diff(s) left out whole"), "{closing}");
    // The same diff, the same bytes; a smaller budget is met too.
    assert_eq!(
        report,
        diff::markdown::report(&diff, diff::markdown::MAX_BYTES).expect("markdown")
    );
    let small = diff::markdown::report(&diff, 20_000).expect("markdown");
    assert!(small.len() <= 20_000, "{}", small.len());
    assert!(
        small.contains("more FlinkCluster(s) not shown"),
        "the summaries are cut, with a count"
    );
}

#[test]
fn markdown_escapes_what_the_input_says() {
    let cluster = |dir: &str, value: &str| {
        format!(
            "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  job:\n    jarFile: /opt/job.jar\n    savepointsDir: {dir:?}\n  flinkProperties:\n    custom.value: {value:?}\n"
        )
    };
    let old = cluster("s3://b/sp", "a");
    let new = cluster("s3://b/sp", "x | `y` <script>alert(1)</script> @org/team");
    let report =
        diff::markdown::report(&diff_texts(&old, &new), diff::markdown::MAX_BYTES).expect("md");
    let row = report
        .lines()
        .find(|l| l.starts_with("| `custom.value` |"))
        .expect("the configuration row");
    assert_eq!(
        row,
        "| `custom.value` | `a` | ``x \\| `y` <script>alert(1)</script> @org/team`` |"
    );
    // Outside code spans and diff blocks, no tag and no mention survives.
    let outside: String = report
        .split("```")
        .step_by(2)
        .collect::<Vec<_>>()
        .join("")
        .lines()
        // The two table rows hold the value in code spans, checked above.
        .filter(|l| !l.contains("custom.value"))
        .collect();
    assert!(
        report
            .contains("| `spec.flinkProperties[custom.value]` | `\"a\"` | ``\"x \\| `y` <script>")
    );
    assert!(!outside.contains("<script>"), "{report}");
    assert!(!outside.contains(" @org"), "{report}");
}

#[test]
fn every_render_behind_the_diffs_passes_strict_schema_validation() {
    let mut pairs: Vec<(PathBuf, PathBuf)> = fixtures("diff")
        .into_iter()
        .filter(|p| file_name(p).ends_with(".old.yaml"))
        .map(|old| {
            let new = new_side(&old);
            (old, new)
        })
        .collect();
    pairs.push(wordcount());
    let mut outputs = Vec::new();
    for (old, new) in &pairs {
        let Ok(diff) = diff_files(old, new, &DiffOptions::default()) else {
            continue;
        };
        for (side, pick) in [("old", true), ("new", false)] {
            let objects: Vec<flink_render::Object> = diff
                .clusters
                .iter()
                .flat_map(|c| &c.objects)
                .filter_map(|o| if pick { o.old.clone() } else { o.new.clone() })
                .collect();
            if objects.is_empty() {
                // Nothing deployed yet (a first deployment's old side).
                continue;
            }
            let yaml = flink_render::emit::yaml_stream(&objects).expect("yaml");
            outputs.push((format!("{}-{side}", file_name(old)), yaml));
        }
    }
    assert!(outputs.len() >= 30, "every diffable pair is checked");
    assert_strictly_valid(&outputs);
}

#[test]
fn diffing_twice_gives_the_same_bytes() {
    let (old, new) = wordcount();
    let once = diff_files(&old, &new, &DiffOptions::default()).expect("diffs");
    let twice = diff_files(&old, &new, &DiffOptions::default()).expect("diffs");
    assert_eq!(
        diff::text::report(&once, true).expect("text"),
        diff::text::report(&twice, true).expect("text")
    );
    assert_eq!(
        diff::json::report(&once).expect("json"),
        diff::json::report(&twice).expect("json")
    );
}

#[test]
fn the_old_revision_number_is_given_and_the_new_one_follows() {
    let (old, new) = wordcount();
    let options = DiffOptions {
        render: Options {
            revision: Some(7),
            ..Options::default()
        },
        ..DiffOptions::default()
    };
    let diff = diff_files(&old, &new, &options).expect("diffs");
    let cluster = diff.clusters.first().expect("one cluster");
    let numbers = (
        cluster.revision.old.as_ref().map(|r| r.status_name()),
        cluster.revision.new.as_ref().map(|r| r.status_name()),
    );
    assert_eq!(
        numbers,
        (
            Some("wordcount-dff774979-7".to_owned()),
            Some("wordcount-6b788c6dd6-8".to_owned())
        )
    );
    // An unchanged spec keeps its number.
    let same = diff_files(&old, &old, &options).expect("diffs");
    let cluster = same.clusters.first().expect("one cluster");
    assert_eq!(cluster.revision.old, cluster.revision.new);
    assert_eq!(cluster.revision.new.as_ref().map(|r| r.number), Some(7));
    assert!(!same.has_differences());
}

#[test]
fn a_stopped_job_is_not_resubmitted() {
    let (old, new) = wordcount();
    let options = DiffOptions {
        live: LiveState {
            job: LiveJob::Stopped,
            savepoint_generation: None,
        },
        ..DiffOptions::default()
    };
    let diff = diff_files(&old, &new, &options).expect("diffs");
    let text = diff::text::report(&diff, false).expect("report");
    assert!(
        text.contains("  job: is not running and stays stopped (the operator does not resubmit a terminated job)\n"),
        "{text}"
    );
    assert!(
        text.contains("    ~ Job wordcount-job-submitter              keep\n"),
        "{text}"
    );
    assert!(
        text.contains("  warning: spec.job.takeSavepointOnUpdate (line 27:5): the operator's webhook refuses this update unless the job stopped with a final savepoint: \"cannot update spec: taking savepoint is skipped but no up-to-date savepoint, spec.job.takeSavepointOnUpdate: nil, spec.job.maxStateAgeToRestoreSeconds: nil, job status: <the live job status>\"\n"),
        "{text}"
    );
    assert!(text.contains("assuming: the job has stopped,"), "{text}");
}

#[test]
fn renamed_clusters_are_deleted_and_created() {
    let old_path = repo().join("fixtures/diff/replicas.old.yaml");
    let old = read(&old_path);
    let new = old.replace("name: wordcount\n", "name: wordcount-v2\n");
    let diff = diff_texts(&old, &new);
    let summary: Vec<(String, Update, usize, usize)> = diff
        .clusters
        .iter()
        .map(|c| {
            (
                c.qualified_name(),
                c.impact.update,
                c.count(ObjectChange::Added),
                c.count(ObjectChange::Removed),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("default/wordcount-v2".to_owned(), Update::Create, 7, 0),
            ("default/wordcount".to_owned(), Update::Delete, 0, 7),
        ]
    );
    let created = diff.clusters.first().expect("created");
    assert_eq!(created.revision.new.as_ref().map(|r| r.number), Some(1));
}

// ---- the command line ----

fn cli_diff(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let output = cli(&all, stdin);
    (
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

#[test]
fn exit_codes_follow_kubectl_diff() {
    let cases = [
        (
            "fixtures/diff/quantity-noop",
            0,
            "FlinkCluster default/wordcount: no differences\n",
        ),
        (
            "fixtures/diff/image",
            1,
            "FlinkCluster default/wordcount: full update\n",
        ),
        ("fixtures/diff/reject-deployment-type", 2, ""),
    ];
    for (case, expected, stdout_start) in cases {
        let (old, new) = (format!("{case}.old.yaml"), format!("{case}.new.yaml"));
        let (code, stdout, stderr) = cli_diff(&[&old, &new], "");
        assert_eq!(code, Some(expected), "{case}: {stderr}");
        assert!(stdout.starts_with(stdout_start), "{case}: {stdout}");
        if expected == 2 {
            assert_eq!(stdout, "");
            assert!(
                stderr.contains("error: spec.taskManager.deploymentType: updating deploymentType is not allowed\n  --> fixtures/diff/reject-deployment-type.new.yaml:19:21\n"),
                "{stderr}"
            );
            assert!(stderr.ends_with("flink-render: the operator's webhook refuses this update (1 problem(s)); nothing would change\n"));
        }
    }
}

#[test]
fn errors_exit_2_with_nothing_on_stdout() {
    let old = "fixtures/diff/replicas.old.yaml";
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &[old, "fixtures/diff/missing.yaml"],
            "",
            "cannot open fixtures/diff/missing.yaml",
        ),
        (
            &["-", "-"],
            "",
            "only one of OLD and NEW can be standard input (-)",
        ),
        (
            &[old, "-"],
            "kind: FlinkCluster\napiVersion: flinkoperator.k8s.io/v1beta1\nmetadata: {name: x}\nspec: {flinkVersion: \"1.18\"}\n",
            "error: spec.image: Required value",
        ),
        (&[old], "", "error:"),
    ];
    for (args, stdin, expected) in cases {
        let (code, stdout, stderr) = cli_diff(args, stdin);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn standard_input_can_be_either_side() {
    let old = read(&repo().join("fixtures/diff/replicas.old.yaml"));
    let (code, stdout, _) = cli_diff(&["-", "fixtures/diff/replicas.new.yaml"], &old);
    assert_eq!(code, Some(1));
    assert!(stdout.starts_with("FlinkCluster default/wordcount: scale update\n"));
}

#[test]
fn json_output_for_ci() {
    let (code, stdout, _) = cli_diff(
        &[
            "fixtures/diff/replicas.old.yaml",
            "fixtures/diff/replicas.new.yaml",
            "--output",
            "json",
        ],
        "",
    );
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["formatVersion"], 1);
    assert_eq!(json["differences"], true);
    assert_eq!(json["assumptions"]["job"], "running");
    let cluster = &json["clusters"][0];
    assert_eq!(cluster["update"], "scale");
    assert_eq!(cluster["revision"]["new"]["number"], 2);
    assert_eq!(
        cluster["specChanges"][0]["path"],
        "spec.taskManager.replicas"
    );
    assert_eq!(cluster["specChanges"][0]["new"], 4);
    assert_eq!(cluster["objects"][4]["kind"], "StatefulSet");
    assert_eq!(cluster["objects"][4]["action"], "update");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = [
        "fixtures/diff/replicas.old.yaml",
        "fixtures/diff/replicas.new.yaml",
    ];
    let with = |extra: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(extra);
        cli_diff(&all, "").1
    };
    let always = with(&["--color", "always"]);
    assert!(
        always.contains("\u{1b}[31m-  replicas: 2\u{1b}[0m\n"),
        "{always}"
    );
    assert!(always.contains("\u{1b}[32m+  replicas: 4\u{1b}[0m\n"));
    for plain in [with(&["--color", "never"]), with(&[])] {
        assert!(!plain.contains('\u{1b}'));
        assert!(plain.contains("\n-  replicas: 2\n+  replicas: 4\n"));
    }
}

#[test]
fn the_history_limit_deletes_replaced_revisions() {
    let old = read(&repo().join("fixtures/diff/replicas.old.yaml"));
    let new = read(&repo().join("fixtures/diff/replicas.new.yaml"))
        .replace("spec:\n", "spec:\n  revisionHistoryLimit: 1\n");
    let diff = diff_texts(&old, &new);
    let text = diff::text::report(&diff, false).expect("report");
    let summary = text.split("\n\n").next().unwrap_or_default();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::assert_snapshot!("history-limit-1", summary);
    });
}

#[test]
fn a_first_deployment_is_a_diff_from_nothing() {
    let new = "fixtures/diff/first-deployment.new.yaml";
    for old in ["/dev/null", "fixtures/diff/first-deployment.old.yaml"] {
        let (code, stdout, stderr) = cli_diff(&[old, new, "--color", "never"], "");
        assert_eq!(code, Some(1), "{old}: {stderr}");
        assert!(
            stdout.starts_with("FlinkCluster default/wordcount: created\n"),
            "{old}: {stdout}"
        );
        assert!(stdout.contains("objects: 7 added, 0 removed, 0 changed, 0 unchanged\n"));
    }
    // Standard input can be the empty side, and the other way round is a teardown.
    let (code, stdout, _) = cli_diff(&["-", new, "-o", "json"], "");
    assert_eq!(code, Some(1));
    assert!(stdout.contains("\"name\": \"wordcount\""));
    let (code, stdout, _) = cli_diff(&[new, "/dev/null", "--color", "never"], "");
    assert_eq!(code, Some(1));
    assert!(
        stdout.starts_with("FlinkCluster default/wordcount: deleted\n"),
        "{stdout}"
    );
    // Nothing on either side is an error that says how to diff a first deployment.
    let (code, stdout, stderr) = cli_diff(&["/dev/null", "-"], "");
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("no FlinkCluster in OLD or NEW: nothing to compare (for a first deployment, give an empty OLD: `flink-render diff /dev/null NEW`)"),
        "{stderr}"
    );
}

#[test]
fn a_job_cluster_without_savepoints_dir_leads_to_a_diff_that_works() {
    let (code, _, stderr) = cli_diff(
        &[
            "fixtures/diff/reject-no-savepoints-dir.old.yaml",
            "fixtures/diff/reject-no-savepoints-dir.new.yaml",
        ],
        "",
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("help: the operator refuses every update of a job cluster deployed without spec.job.savepointsDir, adding one included")
            && stderr.contains("`flink-render diff /dev/null NEW` shows what is created."),
        "{stderr}"
    );
    // What the help says works.
    let (code, stdout, _) = cli_diff(
        &[
            "/dev/null",
            "fixtures/diff/reject-no-savepoints-dir.new.yaml",
        ],
        "",
    );
    assert_eq!(code, Some(1));
    assert!(stdout.contains(": created\n"));
}

/// A `flinkVersion` change from 1.18 to 2.0 lists what the new version does with the
/// configuration, in the JSON report too: the file name, the user's renamed and removed keys,
/// the defaults that change for options the cluster leaves unset (and no `kubernetes.*`
/// option, which the operator's standalone processes do not read).
#[test]
fn a_flink_version_change_lists_the_properties_it_affects() {
    let old = repo().join("fixtures/diff/flink-version-2.0.old.yaml");
    let diff = diff_files(&old, &new_side(&old), &DiffOptions::default()).expect("diff");
    let json: serde_json::Value =
        serde_json::from_str(&diff::json::report(&diff).expect("json")).expect("JSON");
    let version = &json["clusters"][0]["flinkVersion"];
    assert_eq!(version["old"], "1.18");
    assert_eq!(version["new"], "2.0");
    assert_eq!(version["file"]["old"], "flink-conf.yaml");
    assert_eq!(version["file"]["new"], "config.yaml");
    assert_eq!(
        version["keys"],
        serde_json::json!([
            {"key": "state.checkpoints.dir", "change": "renamed: Flink 2.0 reads it only in place of execution.checkpointing.dir"},
            {"key": "web.backpressure.num-samples", "change": "Flink 2.0 no longer has this option"},
        ])
    );
    let defaults = version["defaults"].as_array().expect("defaults");
    let multiplier = defaults
        .iter()
        .find(|d| d["key"] == "restart-strategy.exponential-delay.backoff-multiplier")
        .expect("a changed default");
    assert_eq!(multiplier["old"], "2.0");
    assert_eq!(multiplier["new"], "1.5");
    // Spelling changes of one value are not changes (30000 ms and 30s).
    assert!(!defaults.iter().any(|d| d["key"] == "heartbeat.interval"));
    assert!(!defaults.iter().any(|d| {
        d["key"]
            .as_str()
            .is_some_and(|k| k.starts_with("kubernetes."))
    }));
    // Within a line nothing is listed.
    let same_line = diff_texts(
        &read(&old),
        &read(&old).replace("flink:1.18.1", "flink:1.18.0"),
    );
    let json: serde_json::Value =
        serde_json::from_str(&diff::json::report(&same_line).expect("json")).expect("JSON");
    assert_eq!(json["clusters"][0]["flinkVersion"], serde_json::Value::Null);
}

/// The operator's `examples/basic.yaml` (fixtures/apache).
fn basic_deployment() -> String {
    read(&repo().join("fixtures/apache/basic.yaml"))
}

#[test]
fn flink_deployments_are_diffed_by_their_objects() {
    let old = basic_deployment();
    let new = old.replacen("memory: \"2048m\"", "memory: \"4096m\"", 1);
    let diff = diff_texts(&old, &new);
    assert!(diff.has_differences() && !diff.is_rejected());
    let [deployment] = diff.clusters.as_slice() else {
        panic!("{:?}", diff.clusters);
    };
    assert_eq!(deployment.kind, "FlinkDeployment");
    assert_eq!(deployment.qualified_name(), "default/basic-example");
    assert_eq!(deployment.impact.update, Update::Full);
    let changes: Vec<(String, ObjectChange)> = deployment
        .objects
        .iter()
        .map(|o| (o.identity(), o.change))
        .collect();
    assert_eq!(
        changes
            .iter()
            .map(|(id, change)| format!("{id} {change:?}"))
            .collect::<Vec<_>>(),
        [
            "v1/ConfigMap/default/flink-config-basic-example Changed",
            "v1/Service/default/basic-example Unchanged",
            "v1/Service/default/basic-example-rest Unchanged",
            "apps/v1/Deployment/default/basic-example Changed",
        ]
    );
    let text = diff::text::report(&diff, false).expect("report");
    assert!(
        text.starts_with("FlinkDeployment default/basic-example: full update\n  objects: 0 added, 0 removed, 2 changed, 2 unchanged\n"),
        "{text}"
    );
    // The JobManager's process size, in the configuration file and in the container's memory.
    assert!(
        text.contains("-          size: '2 gb'\n+          size: '4 gb'\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("-            memory: 2048Mi\n+            memory: 4096Mi\n")
            .count(),
        2,
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&diff::json::report(&diff).expect("json")).expect("valid");
    assert_eq!(json["clusters"][0]["kind"], "FlinkDeployment");
    assert_eq!(json["clusters"][0]["update"], "full");
    // What Flink reads and the sizes its memory model gives.
    let configuration: Vec<(&str, Option<&str>, Option<&str>)> = deployment
        .flink
        .configuration
        .iter()
        .map(|c| (c.name.as_str(), c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        configuration,
        [("jobmanager.memory.process.size", Some("2 gb"), Some("4 gb"))]
    );
    let heap = deployment
        .flink
        .memory
        .iter()
        .find(|m| m.name == "JobManager JVM heap")
        .expect("heap changes");
    assert_eq!(
        (heap.old.as_deref(), heap.new.as_deref()),
        (Some("1.425gb"), Some("3.225gb"))
    );
    assert!(
        !deployment
            .flink
            .memory
            .iter()
            .any(|m| m.name.starts_with("TaskManager")),
        "{:?}",
        deployment.flink.memory
    );
    let markdown = diff::markdown::report(&diff, diff::markdown::MAX_BYTES).expect("markdown");
    assert!(
        markdown.contains("1 cluster(s), 1 with differences.\n\n### FlinkDeployment `default/basic-example`: update\n\n**Verdict:** the Apache operator applies the changed objects as spec.job.upgradeMode says.\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `jobmanager.memory.process.size` | `2 gb` | `4 gb` |\n"),
        "{markdown}"
    );
}

#[test]
fn an_unchanged_flink_deployment_has_no_differences_and_a_new_one_is_created() {
    let basic = basic_deployment();
    let same = diff_texts(&basic, &basic);
    assert!(!same.has_differences());
    assert_eq!(same.clusters[0].impact.update, Update::None);
    let created = diff_texts("", &basic);
    assert_eq!(created.clusters[0].impact.update, Update::Create);
    assert_eq!(created.clusters[0].count(ObjectChange::Added), 4);
}

#[test]
fn the_operators_spec_change_checks_run_against_the_old_flink_deployment() {
    let old = basic_deployment();
    let standalone = old.replacen("spec:\n", "spec:\n  mode: standalone\n", 1);
    let diff = diff_texts(&old, &standalone);
    assert!(diff.is_rejected());
    let messages: Vec<&str> = diff
        .rejections
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["Cannot switch from native kubernetes to standalone kubernetes cluster"]
    );
    let session = old
        .split("  job:\n")
        .next()
        .expect("the spec before the job")
        .to_owned();
    let to_job = diff_texts(&session, &old);
    let messages: Vec<String> = to_job
        .rejections
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect();
    assert_eq!(
        messages,
        ["spec.job: Cannot switch from session to job cluster"]
    );
    let to_session = diff_texts(&old, &session);
    let messages: Vec<&str> = to_session
        .rejections
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages, ["Cannot switch from job to session cluster"]);
    // A new savepoint redeploy nonce needs a savepoint to start from.
    let redeploy = old.replacen(
        "    upgradeMode: stateless\n",
        "    upgradeMode: stateless\n    savepointRedeployNonce: 1\n",
        1,
    );
    let messages: Vec<String> = diff_texts(&old, &redeploy)
        .rejections
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "spec.job.initialSavepointPath: InitialSavepointPath must not be empty for savepoint redeployment"
        ]
    );
    let with_path = redeploy.replacen(
        "    savepointRedeployNonce: 1\n",
        "    savepointRedeployNonce: 1\n    initialSavepointPath: s3://bucket/savepoint-1\n",
        1,
    );
    assert!(!diff_texts(&old, &with_path).is_rejected());
    let output = cli_in(
        &repo(),
        &["diff", "fixtures/apache/basic.yaml", "-"],
        &standalone,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr).contains("error: spec.mode: Cannot switch from native kubernetes to standalone kubernetes cluster\n"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn two_flink_deployments_with_one_name_on_one_side_are_refused() {
    let basic = basic_deployment();
    let twice = format!("{basic}---\n{basic}");
    let source = |origin, text| Source { origin, text };
    let reports = diff::diff_sources(
        source("old.yaml", &basic),
        source("new.yaml", &twice),
        &DiffOptions::default(),
        Limits::default(),
    )
    .expect_err("refused");
    let messages: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "a FlinkDeployment named \"basic-example\" in namespace \"default\" was already given at new.yaml:7:9; the objects of both would collide"
        ]
    );
}
