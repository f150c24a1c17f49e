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
