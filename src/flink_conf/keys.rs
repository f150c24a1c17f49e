//! What a Flink line makes of a configuration key ([`status`]): an option it declares, a
//! fallback key it reads for another option, an entry of a map option (`K.name`), a key of a
//! family whose names users choose ([`FAMILIES`]), a key it no longer reads or does not read
//! yet, or a key no line of Flink knows. Facts come from the option catalogue
//! ([`crate::catalogue`]); the families are read off Flink's own keys with placeholders and the
//! prefixes its file-system plugins pass on.

use crate::catalogue::{self, Kind, Line, OptionFacts};
use crate::version::FlinkVersion;

/// The catalogue line of a `spec.flinkVersion`, when the catalogue covers it.
pub fn line(flink_version: &str) -> Option<Line> {
    let version = FlinkVersion::parse(flink_version).ok()?;
    Line::of(version.major(), version.minor())
}

/// A family of keys whose names users choose: Flink passes them on (to a reporter, a file
/// system, Hadoop, a container's environment) rather than declaring each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// The keys, as the documentation writes them (`metrics.reporter.<name>.<setting>`).
    pub pattern: &'static str,
    /// What reads them.
    pub reader: &'static str,
    /// The fixed start of every key.
    prefix: &'static str,
    /// Whether a name the user chooses comes first after the prefix, then a setting.
    named: bool,
}

/// The families of user-named keys, whatever the Flink line.
pub const FAMILIES: &[Family] = &[
    Family {
        pattern: "metrics.reporter.<name>.<setting>",
        reader: "the metric reporter <name>",
        prefix: "metrics.reporter.",
        named: true,
    },
    Family {
        pattern: "traces.reporter.<name>.<setting>",
        reader: "the trace reporter <name>",
        prefix: "traces.reporter.",
        named: true,
    },
    Family {
        pattern: "events.reporter.<name>.<setting>",
        reader: "the event reporter <name>",
        prefix: "events.reporter.",
        named: true,
    },
    Family {
        pattern: "external-resource.<name>.<setting>",
        reader: "the external resource <name>",
        prefix: "external-resource.",
        named: true,
    },
    Family {
        pattern: "fs.<scheme>.<setting>",
        reader: "the file system of <scheme> (Hadoop's fs.<scheme>.* settings)",
        prefix: "fs.",
        named: true,
    },
    Family {
        pattern: "s3.<setting>",
        reader: "the S3 file-system plugins",
        prefix: "s3.",
        named: false,
    },
    Family {
        pattern: "s3a.<setting>",
        reader: "the S3 file-system plugin flink-s3-fs-hadoop",
        prefix: "s3a.",
        named: false,
    },
    Family {
        pattern: "presto.s3.<setting>",
        reader: "the S3 file-system plugin flink-s3-fs-presto",
        prefix: "presto.s3.",
        named: false,
    },
    Family {
        pattern: "gs.<setting>",
        reader: "the Google Cloud Storage file-system plugin",
        prefix: "gs.",
        named: false,
    },
    Family {
        pattern: "azure.<setting>",
        reader: "the Azure file-system plugin",
        prefix: "azure.",
        named: false,
    },
    Family {
        pattern: "flink.hadoop.<setting>",
        reader: "Hadoop's configuration",
        prefix: "flink.hadoop.",
        named: false,
    },
    Family {
        pattern: "flink.yarn.<setting>",
        reader: "YARN's configuration",
        prefix: "flink.yarn.",
        named: false,
    },
    Family {
        pattern: "containerized.master.env.<VARIABLE>",
        reader: "the JobManager's environment",
        prefix: "containerized.master.env.",
        named: false,
    },
    Family {
        pattern: "containerized.taskmanager.env.<VARIABLE>",
        reader: "the TaskManagers' environment",
        prefix: "containerized.taskmanager.env.",
        named: false,
    },
];

/// The family of `key` in `line`, if it is one of [`FAMILIES`]. `fs.<scheme>.` is a family
/// only where the line declares no option under that prefix (`fs.output.` is Flink's own).
pub fn family(key: &str, line: Line) -> Option<&'static Family> {
    FAMILIES.iter().find(|family| {
        let Some(rest) = key.strip_prefix(family.prefix) else {
            return false;
        };
        if !family.named {
            return !rest.is_empty();
        }
        let Some((name, setting)) = rest.split_once('.') else {
            return false;
        };
        if name.is_empty() || setting.is_empty() {
            return false;
        }
        family.prefix != "fs." || !catalogue::has_prefix(&format!("fs.{name}."), line)
    })
}

/// What a line makes of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// An option the line declares (`deprecated` in its facts when Flink deprecates it).
    Option(&'static OptionFacts),
    /// A key the line reads for `option` when that option itself is not set.
    Fallback {
        /// The option reading it.
        option: &'static OptionFacts,
        /// Whether Flink declares the fallback deprecated.
        deprecated: bool,
    },
    /// One entry of the map option `option` (`<option>.<entry>`), which Flink reads into it.
    MapEntry(&'static OptionFacts),
    /// A key of a family of user-named keys.
    Family(&'static Family),
    /// A key older lines declared: `last` is the newest of them.
    Removed {
        /// The newest line that declares it.
        last: Line,
    },
    /// A key newer lines declare: `first` is the oldest of them.
    Later {
        /// The oldest line that declares it.
        first: Line,
    },
    /// No line of Flink knows the key.
    Unknown,
}

/// What `line` makes of `key`.
pub fn status(key: &str, line: Line) -> Status {
    if let Some(facts) = catalogue::option(key, line) {
        return Status::Option(facts);
    }
    if let Some((option, fallback)) = catalogue::replacement(key, line) {
        return Status::Fallback {
            option,
            deprecated: fallback.deprecated,
        };
    }
    if let Some(map) = map_of_entry(key, line) {
        return Status::MapEntry(map);
    }
    let lines = catalogue::lines_of(key);
    if let Some(last) = lines.iter().rev().find(|l| **l < line) {
        return Status::Removed { last: *last };
    }
    if let Some(first) = lines.iter().find(|l| **l > line) {
        return Status::Later { first: *first };
    }
    match family(key, line) {
        Some(family) => Status::Family(family),
        None => Status::Unknown,
    }
}

/// The map option of `line` that `key` is an entry of (`kubernetes.jobmanager.labels.team`).
fn map_of_entry(key: &str, line: Line) -> Option<&'static OptionFacts> {
    key.match_indices('.').find_map(|(at, _)| {
        catalogue::option(&key[..at], line).filter(|o| o.kind == Kind::Map && !o.list)
    })
}

/// The option that took over `key`: the one a newer line reads it for (`state.checkpoints.dir`
/// → `execution.checkpointing.dir`), or for the legacy heap sizes the option Flink's memory
/// model maps them to ([`crate::memory::legacy::successor`]) for a `standalone` process or a
/// natively deployed one.
pub fn successor(key: &str, standalone: bool) -> Option<&'static str> {
    catalogue::successor(key)
        .map(|o| o.key)
        .or_else(|| crate::memory::legacy::successor(key, standalone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(name: &str) -> Line {
        line(name).expect("covered")
    }

    #[test]
    fn lines_of_spec_versions() {
        assert_eq!(line("1.18").map(Line::name), Some("1.18"));
        assert_eq!(line("1.18.1").map(Line::name), Some("1.18"));
        assert_eq!(line("v2.3.0").map(Line::name), Some("2.3"));
        assert_eq!(line("1.9"), None);
        assert_eq!(line(""), None);
        assert_eq!(line("nonsense"), None);
    }

    #[test]
    fn what_a_line_makes_of_keys() {
        assert!(matches!(
            status("taskmanager.numberOfTaskSlots", at("1.18")),
            Status::Option(o) if !o.deprecated
        ));
        assert!(matches!(
            status("state.checkpoints.dir", at("2.0")),
            Status::Fallback { option, deprecated: true } if option.key == "execution.checkpointing.dir"
        ));
        assert!(matches!(
            status("kubernetes.jobmanager.labels.team", at("1.18")),
            Status::MapEntry(o) if o.key == "kubernetes.jobmanager.labels"
        ));
        assert_eq!(
            status("taskmanager.heap.size", at("2.0")),
            Status::Removed { last: at("1.20") }
        );
        assert_eq!(
            status("execution.checkpointing.dir", at("1.18")),
            Status::Later { first: at("1.20") }
        );
        assert!(matches!(
            status("metrics.reporter.prom.factory.class", at("1.18")),
            Status::Family(f) if f.prefix == "metrics.reporter."
        ));
        assert_eq!(
            status("taskmanager.numberOfTaskslots", at("1.18")),
            Status::Unknown
        );
    }

    #[test]
    fn families_of_user_named_keys() {
        let l = at("1.18");
        for key in [
            "metrics.reporter.prom.port",
            "fs.s3a.endpoint",
            "fs.azure.account.key.acct.blob.core.windows.net",
            "s3.endpoint",
            "s3.path.style.access",
            "gs.writer.chunk.size",
            "flink.hadoop.dfs.replication",
            "containerized.master.env.ENABLE_BUILT_IN_PLUGINS",
            "external-resource.gpu.amount.extra",
        ] {
            assert!(family(key, l).is_some(), "{key}");
        }
        for key in [
            "metrics.reporter.prom",
            "metrics.reporter..x",
            "fs.output.always-create-dir",
            "fs.default-schema",
            "flink.hadoop.",
            "containerized.master.env.",
            "taskmanager.numberOfTaskslots",
        ] {
            assert_eq!(family(key, l), None, "{key}");
        }
    }

    #[test]
    fn successors_of_keys_flink_stopped_reading() {
        assert_eq!(
            successor("state.checkpoints.dir", true),
            Some("execution.checkpointing.dir")
        );
        assert_eq!(
            successor("taskmanager.heap.size", true),
            Some("taskmanager.memory.flink.size")
        );
        assert_eq!(
            successor("taskmanager.heap.mb", false),
            Some("taskmanager.memory.process.size")
        );
        assert_eq!(
            successor("jobmanager.heap.size", true),
            Some("jobmanager.memory.heap.size")
        );
        assert_eq!(successor("web.backpressure.num-samples", true), None);
    }
}
