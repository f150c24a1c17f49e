//! Go's `json.Marshal` of a generic value (`map[string]interface{}` and friends), byte for byte.
//!
//! What the operator hashes is the output of `json.Marshal` on a value it had just decoded into
//! `interface{}`, so:
//!
//! - object keys come out sorted byte-wise, with no whitespace anywhere;
//! - every number went through `float64`: it prints in the shortest form that reads back to the
//!   same `float64`, positionally (`3`, `0.5`, `1152921504606847000`), and in exponent form
//!   (`1e+21`, `1e-7`) when its magnitude is below 1e-6 or at least 1e21;
//! - strings escape `"` and `\` with a backslash, `\n` `\r` `\t` `\b` `\f` by their short escapes
//!   (Go 1.22 and later), other control characters as `\u00xx` (lowercase hex), `<` `>` `&` as
//!   `\u003c` `\u003e` `\u0026` and U+2028 / U+2029 as `\u2028` / `\u2029` (HTML-safe
//!   escaping); everything else, non-ASCII included, is written as raw UTF-8.

use serde_json::{Number, Value};

use super::go_fill::{Field, Go};

/// The bytes `json.Marshal` writes for `value`.
pub(crate) fn marshal(value: &Value) -> Vec<u8> {
    let mut out = String::new();
    write_value(&mut out, value, None);
    out.into_bytes()
}

/// The bytes `json.Marshal` writes for a typed Go value of shape `go`, given as the JSON it
/// encodes to (see [`super::go_fill`]): struct fields come in declaration order, map keys
/// sorted, everything else as [`marshal`] writes it.
pub(crate) fn marshal_typed(value: &Value, go: Go) -> Vec<u8> {
    let mut out = String::new();
    write_value(&mut out, value, Some(go));
    out.into_bytes()
}

/// Writes `value`, of Go shape `go` when known (`None`: a generic value, whose objects are maps).
fn write_value(out: &mut String, value: &Value, go: Option<Go>) {
    match (go, value) {
        (Some(Go::Ptr(inner)), _) => write_value(out, value, Some(*inner)),
        (Some(Go::Struct(ty)), Value::Object(map)) => write_struct(out, map, ty.fields()),
        (Some(Go::Fields(fields)), Value::Object(map)) => write_struct(out, map, fields),
        (_, Value::Null) => out.push_str("null"),
        (_, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (_, Value::Number(n)) => write_number(out, n),
        (_, Value::String(s)) => write_string(out, s),
        (_, Value::Array(items)) => {
            let item_go = match go {
                Some(Go::Slice(inner)) => Some(*inner),
                _ => None,
            };
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, item_go);
            }
            out.push(']');
        }
        (_, Value::Object(map)) => {
            let item_go = match go {
                Some(Go::Map(inner)) => Some(*inner),
                _ => None,
            };
            // serde_json's map may preserve insertion order (feature `preserve_order`), so sort
            // here rather than rely on it.
            let mut entries: Vec<(&str, &Value, Option<Go>)> = map
                .iter()
                .map(|(key, item)| (key.as_str(), item, item_go))
                .collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            write_entries(out, entries);
        }
    }
}

/// A struct's fields in declaration order; keys the struct does not declare (there should be
/// none) follow, sorted.
fn write_struct(out: &mut String, map: &serde_json::Map<String, Value>, fields: &[Field]) {
    let mut entries: Vec<(&str, &Value, Option<Go>)> = fields
        .iter()
        .filter_map(|field| Some((field.name, map.get(field.name)?, Some(field.go))))
        .collect();
    let mut rest: Vec<(&str, &Value, Option<Go>)> = map
        .iter()
        .filter(|(key, _)| !fields.iter().any(|f| f.name == key.as_str()))
        .map(|(key, item)| (key.as_str(), item, None))
        .collect();
    rest.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries.append(&mut rest);
    write_entries(out, entries);
}

/// An object of `(key, value, shape)` entries, in the order given.
fn write_entries(out: &mut String, entries: Vec<(&str, &Value, Option<Go>)>) {
    out.push('{');
    for (i, (key, item, go)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        write_value(out, item, go);
    }
    out.push('}');
}

/// A number as Go writes the `float64` it decodes to.
fn write_number(out: &mut String, n: &Number) {
    // `as_f64` converts integers with the same round-to-nearest Go's decoder applies.
    let f = n.as_f64().unwrap_or(0.0);
    out.push_str(&format_float(f));
}

/// Go's `encoding/json` formatting of a finite `float64`.
pub(crate) fn format_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Rust writes the shortest round-trip mantissa like Go's `'e', -1`; only the exponent
        // differs: Go signs it and pads a positive one to two digits (a negative one is cut
        // back to its digits by the encoder's `e-09` → `e-9` clean-up).
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((mantissa, exp)) => match exp.strip_prefix('-') {
                Some(digits) => format!("{mantissa}e-{digits}"),
                None => format!("{mantissa}e+{exp:0>2}"),
            },
            None => s,
        }
    } else {
        // Rust's `Display` is the shortest round-trip form, positional: Go's `'f', -1`.
        format!("{f}")
    }
}

/// A string with Go's HTML-safe escaping.
pub(crate) fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{0}'..='\u{1f}' => {
                let b = c as u32;
                out.push_str("\\u00");
                out.push(char::from(HEX[(b >> 4) as usize & 0xf]));
                out.push(char::from(HEX[b as usize & 0xf]));
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}
