//! `spec.flinkProperties` against Flink's option catalogue for the cluster's Flink line
//! ([`crate::flink_conf::keys`], [`crate::flink_conf::values`]), each problem at the property:
//!
//! - an unknown key: a warning with the nearest keys of that line ("did you mean"), unless it
//!   belongs to a family whose names users choose (reporters, file systems, environment
//!   variables, entries of map options; docs/flink-options.md lists them);
//! - a key Flink declares deprecated, or reads only as a deprecated fallback of another
//!   option: a warning naming the option to use;
//! - a key the line no longer reads: an error naming its successor where there is one (the
//!   setting still exists under another name and Flink would drop it without a word), else a
//!   warning (the feature is gone: Flink ignores the key); a key only newer lines read: a
//!   warning;
//! - a value Flink cannot read for the option's type: an error with Flink's message.
//!
//! Versions the catalogue does not cover (before 1.10, unreleased ones) are not checked, nor
//! keys whose value the target replaces or writes under another key (the HA mode key).

use crate::catalogue::{self, Line};
use crate::diagnostics::Diagnostics;
use crate::flink_conf::keys::{self, Status};
use crate::flink_conf::values;
use crate::memory::Deployment;
use crate::model::Model;
use crate::model::config::Origin;
use crate::path::FieldPath;

/// How many "did you mean" suggestions an unknown key gets at most.
const SUGGESTIONS: usize = 3;

/// Checks the keys and values of `spec.flinkProperties` of `model` against its Flink line.
pub(super) fn validate(model: &Model, out: &mut Diagnostics) {
    let spec = model.spec();
    let Some(line) = keys::line(&spec.flink_version) else {
        return;
    };
    let standalone = model.reads().deployment == Deployment::Standalone;
    let read = model.reads().read.as_ref().ok();
    for (key, value) in spec.flink_properties.iter().flatten() {
        if value.contains(['\n', '\r']) {
            // Refused as a line break already.
            continue;
        }
        if matches!(
            model.origins().get(key),
            Some(Origin::Operator(_) | Origin::Native(_))
        ) || !model.reads().written.contains_key(key)
        {
            // The target replaces the value (validate::overridden says with what), or writes
            // it under the key the version reads (the HA mode key of another version).
            continue;
        }
        let path = FieldPath::fields("spec.flinkProperties").key(key.clone());
        let status = keys::status(key, line);
        if let Some(warning) = key_problem(key, status, line, standalone, model) {
            match warning {
                Problem::Warning(message) => out.warning(path.clone(), message),
                Problem::Error(message) => out.error(path.clone(), message),
            }
        }
        let facts = match status {
            Status::Option(facts) | Status::Fallback { option: facts, .. } => facts,
            _ => continue,
        };
        // The value Flink reads, where the file carries the user's (not a value flink-render
        // set in its place, nor one the file format dropped).
        let users = model.origins().get(key) == Some(&Origin::FlinkProperties);
        let Some(value) = read.and_then(|r| r.entries.get(key)).filter(|_| users) else {
            continue;
        };
        if let Some(message) = values::refusal(facts, value, line) {
            out.error(path, message);
        }
    }
}

enum Problem {
    Warning(String),
    Error(String),
}

fn key_problem(
    key: &str,
    status: Status,
    line: Line,
    standalone: bool,
    model: &Model,
) -> Option<Problem> {
    let flink = format!("Flink {}", line.name());
    match status {
        Status::Option(facts) if facts.deprecated => {
            let instead = catalogue::replacement(key, line)
                .map(|(option, _)| option.key)
                .or_else(|| keys::successor(key, standalone))
                .filter(|k| catalogue::option(k, line).is_some());
            let gone = catalogue::lines_of(key)
                .last()
                .and_then(|last| Line::all().find(|l| l > last))
                .map(|l| format!(" and gone from Flink {}", l.name()))
                .unwrap_or_default();
            Some(Problem::Warning(match instead {
                Some(instead) => {
                    format!("{key} is deprecated in {flink}{gone}: set {instead} instead")
                }
                None => format!("{key} is deprecated in {flink}{gone}"),
            }))
        }
        Status::Fallback {
            option,
            deprecated: true,
        } => {
            let shadowed = if model.reads().written.contains_key(option.key) {
                format!(
                    "; {} is set too, so Flink reads that and ignores this value",
                    option.key
                )
            } else {
                String::new()
            };
            Some(Problem::Warning(format!(
                "{key} is deprecated: {flink} reads it only in place of {}, the option that replaced it; rename the key to {}{shadowed}",
                option.key, option.key
            )))
        }
        Status::Removed { last } => {
            let successor =
                keys::successor(key, standalone).filter(|k| catalogue::option(k, line).is_some());
            Some(match successor {
                Some(successor) => Problem::Error(format!(
                    "{flink} no longer reads {key} (an option up to Flink {}): its setting is {successor} now; rename the key, or Flink ignores this value",
                    last.name()
                )),
                None => Problem::Warning(format!(
                    "{flink} no longer has the option {key} (up to Flink {}); Flink ignores it",
                    last.name()
                )),
            })
        }
        Status::Later { first } => Some(Problem::Warning(format!(
            "{key} is an option from Flink {}; {flink} does not know it and ignores it",
            first.name()
        ))),
        Status::Unknown => {
            // A deprecated fallback key is suggested with the option that reads it.
            let near: Vec<String> = catalogue::nearest(key, line, SUGGESTIONS)
                .into_iter()
                .map(|k| match keys::status(k, line) {
                    Status::Fallback {
                        option,
                        deprecated: true,
                    } => format!("{k} (deprecated for {})", option.key),
                    _ => k.to_owned(),
                })
                .collect();
            let hint = match near.as_slice() {
                [] => String::new(),
                [one] => format!("; did you mean {one}?"),
                many => format!("; did you mean one of {}?", many.join(", ")),
            };
            Some(Problem::Warning(format!(
                "{key} is not an option of {flink}, which ignores it{hint}"
            )))
        }
        Status::Option(_) | Status::Fallback { .. } | Status::MapEntry(_) | Status::Family(_) => {
            None
        }
    }
}
