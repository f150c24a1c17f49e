//! `render --output-dir`: nothing lost on disk. Prune deletes only what flink-render wrote, an
//! interrupted run leaves the old directory or the new one (never a mix, no staging left), a
//! mount point works, a destination that cannot be written changes nothing, and two runs into
//! one directory take turns.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{cli_in, repo, text};

const JOB: &str = "fixtures/render/sample-job-cluster.yaml";

/// `count` FlinkClusters in one stream, each with `tag` in its configuration.
fn clusters(count: usize, tag: &str) -> String {
    (0..count)
        .map(|i| {
            format!(
                "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: c{i}\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  flinkProperties:\n    pipeline.name: {tag}\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

/// Every entry of `dir` (hidden ones too) with its content; directories as `<dir>`.
fn listing(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("readable")
        .map(|entry| {
            let entry = entry.expect("entry");
            let content = if entry.path().is_dir() {
                "<dir>".to_owned()
            } else {
                std::fs::read_to_string(entry.path()).unwrap_or_default()
            };
            (entry.file_name().to_string_lossy().into_owned(), content)
        })
        .collect()
}

/// Entries of `dir` whose name says flink-render stages there.
fn staging_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("flink-render-staging") || name.contains(".flink-render-"))
        .filter(|name| name != ".flink-render-files")
        .collect()
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = cli_in(dir, args, "");
    (out.status.code().unwrap_or(-1), text(&out.stderr))
}

/// How many ConfigMaps in `dir` hold `tag`.
fn tagged(dir: &Path, tag: &str) -> usize {
    listing(dir)
        .iter()
        .filter(|(name, content)| {
            name.starts_with("v1_configmap_")
                && content.contains(&format!("pipeline.name: {tag}\n"))
        })
        .count()
}

#[test]
fn prune_deletes_only_what_flink_render_wrote_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("creates");
    std::fs::write(dir.path().join("a.yaml"), clusters(2, "a")).expect("writes");
    std::fs::write(dir.path().join("b.yaml"), clusters(1, "b")).expect("writes");
    let (code, stderr) = run(dir.path(), &["render", "a.yaml", "--output-dir", "out"]);
    assert_eq!(code, 0, "{stderr}");
    // Files of other tools, hidden files, a file named like ours that flink-render did not
    // write, and one of its files changed since.
    for (name, content) in [
        ("kustomization.yaml", "resources: []\n"),
        (".hidden.yaml", "kept\n"),
        ("notes.yml", "kept\n"),
        ("apps_v1_statefulset_handmade-taskmanager.yaml", "kept\n"),
    ] {
        std::fs::write(out.join(name), content).expect("writes");
    }
    std::fs::write(
        out.join("v1_service_c1-taskmanager.yaml"),
        "edited by hand\n",
    )
    .expect("writes");
    let before = listing(&out);
    let (code, stderr) = run(
        dir.path(),
        &["render", "b.yaml", "--output-dir", "out", "--prune"],
    );
    assert_eq!(code, 0, "{stderr}");
    let after = listing(&out);
    for kept in [
        "kustomization.yaml",
        ".hidden.yaml",
        "notes.yml",
        "apps_v1_statefulset_handmade-taskmanager.yaml",
        "v1_service_c1-taskmanager.yaml",
    ] {
        assert_eq!(after.get(kept), before.get(kept), "{kept} kept as it was");
    }
    assert!(
        !after.contains_key("v1_configmap_c1-configmap.yaml"),
        "pruned"
    );
    assert!(
        stderr.contains("pruned out/v1_configmap_c1-configmap.yaml\n"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("pruned out/v1_service_c1-taskmanager.yaml"),
        "a file changed since it was written is not pruned: {stderr}"
    );
    assert!(
        stderr.contains("--prune kept 1 file(s) named like flink-render's output"),
        "{stderr}"
    );
    assert_eq!(tagged(&out, "b"), 1);
    assert_eq!(tagged(&out, "a"), 0);
}

#[test]
fn prune_refuses_a_directory_that_holds_an_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pr = dir.path().join("pr");
    std::fs::create_dir(&pr).expect("creates");
    std::fs::write(pr.join("mycluster.yaml"), clusters(1, "a")).expect("writes");
    std::fs::write(pr.join("kustomization.yaml"), "resources: []\n").expect("writes");
    let before = listing(&pr);
    let (code, stderr) = run(
        dir.path(),
        &[
            "render",
            "pr/mycluster.yaml",
            "--output-dir",
            "pr",
            "--prune",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("mycluster.yaml is inside --output-dir pr"),
        "{stderr}"
    );
    assert_eq!(listing(&pr), before, "nothing written, nothing deleted");
    // Without --prune the input stays, next to its objects.
    let (code, stderr) = run(
        dir.path(),
        &["render", "pr/mycluster.yaml", "--output-dir", "pr"],
    );
    assert_eq!(code, 0, "{stderr}");
    let after = listing(&pr);
    assert_eq!(after.get("mycluster.yaml"), before.get("mycluster.yaml"));
    assert_eq!(
        after.get("kustomization.yaml"),
        before.get("kustomization.yaml")
    );
    assert!(after.contains_key("v1_configmap_c0-configmap.yaml"));
}

#[test]
fn a_destination_that_cannot_be_written_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("creates");
    std::fs::write(dir.path().join("a.yaml"), clusters(3, "a")).expect("writes");
    let (code, stderr) = run(dir.path(), &["render", "a.yaml", "--output-dir", "out"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(dir.path().join("b.yaml"), clusters(3, "b")).expect("writes");
    // A directory named like the file of the last object of the last cluster.
    std::fs::remove_file(out.join("v1_service_c2-taskmanager.yaml")).expect("removes");
    std::fs::create_dir(out.join("v1_service_c2-taskmanager.yaml")).expect("creates");
    let before = listing(&out);
    let (code, stderr) = run(dir.path(), &["render", "b.yaml", "--output-dir", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("v1_service_c2-taskmanager.yaml exists and is not a file"),
        "{stderr}"
    );
    assert_eq!(listing(&out), before, "not one file moved in");
    assert!(staging_in(dir.path()).is_empty() && staging_in(&out).is_empty());
}

/// Starts `render` of `input` into `out` (in `dir`) and waits until it is staging files.
fn start_and_wait_for_staging(dir: &Path, input: &str, out: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flink-render"))
        .args(["render", input, "--output-dir", out])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    loop {
        let staged = staging_in(dir)
            .iter()
            .map(|name| dir.join(name))
            .any(|path| std::fs::read_dir(path).is_ok_and(|mut d| d.nth(2).is_some()));
        if staged {
            return child;
        }
        assert!(
            child.try_wait().expect("waits").is_none(),
            "the run ended before it staged anything"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no staging");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[test]
fn an_interrupted_run_leaves_the_old_directory_and_no_staging() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::write(dir.path().join("a.yaml"), clusters(400, "a")).expect("writes");
    std::fs::write(dir.path().join("b.yaml"), clusters(400, "b")).expect("writes");
    let (code, stderr) = run(dir.path(), &["render", "a.yaml", "--output-dir", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let old = listing(&out);

    // SIGTERM, as a CI job's timeout sends it: staging removed before the process ends.
    let child = start_and_wait_for_staging(dir.path(), "b.yaml", "out");
    signal(&child, "-TERM");
    let ended = child.wait_with_output().expect("ends");
    assert_eq!(ended.status.code(), Some(143), "{}", text(&ended.stderr));
    assert_eq!(listing(&out), old, "the old directory, whole");
    assert!(staging_in(dir.path()).is_empty(), "no staging left");

    // kill -9 cannot be caught: the next run removes what it left before it starts.
    let mut child = start_and_wait_for_staging(dir.path(), "b.yaml", "out");
    signal(&child, "-KILL");
    child.wait().expect("ends");
    assert_eq!(listing(&out), old, "the old directory, whole");
    assert!(!staging_in(dir.path()).is_empty(), "kill -9 leaves staging");
    let (code, stderr) = run(dir.path(), &["render", "b.yaml", "--output-dir", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(staging_in(dir.path()).is_empty(), "cleaned up at start-up");
    assert_eq!((tagged(&out, "a"), tagged(&out, "b")), (0, 400));
}

#[test]
fn two_runs_into_one_directory_take_turns() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The first run has much to write, the second little: it comes while the first writes.
    std::fs::write(dir.path().join("a.yaml"), clusters(10, "a")).expect("writes");
    std::fs::write(dir.path().join("b.yaml"), clusters(1500, "b")).expect("writes");
    let first = start_and_wait_for_staging(dir.path(), "b.yaml", "out");
    let (code, stderr) = run(
        dir.path(),
        &["render", "a.yaml", "--output-dir", "out", "--prune"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("another flink-render is writing to out; waiting for it to finish"),
        "{stderr}"
    );
    let first = first.wait_with_output().expect("ends");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    // The second run came after the first: its objects, whole.
    let out = dir.path().join("out");
    assert_eq!((tagged(&out, "a"), tagged(&out, "b")), (10, 0));
}

#[test]
fn a_mount_point_is_written_in_place() {
    // A tmpfs mounted on the output directory, in a mount namespace of the test's own
    // (`unshare`, util-linux), as a container volume (`-v $PWD/out:/out`) is.
    let dir = tempfile::tempdir().expect("temp dir");
    let mount = dir.path().join("volume");
    std::fs::create_dir(&mount).expect("creates");
    let binary = env!("CARGO_BIN_EXE_flink-render");
    let job = repo().join(JOB);
    let script = format!(
        "set -e; mount -t tmpfs tmpfs '{mount}'; echo keep > '{mount}/kustomization.yaml'; \
         '{binary}' render '{job}' --output-dir '{mount}'; \
         '{binary}' render '{job}' --output-dir '{mount}' --prune; ls -a '{mount}'",
        mount = mount.display(),
        job = job.display(),
    );
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output()
        .expect("unshare runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    let names: Vec<&str> = listed.lines().collect();
    assert!(
        names.contains(&"v1_configmap_flinkjobcluster-sample-configmap.yaml")
            && names.contains(&"kustomization.yaml")
            && names.contains(&".flink-render-files"),
        "{listed}"
    );
    assert!(
        !names.iter().any(|n| n.contains("staging")),
        "no staging left: {listed}"
    );
    assert!(!text(&out.stderr).contains("cross-device"));
}

#[test]
fn the_current_directory_can_be_the_output_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out: PathBuf = dir.path().join("out");
    std::fs::create_dir(&out).expect("creates");
    let job = repo().join(JOB);
    let (code, stderr) = run(
        &out,
        &["render", job.to_str().expect("utf-8"), "--output-dir", "."],
    );
    assert_eq!(code, 0, "{stderr}");
    // Still the same directory (not swapped away from under the shell that is in it).
    assert!(
        out.join("v1_configmap_flinkjobcluster-sample-configmap.yaml")
            .is_file()
    );
    assert!(staging_in(&out).is_empty());
}
