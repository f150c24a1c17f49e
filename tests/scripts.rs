//! The shell scripts flink-render ships, exercised for real under bash with fake `curl` and
//! `flink` binaries (see tests/submit_job_script/run-cases.sh for the cases).

mod support;

use std::process::Command;

#[test]
fn submit_job_script_behaves_as_specified() {
    let repo = support::repo();
    let output = Command::new("bash")
        .arg(repo.join("tests/submit_job_script/run-cases.sh"))
        .arg(repo.join("templates/submit-job.sh"))
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "submit-job.sh cases failed:\n{}\n{}",
        support::text(&output.stdout),
        support::text(&output.stderr)
    );
}

/// Runs a copy of scripts/test whose tools are fakes: `scripts/install-test-tools` succeeds,
/// and `cargo` (first on PATH) records its arguments and answers as `test_answer` says.
fn run_test_script(test_answer: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let scripts = dir.path().join("scripts");
    std::fs::create_dir(&scripts).expect("creates");
    std::fs::copy(support::repo().join("scripts/test"), scripts.join("test")).expect("copies");
    let fake = |path: &std::path::Path, body: &str| {
        std::fs::write(path, format!("#!/bin/sh\n{body}")).expect("writes");
        Command::new("chmod")
            .args(["+x", &path.to_string_lossy()])
            .status()
            .expect("chmod");
    };
    fake(&scripts.join("install-test-tools"), "exit 0\n");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("creates");
    fake(
        &bin.join("cargo"),
        &format!(
            "echo \"$@\" >> \"{log}\"\ncase \"$*\" in\n  *--doc*) echo 'test result: ok. 3 passed; 0 failed; 0 ignored'; exit 0 ;;\n  test*) {test_answer} ;;\nesac\nexit 0\n",
            log = dir.path().join("calls.log").display()
        ),
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(scripts.join("test"))
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", "/elsewhere/target")
        .output()
        .expect("bash runs");
    let calls = std::fs::read_to_string(dir.path().join("calls.log")).unwrap_or_default();
    (out.status.code(), support::text(&out.stdout), calls)
}

#[test]
fn the_test_script_ends_with_a_grand_total_and_honours_cargo_target_dir() {
    let (code, stdout, calls) = run_test_script(
        "echo 'test result: ok. 5 passed; 0 failed; 0 ignored'; echo 'test result: ok. 5 passed; 0 failed'; echo 'test result: FAILED. 2 passed; 1 failed'; exit 101",
    );
    assert_eq!(code, Some(1));
    // Four checks (tools, fmt, clippy, fuzz), 12 + 1 tests, 3 doc tests.
    assert!(stdout.ends_with("\n19 passed, 1 failed\n"), "{stdout}");
    assert!(
        calls.contains(
            "check --locked --manifest-path fuzz/Cargo.toml --bins --target-dir /elsewhere/target"
        ),
        "{calls}"
    );
    // A test run that does not even build is a failure too, and the doc tests still run.
    let (code, stdout, _) = run_test_script("echo 'error: could not compile'; exit 101");
    assert_eq!(code, Some(1));
    assert!(stdout.ends_with("\n7 passed, 1 failed\n"), "{stdout}");
    let (code, stdout, _) =
        run_test_script("echo 'test result: ok. 10 passed; 0 failed; 0 ignored'; exit 0");
    assert_eq!(code, Some(0));
    assert!(stdout.ends_with("\n17 passed, 0 failed\n"), "{stdout}");
}
