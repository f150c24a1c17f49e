//! Flink's own `Configuration` reads values for typed options as `flink_conf::values` says:
//! for each covered Flink version, options of every type its catalogue line declares (every
//! enum option, a few of each other type) get a battery of values, and `tests/java/flink-options`
//! reads each with `Configuration.get`; the value must read where flink-render says it reads,
//! and fail with exactly the message flink-render reports where it says Flink refuses it.
//! One JVM per version, every case in it.

mod support;

use flink_render::catalogue::{self, Kind, Line, OptionFacts};
use flink_render::flink_conf::values;
use support::flink;

/// Values every option type is tried with (the enum's own constants are added per option).
const VALUES: &[&str] = &[
    "x",
    "",
    " ",
    "1",
    " 1",
    "+1",
    "-1",
    "0",
    "1.5",
    " 1.5 ",
    "1e3",
    "1e40",
    "0x10",
    "NaN",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "true",
    "TRUE",
    " true",
    "yes",
    "10 s",
    "10s",
    "10 S",
    "10 m",
    "10 min",
    "1.5min",
    "10 µs",
    "10 x",
    "-5 s",
    "PT10S",
    "pt1m30s",
    "P1D",
    "-PT1S",
    "PT1H-30M",
    "PT-1.5S",
    "P",
    "9999999999999999 d",
    "9999999999999999999 ms",
    "1 KB",
    "1.5g",
    "2 GB",
    "-1m",
    "10 m b",
    "a:b",
    "a:b,c",
    "a:b:c",
    "a:b,a:c",
    "a:,b:c",
    "'a:b",
    "'a':'b',c:d",
    "a;b",
    "a;'b",
    "'a'b;c",
    "1;x",
    "1; 2",
    ";",
    "a:b;c",
    "[1, 2]",
    "{a: b}",
];

/// The catalogue's spelling of a type (`list:int`, `enum:<class>:A|B`), as the harness reads it.
fn type_name(facts: &OptionFacts) -> Option<String> {
    let element = match facts.kind {
        Kind::Enum { class, values } => format!("enum:{class}:{}", values.join("|")),
        Kind::Class(_) => return None,
        other => other.simple_name()?.to_owned(),
    };
    Some(if facts.list {
        format!("list:{element}")
    } else {
        element
    })
}

/// The options of `line` to try: every enum option whose class the distribution's `lib/` has
/// (the harness runs on `lib/` alone), and the first three options of each other type.
fn options_to_try(line: Line) -> Vec<&'static OptionFacts> {
    let mut picked: Vec<&'static OptionFacts> = Vec::new();
    let mut per_type: std::collections::BTreeMap<String, usize> = Default::default();
    for facts in catalogue::options(line) {
        let Some(name) = type_name(facts) else {
            continue;
        };
        if facts.key.contains('<') || name == "string" {
            continue;
        }
        let bucket = if name.contains("enum:") {
            facts.key.to_owned()
        } else {
            name
        };
        let count = per_type.entry(bucket).or_default();
        if *count < 3 {
            *count += 1;
            picked.push(facts);
        }
    }
    picked
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

#[test]
fn flink_reads_and_refuses_values_as_flink_render_says() {
    let mut failures = Vec::new();
    for version in flink::versions() {
        let (major, minor) = {
            let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
            (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
        };
        let line = Line::of(major, minor).expect("a covered line");
        let mut cases: Vec<(&'static OptionFacts, String)> = Vec::new();
        for facts in options_to_try(line) {
            let mut values: Vec<String> = VALUES.iter().map(|v| (*v).to_owned()).collect();
            if let Kind::Enum {
                values: constants, ..
            } = facts.kind
            {
                for constant in constants {
                    values.push(constant.to_lowercase());
                    values.push(format!("{constant};{constant}"));
                    values.push(format!(" {constant}"));
                }
            }
            cases.extend(values.into_iter().map(|v| (facts, v)));
        }
        let input: String = cases
            .iter()
            .map(|(facts, value)| {
                format!(
                    "{}\t{}\t{}\n",
                    facts.key,
                    type_name(facts).unwrap_or_default(),
                    escape(value)
                )
            })
            .collect();
        let cp = flink::harness("flink-options", &version);
        let output = flink::run_java(
            &cp,
            &["-Dlog4j2.level=OFF"],
            "ParseValues",
            &[],
            input.as_bytes(),
        );
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let answers: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            answers.len(),
            cases.len(),
            "Flink {version}: one answer per case\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut differences = Vec::new();
        let mut refused = 0;
        let mut unloadable = 0;
        for ((facts, value), answer) in cases.iter().zip(&answers) {
            if *answer == "NOCLASS" {
                // An enum of a jar outside lib/ (a connector's, a reporter's).
                unloadable += 1;
                continue;
            }
            let ours = values::refusal(facts, value, line)
                .map_or_else(|| "OK".to_owned(), |m| format!("FAIL {}", escape(&m)));
            if ours.starts_with("FAIL") {
                refused += 1;
            }
            if ours != *answer {
                differences.push(format!(
                    "{} ({}) = {value:?}:\n  Flink:        {answer}\n  flink-render: {ours}",
                    facts.key,
                    type_name(facts).unwrap_or_default()
                ));
            }
        }
        println!(
            "Flink {version}: {} values of {} options, {refused} refused, {unloadable} of options outside lib/ not tried, {} differences",
            cases.len(),
            options_to_try(line).len(),
            differences.len()
        );
        assert!(
            unloadable * 4 < cases.len(),
            "Flink {version}: most enums must load"
        );
        if !differences.is_empty() {
            failures.push(format!(
                "Flink {version}: {} of {} values read differently:\n{}",
                differences.len(),
                cases.len(),
                differences.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
