//! The barrier script `templates/barrier.sh`, run for real under dash and under BusyBox `sh`
//! (with BusyBox's own tools, as in the default image), with a fake `kubectl` first on PATH that
//! replays scripted API answers (tests/barrier_script/kubectl) and a fake clock (`date`, `sleep`):
//! exit codes, the exact bytes of framework.json and injector.sh, and sourcing injector.sh.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

/// A shell the script is run under, with the PATH it gets.
struct Shell {
    name: &'static str,
    program: PathBuf,
    args: &'static [&'static str],
    path: String,
}

fn tool(relative: &str) -> PathBuf {
    let path = repo().join(".tools").join(relative);
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-test-tools",
        path.display()
    );
    path
}

/// dash (Debian's /bin/sh) with the system's tools, and BusyBox sh with only BusyBox's applets
/// (as in the default image, Alpine); the fakes come first on both PATHs.
fn shells() -> Vec<Shell> {
    let fakes = repo().join("tests/barrier_script");
    vec![
        Shell {
            name: "dash",
            program: tool("dash/dash"),
            args: &[],
            path: format!("{}:/usr/bin:/bin", fakes.display()),
        },
        Shell {
            name: "busybox sh",
            program: tool("busybox/busybox"),
            args: &["sh"],
            path: format!("{}:{}", fakes.display(), tool("busybox/bin").display()),
        },
    ]
}

/// One scripted answer of the fake kubectl.
#[derive(Clone)]
struct Answer {
    code: i32,
    out: String,
    err: String,
}

fn ok(out: &str) -> Answer {
    Answer {
        code: 0,
        out: out.to_owned(),
        err: String::new(),
    }
}

fn fails(err: &str) -> Answer {
    Answer {
        code: 1,
        out: String::new(),
        err: format!("{err}\n"),
    }
}

/// The demo cluster's JobManager: not scheduled yet, started but not Ready, Ready.
const JM_PENDING: [&str; 5] = ["jobmanager", "demo-jobmanager-0", "", "", ""];
const JM_STARTING: [&str; 5] = ["jobmanager", "demo-jobmanager-0", "10.0.0.1", "False", ""];
const JM_READY: [&str; 5] = ["jobmanager", "demo-jobmanager-0", "10.0.0.1", "True", ""];

/// A pod listing as the script's jsonpath prints it, one pod per row: component, name, pod IP,
/// Ready status, deletion timestamp.
fn listing(pods: &[[&str; 5]]) -> Answer {
    ok(&pods.iter().map(|p| p.join("|") + "\n").collect::<String>())
}

/// A program found on this test's own PATH (the scripts run with a PATH of their own).
fn host_program(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("{name} is not on PATH"))
}

/// What the script is given.
struct Scenario {
    env: Vec<(&'static str, String)>,
    own_pod: Vec<Answer>,
    pods: Vec<Answer>,
}

impl Scenario {
    /// A TaskManager waiting for one Ready JobManager; `pods` are the successive listings.
    fn new(pods: Vec<Answer>) -> Scenario {
        Scenario {
            env: vec![
                ("BARRIER_NAMESPACE", "flink".to_owned()),
                ("BARRIER_POD_NAME", "demo-taskmanager-0".to_owned()),
                ("BARRIER_SELECTOR", "app=flink,cluster=demo".to_owned()),
                ("BARRIER_WAIT_FOR", "jobmanager:1:ready".to_owned()),
            ],
            own_pod: vec![ok("")],
            pods,
        }
    }

    fn with(mut self, name: &'static str, value: &str) -> Scenario {
        self.env.retain(|(n, _)| *n != name);
        self.env.push((name, value.to_owned()));
        self
    }

    fn without(mut self, name: &'static str) -> Scenario {
        self.env.retain(|(n, _)| *n != name);
        self
    }
}

/// What came out.
#[derive(Debug)]
struct Outcome {
    code: Option<i32>,
    stderr: String,
    out_dir: PathBuf,
    sleeps: Vec<String>,
    calls: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Outcome {
    fn assert_exit(&self, shell: &Shell, code: i32) {
        assert_eq!(self.code, Some(code), "{}: {}", shell.name, self.stderr);
    }

    fn assert_logged(&self, text: &str) {
        assert!(
            self.stderr.contains(text),
            "expected {text:?} in\n{}",
            self.stderr
        );
    }

    fn file(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.out_dir.join(name)).ok()
    }

    fn mode(&self, name: &str) -> u32 {
        std::fs::metadata(self.out_dir.join(name))
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.out_dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

fn write_answers(dir: &Path, kind: &str, answers: &[Answer]) {
    for (i, answer) in answers.iter().enumerate() {
        let n = i + 1;
        std::fs::write(
            dir.join(format!("{kind}.{n}.code")),
            answer.code.to_string(),
        )
        .expect("writes");
        std::fs::write(dir.join(format!("{kind}.{n}.out")), &answer.out).expect("writes");
        std::fs::write(dir.join(format!("{kind}.{n}.err")), &answer.err).expect("writes");
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn run(shell: &Shell, scenario: &Scenario) -> Outcome {
    let dir = tempfile::tempdir().expect("temp dir");
    let answers = dir.path().join("kubectl");
    std::fs::create_dir(&answers).expect("creates");
    write_answers(&answers, "self", &scenario.own_pod);
    write_answers(&answers, "list", &scenario.pods);
    let out_dir = dir.path().join("out");
    let clock = dir.path().join("clock");
    let output = Command::new(&shell.program)
        .args(shell.args)
        .arg(repo().join("templates/barrier.sh"))
        .env_clear()
        .env("PATH", &shell.path)
        .env("FAKE_KUBECTL_DIR", &answers)
        .env("FAKE_CLOCK", &clock)
        .env("BARRIER_OUTPUT_DIR", &out_dir)
        .envs(scenario.env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("the shell runs");
    Outcome {
        code: output.status.code(),
        stderr: text(&output.stderr),
        out_dir,
        sleeps: lines(&dir.path().join("clock.sleeps")),
        calls: lines(&answers.join("calls")),
        _dir: dir,
    }
}

const INJECTOR_HEAD: &str =
    "#!/bin/bash\n\necho ./injector.sh: Start to inject environment variables\n\n";
const INJECTOR_TAIL: &str = "\necho ./injector.sh: Succeeded to inject environment variables\n";

#[test]
fn a_task_manager_waits_until_the_job_manager_is_ready_with_a_pod_ip() {
    let scenario = Scenario::new(vec![
        listing(&[JM_PENDING]),
        listing(&[
            JM_STARTING,
            ["taskmanager", "demo-taskmanager-0", "10.0.1.1", "False", ""],
        ]),
        listing(&[
            ["taskmanager", "demo-taskmanager-0", "10.0.1.1", "False", ""],
            JM_READY,
        ]),
    ]);
    for shell in shells() {
        let outcome = run(&shell, &scenario);
        outcome.assert_exit(&shell, 0);
        assert_eq!(outcome.sleeps, ["10", "10"], "{}", shell.name);
        assert_eq!(
            outcome.calls,
            [
                "get pod demo-taskmanager-0 --namespace flink --request-timeout 10s --output jsonpath={.metadata.deletionTimestamp}",
                "get pods --namespace flink --selector app=flink,cluster=demo --request-timeout 10s --output jsonpath={range .items[*]}{.metadata.labels.component}{\"|\"}{.metadata.name}{\"|\"}{.status.podIP}{\"|\"}{.status.conditions[?(@.type==\"Ready\")].status}{\"|\"}{.metadata.deletionTimestamp}{\"\\n\"}{end}",
            ]
            .repeat(3),
            "{}",
            shell.name
        );
        assert_eq!(
            outcome.file("framework.json").as_deref(),
            Some(
                r#"{"namespace":"flink","pods":[{"role":"jobmanager","name":"demo-jobmanager-0","index":0,"ip":"10.0.0.1"},{"role":"taskmanager","name":"demo-taskmanager-0","index":0,"ip":"10.0.1.1"}]}"#
            ),
            "{}",
            shell.name
        );
        let injector = format!(
            "{INJECTOR_HEAD}export FB_JOBMANAGER_IPS=10.0.0.1\necho FB_JOBMANAGER_IPS=${{FB_JOBMANAGER_IPS}}\nexport FB_TASKMANAGER_IPS=10.0.1.1\necho FB_TASKMANAGER_IPS=${{FB_TASKMANAGER_IPS}}\n\nexport FB_JOBMANAGER_ADDRESSES=10.0.0.1:${{FB_JOBMANAGER_PORT}}\necho FB_JOBMANAGER_ADDRESSES=${{FB_JOBMANAGER_ADDRESSES}}\nexport FB_TASKMANAGER_ADDRESSES=10.0.1.1:${{FB_TASKMANAGER_PORT}}\necho FB_TASKMANAGER_ADDRESSES=${{FB_TASKMANAGER_ADDRESSES}}\n{INJECTOR_TAIL}"
        );
        assert_eq!(
            outcome.file("injector.sh"),
            Some(injector),
            "{}",
            shell.name
        );
        assert_eq!(outcome.mode("framework.json"), 0o644);
        assert_eq!(outcome.mode("injector.sh"), 0o755);
        assert_eq!(outcome.files(), ["framework.json", "injector.sh"]);
        outcome
            .assert_logged("BarrierNotPassed: 0/1 pods reached the barrier: jobmanager 0/1 ready.");
        outcome.assert_logged("ExitCode: 0: Exit with success.");
    }
}

/// The submitter's view once every pod is up: TaskManagers out of name order, one being
/// deleted, the submitter itself without a component label.
fn submitter_scenario() -> Scenario {
    Scenario::new(vec![
        listing(&[
            JM_READY,
            ["taskmanager", "demo-taskmanager-0", "10.0.1.1", "True", ""],
            ["taskmanager", "demo-taskmanager-1", "", "", ""],
        ]),
        listing(&[
            [
                "taskmanager",
                "demo-taskmanager-10",
                "10.0.1.10",
                "True",
                "",
            ],
            ["", "demo-job-submitter-x7k2p", "10.0.2.1", "False", ""],
            ["taskmanager", "demo-taskmanager-2", "10.0.1.2", "True", ""],
            [
                "taskmanager",
                "demo-taskmanager-0",
                "10.0.1.9",
                "True",
                "2026-05-01T10:00:00Z",
            ],
            JM_READY,
            ["taskmanager", "demo-taskmanager-1", "10.0.1.1", "True", ""],
        ]),
    ])
    .with("BARRIER_POD_NAME", "demo-job-submitter-x7k2p")
    .with("BARRIER_WAIT_FOR", "jobmanager:1:ready taskmanager:3:ready")
}

const SUBMITTER_FRAMEWORK: &str = r#"{"namespace":"flink","pods":[{"role":"jobmanager","name":"demo-jobmanager-0","index":0,"ip":"10.0.0.1"},{"role":"taskmanager","name":"demo-taskmanager-1","index":0,"ip":"10.0.1.1"},{"role":"taskmanager","name":"demo-taskmanager-2","index":1,"ip":"10.0.1.2"},{"role":"taskmanager","name":"demo-taskmanager-10","index":2,"ip":"10.0.1.10"}]}"#;

#[test]
fn the_submitter_waits_for_every_pod_and_lists_them_in_index_order() {
    for shell in shells() {
        let outcome = run(&shell, &submitter_scenario());
        outcome.assert_exit(&shell, 0);
        assert_eq!(outcome.sleeps, ["10"]);
        outcome.assert_logged("BarrierNotPassed: 2/4 pods reached the barrier: jobmanager 1/1 ready, taskmanager 1/3 ready.");
        outcome.assert_logged("BarrierPassed: 4/4 pods reached the barrier: jobmanager 1/1 ready, taskmanager 3/3 ready.");
        assert_eq!(
            outcome.file("framework.json").as_deref(),
            Some(SUBMITTER_FRAMEWORK),
            "{}",
            shell.name
        );
        let injector = format!(
            "{INJECTOR_HEAD}export FB_JOBMANAGER_IPS=10.0.0.1\necho FB_JOBMANAGER_IPS=${{FB_JOBMANAGER_IPS}}\nexport FB_TASKMANAGER_IPS=10.0.1.1,10.0.1.2,10.0.1.10\necho FB_TASKMANAGER_IPS=${{FB_TASKMANAGER_IPS}}\n\nexport FB_JOBMANAGER_ADDRESSES=10.0.0.1:${{FB_JOBMANAGER_PORT}}\necho FB_JOBMANAGER_ADDRESSES=${{FB_JOBMANAGER_ADDRESSES}}\nexport FB_TASKMANAGER_ADDRESSES=10.0.1.1:${{FB_TASKMANAGER_PORT}},10.0.1.2:${{FB_TASKMANAGER_PORT}},10.0.1.10:${{FB_TASKMANAGER_PORT}}\necho FB_TASKMANAGER_ADDRESSES=${{FB_TASKMANAGER_ADDRESSES}}\n{INJECTOR_TAIL}"
        );
        assert_eq!(
            outcome.file("injector.sh"),
            Some(injector),
            "{}",
            shell.name
        );
    }
}

#[test]
fn sourcing_injector_sh_sets_the_variables() {
    let expected = "./injector.sh: Start to inject environment variables\nFB_JOBMANAGER_IPS=10.0.0.1\nFB_TASKMANAGER_IPS=10.0.1.1,10.0.1.2,10.0.1.10\nFB_JOBMANAGER_ADDRESSES=10.0.0.1:6123\nFB_TASKMANAGER_ADDRESSES=10.0.1.1:6122,10.0.1.2:6122,10.0.1.10:6122\n./injector.sh: Succeeded to inject environment variables\n--\n10.0.0.1\n10.0.1.1,10.0.1.2,10.0.1.10\n10.0.0.1:6123\n10.0.1.1:6122,10.0.1.2:6122,10.0.1.10:6122\n";
    let source = r#"FB_JOBMANAGER_PORT=6123; FB_TASKMANAGER_PORT=6122; . "$1"; echo --; printf '%s\n' "$FB_JOBMANAGER_IPS" "$FB_TASKMANAGER_IPS" "$FB_JOBMANAGER_ADDRESSES" "$FB_TASKMANAGER_ADDRESSES""#;
    for shell in shells() {
        let outcome = run(&shell, &submitter_scenario());
        assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
        let injector = outcome.out_dir.join("injector.sh");
        let mut runners: Vec<(String, Command)> = Vec::new();
        let mut own = Command::new(&shell.program);
        own.args(shell.args);
        runners.push((shell.name.to_owned(), own));
        // The file says #!/bin/bash, and Flink images source it with bash.
        runners.push(("bash".to_owned(), Command::new(host_program("bash"))));
        for (name, mut command) in runners {
            let output = command
                .args(["-c", source, "sh"])
                .arg(&injector)
                .env_clear()
                .env("PATH", &shell.path)
                .output()
                .expect("the shell runs");
            assert_eq!(
                text(&output.stdout),
                expected,
                "{name}: {}",
                text(&output.stderr)
            );
        }
    }
}

#[test]
fn the_application_job_manager_waits_until_every_task_manager_is_scheduled() {
    let jm = [
        "jobmanager",
        "app-jobmanager-5xq7z",
        "10.0.0.7",
        "False",
        "",
    ];
    let tm = [
        "taskmanager",
        "app-taskmanager-6d9f-abcde",
        "10.0.1.3",
        "False",
        "",
    ];
    let other_pending = ["taskmanager", "app-taskmanager-6d9f-vwxyz", "", "", ""];
    let other = [
        "taskmanager",
        "app-taskmanager-6d9f-vwxyz",
        "10.0.1.4",
        "False",
        "",
    ];
    let scenario = Scenario::new(vec![
        listing(&[jm, tm, other_pending]),
        listing(&[jm, other, tm]),
    ])
    .with("BARRIER_POD_NAME", "app-jobmanager-5xq7z")
    .with("BARRIER_WAIT_FOR", "taskmanager:2:scheduled");
    for shell in shells() {
        let outcome = run(&shell, &scenario);
        outcome.assert_exit(&shell, 0);
        outcome.assert_logged(
            "BarrierPassed: 2/2 pods reached the barrier: taskmanager 2/2 scheduled.",
        );
        assert_eq!(
            outcome.file("framework.json").as_deref(),
            Some(
                r#"{"namespace":"flink","pods":[{"role":"jobmanager","name":"app-jobmanager-5xq7z","index":0,"ip":"10.0.0.7"},{"role":"taskmanager","name":"app-taskmanager-6d9f-abcde","index":0,"ip":"10.0.1.3"},{"role":"taskmanager","name":"app-taskmanager-6d9f-vwxyz","index":1,"ip":"10.0.1.4"}]}"#
            ),
            "{}",
            shell.name
        );
    }
}

#[test]
fn a_barrier_that_never_passes_times_out_with_201() {
    let scenario = Scenario::new(vec![listing(&[JM_STARTING])])
        .with("BARRIER_CHECK_INTERVAL_SEC", "5")
        .with("BARRIER_CHECK_TIMEOUT_SEC", "60");
    for shell in shells() {
        let outcome = run(&shell, &scenario);
        outcome.assert_exit(&shell, 201);
        // Checks at 0, 5, ..., 60 seconds: 13 checks, 12 pauses.
        assert_eq!(outcome.sleeps, vec!["5"; 12], "{}", shell.name);
        assert_eq!(outcome.calls.len(), 26);
        outcome.assert_logged("BarrierTransientConflictFailed: Timeout to wait for all pods to reach the barrier.\nExitCode: 201: Exit with transient conflict failure, retry later.");
        assert!(outcome.files().is_empty(), "{:?}", outcome.files());
    }
}

#[test]
fn permission_denied_is_a_permanent_failure() {
    let forbidden = "Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:flink:default\" cannot list resource \"pods\" in API group \"\" in the namespace \"flink\"";
    for (own_pod, pods) in [
        (vec![ok("")], vec![fails(forbidden)]),
        (
            vec![fails(
                "Error from server (Forbidden): pods \"demo-taskmanager-0\" is forbidden: User \"system:serviceaccount:flink:default\" cannot get resource \"pods\" in API group \"\" in the namespace \"flink\"",
            )],
            vec![ok("")],
        ),
    ] {
        let scenario = Scenario {
            own_pod,
            ..Scenario::new(pods)
        };
        for shell in shells() {
            let outcome = run(&shell, &scenario);
            outcome.assert_exit(&shell, 210);
            assert!(outcome.sleeps.is_empty(), "no retry");
            outcome.assert_logged("BarrierPermanentFailed: Error from server (Forbidden): pods");
            outcome.assert_logged("ExitCode: 210: Exit with permanent failure, do not retry.");
            assert!(outcome.files().is_empty());
        }
    }
}

#[test]
fn a_deleted_cluster_is_a_permanent_failure() {
    let not_found = Scenario {
        own_pod: vec![
            ok(""),
            fails("Error from server (NotFound): pods \"demo-taskmanager-0\" not found"),
        ],
        ..Scenario::new(vec![listing(&[JM_PENDING])])
    };
    let deleting = Scenario {
        own_pod: vec![ok("2026-05-01T10:00:00Z")],
        ..Scenario::new(vec![ok("")])
    };
    for shell in shells() {
        let outcome = run(&shell, &not_found);
        outcome.assert_exit(&shell, 210);
        assert_eq!(outcome.sleeps, ["10"]);
        outcome.assert_logged(
                "BarrierPermanentFailed: Error from server (NotFound): pods \"demo-taskmanager-0\" not found"
            );
        let outcome = run(&shell, &deleting);
        outcome.assert_exit(&shell, 210);
        assert_eq!(outcome.calls.len(), 1, "the cluster is not even listed");
        outcome.assert_logged("BarrierPermanentFailed: pod flink/demo-taskmanager-0 is being deleted (since 2026-05-01T10:00:00Z): its cluster is going away");
        assert!(outcome.files().is_empty());
    }
}

#[test]
fn api_server_errors_are_retried_and_unknown_when_they_last() {
    let unreachable =
        "Unable to connect to the server: dial tcp 10.96.0.1:443: connect: connection refused";
    let lasting = Scenario::new(vec![fails(unreachable)])
        .with("BARRIER_CHECK_INTERVAL_SEC", "30")
        .with("BARRIER_CHECK_TIMEOUT_SEC", "60");
    let passing = Scenario::new(vec![fails(unreachable), listing(&[JM_READY])]);
    for shell in shells() {
        let outcome = run(&shell, &lasting);
        outcome.assert_exit(&shell, 1);
        assert_eq!(outcome.sleeps, ["30", "30"]);
        outcome.assert_logged(&format!(
            "BarrierUnknownFailed: {unreachable}\nExitCode: 1: Exit with unknown failure."
        ));
        assert!(outcome.files().is_empty());
        let outcome = run(&shell, &passing);
        outcome.assert_exit(&shell, 0);
        assert_eq!(outcome.files(), ["framework.json", "injector.sh"]);
    }
}

#[test]
fn settings_are_checked_with_frameworkbarriers_messages() {
    const INTERVAL: &str = "BARRIER_CHECK_INTERVAL_SEC";
    const TIMEOUT: &str = "BARRIER_CHECK_TIMEOUT_SEC";
    const WAIT_FOR: &str = "BARRIER_WAIT_FOR";
    let too_short =
        |v: &str| format!("Validation Failed: ${{{INTERVAL}}} {v} should not be less than 5");
    let out_of_bounds = |v: &str| {
        format!(
            "Validation Failed: ${{{TIMEOUT}}} {v} should not be less than 60 or greater than 20 * 60"
        )
    };
    let unparsable = |name: &str, v: &str, why: &str| {
        format!("Failed to parse ${{{name}}}: strconv.ParseInt: parsing {v:?}: {why}")
    };
    let bad_wait = |v: &str| {
        format!(
            "Validation Failed: ${{{WAIT_FOR}}} {v:?} should be ROLE:COUNT:ready or ROLE:COUNT:scheduled"
        )
    };
    // (variable, value (None: unset), FrameworkBarrier's message)
    let settings: Vec<(&'static str, Option<&str>, String)> = vec![
        (INTERVAL, Some("4"), too_short("4")),
        (INTERVAL, Some("-0"), too_short("0")),
        (TIMEOUT, Some("59"), out_of_bounds("59")),
        (TIMEOUT, Some("+0001201"), out_of_bounds("1201")),
        (
            TIMEOUT,
            Some("9223372036854775807"),
            out_of_bounds("9223372036854775807"),
        ),
        (
            INTERVAL,
            Some("10s"),
            unparsable(INTERVAL, "10s", "invalid syntax"),
        ),
        (
            TIMEOUT,
            Some("9223372036854775808"),
            unparsable(TIMEOUT, "9223372036854775808", "value out of range"),
        ),
        (
            "BARRIER_SELECTOR",
            None,
            "Validation Failed: ${BARRIER_SELECTOR} should not be empty".to_owned(),
        ),
        (
            "BARRIER_NAMESPACE",
            Some(""),
            "Validation Failed: ${BARRIER_NAMESPACE} should not be empty".to_owned(),
        ),
        (
            WAIT_FOR,
            Some("jobmanager:0:ready"),
            bad_wait("jobmanager:0:ready"),
        ),
        (
            WAIT_FOR,
            Some("job-manager:1:up"),
            bad_wait("job-manager:1:up"),
        ),
    ];
    let cases: Vec<(Scenario, String)> = settings
        .into_iter()
        .map(|(name, value, message)| {
            let scenario = Scenario::new(vec![]);
            let scenario = match value {
                Some(value) => scenario.with(name, value),
                None => scenario.without(name),
            };
            (scenario, message)
        })
        .collect();
    for shell in shells() {
        for (scenario, message) in &cases {
            let outcome = run(&shell, scenario);
            assert_eq!(
                outcome.code,
                Some(210),
                "{}: {message}\n{}",
                shell.name,
                outcome.stderr
            );
            assert!(
                outcome.stderr.starts_with(&format!("{message}\n")),
                "{}: expected {message:?}, got {}",
                shell.name,
                outcome.stderr
            );
            assert!(outcome.calls.is_empty(), "nothing asked of the API server");
        }
    }
}

#[test]
fn defaults_are_ten_and_six_hundred_seconds() {
    let scenario = Scenario::new(vec![listing(&[JM_PENDING])]);
    let outcome = run(&shells().remove(0), &scenario);
    assert_eq!(outcome.code, Some(201), "{}", outcome.stderr);
    assert_eq!(outcome.sleeps, vec!["10"; 60]);
    outcome.assert_logged("  barrierCheckIntervalSec: 10\n  barrierCheckTimeoutSec: 600\n");
}
