//! The checks of `flinkProperties` against Flink's option catalogue and the image
//! (docs/flink-options.md): one fixture per check under `fixtures/checks/`, each rendered on the
//! command line; the snapshot holds the exit code and every diagnostic, reviewed line by line.
//! The ConfigMap size check is exercised in tests/bad_inputs.rs (it takes a 1 MiB input).

mod support;

use support::*;

#[test]
fn each_check_on_its_fixture() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/checks", "*.yaml", |path| {
            let dir = path.parent().expect("a directory");
            let file = path.file_name().expect("a file").to_string_lossy().into_owned();
            let output = cli_in(dir, &["render", &file], "");
            let code = output.status.code().expect("an exit code");
            // Nothing on stdout on failure; the objects of a success are pinned elsewhere.
            if code != 0 {
                assert_eq!(text(&output.stdout), "", "{file}");
            }
            insta::assert_snapshot!(format!("exit {code}\n{}", text(&output.stderr)));
        });
    });
}

/// `--strict` on the command line does what the annotation does, for every command that
/// renders; without it the same cluster renders with its warnings.
#[test]
fn strict_makes_warnings_errors_on_every_rendering_command() {
    let dir = repo().join("fixtures/checks");
    for command in [
        vec!["render", "unknown-keys.yaml"],
        vec!["lint", "unknown-keys.yaml"],
        vec!["explain", "memory", "unknown-keys.yaml"],
        vec!["diff", "unknown-keys.yaml", "unknown-keys.yaml"],
    ] {
        let relaxed = cli_in(&dir, &command, "");
        assert_eq!(relaxed.status.code(), Some(0), "{command:?}");
        let mut strict = command.clone();
        strict.push("--strict");
        let output = cli_in(&dir, &strict, "");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{strict:?}: {stderr}");
        assert_eq!(text(&output.stdout), "", "{strict:?}");
        assert!(
            stderr.contains("error: spec.flinkProperties[taskmanager.numberOfTaskslots]: taskmanager.numberOfTaskslots is not an option of Flink 1.18, which ignores it; did you mean taskmanager.numberOfTaskSlots? (a warning, made an error by strict mode)"),
            "{strict:?}: {stderr}"
        );
        assert!(!stderr.contains("warning:"), "{strict:?}: {stderr}");
    }
}

/// The clusters side by side are compared on the streamed path (inputs over 16 KiB, checked in
/// a first pass that keeps only each cluster's claims) as on the one-pass path: the same
/// errors, at the same places.
#[test]
fn collisions_are_found_when_streaming_too() {
    let fixture = repo().join("fixtures/checks/cluster-collisions.yaml");
    let input = read(&fixture);
    let one_pass = cli_in(
        &repo().join("fixtures/checks"),
        &["render", "cluster-collisions.yaml"],
        "",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let padding = "# padding past the one-pass size\n".repeat(600);
    assert!(input.len() + padding.len() > 16 * 1024);
    std::fs::write(
        dir.path().join("cluster-collisions.yaml"),
        format!("{input}{padding}"),
    )
    .expect("written");
    let streamed = cli_in(dir.path(), &["render", "cluster-collisions.yaml"], "");
    assert_eq!(streamed.status.code(), Some(2));
    assert_eq!(text(&streamed.stdout), "");
    let stderr = text(&streamed.stderr);
    assert_eq!(stderr, text(&one_pass.stderr));
    assert_eq!(stderr.matches("error: ").count(), 5, "{stderr}");
}

/// Strict mode covers what reading the cluster warns about too (a key Kubernetes reads as a
/// boolean), not only the checks of validation.
#[test]
fn strict_covers_the_warnings_of_reading_the_input() {
    let dir = repo().join("fixtures/render");
    let output = cli_in(
        &dir,
        &["render", "yaml-as-kubernetes-reads-it.yaml", "--strict"],
        "",
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: spec.flinkProperties[true]: the unquoted key `yes` is the boolean true to Kubernetes (YAML 1.1), so the key is \"true\"; quote it (\"yes\") to keep the text (a warning, made an error by strict mode)"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning:"), "{stderr}");
}

/// A key the target writes under another name is not checked under the name the user gave:
/// `high-availability: kubernetes` on Flink 1.20 is written as `high-availability.type`, so
/// no "deprecated" warning points at it.
#[test]
fn keys_written_under_another_name_are_not_reported() {
    let output = cli_in(
        &repo().join("fixtures/ha"),
        &["render", "ha-1.20-session.yaml"],
        "",
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("spec.flinkProperties[high-availability]:"),
        "{stderr}"
    );
}
