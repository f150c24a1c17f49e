//! Real Flink as a test tool: the distributions and the JDK `scripts/install-test-tools` puts
//! under `.tools/` (pinned in `scripts/flink-distributions.txt`), Java harnesses kept in the
//! repository compiled against a version's jars, and runs of Flink's own classes.
//!
//! Which versions a test covers: the `ci` lines of the pins file, or every version when
//! `FLINK_RENDER_FLINK_VERSIONS=all` (what `scripts/test-flink --all` sets), or the
//! comma-separated versions it names. A version that is not installed fails the test with the
//! command that installs it: no test is skipped because a tool is missing.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};

use super::repo;

/// The pinned tools' root (`FLINK_RENDER_TOOLS_DIR`, else `<repo>/.tools`).
pub fn tools_dir() -> PathBuf {
    std::env::var_os("FLINK_RENDER_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".tools"))
}

fn installed(path: PathBuf, tool: &str) -> PathBuf {
    assert!(
        path.exists(),
        "{} is missing: run `scripts/install-test-tools {tool}`",
        path.display()
    );
    path
}

/// `java` of the pinned JDK.
pub fn java() -> PathBuf {
    installed(tools_dir().join("jdk/bin/java"), "jdk")
}

/// `javac` of the pinned JDK.
pub fn javac() -> PathBuf {
    installed(tools_dir().join("jdk/bin/javac"), "jdk")
}

/// Every version of `scripts/flink-distributions.txt` with whether it is a `ci` version, in
/// file order.
pub fn pinned_versions() -> Vec<(String, bool)> {
    let pins = super::read(&repo().join("scripts/flink-distributions.txt"));
    let mut versions: Vec<(String, bool)> = Vec::new();
    for line in pins.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split_whitespace();
        if let (Some(version), Some(ci)) = (fields.next(), fields.next())
            && !versions.iter().any(|(v, _)| v == version)
        {
            versions.push((version.to_owned(), ci == "ci"));
        }
    }
    versions
}

/// The Flink versions this run covers (see the module header).
pub fn versions() -> Vec<String> {
    let pinned = pinned_versions();
    match std::env::var("FLINK_RENDER_FLINK_VERSIONS").ok().as_deref() {
        None | Some("") | Some("ci") => pinned
            .into_iter()
            .filter(|(_, ci)| *ci)
            .map(|(v, _)| v)
            .collect(),
        Some("all") => pinned.into_iter().map(|(v, _)| v).collect(),
        Some(list) => list
            .split(',')
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect(),
    }
}

/// `FLINK_HOME` of an installed version.
pub fn home(version: &str) -> PathBuf {
    let home = tools_dir().join("flink").join(version);
    installed(home.join("lib"), &format!("flink-{version}"));
    home
}

/// The class path of a version's own JVMs: `lib/*` (flink-dist first, as `config.sh` builds
/// it does not matter for lookups) and `bin/bash-java-utils.jar` where the version has it.
pub fn classpath(version: &str) -> String {
    let home = home(version);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(home.join("lib"))
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", home.join("lib").display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jar"))
        .collect();
    entries.sort();
    let utils = home.join("bin/bash-java-utils.jar");
    if utils.exists() {
        entries.push(utils);
    }
    join_paths(&entries)
}

fn join_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(":")
}

/// Compiles the Java sources of `tests/java/<harness>/` against `version`'s jars (Java 11
/// bytecode, which every supported Flink runs) into a directory of its own under the test
/// target directory, once per run and version (unchanged sources are not compiled again),
/// and returns the class path that runs it: the classes, then Flink's.
pub fn harness(harness: &str, version: &str) -> String {
    static COMPILED: OnceLock<Mutex<BTreeMap<(String, String), String>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut compiled = compiled.lock().unwrap_or_else(|e| e.into_inner());
    let key = (harness.to_owned(), version.to_owned());
    if let Some(cp) = compiled.get(&key) {
        return cp.clone();
    }
    let source_dir = repo().join("tests/java").join(harness);
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&source_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", source_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "java"))
        .collect();
    sources.sort();
    let flink_cp = classpath(version);
    let stamp_text: String = sources
        .iter()
        .map(|s| format!("{}\n{}\n", s.display(), super::read(s)))
        .chain([flink_cp.clone()])
        .collect();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("flink-harness")
        .join(harness)
        .join(version);
    let stamp = out.join(".sources");
    let fresh = std::fs::read_to_string(&stamp).is_ok_and(|s| s == stamp_text);
    if !fresh {
        let staging = out.with_extension(format!("tmp{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).expect("create the harness class directory");
        let output = Command::new(javac())
            .args(["--release", "11", "-nowarn", "-encoding", "UTF-8", "-cp"])
            .arg(&flink_cp)
            .arg("-d")
            .arg(&staging)
            .args(&sources)
            .output()
            .expect("run javac");
        assert!(
            output.status.success(),
            "javac of tests/java/{harness} against Flink {version} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::write(staging.join(".sources"), &stamp_text).expect("write the stamp");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::rename(&staging, &out).expect("move the compiled harness into place");
    }
    let cp = format!("{}:{flink_cp}", out.display());
    compiled.insert(key, cp.clone());
    cp
}

/// Runs `main` with `args` on the class path `cp` (from [`harness`] or [`classpath`]), with
/// `stdin` as its input; Java 17's module rules opened as Flink's default configuration
/// opens them is the caller's business (pass JVM options in `jvm`).
pub fn run_java(cp: &str, jvm: &[&str], main: &str, args: &[&str], stdin: &[u8]) -> Output {
    run_java_env(cp, jvm, main, args, stdin, &BTreeMap::new())
}

/// [`run_java`] with the environment variables `env` added (Flink reads `FLINK_TM_HEAP` and
/// `FLINK_JM_HEAP` from its environment).
pub fn run_java_env(
    cp: &str,
    jvm: &[&str],
    main: &str,
    args: &[&str],
    stdin: &[u8],
    env: &BTreeMap<String, String>,
) -> Output {
    use std::io::Write;
    let mut child = Command::new(java())
        .envs(env)
        .args(jvm)
        .arg("-cp")
        .arg(cp)
        .arg(main)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start java {main}: {e}"));
    let mut input = child.stdin.take().expect("stdin is piped");
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let output = child.wait_with_output().expect("wait for java");
    let _ = writer.join();
    output
}
