//! The JobManager's memory (`JobManagerProcessUtils`, `JobManagerFlinkMemoryUtils`): JVM heap,
//! off-heap, JVM Metaspace and Overhead, derived from the configuration exactly as Flink
//! derives them, or Flink's error.
//!
//! The path is Flink's: the heap size set, else the total Flink size, else the total process
//! size, else an error. Legacy heap settings are mapped first (to the JVM heap for standalone
//! JobManagers, to the process size for native Kubernetes ones).

use super::error::MemoryError;
use super::options::{Conf, Profile, Read, jm};
use super::process::{self, JvmOptions, Part, required};
use super::size::MemorySize;
use super::{Deployment, legacy};

/// A JobManager's memory, as Flink computes it at start.
#[derive(Clone, Debug, PartialEq)]
pub struct JobManagerMemory {
    /// The Flink version profile it was derived for (what its dynamic properties print).
    pub profile: Profile,
    /// JVM heap.
    pub heap: Part,
    /// Off-heap memory.
    pub off_heap: Part,
    /// JVM Metaspace.
    pub metaspace: Part,
    /// JVM Overhead.
    pub overhead: Part,
    /// Total Flink memory (heap and off-heap).
    pub total_flink: MemorySize,
    /// Total process memory.
    pub total_process: MemorySize,
    /// `jobmanager.memory.enable-jvm-direct-memory-limit`.
    pub direct_memory_limit: Read<bool>,
}

const JVM_OPTIONS: JvmOptions = JvmOptions {
    total_process: jm::PROCESS,
    metaspace: jm::METASPACE,
    overhead_min: jm::OVERHEAD_MIN,
    overhead_max: jm::OVERHEAD_MAX,
    overhead_fraction: jm::OVERHEAD_FRACTION,
    checks_process_sum: true,
};

const FLINK: &str = "total Flink memory";

/// `deriveFromRequiredFineGrainedOptions`: the heap size is set.
fn from_heap(conf: &Conf<'_>) -> Result<(Part, Part), MemoryError> {
    let heap = Part::read(&jm::HEAP, required(conf, &jm::HEAP)?);
    let mut off_heap = Part::read(&jm::OFF_HEAP, required(conf, &jm::OFF_HEAP)?);
    if conf.contains(&jm::FLINK) {
        let total = required(conf, &jm::FLINK)?.value;
        if conf.contains(&jm::OFF_HEAP) {
            let sum = heap
                .size
                .checked_add(off_heap.size)
                .map_err(|e| MemoryError::size(e, &[&jm::HEAP, &jm::OFF_HEAP]))?;
            if sum != total {
                return Err(MemoryError::config(
                    format!(
                        "Sum of the configured JVM Heap Memory ({}) and the configured Off-heap Memory ({}) does not match the configured Total Flink Memory ({}). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory.",
                        heap.size, off_heap.size, total
                    ),
                    &[&jm::FLINK, &jm::HEAP, &jm::OFF_HEAP],
                ));
            }
        } else {
            if total < heap.size {
                return Err(MemoryError::config(
                    format!(
                        "The configured JVM Heap Memory ({}) exceeds the configured Total Flink Memory ({}). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory.",
                        heap.size, total
                    ),
                    &[&jm::FLINK, &jm::HEAP],
                ));
            }
            let rest = total
                .checked_sub(heap.size)
                .map_err(|e| MemoryError::size(e, &[&jm::FLINK]))?;
            off_heap = Part::rest(rest, FLINK);
        }
    }
    Ok((heap, off_heap))
}

/// `deriveFromTotalFlinkMemory`: the heap is what the off-heap memory leaves.
fn from_total_flink(
    conf: &Conf<'_>,
    total: MemorySize,
    total_opt: &super::options::Opt,
) -> Result<(Part, Part), MemoryError> {
    let off_heap = Part::read(&jm::OFF_HEAP, required(conf, &jm::OFF_HEAP)?);
    if total <= off_heap.size {
        return Err(MemoryError::config(
            format!(
                "The configured Total Flink Memory ({}) is less than the configured Off-heap Memory ({}).",
                total, off_heap.size
            ),
            &[total_opt, &jm::OFF_HEAP, &jm::METASPACE, &jm::OVERHEAD_MIN],
        ));
    }
    let heap = total
        .checked_sub(off_heap.size)
        .map_err(|e| MemoryError::size(e, &[total_opt]))?;
    Ok((Part::rest(heap, FLINK), off_heap))
}

/// `memoryProcessSpecFromConfig` with the JobManager's options.
fn process_memory(conf: &Conf<'_>) -> Result<(Part, Part, process::Jvm), MemoryError> {
    if conf.contains(&jm::HEAP) {
        let (heap, off_heap) = from_heap(conf)?;
        let total = heap
            .size
            .checked_add(off_heap.size)
            .map_err(|e| MemoryError::size(e, &[&jm::HEAP, &jm::OFF_HEAP]))?;
        let jvm = process::jvm_from_total_flink(conf, &JVM_OPTIONS, total, &jm::FLINK)?;
        Ok((heap, off_heap, jvm))
    } else if conf.contains(&jm::FLINK) {
        let total = required(conf, &jm::FLINK)?.value;
        let (heap, off_heap) = from_total_flink(conf, total, &jm::FLINK)?;
        let jvm = process::jvm_from_total_flink(conf, &JVM_OPTIONS, total, &jm::FLINK)?;
        Ok((heap, off_heap, jvm))
    } else if conf.contains(&jm::PROCESS) {
        let total_process = required(conf, &jm::PROCESS)?.value;
        let jvm = process::jvm_from_total_process(conf, &JVM_OPTIONS, total_process)?;
        let total = total_process
            .checked_sub(jvm.total()?)
            .map_err(|e| MemoryError::size(e, &[&jm::PROCESS]))?;
        let (heap, off_heap) = from_total_flink(conf, total, &jm::PROCESS)?;
        Ok((heap, off_heap, jvm))
    } else {
        Err(MemoryError::config(
            format!(
                "Either required fine-grained memory ({}), or Total Flink Memory size ({}), or Total Process Memory size ({}) need to be configured explicitly.",
                jm::HEAP.key,
                jm::FLINK,
                jm::PROCESS
            ),
            &[&jm::PROCESS, &jm::FLINK, &jm::HEAP],
        ))
    }
}

/// The JobManager's memory from `conf` (the effective flink-conf), as Flink derives it when
/// the JobManager starts in `deployment`, or the error Flink stops with.
pub fn derive(
    conf: &Conf<'_>,
    profile: &Profile,
    deployment: Deployment,
) -> Result<JobManagerMemory, MemoryError> {
    let wrap = |e: MemoryError| {
        if profile.wraps_job_manager_errors() {
            e.wrapped("JobManager memory configuration failed: ")
        } else {
            e
        }
    };
    let target = match deployment {
        Deployment::Standalone => jm::HEAP,
        Deployment::Native { .. } => jm::PROCESS,
    };
    let mapped = if profile.has_legacy_heap_options() {
        legacy::map_heap(
            conf,
            &target,
            &jm::LEGACY_HEAP,
            &jm::LEGACY_HEAP_MB,
            jm::LEGACY_HEAP_ENV,
        )
        .map_err(wrap)?
    } else {
        conf.clone()
    };
    let (heap, off_heap, jvm) = process_memory(&mapped).map_err(wrap)?;
    let direct_memory_limit = mapped
        .boolean(&jm::DIRECT_MEMORY_LIMIT)
        .map_err(|f| MemoryError::parse(f, &jm::DIRECT_MEMORY_LIMIT))?;
    let total_flink = heap
        .size
        .checked_add(off_heap.size)
        .map_err(|e| MemoryError::size(e, &[&jm::HEAP]))?;
    let total_process = total_flink
        .checked_add(jvm.total()?)
        .map_err(|e| MemoryError::size(e, &[&jm::PROCESS]))?;
    Ok(JobManagerMemory {
        profile: *profile,
        heap,
        off_heap,
        metaspace: jvm.metaspace,
        overhead: jvm.overhead,
        total_flink,
        total_process,
        direct_memory_limit,
    })
}

impl JobManagerMemory {
    /// `JobManagerProcessUtils.generateJvmParametersStr`: `-Xmx`, `-Xms`, the direct memory
    /// limit when enabled, and the metaspace limit.
    pub fn jvm_args(&self) -> String {
        let heap = self.heap.size.bytes();
        let direct = if self.direct_memory_limit.value {
            format!(" -XX:MaxDirectMemorySize={}", self.off_heap.size.bytes())
        } else {
            String::new()
        };
        format!(
            "-Xmx{heap} -Xms{heap}{direct} -XX:MaxMetaspaceSize={}",
            self.metaspace.size.bytes()
        )
    }

    /// The container memory in MiB (`getMebiBytes()` of the total process size).
    pub fn container_mebibytes(&self) -> i64 {
        self.total_process.mebibytes_floor()
    }

    /// `JobManagerProcessUtils.generateDynamicConfigsStr`, in Java's `HashMap` order.
    /// Empty for Flink 1.11, which prints none.
    pub fn dynamic_configs(&self) -> String {
        if !self.profile.prints_jm_properties() {
            return String::new();
        }
        super::jvm::dynamic_configs(self.dynamic_config_entries())
    }

    /// The entries of [`Self::dynamic_configs`], in insertion order; none for Flink 1.11.
    pub fn dynamic_config_entries(&self) -> Vec<(&'static str, String)> {
        if !self.profile.prints_jm_properties() {
            return Vec::new();
        }
        vec![
            (jm::HEAP.key, self.heap.size.as_bytes_option()),
            (jm::OFF_HEAP.key, self.off_heap.size.as_bytes_option()),
            (jm::METASPACE.key, self.metaspace.size.as_bytes_option()),
            (jm::OVERHEAD_MIN.key, self.overhead.size.as_bytes_option()),
            (jm::OVERHEAD_MAX.key, self.overhead.size.as_bytes_option()),
        ]
    }
}
