//! flink-render: a `FlinkCluster` (`flinkoperator.k8s.io/v1beta1`) becomes the Kubernetes
//! manifests the Kubernetes Operator for Apache Flink would create for it, offline.
//!
//! The pipeline has one module per stage, each taking values and returning values:
//!
//! 1. [`input`] — parse: YAML text to typed [`spec::FlinkCluster`]s, with every structural
//!    problem reported at its line and column;
//! 2. [`defaults`] — the CRD's defaults, the operator's webhook defaults, canonical quantities;
//! 3. [`model`] — the effective model: everything derived once from the defaulted cluster and
//!    its [`options::Settings`] that validation and the targets need (the effective Flink
//!    configuration with the origin of every key, HA, names, labels, memory);
//! 4. [`validate`] — the operator's validation messages plus Kubernetes' and Flink's own rules;
//! 5. [`render`] — the objects (ConfigMap, StatefulSets, Services, Ingress, PDB, HPA, Jobs,
//!    PodGroup, ControllerRevision), built as `k8s-openapi` types ([`object::Object`]);
//! 6. [`order`] — Helm's install order;
//! 7. [`emit`] — YAML stream, JSON `List`, or one file per object.
//!
//! [`diff`] compares two renders the way the operator sees a spec change (revision, impact,
//! webhook refusals). [`memory`] is Flink's own memory model, which validation runs over the
//! effective Flink configuration; [`native`] renders the `--target native` objects (Flink's
//! native Kubernetes integration) in place of the operator's.
//! Beside the pipeline, [`lint`] checks rendered objects (the output, where [`validate`] checks
//! the input) and [`security`] holds the Pod Security Standards check and `--harden`.
//! [`reporting`] writes the diagnostics of a run for machines and review tools (JSON, SARIF,
//! GitHub annotations, GitLab code quality), each with its rule id
//! ([`diagnostics::Rule`]).
//!
//! [`pipeline::render`] runs 2–6 on one cluster and [`pipeline::render_sources`] runs everything
//! on YAML texts. Nothing here reads files, the clock or the environment.
//!
//! For the tools that run flink-render inside their own pipelines: [`post_render`] (Helm
//! post-renderer: a manifest stream with FlinkClusters replaced, other documents byte for byte)
//! and [`krm`] (kustomize and kpt KRM function, and the legacy kustomize exec plugin).
//!
//! ```
//! use flink_render::{render_sources, Options, Source};
//! use flink_render::yaml::Limits;
//!
//! let text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n";
//! let rendered = render_sources(&[Source { origin: "demo.yaml", text }], &Options::default(), Limits::default())
//!     .expect("valid");
//! let yaml = flink_render::emit::yaml_stream(&rendered.objects)?;
//! assert!(yaml.contains("name: demo-jobmanager"));
//! # Ok::<(), flink_render::yaml::EmitError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod apache_spec;
pub mod catalogue;
pub mod convert;
pub mod defaults;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod explain;
pub mod flink_conf;
pub mod ha;
pub mod input;
pub mod krm;
pub mod kubernetes;
pub mod lint;
pub mod lint_stream;
pub mod memory;
pub mod model;
pub mod native;
pub mod object;
pub mod operator_config;
pub mod options;
pub mod order;
pub mod path;
pub mod pipeline;
pub mod pods;
pub mod post_render;
pub mod quantity;
pub mod render;
pub mod reporting;
pub mod resources;
pub mod revision;
pub mod security;
pub mod spec;
pub mod structured_options;
pub mod templates;
pub mod validate;
pub mod version;
mod visit;
pub mod yaml;

pub use diagnostics::{Diagnostic, Diagnostics, Report};

/// The README's examples, compiled and run as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub use object::Object;
pub use options::Options;
pub use pipeline::{Rendered, RenderedSources, Source, render, render_sources};
