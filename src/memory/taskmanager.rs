//! The TaskManager's memory (`TaskExecutorProcessUtils`, `TaskExecutorFlinkMemoryUtils`):
//! framework heap and off-heap, task heap and off-heap, managed and network memory, JVM
//! Metaspace and Overhead, derived from the configuration exactly as Flink derives them, or
//! Flink's error.
//!
//! The path is Flink's: task heap and managed size both set, else the total Flink size, else the
//! total process size, else an error. Legacy heap settings are mapped first (to the total Flink
//! size for standalone TaskManagers, to the process size for native Kubernetes ones).

use super::error::MemoryError;
use super::java;
use super::options::{Conf, Opt, Origin, Profile, Read, tm};
use super::process::{self, How, Jvm, JvmOptions, Part, Range, required};
use super::size::MemorySize;
use super::{Deployment, legacy};

/// A TaskManager's memory and CPU, as Flink computes them at start.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskManagerMemory {
    /// The Flink version profile it was derived for (what its dynamic properties print).
    pub profile: Profile,
    /// Framework heap.
    pub framework_heap: Part,
    /// Framework off-heap.
    pub framework_off_heap: Part,
    /// Task heap.
    pub task_heap: Part,
    /// Task off-heap.
    pub task_off_heap: Part,
    /// Managed memory.
    pub managed: Part,
    /// Network memory.
    pub network: Part,
    /// JVM Metaspace.
    pub metaspace: Part,
    /// JVM Overhead.
    pub overhead: Part,
    /// Total Flink memory (the six parts above the JVM ones).
    pub total_flink: MemorySize,
    /// Total process memory.
    pub total_process: MemorySize,
    /// CPU cores and where they came from.
    pub cpu_cores: Read<f64>,
    /// Task slots and where they came from.
    pub slots: Read<i32>,
}

const FLINK: &str = "total Flink memory";
const OTHER_FLINK_PARTS: &str = "the other parts of total Flink memory";

fn jvm_options(profile: &Profile) -> JvmOptions {
    JvmOptions {
        total_process: tm::PROCESS,
        metaspace: profile.tm_metaspace(),
        overhead_min: tm::OVERHEAD_MIN,
        overhead_max: tm::OVERHEAD_MAX,
        overhead_fraction: tm::OVERHEAD_FRACTION,
        checks_process_sum: !profile.is_1_10(),
    }
}

fn add_all(parts: &[MemorySize], keys: &[&Opt]) -> Result<MemorySize, MemoryError> {
    parts.iter().try_fold(MemorySize::ZERO, |sum, part| {
        sum.checked_add(*part)
            .map_err(|e| MemoryError::size(e, keys))
    })
}

/// The six parts of total Flink memory.
pub(crate) struct FlinkParts {
    pub(crate) framework_heap: Part,
    pub(crate) framework_off_heap: Part,
    pub(crate) task_heap: Part,
    pub(crate) task_off_heap: Part,
    pub(crate) managed: Part,
    pub(crate) network: Part,
}

impl FlinkParts {
    fn total(&self) -> Result<MemorySize, MemoryError> {
        add_all(
            &[
                self.framework_heap.size,
                self.framework_off_heap.size,
                self.task_heap.size,
                self.task_off_heap.size,
                self.network.size,
                self.managed.size,
            ],
            &[],
        )
    }
}

fn network_range(conf: &Conf<'_>, profile: &Profile) -> Result<Range, MemoryError> {
    let max_opt = profile.tm_network_max();
    let min = required(conf, &tm::NETWORK_MIN)?;
    let max = required(conf, &max_opt)?;
    Range::new(
        conf,
        (tm::NETWORK_MIN, min),
        (max_opt, max),
        tm::NETWORK_FRACTION,
    )
}

fn managed_range(conf: &Conf<'_>) -> Result<Range, MemoryError> {
    Range::new(
        conf,
        (
            tm::MANAGED,
            Read {
                value: MemorySize::ZERO,
                origin: Origin::Default,
            },
        ),
        (
            tm::MANAGED,
            Read {
                value: MemorySize::MAX,
                origin: Origin::Default,
            },
        ),
        tm::MANAGED_FRACTION,
    )
}

fn using_legacy_network(conf: &Conf<'_>, profile: &Profile) -> bool {
    profile.has_legacy_heap_options()
        && !conf.contains(&tm::NETWORK_MIN)
        && !conf.contains(&profile.tm_network_max())
        && !conf.contains(&tm::NETWORK_FRACTION)
        && conf.contains(&tm::LEGACY_NETWORK_BUFFERS)
}

/// `getNetworkMemorySizeWithLegacyConfig`: number of buffers × segment size.
fn legacy_network(conf: &Conf<'_>) -> Result<Part, MemoryError> {
    let buffers = conf
        .int(&tm::LEGACY_NETWORK_BUFFERS)
        .map_err(|f| MemoryError::parse(f, &tm::LEGACY_NETWORK_BUFFERS))?;
    // `config.get(SEGMENT_SIZE)`: an unreadable value is the parse failure itself, not
    // wrapped as for the memory options (checked against Flink 1.11 – 1.20).
    let page = conf
        .memory(&tm::SEGMENT_SIZE)
        .map_err(|f| MemoryError::parse(f, &tm::SEGMENT_SIZE))?
        .map_or(32 << 10, |r| r.value.bytes());
    let Ok(page32) = i32::try_from(page) else {
        return Err(MemoryError {
            exception: super::error::Exception::IllegalArgument,
            message: format!("Cannot downcast long value {page} to integer."),
            causes: Vec::new(),
            keys: vec![tm::SEGMENT_SIZE.key],
        });
    };
    let invalid = |reason: &str| {
        MemoryError::config(
            format!(
                "Invalid configuration value for {} : {page32} - {reason}",
                tm::SEGMENT_SIZE.key
            ),
            &[&tm::SEGMENT_SIZE],
        )
    };
    if page32 < 4096 {
        return Err(invalid("Minimum memory segment size is 4096"));
    }
    if page32.count_ones() != 1 {
        return Err(invalid("Memory segment size must be a power of 2."));
    }
    // Java multiplies two longs, wrapping; a negative product fails the size check.
    let bytes = i64::from(buffers.value).wrapping_mul(i64::from(page32));
    let size = MemorySize::from_bytes(bytes).ok_or_else(|| {
        MemoryError::size(
            super::size::SizeError::Negative,
            &[&tm::LEGACY_NETWORK_BUFFERS],
        )
    })?;
    Ok(Part {
        size,
        how: How::Option {
            key: tm::LEGACY_NETWORK_BUFFERS.key,
            origin: buffers.origin,
        },
    })
}

/// `sanityCheckNetworkMemoryWithExplicitlySetTotalFlinkAndHeapMemory`.
fn check_network_rest(
    conf: &Conf<'_>,
    profile: &Profile,
    network: MemorySize,
) -> Result<(), MemoryError> {
    let inner = if using_legacy_network(conf, profile) {
        let configured = legacy_network(conf)?.size;
        (configured != network).then(|| {
            MemoryError::config(
                format!(
                    "Derived Network Memory size ({network}) does not match configured Network Memory size ({configured})."
                ),
                &[&tm::LEGACY_NETWORK_BUFFERS],
            )
        })
    } else {
        match network_range(conf, profile) {
            Err(e) => Some(e),
            Ok(range) => (!range.contains(network)).then(|| {
                MemoryError::config(
                    format!(
                        "Derived Network Memory size ({network}) is not in configured Network Memory range [{}, {}].",
                        range.min.value, range.max.value
                    ),
                    &[&tm::NETWORK_MIN, &profile.tm_network_max()],
                )
            }),
        }
    };
    match inner {
        None => Ok(()),
        Some(e) if e.exception == super::error::Exception::IllegalConfiguration => Err(
            MemoryError::config(
                "If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then the Network Memory size is the rest of the Total Flink memory after subtracting all other configured types of memory, but the derived Network Memory is inconsistent with its configuration.",
                &[&tm::FLINK, &tm::TASK_HEAP, &tm::MANAGED],
            )
            .caused_by(e),
        ),
        Some(e) => Err(e),
    }
}

/// `sanityCheckTotalFlinkMemory`: a configured total Flink size must equal the sum of the
/// parts. Flink's paths make the parts add up by construction, so this never fails there; it
/// is kept, with its message, as Flink has it.
pub(crate) fn check_total_flink(conf: &Conf<'_>, parts: &FlinkParts) -> Result<(), MemoryError> {
    if !conf.contains(&tm::FLINK) {
        return Ok(());
    }
    let configured = required(conf, &tm::FLINK)?.value;
    let derived = parts.total()?;
    if configured != derived {
        return Err(MemoryError::config(
            format!(
                "Configured and Derived Flink internal memory sizes (total {derived}) do not add up to the configured Total Flink Memory size ({configured}). Configured and Derived Flink internal memory sizes are: Framework Heap Memory ({}), Framework Off-Heap Memory ({}), Task Heap Memory ({}), Task Off-Heap Memory ({}), Network Memory ({}), Managed Memory ({}).",
                parts.framework_heap.size,
                parts.framework_off_heap.size,
                parts.task_heap.size,
                parts.task_off_heap.size,
                parts.network.size,
                parts.managed.size
            ),
            &[&tm::FLINK],
        ));
    }
    Ok(())
}

fn read_fixed(conf: &Conf<'_>) -> Result<(Part, Part, Part), MemoryError> {
    let framework_heap = Part::read(&tm::FRAMEWORK_HEAP, required(conf, &tm::FRAMEWORK_HEAP)?);
    let framework_off_heap = Part::read(
        &tm::FRAMEWORK_OFF_HEAP,
        required(conf, &tm::FRAMEWORK_OFF_HEAP)?,
    );
    let task_off_heap = Part::read(&tm::TASK_OFF_HEAP, required(conf, &tm::TASK_OFF_HEAP)?);
    Ok((framework_heap, framework_off_heap, task_off_heap))
}

fn managed_absolute_or_fraction(conf: &Conf<'_>, base: MemorySize) -> Result<Part, MemoryError> {
    if conf.contains(&tm::MANAGED) {
        Ok(Part::read(&tm::MANAGED, required(conf, &tm::MANAGED)?))
    } else {
        managed_range(conf)?.derive(base, FLINK)
    }
}

/// `deriveFromRequiredFineGrainedOptions`: task heap and managed size are both set.
fn from_fine_grained(conf: &Conf<'_>, profile: &Profile) -> Result<FlinkParts, MemoryError> {
    let task_heap = Part::read(&tm::TASK_HEAP, required(conf, &tm::TASK_HEAP)?);
    let managed = Part::read(&tm::MANAGED, required(conf, &tm::MANAGED)?);
    let (framework_heap, framework_off_heap, task_off_heap) = read_fixed(conf)?;
    let keys = [
        &tm::FRAMEWORK_HEAP,
        &tm::FRAMEWORK_OFF_HEAP,
        &tm::TASK_HEAP,
        &tm::TASK_OFF_HEAP,
        &tm::MANAGED,
    ];
    let without_network = add_all(
        &[
            framework_heap.size,
            framework_off_heap.size,
            task_heap.size,
            task_off_heap.size,
            managed.size,
        ],
        &keys,
    )?;
    let network = if conf.contains(&tm::FLINK) {
        let total = required(conf, &tm::FLINK)?.value;
        if without_network > total {
            return Err(exceed_with_task_heap(
                &framework_heap,
                &framework_off_heap,
                &task_heap,
                &task_off_heap,
                &managed,
                total,
                &tm::FLINK,
            ));
        }
        let rest = total
            .checked_sub(without_network)
            .map_err(|e| MemoryError::size(e, &[&tm::FLINK]))?;
        check_network_rest(conf, profile, rest)?;
        Part::rest(rest, FLINK)
    } else if using_legacy_network(conf, profile) {
        legacy_network(conf)?
    } else {
        network_range(conf, profile)?.derive_inverse(without_network, OTHER_FLINK_PARTS)?
    };
    let parts = FlinkParts {
        framework_heap,
        framework_off_heap,
        task_heap,
        task_off_heap,
        managed,
        network,
    };
    check_total_flink(conf, &parts)?;
    Ok(parts)
}

fn exceed_with_task_heap(
    framework_heap: &Part,
    framework_off_heap: &Part,
    task_heap: &Part,
    task_off_heap: &Part,
    managed: &Part,
    total: MemorySize,
    total_opt: &Opt,
) -> MemoryError {
    MemoryError::config(
        format!(
            "Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory ({}), Task Heap Memory ({}), Task Off-Heap Memory ({}) and Managed Memory ({}) exceed configured Total Flink Memory ({}).",
            framework_heap.size,
            framework_off_heap.size,
            task_heap.size,
            task_off_heap.size,
            managed.size,
            total
        ),
        &[
            total_opt,
            &tm::TASK_HEAP,
            &tm::MANAGED,
            &tm::MANAGED_FRACTION,
            &tm::FRAMEWORK_HEAP,
            &tm::FRAMEWORK_OFF_HEAP,
            &tm::TASK_OFF_HEAP,
        ],
    )
}

/// `deriveFromTotalFlinkMemory`. `total_opt` is the option the total comes from (the total
/// Flink size, or the process size it was derived from), named first in errors.
fn from_total_flink(
    conf: &Conf<'_>,
    profile: &Profile,
    total: MemorySize,
    total_opt: &Opt,
) -> Result<FlinkParts, MemoryError> {
    let (framework_heap, framework_off_heap, task_off_heap) = read_fixed(conf)?;
    let parts = if conf.contains(&tm::TASK_HEAP) {
        let task_heap = Part::read(&tm::TASK_HEAP, required(conf, &tm::TASK_HEAP)?);
        let managed = managed_absolute_or_fraction(conf, total)?;
        let without_network = add_all(
            &[
                framework_heap.size,
                framework_off_heap.size,
                task_heap.size,
                task_off_heap.size,
                managed.size,
            ],
            &[total_opt, &tm::TASK_HEAP],
        )?;
        if without_network > total {
            return Err(exceed_with_task_heap(
                &framework_heap,
                &framework_off_heap,
                &task_heap,
                &task_off_heap,
                &managed,
                total,
                total_opt,
            ));
        }
        let rest = total
            .checked_sub(without_network)
            .map_err(|e| MemoryError::size(e, &[total_opt]))?;
        check_network_rest(conf, profile, rest)?;
        FlinkParts {
            framework_heap,
            framework_off_heap,
            task_heap,
            task_off_heap,
            managed,
            network: Part::rest(rest, FLINK),
        }
    } else {
        let managed = managed_absolute_or_fraction(conf, total)?;
        let network = if using_legacy_network(conf, profile) {
            legacy_network(conf)?
        } else {
            network_range(conf, profile)?.derive(total, FLINK)?
        };
        let without_task_heap = add_all(
            &[
                framework_heap.size,
                framework_off_heap.size,
                task_off_heap.size,
                managed.size,
                network.size,
            ],
            &[total_opt],
        )?;
        if without_task_heap > total {
            return Err(MemoryError::config(
                format!(
                    "Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory ({}), Task Off-Heap Memory ({}), Managed Memory ({}) and Network Memory ({}) exceed configured Total Flink Memory ({}).",
                    framework_heap.size,
                    framework_off_heap.size,
                    task_off_heap.size,
                    managed.size,
                    network.size,
                    total
                ),
                &[
                    total_opt,
                    &tm::MANAGED,
                    &tm::MANAGED_FRACTION,
                    &tm::NETWORK_MIN,
                    &tm::NETWORK_FRACTION,
                    &tm::FRAMEWORK_HEAP,
                    &tm::FRAMEWORK_OFF_HEAP,
                    &tm::TASK_OFF_HEAP,
                ],
            ));
        }
        let task_heap = total
            .checked_sub(without_task_heap)
            .map_err(|e| MemoryError::size(e, &[total_opt]))?;
        FlinkParts {
            framework_heap,
            framework_off_heap,
            task_heap: Part::rest(task_heap, FLINK),
            task_off_heap,
            managed,
            network,
        }
    };
    check_total_flink(conf, &parts)?;
    Ok(parts)
}

/// `memoryProcessSpecFromConfig` with the TaskManager's options.
fn process_memory(conf: &Conf<'_>, profile: &Profile) -> Result<(FlinkParts, Jvm), MemoryError> {
    let jvm_options = jvm_options(profile);
    if conf.contains(&tm::TASK_HEAP) && conf.contains(&tm::MANAGED) {
        let parts = from_fine_grained(conf, profile)?;
        let total = parts.total()?;
        let jvm = process::jvm_from_total_flink(conf, &jvm_options, total, &tm::FLINK)?;
        Ok((parts, jvm))
    } else if conf.contains(&tm::FLINK) {
        let total = required(conf, &tm::FLINK)?.value;
        let parts = from_total_flink(conf, profile, total, &tm::FLINK)?;
        let jvm = process::jvm_from_total_flink(conf, &jvm_options, total, &tm::FLINK)?;
        Ok((parts, jvm))
    } else if conf.contains(&tm::PROCESS) {
        let total_process = required(conf, &tm::PROCESS)?.value;
        let jvm = process::jvm_from_total_process(conf, &jvm_options, total_process)?;
        let total = total_process
            .checked_sub(jvm.total()?)
            .map_err(|e| MemoryError::size(e, &[&tm::PROCESS]))?;
        let parts = from_total_flink(conf, profile, total, &tm::PROCESS)?;
        Ok((parts, jvm))
    } else if profile.is_1_10() {
        Err(MemoryError::config(
            format!(
                "Either Task Heap Memory size ({}) and Managed Memory size ({}), or Total Flink Memory size ({}), or Total Process Memory size ({}) need to be configured explicitly.",
                tm::TASK_HEAP.key,
                tm::MANAGED.key,
                tm::FLINK.key,
                tm::PROCESS.key
            ),
            &[&tm::PROCESS, &tm::FLINK, &tm::TASK_HEAP, &tm::MANAGED],
        ))
    } else {
        Err(MemoryError::config(
            format!(
                "Either required fine-grained memory ({} and {}), or Total Flink Memory size ({}), or Total Process Memory size ({}) need to be configured explicitly.",
                tm::TASK_HEAP.key,
                tm::MANAGED.key,
                tm::FLINK,
                tm::PROCESS
            ),
            &[&tm::PROCESS, &tm::FLINK, &tm::TASK_HEAP, &tm::MANAGED],
        ))
    }
}

/// `getCpuCoresWithFallback`: `taskmanager.cpu.cores`, else the fallback when positive, else
/// the number of slots; at least something positive.
fn cpu_cores(conf: &Conf<'_>, fallback: Option<Read<f64>>) -> Result<Read<f64>, MemoryError> {
    let cores = if conf.contains(&tm::CPU_CORES) {
        conf.double(&tm::CPU_CORES)
            .map_err(|f| MemoryError::parse(f, &tm::CPU_CORES))?
            .unwrap_or(Read {
                value: 0.0,
                origin: Origin::Default,
            })
    } else if let Some(fallback) = fallback.filter(|f| f.value > 0.0) {
        fallback
    } else {
        let slots = conf
            .int(&tm::SLOTS)
            .map_err(|f| MemoryError::parse(f, &tm::SLOTS))?;
        Read {
            value: f64::from(slots.value),
            origin: match slots.origin {
                Origin::Set(key) => Origin::Set(key),
                other => other,
            },
        }
    };
    // `cpuCores <= 0` is false for NaN, which Flink lets through as well.
    if cores.value <= 0.0 {
        return Err(MemoryError::config(
            format!(
                "TaskExecutors need to be started with a positive number of CPU cores. Please configure {} accordingly.",
                tm::CPU_CORES.key
            ),
            &[&tm::CPU_CORES, &tm::SLOTS],
        ));
    }
    Ok(cores)
}

/// The TaskManager's memory and CPU from `conf` (the effective flink-conf), as Flink derives
/// them when the TaskManager starts in `deployment`, or the error Flink stops with.
pub fn derive(
    conf: &Conf<'_>,
    profile: &Profile,
    deployment: Deployment,
) -> Result<TaskManagerMemory, MemoryError> {
    // Native Kubernetes: the ResourceManager settles the CPU before anything else, outside
    // the memory error wrapping.
    let native_cpu = match deployment {
        Deployment::Standalone => None,
        Deployment::Native { cpu_option } => {
            let fallback = conf
                .double(&cpu_option)
                .map_err(|f| MemoryError::parse(f, &cpu_option))?;
            Some(cpu_cores(conf, fallback)?)
        }
    };
    let target = match deployment {
        Deployment::Standalone => tm::FLINK,
        Deployment::Native { .. } => tm::PROCESS,
    };
    let mapped = if profile.has_legacy_heap_options() {
        legacy::map_heap(
            conf,
            &target,
            &tm::LEGACY_HEAP,
            &tm::LEGACY_HEAP_MB,
            tm::LEGACY_HEAP_ENV,
        )
        .map_err(|e| {
            e.wrapped("TaskManager failed to map legacy JVM heap option to the new one: ")
        })?
    } else {
        conf.clone()
    };
    let wrap = |e: MemoryError| {
        if profile.wraps_task_manager_errors() {
            e.wrapped("TaskManager memory configuration failed: ")
        } else {
            e
        }
    };
    let (parts, jvm) = process_memory(&mapped, profile).map_err(wrap)?;
    let cpu = match native_cpu {
        Some(cpu) => cpu,
        None => cpu_cores(&mapped, None).map_err(wrap)?,
    };
    let slots = mapped
        .int(&tm::SLOTS)
        .map_err(|f| MemoryError::parse(f, &tm::SLOTS))?;
    let total_flink = parts.total().map_err(wrap)?;
    let total_process = total_flink
        .checked_add(jvm.total().map_err(wrap)?)
        .map_err(|e| MemoryError::size(e, &[&tm::PROCESS]))?;
    Ok(TaskManagerMemory {
        profile: *profile,
        framework_heap: parts.framework_heap,
        framework_off_heap: parts.framework_off_heap,
        task_heap: parts.task_heap,
        task_off_heap: parts.task_off_heap,
        managed: parts.managed,
        network: parts.network,
        metaspace: jvm.metaspace,
        overhead: jvm.overhead,
        total_flink,
        total_process,
        cpu_cores: cpu,
        slots,
    })
}

impl TaskManagerMemory {
    /// JVM heap: framework heap plus task heap.
    pub fn jvm_heap(&self) -> MemorySize {
        MemorySize::from_bytes(
            self.framework_heap
                .size
                .bytes()
                .saturating_add(self.task_heap.size.bytes()),
        )
        .unwrap_or(MemorySize::MAX)
    }

    /// JVM direct memory: framework off-heap, task off-heap and network memory.
    pub fn jvm_direct(&self) -> MemorySize {
        let sum = self
            .framework_off_heap
            .size
            .bytes()
            .saturating_add(self.task_off_heap.size.bytes())
            .saturating_add(self.network.size.bytes());
        MemorySize::from_bytes(sum).unwrap_or(MemorySize::MAX)
    }

    /// `ProcessMemoryUtils.generateJvmParametersStr`: what `FLINK_TM_JVM_MEM_OPTS` holds.
    pub fn jvm_args(&self) -> String {
        format!(
            "-Xmx{heap} -Xms{heap} -XX:MaxDirectMemorySize={} -XX:MaxMetaspaceSize={}",
            self.jvm_direct().bytes(),
            self.metaspace.size.bytes(),
            heap = self.jvm_heap().bytes()
        )
    }

    /// The container memory in MiB (`getMebiBytes()` of the total process size).
    pub fn container_mebibytes(&self) -> i64 {
        self.total_process.mebibytes_floor()
    }

    /// `TaskExecutorProcessUtils.generateDynamicConfigsStr`, in the order Java's `HashMap`
    /// iterates these keys (see [`super::jvm::java_hash_map_order`]).
    pub fn dynamic_configs(&self) -> String {
        let joined = super::jvm::dynamic_configs(self.dynamic_config_entries());
        if self.profile.version < (1, 12) {
            // Flink 1.10 and 1.11 end every property with a space, the last one too.
            format!("{joined} ")
        } else {
            joined
        }
    }

    /// The entries of [`Self::dynamic_configs`] that this Flink version prints, in insertion
    /// order, for callers that add entries of their own (the native target's external
    /// resources).
    pub fn dynamic_config_entries(&self) -> Vec<(&'static str, String)> {
        let entries = vec![
            (
                tm::CPU_CORES.key,
                java::double_to_string(self.cpu_cores.value),
            ),
            (
                tm::FRAMEWORK_HEAP.key,
                self.framework_heap.size.as_bytes_option(),
            ),
            (
                tm::FRAMEWORK_OFF_HEAP.key,
                self.framework_off_heap.size.as_bytes_option(),
            ),
            (tm::TASK_HEAP.key, self.task_heap.size.as_bytes_option()),
            (
                tm::TASK_OFF_HEAP.key,
                self.task_off_heap.size.as_bytes_option(),
            ),
            (tm::NETWORK_MIN.key, self.network.size.as_bytes_option()),
            (tm::NETWORK_MAX.key, self.network.size.as_bytes_option()),
            (tm::MANAGED.key, self.managed.size.as_bytes_option()),
            (tm::METASPACE.key, self.metaspace.size.as_bytes_option()),
            (tm::OVERHEAD_MIN.key, self.overhead.size.as_bytes_option()),
            (tm::OVERHEAD_MAX.key, self.overhead.size.as_bytes_option()),
            (tm::SLOTS.key, self.slots.value.to_string()),
            ("external-resources", "none".to_owned()),
        ];
        entries
            .into_iter()
            .filter(|(key, _)| self.profile.prints_tm_property(key))
            .collect()
    }
}
