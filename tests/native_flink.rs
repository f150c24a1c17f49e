//! `--target native` against Flink itself. For every Flink version this run covers that has the
//! native Kubernetes integration (1.13 and later; tests/support/flink.rs), every case of
//! `fixtures/native` and `fixtures/native-flink` is rendered with that version as its
//! `flinkVersion`, and what flink-render renders is handed to Flink's own classes
//! (tests/java/native: `KubernetesJobManagerFactory` for the JobManager Deployment, its Services
//! and ConfigMaps, `KubernetesTaskManagerFactory` for the first TaskManager pod), one JVM per
//! version for all cases. Flink gets the configuration file of `flink-config-<id>`, the JobManager
//! pod before decoration and the TaskManager pod template; its objects must equal flink-render's
//! field by field, and where one side refuses the other must refuse too, with Flink's message.
//!
//! Compared after normalizing only what the comparison itself causes: flink-render's objects
//! carry the namespace (Flink's client adds it when it creates them), the configuration files
//! are compared as Flink loads them (key by key; Flink writes its own text), minus the pod
//! template paths the harness passes on the command line, and empty maps and lists older Flink
//! versions write are dropped. Every remaining difference must be one docs/deviations.md
//! declares ([`declared`]).

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use flink_render::Options;
use flink_render::object::Object;
use flink_render::options::Target;
use flink_render::yaml::Limits;
use serde_json::{Value, json};
use support::{fixtures, flink, read};

/// The case directories, relative to `fixtures/`.
const SUITES: [&str; 2] = ["native", "native-flink"];

/// Keys the harness sets as a command line would (local file paths), not flink-render.
const HARNESS_KEYS: [&str; 2] = [
    "kubernetes.pod-template-file.jobmanager",
    "kubernetes.pod-template-file.taskmanager",
];

fn native() -> Options {
    Options {
        target: Some(Target::Native),
        ..Options::default()
    }
}

/// `major.minor` of a version with the native integration, or `None` before 1.13.
fn line(version: &str) -> Option<String> {
    let mut parts = version.split('.');
    let major: u64 = parts.next()?.parse().ok()?;
    let minor: u64 = parts.next()?.parse().ok()?;
    ((major, minor) >= (1, 13)).then(|| format!("{major}.{minor}"))
}

/// A case's text with `spec.flinkVersion` set to `line`.
fn at_version(text: &str, line: &str) -> String {
    let mut replaced = false;
    text.lines()
        .map(|l| {
            let trimmed = l.trim_start();
            if !replaced && trimmed.starts_with("flinkVersion:") {
                replaced = true;
                let indent = &l[..l.len() - trimmed.len()];
                format!("{indent}flinkVersion: \"{line}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// What flink-render makes of a case: its objects, the JobManager pod before Flink's
/// decorators, and the TaskManager pod preview; or its refusal.
struct Rendered {
    objects: Vec<Object>,
    job_manager_template: k8s_openapi::api::core::v1::Pod,
    task_manager_pod: k8s_openapi::api::core::v1::Pod,
}

fn render(name: &str, text: &str) -> Result<Rendered, String> {
    let objects = support::render_text(name, text, &native())?;
    let items = flink_render::input::parse_stream(text, Limits::default())
        .unwrap_or_else(|e| panic!("{name} parses: {e:?}"));
    if let Some(flink_render::input::Item::Apache(parsed)) = items.first() {
        return Ok(render_apache(name, objects, &parsed.resource));
    }
    let cluster = items
        .into_iter()
        .find_map(|item| match item {
            flink_render::input::Item::Cluster(parsed) => Some(parsed.cluster),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{name} holds a FlinkCluster"));
    let valid = flink_render::pipeline::validated(&cluster, &native())
        .unwrap_or_else(|e| panic!("{name} validates: {e:?}"));
    Ok(Rendered {
        objects,
        job_manager_template: flink_render::native::job_manager_template_pod(&valid),
        task_manager_pod: flink_render::native::task_manager_preview(&valid),
    })
}

/// A FlinkDeployment in native mode: what the operator hands Flink's client (its configuration
/// and pod templates) is what the native target renders from.
fn render_apache(
    name: &str,
    objects: Vec<Object>,
    resource: &flink_render::input::ApacheResource,
) -> Rendered {
    let flink_render::input::ApacheResource::Deployment(deployment) = resource else {
        panic!("{name} holds a FlinkDeployment");
    };
    let valid = flink_render::pipeline::apache::validated_deployment(deployment, &native())
        .unwrap_or_else(|e| panic!("{name} validates: {e:?}"));
    let cluster = flink_render::model::apache::native::native_cluster(valid.model());
    Rendered {
        objects,
        job_manager_template: flink_render::native::job_manager_template_pod_of(&cluster),
        task_manager_pod: flink_render::native::task_manager_pod_of(&cluster),
    }
}

fn config_map_data<'a>(
    objects: &'a [Object],
    prefix: &str,
) -> Option<&'a BTreeMap<String, String>> {
    objects.iter().find_map(|o| match o {
        Object::ConfigMap(map) if o.name().starts_with(prefix) => map.data.as_ref(),
        _ => None,
    })
}

/// Writes what Flink's client is given: the configuration directory, the pod templates.
fn write_inputs(dir: &Path, rendered: &Rendered) {
    let conf = dir.join("conf");
    std::fs::create_dir_all(&conf).expect("create the case directory");
    let files = config_map_data(&rendered.objects, "flink-config-").expect("flink-config-<id>");
    for (file, text) in files {
        std::fs::write(conf.join(file), text).expect("write a configuration file");
    }
    // A FlinkDeployment without a TaskManager template has no pod-template-<id>.
    let template = config_map_data(&rendered.objects, "pod-template-")
        .and_then(|data| data.get("taskmanager-pod-template.yaml"));
    if let Some(template) = template {
        std::fs::write(dir.join("taskmanager-pod-template.yaml"), template).expect("write");
    }
    let job_manager =
        flink_render::yaml::to_yaml(&rendered.job_manager_template).expect("a Pod serializes");
    std::fs::write(dir.join("jobmanager-pod-template.yaml"), job_manager).expect("write");
}

/// Writes, for a case flink-render refuses, the configuration file it would have written and
/// pod templates with nothing but the main container: what Flink's client refuses, it refuses
/// from the configuration before it reads a template.
fn write_refused_inputs(dir: &Path, name: &str, text: &str) {
    let conf = dir.join("conf");
    std::fs::create_dir_all(&conf).expect("create the case directory");
    let items = flink_render::input::parse_stream(text, Limits::default())
        .unwrap_or_else(|e| panic!("{name} parses: {e:?}"));
    let Some(flink_render::input::Item::Cluster(parsed)) = items.into_iter().next() else {
        panic!("{name} holds a FlinkCluster");
    };
    let cluster = flink_render::defaults::apply(parsed.cluster.clone());
    let cluster = cluster.cluster();
    let settings = native()
        .settings_for(
            cluster.metadata.annotations.as_ref(),
            cluster.metadata.uid.as_deref(),
            cluster.metadata.namespace.as_deref(),
        )
        .unwrap_or_else(|e| panic!("{name}: options: {e:?}"));
    let (file, text) = flink_render::native::configuration_file(cluster, &settings);
    std::fs::write(conf.join(file), text).expect("write the configuration file");
    let template =
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: flink-main-container\n";
    for file in [
        "jobmanager-pod-template.yaml",
        "taskmanager-pod-template.yaml",
    ] {
        std::fs::write(dir.join(file), template).expect("write a pod template");
    }
}

/// Drops nulls and the empty maps and lists older Flink versions write (`emptyDir: {}` is
/// kept: it is a volume source).
fn normalized(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = normalized(v);
                    (k, v)
                })
                .filter(|(k, v)| match v {
                    Value::Null => false,
                    Value::Object(m) => !m.is_empty() || k == "emptyDir",
                    Value::Array(a) => !a.is_empty(),
                    _ => true,
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalized).collect()),
        other => other,
    }
}

/// Every difference between Flink's `flink` and flink-render's `ours`, as `path: ...` lines.
fn diff(path: &str, flink: &Value, ours: &Value, out: &mut Vec<String>) {
    match (flink, ours) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff(&at, x, y, out),
                    (Some(x), None) => out.push(format!("{at}: Flink {x}, flink-render nothing")),
                    (None, Some(y)) => out.push(format!("{at}: Flink nothing, flink-render {y}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b))
            if path.ends_with(".env") && a != b && same_items(a, b) =>
        {
            out.push(format!("{path}: the same variables in another order"));
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ if flink == ours => {}
        _ => out.push(format!("{path}: Flink {flink}, flink-render {ours}")),
    }
}

/// Whether two lists hold the same items, in any order.
fn same_items(a: &[Value], b: &[Value]) -> bool {
    let sorted = |items: &[Value]| {
        let mut texts: Vec<String> = items.iter().map(Value::to_string).collect();
        texts.sort();
        texts
    };
    sorted(a) == sorted(b)
}

fn identity(value: &Value) -> String {
    format!(
        "{}/{}",
        value["kind"].as_str().unwrap_or_default(),
        value["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// flink-render's object or pod as JSON, without the namespace.
fn ours_json<T: serde::Serialize>(object: &T) -> Value {
    let mut value = serde_json::to_value(object).expect("serializes");
    if let Some(metadata) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        metadata.remove("namespace");
    }
    normalized(value)
}

/// The configuration file of a `flink-config-<id>` ConfigMap is compared as Flink loads it;
/// the text is set aside.
fn without_config_file(mut value: Value) -> Value {
    if let Some(data) = value.get_mut("data").and_then(Value::as_object_mut) {
        for file in ["flink-conf.yaml", "config.yaml"] {
            if data.contains_key(file) {
                data.insert(file.to_owned(), json!("<compared as loaded>"));
            }
        }
    }
    value
}

/// What one case gives: the objects compared, those identical, and the differences.
#[derive(Default)]
struct Outcome {
    cases: usize,
    compared: usize,
    identical: usize,
    refused_alike: usize,
    differences: Vec<String>,
}

fn compare(rendered: &Result<Rendered, String>, flink: &Value) -> Outcome {
    let mut outcome = Outcome::default();
    let rendered = match (rendered, flink.get("error").and_then(Value::as_str)) {
        (Ok(rendered), None) => rendered,
        (Err(ours), Some(theirs)) => {
            // Flink's message, without the exception's class: flink-render must say it too.
            let first = theirs.lines().next().unwrap_or_default();
            let message = first.split_once(": ").map_or(first, |(_, m)| m);
            if ours.contains(message) {
                outcome.refused_alike += 1;
            } else {
                outcome.differences.push(format!(
                    "both refuse, with different messages: Flink {message:?}, flink-render {ours:?}"
                ));
            }
            return outcome;
        }
        (Ok(_), Some(theirs)) => {
            outcome
                .differences
                .push(format!("Flink refuses, flink-render renders: {theirs}"));
            return outcome;
        }
        (Err(ours), None) => {
            outcome.differences.push(format!(
                "flink-render refuses, Flink builds the objects: {ours}"
            ));
            return outcome;
        }
    };
    let mut theirs: Vec<(String, Value)> = flink["jobManager"]
        .as_array()
        .expect("Flink's objects")
        .iter()
        .map(|v| (identity(v), normalized(v.clone())))
        .collect();
    theirs.push((
        "TaskManager pod".to_owned(),
        normalized(flink["taskManagerPod"].clone()),
    ));
    let mut ours: BTreeMap<String, Value> = rendered
        .objects
        .iter()
        .filter(|o| matches!(o.kind(), "Deployment" | "Service" | "ConfigMap"))
        .map(|o| (format!("{}/{}", o.kind(), o.name()), ours_json(o)))
        .collect();
    ours.insert(
        "TaskManager pod".to_owned(),
        ours_json(&rendered.task_manager_pod),
    );
    for (id, value) in theirs {
        outcome.compared += 1;
        let Some(mine) = ours.remove(&id) else {
            outcome
                .differences
                .push(format!("{id}: Flink creates it, flink-render does not"));
            continue;
        };
        let (value, mine) = if id.starts_with("ConfigMap/flink-config-") {
            (without_config_file(value), without_config_file(mine))
        } else {
            (value, mine)
        };
        let mut found = Vec::new();
        diff("", &value, &mine, &mut found);
        if found.is_empty() {
            outcome.identical += 1;
        }
        outcome
            .differences
            .extend(found.into_iter().map(|d| format!("{id}: {d}")));
    }
    for id in ours.keys() {
        outcome
            .differences
            .push(format!("{id}: flink-render renders it, Flink does not"));
    }
    // The harness's paths replace the template paths a FlinkDeployment's configuration holds
    // (the operator's temporary files): compared without them on both sides.
    let without_harness_keys = |mut conf: Value| {
        if let Some(map) = conf.as_object_mut() {
            for key in HARNESS_KEYS {
                map.remove(key);
            }
        }
        conf
    };
    let written = without_harness_keys(flink["writtenConf"].clone());
    let ours = without_harness_keys(flink["renderedConf"].clone());
    let mut found = Vec::new();
    diff("", &written, &ours, &mut found);
    outcome.differences.extend(
        found
            .into_iter()
            .map(|d| format!("configuration as loaded: {d}")),
    );
    outcome
}

/// The differences docs/deviations.md declares ("The native target"): the row, or `None` for
/// a difference nobody declared.
fn declared(difference: &str) -> Option<&'static str> {
    // `jobManager.ServiceLabels` on the rest Service: Flink has no option for its labels.
    let rest_labels = difference.starts_with("Service/")
        && difference.contains("-rest: metadata.labels.")
        && difference.contains(": Flink nothing, flink-render ");
    if rest_labels {
        return Some("The rest Service has only Flink's labels.");
    }
    // The `rest` container port is the port the JobManager listens on (`rest.bind-port`),
    // where Flink declares `rest.port`.
    if difference.contains(": spec.template.spec.containers[")
        && difference.contains("].ports[0].containerPort: Flink ")
        && difference.starts_with("Deployment/ports:")
    {
        return Some("The `rest` container port is `rest.bind-port`.");
    }
    // Variables from `containerized.*.env.*` whose names share a bucket of Java's HashMap come
    // in the order of the configuration map Flink copies them from, which holds keys only the
    // running JobManager (or the client's command line) has.
    if difference.ends_with(".env: the same variables in another order") {
        return Some("Environment variables whose names share a HashMap bucket.");
    }
    // Some Flink 1.14 patch releases know Headless_ClusterIP (1.14.6 does), others do not; a
    // `flinkVersion` of 1.14 does not say which, so the native target refuses it before 1.15.
    if difference.starts_with("flink-render refuses, Flink builds the objects:")
        && difference.contains("the rest Service type Headless_ClusterIP exists from Flink 1.15")
        && difference.contains("spec.flinkVersion is 1.14")
    {
        return Some("A headless rest Service is refused before Flink 1.15.");
    }
    // Flink 1.13 has no standby JobManagers and runs one, whatever the spec asks for.
    let standby = difference.starts_with("flink-render refuses, Flink builds the objects:")
        && difference.contains("spec.jobManager.replicas: Invalid value: 2: Flink's native integration starts standby JobManagers (kubernetes.jobmanager.replicas) from Flink 1.14");
    standby
        .then_some("Flink 1.13 runs one JobManager whatever `kubernetes.jobmanager.replicas` says.")
}

/// One case at one version.
struct Prepared {
    name: String,
    dir: PathBuf,
    rendered: Result<Rendered, String>,
}

fn cases(line: &str) -> Vec<(String, String)> {
    // FlinkDeployments: the operator embeds Flink 1.20's client, which builds the JobManager
    // objects whatever the resource's version; compared at 1.20 only, each at its own version.
    let apache: &[&str] = if line == "1.20" { &["apache"] } else { &[] };
    SUITES
        .iter()
        .chain(apache)
        .flat_map(|suite| fixtures(suite).into_iter().map(move |path| (suite, path)))
        .map(|(suite, path)| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            // FlinkDeployment cases share file names with FlinkCluster ones.
            let name = if *suite == "apache" {
                format!("apache-{name}")
            } else {
                name
            };
            (name, read(&path))
        })
        // Standalone FlinkDeployments are built by the operator's own factories, not Flink's.
        .filter(|(_, text)| !text.contains("\n  mode: standalone\n"))
        .collect()
}

/// Every case at `version` through Flink's factories; the figures and the undeclared
/// differences.
fn run_version(version: &str, line: &str, work: &Path) -> (Outcome, Vec<String>) {
    let prepared: Vec<Prepared> = cases(line)
        .into_iter()
        .map(|(name, text)| {
            let text = if text.contains("kind: FlinkDeployment") {
                text
            } else {
                at_version(&text, line)
            };
            let dir = work.join(version).join(name.trim_end_matches(".yaml"));
            let rendered = render(&name, &text);
            match &rendered {
                Ok(r) => write_inputs(&dir, r),
                Err(_) => write_refused_inputs(&dir, &name, &text),
            }
            Prepared {
                name,
                dir,
                rendered,
            }
        })
        .collect();
    let stdin: String = prepared
        .iter()
        .map(|p| format!("{}\n", p.dir.display()))
        .collect();
    let cp = flink::harness("native", version);
    // A short-lived JVM: the first compiler tier and one GC thread cost the least CPU.
    let jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];
    let output = flink::run_java(&cp, &jvm, "NativeFactory", &[], stdin.as_bytes());
    assert!(
        output.status.success(),
        "the harness failed on Flink {version}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut total = Outcome::default();
    let mut undeclared = Vec::new();
    for p in &prepared {
        let flink: Value = serde_json::from_str(&read(&p.dir.join("flink.json")))
            .unwrap_or_else(|e| panic!("{}: Flink's output is JSON: {e}", p.name));
        let outcome = compare(&p.rendered, &flink);
        total.cases += 1;
        total.compared += outcome.compared;
        total.identical += outcome.identical;
        total.refused_alike += outcome.refused_alike;
        for difference in outcome.differences {
            match declared(&difference) {
                Some(_) => total.differences.push(difference),
                None => undeclared.push(format!("{} at Flink {version}: {difference}", p.name)),
            }
        }
    }
    (total, undeclared)
}

#[test]
fn native_objects_are_what_flinks_own_factories_build() {
    let versions: Vec<(String, String)> = flink::versions()
        .into_iter()
        .filter_map(|v| line(&v).map(|l| (v, l)))
        .collect();
    assert!(
        !versions.is_empty(),
        "no covered Flink version has the native integration: {:?}",
        flink::versions()
    );
    let work = tempfile::tempdir().expect("a work directory");
    // Two versions at a time: one JVM per core keeps the machine's other tests going.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(String, Outcome, Vec<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((version, line)) = versions.get(i) else {
                            return done;
                        };
                        let (outcome, undeclared) = run_version(version, line, work.path());
                        done.push((i, version.clone(), outcome, undeclared));
                    }
                })
            })
            .collect();
        let mut all: Vec<_> = workers
            .into_iter()
            .flat_map(|w| w.join().expect("a version's comparison"))
            .collect();
        all.sort_by_key(|(i, ..)| *i);
        all.into_iter().map(|(_, v, o, u)| (v, o, u)).collect()
    });
    let mut undeclared = Vec::new();
    for (version, outcome, problems) in results {
        // The figures of docs/testing.md (visible with --nocapture).
        eprintln!(
            "Flink {version}: {} cases, {} objects compared, {} identical, {} declared differences, {} refusals alike, {} undeclared differences",
            outcome.cases,
            outcome.compared,
            outcome.identical,
            outcome.differences.len(),
            outcome.refused_alike,
            problems.len()
        );
        undeclared.extend(problems);
    }
    assert!(
        undeclared.is_empty(),
        "differences from Flink that docs/deviations.md does not declare:\n{}",
        undeclared.join("\n")
    );
}
