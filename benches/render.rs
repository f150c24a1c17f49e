//! Rendering speed: parse + default + validate + render + order + emit, per fixture and for a
//! stream of many clusters. Run with `cargo bench --bench render` (or `scripts/bench`, which also
//! measures peak memory). Figures are medians of repeated runs on whatever machine runs them;
//! compare them as ratios measured in one run, not across machines.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use flink_render::yaml::Limits;
use flink_render::{Options, Source};

fn render_once(text: &str) -> usize {
    let rendered = flink_render::render_sources(
        &[Source {
            origin: "bench",
            text,
        }],
        &Options::default(),
        Limits::default(),
    )
    .map(|r| {
        flink_render::emit::yaml_stream(&r.objects)
            .map(|y| y.len())
            .unwrap_or(0)
    });
    rendered.unwrap_or(0)
}

/// Median time of one call of `f`, over at least `budget` of calls.
fn median(budget: Duration, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut samples = Vec::new();
    let started = Instant::now();
    let mut bytes = 0;
    while started.elapsed() < budget || samples.len() < 5 {
        let t = Instant::now();
        bytes = black_box(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    (samples[samples.len() / 2], bytes)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let budget = Duration::from_millis(
        std::env::var("BENCH_MILLIS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500),
    );
    println!("{:<48} {:>12} {:>12}", "input", "median", "output bytes");
    let mut single = None;
    for name in [
        "sample-session-cluster.yaml",
        "sample-job-cluster.yaml",
        "converter-dummy-cluster.yaml",
    ] {
        let text =
            std::fs::read_to_string(root.join("fixtures/render").join(name)).unwrap_or_default();
        let (time, bytes) = median(budget, || render_once(&text));
        single.get_or_insert(time);
        println!(
            "{name:<48} {:>10.1}µs {bytes:>12}",
            time.as_secs_f64() * 1e6
        );
    }
    // A stream of 200 clusters in one input: what a large GitOps repository renders at once.
    let template = std::fs::read_to_string(root.join("fixtures/render/sample-job-cluster.yaml"))
        .unwrap_or_default();
    let stream: String = (0..200)
        .map(|i| template.replace("flinkjobcluster-sample", &format!("cluster-{i:03}")))
        .collect::<Vec<_>>()
        .join("\n---\n");
    let (time, bytes) = median(budget, || render_once(&stream));
    println!(
        "{:<48} {:>10.1}ms {bytes:>12}",
        "200 job clusters in one stream",
        time.as_secs_f64() * 1e3
    );
    if let Some(single) = single {
        println!(
            "ratio: 200 clusters / 1 session cluster = {:.0}x",
            time.as_secs_f64() / single.as_secs_f64()
        );
    }
}
