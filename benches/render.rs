//! Speed of the library, in process (divan): `cargo bench --bench render`.
//!
//! - `render_one`: YAML text in, YAML text out (parse, default, validate, render, order, emit)
//!   for a small cluster (the operator's sample session cluster) and a large one (the
//!   converter fixture with every component).
//! - `stages`: the same for the sample job cluster, cut in pieces: `parse` (text to typed
//!   cluster), `render_no_emit` (text to objects) and `emit_only`, the floor: writing the
//!   already-built objects, without parsing or rendering.
//! - `batch_10000`: one stream of 10,000 job clusters rendered cluster by cluster
//!   (`pipeline::render_each`, two passes) into a sink, on one core.
//! - `post_render_100mb`: a 100 MB Helm-like stream of pass-through documents holding three
//!   FlinkClusters, against `copy_100mb` (what `cat` does: the bytes copied once).
//!
//! Whole-process figures (process start included, against `helm template` and `cat`) come from
//! `scripts/bench`; results are in docs/performance.md.

use std::hint::black_box;
use std::path::Path;
use std::sync::LazyLock;

use divan::Bencher;
use flink_render::object::Object;
use flink_render::yaml::Limits;
use flink_render::{Options, Source};

fn main() {
    divan::main();
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SMALL: &str = "fixtures/render/sample-session-cluster.yaml";
const LARGE: &str = "fixtures/render/converter-dummy-cluster.yaml";
const JOB: &str = "fixtures/render/sample-job-cluster.yaml";

fn objects_of(text: &str) -> Vec<Object> {
    flink_render::render_sources(
        &[Source {
            origin: "bench",
            text,
        }],
        &Options::default(),
        Limits::default(),
    )
    .map(|r| r.objects)
    .unwrap_or_else(|reports| panic!("{reports:?}"))
}

fn render_to_yaml(text: &str) -> String {
    flink_render::emit::yaml_stream(&objects_of(text)).unwrap_or_default()
}

#[divan::bench(args = [SMALL, LARGE])]
fn render_one(bencher: Bencher, name: &str) {
    let text = fixture(name);
    bencher
        .counter(divan::counter::BytesCount::new(render_to_yaml(&text).len()))
        .bench(|| render_to_yaml(black_box(&text)));
}

mod stages {
    use super::*;

    #[divan::bench]
    fn parse(bencher: Bencher) {
        let text = fixture(JOB);
        bencher.bench(|| flink_render::input::parse_stream(black_box(&text), Limits::default()));
    }

    #[divan::bench]
    fn render_no_emit(bencher: Bencher) {
        let text = fixture(JOB);
        bencher.bench(|| objects_of(black_box(&text)));
    }

    #[divan::bench]
    fn render_and_emit(bencher: Bencher) {
        let text = fixture(JOB);
        bencher.bench(|| render_to_yaml(black_box(&text)));
    }

    #[divan::bench]
    fn emit_only(bencher: Bencher) {
        let objects = objects_of(&fixture(JOB));
        bencher.bench(|| flink_render::emit::yaml_stream(black_box(&objects)));
    }
}

/// 10,000 copies of the sample job cluster under distinct names, as one stream.
static BATCH: LazyLock<String> = LazyLock::new(|| {
    let template = fixture(JOB);
    (0..10_000)
        .map(|i| template.replace("flinkjobcluster-sample", &format!("cluster-{i:05}")))
        .collect::<Vec<_>>()
        .join("---\n")
});

#[divan::bench(sample_count = 3, sample_size = 1)]
fn batch_10000(bencher: Bencher) {
    let sources = [Source {
        origin: "batch",
        text: &BATCH,
    }];
    let limits = Limits::default();
    bencher
        .counter(divan::counter::ItemsCount::new(10_000usize))
        .bench(|| {
            let mut written = 0usize;
            let mut buffer = String::new();
            let outcome = flink_render::pipeline::render_each(
                &sources,
                &Options::default(),
                limits,
                |objects| {
                    buffer.clear();
                    for object in objects {
                        flink_render::yaml::write_yaml(&mut buffer, object)?;
                    }
                    written += buffer.len();
                    Ok::<(), flink_render::yaml::EmitError>(())
                },
            );
            assert!(outcome.is_ok());
            written
        });
}

/// About 100 MB of Helm-like output: ConfigMaps, Services and Deployments with `# Source:`
/// comments, and three FlinkClusters (at the start, the middle and the end).
static STREAM_100MB: LazyLock<String> = LazyLock::new(|| {
    let cluster = fixture(JOB);
    let mut out = String::with_capacity(101 << 20);
    let mut i = 0usize;
    while out.len() < 100 << 20 {
        if i == 0 || i == 100_000 {
            out.push_str("---\n# Source: chart/templates/flink.yaml\n");
            out.push_str(&cluster.replace("flinkjobcluster-sample", &format!("flink-{i}")));
        }
        out.push_str(&format!(
            "---\n# Source: chart/templates/config-{i}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-{i}\n  labels:\n    app.kubernetes.io/name: app\n    app.kubernetes.io/instance: release\ndata:\n  settings.yaml: |\n    key: value-{i}\n    other: \"quoted\"\n  flag: \"true\"\n---\n# Source: chart/templates/service-{i}.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: service-{i}\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n  selector:\n    app: app-{i}\n"
        ));
        i += 1;
    }
    out.push_str("---\n# Source: chart/templates/flink-last.yaml\n");
    out.push_str(&cluster.replace("flinkjobcluster-sample", "flink-last"));
    out
});

fn stream_limits() -> Limits {
    Limits {
        max_input_bytes: 1 << 30,
        ..Limits::default()
    }
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn post_render_100mb(bencher: Bencher) {
    let text: &str = &STREAM_100MB;
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let out = flink_render::post_render::post_render(
                "bench",
                black_box(text),
                &Options::default(),
                stream_limits(),
            );
            assert!(out.as_ref().is_ok_and(|o| o.clusters == 3), "{out:?}");
            out.map(|o| o.text.len()).unwrap_or_default()
        });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn copy_100mb(bencher: Bencher) {
    let text: &str = &STREAM_100MB;
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| black_box(text).as_bytes().to_vec());
}
