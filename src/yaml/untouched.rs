//! An input item written back out as the orchestrator wrote it: same keys in the same order,
//! same values.
//!
//! kustomize and kpt hand items over as YAML written by kyaml and read the function's output
//! the same way, keeping comments and field order of the items they recognise (by their
//! `internal.config.kubernetes.io/id` annotation, which a pass-through item keeps). What a
//! function must get right is the values, so plain scalars are read as kyaml (go-yaml v3) reads
//! them — YAML 1.2 booleans only, so an unquoted `on` or `yes` stays the string it was — and
//! written with quoting that keeps them so. Anchors and aliases come out expanded and explicit
//! tags other than YAML's core ones are dropped (their values are kept as strings).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::yaml::scalar::{Resolved, resolve_plain};
use crate::yaml::{Node, Scalar, ScalarStyle, Tag, Value};

/// A YAML node serialized with its own keys, order and values.
#[derive(Clone, Copy, Debug)]
pub struct Untouched<'a>(pub &'a Node);

/// What a plain scalar is to go-yaml v3: YAML 1.1's other boolean spellings are strings there.
fn resolve(scalar: &Scalar) -> Resolved {
    let plain = match &scalar.tag {
        Some(Tag::Core(tag)) => tag != "str",
        Some(Tag::Other(_)) => false,
        None => scalar.style == ScalarStyle::Plain,
    };
    if !plain {
        return Resolved::Str;
    }
    match scalar.text.as_str() {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "n" | "N" | "no" | "No" | "NO"
        | "off" | "Off" | "OFF" => Resolved::Str,
        text => resolve_plain(text),
    }
}

impl Serialize for Untouched<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Value::Scalar(scalar) => match resolve(scalar) {
                Resolved::Null => serializer.serialize_unit(),
                Resolved::Bool(value) => serializer.serialize_bool(value),
                Resolved::Int(value) => serializer.serialize_i64(value),
                Resolved::UInt(value) => serializer.serialize_u64(value),
                Resolved::Float(value) => serializer.serialize_f64(value),
                Resolved::Str => serializer.serialize_str(&scalar.text),
            },
            Value::Sequence(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Untouched(item))?;
                }
                seq.end()
            }
            Value::Mapping(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    // Keys of Kubernetes objects are strings, whatever they look like.
                    match key.as_scalar() {
                        Some(text) => map.serialize_entry(&text.text, &Untouched(value))?,
                        None => map.serialize_entry(&Untouched(key), &Untouched(value))?,
                    }
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, load_stream, to_yaml};

    fn round_trip(text: &str) -> String {
        let (documents, _) = load_stream(text, Limits::default()).expect("valid");
        let root = documents[0].root.as_ref().expect("content");
        to_yaml(&Untouched(root)).expect("serializes")
    }

    #[test]
    fn keeps_key_order_and_values() {
        assert_eq!(
            round_trip("z: 1\na: [x, 2.5, true, ~]\nm: {k: v}\n"),
            "z: 1\na:\n- x\n- 2.5\n- true\n- null\nm:\n  k: v\n"
        );
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings_and_quoted_stay_quoted() {
        assert_eq!(
            round_trip("a: on\nb: \"5\"\nc: '1.10'\nd: !!str 7\ne: 0x1F\nf: |\n  line\n"),
            "a: \"on\"\nb: \"5\"\nc: \"1.10\"\nd: \"7\"\ne: 31\nf: |\n  line\n"
        );
    }

    #[test]
    fn anchors_are_expanded() {
        assert_eq!(
            round_trip("a: &x {k: v}\nb: *x\n"),
            "a:\n  k: v\nb:\n  k: v\n"
        );
    }
}
