//! What a `flinkVersion` change does to the configuration ([`change`]): the configuration
//! file's name (`flink-conf.yaml` → `config.yaml` at 2.0), the user's `flinkProperties` the new
//! version reads differently (a key it no longer reads, with the key that took its setting
//! over; a key it now deprecates, with the key to set), and the defaults that change for
//! options the cluster leaves unset.
//!
//! The defaults are filtered to what a reviewer acts on: options of both lines, not set in the
//! configuration the target writes, not internal (`$internal.*`, `*.internal.*`), not of other
//! deployments ([`NOT_LISTED`]: YARN, Mesos, the history server; `kubernetes.*` only for the
//! native target, since the operator's standalone processes read none), and whose default
//! really changes, not only its spelling: Flink 1.19 turned many millisecond numbers into
//! durations (`30000` → `30s`) and memory sizes are compared by bytes. Between 1.18 and 2.0
//! that leaves a handful of keys (`restart-strategy.exponential-delay.*`, `state.backend.type`,
//! `execution.checkpointing.tolerable-failed-checkpoints`, `security.ssl.algorithms`, …).
//! Facts come from the option catalogue ([`crate::catalogue`]).

use crate::catalogue::{self, Kind, Line, OptionFacts};
use crate::flink_conf::keys::{self, Status};
use crate::memory::MemorySize;
use crate::model::Valid;

use super::flink::ValueChange;

/// Key prefixes whose changed defaults are not listed: other deployments' options (YARN,
/// Mesos, the history server) and Flink's internal ones.
pub const NOT_LISTED: &[&str] = &["yarn.", "mesos.", "historyserver.", "$internal."];

/// What a Flink version change does, for one cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionChange {
    /// `flinkVersion` before and after.
    pub old: String,
    /// The new `flinkVersion`.
    pub new: String,
    /// The configuration file's name before and after, when it changes.
    pub file: Option<(String, String)>,
    /// The user's keys the new version reads differently: the key, and what happens to it.
    pub keys: Vec<(String, String)>,
    /// Defaults that change for options the configuration leaves unset, by key.
    pub defaults: Vec<ValueChange>,
}

impl VersionChange {
    /// Whether it has anything to report.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.keys.is_empty() && self.defaults.is_empty()
    }
}

/// What the change of Flink line from `old` to `new` does, when both clusters exist, their
/// lines differ and the catalogue covers both.
pub fn change(old: Option<&Valid>, new: Option<&Valid>) -> Option<VersionChange> {
    let (old, new) = (old?, new?);
    let (old_version, new_version) = (
        &old.model().spec().flink_version,
        &new.model().spec().flink_version,
    );
    let old_line = keys::line(old_version)?;
    let new_line = keys::line(new_version)?;
    if old_line == new_line {
        return None;
    }
    let (old_file, _) = old.model().config_file();
    let (new_file, _) = new.model().config_file();
    let file = (old_file != new_file).then(|| (old_file.to_owned(), new_file.to_owned()));
    let standalone = new.model().reads().deployment == crate::memory::Deployment::Standalone;
    let keys = new
        .model()
        .spec()
        .flink_properties
        .iter()
        .flatten()
        .filter_map(|(key, _)| {
            key_change(key, old_line, new_line, standalone).map(|what| (key.clone(), what))
        })
        .collect();
    let written = &new.model().reads().written;
    // The operator starts standalone processes, which no `kubernetes.*` option concerns.
    let native = new.settings().target == crate::options::Target::Native;
    let defaults = catalogue::options(new_line)
        .filter(|o| !NOT_LISTED.iter().any(|prefix| o.key.starts_with(prefix)))
        .filter(|o| !o.key.contains(".internal.") && !written.contains_key(o.key))
        .filter(|o| native || !o.key.starts_with("kubernetes."))
        .filter_map(|now| {
            let before = catalogue::option(now.key, old_line)?;
            (!same_default(before, now)).then(|| ValueChange {
                name: now.key.to_owned(),
                old: before.default.map(str::to_owned),
                new: now.default.map(str::to_owned),
            })
        })
        .collect();
    Some(VersionChange {
        old: old_version.clone(),
        new: new_version.clone(),
        file,
        keys,
        defaults,
    })
}

/// What the line change does to the user's `key`: `None` when `new` reads it as `old` did.
fn key_change(key: &str, old: Line, new: Line, standalone: bool) -> Option<String> {
    let read_before = matches!(
        keys::status(key, old),
        Status::Option(_) | Status::Fallback { .. }
    );
    match keys::status(key, new) {
        Status::Removed { .. } if read_before => {
            let successor =
                keys::successor(key, standalone).filter(|k| catalogue::option(k, new).is_some());
            Some(match successor {
                Some(successor) => format!(
                    "Flink {} no longer reads it: its setting is {successor} now",
                    new.name()
                ),
                None => format!("Flink {} no longer has this option", new.name()),
            })
        }
        Status::Fallback {
            option,
            deprecated: true,
        } if !matches!(
            keys::status(key, old),
            Status::Fallback {
                deprecated: true,
                ..
            }
        ) =>
        {
            Some(format!(
                "renamed: Flink {} reads it only in place of {}",
                new.name(),
                option.key
            ))
        }
        Status::Option(facts)
            if facts.deprecated
                && !matches!(keys::status(key, old), Status::Option(o) if o.deprecated) =>
        {
            Some(format!("deprecated in Flink {}", new.name()))
        }
        _ => None,
    }
}

/// Whether two lines' defaults of an option are the same value (durations and memory sizes
/// compared by value, the rest as text).
fn same_default(before: &OptionFacts, now: &OptionFacts) -> bool {
    match (before.default, now.default) {
        (Some(a), Some(b)) if a != b => match now.kind {
            Kind::Memory if !now.list => MemorySize::parse(a).ok() == MemorySize::parse(b).ok(),
            Kind::Duration if !now.list => {
                let nanos = crate::flink_conf::values::duration_nanos;
                nanos(a).is_some() && nanos(a) == nanos(b)
            }
            _ => false,
        },
        (a, b) => a == b,
    }
}
