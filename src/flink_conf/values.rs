//! What Flink's `Configuration` makes of a string value for a typed option, line by line: the
//! value reads, or Flink refuses it with its message ([`refusal`]).
//!
//! `Configuration.get(option)` converts the string it holds with `ConfigurationUtils`: integers
//! and longs with `Integer.parseInt`/`Long.parseLong` (no whitespace allowed), floats and doubles
//! with Java's parsers (which trim), booleans as `true`/`false` in any case (untrimmed), enums by
//! each constant's `toString()` in any case, durations with `TimeUtils.parseDuration`, memory
//! sizes with `MemorySize.parse`, maps and lists with `StructuredOptionsSplitter`. A failure is
//! `Could not parse value '<value>' for key '<key>'.` with the converter's exception as its cause.
//!
//! The converters changed between Flink lines, and each change is kept here: the minute unit
//! `m` from 1.15, the map message from 1.17, durations past 64-bit milliseconds from 2.0 and
//! ISO-8601 durations (`PT10S`) from 2.1. `tests/flink_options.rs` runs the same values through
//! Flink's own classes for every covered version. An integer with digits of another script is
//! never refused (Java reads them as numbers; flink-render does not guess their values).

use crate::catalogue::{self, Kind, Line, OptionFacts};
use crate::memory::{MemorySize, java};
use crate::structured_options::split_escaped;

/// Flink's message when it cannot read `value` for the option `facts` in `line`; `None` when
/// the value reads.
pub fn refusal(facts: &OptionFacts, value: &str, line: Line) -> Option<String> {
    if facts.kind == Kind::String && !facts.list {
        return None;
    }
    let cause = if facts.list {
        list(facts.kind, value, line)
    } else {
        element(facts.kind, value, line)
    }
    .err()?;
    // From 1.17 Flink leaves the value of a sensitive key out of its message.
    if from(line, 1, 17) && catalogue::is_sensitive(facts.key, line) {
        return Some(format!(
            "Could not parse value for key '{}'. Caused by: {cause}",
            facts.key
        ));
    }
    Some(format!(
        "Could not parse value '{value}' for key '{}'. Caused by: {cause}",
        facts.key
    ))
}

/// Whether `line` is `major.minor` or newer.
fn from(line: Line, major: u64, minor: u64) -> bool {
    Line::of(major, minor).is_some_and(|first| line >= first)
}

fn list(kind: Kind, value: &str, line: Line) -> Result<(), String> {
    for item in split_escaped(value, ';')? {
        element(kind, &item, line)?;
    }
    Ok(())
}

/// One value of `kind` (an element, for a list).
fn element(kind: Kind, value: &str, line: Line) -> Result<(), String> {
    let input_string = || format!("For input string: \"{value}\"");
    // `Integer.parseInt` and `Long.parseLong` read the digits of every script; flink-render
    // reads ASCII digits only, and leaves a value with other digits to Flink.
    let other_digits = value.chars().any(|c| !c.is_ascii() && c.is_numeric());
    match kind {
        Kind::String | Kind::Class(_) => Ok(()),
        Kind::Int | Kind::Long if other_digits => Ok(()),
        Kind::Int => java::parse_int(value).map(drop).ok_or_else(input_string),
        Kind::Long => parse_long(value).map(drop).ok_or_else(input_string),
        Kind::Float => java::parse_float(value)
            .map(drop)
            .ok_or_else(|| number_format(value)),
        Kind::Double => java::parse_double(value)
            .map(drop)
            .ok_or_else(|| number_format(value)),
        Kind::Boolean => match value.to_uppercase().as_str() {
            "TRUE" | "FALSE" => Ok(()),
            _ => Err(format!(
                "Unrecognized option for boolean: {value}. Expected either true or false(case insensitive)"
            )),
        },
        Kind::Enum { class, values } => {
            if values
                .iter()
                .any(|v| v.to_uppercase() == value.to_uppercase())
            {
                Ok(())
            } else {
                Err(format!(
                    "Could not parse value for enum class {class}. Expected one of: [[{}]]",
                    values.join(", ")
                ))
            }
        }
        Kind::Memory => MemorySize::parse(value).map(drop),
        Kind::Duration => duration(value, line),
        Kind::Map => map(value, line),
    }
}

/// `NumberFormatException`'s message of Java's float and double parsers, which name the value
/// trimmed.
fn number_format(value: &str) -> String {
    match java::trim(value) {
        "" => "empty String".to_owned(),
        trimmed => format!("For input string: \"{trimmed}\""),
    }
}

/// `Long.parseLong(text)`: optional sign, decimal digits, 64-bit range, no whitespace.
fn parse_long(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse::<i64>().ok()
}

/// `ConfigurationUtils.convertToProperties`: entries at `,`, each a key and a value at `:`;
/// a key given twice is refused by Java's `Collectors.toMap`.
fn map(value: &str, line: Line) -> Result<(), String> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for item in split_escaped(value, ',')? {
        let pair = split_escaped(&item, ':')?;
        let [key, value] = pair.as_slice() else {
            return Err(if from(line, 1, 17) {
                "Map item is not a key-value pair (missing ':'?)".to_owned()
            } else {
                format!("Could not parse pair in the map [{}]", pair.join(", "))
            });
        };
        if let Some((_, first)) = entries.iter().find(|(k, _)| k == key) {
            return Err(format!(
                "Duplicate key {key} (attempted merging values {first} and {value})"
            ));
        }
        entries.push((key.clone(), value.clone()));
    }
    Ok(())
}

/// A duration unit: its name in Flink's message and its labels.
struct Unit {
    name: &'static str,
    labels: &'static [&'static str],
    nanos: u128,
}

/// `TimeUtils.TimeUnit`, in Flink's order; `m` is a minute label from Flink 1.15.
fn units(line: Line) -> [Unit; 7] {
    let minutes: &'static [&'static str] = if from(line, 1, 15) {
        &["min", "m", "minute", "minutes"]
    } else {
        &["min", "minute", "minutes"]
    };
    [
        Unit {
            name: "DAYS",
            labels: &["d", "day", "days"],
            nanos: 86_400_000_000_000,
        },
        Unit {
            name: "HOURS",
            labels: &["h", "hour", "hours"],
            nanos: 3_600_000_000_000,
        },
        Unit {
            name: "MINUTES",
            labels: minutes,
            nanos: 60_000_000_000,
        },
        Unit {
            name: "SECONDS",
            labels: &["s", "sec", "secs", "second", "seconds"],
            nanos: 1_000_000_000,
        },
        Unit {
            name: "MILLISECONDS",
            labels: &["ms", "milli", "millis", "millisecond", "milliseconds"],
            nanos: 1_000_000,
        },
        Unit {
            name: "MICROSECONDS",
            labels: &["µs", "micro", "micros", "microsecond", "microseconds"],
            nanos: 1_000,
        },
        Unit {
            name: "NANOSECONDS",
            labels: &["ns", "nano", "nanos", "nanosecond", "nanoseconds"],
            nanos: 1,
        },
    ]
}

/// The length in nanoseconds of the duration `text` as the newest Flink line reads it (`None`
/// where it does not read): to tell two spellings of one duration apart from two durations.
pub fn duration_nanos(text: &str) -> Option<i128> {
    let newest = Line::all().last()?;
    duration(text, newest).ok()?;
    let (trimmed, number, label) = number_and_label(text);
    if number.is_empty() {
        return iso_8601(trimmed);
    }
    let nanos = if label.is_empty() {
        1_000_000
    } else {
        units(newest)
            .iter()
            .find(|u| u.labels.contains(&label.as_str()))?
            .nanos
    };
    number
        .parse::<i128>()
        .ok()?
        .checked_mul(i128::try_from(nanos).ok()?)
}

/// A duration's text trimmed as Java trims, its leading digits and its unit label (trimmed,
/// lower case).
fn number_and_label(text: &str) -> (&str, &str, String) {
    let trimmed = java::trim(text);
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, rest) = trimmed.split_at(split);
    (trimmed, number, java::trim(rest).to_lowercase())
}

/// `TimeUtils.parseDuration`.
fn duration(text: &str, line: Line) -> Result<(), String> {
    let (trimmed, number, label) = number_and_label(text);
    if trimmed.is_empty() {
        return Err("argument is an empty- or whitespace-only string".to_owned());
    }
    if number.is_empty() {
        if from(line, 2, 1) {
            return match iso_8601(trimmed) {
                Some(nanos) if nanos < 0 => Err("negative duration is not supported".to_owned()),
                Some(_) => Ok(()),
                None => Err(format!(
                    "text does not start with a number, and is not a valid ISO-8601 duration format: {trimmed}"
                )),
            };
        }
        return Err("text does not start with a number".to_owned());
    }
    let units = units(line);
    let nanos = if label.is_empty() {
        Some(1_000_000)
    } else {
        units
            .iter()
            .find(|u| u.labels.contains(&label.as_str()))
            .map(|u| u.nanos)
    };
    let big_numbers = from(line, 2, 0);
    if !big_numbers && number.parse::<i64>().is_err() {
        return Err(format!(
            "The value '{number}' cannot be re represented as 64bit number (numeric overflow)."
        ));
    }
    let Some(nanos) = nanos else {
        let all: Vec<String> = units
            .iter()
            .map(|u| format!("{}: ({})", u.name, u.labels.join(" | ")))
            .collect();
        return Err(format!(
            "Time interval unit label '{label}' does not match any of the recognized units: {}",
            all.join(", ")
        ));
    };
    // Up to 2.0: `Duration.of(long, unit)`, which overflows past 2^63 - 1 seconds for whole
    // minutes, hours and days. From 2.0: the exact number of nanoseconds, whose seconds must
    // fit a long.
    let seconds = number
        .parse::<u128>()
        .ok()
        .and_then(|n| n.checked_mul(nanos))
        .map(|n| n / 1_000_000_000);
    let fits = seconds.is_some_and(|s| s <= i64::MAX as u128);
    match (fits, big_numbers) {
        (true, _) => Ok(()),
        (false, true) => Err(format!(
            "The value '{number}' cannot be represented as Duration (numeric overflow). Caused by: BigInteger out of long range"
        )),
        (false, false) => Err("long overflow".to_owned()),
    }
}

/// The nanoseconds of `text` as `java.time.Duration.parse` reads it (`None` where it throws):
/// `[-+]P[nD][T[nH][nM][n[.f]S]]`, letters in any case, each number signed and within a long,
/// at least one part, `T` only with a time part.
fn iso_8601(text: &str) -> Option<i128> {
    let upper = text.to_ascii_uppercase();
    let negative = upper.starts_with('-');
    let body = upper.strip_prefix(['-', '+']).unwrap_or(&upper);
    let body = body.strip_prefix('P')?;
    let (date, time) = match body.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (body, None),
    };
    let number = |digits: &str| -> Option<i128> {
        let unsigned = digits.strip_prefix(['-', '+']).unwrap_or(digits);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i64>().ok().map(i128::from)
    };
    let mut nanos: i128 = 0;
    let mut parts = 0;
    if !date.is_empty() {
        nanos += number(date.strip_suffix('D')?)? * 86_400_000_000_000;
        parts += 1;
    }
    if let Some(mut time) = time {
        let mut time_parts = 0;
        for (unit, scale) in [('H', 3_600_000_000_000), ('M', 60_000_000_000)] {
            if let Some(at) = time.find(unit) {
                nanos += number(&time[..at])? * scale;
                time = &time[at + 1..];
                time_parts += 1;
            }
        }
        if let Some(seconds) = time.strip_suffix('S') {
            let (whole, fraction) = match seconds.split_once(['.', ',']) {
                Some((whole, fraction)) => (whole, fraction),
                None => (seconds, ""),
            };
            if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let whole_nanos = number(whole)? * 1_000_000_000;
            let fraction_nanos = format!("{fraction:0<9}").parse::<i128>().ok()?;
            nanos += if whole.starts_with('-') {
                whole_nanos - fraction_nanos
            } else {
                whole_nanos + fraction_nanos
            };
            time_parts += 1;
        } else if !time.is_empty() {
            return None;
        }
        if time_parts == 0 {
            return None;
        }
        parts += time_parts;
    }
    (parts > 0).then_some(if negative { -nanos } else { nanos })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;

    fn line(name: &str) -> Line {
        let (major, minor) = name.split_once('.').expect("major.minor");
        Line::of(major.parse().unwrap(), minor.parse().unwrap()).expect("covered")
    }

    fn refused(key: &str, value: &str, at: &str) -> Option<String> {
        let facts = catalogue::option(key, line(at)).expect("an option of the line");
        refusal(facts, value, line(at))
    }

    #[test]
    fn numbers_booleans_and_enums_read_as_flink_reads_them() {
        assert_eq!(
            refused("taskmanager.numberOfTaskSlots", "x", "1.18").as_deref(),
            Some(
                "Could not parse value 'x' for key 'taskmanager.numberOfTaskSlots'. Caused by: For input string: \"x\""
            )
        );
        assert!(refused("taskmanager.numberOfTaskSlots", " 4", "1.18").is_some());
        assert_eq!(refused("taskmanager.numberOfTaskSlots", "+4", "1.18"), None);
        assert_eq!(
            refused("taskmanager.memory.managed.fraction", "", "1.18").as_deref(),
            Some(
                "Could not parse value '' for key 'taskmanager.memory.managed.fraction'. Caused by: empty String"
            )
        );
        assert_eq!(
            refused("taskmanager.memory.managed.fraction", " 0.5 ", "1.18"),
            None
        );
        assert_eq!(refused("state.backend.incremental", "TRUE", "1.18"), None);
        assert_eq!(
            refused("state.backend.incremental", "yes", "1.18").as_deref(),
            Some(
                "Could not parse value 'yes' for key 'state.backend.incremental'. Caused by: Unrecognized option for boolean: yes. Expected either true or false(case insensitive)"
            )
        );
        assert_eq!(refused("execution.runtime-mode", "batch", "1.18"), None);
        assert_eq!(
            refused("execution.runtime-mode", "BATCHY", "2.3").as_deref(),
            Some(
                "Could not parse value 'BATCHY' for key 'execution.runtime-mode'. Caused by: Could not parse value for enum class org.apache.flink.api.common.RuntimeExecutionMode. Expected one of: [[STREAMING, BATCH, AUTOMATIC]]"
            )
        );
        // Strings read whatever they hold; digits of other scripts are left to Flink.
        assert_eq!(refused("rest.address", "anything: at all", "1.18"), None);
        assert_eq!(refused("taskmanager.numberOfTaskSlots", "٣", "1.18"), None);
    }

    #[test]
    fn durations_follow_the_line() {
        let units_1_14 = "DAYS: (d | day | days), HOURS: (h | hour | hours), MINUTES: (min | minute | minutes), SECONDS: (s | sec | secs | second | seconds), MILLISECONDS: (ms | milli | millis | millisecond | milliseconds), MICROSECONDS: (µs | micro | micros | microsecond | microseconds), NANOSECONDS: (ns | nano | nanos | nanosecond | nanoseconds)";
        assert_eq!(
            refused("akka.ask.timeout", "10 m", "1.14"),
            Some(format!(
                "Could not parse value '10 m' for key 'akka.ask.timeout'. Caused by: Time interval unit label 'm' does not match any of the recognized units: {units_1_14}"
            ))
        );
        assert_eq!(refused("akka.ask.timeout", "10 m", "1.15"), None);
        let key = "execution.checkpointing.interval";
        assert_eq!(refused(key, "10 sec", "1.18"), None);
        assert_eq!(refused(key, "10", "1.18"), None);
        assert_eq!(
            refused(key, "abc", "1.20").as_deref(),
            Some(
                "Could not parse value 'abc' for key 'execution.checkpointing.interval'. Caused by: text does not start with a number"
            )
        );
        assert!(refused(key, "PT10S", "2.0").is_some());
        assert_eq!(refused(key, "PT10S", "2.1"), None);
        assert_eq!(refused(key, "p1dt2h3m4.5s", "2.3"), None);
        assert_eq!(
            refused(key, "-5 s", "2.3").as_deref(),
            Some(
                "Could not parse value '-5 s' for key 'execution.checkpointing.interval'. Caused by: text does not start with a number, and is not a valid ISO-8601 duration format: -5 s"
            )
        );
        assert_eq!(
            refused(key, "99999999999999999999", "1.20").as_deref(),
            Some(
                "Could not parse value '99999999999999999999' for key 'execution.checkpointing.interval'. Caused by: The value '99999999999999999999' cannot be re represented as 64bit number (numeric overflow)."
            )
        );
        assert_eq!(refused(key, "99999999999999999999", "2.0"), None);
        assert_eq!(
            refused(key, "9999999999999999 d", "1.20").as_deref(),
            Some(
                "Could not parse value '9999999999999999 d' for key 'execution.checkpointing.interval'. Caused by: long overflow"
            )
        );
        assert!(refused(key, "9999999999999999 d", "2.0").is_some_and(|m| {
            m.ends_with("(numeric overflow). Caused by: BigInteger out of long range")
        }));
    }

    #[test]
    fn iso_8601_as_java_reads_it() {
        assert_eq!(iso_8601("PT10S"), Some(10_000_000_000));
        assert_eq!(iso_8601("-PT1.5S"), Some(-1_500_000_000));
        assert_eq!(iso_8601("PT-1.5S"), Some(-1_500_000_000));
        assert_eq!(iso_8601("PT1H-30M"), Some(1_800_000_000_000));
        for good in ["P1D", "pt1h2m", "P2DT3H", "PT0,5S", "+P1D"] {
            assert!(iso_8601(good).is_some_and(|n| n > 0), "{good}");
        }
        for bad in [
            "P",
            "PT",
            "P1DT",
            "1D",
            "PT1.S5",
            "PT1.1234567890S",
            "P1H",
            "PTS",
            "P1M",
        ] {
            assert_eq!(iso_8601(bad), None, "{bad}");
        }
        assert_eq!(
            refused("execution.checkpointing.interval", "-PT1S", "2.1").as_deref(),
            Some(
                "Could not parse value '-PT1S' for key 'execution.checkpointing.interval'. Caused by: negative duration is not supported"
            )
        );
    }

    #[test]
    fn maps_and_lists() {
        let key = "pipeline.global-job-parameters";
        assert_eq!(refused(key, "a:b, c : d", "1.18"), None);
        assert_eq!(refused(key, "", "1.18"), None);
        assert_eq!(
            refused(key, "a:b,c", "1.16").as_deref(),
            Some(
                "Could not parse value 'a:b,c' for key 'pipeline.global-job-parameters'. Caused by: Could not parse pair in the map [c]"
            )
        );
        assert_eq!(
            refused(key, "a:b:c", "1.17").as_deref(),
            Some(
                "Could not parse value 'a:b:c' for key 'pipeline.global-job-parameters'. Caused by: Map item is not a key-value pair (missing ':'?)"
            )
        );
        assert!(refused(key, "a:b,a:c", "2.3").is_some_and(|m| {
            m.ends_with("Caused by: Duplicate key a (attempted merging values b and c)")
        }));
        assert_eq!(
            refused("pipeline.jars", "a;'b", "1.18").as_deref(),
            Some(
                "Could not parse value 'a;'b' for key 'pipeline.jars'. Caused by: Could not split string. Quoting was not closed properly."
            )
        );
    }
}
