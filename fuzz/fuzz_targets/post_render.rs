//! Fuzz target: a manifest stream through `post-render` (the Helm post-renderer contract).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flink_render_fuzz::post_render(data));
