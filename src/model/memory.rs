//! Flink memory settings, task slots and job parallelism, computed as the operator does.
//!
//! Sizes come from the container's memory (limit, else request). Before Flink 1.10 the operator
//! sets heap sizes (container memory minus an off-heap share, at least `memoryOffHeapMin`); from
//! 1.10 it sets the total process size (a percentage of the container). Both are written in
//! whole mebibytes, rounded up. The arithmetic goes through `f64` exactly like the operator's Go
//! code, so the rounding of odd sizes matches.

use crate::quantity::Quantity;
use crate::resources;
use std::collections::BTreeMap;

use crate::flink_conf::Loaded;
use crate::memory::{Analysis, Deployment};
use crate::spec::FlinkClusterSpec;

const MEBIBYTE: f64 = 1_048_576.0;

fn ceil_div(numerator: i64, divisor: f64) -> i64 {
    (numerator as f64 / divisor).ceil() as i64
}

/// Heap size in MiB for `memory` bytes with an off-heap share of `ratio` percent but at least
/// `off_heap_min` bytes; 0 when nothing is left for the heap.
pub fn heap_size_mb(memory: i64, off_heap_min: i64, ratio: i64) -> i64 {
    let off_heap = ceil_div(memory.saturating_mul(ratio), 100.0).max(off_heap_min);
    let heap = memory.saturating_sub(off_heap);
    if heap > 0 {
        ceil_div(heap, MEBIBYTE)
    } else {
        0
    }
}

/// Process size in MiB: `ratio` percent of `memory` bytes.
pub fn process_size_mb(memory: i64, ratio: i64) -> i64 {
    let size = ceil_div(memory.saturating_mul(ratio), 100.0);
    ceil_div(size, MEBIBYTE)
}

/// The memory entries of the Flink configuration (`<component>.heap.size` or
/// `<component>.memory.process.size`), each only when positive.
pub fn memory_properties(spec: &FlinkClusterSpec, process_memory: bool) -> Vec<(String, String)> {
    let jm = spec.job_manager();
    let tm = spec.task_manager();
    let jm_memory = resources::memory_bytes(jm.resources.as_ref());
    let tm_memory = resources::memory_bytes(tm.resources.as_ref());
    let mut out = Vec::new();
    if process_memory {
        let sizes = [
            (
                "jobmanager.memory.process.size",
                jm_memory,
                jm.memory_process_ratio,
            ),
            (
                "taskmanager.memory.process.size",
                tm_memory,
                tm.memory_process_ratio,
            ),
        ];
        for (key, memory, ratio) in sizes {
            let mb = process_size_mb(memory, i64::from(ratio.unwrap_or(0)));
            if mb > 0 {
                out.push((key.to_owned(), format!("{mb}m")));
            }
        }
    } else {
        // The operator computes heap sizes only when both ratios are set.
        let (Some(jm_ratio), Some(tm_ratio)) = (jm.memory_off_heap_ratio, tm.memory_off_heap_ratio)
        else {
            return out;
        };
        let min = |q: Option<&k8s_openapi::apimachinery::pkg::api::resource::Quantity>| {
            q.and_then(|q| Quantity::parse_trimmed(&q.0).ok())
                .map_or(0, |q| q.value())
        };
        let sizes = [
            (
                "jobmanager.heap.size",
                jm_memory,
                min(jm.memory_off_heap_min.as_ref()),
                jm_ratio,
            ),
            (
                "taskmanager.heap.size",
                tm_memory,
                min(tm.memory_off_heap_min.as_ref()),
                tm_ratio,
            ),
        ];
        for (key, memory, off_heap_min, ratio) in sizes {
            let mb = heap_size_mb(memory, off_heap_min, i64::from(ratio));
            if mb > 0 {
                out.push((key.to_owned(), format!("{mb}m")));
            }
        }
    }
    out
}

/// Go's `strconv.ParseInt(s, 10, 32)`: optional sign, decimal digits, 32-bit range.
fn parse_int32(text: &str) -> Option<i32> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i32>().ok()
}

/// Task slots per TaskManager: `taskmanager.numberOfTaskSlots` from flinkProperties if set
/// (`None` when it is not a 32-bit integer), else half the TaskManager's CPU cores rounded up to
/// whole cores, at least 1.
pub fn task_slots(spec: &FlinkClusterSpec) -> Option<i32> {
    if let Some(text) = spec
        .flink_properties
        .as_ref()
        .and_then(|p| p.get("taskmanager.numberOfTaskSlots"))
    {
        return parse_int32(text);
    }
    let cores = resources::cpu_cores(spec.task_manager().resources.as_ref());
    let slots = i32::try_from(cores).unwrap_or(i32::MAX) / 2;
    Some(if slots == 0 { 1 } else { slots })
}

/// Job parallelism: `job.parallelism`, else TaskManager replicas × task slots.
pub fn parallelism(spec: &FlinkClusterSpec) -> Option<i32> {
    if let Some(p) = spec.job.as_ref().and_then(|j| j.parallelism) {
        return Some(p);
    }
    let slots = task_slots(spec)?;
    Some(spec.task_manager().replica_count().saturating_mul(slots))
}

/// The literal environment variables of the Flink containers (`FLINK_TM_HEAP` and friends
/// count for the legacy heap settings).
pub fn container_env(spec: &FlinkClusterSpec) -> BTreeMap<String, String> {
    spec.env_vars
        .iter()
        .flatten()
        .filter_map(|var| var.value.clone().map(|v| (var.name.clone(), v)))
        .collect()
}

/// Flink's memory model over what Flink reads from the configuration file (`loaded`).
pub fn analyze(spec: &FlinkClusterSpec, loaded: &Loaded, deployment: Deployment) -> Analysis {
    crate::memory::analyze_read(
        &loaded.entries,
        &loaded.doubles,
        &container_env(spec),
        &spec.flink_version,
        deployment,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GI: i64 = 1 << 30;
    const MI: i64 = 1 << 20;

    /// operator-spec.md §4.2, row by row.
    #[test]
    fn worked_examples() {
        assert_eq!(process_size_mb(2 * GI, 80), 1639, "limit 2048Mi");
        assert_eq!(process_size_mb(GI, 80), 820, "limit 1Gi");
        assert_eq!(process_size_mb(4 * GI, 80), 3277, "limit 4Gi");
        assert_eq!(process_size_mb(500 * MI, 80), 400, "limit 500Mi");
        assert_eq!(heap_size_mb(GI, 600_000_000, 25), 452, "1Gi, 25%, min 600M");
        assert_eq!(heap_size_mb(4 * GI, 600_000_000, 25), 3072, "4Gi, 25%");
        assert_eq!(
            heap_size_mb(512 * MI, 600_000_000, 25),
            0,
            "512Mi: heap below zero"
        );
        assert_eq!(heap_size_mb(2 * GI, 600_000_000, 25), 1476, "2Gi, 25%");
        assert_eq!(heap_size_mb(0, 600_000_000, 25), 0, "no memory");
        assert_eq!(process_size_mb(0, 80), 0, "no memory");
    }

    #[test]
    fn slots_follow_cpu_or_the_property() {
        let mut spec = FlinkClusterSpec::default();
        let mut tm = crate::spec::TaskManagerSpec::default();
        for (cpu, slots) in [
            ("500m", 1),
            ("2", 1),
            ("3", 1),
            ("4", 2),
            ("1.5", 1),
            ("5", 2),
        ] {
            tm.resources = Some(k8s_openapi::api::core::v1::ResourceRequirements {
                limits: Some(
                    [(
                        "cpu".to_owned(),
                        k8s_openapi::apimachinery::pkg::api::resource::Quantity(cpu.to_owned()),
                    )]
                    .into(),
                ),
                ..Default::default()
            });
            spec.task_manager = Some(tm.clone());
            assert_eq!(task_slots(&spec), Some(slots), "cpu {cpu}");
        }
        spec.flink_properties =
            Some([("taskmanager.numberOfTaskSlots".to_owned(), "4".to_owned())].into());
        assert_eq!(task_slots(&spec), Some(4));
        spec.task_manager
            .get_or_insert_with(Default::default)
            .replicas = Some(3);
        assert_eq!(parallelism(&spec), Some(12));
        spec.flink_properties = Some(
            [(
                "taskmanager.numberOfTaskSlots".to_owned(),
                "four".to_owned(),
            )]
            .into(),
        );
        assert_eq!(task_slots(&spec), None);
        assert_eq!(parallelism(&spec), None);
    }
}
