//! Helpers shared by the integration tests: rendering fixtures, running the binary, and strict
//! schema validation of rendered manifests with the pinned kubernetes-validate.
#![allow(dead_code)]

pub mod compare;
pub mod deviations;
pub mod flink;
pub mod flink_memory;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use flink_render::object::Object;
use flink_render::yaml::Limits;
use flink_render::{Options, Source};
use k8s_openapi::api::core::v1::PodSpec;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An oracle directory (docs/fidelity.md): the one the environment variable `variable` names,
/// else the committed one at `committed` (relative to the repository).
pub fn oracle_dir(variable: &str, committed: &str) -> PathBuf {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(committed))
}

/// Reads a file of the repository.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Renders a YAML text as `render` would; `Err` holds the printed reports. Whatever renders is
/// linted (`flink_render::lint`): a finding fails the test that rendered it.
pub fn render_text(origin: &str, text: &str, options: &Options) -> Result<Vec<Object>, String> {
    let objects =
        flink_render::render_sources(&[Source { origin, text }], options, Limits::default())
            .map(|r| r.objects)
            .map_err(|reports| reports.iter().map(ToString::to_string).collect::<String>())?;
    assert_lint_clean(origin, &objects);
    Ok(objects)
}

/// Fails with every lint finding of `objects`, rendered from `origin`.
pub fn assert_lint_clean(origin: &str, objects: &[Object]) {
    let findings: Vec<String> = flink_render::lint::lint(objects)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        findings.is_empty(),
        "lint findings in what {origin} renders to:\n{}",
        findings.join("\n")
    );
}

/// Renders a fixture file with default options; panics with the reports on failure.
pub fn render_fixture(path: &Path) -> Vec<Object> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    render_text(&name, &read(path), &Options::default())
        .unwrap_or_else(|reports| panic!("{reports}"))
}

/// The shipped text files (default log configurations, scripts) replaced by a marker naming
/// them: they are long, identical in every ConfigMap and pinned by their own tests, so the
/// snapshots show only what differs between clusters.
pub fn redact_shipped_texts(objects: &mut [Object]) {
    let shipped: Vec<(String, &str)> = [
        flink_render::templates::LOG4J_CONSOLE,
        flink_render::templates::LOGBACK_CONSOLE,
        flink_render::templates::NATIVE_LOG4J_CONSOLE,
        flink_render::templates::APACHE_LOG4J_CONSOLE,
        flink_render::templates::SUBMIT_JOB,
        flink_render::templates::BARRIER,
    ]
    .into_iter()
    .map(|name| (flink_render::templates::text(name), name))
    .collect();
    for object in objects.iter_mut() {
        if let Object::ConfigMap(map) = object {
            for value in map.data.iter_mut().flat_map(|d| d.values_mut()) {
                if let Some((_, name)) = shipped.iter().find(|(text, _)| text == value) {
                    *value = format!("<templates/{name}>");
                }
            }
        }
    }
}

/// The YAML stream of `objects` with shipped texts redacted.
pub fn snapshot_yaml(mut objects: Vec<Object>) -> String {
    redact_shipped_texts(&mut objects);
    flink_render::emit::yaml_stream(&objects).expect("serializes")
}

/// A YAML text (a post-rendered stream, a KRM ResourceList) with the block scalars of the
/// shipped texts (log configurations, submit script) collapsed to a marker, as
/// [`snapshot_yaml`] does for objects.
pub fn redact_shipped_blocks(text: &str) -> String {
    const SHIPPED: &[&str] = &[
        "log4j-cli.properties",
        "log4j-console.properties",
        "logback-console.xml",
        "submit-job.sh",
    ];
    let mut out = String::new();
    let mut skipping: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if let Some(block) = skipping {
            if line.trim().is_empty() || indent > block {
                continue;
            }
            skipping = None;
        }
        let key = line.trim_start().split(':').next().unwrap_or_default();
        if SHIPPED.contains(&key) && line.trim_end().ends_with(['|', '-', '>']) {
            out.push_str(&format!("{}{key}: <templates/{key}>\n", &line[..indent]));
            skipping = Some(indent);
            continue;
        }
        out.push_str(line);
    }
    out
}

/// A pinned tool under `.tools/` (or `$FLINK_RENDER_TOOLS_DIR`), installed by
/// scripts/install-test-tools; a missing one fails the test saying so.
pub fn tool(relative: &str) -> PathBuf {
    let dir = std::env::var_os("FLINK_RENDER_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".tools"));
    let path = dir.join(relative);
    assert!(
        path.is_file(),
        "{} is missing: run scripts/install-test-tools",
        path.display()
    );
    path
}

/// Runs the `flink-render` binary with `args` and `stdin`.
pub fn cli(args: &[&str], stdin: &str) -> Output {
    cli_in(&repo(), args, stdin)
}

/// Runs the `flink-render` binary in `dir`.
pub fn cli_in(dir: &Path, args: &[&str], stdin: &str) -> Output {
    cli_bytes(dir, args, stdin.as_bytes())
}

/// The JSON document of `flink-render explain WHAT FIXTURE --output json` (the fixture's path
/// relative to the repository), which must succeed.
pub fn explain_json(what: &str, fixture: &str) -> serde_json::Value {
    let file = repo().join(fixture);
    let output = cli(
        &["explain", what, &file.to_string_lossy(), "--output", "json"],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Runs the `flink-render` binary in `dir` with any bytes on stdin.
pub fn cli_bytes(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_flink-render"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("flink-render starts");
    if let Some(mut input) = child.stdin.take() {
        // A command that does not read stdin may close it early; that is not a test failure.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("flink-render finishes")
}

/// Text of a byte stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Validates rendered manifests with `kubernetes-validate --strict` against Kubernetes 1.25 and
/// 1.37 (scripts/kubeval), in one run. Volcano PodGroups are left out: kubernetes-validate 1.37
/// mistakes `scheduling.volcano.sh` for the built-in `scheduling.k8s.io` group and rejects them.
/// Fails (never skips) when the tool is not installed: run scripts/install-test-tools.
pub fn assert_strictly_valid(outputs: &[(String, String)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, yaml) in outputs {
        let kept: Vec<&str> = yaml
            .split("\n---\n")
            .filter(|doc| {
                !doc.contains("\nkind: PodGroup\n") && !doc.starts_with("kind: PodGroup\n")
            })
            .collect();
        let file = dir.path().join(format!("{}.yaml", name.replace('/', "_")));
        std::fs::write(&file, kept.join("\n---\n")).expect("writes");
    }
    let output = Command::new(repo().join("scripts/kubeval"))
        .arg("-q")
        .arg(dir.path())
        .output()
        .expect("scripts/kubeval runs");
    assert!(
        output.status.success(),
        "strict schema validation failed (exit {:?}):\n{}\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// Every fixture file of a suite, sorted.
pub fn fixtures(suite: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("fixtures").join(suite))
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths
}

/// Every fixture of a suite rendered to YAML, with its file name (for `assert_strictly_valid`).
pub fn rendered_suite(suite: &str) -> Vec<(String, String)> {
    fixtures(suite)
        .iter()
        .map(|path| {
            let yaml = flink_render::emit::yaml_stream(&render_fixture(path)).expect("serializes");
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            (name.into_owned(), yaml)
        })
        .collect()
}

/// The pod template of every workload, keyed `Kind/name`.
pub fn pod_specs(objects: &[Object]) -> BTreeMap<String, PodSpec> {
    objects
        .iter()
        .filter_map(|o| {
            let spec = match o {
                Object::StatefulSet(s) => s.spec.template.spec.clone(),
                Object::Deployment(d) => d.spec.template.spec.clone(),
                Object::Job(j) => j.spec.as_ref()?.template.spec.clone(),
                _ => None,
            }?;
            Some((format!("{}/{}", o.kind(), o.name()), spec))
        })
        .collect()
}

/// A stream that carries a Secret next to a FlinkCluster that uses it.
pub const SECRET_AND_CLUSTER: &str = "\
apiVersion: v1
kind: Secret
metadata: {name: s3-credentials}
data:
  access-key: QUtJQS1ub3QtaW4tY29uZmln
stringData:
  secret-key: plain-secret-not-in-config
---
apiVersion: flinkoperator.k8s.io/v1beta1
kind: FlinkCluster
metadata: {name: uses-secret}
spec:
  flinkVersion: \"1.18\"
  image: {name: \"flink:1.18\"}
  envVars:
    - name: S3_SECRET_KEY
      valueFrom: {secretKeyRef: {name: s3-credentials, key: secret-key}}
  flinkProperties:
    s3.secret-key: ${S3_SECRET_KEY}
";

/// A stream of documents as the items of a KRM ResourceList (each document one list item).
pub fn resource_list(stream: &str) -> String {
    let mut text =
        String::from("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n");
    for document in stream.split("---\n") {
        for (i, line) in document.lines().enumerate() {
            text.push_str(if i == 0 { "- " } else { "  " });
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// The Flink configuration file of rendered objects: its name (`flink-conf.yaml` or
/// `config.yaml`) and text, from the ConfigMap that holds one.
pub fn config_file_of(objects: &[Object]) -> (String, String) {
    objects
        .iter()
        .find_map(|object| match object {
            Object::ConfigMap(map) => map.data.as_ref().and_then(|data| {
                ["flink-conf.yaml", "config.yaml"]
                    .into_iter()
                    .find_map(|name| data.get(name).map(|text| (name.to_owned(), text.clone())))
            }),
            _ => None,
        })
        .expect("a ConfigMap with a Flink configuration file")
}
