//! `--diagnostics json|sarif|github|gitlab` on the command line: every input of the bad-input
//! catalogue and the shipped examples through every format. SARIF logs must validate against
//! the official SARIF 2.1.0 schema and JSON documents against the committed
//! schema/diagnostics.schema.json (the jsonschema package of the kubernetes-validate venv,
//! installed by scripts/install-test-tools with the schema); the JSON must say what the text
//! report says, at the same places; the GitHub annotations of the whole catalogue are a
//! reviewed snapshot. stdout never changes with the format, and stderr holds the document only.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::*;

const FORMATS: [&str; 4] = ["json", "sarif", "github", "gitlab"];

/// The catalogue's files, sorted.
fn catalogue() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(repo().join("tests/bad-inputs"))
        .expect("catalogue")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

/// `# expect: <message> @ <line:column or ->` lines of a catalogue file's header.
fn expected(file: &str) -> Vec<(String, Option<String>)> {
    let bytes = std::fs::read(repo().join("tests/bad-inputs").join(file)).expect("readable");
    String::from_utf8_lossy(&bytes)
        .lines()
        .take_while(|line| line.starts_with('#'))
        .filter_map(|line| line.strip_prefix("# expect: "))
        .map(|rest| {
            let (message, at) = rest.rsplit_once(" @ ").unwrap_or((rest, "-"));
            (message.to_owned(), (at != "-").then(|| at.to_owned()))
        })
        .collect()
}

/// Validates every document against the JSON schema at `schema` (draft 4 for SARIF, draft 7
/// for ours) with the venv's jsonschema, in one run; fails with every error found.
fn assert_valid(schema: &Path, documents: &[(String, String)]) {
    let (valid, report) = validate(schema, documents);
    assert!(
        valid,
        "schema validation against {} failed:\n{report}",
        schema.display()
    );
    assert!(
        report.starts_with(&format!("{} documents, 0 errors", documents.len())),
        "{report}"
    );
}

/// Whether every document is valid against `schema`, and the validator's report.
fn validate(schema: &Path, documents: &[(String, String)]) -> (bool, String) {
    let python = tool("venv/bin/python");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (i, (name, text)) in documents.iter().enumerate() {
        let file = dir.path().join(format!("{i}.json"));
        std::fs::write(&file, text).expect("written");
        files.push((name.clone(), file));
    }
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
failed = 0
for name, path in zip(sys.argv[2::2], sys.argv[3::2]):
    for error in validator.iter_errors(json.load(open(path))):
        failed += 1
        print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
print(f"{(len(sys.argv) - 2) // 2} documents, {failed} errors")
sys.exit(1 if failed else 0)
"#;
    let mut command = Command::new(python);
    command.arg("-c").arg(script).arg(schema);
    for (name, file) in &files {
        command.arg(name).arg(file);
    }
    let output = command.output().expect("python runs");
    let report = format!("{}{}", text(&output.stdout), text(&output.stderr));
    (output.status.success(), report)
}

#[test]
fn the_validators_reject_what_the_schemas_forbid() {
    let sarif = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "m"}}]}]}"#;
    let (valid, report) = validate(&sarif_schema(), &[("bad".to_owned(), sarif.to_owned())]);
    assert!(
        !valid && report.contains("bad: runs/0/results/0/level"),
        "{report}"
    );
    let json = r#"{"formatVersion": 1, "tool": {"name": "flink-render", "version": "0"}, "command": "render", "exitCode": 2, "failure": null, "counts": {"errors": 1, "warnings": 0}, "diagnostics": [{"file": "a", "line": 0, "column": 1, "severity": "error", "rule": "bogus", "path": null, "message": "m", "object": null}]}"#;
    let (valid, report) = validate(&json_schema(), &[("bad".to_owned(), json.to_owned())]);
    assert!(!valid, "{report}");
    assert!(
        report.contains("diagnostics/0/rule") && report.contains("diagnostics/0/line"),
        "{report}"
    );
}

fn sarif_schema() -> PathBuf {
    tool("sarif/sarif-2.1.0-rtm.5.json")
}

fn json_schema() -> PathBuf {
    repo().join("schema/diagnostics.schema.json")
}

/// Runs the binary in `dir`; returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = cli_bytes(dir, args, b"");
    (
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr),
    )
}

/// The rule ids of a JSON document's diagnostics, in order.
fn rules_of(document: &Value) -> Vec<&str> {
    document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule"))
        .collect()
}

/// The errors of a JSON document as the text report names them: `path: message` and
/// `file:line:column` (the file alone without a position).
fn json_errors(document: &Value) -> Vec<(String, String)> {
    document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let message = d["message"].as_str().expect("message");
            let text = match d["path"].as_str() {
                Some(path) => format!("{path}: {message}"),
                None => message.to_owned(),
            };
            let file = d["file"].as_str().expect("file");
            let at = match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
                _ => file.to_owned(),
            };
            (text, at)
        })
        .collect()
}

#[test]
fn the_catalogue_through_every_format() {
    let dir = repo().join("tests/bad-inputs");
    let mut sarif = Vec::new();
    let mut json = Vec::new();
    let mut annotations = String::new();
    let mut rules = BTreeSet::new();
    for file in catalogue() {
        let mut severities: Vec<String> = Vec::new();
        for format in FORMATS {
            let (code, stdout_now, stderr) =
                run_in(&dir, &["render", &file, "--diagnostics", format]);
            assert_eq!(code, 2, "{file} --diagnostics {format}: exit code");
            assert!(stdout_now.is_empty(), "{file}: nothing on stdout");
            match format {
                "json" => {
                    let document: Value = serde_json::from_str(&stderr).unwrap_or_else(|e| {
                        panic!("{file}: stderr is one JSON document: {e}\n{stderr}")
                    });
                    assert_eq!(document["exitCode"], 2, "{file}");
                    assert_eq!(document["command"], "render");
                    let wanted: Vec<(String, String)> = expected(&file)
                        .into_iter()
                        .map(|(message, at)| {
                            (
                                message,
                                at.map_or(file.clone(), |at| format!("{file}:{at}")),
                            )
                        })
                        .collect();
                    assert_eq!(
                        json_errors(&document),
                        wanted,
                        "{file}: the catalogue's expectations"
                    );
                    for d in document["diagnostics"].as_array().expect("list") {
                        severities.push(d["severity"].as_str().expect("severity").to_owned());
                        let rule = d["rule"].as_str().expect("rule").to_owned();
                        assert_ne!(rule, "other", "{file}: every refusal has its rule");
                        rules.insert(rule);
                    }
                    json.push((file.clone(), stderr));
                }
                "sarif" => sarif.push((file.clone(), stderr)),
                "github" => {
                    annotations.push_str(&format!("# {file}\n{stderr}"));
                    assert!(
                        stderr
                            .lines()
                            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
                        "{file}: only annotations\n{stderr}"
                    );
                }
                _ => {
                    let issues: Value = serde_json::from_str(&stderr).expect("gitlab JSON");
                    let issues = issues.as_array().expect("an array of issues");
                    assert_eq!(issues.len(), severities.len(), "{file}");
                    let fingerprints: BTreeSet<&str> = issues
                        .iter()
                        .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
                        .collect();
                    assert_eq!(
                        fingerprints.len(),
                        issues.len(),
                        "{file}: unique fingerprints"
                    );
                    for (issue, severity) in issues.iter().zip(&severities) {
                        assert_eq!(issue["location"]["path"], file.as_str());
                        assert!(issue["location"]["lines"]["begin"].as_u64() >= Some(1));
                        let wanted = if severity == "error" {
                            "critical"
                        } else {
                            "minor"
                        };
                        assert_eq!(issue["severity"], wanted, "{file}");
                    }
                }
            }
        }
    }
    // The catalogue exercises the rules of every stage a file can reach.
    let wanted: BTreeSet<String> = [
        "yaml-syntax",
        "documents",
        "schema",
        "options",
        "operator-webhook",
        "kubernetes-api",
        "flink-config",
        "flink-memory",
        "pod-security",
    ]
    .iter()
    .map(|r| (*r).to_owned())
    .collect();
    assert!(wanted.is_subset(&rules), "rules seen: {rules:?}");
    assert_valid(&sarif_schema(), &sarif);
    assert_valid(&json_schema(), &json);
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::assert_snapshot!("catalogue-github-annotations", annotations);
    });
}

#[test]
fn the_examples_through_every_format() {
    let examples = ["examples/job-cluster.yaml", "examples/session-cluster.yaml"];
    let mut sarif = Vec::new();
    let mut json = Vec::new();
    for example in examples {
        let commands: Vec<Vec<&str>> = vec![
            vec!["render", example],
            vec!["lint", example],
            vec!["diff", example, example],
            vec!["post-render", example],
        ];
        for command in commands {
            let (code, stdout, _) = run_in(&repo(), &command);
            assert_eq!(code, 0, "{command:?}");
            for format in FORMATS {
                let mut args = command.clone();
                args.extend(["--diagnostics", format]);
                let (code_now, stdout_now, stderr) = run_in(&repo(), &args);
                assert_eq!(code_now, 0, "{args:?}");
                assert_eq!(stdout_now, stdout, "{args:?}: stdout does not change");
                let name = format!("{}-{}", command[0], example);
                match format {
                    "json" => {
                        let document: Value = serde_json::from_str(&stderr).expect("JSON");
                        assert_eq!(
                            document["diagnostics"],
                            Value::Array(Vec::new()),
                            "{args:?}"
                        );
                        assert_eq!(document["command"], command[0]);
                        json.push((name, stderr));
                    }
                    "sarif" => {
                        let log: Value = serde_json::from_str(&stderr).expect("SARIF");
                        assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
                        sarif.push((name, stderr));
                    }
                    "github" => assert_eq!(stderr, "", "{args:?}: no annotation"),
                    _ => assert_eq!(stderr, "[]\n", "{args:?}: no issue"),
                }
            }
        }
    }
    assert_valid(&sarif_schema(), &sarif);
    assert_valid(&json_schema(), &json);
}

/// A cluster that renders with warnings, refusals of an update, and a command that cannot run:
/// each kind of run through the formats, schema-valid, with its rules.
#[test]
fn warnings_refused_updates_and_failures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let warned = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  flinkProperties:\n    s3.secret-key: hunter2\n    a: \"\"\n";
    std::fs::write(dir.path().join("warned.yaml"), warned).expect("written");
    let mut json = Vec::new();
    let mut sarif = Vec::new();

    let (code, _, stderr) = run_in(
        dir.path(),
        &["render", "warned.yaml", "--diagnostics", "json"],
    );
    assert_eq!(code, 0);
    let document: Value = serde_json::from_str(&stderr).expect("JSON");
    assert_eq!(document["counts"]["warnings"], 3, "{stderr}");
    assert_eq!(
        rules_of(&document),
        ["kubernetes-api", "flink-config", "flink-options"],
        "{stderr}"
    );
    json.push(("warned".to_owned(), stderr));
    let (_, _, stderr) = run_in(
        dir.path(),
        &["render", "warned.yaml", "--diagnostics", "github"],
    );
    assert_eq!(stderr.lines().count(), 3);
    assert!(
        stderr
            .lines()
            .all(|l| l.starts_with("::warning file=warned.yaml,line=")),
        "{stderr}"
    );

    // A refused update: the webhook's rules, at the lines of NEW.
    let pair = repo().join("fixtures/diff");
    for format in ["json", "sarif"] {
        let (code, stdout, stderr) = run_in(
            &pair,
            &[
                "diff",
                "reject-deployment-type.old.yaml",
                "reject-deployment-type.new.yaml",
                "--diagnostics",
                format,
            ],
        );
        assert_eq!(code, 2);
        assert_eq!(stdout, "");
        let document: Value = serde_json::from_str(&stderr).expect("JSON");
        if format == "json" {
            // The fixture's s3:// savepoints warn too (flink-plugins); the refusal is last.
            let d = document["diagnostics"]
                .as_array()
                .and_then(|all| all.last())
                .expect("a diagnostic");
            assert_eq!(d["rule"], "operator-update");
            assert_eq!(d["file"], "reject-deployment-type.new.yaml");
            assert_eq!(d["message"], "updating deploymentType is not allowed");
            json.push(("diff".to_owned(), stderr));
        } else {
            let result = document["runs"][0]["results"]
                .as_array()
                .and_then(|all| all.last())
                .expect("a result");
            assert_eq!(result["ruleId"], "operator-update");
            let index = result["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(
                document["runs"][0]["tool"]["driver"]["rules"][index]["id"],
                "operator-update"
            );
            sarif.push(("diff".to_owned(), stderr));
        }
    }

    // Inputs beyond the limits (generated: too large to commit).
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(dir.path().join("nested.yaml"), nested).expect("written");
    let (code, _, stderr) = run_in(
        dir.path(),
        &["render", "nested.yaml", "--diagnostics", "json"],
    );
    assert_eq!(code, 2);
    let document: Value = serde_json::from_str(&stderr).expect("JSON");
    assert_eq!(
        document["diagnostics"][0]["rule"], "input-limits",
        "{stderr}"
    );
    assert_eq!(document["diagnostics"][0]["line"], 1);
    json.push(("nested".to_owned(), stderr));
    let many: String = (0..150).map(|i| format!("---\nkind: Thing{i}\n")).collect();
    std::fs::write(dir.path().join("many.yaml"), many).expect("written");
    let (_, _, stderr) = run_in(
        dir.path(),
        &["render", "many.yaml", "--diagnostics", "json"],
    );
    let document: Value = serde_json::from_str(&stderr).expect("JSON");
    let rules: BTreeSet<&str> = rules_of(&document).into_iter().collect();
    assert_eq!(
        rules,
        BTreeSet::from(["documents", "input-limits"]),
        "{stderr}"
    );
    json.push(("many".to_owned(), stderr));

    // A file that cannot be opened is a problem of that input, reported with the others
    // (rule `documents`, at the file, no line).
    let (code, _, stderr) = run_in(
        dir.path(),
        &["render", "missing.yaml", "--diagnostics", "sarif"],
    );
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&stderr).expect("SARIF");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["exitCode"], 2);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "documents");
    assert_eq!(
        result["message"]["text"],
        "cannot open missing.yaml: No such file or directory (os error 2)"
    );
    sarif.push(("missing".to_owned(), stderr));
    let (_, _, stderr) = run_in(
        dir.path(),
        &["lint", "missing.yaml", "--diagnostics", "github"],
    );
    assert_eq!(
        stderr,
        "::error file=missing.yaml,title=flink-render documents::cannot open missing.yaml: No such file or directory (os error 2)\n"
    );

    // What stops the command is a failure, not a problem of an input: an output directory
    // that cannot be created.
    std::fs::write(dir.path().join("a-file"), "").expect("write a file");
    let cluster = repo().join("examples/session-cluster.yaml");
    let cluster = cluster.to_str().expect("a UTF-8 path");
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "render",
            cluster,
            "--output-dir",
            "a-file/out",
            "--diagnostics",
            "sarif",
        ],
    );
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&stderr).expect("SARIF");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "cannot create --output-dir a-file/out: Not a directory (os error 20)"
    );
    sarif.push(("failure".to_owned(), stderr));
    let (_, _, stderr) = run_in(
        dir.path(),
        &[
            "render",
            cluster,
            "--output-dir",
            "a-file/out",
            "--diagnostics",
            "json",
        ],
    );
    let document: Value = serde_json::from_str(&stderr).expect("JSON");
    assert_eq!(
        document["failure"],
        "cannot create --output-dir a-file/out: Not a directory (os error 20)"
    );
    json.push(("failure".to_owned(), stderr));

    // Standard input has no file to point at: no file property, no physical location.
    let output = cli_bytes(
        dir.path(),
        &["render", "--diagnostics", "sarif"],
        b"kind: FlinkCluster\napiVersion: flinkoperator.k8s.io/v1beta1\nmetadata: {name: Bad}\nspec: {flinkVersion: \"1.18\", image: {name: f}}\n",
    );
    let log: Value = serde_json::from_str(&text(&output.stderr)).expect("SARIF");
    let result = &log["runs"][0]["results"][0];
    assert!(
        result["locations"][0].get("physicalLocation").is_none(),
        "{result}"
    );
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "metadata.name"
    );
    sarif.push(("stdin".to_owned(), text(&output.stderr)));

    assert_valid(&sarif_schema(), &sarif);
    assert_valid(&json_schema(), &json);
}

#[test]
fn the_format_does_not_change_the_text_default() {
    let file = "tests/bad-inputs/09-replicas-string.yaml";
    let (_, _, default) = run_in(&repo(), &["render", file]);
    let (_, _, text_format) = run_in(&repo(), &["render", file, "--diagnostics", "text"]);
    assert_eq!(default, text_format);
    assert!(default.starts_with("error: "), "{default}");
}

/// Runs `git` in `dir`, which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        text(&status.stderr)
    );
}

/// examples/github-actions/review.sh in a repository with a base branch: what the workflow
/// publishes (annotations, the SARIF log, the comment) for a good change and a refused one.
#[test]
fn the_github_actions_recipe_end_to_end() {
    let repo_dir = tempfile::tempdir().expect("temp dir");
    let dir = repo_dir.path();
    let clusters = dir.join("clusters");
    std::fs::create_dir(&clusters).expect("dir");
    let job = read(&repo().join("examples/job-cluster.yaml"));
    let session = read(&repo().join("examples/session-cluster.yaml"));
    std::fs::write(clusters.join("job.yaml"), &job).expect("written");
    std::fs::write(clusters.join("session.yaml"), &session).expect("written");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    let review = |files: &[&str]| {
        let output = Command::new(repo().join("examples/github-actions/review.sh"))
            .arg("main")
            .args(files)
            .current_dir(dir)
            .env("FLINK_RENDER", env!("CARGO_BIN_EXE_flink-render"))
            .output()
            .expect("review.sh runs");
        let comment = read(&dir.join("flink-render-review/comment.md"));
        let sarif = read(&dir.join("flink-render-review/flink-render.sarif"));
        (output.status.code(), text(&output.stderr), comment, sarif)
    };

    // A new image for the job cluster, and a new file.
    std::fs::write(
        clusters.join("job.yaml"),
        job.replace("flink:1.18", "flink:1.19"),
    )
    .expect("written");
    std::fs::write(
        clusters.join("new.yaml"),
        job.replace("name: wordcount", "name: other"),
    )
    .expect("written");
    let (code, stderr, comment, sarif) = review(&["clusters/job.yaml", "clusters/new.yaml"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "", "no annotation");
    assert!(comment.starts_with("<!-- flink-render review -->\n"));
    assert!(
        comment.contains("<h2><code>clusters/job.yaml</code></h2>"),
        "{comment}"
    );
    assert!(comment.contains("### FlinkCluster `flink/wordcount`: savepoint, then restart"));
    assert!(comment.contains("| `spec.image.name` | `\"flink:1.18.1\"` | `\"flink:1.19.1\"` |"));
    assert!(comment.contains("A new file: `flink-render render clusters/new.yaml`"));
    assert!(comment.len() <= 64_000);
    let log: Value = serde_json::from_str(&sarif).expect("SARIF");
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    let mut logs = vec![("good".to_owned(), sarif)];

    // A refused update and a file that does not render: annotations, results, and the comment
    // says why the update is refused.
    std::fs::write(
        clusters.join("job.yaml"),
        job.replace(
            "  taskManager:\n",
            "  taskManager:\n    deploymentType: Deployment\n",
        ),
    )
    .expect("written");
    std::fs::write(
        clusters.join("session.yaml"),
        session.replace("replicas: ", "replicas: -"),
    )
    .expect("written");
    let (code, stderr, comment, sarif_bad) =
        review(&["clusters/job.yaml", "clusters/session.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("::error file=clusters/session.yaml,line="),
        "{stderr}"
    );
    assert!(comment.contains(": rejected\n"), "{comment}");
    assert!(
        comment.contains("updating deploymentType is not allowed"),
        "{comment}"
    );
    let log: Value = serde_json::from_str(&sarif_bad).expect("SARIF");
    let uris: BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
        })
        .collect();
    assert_eq!(uris, BTreeSet::from(["clusters/session.yaml"]));
    logs.push(("refused".to_owned(), sarif_bad));
    assert_valid(&sarif_schema(), &logs);
}

/// The pre-commit hooks run what they say on good and bad files, as pre-commit would: the
/// entry, then the file names.
#[test]
fn the_pre_commit_hooks_pass_good_files_and_stop_bad_ones() {
    let hooks: Vec<serde_json::Map<String, Value>> =
        serde_saphyr::from_str(&read(&repo().join(".pre-commit-hooks.yaml"))).expect("YAML");
    let ids: Vec<&str> = hooks
        .iter()
        .map(|h| h["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["flink-render-lint", "flink-render-lint-system"]);
    for hook in &hooks {
        assert_eq!(hook["types"], serde_json::json!(["yaml"]));
        let entry: Vec<&str> = hook["entry"].as_str().expect("entry").split(' ').collect();
        assert_eq!(entry.first(), Some(&"flink-render"));
        let args = &entry[1..];
        let run = |files: &[&str]| {
            let all: Vec<&str> = args.iter().chain(files).copied().collect();
            run_in(&repo(), &all)
        };
        let (code, _, stderr) =
            run(&["examples/job-cluster.yaml", "examples/session-cluster.yaml"]);
        assert_eq!(code, 0, "{stderr}");
        let (code, _, stderr) = run(&[
            "examples/job-cluster.yaml",
            "tests/bad-inputs/15-replicas-zero.yaml",
        ]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("--> tests/bad-inputs/15-replicas-zero.yaml:13:15"),
            "{stderr}"
        );
    }
}

/// docs/diagnostics.md lists every rule id, and the committed schema takes each of them.
#[test]
fn every_rule_is_documented_and_in_the_schema() {
    let docs = read(&repo().join("docs/diagnostics.md"));
    let section = docs
        .split("## Rule ids")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the rule section");
    let documented: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    let mut rules: Vec<String> = flink_render::reporting::all_rules()
        .into_iter()
        .map(|r| r.id())
        .collect();
    rules.push(flink_render::reporting::OTHER_RULE.to_owned());
    assert_eq!(documented, rules);
    let diagnostics: Vec<Value> = rules
        .iter()
        .map(|rule| {
            serde_json::json!({
                "file": "a.yaml", "line": 1, "column": 1, "severity": "error", "rule": rule,
                "path": null, "message": "m", "object": null
            })
        })
        .collect();
    let document = serde_json::json!({
        "formatVersion": 1, "tool": {"name": "flink-render", "version": "0"},
        "command": "lint", "exitCode": 2, "failure": null,
        "counts": {"errors": diagnostics.len(), "warnings": 0}, "diagnostics": diagnostics
    });
    assert_valid(
        &json_schema(),
        &[("every rule".to_owned(), document.to_string())],
    );
}
