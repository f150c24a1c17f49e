//! Where a field path was written in the source document.
//!
//! Later stages (defaults, validation, rendering) report problems by field path only; this map
//! turns such a path into the line and column of the value in the YAML the user wrote. A path
//! to something the user did not write (a defaulted field) resolves to its nearest written
//! ancestor, which is where the user would add it. Map keys are matched as Kubernetes reads them
//! (the path `nodeSelector[true]` finds a key written `on`).

use crate::diagnostics::{Diagnostics, Location};
use crate::path::{FieldPath, Segment};
use crate::yaml::Node;

/// The positioned tree of one FlinkCluster document.
#[derive(Clone, Debug)]
pub struct SourceMap {
    root: Node,
}

impl SourceMap {
    /// A map over a document's root node.
    pub fn new(root: Node) -> SourceMap {
        SourceMap { root }
    }

    /// The position of the value at `path`, or of its nearest written ancestor.
    pub fn locate(&self, path: &FieldPath) -> Location {
        let mut node = &self.root;
        for segment in path.segments() {
            let next = match segment {
                Segment::Field(name) | Segment::Key(name) => node.get(name).or_else(|| {
                    // A key Kubernetes reads differently from its text (`on` is "true").
                    node.as_mapping()?
                        .iter()
                        .find(|(key, _)| {
                            key.as_scalar()
                                .is_some_and(|k| super::check::json_key(k).as_ref() == Ok(name))
                        })
                        .map(|(_, value)| value)
                }),
                Segment::Index(index) => node.item(*index),
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        node.location
    }

    /// Fills in the location of every diagnostic that has none.
    pub fn place(&self, diagnostics: &mut Diagnostics) {
        for diagnostic in diagnostics.iter_mut() {
            if diagnostic.location.is_none() {
                diagnostic.location = Some(self.locate(&diagnostic.path));
            }
        }
    }

    /// The root node.
    pub fn root(&self) -> &Node {
        &self.root
    }
}
