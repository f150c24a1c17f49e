//! Fuzz target: a KRM ResourceList through the function (kustomize, kpt).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flink_render_fuzz::krm(data));
