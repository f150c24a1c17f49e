//! The bad-input catalogue: every file of `tests/bad-inputs/` is a FlinkCluster input that must
//! be refused. Its header comment says how, one `# expect: <message> @ <line>:<column>` line per
//! error (`@ -` when the error has no position). Each case runs the built binary with
//! `--output-dir` into a fresh directory and must exit 2, print nothing on stdout, create no
//! file, and report exactly the expected errors at the expected places.
//!
//! Inputs too large to commit (an alias bomb, 10,000 levels of nesting, 50 MB) are generated
//! here. Their cost in time and memory is measured by scripts/bench-limits and recorded in
//! docs/reliability.md; this test asserts the refusal and its message only.

mod support;

use std::path::Path;

use support::*;

/// One expected error: the message line and where it points.
#[derive(Debug)]
struct Expected {
    message: String,
    /// `Some("12:15")`, or `None` for an error about the whole input.
    location: Option<String>,
}

fn expectations(bytes: &[u8]) -> Vec<Expected> {
    String::from_utf8_lossy(bytes)
        .lines()
        .take_while(|line| line.starts_with('#'))
        .filter_map(|line| line.strip_prefix("# expect: "))
        .map(|rest| {
            let (message, at) = rest.rsplit_once(" @ ").unwrap_or((rest, "-"));
            Expected {
                message: message.to_owned(),
                location: (at != "-").then(|| at.to_owned()),
            }
        })
        .collect()
}

/// The `error:` lines of a report, each with the `-->` line that follows it.
fn reported_errors(stderr: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let message = line.strip_prefix("error: ")?;
            let at = lines.get(i + 1).map_or("", |l| l.trim());
            Some((message.to_owned(), at.to_owned()))
        })
        .collect()
}

/// Runs `render <file>` (or stdin when `file` is `-`) with `--output-dir` and checks the refusal.
fn assert_refused(dir: &Path, file: &str, stdin: &[u8], origin: &str, expected: &[Expected]) {
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("rendered");
    let target_text = target.to_string_lossy().into_owned();
    let output = cli_bytes(dir, &["render", file, "--output-dir", &target_text], stdin);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{file}: exit code\n{stderr}");
    assert!(output.stdout.is_empty(), "{file}: stdout is empty");
    let created: Vec<_> = std::fs::read_dir(out.path())
        .expect("temp dir readable")
        .collect();
    assert!(
        created.is_empty(),
        "{file}: files were created: {created:?}"
    );
    let reported = reported_errors(&stderr);
    let wanted: Vec<(String, String)> = expected
        .iter()
        .map(|e| {
            let at = match &e.location {
                Some(location) => format!("--> {origin}:{location}"),
                None => format!("--> {origin}"),
            };
            (e.message.clone(), at)
        })
        .collect();
    assert_eq!(reported, wanted, "{file}: errors\n{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "flink-render: {} error(s); nothing was rendered\n",
            expected.len()
        )),
        "{file}: summary\n{stderr}"
    );
}

#[test]
fn every_catalogued_bad_input_is_refused_with_its_message_and_position() {
    let dir = repo().join("tests/bad-inputs");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("catalogue")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.len() >= 50, "{} cases", files.len());
    for file in &files {
        let bytes = std::fs::read(dir.join(file)).expect("readable");
        let expected = expectations(&bytes);
        assert!(!expected.is_empty(), "{file} states what to expect");
        assert_refused(&dir, file, b"", file, &expected);
    }
}

fn expect(message: &str, location: Option<&str>) -> Vec<Expected> {
    vec![Expected {
        message: message.to_owned(),
        location: location.map(str::to_owned),
    }]
}

#[test]
fn empty_standard_input_is_refused() {
    assert_refused(
        &repo(),
        "-",
        b"",
        "<stdin>",
        &expect(
            "no FlinkCluster found (the input is empty or holds only empty documents)",
            None,
        ),
    );
}

/// Nine levels of ten aliases each: 10⁹ nodes once expanded, from 400 bytes.
fn alias_bomb() -> String {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        let items = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{items}]\n"));
        previous = name;
    }
    text
}

#[test]
fn an_alias_bomb_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bomb.yaml"), alias_bomb()).expect("written");
    assert_refused(
        dir.path(),
        "bomb.yaml",
        b"",
        "bomb.yaml",
        &expect(
            "the input expands through aliases to more than 2000000 YAML nodes (an alias bomb?); refusing to read it",
            Some("7:8"),
        ),
    );
}

/// A mapping of `keys` plain scalar entries: `2 * keys + 1` nodes, no alias.
fn plain_mapping(keys: usize) -> String {
    (0..keys).map(|i| format!("k{i}: {i}\n")).collect()
}

#[test]
fn a_large_stream_without_aliases_is_not_an_alias_bomb() {
    // Three documents of 800,001 nodes each: 2.4 million in the stream, within the limit per
    // document. Each is refused for what it is, not as an alias bomb.
    let dir = tempfile::tempdir().expect("temp dir");
    let document = plain_mapping(400_000);
    let stream = [document.as_str(); 3].join("---\n");
    std::fs::write(dir.path().join("big.yaml"), &stream).expect("written");
    let refusal = "this document is an object without a kind, not a FlinkCluster; `render` takes only FlinkClusters (use `flink-render post-render` to pass other objects through)";
    let expected: Vec<Expected> = ["1:1", "400002:1", "800003:1"]
        .iter()
        .flat_map(|at| expect(refusal, Some(at)))
        .collect();
    assert_refused(dir.path(), "big.yaml", b"", "big.yaml", &expected);
    // One document past the limit says what the limit is.
    std::fs::write(dir.path().join("one.yaml"), plain_mapping(1_000_001)).expect("written");
    assert_refused(
        dir.path(),
        "one.yaml",
        b"",
        "one.yaml",
        &expect(
            "this document has more than 2000000 YAML nodes (scalars, lists and mappings); flink-render reads at most that many per document",
            Some("1000000:10"),
        ),
    );
}

const NESTING: &str = "YAML nesting is deeper than 128 levels; refusing to read it";

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let block: String = (0..10_000).map(|_| "- ").collect::<String>() + "x\n";
    std::fs::write(dir.path().join("flow.yaml"), flow).expect("written");
    std::fs::write(dir.path().join("block.yaml"), block).expect("written");
    assert_refused(
        dir.path(),
        "flow.yaml",
        b"",
        "flow.yaml",
        &expect(NESTING, Some("1:129")),
    );
    assert_refused(
        dir.path(),
        "block.yaml",
        b"",
        "block.yaml",
        &expect(NESTING, Some("1:257")),
    );
}

/// A FlinkCluster padded with comment lines to `size` bytes.
fn padded_cluster(size: usize) -> Vec<u8> {
    let mut text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n".to_owned().into_bytes();
    let line = format!("#{}\n", "x".repeat(98));
    while text.len() + line.len() <= size {
        text.extend_from_slice(line.as_bytes());
    }
    text.resize(size, b'\n');
    text
}

#[test]
fn a_50_mb_input_is_refused_from_a_file_and_from_stdin() {
    let limit = flink_render::yaml::Limits::default().max_input_bytes;
    let message = format!(
        "input is more than {limit} bytes; flink-render reads at most {limit} bytes per input"
    );
    let big = padded_cluster(50 * 1024 * 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("big.yaml"), &big).expect("written");
    assert_refused(
        dir.path(),
        "big.yaml",
        b"",
        "big.yaml",
        &expect(&message, None),
    );
    assert_refused(dir.path(), "-", &big, "<stdin>", &expect(&message, None));
}

#[test]
fn an_input_just_under_the_limit_still_renders() {
    let limit = flink_render::yaml::Limits::default().max_input_bytes;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("large.yaml"), padded_cluster(limit)).expect("written");
    let output = cli_bytes(dir.path(), &["render", "large.yaml"], b"");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("name: demo-jobmanager"));
}

#[test]
fn every_bad_input_of_several_files_is_reported_in_one_run() {
    let dir = repo().join("tests/bad-inputs");
    let output = cli_bytes(
        &dir,
        &[
            "render",
            "09-replicas-string.yaml",
            "61-not-utf8.bin",
            "15-replicas-zero.yaml",
        ],
        b"",
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let origins: Vec<String> = reported_errors(&stderr)
        .into_iter()
        .map(|(_, at)| at)
        .collect();
    assert_eq!(
        origins,
        [
            "--> 09-replicas-string.yaml:13:15",
            "--> 61-not-utf8.bin:8:15",
            "--> 15-replicas-zero.yaml:13:15",
        ]
    );
}

#[test]
fn one_alias_repeated_into_thousands_of_wrong_items_is_reported_briefly() {
    // One anchored mapping with ten unknown fields, aliased 40,000 times as environment
    // variables: 440,000 problems if all were checked and reported.
    let fields: Vec<String> = (0..10).map(|i| format!("k{i}: {{a: b}}")).collect();
    let items = vec!["*e"; 40_000].join(", ");
    let input = format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  envFrom: [&e {{{}}}]\n  envVars: [{items}]\n",
        fields.join(", ")
    );
    let output = cli_bytes(&repo(), &["render", "-"], input.as_bytes());
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = reported_errors(&stderr);
    assert_eq!(errors.len(), 101, "the first 100 and a count of the rest");
    assert!(errors.contains(&(
        "spec.envVars[90]: the remaining 39910 item(s) of this list were not checked: the input already has 1000 problems".to_owned(),
        "--> <stdin>:9:16".to_owned()
    )), "{errors:#?}");
    assert_eq!(
        errors.last(),
        Some(&(
            "901 more problem(s) in this input are not shown: flink-render reports the first 100; fix these and run again".to_owned(),
            "--> <stdin>".to_owned()
        ))
    );
}

/// A FlinkCluster (Flink 1.18, namespace `flink`) with one flinkProperties value of `size`
/// bytes.
fn cluster_with_value(size: usize) -> String {
    cluster_of_version("1.18", &"x".repeat(size))
}

/// A FlinkCluster of `flink_version` (namespace `flink`) with the flinkProperties value
/// `value` of the key `big.value`.
fn cluster_of_version(flink_version: &str, value: &str) -> String {
    format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: big\n  namespace: flink\nspec:\n  flinkVersion: \"{flink_version}\"\n  image:\n    name: flink:{flink_version}\n  flinkProperties:\n    big.value: {value}\n"
    )
}

/// What the API server counts of the ConfigMap holding the Flink configuration: every key
/// and value of its data.
fn config_map_bytes(objects: &[flink_render::object::Object]) -> usize {
    objects
        .iter()
        .filter_map(|object| match object {
            flink_render::object::Object::ConfigMap(map)
                if map.data.as_ref().is_some_and(|d| {
                    d.keys()
                        .any(|k| k == "flink-conf.yaml" || k == "config.yaml")
                }) =>
            {
                map.data.as_ref()
            }
            _ => None,
        })
        .flat_map(|data| data.iter().map(|(k, v)| k.len() + v.len()))
        .sum()
}

#[test]
fn a_config_map_over_1_mib_is_refused_at_the_value_that_makes_it_too_large() {
    const LIMIT: usize = 1024 * 1024;
    // Flink 2 writes config.yaml, where the value `*xx…` (quoted in the input) is quoted (two
    // bytes more than the value): the count is the file's exact text, for both targets.
    let cases = [("1.18", "", ""), ("2.0", "'*", "'")];
    for (target, (version, open, close)) in [
        flink_render::options::Target::Operator,
        flink_render::options::Target::Native,
    ]
    .into_iter()
    .flat_map(|t| cases.map(|case| (t, case)))
    {
        let target = (target, version);
        let options = flink_render::Options {
            target: Some(target.0),
            ..flink_render::Options::default()
        };
        let render = |size: usize| {
            let value = format!("{open}{}{close}", "x".repeat(size));
            let text = cluster_of_version(version, &value);
            flink_render::render_sources(
                &[flink_render::Source {
                    origin: "big.yaml",
                    text: &text,
                }],
                &options,
                flink_render::yaml::Limits::default(),
            )
        };
        let small = render(1).expect("renders");
        // The largest value that still fits renders a ConfigMap of exactly 1 MiB.
        let fits = LIMIT - config_map_bytes(&small.objects) + 1;
        let at_limit = render(fits).unwrap_or_else(|r| panic!("{target:?}: {}", r[0]));
        assert_eq!(config_map_bytes(&at_limit.objects), LIMIT, "{target:?}");
        let reports = render(fits + 1).expect_err("one byte more is refused");
        let report = reports[0].to_string();
        assert!(
            report.starts_with("error: spec.flinkProperties[big.value]: the ConfigMap ")
                && report.contains(&format!(
                    "would hold {} bytes, more than the 1048576 bytes (1 MiB) Kubernetes stores in a ConfigMap",
                    LIMIT + 1
                ))
                && report.contains("\n  --> big.yaml:11:16\n"),
            "{target:?}: {report}"
        );
    }
    // On the command line, lint included: a 30 MB value is refused, not rendered.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("huge.yaml"), cluster_with_value(30_000_000)).expect("written");
    for command in ["render", "lint"] {
        let out = cli_bytes(dir.path(), &[command, "huge.yaml"], b"");
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(
            text(&out.stderr).contains(
                "error: spec.flinkProperties[big.value]: the ConfigMap big-configmap would hold"
            ),
            "{command}"
        );
    }
}
