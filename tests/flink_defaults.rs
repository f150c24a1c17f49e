//! What the image's `conf/` gave Flink, kept: the JVM options of each covered version's own
//! default configuration (read by that version's loader from its `conf/`) are the ones
//! flink-render renders for it (`flink_conf::defaults`), and the rendered ConfigMap carries
//! them unless `spec.flinkProperties` sets the key.

mod support;

use flink_render::Options;
use flink_render::flink_conf::defaults::{JAVA_OPTS_ALL, java_options};
use support::flink;

/// `env.java.opts.all` (or the older `env.java.opts`) as Flink `version` reads its default
/// `conf/`.
fn default_java_options(version: &str) -> Option<String> {
    let cp = flink::harness("flink-config", version);
    let conf = flink::home(version).join("conf");
    let output = flink::run_java(
        &cp,
        &["-Dlog4j2.level=OFF"],
        "LoadConfigurations",
        &[],
        format!("{}\n", conf.display()).as_bytes(),
    );
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        stdout.lines().any(|l| l == "OK"),
        "Flink {version} cannot load its conf/: {stdout}"
    );
    stdout.lines().find_map(|line| {
        let (key, value) = line.split_once('\t')?;
        (key == JAVA_OPTS_ALL || key == "env.java.opts").then(|| value.to_owned())
    })
}

#[test]
fn the_java_options_are_those_of_each_versions_default_configuration() {
    for version in flink::versions() {
        assert_eq!(
            java_options(&version),
            default_java_options(&version),
            "Flink {version}"
        );
    }
}

#[test]
fn the_rendered_configuration_keeps_them_unless_the_user_sets_the_key() {
    for version in flink::versions() {
        let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
        let cluster = |props: &str| {
            format!(
                "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: c\n  namespace: flink\nspec:\n  flinkVersion: \"{minor}\"\n  image:\n    name: flink:{version}\n  flinkProperties: {{{props}}}\n"
            )
        };
        let read = |text: &str| {
            let objects = support::render_text("c.yaml", text, &Options::default())
                .unwrap_or_else(|e| panic!("{e}"));
            let (name, file) = support::config_file_of(&objects);
            let format = if name == "config.yaml" {
                flink_render::flink_conf::Format::ConfigYaml
            } else {
                flink_render::flink_conf::Format::FlinkConfYaml
            };
            flink_render::flink_conf::read(&file, format)
                .expect("loads")
                .entries
        };
        let defaults = read(&cluster("a: b"));
        assert_eq!(
            defaults.get(JAVA_OPTS_ALL).cloned(),
            java_options(&version),
            "Flink {version}"
        );
        let own = read(&cluster("env.java.opts.all: \"-Dmine=1\""));
        assert_eq!(own.get(JAVA_OPTS_ALL).map(String::as_str), Some("-Dmine=1"));
        let legacy = read(&cluster("env.java.opts: \"-Dmine=1\""));
        assert_eq!(
            legacy.get(JAVA_OPTS_ALL),
            None,
            "Flink {version}: the user's env.java.opts"
        );
    }
}
