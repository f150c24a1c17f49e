//! Fuzz target: the positioned YAML loader with its limits.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flink_render_fuzz::yaml_load(data));
