//! YAML at the edges of the pipeline: the only module that knows the YAML crates.
//!
//! Input is read with the event parser that serde-saphyr is built on (re-exported by it), into a
//! small positioned tree ([`Node`]) so that every value keeps its line and column and every
//! document its byte range. Scalars are resolved the way Kubernetes' own YAML decoder resolves
//! them ([`scalar`]), not the way a YAML 1.2 library would. Output goes through serde-saphyr's
//! serializer ([`emit`]), whose quoting keeps YAML 1.1 readers (kubectl) safe; a node the
//! orchestrator wrote goes back out as it wrote it ([`untouched`], kustomize's and kpt's items).

pub mod emit;
pub mod load;
pub mod node;
pub mod scalar;
pub mod split;
pub mod untouched;

pub use emit::{EmitError, to_yaml, write_yaml};
pub use load::{
    DocumentsOf, ItemsOf, Limits, LoadError, Piece, documents_of, items_of, load_stream,
};
pub use node::{Document, Node, Scalar, ScalarStyle, Tag, Value};
pub use split::{DocumentSpan, count_line_breaks, load_span, split_stream};
