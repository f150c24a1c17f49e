//! File systems Flink serves only through plugins, and how the Flink image enables them.
//!
//! Flink reads `s3://`, `gs://`, `oss://`, `abfs://`, `wasb://`, ... only through a plugin under
//! `plugins/<name>/`; without one a path of that scheme fails when it is first used ("Could not
//! find a file system implementation for scheme ..."). Which schemes need which plugins is a
//! fact of each Flink line ([`crate::catalogue::file_system`], read from Flink's own
//! `FileSystem`). The official image ships the plugins' jars in `opt/` and links the ones named
//! in the environment variable [`ENABLE_BUILT_IN_PLUGINS`] (`;`-separated jar file names) into
//! `plugins/` when a JobManager or TaskManager starts (its `docker-entrypoint.sh`); a volume
//! mounted under [`PLUGINS_DIR`] brings plugins too.

use crate::catalogue::{self, FileSystemFacts, Line};

/// The image's environment variable naming the jars of `opt/` to enable as plugins.
pub const ENABLE_BUILT_IN_PLUGINS: &str = "ENABLE_BUILT_IN_PLUGINS";

/// Where Flink loads plugins from in the image.
pub const PLUGINS_DIR: &str = "/opt/flink/plugins";

/// The plugins that serve the scheme of `uri` in `line`, when its scheme needs one.
pub fn needed_for(uri: &str, line: Line) -> Option<&'static FileSystemFacts> {
    let (scheme, _) = uri.trim().split_once("://")?;
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid
        .then(|| catalogue::file_system(&scheme.to_ascii_lowercase(), line))
        .flatten()
}

/// The jar of `plugin` in the image's `opt/` for Flink `release` (`flink-s3-fs-presto-1.18.1.jar`).
/// Flink names the Azure plugin `flink-fs-azure-hadoop` in its message; the jar it ships is
/// `flink-azure-fs-hadoop-<release>.jar`.
pub fn jar(plugin: &str, release: &str) -> String {
    let module = match plugin {
        "flink-fs-azure-hadoop" => "flink-azure-fs-hadoop",
        other => other,
    };
    format!("{module}-{release}.jar")
}

/// Whether the value of [`ENABLE_BUILT_IN_PLUGINS`] enables `plugin` (a jar of it, of any
/// release).
pub fn enables(value: &str, plugin: &str) -> bool {
    let module = jar(plugin, "");
    let prefix = module.trim_end_matches(".jar");
    value.split(';').map(str::trim).any(|name| {
        name.strip_prefix(prefix)
            .is_some_and(|release| release.ends_with(".jar") && release.len() > ".jar".len())
    })
}

/// Whether a volume mounted at `mount_path` brings plugins (it is the plugins directory or a
/// directory in it).
pub fn mounts_plugins(mount_path: &str) -> bool {
    let path = mount_path.trim_end_matches('/');
    path == PLUGINS_DIR
        || path
            .strip_prefix(PLUGINS_DIR)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The Flink release of an image whose tag names one of `line` (`flink:1.18.1-scala_2.12` →
/// `1.18.1`); `None` when the tag names no full release of that line.
pub fn image_release(image: &str, line: Line) -> Option<String> {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    let (_, tag) = last.split_once(':')?;
    let release: String = tag
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<&str> = release.split('.').collect();
    let full = parts.len() == 3 && parts.iter().all(|p| !p.is_empty());
    (full && release.starts_with(&format!("{}.", line.name()))).then_some(release)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(name: &str) -> Line {
        crate::flink_conf::keys::line(name).expect("covered")
    }

    #[test]
    fn schemes_that_need_plugins() {
        let l = at("1.18");
        assert_eq!(
            needed_for("s3://bucket/checkpoints", l).map(|f| f.plugins),
            Some(&["flink-s3-fs-hadoop", "flink-s3-fs-presto"][..])
        );
        assert!(needed_for("S3A://bucket/x", l).is_some());
        assert!(needed_for(" gs://b ", l).is_some());
        assert!(needed_for("abfss://c@a.dfs.core.windows.net/x", l).is_some());
        for local in [
            "file:///tmp/x",
            "/tmp/x",
            "hdfs://nn/x",
            "",
            "s3:/x",
            "://x",
        ] {
            assert_eq!(needed_for(local, l), None, "{local}");
        }
        assert_eq!(needed_for("gs://b", at("1.14")), None);
    }

    #[test]
    fn jars_and_what_enables_them() {
        assert_eq!(
            jar("flink-s3-fs-presto", "1.18.1"),
            "flink-s3-fs-presto-1.18.1.jar"
        );
        assert_eq!(
            jar("flink-fs-azure-hadoop", "2.3.0"),
            "flink-azure-fs-hadoop-2.3.0.jar"
        );
        assert!(enables(
            "flink-metrics-prometheus-1.18.1.jar; flink-s3-fs-presto-1.18.1.jar",
            "flink-s3-fs-presto"
        ));
        assert!(enables(
            "flink-azure-fs-hadoop-1.18.1.jar",
            "flink-fs-azure-hadoop"
        ));
        assert!(!enables(
            "flink-s3-fs-hadoop-1.18.1.jar",
            "flink-s3-fs-presto"
        ));
        assert!(!enables("flink-s3-fs-presto", "flink-s3-fs-presto"));
        assert!(mounts_plugins("/opt/flink/plugins/s3-fs-presto"));
        assert!(mounts_plugins("/opt/flink/plugins/"));
        assert!(!mounts_plugins("/opt/flink/plugins-extra"));
        assert!(!mounts_plugins("/opt/flink/lib"));
    }

    #[test]
    fn releases_from_image_tags() {
        let l = at("1.18");
        assert_eq!(
            image_release("flink:1.18.1-scala_2.12-java11", l).as_deref(),
            Some("1.18.1")
        );
        assert_eq!(
            image_release("registry.example.com:5000/apache/flink:1.18.0", l).as_deref(),
            Some("1.18.0")
        );
        assert_eq!(image_release("flink:1.18", l), None);
        assert_eq!(image_release("flink:1.17.2", l), None);
        assert_eq!(image_release("flink", l), None);
        assert_eq!(image_release("example.com/job:1.0.0", l), None);
    }
}
