//! The recorded disagreements between flink-render and real Flink (fixtures/flink-oracle/,
//! one directory per case, README there): each is now an agreement.
//!
//! `d*` cases: the configuration file Flink was given and what Flink's `BashJavaUtils`
//! printed or threw (`flink.out`, the Flink release that ran); flink-render's model reads the
//! same file as that release's loader does and must give the same JVM arguments, dynamic
//! properties and refusals. These need no JVM, so every recorded release (1.10 to 2.3) is
//! checked in every run; tests/flink_memory.rs runs the live differential.
//!
//! `check2-*` cases: a `spec.flinkProperties` value that the old, unquoted `config.yaml`
//! changed or made unloadable: the model reproduces what Flink did with the old file, and the
//! file flink-render writes now carries the value exactly.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use flink_render::flink_conf::{self, Format};
use support::flink_memory::{self, Verdict};

fn cases(prefix: &str) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(support::repo().join("fixtures/flink-oracle"))
        .expect("fixtures/flink-oracle")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    dirs.sort();
    dirs
}

fn header(dir: &Path, field: &str) -> String {
    support::read(&dir.join("flink.out"))
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field} ")).map(str::to_owned))
        .unwrap_or_else(|| panic!("{}: no {field} line", dir.display()))
}

fn config_file(dir: &Path) -> (String, String) {
    for name in ["config.yaml", "flink-conf.yaml"] {
        if dir.join(name).exists() {
            return (name.to_owned(), support::read(&dir.join(name)));
        }
    }
    panic!("{}: no configuration file", dir.display())
}

#[test]
fn every_recorded_memory_disagreement_now_agrees() {
    let dirs = cases("d");
    assert_eq!(dirs.len(), 22, "the recorded d* cases");
    let mut differences = Vec::new();
    for dir in &dirs {
        let version = header(dir, "version");
        let (name, text) = config_file(dir);
        let flink = flink_memory::parse(&support::read(&dir.join("flink.out")))
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .expect("one case");
        let model = flink_memory::model_verdicts_of_file(&text, &name, &version, &BTreeMap::new());
        for (process, f, m) in [
            ("TaskManager", &flink.task_manager, &model.task_manager),
            ("JobManager", &flink.job_manager, &model.job_manager),
        ] {
            // The Flink 1.10 runs were recorded with the JVM parameters only (d01d: nothing but
            // the fact that it started): what was recorded must match.
            let agrees = match (f, m) {
                (Verdict::Started(recorded), Verdict::Started(lines))
                    if version.starts_with("1.10.") =>
                {
                    lines.starts_with(recorded)
                }
                (f, m) => flink_memory::agree(f, m),
            };
            if !agrees {
                differences.push(format!(
                    "{} Flink {version} {process}:\n  Flink:        {f:?}\n  flink-render: {m:?}",
                    dir.display()
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn the_old_unquoted_config_yaml_is_read_as_flink_read_it_and_the_new_one_exactly() {
    let dirs = cases("check2");
    assert_eq!(dirs.len(), 17, "the recorded check2 cases");
    let mut refused = Vec::new();
    for dir in &dirs {
        let result = header(dir, "result");
        let (_, old) = config_file(dir);
        let loaded = flink_conf::read(&old, Format::ConfigYaml);
        assert_eq!(
            loaded.is_err(),
            result == "file not loadable",
            "{}: {loaded:?}",
            dir.display()
        );
        // The spec, rendered now: the property reaches Flink as written. A value only YAML's
        // typing made readable for its option (`0x10` for an integer) is refused now, with
        // Flink's message (docs/deviations.md#yaml-typed-values): its file is the model's.
        let spec_text = support::read(&dir.join("spec.yaml"));
        let text = match support::render_text("spec.yaml", &spec_text, &Default::default()) {
            Ok(objects) => support::config_file_of(&objects).1,
            Err(refusal) => {
                assert!(
                    refusal.contains("error: spec.flinkProperties[")
                        && refusal.contains("Could not parse value '"),
                    "{}: {refusal}",
                    dir.display()
                );
                refused.push(
                    dir.file_name()
                        .expect("a name")
                        .to_string_lossy()
                        .into_owned(),
                );
                model_config_file(&spec_text)
            }
        };
        let read = flink_conf::read(&text, Format::ConfigYaml).expect("loadable");
        let spec: serde_json::Value = flink_properties_of(&dir.join("spec.yaml"));
        for (key, value) in spec.as_object().into_iter().flatten() {
            assert_eq!(
                read.entries.get(key).map(String::as_str),
                value.as_str(),
                "{}: {key}\n{text}",
                dir.display()
            );
        }
    }
    assert_eq!(refused, ["check2-2.0-34-hex-int"]);
}

/// The text of the configuration file the model of the FlinkCluster `text` writes, whatever
/// validation says of it.
fn model_config_file(text: &str) -> String {
    let items = flink_render::input::parse_stream(text, flink_render::yaml::Limits::default())
        .expect("a FlinkCluster");
    let cluster = items
        .into_iter()
        .find_map(|item| match item {
            flink_render::input::Item::Cluster(parsed) => Some(parsed.cluster),
            _ => None,
        })
        .expect("a FlinkCluster");
    let settings = flink_render::Options::default()
        .settings_for(cluster.metadata.annotations.as_ref(), None, None)
        .expect("settings");
    let model = flink_render::model::build(flink_render::defaults::apply(cluster), settings);
    model.config_file().1
}

/// `spec.flinkProperties` of a fixture, read the way the renderer reads the input.
fn flink_properties_of(path: &Path) -> serde_json::Value {
    let text = support::read(path);
    let items = flink_render::input::parse_stream(&text, flink_render::yaml::Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match items.into_iter().next() {
        Some(flink_render::input::Item::Cluster(parsed)) => {
            serde_json::to_value(parsed.cluster.spec.flink_properties.unwrap_or_default())
                .expect("json")
        }
        _ => panic!("{}: one cluster", path.display()),
    }
}
