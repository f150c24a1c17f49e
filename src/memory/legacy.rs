//! Legacy heap settings mapped to the memory model (`MemoryBackwardsCompatibilityUtils`).
//!
//! Before Flink 2.0, `taskmanager.heap.size`/`taskmanager.heap.mb` (and `FLINK_TM_HEAP`), or
//! the JobManager's equivalents, still size the process when the option they stand for is not
//! set: the environment variable first, then the size, then the megabytes.

use super::error::MemoryError;
use super::options::{Conf, Opt, Origin, Read, jm, tm};
use super::process::required;
use super::size::MemorySize;

/// The option Flink maps the legacy heap option `key` to (`taskmanager.heap.size`,
/// `jobmanager.heap.mb`, ...): the JobManager's heap or the TaskManager's total Flink memory
/// for a `standalone` process, the process size for a natively deployed one; `None` for any
/// other key.
pub fn successor(key: &str, standalone: bool) -> Option<&'static str> {
    let target = if [tm::LEGACY_HEAP.key, tm::LEGACY_HEAP_MB.key].contains(&key) {
        if standalone { tm::FLINK } else { tm::PROCESS }
    } else if [jm::LEGACY_HEAP.key, jm::LEGACY_HEAP_MB.key].contains(&key) {
        if standalone { jm::HEAP } else { jm::PROCESS }
    } else {
        return None;
    };
    Some(target.key)
}

/// `getConfWithLegacyHeapSizeMappedToNewConfigOption`: `conf` with `target` set from the
/// legacy settings when `target` itself is not set and a legacy setting is.
pub fn map_heap<'a>(
    conf: &Conf<'a>,
    target: &Opt,
    heap: &Opt,
    heap_mb: &Opt,
    env: &'static str,
) -> Result<Conf<'a>, MemoryError> {
    if conf.contains(target) {
        return Ok(conf.clone());
    }
    let legacy = if let Some(value) = conf.env(env) {
        let size = MemorySize::parse(value).map_err(|cause| {
            let mut error = MemoryError::config(
                format!(
                    "Cannot read total process memory size from environment variable value {value}."
                ),
                &[target],
            );
            error.causes.push(cause);
            error.keys.insert(0, env);
            error
        })?;
        Some(Read {
            value: size,
            origin: Origin::Legacy(env.to_owned()),
        })
    } else if conf.contains(heap) {
        let read = required(conf, heap)?;
        let origin = match read.origin {
            Origin::Set(key) => Origin::Legacy(key),
            other => other,
        };
        Some(Read {
            value: read.value,
            origin,
        })
    } else if conf.contains(heap_mb) {
        let mb = conf
            .int(heap_mb)
            .map_err(|f| MemoryError::parse(f, heap_mb))?;
        if mb.value < 0 {
            return Err(MemoryError::config(
                format!(
                    "Configured total process memory size ({}MB) must not be less than 0.",
                    mb.value
                ),
                &[heap_mb],
            ));
        }
        let origin = match mb.origin {
            Origin::Set(key) => Origin::Legacy(key),
            other => other,
        };
        Some(Read {
            value: MemorySize::mebibytes(i64::from(mb.value)),
            origin,
        })
    } else {
        None
    };
    Ok(match legacy {
        Some(read) => conf.with_override(*target, read),
        None => conf.clone(),
    })
}
