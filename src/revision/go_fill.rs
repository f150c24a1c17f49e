//! Re-encodes an embedded Kubernetes object the way Go's `encoding/json` writes the typed value.
//!
//! k8s-openapi serializes an object with every unset field left out. The operator instead
//! decodes the stored object into the Go structs of `k8s.io/api` and encodes those again, which
//! writes some fields even when nobody set them: fields without `omitempty` (with their zero
//! value: `""`, `0`, `false`, or `null` for a nil pointer, slice or map), non-pointer structs
//! (`omitempty` never drops a struct, so it appears as `{}` plus whatever *its* fields force),
//! a zero `resource.Quantity` (`"0"`) and a zero `intstr.IntOrString` (`0`). It also drops what
//! `omitempty` drops (`""`, `0`, `false`, empty lists and maps) and every field the Go struct
//! does not have. [`encode`] applies exactly those rules, driven by the table in
//! [`super::go_fields`].

use serde::Serialize;
use serde_json::{Map, Value};

use super::go_fields::Ty;

/// The shape of a Go type, as far as its JSON encoding is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Go {
    /// A string (or a named string type such as `corev1.PullPolicy`); zero value `""`.
    Str,
    /// Any integer type; zero value `0`.
    Int,
    /// `bool`; zero value `false`.
    Bool,
    /// `resource.Quantity`: a struct whose `MarshalJSON` writes the canonical string, `"0"` when
    /// zero. Never dropped by `omitempty`.
    Quantity,
    /// `intstr.IntOrString`: a struct whose `MarshalJSON` writes a number or a string, `0` when
    /// zero. Never dropped by `omitempty`.
    IntOrString,
    /// `metav1.Time`: a struct whose `MarshalJSON` writes `null` when zero and an RFC 3339 UTC
    /// timestamp otherwise; `omitzero` drops it when zero.
    Time,
    /// `metav1.FieldsV1`: raw JSON written as is.
    Raw,
    /// A struct type; never dropped by `omitempty`.
    Struct(Ty),
    /// A struct of the operator's own types, given by its fields in declaration order (only
    /// used to write such a struct in Go's field order, see [`super::gojson::marshal_typed`]).
    Fields(&'static [Field]),
    /// A pointer; nil is `null`, or dropped with `omitempty`.
    Ptr(&'static Go),
    /// A slice; nil is `null`, empty is `[]`, and both are dropped with `omitempty`.
    Slice(&'static Go),
    /// A map with string keys; nil is `null`, empty is `{}`, and both are dropped with
    /// `omitempty`.
    Map(&'static Go),
}

/// What a field's tag says about leaving it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Omit {
    /// Neither `omitempty` nor `omitzero`: always written.
    Never,
    /// `omitempty`.
    Empty,
    /// `omitempty,omitzero` (only `ObjectMeta.creationTimestamp` in the types reached).
    EmptyOrZero,
}

/// One exported field of a Go struct.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    /// JSON name.
    pub(crate) name: &'static str,
    /// What the tag says about leaving the field out.
    pub(crate) omit: Omit,
    /// The field's Go type.
    pub(crate) go: Go,
}

/// How `metav1.Time` reads the zero time back (it is written as `null` and omitted by
/// `omitzero`).
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// The Go encoding of `value`, a k8s-openapi object whose Go type is `ty`.
pub(crate) fn encode<T: Serialize>(value: &T, ty: Ty) -> Value {
    // Serializing a k8s-openapi object cannot fail (all map keys are strings); should it ever,
    // the zero value of the Go struct is the closest stand-in.
    let json = serde_json::to_value(value).unwrap_or(Value::Null);
    encode_struct(json, ty)
}

/// The Go encoding of a struct of type `ty` whose k8s-openapi serialization is `value` (an
/// object; anything else counts as the zero struct).
fn encode_struct(value: Value, ty: Ty) -> Value {
    encode_fields(value, ty.fields())
}

/// The Go encoding of a struct with `fields` (see [`encode_struct`]).
fn encode_fields(value: Value, fields: &[Field]) -> Value {
    let mut given = match value {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut out = Map::new();
    for field in fields {
        let present = given.remove(field.name).filter(|v| !v.is_null());
        if let Some(v) = encode_field(present, field) {
            out.insert(field.name.to_owned(), v);
        }
    }
    // Whatever is left in `given` is unknown to the Go struct and dropped.
    Value::Object(out)
}

/// The encoding of one field (`None`: the field is left out).
fn encode_field(present: Option<Value>, field: &Field) -> Option<Value> {
    match field.go {
        Go::Struct(ty) => Some(encode_struct(
            present.unwrap_or_else(|| Value::Object(Map::new())),
            ty,
        )),
        Go::Fields(fields) => Some(encode_fields(
            present.unwrap_or_else(|| Value::Object(Map::new())),
            fields,
        )),
        Go::Quantity => Some(match present {
            Some(Value::String(s)) if s.is_empty() => Value::from("0"),
            Some(v) => v,
            None => Value::from("0"),
        }),
        Go::IntOrString => Some(present.unwrap_or_else(|| Value::from(0))),
        Go::Time => match present.filter(|v| !is_zero_time(v)) {
            Some(v) => Some(v),
            None if field.omit == Omit::EmptyOrZero => None,
            None => Some(Value::Null),
        },
        Go::Raw => Some(present.unwrap_or(Value::Null)),
        go => match present {
            None if field.omit == Omit::Never => Some(zero(go)),
            None => None,
            Some(v) if field.omit != Omit::Never && is_empty(go, &v) => None,
            Some(v) => Some(encode_present(v, go)),
        },
    }
}

/// The Go zero value of a scalar, pointer, slice or map.
fn zero(go: Go) -> Value {
    match go {
        Go::Str => Value::from(""),
        Go::Int => Value::from(0),
        Go::Bool => Value::Bool(false),
        _ => Value::Null,
    }
}

/// Whether `omitempty` drops this (non-null) value of a scalar, pointer, slice or map.
fn is_empty(go: Go, v: &Value) -> bool {
    match go {
        Go::Str => v.as_str().is_some_and(str::is_empty),
        Go::Int => v.as_f64().is_some_and(|n| n == 0.0),
        Go::Bool => v.as_bool() == Some(false),
        Go::Slice(_) => v.as_array().is_some_and(Vec::is_empty),
        Go::Map(_) => v.as_object().is_some_and(Map::is_empty),
        // A non-nil pointer is never empty, whatever it points to.
        _ => false,
    }
}

/// Whether `v` is the zero `metav1.Time`.
fn is_zero_time(v: &Value) -> bool {
    v.as_str() == Some(ZERO_TIME)
}

/// The encoding of a value that is there (a pointer's target, a slice element, a map value).
fn encode_present(v: Value, go: Go) -> Value {
    match go {
        Go::Struct(ty) => encode_struct(v, ty),
        Go::Fields(fields) => encode_fields(v, fields),
        Go::Ptr(_) if v.is_null() => v,
        Go::Ptr(inner) => encode_present(v, *inner),
        Go::Slice(inner) => match v {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| encode_present(item, *inner))
                    .collect(),
            ),
            other => other,
        },
        Go::Map(inner) => match v {
            Value::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, item)| (k, encode_present(item, *inner)))
                    .collect(),
            ),
            other => other,
        },
        Go::Time if is_zero_time(&v) => Value::Null,
        _ => v,
    }
}
