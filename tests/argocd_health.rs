//! The Argo CD health check of FlinkClusters
//! (argocd/resource_customizations/flinkoperator.k8s.io/FlinkCluster/health.lua), run by a
//! real Lua 5.1 interpreter (Debian's lua5.1, installed by scripts/install-test-tools; Argo CD
//! runs gopher-lua, a Lua 5.1) over every status sample of its `health_test.yaml`, and the
//! `resource.customizations` snippet of docs/argocd.md, which must hold the same script.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flink_render::yaml::untouched::Untouched;
use flink_render::yaml::{Limits, load_stream};
use support::{read, repo, text};

fn check_dir() -> PathBuf {
    repo().join("argocd/resource_customizations/flinkoperator.k8s.io/FlinkCluster")
}

fn lua() -> PathBuf {
    support::tool("lua5.1/lua5.1")
}

/// A JSON value as a Lua table constructor, as Argo CD hands the object to the script (JSON
/// null becomes an absent field).
fn lua_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "nil".to_owned(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => lua_string(s),
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(lua_value).collect();
            format!("{{{}}}", items.join(", "))
        }
        serde_json::Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("[{}] = {}", lua_string(k), lua_value(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
    }
}

fn lua_string(text: &str) -> String {
    let mut out = String::from("\"");
    for byte in text.bytes() {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(char::from(byte)),
            other => out.push_str(&format!("\\{other:03}")),
        }
    }
    out.push('"');
    out
}

/// The health the script gives the object in the YAML file `sample`: (status, message).
fn health_of(sample: &Path) -> (String, String) {
    let (documents, _) = load_stream(&read(sample), Limits::default()).expect("YAML");
    let root = documents
        .first()
        .and_then(|d| d.root.as_ref())
        .expect("an object");
    let object = serde_json::to_value(Untouched(root)).expect("JSON");
    let driver = format!(
        "obj = {}\nlocal hs = dofile({})\nio.write(tostring(hs.status), \"\\n\", tostring(hs.message), \"\\n\")\n",
        lua_value(&object),
        lua_string(&check_dir().join("health.lua").to_string_lossy())
    );
    let mut child = Command::new(lua())
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lua5.1 starts");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), driver.as_bytes())
        .expect("writes");
    let out = child.wait_with_output().expect("lua5.1 ends");
    assert!(
        out.status.success(),
        "{}: {}",
        sample.display(),
        text(&out.stderr)
    );
    let printed = text(&out.stdout);
    let (status, message) = printed.trim_end().split_once('\n').expect("two lines");
    (status.to_owned(), message.to_owned())
}

#[test]
fn every_status_sample_gets_its_health() {
    let (documents, _) = load_stream(
        &read(&check_dir().join("health_test.yaml")),
        Limits::default(),
    )
    .expect("YAML");
    let tests = documents
        .first()
        .and_then(|d| d.root.as_ref())
        .and_then(|root| root.get("tests"))
        .and_then(|tests| match &tests.value {
            flink_render::yaml::Value::Sequence(items) => Some(items.clone()),
            _ => None,
        })
        .expect("a list of tests");
    let field = |node: &flink_render::yaml::Node, path: &[&str]| {
        path.iter()
            .try_fold(node, |node, key| node.get(key))
            .and_then(|n| n.as_str())
            .map(str::to_owned)
            .expect("a field")
    };
    let mut statuses = std::collections::BTreeSet::new();
    for test in &tests {
        let sample = check_dir().join(field(test, &["inputPath"]));
        let expected = (
            field(test, &["healthStatus", "status"]),
            field(test, &["healthStatus", "message"]),
        );
        assert_eq!(health_of(&sample), expected, "{}", sample.display());
        statuses.insert(expected.0);
    }
    assert_eq!(tests.len(), 16);
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        ["Degraded", "Healthy", "Progressing", "Suspended", "Unknown"],
        "every health Argo CD knows but Missing (which it decides itself)"
    );
}

#[test]
fn docs_argocd_holds_the_same_script_under_resource_customizations() {
    let script = read(&check_dir().join("health.lua"));
    let docs = read(&repo().join("docs/argocd.md"));
    let key = "  resource.customizations.health.flinkoperator.k8s.io_FlinkCluster: |\n";
    let start = docs.find(key).expect("the argocd-cm key in docs/argocd.md") + key.len();
    let indented: String = script
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {line}\n")
            }
        })
        .collect();
    assert_eq!(
        docs.get(start..start + indented.len()),
        Some(indented.as_str()),
        "docs/argocd.md must show health.lua as it is"
    );
}
