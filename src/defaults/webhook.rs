//! The operator's mutating webhook (`_SetDefault`), applied after the CRD defaults.
//!
//! It copies the deprecated `batchSchedulerName`, chooses memory defaults by Flink version
//! (off-heap settings before 1.10, a process-size ratio from 1.10), and builds the JobManager
//! and TaskManager probes by merging the user's probe over a TCP check of the RPC port.

use k8s_openapi::api::core::v1::{Probe, TCPSocketAction};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{MEMORY_OFF_HEAP_RATIO, MEMORY_PROCESS_RATIO};
use crate::spec::{BatchSchedulerSpec, FlinkClusterSpec};
use crate::version::SpecVersion;

/// `600M`, the off-heap minimum before Flink 1.10.
pub const MEMORY_OFF_HEAP_MIN: &str = "600M";

/// Whether the memory model is Flink ≥ 1.10's process size (an unset or unparsable version is
/// older, as the operator reads it).
pub fn uses_process_memory(flink_version: &str) -> bool {
    SpecVersion::of(flink_version).uses_process_memory()
}

pub(super) fn apply(spec: &mut FlinkClusterSpec) {
    if let Some(name) = &spec.batch_scheduler_name {
        spec.batch_scheduler = Some(BatchSchedulerSpec {
            name: name.clone(),
            ..BatchSchedulerSpec::default()
        });
    }
    let process_memory = uses_process_memory(&spec.flink_version);
    if let Some(jm) = spec.job_manager.as_mut() {
        let rpc = jm.ports.as_ref().and_then(|p| p.rpc);
        component(
            process_memory,
            rpc,
            Memory {
                off_heap_ratio: &mut jm.memory_off_heap_ratio,
                off_heap_min: &mut jm.memory_off_heap_min,
                process_ratio: &mut jm.memory_process_ratio,
            },
            &mut jm.liveness_probe,
            &mut jm.readiness_probe,
        );
    }
    if let Some(tm) = spec.task_manager.as_mut() {
        let rpc = tm.ports.as_ref().and_then(|p| p.rpc);
        component(
            process_memory,
            rpc,
            Memory {
                off_heap_ratio: &mut tm.memory_off_heap_ratio,
                off_heap_min: &mut tm.memory_off_heap_min,
                process_ratio: &mut tm.memory_process_ratio,
            },
            &mut tm.liveness_probe,
            &mut tm.readiness_probe,
        );
    }
}

/// The memory settings of a JobManager or TaskManager.
struct Memory<'a> {
    off_heap_ratio: &'a mut Option<i32>,
    off_heap_min: &'a mut Option<Quantity>,
    process_ratio: &'a mut Option<i32>,
}

/// Defaults one component: memory settings by model, probes merged over TCP checks of `rpc`.
fn component(
    process_memory: bool,
    rpc: Option<i32>,
    memory: Memory<'_>,
    liveness_probe: &mut Option<Probe>,
    readiness_probe: &mut Option<Probe>,
) {
    if process_memory {
        memory.process_ratio.get_or_insert(MEMORY_PROCESS_RATIO);
    } else {
        memory
            .off_heap_min
            .get_or_insert_with(|| Quantity(MEMORY_OFF_HEAP_MIN.to_owned()));
        memory.off_heap_ratio.get_or_insert(MEMORY_OFF_HEAP_RATIO);
    }
    if let Some(rpc) = rpc {
        *liveness_probe = Some(merge_probe(liveness(rpc), liveness_probe.as_ref()));
        *readiness_probe = Some(merge_probe(readiness(rpc), readiness_probe.as_ref()));
    }
}

fn tcp_probe(rpc: i32, period: i32, failure_threshold: i32) -> Probe {
    Probe {
        tcp_socket: Some(TCPSocketAction {
            port: IntOrString::Int(rpc),
            host: None,
        }),
        timeout_seconds: Some(10),
        initial_delay_seconds: Some(5),
        period_seconds: Some(period),
        failure_threshold: Some(failure_threshold),
        ..Probe::default()
    }
}

/// The default liveness probe: a TCP check of `rpc` every 60 s, 5 failures allowed.
pub fn liveness(rpc: i32) -> Probe {
    tcp_probe(rpc, 60, 5)
}

/// The default readiness probe: a TCP check of `rpc` every 5 s, 60 failures allowed.
pub fn readiness(rpc: i32) -> Probe {
    tcp_probe(rpc, 5, 60)
}

fn is_zero_port(port: &IntOrString) -> bool {
    matches!(port, IntOrString::Int(0)) || matches!(port, IntOrString::String(s) if s.is_empty())
}

/// Merges `user` over `default` the way the operator's mergo call does: a set, non-zero user
/// field wins, a zero or missing one keeps the default, and a user `tcpSocket` is merged into
/// the default one field by field.
///
/// Deliberate deviation: a user `httpGet`, `exec` or `grpc` handler replaces the default TCP
/// check instead of being added next to it (two handlers in one probe are rejected by
/// Kubernetes). See docs/deviations.md.
pub fn merge_probe(default: Probe, user: Option<&Probe>) -> Probe {
    let Some(user) = user else { return default };
    let mut merged = default;
    let pick = |user: Option<i32>, default: Option<i32>| user.filter(|&v| v != 0).or(default);
    merged.initial_delay_seconds = pick(user.initial_delay_seconds, merged.initial_delay_seconds);
    merged.timeout_seconds = pick(user.timeout_seconds, merged.timeout_seconds);
    merged.period_seconds = pick(user.period_seconds, merged.period_seconds);
    merged.success_threshold = pick(user.success_threshold, merged.success_threshold);
    merged.failure_threshold = pick(user.failure_threshold, merged.failure_threshold);
    merged.termination_grace_period_seconds = user
        .termination_grace_period_seconds
        .filter(|&v| v != 0)
        .or(merged.termination_grace_period_seconds);
    if user.http_get.is_some() || user.exec.is_some() || user.grpc.is_some() {
        merged.tcp_socket = None;
        merged.http_get.clone_from(&user.http_get);
        merged.exec.clone_from(&user.exec);
        merged.grpc.clone_from(&user.grpc);
    }
    if let Some(user_tcp) = &user.tcp_socket {
        let tcp = merged.tcp_socket.get_or_insert_with(|| user_tcp.clone());
        if !is_zero_port(&user_tcp.port) {
            tcp.port = user_tcp.port.clone();
        }
        if let Some(host) = user_tcp.host.as_ref().filter(|h| !h.is_empty()) {
            tcp.host = Some(host.clone());
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_fields_override_and_zero_keeps_default() {
        let user = Probe {
            initial_delay_seconds: Some(0),
            period_seconds: Some(30),
            tcp_socket: Some(TCPSocketAction {
                port: IntOrString::String("rpc".to_owned()),
                host: None,
            }),
            ..Probe::default()
        };
        let merged = merge_probe(liveness(6123), Some(&user));
        assert_eq!(merged.initial_delay_seconds, Some(5));
        assert_eq!(merged.period_seconds, Some(30));
        assert_eq!(merged.timeout_seconds, Some(10));
        assert_eq!(merged.failure_threshold, Some(5));
        assert_eq!(
            merged.tcp_socket.map(|t| t.port),
            Some(IntOrString::String("rpc".to_owned()))
        );
    }

    #[test]
    fn an_http_probe_replaces_the_tcp_check() {
        let user = Probe {
            http_get: Some(k8s_openapi::api::core::v1::HTTPGetAction {
                path: Some("/overview".to_owned()),
                port: IntOrString::Int(8081),
                ..Default::default()
            }),
            ..Probe::default()
        };
        let merged = merge_probe(readiness(6123), Some(&user));
        assert!(merged.tcp_socket.is_none());
        assert_eq!(
            merged.http_get.and_then(|h| h.path).as_deref(),
            Some("/overview")
        );
        assert_eq!(merged.period_seconds, Some(5));
    }

    #[test]
    fn version_threshold_is_1_10() {
        assert!(uses_process_memory("1.10"));
        assert!(uses_process_memory("v1.11"));
        assert!(!uses_process_memory("1.9.3"));
        assert!(!uses_process_memory(""));
        assert!(!uses_process_memory("1.10-SNAPSHOT"));
    }
}
