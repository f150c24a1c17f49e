//! The Flink configuration options of the memory model, their defaults per Flink version, and
//! how Flink's `Configuration` reads them from the effective flink-conf.
//!
//! A value is looked up under the option's key, then under its deprecated keys in order, as
//! `Configuration.getOptional` does; an absent option has its default. Every value read
//! remembers where it came from ([`Origin`]), so that errors and `explain memory` can name the
//! key (or the default) that set it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::java;
use super::size::MemorySize;
use crate::version::FlinkVersion;

/// A default value, as `ConfigOption.toString` prints it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Default {
    /// No default (`null`).
    None,
    /// A memory size.
    Size(MemorySize),
    /// A float with its `Float.toString` text.
    Float(f32, &'static str),
    /// An integer.
    Int(i32),
    /// A double with its `Double.toString` text.
    Double(f64, &'static str),
    /// A boolean.
    Bool(bool),
}

/// One Flink configuration option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Opt {
    /// The key.
    pub key: &'static str,
    /// Deprecated keys, read when the key is absent.
    pub deprecated: &'static [&'static str],
    /// The default value.
    pub default: Default,
}

impl Opt {
    const fn new(key: &'static str, default: Default) -> Opt {
        Opt {
            key,
            deprecated: &[],
            default,
        }
    }

    const fn with_deprecated(self, deprecated: &'static [&'static str]) -> Opt {
        Opt { deprecated, ..self }
    }

    /// The same option with another default.
    pub const fn defaulting_to(self, default: Default) -> Opt {
        Opt { default, ..self }
    }
}

/// `MemorySize.toString()`: the value in the largest unit that divides it, e.g. `128 mb`.
fn memory_to_string(size: MemorySize) -> String {
    const UNITS: [(i64, &str); 5] = [
        (1, "bytes"),
        (1 << 10, "kb"),
        (1 << 20, "mb"),
        (1 << 30, "gb"),
        (1 << 40, "tb"),
    ];
    let bytes = size.bytes();
    // The first unit that does not divide the size; the one before it is printed. When every
    // unit divides it (zero, whole tebibytes), Java falls back to bytes.
    let unit = UNITS
        .iter()
        .position(|(multiplier, _)| bytes % multiplier != 0)
        .map_or(0, |i| i.saturating_sub(1));
    let (multiplier, name) = UNITS.get(unit).copied().unwrap_or((1, "bytes"));
    format!("{} {name}", bytes / multiplier)
}

impl fmt::Display for Opt {
    /// `ConfigOption.toString()`:
    /// `Key: 'k' , default: d (fallback keys: [{key=old, isDeprecated=true}])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default = match self.default {
            Default::None => "null".to_owned(),
            Default::Size(size) => memory_to_string(size),
            Default::Float(_, text) | Default::Double(_, text) => text.to_owned(),
            Default::Int(n) => n.to_string(),
            Default::Bool(b) => b.to_string(),
        };
        let fallback: Vec<String> = self
            .deprecated
            .iter()
            .map(|k| format!("{{key={k}, isDeprecated=true}}"))
            .collect();
        write!(
            f,
            "Key: '{}' , default: {default} (fallback keys: [{}])",
            self.key,
            fallback.join(", ")
        )
    }
}

const fn size_mb(n: i64) -> Default {
    Default::Size(MemorySize::mebibytes(n))
}

/// TaskManager options (`TaskManagerOptions`).
pub mod tm {
    use super::{Default, MemorySize, Opt, size_mb};

    /// `taskmanager.memory.process.size`.
    pub const PROCESS: Opt = Opt::new("taskmanager.memory.process.size", Default::None);
    /// `taskmanager.memory.flink.size`.
    pub const FLINK: Opt = Opt::new("taskmanager.memory.flink.size", Default::None);
    /// `taskmanager.memory.framework.heap.size`.
    pub const FRAMEWORK_HEAP: Opt =
        Opt::new("taskmanager.memory.framework.heap.size", size_mb(128));
    /// `taskmanager.memory.framework.off-heap.size`.
    pub const FRAMEWORK_OFF_HEAP: Opt =
        Opt::new("taskmanager.memory.framework.off-heap.size", size_mb(128));
    /// `taskmanager.memory.task.heap.size`.
    pub const TASK_HEAP: Opt = Opt::new("taskmanager.memory.task.heap.size", Default::None);
    /// `taskmanager.memory.task.off-heap.size`.
    pub const TASK_OFF_HEAP: Opt = Opt::new(
        "taskmanager.memory.task.off-heap.size",
        Default::Size(MemorySize::ZERO),
    );
    /// `taskmanager.memory.managed.size`.
    pub const MANAGED: Opt = Opt::new("taskmanager.memory.managed.size", Default::None)
        .with_deprecated(&["taskmanager.memory.size"]);
    /// `taskmanager.memory.managed.fraction`.
    pub const MANAGED_FRACTION: Opt = Opt::new(
        "taskmanager.memory.managed.fraction",
        Default::Float(0.4, "0.4"),
    );
    /// `taskmanager.memory.network.min`.
    pub const NETWORK_MIN: Opt = Opt::new("taskmanager.memory.network.min", size_mb(64))
        .with_deprecated(&["taskmanager.network.memory.min"]);
    /// `taskmanager.memory.network.max` with the default of Flink 1.17 and later.
    pub const NETWORK_MAX: Opt = Opt::new(
        "taskmanager.memory.network.max",
        Default::Size(MemorySize::MAX),
    )
    .with_deprecated(&["taskmanager.network.memory.max"]);
    /// `taskmanager.memory.network.fraction`.
    pub const NETWORK_FRACTION: Opt = Opt::new(
        "taskmanager.memory.network.fraction",
        Default::Float(0.1, "0.1"),
    )
    .with_deprecated(&["taskmanager.network.memory.fraction"]);
    /// `taskmanager.memory.jvm-metaspace.size` with the default of Flink 1.11 and later.
    pub const METASPACE: Opt = Opt::new("taskmanager.memory.jvm-metaspace.size", size_mb(256));
    /// `taskmanager.memory.jvm-overhead.min`.
    pub const OVERHEAD_MIN: Opt = Opt::new("taskmanager.memory.jvm-overhead.min", size_mb(192));
    /// `taskmanager.memory.jvm-overhead.max`.
    pub const OVERHEAD_MAX: Opt = Opt::new("taskmanager.memory.jvm-overhead.max", size_mb(1024));
    /// `taskmanager.memory.jvm-overhead.fraction`.
    pub const OVERHEAD_FRACTION: Opt = Opt::new(
        "taskmanager.memory.jvm-overhead.fraction",
        Default::Float(0.1, "0.1"),
    );
    /// `taskmanager.numberOfTaskSlots`.
    pub const SLOTS: Opt = Opt::new("taskmanager.numberOfTaskSlots", Default::Int(1));
    /// `taskmanager.cpu.cores`.
    pub const CPU_CORES: Opt = Opt::new("taskmanager.cpu.cores", Default::None);
    /// Legacy `taskmanager.heap.size` (before Flink 2.0).
    pub const LEGACY_HEAP: Opt = Opt::new("taskmanager.heap.size", Default::None);
    /// Legacy `taskmanager.heap.mb` (before Flink 2.0).
    pub const LEGACY_HEAP_MB: Opt = Opt::new("taskmanager.heap.mb", Default::None);
    /// The environment variable the legacy heap size is read from first.
    pub const LEGACY_HEAP_ENV: &str = "FLINK_TM_HEAP";
    /// Legacy `taskmanager.network.numberOfBuffers` (before Flink 2.0).
    pub const LEGACY_NETWORK_BUFFERS: Opt =
        Opt::new("taskmanager.network.numberOfBuffers", Default::Int(2048));
    /// `taskmanager.memory.segment-size`.
    pub const SEGMENT_SIZE: Opt = Opt::new(
        "taskmanager.memory.segment-size",
        Default::Size(MemorySize::kibibytes(32)),
    );
}

/// JobManager options (`JobManagerOptions`).
pub mod jm {
    use super::{Default, Opt, size_mb};

    /// `jobmanager.memory.process.size`.
    pub const PROCESS: Opt = Opt::new("jobmanager.memory.process.size", Default::None);
    /// `jobmanager.memory.flink.size`.
    pub const FLINK: Opt = Opt::new("jobmanager.memory.flink.size", Default::None);
    /// `jobmanager.memory.heap.size`.
    pub const HEAP: Opt = Opt::new("jobmanager.memory.heap.size", Default::None);
    /// `jobmanager.memory.off-heap.size`.
    pub const OFF_HEAP: Opt = Opt::new("jobmanager.memory.off-heap.size", size_mb(128));
    /// `jobmanager.memory.enable-jvm-direct-memory-limit`.
    pub const DIRECT_MEMORY_LIMIT: Opt = Opt::new(
        "jobmanager.memory.enable-jvm-direct-memory-limit",
        Default::Bool(false),
    );
    /// `jobmanager.memory.jvm-metaspace.size`.
    pub const METASPACE: Opt = Opt::new("jobmanager.memory.jvm-metaspace.size", size_mb(256));
    /// `jobmanager.memory.jvm-overhead.min`.
    pub const OVERHEAD_MIN: Opt = Opt::new("jobmanager.memory.jvm-overhead.min", size_mb(192));
    /// `jobmanager.memory.jvm-overhead.max`.
    pub const OVERHEAD_MAX: Opt = Opt::new("jobmanager.memory.jvm-overhead.max", size_mb(1024));
    /// `jobmanager.memory.jvm-overhead.fraction`.
    pub const OVERHEAD_FRACTION: Opt = Opt::new(
        "jobmanager.memory.jvm-overhead.fraction",
        Default::Float(0.1, "0.1"),
    );
    /// Legacy `jobmanager.heap.size` (before Flink 2.0).
    pub const LEGACY_HEAP: Opt = Opt::new("jobmanager.heap.size", Default::None);
    /// Legacy `jobmanager.heap.mb` (before Flink 2.0).
    pub const LEGACY_HEAP_MB: Opt = Opt::new("jobmanager.heap.mb", Default::None);
    /// The environment variable the legacy heap size is read from first.
    pub const LEGACY_HEAP_ENV: &str = "FLINK_JM_HEAP";
}

/// What differs between Flink versions in the memory model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Major and minor version.
    pub version: (u64, u64),
    /// The patch release when the version names one (`1.10.0`), `None` for a bare line
    /// (`1.10`), which means the line's latest release (what the image tag `flink:1.10` runs).
    pub patch: Option<u64>,
}

impl Profile {
    /// The profile of `flink_version`; `None` when it does not parse.
    pub fn of(flink_version: &str) -> Option<Profile> {
        let v = FlinkVersion::parse(flink_version).ok()?;
        let unprefixed = flink_version.strip_prefix('v').unwrap_or(flink_version);
        let named_segments = unprefixed
            .split(['-', '+'])
            .next()
            .unwrap_or_default()
            .split('.')
            .count();
        Some(Profile {
            version: (v.major(), v.minor()),
            patch: (named_segments >= 3).then(|| v.segments().get(2).copied().unwrap_or(0)),
        })
    }

    /// Flink 1.10 (its TaskManager model predates the JobManager's and words some refusals
    /// differently: no `TaskManager memory configuration failed: ` prefix, another wording of
    /// the missing-sizes message, `bytes must be >= 0` where later versions check the sum).
    pub fn is_1_10(&self) -> bool {
        self.version == (1, 10)
    }

    /// Whether a JobManager refusal is wrapped as `JobManager memory configuration failed: …`:
    /// up to Flink 1.20; Flink 2.0 throws the cause itself.
    pub fn wraps_job_manager_errors(&self) -> bool {
        !self.at_least(2, 0)
    }

    /// Whether a TaskManager refusal is wrapped as `TaskManager memory configuration failed:
    /// …`: from Flink 1.11.
    pub fn wraps_task_manager_errors(&self) -> bool {
        self.at_least(1, 11)
    }

    /// The dynamic properties this version prints for a TaskManager (`-D key=value`), of the
    /// full set Flink 1.13 and later print: Flink 1.10 and 1.11 leave out metaspace, overhead,
    /// external resources and slots; 1.12 leaves out external resources and slots.
    pub fn prints_tm_property(&self, key: &str) -> bool {
        let since_1_12 = [
            "taskmanager.memory.jvm-metaspace.size",
            "taskmanager.memory.jvm-overhead.min",
            "taskmanager.memory.jvm-overhead.max",
        ];
        let since_1_13 = ["external-resources", "taskmanager.numberOfTaskSlots"];
        if since_1_13.contains(&key) {
            self.at_least(1, 13)
        } else if since_1_12.contains(&key) {
            self.at_least(1, 12)
        } else {
            true
        }
    }

    /// Whether this version prints the JobManager's dynamic properties (from Flink 1.12).
    pub fn prints_jm_properties(&self) -> bool {
        self.at_least(1, 12)
    }

    fn at_least(&self, major: u64, minor: u64) -> bool {
        self.version >= (major, minor)
    }

    /// The TaskManager memory model (FLIP-49) exists from Flink 1.10.
    pub fn has_task_manager_model(&self) -> bool {
        self.at_least(1, 10)
    }

    /// The JobManager memory model (FLIP-116) exists from Flink 1.11.
    pub fn has_job_manager_model(&self) -> bool {
        self.at_least(1, 11)
    }

    /// The legacy heap options (`*.heap.size`, `*.heap.mb`, `FLINK_*_HEAP`) are read before
    /// Flink 2.0, which removed them.
    pub fn has_legacy_heap_options(&self) -> bool {
        !self.at_least(2, 0)
    }

    /// `taskmanager.memory.jvm-metaspace.size`: 96m in Flink 1.10.0, 256m from 1.10.1
    /// (FLINK-16406); a bare `1.10` is the line's latest release, so 256m.
    pub fn tm_metaspace(&self) -> Opt {
        if self.version == (1, 10) && self.patch == Some(0) {
            tm::METASPACE.defaulting_to(size_mb(96))
        } else {
            tm::METASPACE
        }
    }

    /// `taskmanager.memory.network.max`: 1g up to Flink 1.16, unbounded from 1.17.
    pub fn tm_network_max(&self) -> Opt {
        if self.at_least(1, 17) {
            tm::NETWORK_MAX
        } else {
            tm::NETWORK_MAX.defaulting_to(size_mb(1024))
        }
    }
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Set in the configuration under this key (the option's key or a deprecated one).
    Set(String),
    /// The option's default.
    Default,
    /// A legacy heap setting (`taskmanager.heap.size`, `FLINK_TM_HEAP`, ...) Flink maps to
    /// this option.
    Legacy(String),
}

/// A value read from the configuration, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Read<T> {
    /// The value.
    pub value: T,
    /// Its origin.
    pub origin: Origin,
}

/// The effective configuration as Flink's `Configuration` sees it, plus the environment the
/// process starts with (for the legacy `FLINK_*_HEAP` variables).
#[derive(Clone, Debug)]
pub struct Conf<'a> {
    entries: &'a BTreeMap<String, String>,
    /// Keys whose value the configuration file typed as a YAML float (Java `Double`).
    doubles: Option<&'a BTreeSet<String>>,
    env: &'a BTreeMap<String, String>,
    /// Options set by Flink itself (legacy heap mapping), winning over `entries`.
    overrides: BTreeMap<&'static str, Read<MemorySize>>,
}

/// Why a value cannot be read: `Configuration.getOptional`'s
/// `IllegalArgumentException("Could not parse value ...")` and its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFailure {
    /// `Could not parse value '<v>' for key '<key>'.`
    pub message: String,
    /// The cause (e.g. the unit message of `MemorySize.parse`), if any.
    pub cause: Option<String>,
    /// The key the value was found under.
    pub found_under: String,
}

impl<'a> Conf<'a> {
    /// The configuration `entries` (flink-conf keys and values) with the process environment.
    pub fn new(entries: &'a BTreeMap<String, String>, env: &'a BTreeMap<String, String>) -> Self {
        Conf {
            entries,
            doubles: None,
            env,
            overrides: BTreeMap::new(),
        }
    }

    /// The same configuration, where the values of `doubles` were YAML floats (Flink 2's
    /// `config.yaml`): a float option checks their range before narrowing them.
    pub fn with_doubles(self, doubles: &'a BTreeSet<String>) -> Conf<'a> {
        Conf {
            doubles: Some(doubles),
            ..self
        }
    }

    /// An environment variable of the Flink process.
    pub fn env(&self, name: &str) -> Option<&'a str> {
        self.env.get(name).map(String::as_str)
    }

    /// The same configuration with `opt` set to `value` (how Flink maps legacy heap options).
    pub fn with_override(&self, opt: Opt, value: Read<MemorySize>) -> Conf<'a> {
        let mut copy = self.clone();
        copy.overrides.insert(opt.key, value);
        copy
    }

    /// Whether `opt` is set, under its key or a deprecated one (`Configuration.contains`).
    pub fn contains(&self, opt: &Opt) -> bool {
        self.overrides.contains_key(opt.key) || self.raw(opt).is_some()
    }

    /// The text set for `opt` and the key it was found under. Values are trimmed, as Flink's
    /// flink-conf.yaml reader trims them.
    pub fn raw(&self, opt: &Opt) -> Option<(&'a str, &'a str)> {
        std::iter::once(opt.key)
            .chain(opt.deprecated.iter().copied())
            .find_map(|key| {
                self.entries
                    .get_key_value(key)
                    .map(|(k, v)| (k.as_str(), java::trim(v)))
            })
    }

    fn parse_failure(opt: &Opt, key: &str, value: &str, cause: Option<String>) -> ParseFailure {
        ParseFailure {
            message: format!("Could not parse value '{value}' for key '{}'.", opt.key),
            cause,
            found_under: key.to_owned(),
        }
    }

    /// The value set for `opt` read by `parse` (whose `Err` is the cause Flink reports), with
    /// the key it was found under; `None` when unset.
    fn parsed<T>(
        &self,
        opt: &Opt,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Result<Read<T>, ParseFailure>> {
        let (key, value) = self.raw(opt)?;
        Some(match parse(value) {
            Ok(value) => Ok(Read {
                value,
                origin: Origin::Set(key.to_owned()),
            }),
            Err(cause) => Err(Conf::parse_failure(opt, key, value, Some(cause))),
        })
    }

    /// A memory size option: the set value, else the default; `Ok(None)` when neither.
    pub fn memory(&self, opt: &Opt) -> Result<Option<Read<MemorySize>>, ParseFailure> {
        if let Some(read) = self.overrides.get(opt.key) {
            return Ok(Some(read.clone()));
        }
        if let Some(read) = self.parsed(opt, MemorySize::parse) {
            return read.map(Some);
        }
        Ok(match opt.default {
            Default::Size(size) => Some(defaulted(size)),
            _ => None,
        })
    }

    /// A float option (`Configuration.getFloat`), widened to double as Flink does. A YAML
    /// float (a Java `Double`) outside the float range is refused as `convertToFloat` does.
    pub fn float(&self, opt: &Opt) -> Result<Read<f64>, ParseFailure> {
        let typed_double = self
            .raw(opt)
            .is_some_and(|(key, _)| self.doubles.is_some_and(|d| d.contains(key)));
        let parse = |value: &str| {
            if typed_double {
                let double = java::parse_double(value).unwrap_or(f64::NAN);
                let magnitude = double.abs();
                let in_range = double == 0.0
                    || (magnitude >= f64::from(f32::from_bits(1))
                        && magnitude <= f64::from(f32::MAX));
                if !in_range {
                    return Err(format!(
                        "Configuration value {value} overflows/underflows the float type."
                    ));
                }
            }
            java::parse_float(value)
                .map(f64::from)
                .ok_or_else(|| number_format_message(value))
        };
        self.parsed(opt, parse).unwrap_or_else(|| {
            Ok(defaulted(match opt.default {
                Default::Float(f, _) => f64::from(f),
                _ => 0.0,
            }))
        })
    }

    /// A double option (`Configuration.getDouble`); `None` when unset without default.
    pub fn double(&self, opt: &Opt) -> Result<Option<Read<f64>>, ParseFailure> {
        let parse =
            |value: &str| java::parse_double(value).ok_or_else(|| number_format_message(value));
        if let Some(read) = self.parsed(opt, parse) {
            return read.map(Some);
        }
        Ok(match opt.default {
            Default::Double(d, _) => Some(defaulted(d)),
            _ => None,
        })
    }

    /// An integer option (`Configuration.getInteger`).
    pub fn int(&self, opt: &Opt) -> Result<Read<i32>, ParseFailure> {
        let parse = |value: &str| {
            java::parse_int(value).ok_or_else(|| format!("For input string: \"{value}\""))
        };
        self.parsed(opt, parse).unwrap_or_else(|| {
            Ok(defaulted(match opt.default {
                Default::Int(n) => n,
                _ => 0,
            }))
        })
    }

    /// A boolean option (`Configuration.getBoolean`: `true`/`false`, any case).
    pub fn boolean(&self, opt: &Opt) -> Result<Read<bool>, ParseFailure> {
        let parse = |value: &str| match value.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!(
                "Unrecognized option for boolean: {value}. Expected either true or false(case insensitive)"
            )),
        };
        self.parsed(opt, parse)
            .unwrap_or_else(|| Ok(defaulted(matches!(opt.default, Default::Bool(true)))))
    }
}

/// A value that was not set: the option's default.
fn defaulted<T>(value: T) -> Read<T> {
    Read {
        value,
        origin: Origin::Default,
    }
}

/// `NumberFormatException`'s message for a bad float or double.
fn number_format_message(value: &str) -> String {
    if java::trim(value).is_empty() {
        "empty String".to_owned()
    } else {
        format!("For input string: \"{value}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_print_like_config_option_to_string() {
        assert_eq!(
            tm::FLINK.to_string(),
            "Key: 'taskmanager.memory.flink.size' , default: null (fallback keys: [])"
        );
        assert_eq!(
            tm::NETWORK_FRACTION.to_string(),
            "Key: 'taskmanager.memory.network.fraction' , default: 0.1 (fallback keys: [{key=taskmanager.network.memory.fraction, isDeprecated=true}])"
        );
        assert_eq!(
            tm::FRAMEWORK_HEAP.to_string(),
            "Key: 'taskmanager.memory.framework.heap.size' , default: 128 mb (fallback keys: [])"
        );
        assert_eq!(memory_to_string(MemorySize::mebibytes(1024)), "1 gb");
        assert_eq!(memory_to_string(MemorySize::ZERO), "0 bytes");
        assert_eq!(
            memory_to_string(MemorySize::MAX),
            "9223372036854775807 bytes"
        );
        assert_eq!(
            tm::SEGMENT_SIZE.default,
            Default::Size(MemorySize::from_bytes(32768).unwrap_or_default())
        );
    }

    #[test]
    fn deprecated_keys_are_read_after_the_key() {
        let entries = BTreeMap::from([
            (
                "taskmanager.network.memory.min".to_owned(),
                "32m".to_owned(),
            ),
            ("taskmanager.memory.size".to_owned(), " 1g ".to_owned()),
        ]);
        let env = BTreeMap::new();
        let conf = Conf::new(&entries, &env);
        let min = conf.memory(&tm::NETWORK_MIN).ok().flatten();
        assert_eq!(
            min,
            Some(Read {
                value: MemorySize::mebibytes(32),
                origin: Origin::Set("taskmanager.network.memory.min".to_owned())
            })
        );
        assert!(conf.contains(&tm::MANAGED));
        assert_eq!(
            conf.memory(&tm::MANAGED)
                .ok()
                .flatten()
                .map(|r| r.value.bytes()),
            Some(1 << 30)
        );
        assert_eq!(
            conf.memory(&tm::TASK_HEAP),
            Ok(None),
            "no value, no default"
        );
    }
}
