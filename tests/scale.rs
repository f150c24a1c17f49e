//! Bounded at any size: every command streams, so its memory is that of its input and one
//! cluster, not of everything it renders. Each run here gets an address-space limit (`ulimit
//! -v`, a shell built-in) far below what holding 1,500 rendered clusters takes (about 108 KB
//! each) and must still succeed. Figures up to 100,000 clusters are measured by
//! `scripts/bench-limits` (docs/reliability.md), not asserted here.

mod support;

use std::path::Path;
use std::process::Command;

use support::text;

/// Address space a run may use, in KiB: enough for the binary, its threads and one cluster,
/// far from the 160 MB that 1,500 rendered clusters take.
const LIMIT_KIB: u32 = 100 * 1024;

const CLUSTERS: usize = 1500;

/// `count` small FlinkClusters, one stream.
fn clusters(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: c{i}\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

/// Runs `flink-render ARGS` in `dir` under the address-space limit; returns its exit code,
/// the size of its stdout and its stderr.
fn run_limited(dir: &Path, args: &str) -> (Option<i32>, u64, String) {
    let binary = env!("CARGO_BIN_EXE_flink-render");
    // One malloc arena: glibc reserves 64 MB of address space for each further one (one per
    // thread that allocates), which would count against the limit without being used.
    let script = format!("ulimit -v {LIMIT_KIB}; MALLOC_ARENA_MAX=1 '{binary}' {args} > out.txt");
    let out = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir)
        .output()
        .expect("sh runs");
    let size = std::fs::metadata(dir.join("out.txt")).map_or(0, |m| m.len());
    (out.status.code(), size, text(&out.stderr))
}

/// The same clusters as the items of a KRM ResourceList.
fn resource_list(count: usize) -> String {
    let items: String = clusters(count)
        .split("---\n")
        .map(|cluster| {
            let mut item = String::new();
            for (i, line) in cluster.lines().enumerate() {
                item.push_str(if i == 0 { "- " } else { "  " });
                item.push_str(line);
                item.push('\n');
            }
            item
        })
        .collect();
    format!("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n{items}")
}

#[test]
fn every_command_renders_thousands_of_clusters_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("clusters.yaml"), clusters(CLUSTERS)).expect("writes");
    std::fs::write(dir.path().join("list.yaml"), resource_list(CLUSTERS)).expect("writes");
    for args in [
        "render clusters.yaml",
        "render clusters.yaml -o json",
        "render clusters.yaml --output-dir out",
        "post-render clusters.yaml",
        "lint clusters.yaml",
        "krm < list.yaml",
    ] {
        let (code, size, stderr) = run_limited(dir.path(), args);
        assert_eq!(code, Some(0), "{args}: {stderr}");
        if !args.contains("--output-dir") && !args.starts_with("lint") {
            assert!(size > 10_000_000, "{args}: {size} bytes of output");
        }
    }
    let files = std::fs::read_dir(dir.path().join("out"))
        .expect("written")
        .count();
    assert_eq!(
        files,
        CLUSTERS * 6 + 1,
        "six objects per cluster, and the record"
    );
}
