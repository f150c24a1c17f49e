//! What Flink's own default `conf/` gives a process that the rendered configuration must keep.
//!
//! The rendered ConfigMap is mounted over the image's `conf/`, so every setting of Flink's
//! default configuration file is gone. Most are meant for a laptop (`localhost` addresses,
//! sizes the operator sets anyway), but one is needed: from Flink 1.18 the default file sets
//! `env.java.opts.all` to the `--add-exports`/`--add-opens` options Flink needs on Java 17 and
//! later. Without them `flink run` (the job submitter) fails with
//! `InaccessibleObjectException` on Flink 1.20 and 2.x, and a job cluster never gets its job.
//!
//! The values here are those of each line's default configuration file (`conf/flink-conf.yaml`
//! up to 1.18, `conf/config.yaml` from 1.19), as shipped in the distributions the tests install;
//! `tests/flink_defaults.rs` checks them against every version a test run covers. They are rendered
//! unless `spec.flinkProperties` sets `env.java.opts.all` or its older name `env.java.opts`.

use crate::version::FlinkVersion;

/// The option the Java module options are set under.
pub const JAVA_OPTS_ALL: &str = "env.java.opts.all";
/// Its deprecated name, which Flink still reads when `env.java.opts.all` is unset.
pub const JAVA_OPTS_LEGACY: &str = "env.java.opts";

const ADD_EXPORTS: &[&str] = &[
    "java.rmi/sun.rmi.registry",
    "jdk.compiler/com.sun.tools.javac.api",
    "jdk.compiler/com.sun.tools.javac.file",
    "jdk.compiler/com.sun.tools.javac.parser",
    "jdk.compiler/com.sun.tools.javac.tree",
    "jdk.compiler/com.sun.tools.javac.util",
    "java.security.jgss/sun.security.krb5",
];

/// The packages Flink's Java 17 default options open to unnamed modules (`--add-opens`).
pub const ADD_OPENS: &[&str] = &[
    "java.base/java.lang",
    "java.base/java.net",
    "java.base/java.io",
    "java.base/java.nio",
    "java.base/sun.nio.ch",
    "java.base/java.lang.reflect",
    "java.base/java.text",
    "java.base/java.time",
    "java.base/java.util",
    "java.base/java.util.concurrent",
    "java.base/java.util.concurrent.atomic",
    "java.base/java.util.concurrent.locks",
];

/// `env.java.opts.all` of the default configuration of `flink_version`: `None` before Flink
/// 1.18 (whose default files set no JVM options) and for a version that does not parse. Flink
/// 1.18 – 2.0 also export `java.base/sun.net.util`; 2.1 and later do not.
pub fn java_options(flink_version: &str) -> Option<String> {
    let version = FlinkVersion::parse(flink_version).ok()?;
    if !version.at_least(1, 18) {
        return None;
    }
    let net_util = (!version.at_least(2, 1)).then_some("java.base/sun.net.util");
    let exports = net_util
        .into_iter()
        .chain(ADD_EXPORTS.iter().copied())
        .map(|m| format!("--add-exports={m}=ALL-UNNAMED"));
    let opens = ADD_OPENS
        .iter()
        .map(|m| format!("--add-opens={m}=ALL-UNNAMED"));
    Some(exports.chain(opens).collect::<Vec<_>>().join(" "))
}

/// The default settings to add to a configuration whose user settings are `user_keys`:
/// `(key, value)` pairs for the keys the user left to Flink's defaults.
pub fn settings<'a>(
    flink_version: &str,
    mut user_sets: impl FnMut(&str) -> bool,
) -> Vec<(&'a str, String)> {
    match java_options(flink_version) {
        Some(options) if !user_sets(JAVA_OPTS_ALL) && !user_sets(JAVA_OPTS_LEGACY) => {
            vec![(JAVA_OPTS_ALL, options)]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_options_per_line() {
        assert_eq!(java_options("1.17"), None);
        assert_eq!(java_options("x"), None);
        let old = java_options("1.18.1").unwrap_or_default();
        assert!(
            old.starts_with("--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED "),
            "{old}"
        );
        assert!(old.ends_with("--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"));
        assert_eq!(java_options("2.0"), Some(old.clone()));
        let new = java_options("2.3").unwrap_or_default();
        assert_eq!(
            new,
            old.replace("--add-exports=java.base/sun.net.util=ALL-UNNAMED ", "")
        );
    }

    #[test]
    fn the_user_wins() {
        assert_eq!(settings("1.20", |_| false).len(), 1);
        assert!(settings("1.20", |k| k == JAVA_OPTS_ALL).is_empty());
        assert!(settings("1.20", |k| k == JAVA_OPTS_LEGACY).is_empty());
        assert!(settings("1.11", |_| false).is_empty());
    }
}
