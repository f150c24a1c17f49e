//! Field paths such as `spec.taskManager.replicas` or `spec.jobManager.extraPorts[0].name`.
//!
//! A path names a place in a document the way Kubernetes' own error messages do: struct fields
//! are joined with `.`, sequence items and map keys are written in brackets
//! (`spec.flinkProperties[taskmanager.numberOfTaskSlots]`). Paths are built while walking input
//! and are later resolved to a line and column through [`crate::input::SourceMap`].

use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A field of an object (`.name`).
    Field(String),
    /// A key of a free-form map (`[key]`).
    Key(String),
    /// An item of a sequence (`[3]`).
    Index(usize),
}

/// A path from the document root to a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    /// The document root.
    pub fn root() -> FieldPath {
        FieldPath::default()
    }

    /// Parses a dotted path of plain field names, e.g. `spec.taskManager.replicas`.
    pub fn fields(dotted: &str) -> FieldPath {
        FieldPath {
            segments: dotted
                .split('.')
                .filter(|s| !s.is_empty())
                .map(|s| Segment::Field(s.to_owned()))
                .collect(),
        }
    }

    /// This path extended by a struct field.
    pub fn field(&self, name: impl Into<String>) -> FieldPath {
        self.with(Segment::Field(name.into()))
    }

    /// This path extended by a map key.
    pub fn key(&self, key: impl Into<String>) -> FieldPath {
        self.with(Segment::Key(key.into()))
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> FieldPath {
        self.with(Segment::Index(index))
    }

    fn with(&self, segment: Segment) -> FieldPath {
        let mut segments = Vec::with_capacity(self.segments.len() + 1);
        segments.extend(self.segments.iter().cloned());
        segments.push(segment);
        FieldPath { segments }
    }

    /// The steps of the path, root first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// The path without its last step (the root stays the root).
    pub fn parent(&self) -> FieldPath {
        let mut segments = self.segments.clone();
        segments.pop();
        FieldPath { segments }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Key(key) => write!(f, "[{key}]")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_kubernetes_field_paths() {
        let path = FieldPath::fields("spec.jobManager")
            .field("extraPorts")
            .index(0)
            .field("name");
        assert_eq!(path.to_string(), "spec.jobManager.extraPorts[0].name");
        let key = FieldPath::fields("spec.flinkProperties").key("taskmanager.numberOfTaskSlots");
        assert_eq!(
            key.to_string(),
            "spec.flinkProperties[taskmanager.numberOfTaskSlots]"
        );
        assert_eq!(FieldPath::root().to_string(), "");
        assert_eq!(key.parent().to_string(), "spec.flinkProperties");
    }
}
