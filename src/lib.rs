//! flink-render: a `FlinkCluster` becomes the Kubernetes manifests the Flink operator would create.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod diagnostics;
pub mod input;
pub mod path;
pub mod revision;
pub mod spec;
pub mod yaml;
