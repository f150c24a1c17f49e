//! Every Flink configuration file the suite renders, loaded by Flink's own loader
//! (`GlobalConfiguration.loadConfiguration`, `tests/java/flink-config`) and compared key by key with
//! what was meant.
//!
//! The configurations: every fixture of the render, HA, barrier, memory and native suites, the
//! Flink oracle's specs, the shipped examples, and for each file format a cluster whose
//! `flinkProperties` hold every kind of value that YAML or Flink's line reader could take for
//! something else. Each file is loaded by every covered Flink version that reads its format
//! (`flink-conf.yaml`: the 1.x versions, `config.yaml`: 2.x).
//!
//! What was meant: the entries flink-render writes, except where validation warned that
//! `flink-conf.yaml` cannot carry a value (surrounding whitespace, an empty value), where
//! Flink must read what the warning said. And flink-render's model of the loader
//! (`flink_conf::read`) must give exactly what Flink gave.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use flink_render::flink_conf::{self, Format};
use flink_render::object::Object;
use flink_render::options::Target;
use flink_render::{Options, input, yaml};
use support::flink;

/// A value of every kind that could be read as something else.
const TRICKY: &[&str] = &[
    "*",
    "a: b",
    "@x",
    "null",
    "~",
    "",
    "True",
    "'q'",
    "\"dq\"",
    "[a, b]",
    "{a: 1}",
    "abc #def",
    "010",
    "0x10",
    "0o20",
    "+3",
    "1e3",
    ".inf",
    "!tag",
    "- x",
    "? x",
    "&anchor x",
    "|",
    ">",
    "%x",
    "`x",
    ",",
    "-",
    "-1",
    "1.5",
    ".5",
    "yes",
    "NO",
    "2001-12-14",
    "  padded ",
    "tab\there",
    "é ü ✓",
    "it's",
    "1639m",
    "s3://bucket/path?x=1&y=2",
    "a;b",
    "x:",
    ":x",
    "${VAR}",
    "$internal",
    "\\back\\slash",
    "trailing ",
    " leading",
];

fn torture_cluster(version: &str) -> String {
    let format = Format::of(version);
    let mut props = String::new();
    for (i, value) in TRICKY.iter().enumerate() {
        if format == Format::FlinkConfYaml && value.contains('#') {
            // Refused for flink-conf.yaml (tests of validation cover that).
            continue;
        }
        let quoted = serde_json::to_string(value).unwrap_or_default();
        props.push_str(&format!("    test.value-{i:02}: {quoted}\n"));
    }
    for key in [
        "a:b",
        "$internal.key",
        "with/slash",
        "UPPER_case",
        "2.5",
        "true",
        "[x]",
    ] {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        props.push_str(&format!("    {quoted}: key\n"));
    }
    format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: tricky\n  namespace: loader\nspec:\n  flinkVersion: \"{version}\"\n  image:\n    name: flink:{version}\n  jobManager:\n    resources:\n      limits: {{cpu: \"1\", memory: 2Gi}}\n  taskManager:\n    resources:\n      limits: {{cpu: \"1\", memory: 2Gi}}\n  flinkProperties:\n{props}"
    )
}

/// One configuration file to load: where it came from, its name and text, and the entries
/// meant (`None` for native configurations, where the model alone is the reference).
struct Config {
    origin: String,
    file_name: String,
    text: String,
    meant: Option<BTreeMap<String, String>>,
}

fn meant_entries(text: &str) -> Option<BTreeMap<String, String>> {
    let items = input::parse_stream(text, yaml::Limits::default()).ok()?;
    let Some(input::Item::Cluster(parsed)) = items.into_iter().next() else {
        return None;
    };
    let cluster = parsed.cluster;
    let settings = Options::default()
        .settings_for(
            cluster.metadata.annotations.as_ref(),
            cluster.metadata.uid.as_deref(),
            cluster.metadata.namespace.as_deref(),
        )
        .ok()?;
    let model = flink_render::model::build(flink_render::defaults::apply(cluster), settings);
    let written = model.reads().written.clone();
    let format = Format::of(&model.spec().flink_version);
    // Where validation warned (surrounding whitespace, empty values), Flink reads the
    // warning's value: the line reader's.
    let meant = written
        .into_iter()
        .filter_map(|(key, value)| {
            let warned = flink_conf::check::value_problem(&key, &value, format).is_some();
            if !warned {
                return Some((key, value));
            }
            flink_conf::legacy::read_line(&format!("{key}: {value}"))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        })
        .collect();
    Some(meant)
}

fn configs_of(origin: &str, text: &str, options: &Options, meant: bool) -> Vec<Config> {
    let objects =
        support::render_text(origin, text, options).unwrap_or_else(|e| panic!("{origin}: {e}"));
    let meant = if meant { meant_entries(text) } else { None };
    objects
        .iter()
        .filter_map(|object| match object {
            Object::ConfigMap(map) => map.data.as_ref(),
            _ => None,
        })
        .flat_map(|data| {
            ["flink-conf.yaml", "config.yaml"]
                .into_iter()
                .filter_map(|name| data.get(name).map(|text| (name, text.clone())))
        })
        .map(|(name, text)| Config {
            origin: origin.to_owned(),
            file_name: name.to_owned(),
            text,
            meant: meant.clone(),
        })
        .collect()
}

fn every_configuration() -> Vec<Config> {
    let mut configs = Vec::new();
    let operator = Options::default();
    let native = Options {
        target: Some(Target::Native),
        ..Options::default()
    };
    let mut paths = Vec::new();
    for suite in ["render", "ha", "barrier", "memory"] {
        paths.extend(support::fixtures(suite));
    }
    for example in ["examples/job-cluster.yaml", "examples/session-cluster.yaml"] {
        paths.push(support::repo().join(example));
    }
    let oracle = support::repo().join("fixtures/flink-oracle");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&oracle)
        .expect("fixtures/flink-oracle")
        .filter_map(|e| e.ok().map(|e| e.path().join("spec.yaml")))
        .filter(|p| p.exists())
        .collect();
    specs.sort();
    for path in paths.iter().chain(&specs) {
        let text = support::read(path);
        let origin = path
            .strip_prefix(support::repo())
            .unwrap_or(path)
            .display()
            .to_string();
        // A spec flink-render refuses (the memory oracle's refusals) has no file to load.
        if flink_render::render_sources(
            &[flink_render::Source {
                origin: &origin,
                text: &text,
            }],
            &operator,
            yaml::Limits::default(),
        )
        .is_ok()
        {
            configs.extend(configs_of(&origin, &text, &operator, true));
        }
    }
    for path in support::fixtures("native") {
        let origin = path
            .strip_prefix(support::repo())
            .unwrap_or(&path)
            .display()
            .to_string();
        configs.extend(configs_of(&origin, &support::read(&path), &native, false));
    }
    for version in ["1.20", "2.3"] {
        let text = torture_cluster(version);
        configs.extend(configs_of(
            &format!("tricky values, Flink {version}"),
            &text,
            &operator,
            true,
        ));
    }
    configs
}

/// Parses `LoadConfigurations` output: per directory, the entries or the failure.
/// Flink 2 prints a list-valued entry as a YAML flow sequence (`['local:///a.jar']`), the
/// model as Java's `toString` of the list (`[local:///a.jar]`): such entries are compared as
/// lists, by reading Flink's text back as YAML.
fn as_java_text(
    flink: &BTreeMap<String, String>,
    model: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    flink
        .iter()
        .map(|(key, value)| {
            let list = value.starts_with('[') && model.get(key).is_some_and(|m| m != value);
            let read = list
                .then(|| flink_conf::read(&format!("v: {value}\n"), Format::ConfigYaml).ok())
                .flatten()
                .and_then(|l| l.entries.get("v").cloned());
            (key.clone(), read.unwrap_or_else(|| value.clone()))
        })
        .collect()
}

/// The keys whose values differ between two configurations, with both values.
fn differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> String {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| format!("\n    {k}: {:?} / {:?}", a.get(k), b.get(k)))
        .collect()
}

/// What Flink loaded from one directory: the entries, or why it could not.
type LoadResult = Result<BTreeMap<String, String>, String>;

fn parse_loaded(output: &str) -> BTreeMap<String, LoadResult> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, LoadResult)> = None;
    let unescape = |s: &str| {
        s.replace("\\t", "\t")
            .replace("\\n", "\n")
            .replace("\\r", "\r")
            .replace("\\\\", "\\")
    };
    for line in output.lines() {
        if let Some(dir) = line.strip_prefix("== ") {
            out.extend(current.take());
            current = Some((dir.to_owned(), Ok(BTreeMap::new())));
        } else if let Some((_, state)) = current.as_mut() {
            if line == "OK" {
                continue;
            }
            if let Some(fail) = line.strip_prefix("FAIL ") {
                *state = Err(fail.to_owned());
            } else if let Ok(entries) = state
                && let Some((k, v)) = line.split_once('\t')
            {
                entries.insert(unescape(k), unescape(v));
            }
        }
    }
    out.extend(current);
    out
}

#[test]
fn flink_loads_every_rendered_configuration_as_meant() {
    let configs = every_configuration();
    assert!(configs.len() > 50, "{} configurations", configs.len());
    let dir = support::flink_memory::scratch("loader");
    let mut files: BTreeMap<&str, Vec<(PathBuf, &Config)>> = BTreeMap::new();
    for (i, config) in configs.iter().enumerate() {
        let case = dir.join(format!("c{i:04}"));
        std::fs::create_dir_all(&case).expect("case directory");
        std::fs::write(case.join(&config.file_name), &config.text).expect("write");
        files
            .entry(config.file_name.as_str())
            .or_default()
            .push((case, config));
    }
    let mut problems = Vec::new();
    let mut figures = Vec::new();
    for version in flink::versions() {
        let file_name = Format::of(&version).file_name();
        let Some(cases) = files.get(file_name) else {
            continue;
        };
        let cp = flink::harness("flink-config", &version);
        let input: String = cases
            .iter()
            .map(|(d, _)| format!("{}\n", d.display()))
            .collect();
        let output = flink::run_java(
            &cp,
            &["-Dlog4j2.level=OFF"],
            "LoadConfigurations",
            &[],
            input.as_bytes(),
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let loaded = parse_loaded(&String::from_utf8_lossy(&output.stdout));
        let mut keys = 0;
        for (case, config) in cases {
            let flink = loaded
                .get(&case.display().to_string())
                .unwrap_or_else(|| panic!("no answer for {}", case.display()));
            let model = flink_conf::read(&config.text, Format::of(&version))
                .map(|l| l.entries)
                .map_err(|e| e.message);
            let where_ = format!("{} ({}) on Flink {version}", config.origin, case.display());
            match (flink, &model) {
                (Ok(flink), Ok(model)) => {
                    let flink = &as_java_text(flink, model);
                    keys += flink.len();
                    if flink != model {
                        problems.push(format!(
                            "{where_}: the loader model differs (Flink / model):{}",
                            differences(flink, model)
                        ));
                    }
                    if let Some(meant) = &config.meant
                        && flink != meant
                    {
                        problems.push(format!(
                            "{where_}: Flink did not read what was meant (Flink / meant):{}",
                            differences(flink, meant)
                        ));
                    }
                }
                (flink, model) => {
                    problems.push(format!("{where_}: Flink {flink:?}, model {model:?}"))
                }
            }
        }
        figures.push(format!(
            "Flink {version}: {} {file_name} files, {keys} keys",
            cases.len()
        ));
    }
    eprintln!("{}", figures.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The decision of docs/deviations.md: in Flink 2's `config.yaml` a flow list or map of
/// `flinkProperties` is written as the string it is, and Flink's list- and map-typed options
/// still read it as the collection; so do their `;`/`,` forms, the only ones `flink-conf.yaml`
/// (Flink 1.x) has.
#[test]
fn collection_options_read_their_collections_from_the_strings_written() {
    let dir = support::flink_memory::scratch("typed");
    for version in flink::versions() {
        let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
        let mut forms = vec![("a.jar;b.jar", "x:1,y:two")];
        if Format::of(&version) == Format::ConfigYaml {
            forms.push(("[a.jar, b.jar]", "{x: 1, y: two}"));
        }
        let mut dirs = Vec::new();
        for (i, (list, map)) in forms.iter().enumerate() {
            let text = format!(
                "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: typed\n  namespace: flink\nspec:\n  flinkVersion: \"{minor}\"\n  image:\n    name: flink:{version}\n  flinkProperties:\n    pipeline.jars: \"{list}\"\n    pipeline.global-job-parameters: \"{map}\"\n"
            );
            let objects = support::render_text("typed.yaml", &text, &Options::default())
                .unwrap_or_else(|e| panic!("{e}"));
            let (name, file) = support::config_file_of(&objects);
            let case = dir.join(format!("{version}-{i}"));
            std::fs::create_dir_all(&case).expect("case directory");
            std::fs::write(case.join(name), file).expect("write");
            dirs.push(case);
        }
        let input: String = dirs.iter().map(|d| format!("{}\n", d.display())).collect();
        let cp = flink::harness("flink-config", &version);
        let output = flink::run_java(
            &cp,
            &["-Dlog4j2.level=OFF"],
            "TypedOptions",
            &[],
            input.as_bytes(),
        );
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let lists = stdout
            .lines()
            .filter(|l| *l == "LIST [a.jar, b.jar]")
            .count();
        let maps = stdout.lines().filter(|l| *l == "MAP {x=1, y=two}").count();
        assert_eq!(
            (lists, maps),
            (forms.len(), forms.len()),
            "Flink {version}:\n{stdout}"
        );
    }
}
