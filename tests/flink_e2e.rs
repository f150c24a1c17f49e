//! End to end: real JobManagers and TaskManagers started from rendered clusters, on Java 17.
//!
//! For each cluster of fixtures/flink-e2e (a job cluster and a session cluster) on one 1.x and
//! one 2.x version this run covers (the newest of each; every version from 1.18 with
//! `scripts/test-flink --all`):
//!
//! - the rendered ConfigMap's files are each process's `FLINK_CONF_DIR`;
//! - each container's rendered args go through Flink's own `bin/` scripts as the image's
//!   entrypoint does (`jobmanager` → `bin/jobmanager.sh start-foreground`, `taskmanager` →
//!   `bin/taskmanager.sh start-foreground`), with the container's environment;
//! - only host names are mapped to localhost (Java's `-Djdk.net.hosts.file` through `JVM_ARGS`,
//!   which Flink's scripts pass to every JVM, and a `.curlrc` `resolve` line for the submit
//!   script's curl) and ports moved apart (free ports replace the rendered ones, in each
//!   process's copy of the configuration and in the submitter's arguments);
//! - the job cluster's rendered `submit-job.sh` runs with its rendered arguments; the session
//!   gets the same job from Flink's client (`bin/flink run`) with the rendered configuration.
//!
//! Asserted: the job FINISHED; every JobManager and TaskManager JVM got the flags
//! `explain memory` prints; the TaskManagers' REST memory breakdown equals explain's parts;
//! the logs have INFO lines (the default log configuration works).

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use flink_render::Options;
use flink_render::object::Object;
use k8s_openapi::api::core::v1::Container;
use serde_json::Value;
use support::flink;

/// A free TCP port on the loopback interface (the listener is closed again).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `GET http://127.0.0.1:<port><path>`: the status and the body.
fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_owned()))
}

fn get_json(port: u16, path: &str) -> Option<Value> {
    match http_get(port, path) {
        Some((200, body)) => serde_json::from_str(&body).ok(),
        _ => None,
    }
}

/// Polls `check` every half second until it gives a value or `timeout` passes.
fn wait_for<T>(
    what: &str,
    timeout: Duration,
    logs: &[PathBuf],
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        if start.elapsed() > timeout {
            let tails: String = logs
                .iter()
                .map(|p| {
                    let text = std::fs::read_to_string(p).unwrap_or_default();
                    let tail: Vec<&str> = text.lines().rev().take(40).collect();
                    format!(
                        "\n--- {} (last lines)\n{}",
                        p.display(),
                        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                    )
                })
                .collect();
            panic!("timed out after {timeout:?} waiting for {what}{tails}");
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// The processes of one cluster; stopped when dropped.
struct Processes(Vec<(String, Child)>);

impl Drop for Processes {
    fn drop(&mut self) {
        for (_, child) in &mut self.0 {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
        }
        for (_, child) in &mut self.0 {
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The rendered objects a run needs.
struct Rendered {
    files: BTreeMap<String, String>,
    job_manager: Container,
    task_manager: Container,
    task_managers: i32,
    submitter: Option<Container>,
    explained: Value,
}

fn main_container(objects: &[Object], suffix: &str) -> (Container, i32) {
    objects
        .iter()
        .find_map(|o| match o {
            Object::StatefulSet(s)
                if s.metadata
                    .name
                    .as_deref()
                    .is_some_and(|n| n.ends_with(suffix)) =>
            {
                let spec = &s.spec;
                let pod = spec.template.spec.as_ref()?;
                let container = pod
                    .containers
                    .iter()
                    .find(|c| c.name == suffix.trim_start_matches('-'))?;
                Some((container.clone(), spec.replicas.unwrap_or(1)))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {suffix} StatefulSet"))
}

fn render(text: &str) -> Rendered {
    let options = Options::default();
    let objects = support::render_text("e2e", text, &options).unwrap_or_else(|e| panic!("{e}"));
    let files = objects
        .iter()
        .find_map(|o| match o {
            Object::ConfigMap(map) => map.data.clone(),
            _ => None,
        })
        .expect("the ConfigMap");
    let (job_manager, _) = main_container(&objects, "-jobmanager");
    let (task_manager, task_managers) = main_container(&objects, "-taskmanager");
    let submitter = objects.iter().find_map(|o| match o {
        Object::Job(job) => job
            .spec
            .as_ref()?
            .template
            .spec
            .as_ref()?
            .containers
            .first()
            .cloned(),
        _ => None,
    });
    let items = flink_render::input::parse_stream(text, flink_render::yaml::Limits::default())
        .expect("parses");
    let Some(flink_render::input::Item::Cluster(parsed)) = items.into_iter().next() else {
        panic!("one cluster");
    };
    let valid = flink_render::pipeline::validated(&parsed.cluster, &options).expect("valid");
    let explained = flink_render::explain::memory::memory(&valid).json;
    Rendered {
        files,
        job_manager,
        task_manager,
        task_managers,
        submitter,
        explained,
    }
}

/// The ports a run moves the rendered ones to.
struct Ports {
    rpc: u16,
    blob: u16,
    query: u16,
    rest: u16,
}

/// The configuration file with `key`'s line set to `value` (the rendered line must exist).
fn with_setting(text: &str, key: &str, value: u16) -> String {
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with(&format!("{key}: ")) {
                found = true;
                format!("{key}: {value}")
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert!(found, "no {key} in\n{text}");
    lines.join("\n") + "\n"
}

/// A configuration directory: the ConfigMap's files, ports moved apart.
fn conf_dir(dir: &Path, rendered: &Rendered, ports: &Ports, task_manager_rpc: u16) -> PathBuf {
    let conf = dir.join("conf");
    std::fs::create_dir_all(&conf).expect("conf dir");
    for (name, text) in &rendered.files {
        let mut text = text.clone();
        if name == "flink-conf.yaml" || name == "config.yaml" {
            for (key, port) in [
                ("jobmanager.rpc.port", ports.rpc),
                ("blob.server.port", ports.blob),
                ("query.server.port", ports.query),
                ("rest.port", ports.rest),
                ("taskmanager.rpc.port", task_manager_rpc),
            ] {
                text = with_setting(&text, key, port);
            }
        }
        std::fs::write(conf.join(name), text).expect("write conf file");
    }
    conf
}

fn container_env(container: &Container) -> BTreeMap<String, String> {
    container
        .env
        .iter()
        .flatten()
        .filter_map(|e| e.value.clone().map(|v| (e.name.clone(), v)))
        .collect()
}

/// Replaces the rendered REST port in `text` (`host:8081`).
fn moved(text: &str, rendered_rest: &str, rest: u16) -> String {
    text.replace(&format!(":{rendered_rest}"), &format!(":{rest}"))
}

struct Run {
    dir: PathBuf,
    home: PathBuf,
    hosts: PathBuf,
}

impl Run {
    fn base_env(&self, conf: &Path, log: &Path) -> BTreeMap<String, String> {
        BTreeMap::from([
            (
                "JAVA_HOME".to_owned(),
                flink::tools_dir().join("jdk").display().to_string(),
            ),
            ("FLINK_CONF_DIR".to_owned(), conf.display().to_string()),
            ("FLINK_LOG_DIR".to_owned(), log.display().to_string()),
            (
                "JVM_ARGS".to_owned(),
                format!("-Djdk.net.hosts.file={}", self.hosts.display()),
            ),
            ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".to_owned(), self.dir.display().to_string()),
        ])
    }

    /// Starts a Flink process the way the image's entrypoint does for `container`.
    fn start(&self, name: &str, container: &Container, conf: &Path) -> (Child, PathBuf) {
        let args = container.args.clone().unwrap_or_default();
        let (script, rest) = match args.split_first() {
            Some((first, rest)) if first == "jobmanager" => ("jobmanager.sh", rest),
            Some((first, rest)) if first == "taskmanager" => ("taskmanager.sh", rest),
            Some((first, rest)) if first == "standalone-job" => ("standalone-job.sh", rest),
            _ => panic!("{name}: unexpected container args {args:?}"),
        };
        let log_dir = self.dir.join(format!("{name}-log"));
        std::fs::create_dir_all(&log_dir).expect("log dir");
        let out = self.dir.join(format!("{name}.out"));
        let file = std::fs::File::create(&out).expect("output file");
        let mut env = container_env(container);
        env.extend(self.base_env(conf, &log_dir));
        let child = Command::new("bash")
            .arg(self.home.join("bin").join(script))
            .arg("start-foreground")
            .args(rest)
            .current_dir(&self.dir)
            .env_clear()
            .envs(&env)
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("output file"))
            .stderr(file)
            .spawn()
            .unwrap_or_else(|e| panic!("{name}: cannot start {script}: {e}"));
        (child, out)
    }
}

/// The JVM's command line of process `pid` (the scripts `exec` the JVM).
fn command_line(pid: u32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|bytes| {
            bytes
                .split(|b| *b == 0)
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn assert_jvm_flags(name: &str, pid: u32, expected: &str, log: &Path) {
    let args = wait_for(
        &format!("{name}'s JVM"),
        Duration::from_secs(30),
        &[log.to_path_buf()],
        || {
            let args = command_line(pid);
            args.iter().any(|a| a.starts_with("-Xmx")).then_some(args)
        },
    );
    for flag in expected.split_whitespace() {
        assert!(
            args.iter().any(|a| a == flag),
            "{name}: {flag} not among the JVM's arguments {args:?}"
        );
    }
    let heap: Vec<&String> = args.iter().filter(|a| a.starts_with("-Xmx")).collect();
    assert_eq!(heap.len(), 1, "{name}: {args:?}");
}

/// Explain's TaskManager parts against the REST API's `memoryConfiguration`.
fn assert_task_manager_memory(rest: u16, explained: &Value) {
    let tms = get_json(rest, "/taskmanagers").expect("/taskmanagers");
    let parts: BTreeMap<&str, i64> = explained["taskManager"]["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| Some((p["name"].as_str()?, p["bytes"].as_i64()?)))
        .collect();
    for tm in tms["taskmanagers"].as_array().expect("taskmanagers") {
        let id = tm["id"].as_str().expect("id");
        let details = get_json(rest, &format!("/taskmanagers/{id}")).expect("details");
        let memory = &details["memoryConfiguration"];
        for (rest_name, part) in [
            ("frameworkHeap", "frameworkHeap"),
            ("taskHeap", "taskHeap"),
            ("frameworkOffHeap", "frameworkOffHeap"),
            ("taskOffHeap", "taskOffHeap"),
            ("networkMemory", "network"),
            ("managedMemory", "managed"),
            ("jvmMetaspace", "jvmMetaspace"),
            ("jvmOverhead", "jvmOverhead"),
        ] {
            assert_eq!(
                memory[rest_name].as_i64(),
                parts.get(part).copied(),
                "{rest_name} of {id}: {memory}"
            );
        }
        assert_eq!(
            memory["totalFlinkMemory"].as_i64(),
            explained["taskManager"]["totalFlinkBytes"].as_i64()
        );
        assert_eq!(
            memory["totalProcessMemory"].as_i64(),
            explained["taskManager"]["totalProcessBytes"].as_i64()
        );
    }
}

fn assert_info_logs(name: &str, out: &Path) {
    let text = std::fs::read_to_string(out).unwrap_or_default();
    let info = text.lines().filter(|l| l.contains(" INFO ")).count();
    assert!(info >= 10, "{name} logged {info} INFO lines:\n{text}");
}

/// Runs the bash script `script` with `args` in `dir` with exactly `env`, its output to `out`.
fn run_client(
    script: &Path,
    args: &[String],
    dir: &Path,
    env: &BTreeMap<String, String>,
    out: &Path,
) -> std::process::ExitStatus {
    let file = std::fs::File::create(out).expect("client output");
    Command::new("bash")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(env)
        .stdin(Stdio::null())
        .stdout(file.try_clone().expect("client output"))
        .stderr(file)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()))
}

/// Runs one cluster end to end.
fn run_cluster(fixture: &str, version: &str, jar: &Path) {
    let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    let text = support::read(&support::repo().join("fixtures/flink-e2e").join(fixture))
        .replace(
            "flinkVersion: \"1.20\"",
            &format!("flinkVersion: \"{minor}\""),
        )
        .replace("name: flink:1.20", &format!("name: flink:{version}"))
        .replace(
            "/opt/flink/usrlib/bounded-job.jar",
            &jar.display().to_string(),
        );
    let rendered = render(&text);
    let name = if fixture.starts_with("job") {
        "e2e-job"
    } else {
        "e2e-session"
    };
    let dir = support::flink_memory::scratch(&format!("e2e-{name}-{version}"));
    let hosts = dir.join("hosts");
    let host = String::from_utf8_lossy(
        &Command::new("hostname")
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default(),
    )
    .trim()
    .to_owned();
    let service = format!("{name}-jobmanager");
    std::fs::write(
        &hosts,
        format!("127.0.0.1 localhost {host} {service} {service}.flink {service}.flink.svc {service}.flink.svc.cluster.local\n"),
    )
    .expect("hosts file");
    let run = Run {
        dir: dir.clone(),
        home: flink::home(version),
        hosts,
    };
    let ports = Ports {
        rpc: free_port(),
        blob: free_port(),
        query: free_port(),
        rest: free_port(),
    };
    let mut processes = Processes(Vec::new());
    let jm_dir = dir.join("jobmanager");
    let jm_conf = conf_dir(&jm_dir, &rendered, &ports, free_port());
    let (jm, jm_out) = run.start("jobmanager", &rendered.job_manager, &jm_conf);
    let jm_pid = jm.id();
    processes.0.push(("jobmanager".to_owned(), jm));
    let mut logs = vec![jm_out.clone()];
    wait_for(
        "the JobManager's REST API",
        Duration::from_secs(120),
        &logs,
        || get_json(ports.rest, "/overview"),
    );
    let mut tm_pids = Vec::new();
    for i in 0..rendered.task_managers {
        let tm_name = format!("taskmanager-{i}");
        let tm_conf = conf_dir(&dir.join(&tm_name), &rendered, &ports, free_port());
        let (tm, out) = run.start(&tm_name, &rendered.task_manager, &tm_conf);
        tm_pids.push((tm_name.clone(), tm.id(), out.clone()));
        logs.push(out);
        processes.0.push((tm_name, tm));
    }
    let expected = i64::from(rendered.task_managers);
    wait_for(
        "the TaskManagers to register",
        Duration::from_secs(120),
        &logs,
        || {
            get_json(ports.rest, "/overview")
                .filter(|o| o["taskmanagers"].as_i64() == Some(expected))
        },
    );
    // The JVMs got what explain memory says.
    let jm_flags = rendered.explained["jobManager"]["jvmArgs"]
        .as_str()
        .expect("jm jvmArgs")
        .to_owned();
    assert_jvm_flags("jobmanager", jm_pid, &jm_flags, &jm_out);
    let tm_flags = rendered.explained["taskManager"]["jvmArgs"]
        .as_str()
        .expect("tm jvmArgs")
        .to_owned();
    for (tm_name, pid, out) in &tm_pids {
        assert_jvm_flags(tm_name, *pid, &tm_flags, out);
    }
    assert_task_manager_memory(ports.rest, &rendered.explained);
    // The job: the rendered submitter, or Flink's client for a session.
    let client_conf = conf_dir(&dir.join("client"), &rendered, &ports, free_port());
    let client_out = dir.join("client.out");
    let mut env = run.base_env(&client_conf, &dir.join("client-log"));
    let rendered_rest = rendered.files.values().find_map(|t| {
        t.lines().find_map(|l| {
            l.strip_prefix("rest.port: ")
                .map(|p| p.trim_matches('\'').to_owned())
        })
    });
    let rendered_rest = rendered_rest.expect("rest.port");
    let status = match &rendered.submitter {
        Some(submitter) => {
            let args: Vec<String> = submitter.args.clone().unwrap_or_default();
            assert_eq!(
                args.get(..2),
                Some(
                    &[
                        "bash".to_owned(),
                        "/opt/flink-operator/submit-job.sh".to_owned()
                    ][..]
                ),
                "{args:?}"
            );
            let script = dir.join("submit-job.sh");
            std::fs::write(&script, &rendered.files["submit-job.sh"]).expect("script");
            let curl_home = dir.join("curl");
            std::fs::create_dir_all(&curl_home).expect("curl home");
            std::fs::write(
                curl_home.join(".curlrc"),
                format!("resolve = \"{service}:{}:127.0.0.1\"\n", ports.rest),
            )
            .expect(".curlrc");
            for (k, v) in container_env(submitter) {
                env.insert(k, moved(&v, &rendered_rest, ports.rest));
            }
            env.insert(
                "FLINK_BIN".to_owned(),
                run.home.join("bin/flink").display().to_string(),
            );
            env.insert(
                "TERMINATION_LOG_PATH".to_owned(),
                dir.join("termination-log").display().to_string(),
            );
            env.insert("SUBMIT_CHECK_INTERVAL_SEC".to_owned(), "1".to_owned());
            env.insert(
                "SUBMIT_LOG_DIR".to_owned(),
                dir.join("submit").display().to_string(),
            );
            env.insert("CURL_HOME".to_owned(), curl_home.display().to_string());
            let args: Vec<String> = args
                .iter()
                .skip(2)
                .map(|a| moved(a, &rendered_rest, ports.rest))
                .collect();
            run_client(&script, &args, &run.home, &env, &client_out)
        }
        None => {
            let args: Vec<String> = [
                "run",
                "--detached",
                "-m",
                &format!("{service}:{}", ports.rest),
                "-c",
                "BoundedJob",
                &jar.display().to_string(),
                "300",
            ]
            .map(str::to_owned)
            .to_vec();
            run_client(
                &run.home.join("bin/flink"),
                &args,
                &run.home,
                &env,
                &client_out,
            )
        }
    };
    logs.push(client_out.clone());
    assert!(
        status.success(),
        "the job was not submitted ({status}):\n{}",
        std::fs::read_to_string(&client_out).unwrap_or_default()
    );
    let state = wait_for("the job to finish", Duration::from_secs(120), &logs, || {
        let jobs = get_json(ports.rest, "/jobs/overview")?;
        let job = jobs["jobs"].as_array()?.first()?.clone();
        let state = job["state"].as_str()?.to_owned();
        matches!(state.as_str(), "FINISHED" | "FAILED" | "CANCELED").then_some(state)
    });
    assert_eq!(state, "FINISHED", "job state; logs under {}", dir.display());
    assert_info_logs("jobmanager", &jm_out);
    for (tm_name, _, out) in &tm_pids {
        assert_info_logs(tm_name, out);
    }
    drop(processes);
    eprintln!(
        "{fixture} on Flink {version}: job FINISHED, JVM flags and TaskManager memory as explained"
    );
}

/// The covered versions the end-to-end runs use: the newest 1.x and the newest 2.x; with
/// `FLINK_RENDER_FLINK_VERSIONS=all` (`scripts/test-flink --all`) every version from 1.18, the
/// first Flink that runs on Java 17.
fn e2e_versions() -> Vec<String> {
    let versions = flink::versions();
    if std::env::var("FLINK_RENDER_FLINK_VERSIONS").as_deref() == Ok("all") {
        let java17 = support::flink_memory::version_number("1.18.0");
        return versions
            .into_iter()
            .filter(|v| support::flink_memory::version_number(v) >= java17)
            .collect();
    }
    let newest = |major: &str| {
        versions
            .iter()
            .filter(|v| v.starts_with(major))
            .max_by_key(|v| support::flink_memory::version_number(v))
            .cloned()
    };
    newest("1.").into_iter().chain(newest("2.")).collect()
}

/// The job JAR compiled for `version` from tests/java/e2e-job.
fn job_jar(version: &str) -> PathBuf {
    let cp = flink::harness("e2e-job", version);
    let classes = cp.split(':').next().expect("classes").to_owned();
    let jar = PathBuf::from(format!("{classes}.jar"));
    let status = Command::new(flink::tools_dir().join("jdk/bin/jar"))
        .args(["--create", "--file"])
        .arg(&jar)
        .args(["-C", &classes, "."])
        .status()
        .expect("run jar");
    assert!(status.success(), "jar failed");
    jar
}

#[test]
fn a_job_cluster_runs_its_job_to_the_end() {
    let versions = e2e_versions();
    assert!(!versions.is_empty(), "no Flink version covered");
    for version in versions {
        run_cluster("job-cluster.yaml", &version, &job_jar(&version));
    }
}

#[test]
fn a_session_cluster_runs_a_submitted_job() {
    let versions = e2e_versions();
    assert!(!versions.is_empty(), "no Flink version covered");
    for version in versions {
        run_cluster("session-cluster.yaml", &version, &job_jar(&version));
    }
}
