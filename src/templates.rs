//! The text files flink-render ships: default log configurations and scripts (job submission,
//! barrier).
//!
//! They live in `templates/` as minijinja templates, compiled into the binary. Rendering uses
//! strict undefined variables, no auto-escaping (these are not HTML) and keeps the final
//! newline, so a template without variables renders to exactly its own bytes.

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior};

/// Template of the default `log4j-console.properties` (also `log4j-cli.properties`).
pub const LOG4J_CONSOLE: &str = "log4j-console.properties";
/// Template of the default `logback-console.xml`.
pub const LOGBACK_CONSOLE: &str = "logback-console.xml";
/// Template of the default `log4j-console.properties` of the native target (log4j 2 syntax).
pub const NATIVE_LOG4J_CONSOLE: &str = "native-log4j-console.properties";
/// Template of the default `log4j-console.properties` (also `log4j-cli.properties`) for Flink
/// 1.11 and later, which read log4j 2 syntax only: the same text as the native target's.
pub const LOG4J2_CONSOLE: &str = NATIVE_LOG4J_CONSOLE;
/// Template of the default `log4j-console.properties` of a FlinkDeployment without
/// `spec.logConfiguration`: the one the Apache operator's Helm chart ships (log4j 2 syntax).
pub const APACHE_LOG4J_CONSOLE: &str = "apache-log4j-console.properties";
/// Template of the job submission script.
pub const SUBMIT_JOB: &str = "submit-job.sh";
/// Template of the barrier init containers' script.
pub const BARRIER: &str = "barrier.sh";

const SOURCES: &[(&str, &str)] = &[
    (
        LOG4J_CONSOLE,
        include_str!("../templates/log4j-console.properties"),
    ),
    (
        LOGBACK_CONSOLE,
        include_str!("../templates/logback-console.xml"),
    ),
    (
        NATIVE_LOG4J_CONSOLE,
        include_str!("../templates/native-log4j-console.properties"),
    ),
    (
        APACHE_LOG4J_CONSOLE,
        include_str!("../templates/apache-log4j-console.properties"),
    ),
    (SUBMIT_JOB, include_str!("../templates/submit-job.sh")),
    (BARRIER, include_str!("../templates/barrier.sh")),
];

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    for (name, source) in SOURCES {
        // A template that does not compile is caught by this module's tests; at run time the
        // environment simply lacks it and `render` falls back to the source text.
        let _ = env.add_template(name, source);
    }
    env
});

/// Renders the shipped template `name` with `context`.
pub fn render(name: &str, context: minijinja::Value) -> Result<String, minijinja::Error> {
    ENVIRONMENT.get_template(name)?.render(context)
}

/// Whether `source` holds any template syntax at all (`{{`, `{%` or `{#`).
const fn has_template_syntax(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut at = 1;
    while at < bytes.len() {
        if bytes[at - 1] == b'{' && matches!(bytes[at], b'{' | b'%' | b'#') {
            return true;
        }
        at += 1;
    }
    false
}

/// For each of [`SOURCES`], whether it holds template syntax: worked out when compiling.
const HAS_SYNTAX: [bool; SOURCES.len()] = {
    let mut flags = [false; SOURCES.len()];
    let mut at = 0;
    while at < SOURCES.len() {
        flags[at] = has_template_syntax(SOURCES[at].1);
        at += 1;
    }
    flags
};

/// Renders a shipped template that takes no variables. A source without any template syntax
/// renders to itself (a test checks it), so it is returned as it is, without building the
/// template environment: one render in a short-lived process does not pay for compiling the
/// job submission script.
pub fn text(name: &str) -> String {
    let source = SOURCES.iter().position(|(n, _)| *n == name);
    if let Some(at) = source
        && HAS_SYNTAX.get(at) == Some(&false)
    {
        return SOURCES
            .get(at)
            .map(|(_, s)| *s)
            .unwrap_or_default()
            .to_owned();
    }
    render(name, minijinja::context! {}).unwrap_or_else(|_| {
        source
            .and_then(|at| SOURCES.get(at))
            .map(|(_, source)| (*source).to_owned())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_to_its_source_when_it_takes_no_variables() {
        for (name, source) in SOURCES {
            let rendered = render(name, minijinja::context! {}).expect("template renders");
            assert_eq!(&rendered, source, "{name}");
        }
    }

    #[test]
    fn texts_without_template_syntax_are_their_sources() {
        for (name, source) in SOURCES {
            if !has_template_syntax(source) {
                assert_eq!(text(name), *source, "{name}");
            }
        }
        assert!(has_template_syntax("a {{ b }}") && !has_template_syntax("${A} {x}"));
        assert!(
            has_template_syntax("{%") && has_template_syntax("x{#") && !has_template_syntax("{")
        );
        for ((_, source), flag) in SOURCES.iter().zip(HAS_SYNTAX) {
            assert_eq!(
                flag,
                ["{{", "{%", "{#"].iter().any(|open| source.contains(open))
            );
        }
    }

    #[test]
    fn default_log_configs_are_the_operators_bytes() {
        assert_eq!(text(LOG4J_CONSOLE).len(), 481);
        assert!(!text(LOG4J_CONSOLE).ends_with('\n'));
        assert_eq!(text(LOGBACK_CONSOLE).len(), 912);
        assert!(text(SUBMIT_JOB).starts_with("#!/usr/bin/env bash\n"));
        assert!(text(BARRIER).starts_with("#!/bin/sh\n"));
    }
}
