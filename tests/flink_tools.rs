//! The Flink distributions and the JDK the suite runs Flink with (tests/support/flink.rs): each
//! version this run covers is installed, is the version it claims to be (its own classes say
//! so), and the JDK is Java 17.

mod support;

use support::flink;

#[test]
fn the_jdk_is_java_17() {
    let output = std::process::Command::new(flink::java())
        .arg("-version")
        .output()
        .expect("run java -version");
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.contains("version \"17.")),
        "{text}"
    );
}

#[test]
fn every_covered_version_is_installed_and_is_what_it_claims() {
    let versions = flink::versions();
    assert!(versions.len() >= 3, "{versions:?}");
    for version in versions {
        let cp = flink::harness("version", &version);
        let output = flink::run_java(&cp, &[], "PrintFlinkVersion", &[], b"");
        assert!(output.status.success(), "{output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), version);
    }
}

#[test]
fn the_ci_versions_span_the_lines_the_issue_names() {
    let ci: Vec<String> = flink::pinned_versions()
        .into_iter()
        .filter(|(_, ci)| *ci)
        .map(|(v, _)| v)
        .collect();
    assert_eq!(ci, ["1.11.4", "1.20.5", "2.3.0"]);
}
