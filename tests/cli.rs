//! The `flink-render` command line: exit codes, what goes to stdout and stderr, inputs, options
//! and `--output-dir`.

mod support;

use support::{cli, cli_in, read, repo, text};

const JOB: &str = "fixtures/render/sample-job-cluster.yaml";
const SESSION: &str = "fixtures/render/sample-session-cluster.yaml";

/// What the library renders of `stream` in one pass on one thread, as YAML.
fn library_yaml(stream: &str) -> String {
    let library = flink_render::render_sources(
        &[flink_render::Source {
            origin: "-",
            text: stream,
        }],
        &flink_render::Options::default(),
        flink_render::yaml::Limits::default(),
    )
    .expect("renders");
    flink_render::emit::yaml_stream(&library.objects).expect("emits")
}

fn minimal(name: &str, extra_metadata: &str) -> String {
    format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: {name}\n{extra_metadata}spec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n"
    )
}

#[test]
fn renders_a_file_to_stdout() {
    let out = cli(&["render", JOB], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("apiVersion: v1\nkind: ConfigMap\n"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("\n---\n").count(), 6, "seven documents");
    assert!(text(&out.stderr).is_empty());
}

/// Several files are checked and rendered on several threads, document by document; the bytes
/// must be those of the same clusters given one after the other in a single stream, and those
/// of the library rendering the stream in one pass on one thread.
#[test]
fn files_rendered_in_parallel_give_the_bytes_of_one_stream() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = [
        (read(&repo().join(JOB)), "flinkjobcluster-sample"),
        (read(&repo().join(SESSION)), "flinksessioncluster-sample"),
    ];
    let mut files = Vec::new();
    let mut documents = Vec::new();
    // Some 40 KB of input: more than the command renders in one pass (16 KiB).
    for file in 0..20 {
        let mut text = Vec::new();
        for cluster in 0..=file % 3 {
            let (template, name) = &templates[(file + cluster) % 2];
            text.push(template.replace(name, &format!("c{file}-{cluster}")));
        }
        let path = dir.path().join(format!("f{file}.yaml"));
        std::fs::write(&path, text.join("---\n")).expect("write");
        files.push(path.to_string_lossy().into_owned());
        documents.extend(text);
    }
    let args: Vec<&str> = std::iter::once("render")
        .chain(files.iter().map(String::as_str))
        .collect();
    let parallel = cli(&args, "");
    assert_eq!(
        parallel.status.code(),
        Some(0),
        "{}",
        text(&parallel.stderr)
    );
    let single = cli(&["render", "-"], &documents.join("---\n"));
    assert_eq!(single.status.code(), Some(0), "{}", text(&single.stderr));
    assert_eq!(
        text(&parallel.stdout).matches("kind: ConfigMap").count(),
        39
    );
    assert_eq!(text(&parallel.stdout), text(&single.stdout));
    let stream = documents.join("---\n");
    let one_thread = library_yaml(&stream);
    assert_eq!(text(&single.stdout), one_thread);
}

/// Inputs too large for one pass are checked whole before the first cluster is written: a bad
/// last cluster leaves stdout empty.
#[test]
fn a_bad_cluster_at_the_end_of_a_long_stream_leaves_stdout_empty() {
    let template = read(&repo().join(JOB));
    let mut documents: Vec<String> = (0..40)
        .map(|i| template.replace("flinkjobcluster-sample", &format!("c{i}")))
        .collect();
    documents.push(
        template
            .replace("flinkjobcluster-sample", "last")
            .replace("replicas: 2", "replicas: -2"),
    );
    let stream = documents.join("---\n");
    assert!(stream.len() > 30_000, "{} bytes", stream.len());
    let out = cli(&["render", "-"], &stream);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("spec.taskManager.replicas"),
        "{}",
        text(&out.stderr)
    );
    let good = cli(&["render", "-"], &documents[..40].join("---\n"));
    assert_eq!(good.status.code(), Some(0), "{}", text(&good.stderr));
    assert_eq!(
        text(&good.stdout)
            .matches("kind: ControllerRevision")
            .count(),
        40
    );
}

/// `render` to stdout takes one pass over a large input, its output held back until the end
/// (beyond a few MB in a temporary file); `--output-dir` checks first and renders after. Both
/// must say exactly the same about the same input, warnings and errors alike, and the held
/// output must come back whole.
#[test]
fn one_pass_and_two_passes_report_the_same_and_the_held_output_comes_back_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = read(&repo().join(JOB));
    // About 200 clusters: some 5 MB of YAML, more than is held in memory.
    let mut documents: Vec<String> = (0..200)
        .map(|i| template.replace("flinkjobcluster-sample", &format!("c{i}")))
        .collect();
    // Warnings: a cluster without a Flink version, a key Kubernetes reads as `true`.
    documents[7] = documents[7].replace("  flinkVersion: \"1.14\"\n", "");
    documents[150] =
        documents[150].replace("replicas: 2", "replicas: 2\n    nodeSelector:\n      on: x");
    let stream = documents.join("---\n");
    let warned = cli_in(dir.path(), &["render", "-"], &stream);
    assert_eq!(warned.status.code(), Some(0), "{}", text(&warned.stderr));
    let expected = library_yaml(&stream);
    assert!(expected.len() > 4 << 20, "{} bytes", expected.len());
    assert_eq!(text(&warned.stdout), expected);
    let to_dir = cli_in(dir.path(), &["render", "-", "--output-dir", "out"], &stream);
    assert_eq!(to_dir.status.code(), Some(0), "{}", text(&to_dir.stderr));
    assert!(
        text(&warned.stderr).contains("flinkVersion"),
        "{}",
        text(&warned.stderr)
    );
    assert_eq!(text(&warned.stderr), text(&to_dir.stderr));

    // Errors: a value out of range, the same cluster twice, a syntax error at the very end.
    documents[20] = documents[20].replace("replicas: 2", "replicas: -2");
    documents[120] = documents[121].clone();
    documents.push("a: [\n".to_owned());
    let stream = documents.join("---\n");
    let refused = cli_in(dir.path(), &["render", "-"], &stream);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(refused.stdout.is_empty());
    let refused_to_dir = cli_in(
        dir.path(),
        &["render", "-", "--output-dir", "out2"],
        &stream,
    );
    assert_eq!(refused_to_dir.status.code(), Some(2));
    assert_eq!(text(&refused.stderr), text(&refused_to_dir.stderr));
    assert!(!dir.path().join("out2").exists());
    documents.pop();
    let stream = documents.join("---\n");
    let refused = cli_in(dir.path(), &["render", "-"], &stream);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(refused.stdout.is_empty());
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("spec.taskManager.replicas"), "{stderr}");
    assert!(stderr.contains("c121"), "{stderr}");
    let refused_to_dir = cli_in(
        dir.path(),
        &["render", "-", "--output-dir", "out2"],
        &stream,
    );
    assert_eq!(stderr, text(&refused_to_dir.stderr));
}

/// FlinkDeployments and FlinkSessionJobs take the same one pass as FlinkClusters when the input
/// is large: the bytes of the library's rendering, warnings included, and a session job whose
/// session is wrong refuses the whole input.
#[test]
fn a_long_stream_of_flink_deployments_renders_in_one_pass() {
    let template = read(&repo().join("fixtures/apache/session-job.yaml"));
    let documents: Vec<String> = (0..40)
        .map(|i| {
            template
                .replace("basic-session-example", &format!("session-{i}"))
                .replace("basic-session-job-example", &format!("job-{i}"))
        })
        .collect();
    let stream = documents.join("---\n");
    assert!(stream.len() > 30_000, "{} bytes", stream.len());
    let out = cli(&["render", "-"], &stream);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = library_yaml(&stream);
    assert_eq!(text(&out.stdout), expected);
    assert_eq!(text(&out.stdout).matches("kind: Deployment").count(), 40);
    let wrong = stream.replacen(
        "deploymentName: session-39",
        "deploymentName: Session_39",
        1,
    );
    let refused = cli(&["render", "-"], &wrong);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(refused.stdout.is_empty());
}

#[test]
fn reads_standard_input_when_given_dash_or_nothing() {
    let input = read(&repo().join(SESSION));
    let from_file = text(&cli(&["render", SESSION], "").stdout);
    for args in [&["render", "-"][..], &["render"][..]] {
        let out = cli(args, &input);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), from_file);
    }
}

#[test]
fn several_files_render_cluster_by_cluster_each_in_install_order() {
    let out = cli(&["render", JOB, SESSION], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let kinds: Vec<String> = text(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("kind: ").map(str::to_owned))
        .collect();
    let job = [
        "ConfigMap",
        "Service",
        "Service",
        "StatefulSet",
        "StatefulSet",
        "Job",
        "ControllerRevision",
    ];
    let session = [
        "ConfigMap",
        "Service",
        "Service",
        "StatefulSet",
        "StatefulSet",
        "ControllerRevision",
    ];
    assert_eq!(kinds, [&job[..], &session[..]].concat());
    let two_docs = format!(
        "{}---\n{}",
        minimal("a", "  namespace: x\n"),
        minimal("b", "  namespace: x\n")
    );
    let out = cli(&["render", "-"], &two_docs);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("name: a-jobmanager")
            && text(&out.stdout).contains("name: b-jobmanager")
    );
}

#[test]
fn json_output_is_a_v1_list() {
    let out = cli(&["render", JOB, "-o", "json"], "");
    assert_eq!(out.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 7);
    assert_eq!(items[0]["kind"], "ConfigMap");
    assert_eq!(
        items[0]["metadata"]["name"],
        "flinkjobcluster-sample-configmap"
    );
}

#[test]
fn bad_input_exits_2_with_path_and_position_and_nothing_on_stdout() {
    let input = minimal("c", "").replace(
        "    name: flink:1.18\n",
        "    name: flink:1.18\n  taskManager:\n    replicas: \"two\"\n",
    );
    let out = cli(&["render", "-"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: spec.taskManager.replicas: expected an integer, found the string \"two\"\n  --> <stdin>:10:15\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("flink-render: 1 error(s); nothing was rendered\n"),
        "{stderr}"
    );
}

#[test]
fn other_kinds_are_refused_with_a_pointer_to_post_render() {
    let input = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n{}",
        minimal("c", "")
    );
    let out = cli(&["render", "-"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("this document is a ConfigMap (v1), not a FlinkCluster"));
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n- {}",
        minimal("c", "").replace('\n', "\n  ")
    );
    let out = cli(&["render", "-"], &list);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("this document is a List (v1), not a FlinkCluster; `render` takes only FlinkClusters; `kubectl get -o yaml` wraps"), "{}", text(&out.stderr));
}

#[test]
fn the_same_cluster_twice_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["a.yaml", "b.yaml"] {
        std::fs::write(dir.path().join(file), minimal("c", "  namespace: ns\n")).expect("writes");
    }
    let out = cli_in(dir.path(), &["render", "a.yaml", "b.yaml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "a FlinkCluster named \"c\" in namespace \"ns\" was already given at a.yaml:4:9"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> b.yaml:4:9"), "{stderr}");
}

#[test]
fn unreadable_input_exits_2() {
    let out = cli(&["render", "no-such-file.yaml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot open no-such-file.yaml"));
    let out = cli(&["render", "-"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no FlinkCluster found"));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("latin1.yaml"), b"kind: Flink\xe9Cluster\n").expect("writes");
    let out = cli_in(dir.path(), &["render", "latin1.yaml"], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: the input is not UTF-8 (invalid byte 0xe9 at offset 11); YAML input must be UTF-8\n  --> latin1.yaml:1:12\n"),
        "{stderr}"
    );
}

#[test]
fn output_dir_gets_one_file_per_object() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out");
    let out = cli(
        &[
            "render",
            JOB,
            "--output-dir",
            target.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let mut files: Vec<String> = std::fs::read_dir(&target)
        .expect("created")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".flink-render-files",
            "apps_v1_controllerrevision_flinkjobcluster-sample-65ff845489.yaml",
            "apps_v1_statefulset_flinkjobcluster-sample-jobmanager.yaml",
            "apps_v1_statefulset_flinkjobcluster-sample-taskmanager.yaml",
            "batch_v1_job_flinkjobcluster-sample-job-submitter.yaml",
            "v1_configmap_flinkjobcluster-sample-configmap.yaml",
            "v1_service_flinkjobcluster-sample-jobmanager.yaml",
            "v1_service_flinkjobcluster-sample-taskmanager.yaml",
        ]
    );
    let service = read(&target.join("v1_service_flinkjobcluster-sample-taskmanager.yaml"));
    assert!(service.starts_with("apiVersion: v1\nkind: Service\n"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no staging directory left behind");
}

#[test]
fn output_dir_is_untouched_when_anything_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.yaml"), minimal("Bad_Name", "")).expect("writes");
    let out = cli_in(
        dir.path(),
        &["render", "../../../dev/null", "--output-dir", "out"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = cli_in(
        dir.path(),
        &[
            "render",
            repo().join(JOB).to_str().expect("utf-8"),
            "bad.yaml",
            "--output-dir",
            "out",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!dir.path().join("out").exists(), "nothing written");
    let entries: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, ["bad.yaml"]);
}

#[test]
fn options_stand_in_for_the_live_cluster() {
    let input = minimal("c", "");
    let out = cli(
        &[
            "render",
            "-",
            "--namespace",
            "flink",
            "--owner-uid",
            "0b5c1a3e-1111-4222-8333-944445555666",
            "--revision",
            "3",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("  namespace: flink\n").count(), 6);
    assert_eq!(
        stdout
            .matches("uid: 0b5c1a3e-1111-4222-8333-944445555666")
            .count(),
        6
    );
    assert!(
        stdout.contains("    blockOwnerDeletion: true\n"),
        "the ControllerRevision blocks owner deletion"
    );
    assert!(stdout.ends_with("revision: 3\n"), "{stdout}");
    support::assert_strictly_valid(&[("options".to_owned(), stdout.clone())]);

    let without_uid = text(&cli(&["render", "-"], &input).stdout);
    assert!(
        !without_uid.contains("ownerReferences"),
        "no uid, no owner references"
    );
    assert!(!without_uid.contains("namespace:"));
}

#[test]
fn annotations_carry_options_and_the_command_line_wins() {
    let input = minimal("c", "  annotations:\n    flink-render/revision: \"4\"\n");
    assert!(text(&cli(&["render", "-"], &input).stdout).ends_with("revision: 4\n"));
    assert!(
        text(&cli(&["render", "-", "--revision", "9"], &input).stdout).ends_with("revision: 9\n")
    );
}

#[test]
fn bad_options_exit_2() {
    for (args, message) in [
        (
            &["render", JOB, "--kube-version", "1.24"][..],
            "--kube-version: Kubernetes 1.24 is not supported: flink-render renders for Kubernetes 1.25 and newer",
        ),
        (
            &["render", JOB, "--revision", "0"][..],
            "--revision: \"0\" is not a revision number",
        ),
        (
            &["render", JOB, "--namespace", "Flink"][..],
            "--namespace \"Flink\": a lowercase RFC 1123 label",
        ),
        (
            &["render", JOB, "--output-dir", "x", "-o", "json"][..],
            "--output-dir writes YAML files",
        ),
        (
            &["render", "--no-such-flag"][..],
            "unexpected argument '--no-such-flag'",
        ),
    ] {
        let out = cli(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_savepoint_to_restore_goes_into_the_submitter_arguments() {
    let out = cli(
        &[
            "render",
            JOB,
            "--from-savepoint",
            "gs://bucket/savepoints/sp-1",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout)
            .contains("        - --fromSavepoint\n        - gs://bucket/savepoints/sp-1\n")
    );
    let out = cli(&["render", SESSION, "--from-savepoint", "gs://b/sp"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("spec.job: a savepoint to restore was given"));
}

#[test]
fn warnings_go_to_stderr_and_rendering_goes_on() {
    let input = minimal("c", "").replace(
        "    name: flink:1.18\n",
        "    name: flink:1.18\n  job:\n    jarFile: a.jar\n    noLoggingToStdout: true\n",
    );
    let out = cli(&["render", "-"], &input);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.is_empty());
    assert!(
        text(&out.stderr).starts_with(
            "warning: spec.job.noLoggingToStdout: the submitter passes --sysoutLogging"
        )
    );
}

#[test]
fn help_completions_and_version() {
    let help = cli(&["render", "--help"], "");
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("Examples:\n  flink-render render examples/"));
    let out = cli(&["completions", "bash"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("_flink__render() {"));
    let out = cli(&["--version"], "");
    assert_eq!(
        text(&out.stdout),
        format!("flink-render {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn prune_leaves_exactly_the_rendered_objects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out");
    let target_arg = target.to_str().expect("utf-8");
    let out = cli(&["render", SESSION, "--output-dir", target_arg], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::write(target.join("kustomization.yaml.bak"), "kept").expect("writes");
    std::fs::write(target.join("README"), "kept").expect("writes");
    let session_files = std::fs::read_dir(&target).expect("dir").count() - 3;
    let out = cli(&["render", JOB, "--output-dir", target_arg], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_dir(&target).expect("dir").count(),
        session_files + 7 + 3,
        "kept without --prune"
    );
    let out = cli(&["render", JOB, "--output-dir", target_arg, "--prune"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr).matches("pruned ").count(),
        session_files,
        "says what it pruned"
    );
    assert!(target.join("README").exists() && target.join("kustomization.yaml.bak").exists());
    assert_eq!(
        std::fs::read_dir(&target).expect("dir").count(),
        10,
        "7 objects, the record of what was written and 2 other files"
    );
    let out = cli(&["render", JOB, "--prune"], "");
    assert_eq!(out.status.code(), Some(2), "--prune needs --output-dir");
}

/// Runs the binary with stdout to a pipe that is closed after `keep` bytes were read.
fn read_then_close(args: &[&str], keep: usize) -> std::process::Output {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_flink-render"))
        .args(args)
        .current_dir(repo())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = vec![0; keep];
    stdout.read_exact(&mut first).expect("reads");
    drop(stdout);
    child.wait_with_output().expect("ends")
}

#[test]
fn a_reader_that_stops_reading_ends_the_run_quietly() {
    // `render ... | head`: far more output than a pipe holds.
    let dir = tempfile::tempdir().expect("temp dir");
    let many: String = (0..300)
        .map(|i| minimal(&format!("c{i}"), ""))
        .collect::<Vec<_>>()
        .join("---\n");
    let file = dir.path().join("many.yaml");
    std::fs::write(&file, many).expect("writes");
    let file = file.to_str().expect("utf-8");
    for args in [
        &["render", file][..],
        &["render", file, "-o", "json"],
        &["post-render", file],
        &["schema"],
    ] {
        let out = read_then_close(args, 100);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&out.stderr), "", "{args:?}: nothing on stderr");
    }
}

#[test]
fn a_missing_file_is_reported_with_every_other_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.yaml"), minimal("Bad_Name", "")).expect("writes");
    std::fs::write(dir.path().join("latin1.yaml"), b"kind: Flink\xe9Cluster\n").expect("writes");
    for command in ["render", "lint", "post-render"] {
        let out = cli_in(
            dir.path(),
            &[command, "bad.yaml", "missing.yaml", "latin1.yaml", "."],
            "",
        );
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        let stderr = text(&out.stderr);
        let position = |needle: &str| {
            stderr
                .find(needle)
                .unwrap_or_else(|| panic!("{command}: no {needle:?} in\n{stderr}"))
        };
        // In input order: the bad cluster, the missing file, the bytes, the directory.
        let order = [
            position("--> bad.yaml:4:9"),
            position("error: cannot open missing.yaml: No such file or directory"),
            position("--> latin1.yaml:1:12"),
            position("error: cannot read .: Is a directory"),
        ];
        assert!(order.is_sorted(), "{command}: {stderr}");
    }
}

#[test]
fn excerpts_never_echo_control_characters_to_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: \"\u{1b}[2J\u{1b}]0;owned\u{7}\"\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  bad\u{1b}[31m: 1\n";
    std::fs::write(dir.path().join("hostile.yaml"), hostile).expect("writes");
    let out = cli_in(dir.path(), &["render", "hostile.yaml"], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("4 |   name: \"\\u{1b}[2J\\u{1b}]0;owned\\u{7}\"\n"),
        "{stderr}"
    );
}

#[test]
fn an_owner_uid_must_look_like_a_kubernetes_uid() {
    let long = "a".repeat(3000);
    for bad in [
        "not-a-uid\nkind: Secret",
        long.as_str(),
        "0B5C1A3E-1111-4222-8333-944445555666",
    ] {
        let out = cli(&["render", JOB, "--owner-uid", bad], "");
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("is not a Kubernetes uid: it must have the form of metadata.uid"),
            "{stderr}"
        );
        assert!(stderr.len() < 500, "a long value is cut: {stderr}");
    }
    // The annotation and metadata.uid are held to the same form, at their field.
    let annotated = minimal(
        "demo",
        "  uid: x\n  annotations:\n    flink-render/owner-uid: \"12345\"\n",
    );
    let out = cli(&["render", "-"], &annotated);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "error: metadata.annotations[flink-render/owner-uid]: \"12345\" is not a Kubernetes uid"
        ) && stderr.contains("error: metadata.uid: \"x\" is not a Kubernetes uid"),
        "{stderr}"
    );
}

#[test]
fn the_readme_says_how_to_get_flink_render_on_path() {
    // Every guide calls the bare `flink-render`: the README says how it gets there, and the
    // package installs a binary of that name.
    let readme = read(&repo().join("README.md"));
    for needed in [
        "## Getting `flink-render` on PATH",
        "cargo install --locked --path .",
        "export PATH=\"$PWD/target/release:$PATH\"",
    ] {
        assert!(readme.contains(needed), "README.md lacks {needed:?}");
    }
    let manifest = read(&repo().join("Cargo.toml"));
    assert!(manifest.contains("[[bin]]\nname = \"flink-render\"\n"));
}
