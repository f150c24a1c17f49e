//! What the memory model and the native target cost: Flink's memory model alone
//! (`memory::analyze` over a rendered configuration), a render of the same cluster with the
//! operator target and with `--target native`, and `explain memory`. Run with
//! `cargo bench --bench native`; figures are medians of repeated runs on whatever machine runs
//! them, to be compared as ratios within one run.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use flink_render::memory::{self, Deployment};
use flink_render::options::Target;
use flink_render::yaml::Limits;
use flink_render::{Options, Source};

/// Median time of one call of `f`, over at least `budget` of calls.
fn median(budget: Duration, mut f: impl FnMut() -> usize) -> Duration {
    let mut samples = Vec::new();
    let started = Instant::now();
    while started.elapsed() < budget || samples.len() < 5 {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn render(text: &str, target: Target) -> usize {
    let options = Options {
        target: Some(target),
        ..Options::default()
    };
    flink_render::render_sources(
        &[Source {
            origin: "bench",
            text,
        }],
        &options,
        Limits::default(),
    )
    .ok()
    .and_then(|r| flink_render::emit::yaml_stream(&r.objects).ok())
    .map_or(0, |y| y.len())
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let budget = Duration::from_millis(
        std::env::var("BENCH_MILLIS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500),
    );
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!("{:<56} {:>12}", "what", "median");

    let conf = BTreeMap::from([
        (
            "jobmanager.memory.process.size".to_owned(),
            "1600m".to_owned(),
        ),
        (
            "taskmanager.memory.process.size".to_owned(),
            "1728m".to_owned(),
        ),
    ]);
    let env = BTreeMap::new();
    let model = median(budget, || {
        let analysis = memory::analyze(&conf, &env, "1.20", Deployment::Standalone);
        usize::from(analysis.errors().is_empty())
    });
    println!(
        "{:<56} {:>10.2}µs",
        "memory model, JobManager and TaskManager (1.20)",
        micros(model)
    );

    // What validation adds per cluster for the check: the effective configuration, computed
    // once more, and the model over it.
    let text =
        std::fs::read_to_string(root.join("fixtures/native/session.yaml")).unwrap_or_default();
    let cluster = flink_render::input::parse_stream(&text, Limits::default())
        .ok()
        .and_then(|items| {
            items.into_iter().find_map(|item| match item {
                flink_render::input::Item::Cluster(parsed) => Some(parsed.cluster),
                _ => None,
            })
        });
    if let Some(cluster) = cluster {
        let settings = Options::default()
            .settings_for(None, None, Some("flink"))
            .ok();
        if let Some(settings) = settings {
            let check = median(budget, || {
                let model = flink_render::model::build(
                    flink_render::defaults::apply(cluster.clone()),
                    settings.clone(),
                );
                let reads = model.reads();
                let analysis = memory::analyze(
                    &reads.written,
                    &env,
                    &cluster.spec.flink_version,
                    reads.deployment,
                );
                usize::from(analysis.errors().is_empty())
            });
            println!(
                "{:<56} {:>10.2}µs",
                "render-time check (defaults, effective model, memory model), one cluster",
                micros(check)
            );
        }
    }

    for name in ["session.yaml", "application.yaml"] {
        let text =
            std::fs::read_to_string(root.join("fixtures/native").join(name)).unwrap_or_default();
        for target in [Target::Operator, Target::Native] {
            let time = median(budget, || render(&text, target));
            println!(
                "{:<56} {:>10.1}µs",
                format!(
                    "render fixtures/native/{name}, --target {}",
                    target.as_str()
                ),
                micros(time)
            );
        }
    }

    let text = std::fs::read_to_string(root.join("fixtures/memory/operator-1.20.yaml"))
        .unwrap_or_default();
    let explain = median(budget, || {
        flink_render::pipeline::explain_memory_sources(
            &[Source {
                origin: "bench",
                text: &text,
            }],
            &Options::default(),
            Limits::default(),
        )
        .map_or(0, |(e, _)| e.len())
    });
    println!(
        "{:<56} {:>10.1}µs",
        "explain memory fixtures/memory/operator-1.20.yaml",
        micros(explain)
    );
}
