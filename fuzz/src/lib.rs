//! What the fuzz targets check, kept apart from libFuzzer so that each target is one call.
//!
//! Every harness takes arbitrary bytes and must not panic, whatever they are. Where an input is
//! accepted, the harness also checks what must then hold: the output is the same bytes twice and
//! passes `flink_render::lint`. A broken invariant is a panic, which libFuzzer reports as a crash
//! with the input that caused it.
#![forbid(unsafe_code)]

use flink_render::options::{Options, PodSecurityLevel};
use flink_render::yaml::Limits;
use flink_render::{Source, emit, lint};

/// `render` on one input: parse, default, validate, render, order, emit. Odd-length inputs are
/// rendered with `--harden --pod-security restricted`, so hardening is fuzzed too.
pub fn render(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = if data.len() % 2 == 1 {
        Options {
            harden: Some(true),
            pod_security: Some(PodSecurityLevel::Restricted),
            ..Options::default()
        }
    } else {
        Options::default()
    };
    let sources = [Source {
        origin: "fuzz.yaml",
        text,
    }];
    let Ok(rendered) = flink_render::render_sources(&sources, &options, Limits::default()) else {
        return;
    };
    let findings = lint::lint(&rendered.objects);
    assert!(findings.is_empty(), "lint findings: {findings:#?}");
    let first = emit::yaml_stream(&rendered.objects).expect("rendered objects serialize");
    let again = flink_render::render_sources(&sources, &options, Limits::default())
        .expect("an accepted input is accepted again");
    let second = emit::yaml_stream(&again.objects).expect("rendered objects serialize");
    assert_eq!(first, second, "rendering is deterministic");
    emit::json_list(&rendered.objects).expect("rendered objects serialize as JSON");
}

/// The YAML loader alone, within its limits.
pub fn yaml_load(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = flink_render::yaml::load_stream(text, Limits::default());
    }
}
