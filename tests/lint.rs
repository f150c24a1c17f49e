//! `flink-render lint` on what users apply: a rendered stream, a kustomize build (objects
//! sorted by kind, clusters interleaved), a Helm stream with other objects, the native target's
//! objects. Flink objects are found by their labels and linted cluster by cluster; the other
//! documents are passed over and counted.

mod support;

use support::{cli, cli_in, text};

const JOB: &str = "fixtures/render/sample-job-cluster.yaml";
const SESSION: &str = "fixtures/render/sample-session-cluster.yaml";

/// `render FILE` with `args`, as text.
fn rendered(file: &str, args: &[&str]) -> String {
    let mut all = vec!["render", file];
    all.extend_from_slice(args);
    let out = cli(&all, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The documents of a stream, sorted by kind as `kustomize build` sorts them.
fn sorted_by_kind(stream: &str) -> String {
    let mut documents: Vec<&str> = stream.split("---\n").collect();
    documents.sort_by_key(|d| {
        d.lines()
            .find_map(|l| l.strip_prefix("kind: "))
            .unwrap_or_default()
            .to_owned()
    });
    documents.join("---\n")
}

fn lint(stdin: &str) -> (Option<i32>, String, String) {
    let out = cli(&["lint", "-"], stdin);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_rendered_stream_with_other_objects_is_linted_and_the_others_counted() {
    let stream = format!(
        "# Source: chart/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\n---\n{}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, labels: {{app: web}}}}\nspec: {{selector: {{matchLabels: {{app: web}}}}, template: {{metadata: {{labels: {{app: web}}}}, spec: {{containers: [{{name: web, image: nginx}}]}}}}}}\n",
        rendered(JOB, &[])
    );
    let (code, stdout, stderr) = lint(&stream);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "flink-render: 7 object(s) checked, no findings; 2 document(s) passed over (not Flink objects)\n"
    );
}

#[test]
fn a_kustomize_build_with_interleaved_clusters_is_linted_cluster_by_cluster() {
    let both = format!("{}---\n{}", rendered(JOB, &[]), rendered(SESSION, &[]));
    let built = sorted_by_kind(&both);
    let (code, stdout, stderr) = lint(&built);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // A Service whose target port leads nowhere: found, and only there.
    let broken = built.replacen("targetPort: ui", "targetPort: nowhere", 1);
    let (code, stdout, _) = lint(&broken);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("spec.ports[3].targetPort: target port \"nowhere\" is not a port of any container the Service selects"),
        "{stdout}"
    );
}

#[test]
fn the_native_targets_objects_are_found_by_their_labels() {
    let native = rendered(
        "fixtures/native/session.yaml",
        &["--target", "native", "-n", "flink"],
    );
    let (code, stdout, stderr) = lint(&native);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("object(s) checked, no findings\n"),
        "{stderr}"
    );
    let broken = native.replacen("mountPath: /opt/flink/conf", "mountPath: /opt/flink/conf\n          name: missing-volume\n          readOnly: true\n        - mountPath: /x", 1);
    let (_, stdout, _) = lint(&broken);
    assert!(stdout.contains("missing-volume"), "{stdout}");
}

#[test]
fn a_flink_object_that_cannot_be_read_as_its_kind_is_a_finding() {
    let stream = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: x-taskmanager\n  labels: {app: flink, cluster: x}\nspec:\n  replicas: two\n";
    let (code, stdout, _) = lint(stream);
    assert_eq!(code, Some(1));
    assert!(
        stdout.starts_with("StatefulSet/x-taskmanager: cannot be read as a StatefulSet (line 1): invalid type: string \"two\""),
        "{stdout}"
    );
}

#[test]
fn nothing_to_lint_is_said() {
    let (code, stdout, stderr) = lint("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with(
            "warning: nothing to lint: no FlinkCluster and no object labelled as Flink's"
        ),
        "{stderr}"
    );
}

#[test]
fn explain_names_itself_when_it_refuses_another_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
    )
    .expect("writes");
    for (what, name) in [
        ("memory", "`explain memory`"),
        ("ha", "`explain ha`"),
        ("taskmanager-pod", "`explain taskmanager-pod`"),
    ] {
        let out = cli_in(dir.path(), &["explain", what, "cm.yaml", "-n", "f"], "");
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "this document is a ConfigMap (v1), not a FlinkCluster; {name} reads only FlinkClusters"
            )) && !stderr.contains("`render`"),
            "{stderr}"
        );
    }
}
