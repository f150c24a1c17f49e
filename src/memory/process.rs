//! What the JobManager and TaskManager models share (`ProcessMemoryUtils`): how a size is
//! derived from a fraction within a min/max range, and how JVM Metaspace and JVM Overhead are
//! derived from the total process size or from the total Flink size.
//!
//! Every derived size records how it was derived ([`How`]), which `explain memory` prints.

use super::error::MemoryError;
use super::options::{Conf, Opt, Origin, Read};
use super::size::{MemorySize, SizeError};

/// How a part of the memory got its size.
#[derive(Clone, Debug, PartialEq)]
pub enum How {
    /// Read from an option (set, default or mapped from a legacy setting).
    Option {
        /// The option's key.
        key: &'static str,
        /// Where the value came from.
        origin: Origin,
    },
    /// A fraction of a larger size, within its min/max range.
    Fraction {
        /// The fraction option's key.
        key: &'static str,
        /// Whether the fraction was set or is the default.
        origin: Origin,
        /// The fraction (as a double, the way Flink multiplies).
        fraction: f64,
        /// What it is a fraction of (`total Flink memory`, ...).
        of: &'static str,
    },
    /// A fraction that fell outside its range, replaced by the range's bound.
    Bound {
        /// The bound option's key (`...min` or `...max`).
        key: &'static str,
        /// Whether the bound was set or is the default.
        origin: Origin,
        /// The fraction option's key.
        fraction_key: &'static str,
        /// What the fraction is of.
        of: &'static str,
    },
    /// What is left of a total once the other parts are taken.
    Rest {
        /// The total (`total Flink memory`, ...).
        of: &'static str,
    },
    /// The sum of parts.
    Sum,
}

/// One part of a process' memory.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Its size.
    pub size: MemorySize,
    /// How it got it.
    pub how: How,
}

impl Part {
    /// A part read from `opt`.
    pub fn read(opt: &Opt, read: Read<MemorySize>) -> Part {
        Part {
            size: read.value,
            how: How::Option {
                key: opt.key,
                origin: read.origin,
            },
        }
    }

    /// The rest of `of`.
    pub fn rest(size: MemorySize, of: &'static str) -> Part {
        Part {
            size,
            how: How::Rest { of },
        }
    }
}

/// A memory option that must have a value (a default, or set because the path requires it).
pub fn required(conf: &Conf<'_>, opt: &Opt) -> Result<Read<MemorySize>, MemoryError> {
    match conf.memory(opt) {
        Ok(Some(read)) => Ok(read),
        Ok(None) => Err(MemoryError::config(
            format!("Cannot read memory size from config option '{}'.", opt.key),
            &[opt],
        )),
        Err(failure) => Err(MemoryError::unreadable_memory(failure, opt)),
    }
}

/// `RangeFraction`: a fraction of a base, kept within `[min, max]`.
#[derive(Clone, Debug)]
pub struct Range {
    /// The lower bound.
    pub min: Read<MemorySize>,
    /// The min option.
    pub min_opt: Opt,
    /// The upper bound.
    pub max: Read<MemorySize>,
    /// The max option.
    pub max_opt: Opt,
    /// The fraction.
    pub fraction: Read<f64>,
    /// The fraction option.
    pub fraction_opt: Opt,
}

impl Range {
    /// `getRangeFraction`: reads the fraction and checks the range, with Flink's message.
    pub fn new(
        conf: &Conf<'_>,
        min: (Opt, Read<MemorySize>),
        max: (Opt, Read<MemorySize>),
        fraction_opt: Opt,
    ) -> Result<Range, MemoryError> {
        let fraction = conf
            .float(&fraction_opt)
            .map_err(|failure| MemoryError::parse(failure, &fraction_opt))?;
        let problem = if min.1.value > max.1.value {
            Some("min value must be less or equal to max value")
        } else if !(fraction.value >= 0.0 && fraction.value < 1.0) {
            Some("fraction must be in range [0, 1)")
        } else {
            None
        };
        if let Some(problem) = problem {
            let keys = [&fraction_opt, &min.0, &max.0];
            return Err(MemoryError::config(
                format!(
                    "Inconsistently configured {fraction_opt} ({}) and its min ({}), max ({}) value",
                    super::java::double_to_string(fraction.value),
                    min.1.value,
                    max.1.value
                ),
                &keys,
            )
            .caused_by(MemoryError {
                exception: super::error::Exception::IllegalArgument,
                message: problem.to_owned(),
                causes: Vec::new(),
                keys: Vec::new(),
            }));
        }
        Ok(Range {
            min: min.1,
            min_opt: min.0,
            max: max.1,
            max_opt: max.0,
            fraction,
            fraction_opt,
        })
    }

    fn keys(&self) -> [&Opt; 3] {
        [&self.fraction_opt, &self.min_opt, &self.max_opt]
    }

    /// `capToMinMax`: the size within the range, and how it was chosen.
    fn cap(&self, relative: MemorySize, of: &'static str, multiplier: f64) -> Part {
        if relative > self.max.value {
            Part {
                size: self.max.value,
                how: How::Bound {
                    key: self.max_opt.key,
                    origin: self.max.origin.clone(),
                    fraction_key: self.fraction_opt.key,
                    of,
                },
            }
        } else if relative < self.min.value {
            Part {
                size: self.min.value,
                how: How::Bound {
                    key: self.min_opt.key,
                    origin: self.min.origin.clone(),
                    fraction_key: self.fraction_opt.key,
                    of,
                },
            }
        } else {
            Part {
                size: relative,
                how: How::Fraction {
                    key: self.fraction_opt.key,
                    origin: self.fraction.origin.clone(),
                    fraction: multiplier,
                    of,
                },
            }
        }
    }

    /// `deriveWithFraction`: `base × fraction`, capped to the range.
    pub fn derive(&self, base: MemorySize, of: &'static str) -> Result<Part, MemoryError> {
        let relative = base
            .multiply(self.fraction.value)
            .map_err(|e| MemoryError::size(e, &self.keys()))?;
        Ok(self.cap(relative, of, self.fraction.value))
    }

    /// `deriveWithInverseFraction`: `base × f/(1-f)`, capped to the range (the part is then the
    /// fraction `f` of base plus the part).
    pub fn derive_inverse(&self, base: MemorySize, of: &'static str) -> Result<Part, MemoryError> {
        let f = self.fraction.value;
        let multiplier = f / (1.0 - f);
        let relative = base
            .multiply(multiplier)
            .map_err(|e| MemoryError::size(e, &self.keys()))?;
        let mut part = self.cap(relative, of, f);
        if let How::Fraction { fraction, .. } = &mut part.how {
            *fraction = f;
        }
        Ok(part)
    }

    /// Whether `size` lies within the range.
    pub fn contains(&self, size: MemorySize) -> bool {
        size >= self.min.value && size <= self.max.value
    }
}

/// The options a process' JVM parts are configured by.
#[derive(Clone, Copy, Debug)]
pub struct JvmOptions {
    /// `*.memory.process.size`.
    pub total_process: Opt,
    /// `*.memory.jvm-metaspace.size`.
    pub metaspace: Opt,
    /// `*.memory.jvm-overhead.min`.
    pub overhead_min: Opt,
    /// `*.memory.jvm-overhead.max`.
    pub overhead_max: Opt,
    /// `*.memory.jvm-overhead.fraction`.
    pub overhead_fraction: Opt,
    /// Whether a process size below total Flink memory plus metaspace is refused with its own
    /// message; Flink 1.10's TaskManager instead fails subtracting (`bytes must be >= 0`).
    pub checks_process_sum: bool,
}

/// JVM Metaspace and JVM Overhead.
#[derive(Clone, Debug, PartialEq)]
pub struct Jvm {
    /// JVM Metaspace.
    pub metaspace: Part,
    /// JVM Overhead.
    pub overhead: Part,
}

impl Jvm {
    /// Metaspace plus overhead.
    pub fn total(&self) -> Result<MemorySize, MemoryError> {
        self.metaspace
            .size
            .checked_add(self.overhead.size)
            .map_err(|e| MemoryError::size(e, &[]))
    }
}

fn overhead_range(conf: &Conf<'_>, options: &JvmOptions) -> Result<Range, MemoryError> {
    let min = required(conf, &options.overhead_min)?;
    let max = required(conf, &options.overhead_max)?;
    Range::new(
        conf,
        (options.overhead_min, min),
        (options.overhead_max, max),
        options.overhead_fraction,
    )
}

const PROCESS: &str = "total process memory";
const FLINK_AND_METASPACE: &str = "total Flink memory and JVM Metaspace";

/// `deriveJvmMetaspaceAndOverheadWithTotalProcessMemory`.
pub fn jvm_from_total_process(
    conf: &Conf<'_>,
    options: &JvmOptions,
    total_process: MemorySize,
) -> Result<Jvm, MemoryError> {
    let metaspace = Part::read(&options.metaspace, required(conf, &options.metaspace)?);
    let range = overhead_range(conf, options)?;
    let overhead = range.derive(total_process, PROCESS)?;
    let jvm = Jvm {
        metaspace,
        overhead,
    };
    if jvm.total()? > total_process {
        return Err(MemoryError::config(
            format!(
                "Sum of configured JVM Metaspace ({}) and JVM Overhead ({}) exceed configured Total Process Memory ({}).",
                jvm.metaspace.size, jvm.overhead.size, total_process
            ),
            &[
                &options.total_process,
                &options.metaspace,
                &options.overhead_min,
                &options.overhead_max,
                &options.overhead_fraction,
            ],
        ));
    }
    Ok(jvm)
}

/// `deriveJvmMetaspaceAndOverheadFromTotalFlinkMemory`: with the process size configured the
/// overhead is what is left of it; otherwise it is derived from the inverse fraction and the
/// sum is checked against a process size that might be set.
pub fn jvm_from_total_flink(
    conf: &Conf<'_>,
    options: &JvmOptions,
    total_flink: MemorySize,
    total_flink_opt: &Opt,
) -> Result<Jvm, MemoryError> {
    let metaspace_read = required(conf, &options.metaspace)?;
    let metaspace_size = metaspace_read.value;
    let metaspace = Part::read(&options.metaspace, metaspace_read);
    let flink_and_metaspace = total_flink
        .checked_add(metaspace_size)
        .map_err(|e| MemoryError::size(e, &[total_flink_opt, &options.metaspace]))?;
    if conf.contains(&options.total_process) {
        // deriveJvmOverheadFromTotalFlinkMemoryAndOtherComponents
        let total_process = required(conf, &options.total_process)?.value;
        let metaspace_again = required(conf, &options.metaspace)?.value;
        let flink_and_metaspace = total_flink
            .checked_add(metaspace_again)
            .map_err(|e| MemoryError::size(e, &[total_flink_opt, &options.metaspace]))?;
        if total_process < flink_and_metaspace && !options.checks_process_sum {
            return Err(MemoryError::size(
                SizeError::Negative,
                &[&options.total_process, total_flink_opt, &options.metaspace],
            ));
        }
        if total_process < flink_and_metaspace {
            return Err(MemoryError::config(
                format!(
                    "The configured Total Process Memory size ({}) is less than the sum of the derived Total Flink Memory size ({}) and the configured or default JVM Metaspace size  ({}).",
                    total_process, total_flink, metaspace_again
                ),
                &[&options.total_process, total_flink_opt, &options.metaspace],
            ));
        }
        let overhead_size = total_process
            .checked_sub(flink_and_metaspace)
            .map_err(|e| MemoryError::size(e, &[&options.total_process]))?;
        let range = overhead_range(conf, options)?;
        if !range.contains(overhead_size) {
            return Err(MemoryError::config(
                format!(
                    "Derived JVM Overhead size ({}) is not in configured JVM Overhead range [{}, {}].",
                    overhead_size, range.min.value, range.max.value
                ),
                &[
                    &options.total_process,
                    total_flink_opt,
                    &options.metaspace,
                    &options.overhead_min,
                    &options.overhead_max,
                ],
            ));
        }
        return Ok(Jvm {
            metaspace,
            overhead: Part::rest(overhead_size, PROCESS),
        });
    }
    let range = overhead_range(conf, options)?;
    let overhead = range.derive_inverse(flink_and_metaspace, FLINK_AND_METASPACE)?;
    let jvm = Jvm {
        metaspace,
        overhead,
    };
    sanity_check_total_process(conf, options, total_flink, total_flink_opt, &jvm)?;
    Ok(jvm)
}

/// `sanityCheckTotalProcessMemory`: a configured process size must equal Flink memory plus
/// metaspace plus overhead. Flink calls it only where the process size is not configured, so
/// it never fails there; it is kept, with its message, as Flink has it.
pub fn sanity_check_total_process(
    conf: &Conf<'_>,
    options: &JvmOptions,
    total_flink: MemorySize,
    total_flink_opt: &Opt,
    jvm: &Jvm,
) -> Result<(), MemoryError> {
    if !conf.contains(&options.total_process) {
        return Ok(());
    }
    let derived = total_flink
        .checked_add(jvm.metaspace.size)
        .and_then(|s| s.checked_add(jvm.overhead.size))
        .map_err(|e| MemoryError::size(e, &[total_flink_opt]))?;
    let configured = required(conf, &options.total_process)?.value;
    if configured != derived {
        return Err(MemoryError::config(
            format!(
                "Configured and Derived memory sizes (total {}) do not add up to the configured Total Process Memory size ({}). Configured and Derived memory sizes are: Total Flink Memory ({}), JVM Metaspace ({}), JVM Overhead ({}).",
                derived, configured, total_flink, jvm.metaspace.size, jvm.overhead.size
            ),
            &[&options.total_process, total_flink_opt, &options.metaspace],
        ));
    }
    Ok(())
}
