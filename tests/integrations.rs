//! End to end against the real tools, on the shipped examples: helm v3.18.0 (post-renderer
//! path), helm v4.1.4 (the `helm-plugin/` plugin), kpt (`fn eval --exec`, `fn render
//! --allow-exec`), `kubectl kustomize` v1.35.2 (legacy exec plugin), the Argo CD plugin's
//! generate command and the Flux CI gate. Each case renders a FlinkCluster next to unrelated
//! objects, checks that the unrelated objects come out unchanged and the cluster's objects are
//! the library's, validates everything strictly, and checks that a broken FlinkCluster makes the
//! tool fail with flink-render's message in what the tool prints.
//!
//! helm, kubectl and kpt are installed (pinned, sha256-checked) by `scripts/install-test-tools`.
//! A missing tool fails the test with a message.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flink_render::yaml::untouched::Untouched;
use flink_render::yaml::{self, Limits, Node};
use flink_render::{Options, Source};
use support::*;

/// kpt 1.0.0-beta.56, checked against its sha256 and copied under `.tools/` by
/// scripts/install-test-tools (no package registry carries kpt).
fn kpt() -> PathBuf {
    tool("kpt/kpt")
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_flink-render"))
}

/// PATH with the built flink-render first.
fn path_with_binary() -> std::ffi::OsString {
    let mut dirs = vec![binary().parent().map(Path::to_path_buf).unwrap_or_default()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH")
}

/// Runs `command` with the built flink-render on PATH and in FLINK_RENDER (unless the test set
/// FLINK_RENDER itself).
fn run(command: &mut Command) -> Output {
    if !command.get_envs().any(|(key, _)| key == "FLINK_RENDER") {
        command.env("FLINK_RENDER", binary());
    }
    command
        .env("PATH", path_with_binary())
        .output()
        .unwrap_or_else(|e| panic!("{command:?} does not start: {e}"))
}

fn succeeded(output: &Output, what: &str) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what} failed:\n{}",
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// Copies a folder of the repository (recursively) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creates");
    for entry in std::fs::read_dir(from).expect("reads").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copies");
        }
    }
}

/// The non-empty documents of a stream, each normalized to its values (keys in order, scalars
/// as YAML reads them, comments and formatting dropped).
fn documents(stream: &str) -> Vec<String> {
    let (documents, _) =
        yaml::load_stream(stream, Limits::default()).unwrap_or_else(|e| panic!("{e}:\n{stream}"));
    documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .map(|root| yaml::to_yaml(&Untouched(root)).expect("serializes"))
        .collect()
}

fn kind_and_name(document: &str) -> (String, String) {
    let (documents, _) = yaml::load_stream(document, Limits::default()).expect("valid");
    let root = documents.into_iter().find_map(|d| d.root).expect("content");
    let text = |path: &[&str]| {
        path.iter()
            .try_fold(&root, |node, key| node.get(key))
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    (text(&["kind"]), text(&["metadata", "name"]))
}

/// The library's objects for the FlinkCluster document `cluster`, normalized like [`documents`].
fn expected_objects(cluster: &str, options: &Options) -> Vec<String> {
    let objects = flink_render::render_sources(
        &[Source {
            origin: "cluster",
            text: cluster,
        }],
        options,
        Limits::default(),
    )
    .unwrap_or_else(|reports| panic!("{reports:?}"))
    .objects;
    documents(&flink_render::emit::yaml_stream(&objects).expect("serializes"))
}

/// The one FlinkCluster document of a stream, and the other documents.
fn split_cluster(stream: &str) -> (String, Vec<String>) {
    let spans = yaml::split_stream(stream, Limits::default()).expect("valid");
    let mut cluster = None;
    let mut others = Vec::new();
    for span in spans {
        let text = span.text(stream).to_owned();
        if text.contains("\nkind: FlinkCluster\n") {
            assert!(cluster.is_none(), "one FlinkCluster");
            cluster = Some(text);
        } else if !text.trim().is_empty() {
            others.push(text);
        }
    }
    (cluster.expect("a FlinkCluster"), others)
}

fn without_helm_annotation(document: String) -> String {
    document
        .lines()
        .filter(|line| !line.contains(flink_render::post_render::HELM_FILENAME_ANNOTATION))
        .map(|line| format!("{line}\n"))
        .collect::<String>()
        .replace("  annotations: {}\n", "")
}

/// Helm with its own homes inside `home`, so nothing of the user's is read or written.
fn helm(binary: &Path, home: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .env("HELM_CACHE_HOME", home.join("cache"))
        .env("HELM_CONFIG_HOME", home.join("config"))
        .env("HELM_DATA_HOME", home.join("data"));
    command
}

const CHART: &str = "examples/helm/chart";

/// A pinned helm with a fresh home, after checking its version.
fn fresh_helm(relative: &str, version: &str) -> (PathBuf, tempfile::TempDir) {
    let binary = tool(relative);
    let home = tempfile::tempdir().expect("temp dir");
    let reported = succeeded(
        &run(helm(&binary, home.path()).args(["version", "--short"])),
        "helm version",
    );
    assert!(reported.starts_with(version), "{reported}");
    (binary, home)
}

/// `helm template demo <example chart> ARGS...`, which must succeed.
fn helm_template(binary: &Path, home: &Path, args: &[&str]) -> String {
    succeeded(
        &run(helm(binary, home)
            .args(["template", "demo"])
            .arg(repo().join(CHART))
            .args(args)),
        &format!("helm template {args:?}"),
    )
}

/// Each of `others` in `stream`, byte for byte.
fn assert_passed_through(others: &[String], stream: &str) {
    for other in others {
        assert!(
            stream.contains(other.as_str()),
            "not passed through:\n{other}\n---- in ----\n{stream}"
        );
    }
}

/// The documents of `stream` that are among `expected`, normalized.
fn found(expected: &[String], stream: &str) -> Vec<String> {
    documents(stream)
        .into_iter()
        .filter(|d| expected.contains(d))
        .collect()
}

#[test]
fn helm_3_post_renderer_replaces_the_cluster_and_keeps_the_rest() {
    let (helm3, home) = fresh_helm("helm3/helm", "v3.18.0");
    let plain = helm_template(&helm3, home.path(), &[]);
    let binary = binary().to_string_lossy().into_owned();
    let rendered = helm_template(
        &helm3,
        home.path(),
        &[
            "--post-renderer",
            &binary,
            "--post-renderer-args",
            "post-render",
        ],
    );
    let (cluster, others) = split_cluster(&plain);
    // Helm 3 prints the post-renderer's output as it is: the other documents byte for byte.
    assert_passed_through(&others, &rendered);
    let source = "# Source: wordcount/templates/flinkcluster.yaml\n";
    assert_eq!(rendered.matches(source).count(), 7, "{rendered}");
    let expected = expected_objects(&cluster, &Options::default());
    assert_eq!(found(&expected, &rendered), expected);
    assert_eq!(documents(&rendered).len(), expected.len() + others.len());
    assert_strictly_valid(&[("helm3.yaml".to_owned(), rendered)]);
}

#[test]
fn helm_3_shows_the_report_of_a_broken_cluster() {
    let (helm3, home) = fresh_helm("helm3/helm", "v3.18.0");
    let failed = run(helm(&helm3, home.path())
        .args(["template", "demo"])
        .arg(repo().join(CHART))
        .args(["--set", "taskManager.replicas=0", "--post-renderer"])
        .arg(binary())
        .args(["--post-renderer-args", "post-render"]));
    assert_eq!(failed.status.code(), Some(1));
    assert!(failed.stdout.is_empty());
    let stderr = text(&failed.stderr);
    assert!(
        stderr.contains("in <stdin>, document 2, FlinkCluster demo, from wordcount/templates/flinkcluster.yaml:\nerror: spec.taskManager.replicas: Invalid value: 0: must be greater than or equal to 1\n  --> <stdin>:"),
        "{stderr}"
    );
}

/// Installs the repository's Helm 4 plugin into a fresh Helm home.
fn helm4_with_plugin() -> (PathBuf, tempfile::TempDir) {
    let (helm4, home) = fresh_helm("helm4/helm", "v4.1.4");
    let installed = succeeded(
        &run(helm(&helm4, home.path())
            .args(["plugin", "install"])
            .arg(repo().join("helm-plugin"))),
        "helm plugin install",
    );
    assert!(
        installed.contains("Installed plugin: flink-render"),
        "{installed}"
    );
    // A post-renderer that changes nothing, to see what Helm 4 itself makes of a stream.
    let identity = home.path().join("identity");
    std::fs::create_dir_all(&identity).expect("creates");
    std::fs::write(
        identity.join("plugin.yaml"),
        "apiVersion: v1\ntype: postrenderer/v1\nname: identity\nversion: 0.1.0\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n    - command: cat\n",
    )
    .expect("writes");
    succeeded(
        &run(helm(&helm4, home.path())
            .args(["plugin", "install"])
            .arg(&identity)),
        "helm plugin install identity",
    );
    (helm4, home)
}

#[test]
fn helm_4_plugin_replaces_the_cluster_and_keeps_the_rest() {
    let (helm4, home) = helm4_with_plugin();
    let plain = helm_template(&helm4, home.path(), &["--post-renderer", "identity"]);
    let rendered = helm_template(
        &helm4,
        home.path(),
        &[
            "--post-renderer",
            "flink-render",
            "--post-renderer-args",
            "--revision=4",
        ],
    );
    let (cluster, others) = split_cluster(&plain);
    // Helm 4 re-writes every document it hands to a post-renderer and re-reads the result;
    // the other documents (the hook included, which Helm 4 passes to post-renderers) come out
    // exactly as with a post-renderer that changes nothing.
    assert_passed_through(&others, &rendered);
    // Helm files every object under the FlinkCluster's template and drops the annotation.
    let source = "# Source: wordcount/templates/flinkcluster.yaml\n";
    assert_eq!(rendered.matches(source).count(), 7, "{rendered}");
    assert!(!rendered.contains(flink_render::post_render::HELM_FILENAME_ANNOTATION));
    let options = Options {
        revision: Some(4),
        ..Options::default()
    };
    let expected: Vec<String> = expected_objects(&cluster, &options)
        .into_iter()
        .map(without_helm_annotation)
        .collect();
    // Helm 4 sorts by install order itself, which is flink-render's order.
    assert_eq!(found(&expected, &rendered), expected);
    assert_eq!(documents(&rendered).len(), expected.len() + others.len());
    assert_strictly_valid(&[("helm4.yaml".to_owned(), rendered)]);

    // --output-dir groups the objects in the FlinkCluster's template file.
    let out = home.path().join("out");
    succeeded(
        &run(helm(&helm4, home.path())
            .args(["template", "demo"])
            .arg(repo().join(CHART))
            .arg("--output-dir")
            .arg(&out)
            .args(["--post-renderer", "flink-render"])),
        "helm template --output-dir",
    );
    let file = read(&out.join("wordcount/templates/flinkcluster.yaml"));
    let kinds: Vec<String> = documents(&file)
        .iter()
        .map(|d| kind_and_name(d).0)
        .collect();
    assert_eq!(
        kinds,
        [
            "ConfigMap",
            "Service",
            "Service",
            "StatefulSet",
            "StatefulSet",
            "Job",
            "ControllerRevision"
        ]
    );
}

#[test]
fn helm_4_shows_the_report_of_a_broken_cluster_despite_hiding_stderr() {
    let (helm4, home) = helm4_with_plugin();
    let failed = run(helm(&helm4, home.path())
        .args(["template", "demo"])
        .arg(repo().join(CHART))
        .args([
            "--set",
            "taskManager.replicas=0",
            "--post-renderer",
            "flink-render",
        ]));
    assert_eq!(failed.status.code(), Some(1));
    assert!(failed.stdout.is_empty());
    let stderr = text(&failed.stderr);
    assert!(
        stderr.contains("node contents:\n|\n  flink-render post-render failed (exit 2):\n  in <stdin>, document 1, FlinkCluster demo, from wordcount/templates/flinkcluster.yaml:\n  error: spec.taskManager.replicas: Invalid value: 0: must be greater than or equal to 1\n    --> <stdin>:"),
        "{stderr}"
    );

    // A bad argument and a missing binary are reported the same way.
    let bad_flag = run(helm(&helm4, home.path())
        .args(["template", "demo"])
        .arg(repo().join(CHART))
        .args([
            "--post-renderer",
            "flink-render",
            "--post-renderer-args",
            "--revison=2",
        ]));
    assert_eq!(bad_flag.status.code(), Some(1));
    assert!(text(&bad_flag.stderr).contains("  error: unexpected argument '--revison' found"));
    let missing = run(helm(&helm4, home.path())
        .env("FLINK_RENDER", home.path().join("nowhere/flink-render"))
        .args(["template", "demo"])
        .arg(repo().join(CHART))
        .args(["--post-renderer", "flink-render"]));
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("  flink-render: no flink-render binary at "));
}

/// The kpt example package, copied.
fn kpt_package() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("examples/kpt/package"), dir.path());
    dir
}

#[test]
fn kpt_fn_render_runs_the_kptfile_pipeline() {
    let package = kpt_package();
    let before: BTreeMap<String, String> = ["Kptfile", "options.yaml", "settings.yaml"]
        .iter()
        .map(|f| ((*f).to_owned(), read(&package.path().join(f))))
        .collect();
    let output = run(Command::new(kpt())
        .args(["fn", "render"])
        .arg(package.path())
        .args(["--allow-exec", "-o", "unwrap"]));
    let rendered = succeeded(&output, "kpt fn render");
    // The other resources come back with their comments, keys and values.
    for (name, text) in &before {
        let document = documents(text).pop().expect("content");
        assert!(
            documents(&rendered).contains(&document),
            "{name} changed:\n{rendered}"
        );
        let comment = text.lines().find(|l| l.trim_start().starts_with('#'));
        if let Some(comment) = comment {
            assert!(rendered.contains(comment), "{name} lost {comment:?}");
        }
    }
    let options = Options {
        kube_version: Some("1.30".parse().expect("version")),
        namespace: Some("flink".to_owned()),
        ..Options::default()
    };
    let expected = expected_objects(&read(&package.path().join("flinkcluster.yaml")), &options);
    assert_eq!(
        found(&expected, &rendered).len(),
        expected.len(),
        "{rendered}"
    );
    assert_eq!(documents(&rendered).len(), expected.len() + 3);
    let kept: Vec<String> = documents(&rendered)
        .into_iter()
        .filter(|d| !d.contains("kind: Kptfile\n"))
        .collect();
    assert_strictly_valid(&[("kpt-render.yaml".to_owned(), kept.join("---\n"))]);
}

#[test]
fn kpt_fn_eval_as_transformer_generator_and_failure() {
    let package = kpt_package();
    let eval = |args: &[&str]| {
        run(Command::new(kpt())
            .args(["fn", "eval"])
            .arg(package.path())
            .args(["--exec", "flink-render krm", "-o", "unwrap"])
            .args(args))
    };
    let transformed = succeeded(&eval(&["--", "revision=3"]), "kpt fn eval (transformer)");
    let options = Options {
        revision: Some(3),
        ..Options::default()
    };
    let cluster = read(&package.path().join("flinkcluster.yaml"));
    let expected = expected_objects(&cluster, &options);
    assert_eq!(found(&expected, &transformed), expected, "{transformed}");
    assert!(!transformed.contains("kind: FlinkCluster"));

    // Generator: the functionConfig is a FlinkCluster; the package stays as it was, plus the
    // objects (the package's own FlinkCluster too, untouched).
    let config = package.path().join("generate.yaml");
    std::fs::write(
        &config,
        cluster.replace("name: wordcount", "name: generated"),
    )
    .expect("writes");
    let generated = run(Command::new(kpt())
        .args(["fn", "eval"])
        .arg(package.path().join("settings.yaml").parent().expect("dir"))
        .args(["--exec", "flink-render krm", "--fn-config"])
        .arg(&config)
        .args(["-o", "unwrap"]));
    let generated = succeeded(&generated, "kpt fn eval (generator)");
    let names: Vec<(String, String)> = documents(&generated)
        .iter()
        .map(|d| kind_and_name(d))
        .collect();
    assert!(
        names.contains(&("FlinkCluster".to_owned(), "wordcount".to_owned())),
        "{names:?}"
    );
    assert!(
        names.contains(&("StatefulSet".to_owned(), "generated-taskmanager".to_owned())),
        "{names:?}"
    );

    // A broken cluster: kpt fails and prints flink-render's results.
    std::fs::write(
        package.path().join("flinkcluster.yaml"),
        cluster.replace("replicas: 2", "replicas: 0"),
    )
    .expect("writes");
    let failed = eval(&[]);
    assert_ne!(failed.status.code(), Some(0));
    let printed = format!("{}{}", text(&failed.stdout), text(&failed.stderr));
    assert!(
        printed.contains("[error] flinkoperator.k8s.io/v1beta1/FlinkCluster/wordcount spec.taskManager.replicas: Invalid value: 0: must be greater than or equal to 1"),
        "{printed}"
    );
}

/// `kubectl kustomize --enable-alpha-plugins` with the example's legacy plugin.
fn kustomize(app: &Path) -> Output {
    run(Command::new(tool("kubectl/kubectl"))
        .args(["kustomize", "--enable-alpha-plugins"])
        .arg(app)
        .env(
            "KUSTOMIZE_PLUGIN_HOME",
            repo().join("examples/kustomize/plugin"),
        ))
}

#[test]
fn kubectl_kustomize_runs_the_legacy_exec_plugin() {
    let app = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("examples/kustomize/app"), app.path());
    let built = succeeded(&kustomize(app.path()), "kubectl kustomize");
    let names: Vec<(String, String)> = documents(&built).iter().map(|d| kind_and_name(d)).collect();
    assert_eq!(
        names,
        [
            ("ConfigMap", "wordcount-configmap"),
            ("ConfigMap", "wordcount-settings"),
            ("Service", "wordcount-jobmanager"),
            ("Service", "wordcount-taskmanager"),
            ("StatefulSet", "wordcount-jobmanager"),
            ("StatefulSet", "wordcount-taskmanager"),
            ("ControllerRevision", "wordcount-5bb865667d"),
            ("Job", "wordcount-job-submitter"),
        ]
        .map(|(k, n)| (k.to_owned(), n.to_owned()))
    );
    // kustomize's own transformers apply to what the plugin generated.
    assert_eq!(built.matches("  namespace: flink\n").count(), 8);
    assert!(
        built.contains("apiVersion: v1\ndata:\n  input: gs://example-bucket/input\nkind: ConfigMap\nmetadata:\n  labels:\n    team: data\n  name: wordcount-settings\n  namespace: flink\n"),
        "{built}"
    );
    assert_strictly_valid(&[("kustomize.yaml".to_owned(), built)]);

    let cluster = app.path().join("flinkcluster.yaml");
    std::fs::write(&cluster, read(&cluster).replace("flink:1.18.1", "''")).expect("writes");
    let failed = kustomize(app.path());
    assert_ne!(failed.status.code(), Some(0));
    assert!(failed.stdout.is_empty());
    let stderr = text(&failed.stderr);
    assert!(
        stderr.contains(
            "error: spec.image.name: Invalid value: \"\": must be at least 1 characters long"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("flink-render krm: 1 error(s); nothing was rendered"),
        "{stderr}"
    );
}

/// The generate command of the Argo CD plugin, run as the sidecar runs it.
fn argocd_generate(app: &Path, env: &[(&str, &str)]) -> Output {
    let plugin = read(&repo().join("examples/argocd/cmp-plugin.yaml"));
    let (documents, _) = yaml::load_stream(&plugin, Limits::default()).expect("valid");
    let root = documents.into_iter().find_map(|d| d.root).expect("plugin");
    let generate = root
        .get("spec")
        .and_then(|s| s.get("generate"))
        .expect("generate");
    let words = |key: &str| -> Vec<String> {
        match generate.get(key).map(|n| &n.value) {
            Some(yaml::Value::Sequence(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    let command = words("command");
    let (program, args) = command.split_first().expect("a command");
    let mut process = Command::new(program);
    process.args(args).args(words("args")).current_dir(app);
    for (key, value) in env {
        process.env(key, value);
    }
    run(&mut process)
}

#[test]
fn argocd_plugin_generates_the_application() {
    let app = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("examples/argocd/app"), app.path());
    let output = argocd_generate(
        app.path(),
        &[("ARGOCD_ENV_FLINK_RENDER_ARGS", "--kube-version=1.30")],
    );
    let generated = succeeded(&output, "the plugin's generate command");
    let settings = read(&app.path().join("settings.yaml"));
    assert!(
        generated.ends_with(&format!("---\n{settings}")),
        "{generated}"
    );
    let options = Options {
        kube_version: Some("1.30".parse().expect("version")),
        ..Options::default()
    };
    let expected = expected_objects(&read(&app.path().join("flinkcluster.yaml")), &options);
    assert_eq!(documents(&generated)[..expected.len()], expected[..]);
    assert_strictly_valid(&[("argocd.yaml".to_owned(), generated)]);

    let cluster = app.path().join("flinkcluster.yaml");
    std::fs::write(&cluster, read(&cluster).replace("\"1.18\"", "1.10")).expect("writes");
    let failed = argocd_generate(app.path(), &[]);
    assert_ne!(failed.status.code(), Some(0));
    assert!(failed.stdout.is_empty());
    assert!(
        text(&failed.stderr)
            .contains("error: spec.flinkVersion: expected a string, found the number 1.1"),
        "{}",
        text(&failed.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) -> Output {
    run(Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "ci")
        .env("GIT_AUTHOR_EMAIL", "ci@example.com")
        .env("GIT_COMMITTER_NAME", "ci")
        .env("GIT_COMMITTER_EMAIL", "ci@example.com"))
}

#[test]
fn flux_ci_gate_catches_changed_added_and_removed_objects() {
    let repo_dir = tempfile::tempdir().expect("temp dir");
    let flux = repo_dir.path().join("examples/flux");
    copy_tree(&repo().join("examples/flux"), &flux);
    let render = || run(&mut Command::new(flux.join("render.sh")));
    let check = || run(&mut Command::new(flux.join("check.sh")));

    succeeded(&render(), "render.sh");
    let deploy = flux.join("deploy/flink");
    let rendered: Vec<(String, String)> = std::fs::read_dir(&deploy)
        .expect("rendered")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                read(&e.path()),
            )
        })
        .filter(|(name, _)| name != ".flink-render-files")
        .collect();
    assert_eq!(rendered.len(), 7);
    assert!(
        deploy.join(".flink-render-files").is_file(),
        "what --prune may delete"
    );
    assert_strictly_valid(&rendered);
    assert_eq!(check().status.code(), Some(0));
    succeeded(&git(repo_dir.path(), &["init", "-q"]), "git init");
    succeeded(&git(repo_dir.path(), &["add", "-A"]), "git add");
    succeeded(
        &git(repo_dir.path(), &["commit", "-qm", "rendered"]),
        "git commit",
    );

    // A changed cluster: check fails with the diff.
    let source = flux.join("clusters/wordcount.yaml");
    let original = read(&source);
    std::fs::write(&source, original.replace("replicas: 2", "replicas: 3")).expect("writes");
    let changed = check();
    assert_eq!(changed.status.code(), Some(1));
    assert!(
        text(&changed.stdout).contains("\n+  replicas: 3\n"),
        "{}",
        text(&changed.stdout)
    );
    assert!(text(&changed.stderr).contains("is out of date: run examples/flux/render.sh"));

    // A new cluster adds files, which are untracked: of the tracked files, `git diff` sees only
    // the record of what flink-render wrote; the folder comparison sees the new files.
    std::fs::write(&source, &original).expect("writes");
    std::fs::write(
        flux.join("clusters/second.yaml"),
        original.replace("name: wordcount", "name: second"),
    )
    .expect("writes");
    assert_eq!(check().status.code(), Some(1));
    succeeded(&render(), "render.sh");
    assert_eq!(
        succeeded(&git(repo_dir.path(), &["diff", "--name-only"]), "git diff"),
        "examples/flux/deploy/flink/.flink-render-files\n"
    );
    let status = succeeded(
        &git(
            repo_dir.path(),
            &["status", "--porcelain", "--", "examples/flux/deploy"],
        ),
        "git status",
    );
    // Seven new files, and the record of what flink-render wrote.
    assert_eq!(status.lines().count(), 8, "{status}");

    // A removed cluster: render.sh empties the folder, so its files go too.
    std::fs::remove_file(flux.join("clusters/second.yaml")).expect("removes");
    succeeded(&render(), "render.sh");
    assert_eq!(check().status.code(), Some(0));
    assert_eq!(
        succeeded(
            &git(repo_dir.path(), &["status", "--porcelain"]),
            "git status"
        ),
        ""
    );

    // A broken cluster: exit 2 and flink-render's report.
    std::fs::write(&source, original.replace("flink:1.18.1", "''")).expect("writes");
    let broken = check();
    assert_eq!(broken.status.code(), Some(2));
    assert!(text(&broken.stderr).contains("error: spec.image.name: Invalid value: \"\""));
}
