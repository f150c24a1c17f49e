//! Fuzz target: a FlinkCluster input through the whole `render` pipeline.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flink_render_fuzz::render(data));
