//! The positioned YAML tree: values with the line, column and byte offset they came from.

use crate::diagnostics::Location;

/// A YAML node and where it starts in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The content.
    pub value: Value,
    /// Line and column of the first character of the node.
    pub location: Location,
    /// Byte offset of the first character of the node.
    pub offset: usize,
}

/// The content of a node.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar, unresolved: its text, style and tag decide its type later.
    Scalar(Scalar),
    /// A sequence.
    Sequence(Vec<Node>),
    /// A mapping, in source order (keys are nodes: YAML allows any key).
    Mapping(Vec<(Node, Node)>),
}

/// A scalar as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The text after escape processing.
    pub text: String,
    /// How it was written.
    pub style: ScalarStyle,
    /// An explicit tag, if any.
    pub tag: Option<Tag>,
}

/// How a scalar was written; only plain scalars are subject to type resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

/// An explicit tag on a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    /// A YAML core schema tag such as `!!str` (the suffix: `str`, `int`, ...).
    Core(String),
    /// Any other tag, as written.
    Other(String),
}

/// One document of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Position of the document in the stream, from 0.
    pub index: usize,
    /// The root node; `None` for an empty document.
    pub root: Option<Node>,
    /// Where the document's content starts (line and column).
    pub location: Location,
}

impl Node {
    /// Moves this node and everything in it `lines` lines and `bytes` bytes further into the
    /// source: for a document read on its own out of a larger stream.
    pub fn shift_positions(&mut self, lines: usize, bytes: usize) {
        self.location.line += lines;
        self.offset += bytes;
        match &mut self.value {
            Value::Scalar(_) => {}
            Value::Sequence(items) => {
                for item in items {
                    item.shift_positions(lines, bytes);
                }
            }
            Value::Mapping(entries) => {
                for (key, value) in entries {
                    key.shift_positions(lines, bytes);
                    value.shift_positions(lines, bytes);
                }
            }
        }
    }

    /// The scalar, if this node is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this node is a mapping.
    pub fn as_mapping(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of the mapping entry whose key is the plain text `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(_, v)| v)
    }

    /// The key node of the mapping entry `key` (where a field name is written).
    pub fn get_key(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(k, _)| k)
    }

    /// The `index`-th item, if this node is a sequence.
    pub fn item(&self, index: usize) -> Option<&Node> {
        match &self.value {
            Value::Sequence(items) => items.get(index),
            _ => None,
        }
    }

    /// Whether the node is YAML null (a plain `null`, `~`, empty, or `!!null`).
    pub fn is_null(&self) -> bool {
        match &self.value {
            Value::Scalar(s) => s.is_null(),
            _ => false,
        }
    }

    /// Text of a scalar that reads as a string (quoted, or plain and not a bool/number/null).
    pub fn as_str(&self) -> Option<&str> {
        let scalar = self.as_scalar()?;
        scalar.is_string().then_some(scalar.text.as_str())
    }
}

impl Scalar {
    /// Whether the scalar resolves to null.
    pub fn is_null(&self) -> bool {
        match &self.tag {
            Some(Tag::Core(t)) => t == "null",
            Some(Tag::Other(_)) => false,
            None => {
                self.style == ScalarStyle::Plain
                    && matches!(
                        super::scalar::resolve_plain(&self.text),
                        super::scalar::Resolved::Null
                    )
            }
        }
    }

    /// Whether the scalar resolves to a string.
    pub fn is_string(&self) -> bool {
        match &self.tag {
            Some(Tag::Core(t)) => t == "str",
            Some(Tag::Other(_)) => false,
            None => {
                self.style != ScalarStyle::Plain
                    || matches!(
                        super::scalar::resolve_plain(&self.text),
                        super::scalar::Resolved::Str
                    )
            }
        }
    }
}
