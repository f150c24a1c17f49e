//! The memory differential: generated FlinkClusters, rendered, and the configuration file
//! flink-render writes given to Flink's own `BashJavaUtils` (`GET_TM_RESOURCE_PARAMS` /
//! `GET_JM_RESOURCE_PARAMS --configDir DIR`, Flink 1.10's two TaskManager commands), in one
//! JVM per Flink version and environment. For every configuration both sides must agree: the
//! same JVM arguments and dynamic properties (which are also what `explain memory` prints), or
//! a refusal with the message that version of Flink prints.
//!
//! The generator is seeded (`FLINK_RENDER_DIFFERENTIAL_SEED`, default fixed) and makes
//! `FLINK_RENDER_DIFFERENTIAL_CASES` clusters per version (default 320): container sizes
//! 256Mi–64Gi, process ratios, every `taskmanager.memory.*` and `jobmanager.memory.*` key,
//! legacy keys, `FLINK_TM_HEAP`/`FLINK_JM_HEAP`, unparseable and YAML-typed values. A cluster
//! flink-render refuses before the memory model (a value `flink-conf.yaml` cannot carry) is
//! counted, not compared. The figures are printed (`--nocapture`) and written to
//! `target/flink-differential/<version>.txt`.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

use flink_render::flink_conf::{self, Format};
use flink_render::{Options, input, pipeline, yaml};
use support::flink;
use support::flink_memory::{self, Verdict, Verdicts};

/// xorshift64*: a small seeded generator, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const CONTAINERS: &[&str] = &[
    "256Mi", "512Mi", "768Mi", "1Gi", "1200Mi", "1536Mi", "2Gi", "3Gi", "4Gi", "6Gi", "8Gi",
    "12Gi", "16Gi", "24Gi", "32Gi", "48Gi", "64Gi",
];
const SIZES: &[&str] = &[
    "0",
    "32m",
    "64m",
    "100m",
    "128m",
    "192m",
    "256m",
    "384m",
    "512m",
    "768m",
    "1g",
    "1536m",
    "2g",
    "3g",
    "4g",
    "8g",
    "16g",
    "1024k",
    "268435456",
    "512 mb",
    "1gb",
    "2 GB",
];
const BAD_SIZES: &[&str] = &[
    "abc",
    "-1m",
    "0x10",
    "'512m'",
    "1e3",
    "1.5g",
    "512 # note",
    "",
    " 1g ",
    "null",
    "~",
    "9223372036854775807 tb",
    "True",
    "512m#x",
    "[64m]",
];
const FRACTIONS: &[&str] = &[
    "0", "0.05", "0.1", "0.25", "0.4", "0.5", "0.9", "0.99", "1", "1.5", "-0.1", "NaN", "0.1f",
    "abc", ".inf", "1e-3", "0x1p-3", "",
];
const TM_SIZE_KEYS: &[&str] = &[
    "taskmanager.memory.process.size",
    "taskmanager.memory.flink.size",
    "taskmanager.memory.framework.heap.size",
    "taskmanager.memory.framework.off-heap.size",
    "taskmanager.memory.task.heap.size",
    "taskmanager.memory.task.off-heap.size",
    "taskmanager.memory.managed.size",
    "taskmanager.memory.network.min",
    "taskmanager.memory.network.max",
    "taskmanager.memory.jvm-metaspace.size",
    "taskmanager.memory.jvm-overhead.min",
    "taskmanager.memory.jvm-overhead.max",
    "taskmanager.memory.segment-size",
];
const TM_FRACTION_KEYS: &[&str] = &[
    "taskmanager.memory.managed.fraction",
    "taskmanager.memory.network.fraction",
    "taskmanager.memory.jvm-overhead.fraction",
];
const JM_SIZE_KEYS: &[&str] = &[
    "jobmanager.memory.process.size",
    "jobmanager.memory.flink.size",
    "jobmanager.memory.heap.size",
    "jobmanager.memory.off-heap.size",
    "jobmanager.memory.jvm-metaspace.size",
    "jobmanager.memory.jvm-overhead.min",
    "jobmanager.memory.jvm-overhead.max",
];
const LEGACY_SIZE_KEYS: &[&str] = &[
    "taskmanager.heap.size",
    "jobmanager.heap.size",
    "taskmanager.memory.size",
    "taskmanager.network.memory.min",
    "taskmanager.network.memory.max",
];
const LEGACY_MB_KEYS: &[&str] = &["taskmanager.heap.mb", "jobmanager.heap.mb"];
const MB_VALUES: &[&str] = &["512", "1024", "2048", "0", "-5", "abc", "4096"];

/// One generated cluster: its YAML and the environment of its Flink containers.
struct Case {
    text: String,
    env: BTreeMap<String, String>,
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn generate(rng: &mut Rng, index: usize, version: &str) -> Case {
    let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    let mut props: BTreeMap<String, String> = BTreeMap::new();
    let size = |rng: &mut Rng| {
        if rng.chance(8) {
            rng.pick(BAD_SIZES).to_owned()
        } else {
            rng.pick(SIZES).to_owned()
        }
    };
    let keys = rng.below(5);
    for _ in 0..keys {
        let (key, value) = match rng.below(10) {
            0..=3 => (rng.pick(TM_SIZE_KEYS), size(rng)),
            4 => (rng.pick(TM_FRACTION_KEYS), rng.pick(FRACTIONS).to_owned()),
            5 | 6 => (rng.pick(JM_SIZE_KEYS), size(rng)),
            7 => (
                "jobmanager.memory.jvm-overhead.fraction",
                rng.pick(FRACTIONS).to_owned(),
            ),
            8 => (rng.pick(LEGACY_SIZE_KEYS), size(rng)),
            _ => match rng.below(5) {
                0 => (rng.pick(LEGACY_MB_KEYS), rng.pick(MB_VALUES).to_owned()),
                1 => (
                    "taskmanager.network.numberOfBuffers",
                    rng.pick(&["1024", "2048", "8192", "x"]).to_owned(),
                ),
                2 => (
                    "taskmanager.numberOfTaskSlots",
                    rng.pick(&["1", "2", "4", "0", "x"]).to_owned(),
                ),
                3 => (
                    "taskmanager.cpu.cores",
                    rng.pick(&["1", "0.5", "2.0", "0", "-1", "abc"]).to_owned(),
                ),
                _ => (
                    "jobmanager.memory.enable-jvm-direct-memory-limit",
                    rng.pick(&["true", "false", "TRUE", "yes"]).to_owned(),
                ),
            },
        };
        props.insert(key.to_owned(), value);
    }
    let mut env = BTreeMap::new();
    if rng.chance(6) {
        env.insert(
            "FLINK_TM_HEAP".to_owned(),
            rng.pick(&["1g", "1024m"]).to_owned(),
        );
    }
    if rng.chance(6) {
        env.insert(
            "FLINK_JM_HEAP".to_owned(),
            rng.pick(&["512m", "768m"]).to_owned(),
        );
    }
    let ratio = |rng: &mut Rng| {
        if rng.chance(70) {
            String::new()
        } else {
            format!(
                "    memoryProcessRatio: {}\n",
                rng.pick(&["0", "50", "70", "90", "100"])
            )
        }
    };
    let mut text = format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: m{index}\n  namespace: diff\nspec:\n  flinkVersion: \"{minor}\"\n  image:\n    name: flink:{minor}\n"
    );
    let (jm, tm) = (rng.pick(CONTAINERS), rng.pick(CONTAINERS));
    let cpu = rng.pick(&["1", "2", "4"]);
    let _ = write!(
        text,
        "  jobManager:\n    resources:\n      limits:\n        cpu: \"1\"\n        memory: {jm}\n{}  taskManager:\n    replicas: 1\n    resources:\n      limits:\n        cpu: \"{cpu}\"\n        memory: {tm}\n{}",
        ratio(rng),
        ratio(rng)
    );
    if !env.is_empty() {
        text.push_str("  envVars:\n");
        for (name, value) in &env {
            let _ = writeln!(
                text,
                "    - name: {name}\n      value: {}",
                yaml_string(value)
            );
        }
    }
    if !props.is_empty() {
        text.push_str("  flinkProperties:\n");
        for (key, value) in &props {
            let _ = writeln!(text, "    {key}: {}", yaml_string(value));
        }
    }
    Case { text, env }
}

/// flink-render's side of one case: the configuration file it writes, its verdicts, and
/// whether it refused the cluster before the memory model.
struct Ours {
    file_name: &'static str,
    file: String,
    verdicts: Verdicts,
    refused_before_model: Option<String>,
}

fn ours(case: &Case, origin: &str) -> Ours {
    let items = input::parse_stream(&case.text, yaml::Limits::default())
        .unwrap_or_else(|e| panic!("{origin}: {e}\n{}", case.text));
    let Some(input::Item::Cluster(parsed)) = items.into_iter().next() else {
        panic!("{origin}: one cluster");
    };
    let cluster = parsed.cluster;
    let options = Options::default();
    let settings = options
        .settings_for(None, None, cluster.metadata.namespace.as_deref())
        .expect("settings");
    let model =
        flink_render::model::build(flink_render::defaults::apply(cluster.clone()), settings);
    let defaulted = model.defaulted();
    let reads = model.reads();
    let format = Format::of(&cluster.spec.flink_version);
    let file = flink_conf::write_text(&reads.written, format);
    let verdicts = match &reads.read {
        Ok(loaded) => flink_memory::model_verdicts(&flink_render::model::memory::analyze(
            &defaulted.cluster().spec,
            loaded,
            reads.deployment,
        )),
        Err(e) => panic!("{origin}: flink-render wrote a file it cannot load: {e}"),
    };
    let mut refused_before_model = None;
    match pipeline::validated(&cluster, &options) {
        Ok(valid) => {
            // What is compared is what is rendered and what explain memory prints.
            let objects = support::render_text(origin, &case.text, &options)
                .unwrap_or_else(|e| panic!("{origin}: {e}"));
            assert_eq!(support::config_file_of(&objects).1, file, "{origin}");
            let explained = flink_render::explain::memory::memory(&valid).json;
            if let Verdict::Started(lines) = &verdicts.task_manager {
                assert_eq!(
                    explained["taskManager"]["jvmArgs"].as_str(),
                    lines.first().map(String::as_str),
                    "{origin}"
                );
                assert_eq!(
                    explained["taskManager"]["dynamicProperties"].as_str(),
                    lines.get(1).map(String::as_str),
                    "{origin}"
                );
            }
            if let Verdict::Started(lines) = &verdicts.job_manager {
                assert_eq!(
                    explained["jobManager"]["jvmArgs"].as_str(),
                    lines.first().map(String::as_str),
                    "{origin}"
                );
            }
        }
        Err(diagnostics) => {
            let other: Vec<String> = diagnostics
                .errors()
                .filter(|d| !d.to_string().contains(" [flink-conf: "))
                .map(ToString::to_string)
                .collect();
            if !other.is_empty() {
                refused_before_model = Some(other.join("; "));
            } else {
                let refusals = [&verdicts.task_manager, &verdicts.job_manager]
                    .into_iter()
                    .filter(|v| matches!(v, Verdict::Refused(_)))
                    .count();
                assert_eq!(
                    diagnostics.errors().count(),
                    refusals,
                    "{origin}: {diagnostics}"
                );
            }
        }
    }
    Ours {
        file_name: format.file_name(),
        file,
        verdicts,
        refused_before_model,
    }
}

/// A case to compare: its configuration directory, flink-render's verdicts, its name.
type Compared = (PathBuf, Verdicts, String);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn flink_sizes_every_generated_configuration_as_flink_render_says() {
    let cases_per_version =
        usize::try_from(env_number("FLINK_RENDER_DIFFERENTIAL_CASES", 320)).unwrap_or(320);
    let seed = env_number("FLINK_RENDER_DIFFERENTIAL_SEED", 0x5eed_f11c);
    let mut failures = Vec::new();
    let report_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/flink-differential");
    std::fs::create_dir_all(&report_dir).expect("report directory");
    for version in flink::versions() {
        let mut rng = Rng(seed ^ u64::from(support::flink_memory::version_number(&version)));
        let dir = flink_memory::scratch(&format!("differential-{version}"));
        let mut groups: BTreeMap<BTreeMap<String, String>, Vec<Compared>> = BTreeMap::new();
        let mut refused_before = Vec::new();
        for index in 0..cases_per_version {
            let case = generate(&mut rng, index, &version);
            let origin = format!("{version} case {index}");
            let ours = ours(&case, &origin);
            if let Some(why) = ours.refused_before_model {
                refused_before.push(format!("{origin}: {why}"));
                continue;
            }
            let case_dir = dir.join(format!("case-{index}"));
            std::fs::create_dir_all(&case_dir).expect("case directory");
            std::fs::write(case_dir.join(ours.file_name), &ours.file).expect("write");
            std::fs::write(case_dir.join("cluster.yaml"), &case.text).expect("write");
            groups
                .entry(case.env.clone())
                .or_default()
                .push((case_dir, ours.verdicts, origin));
        }
        let (mut compared, mut agreed, mut started, mut refused) = (0, 0, 0, 0);
        let mut differences = Vec::new();
        for (env, cases) in &groups {
            let dirs: Vec<PathBuf> = cases.iter().map(|(d, _, _)| d.clone()).collect();
            let flink = flink_memory::flink_verdicts(&version, &dirs, env);
            for (case_dir, model, origin) in cases {
                let theirs = &flink[case_dir];
                for (process, f, m) in [
                    ("TaskManager", &theirs.task_manager, &model.task_manager),
                    ("JobManager", &theirs.job_manager, &model.job_manager),
                ] {
                    if *f == Verdict::NoModel && *m == Verdict::NoModel {
                        continue;
                    }
                    compared += 1;
                    match f {
                        Verdict::Started(_) => started += 1,
                        _ => refused += 1,
                    }
                    if flink_memory::agree(f, m) {
                        agreed += 1;
                    } else {
                        differences.push(format!(
                            "{origin} {process} ({}):\n  Flink:        {f:?}\n  flink-render: {m:?}",
                            case_dir.display()
                        ));
                    }
                }
            }
        }
        let summary = format!(
            "Flink {version}: {cases_per_version} clusters, {} refused before the memory model (a value flink-conf.yaml cannot carry), {compared} process verdicts compared ({started} started, {refused} refused by Flink), {agreed} agree, {} differ\n{}{}",
            refused_before.len(),
            differences.len(),
            differences.join("\n"),
            if differences.is_empty() { "" } else { "\n" },
        );
        eprintln!("{summary}");
        std::fs::write(report_dir.join(format!("{version}.txt")), &summary).expect("report");
        // At least the TaskManager of every cluster that reached the model was compared.
        assert!(
            compared >= cases_per_version - refused_before.len(),
            "{summary}"
        );
        if !differences.is_empty() {
            failures.push(summary);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
