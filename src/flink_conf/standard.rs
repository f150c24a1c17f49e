//! `config.yaml` as Flink 2.x reads it: standard YAML 1.2 (snakeyaml-engine, core schema),
//! nested mappings flattened to dotted keys.
//!
//! Writing: a string is written plain only when it is made of a few safe characters and the
//! core schema reads it as a string; otherwise single-quoted, or double-quoted with escapes
//! when it holds characters a single-quoted scalar cannot carry. So every string reaches Flink
//! exactly, including `null`, `True`, `0x10`, `*`, `a: b`, `abc #def` and the empty string.
//!
//! A flow list or map written in `spec.flinkProperties` (`[a, b]`, `{a: 1}`) is written as the
//! string it is. Flink 2 reads a list- or map-typed option from such a string as the
//! collection (its option parser reads the YAML flow form), and a string-typed option gets the
//! text as written; passed through unquoted, a map would instead become several dotted keys
//! and a string option would get Flink's re-printed list. docs/deviations.md records this.
//!
//! Reading ([`read`]) models the loader for files flink-render did not write as well: plain
//! scalars resolve by the core schema (`0x10` and `0o20` are 16, `010` is 10, `1e3` is
//! 1000.0, `.inf` is Infinity, `True` is true), and Flink's typed getters start from Java's
//! `toString()` of the value. A null value (`null`, `~`, nothing), a tag other than the core
//! schema's, a key that is not a string, a duplicate key or a syntax error make the file
//! unloadable: Flink then refuses to start any process.

use super::{Loaded, Unloadable};
use crate::memory::java;
use crate::yaml::{Limits, Node, Scalar, ScalarStyle, Tag, Value};

/// How the YAML 1.2 core schema resolves a plain scalar.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// `null`, `Null`, `NULL`, `~` or nothing.
    Null,
    /// `true`/`false` in three spellings.
    Bool(bool),
    /// An integer (decimal, `0o` octal, `0x` hexadecimal), as Java prints it.
    Int(String),
    /// A float, as Java's `Double.toString` prints it.
    Float(String),
    /// Anything else: a string.
    Str,
}

fn digits(text: &str, radix: u32) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_digit(radix))
}

/// The integer `digits` in `radix` as a decimal string (arbitrary length).
fn to_decimal(digits: &str, radix: u32, negative: bool) -> String {
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in &mut limbs {
            let value = *limb * u64::from(radix) + carry;
            *limb = value % 1_000_000_000;
            carry = value / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut text = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            text.push_str(&limb.to_string());
        } else {
            text.push_str(&format!("{limb:09}"));
        }
    }
    if negative && text != "0" {
        text.insert(0, '-');
    }
    text
}

/// The core schema's float pattern without the special values:
/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_core_float(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at).unwrap_or_default(),
            unsigned.get(at + 1..),
        ),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac, 10),
        Some((int, frac)) => digits(int, 10) && (frac.is_empty() || digits(frac, 10)),
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

/// Resolves a plain scalar by the YAML 1.2 core schema, as snakeyaml-engine does.
pub fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float("NaN".to_owned()),
        _ => {}
    }
    let negative = text.starts_with('-');
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        let sign = if negative { "-" } else { "" };
        return Resolved::Float(format!("{sign}Infinity"));
    }
    if digits(unsigned, 10) {
        return Resolved::Int(to_decimal(unsigned, 10, negative));
    }
    if let Some(octal) = text.strip_prefix("0o").filter(|d| digits(d, 8)) {
        return Resolved::Int(to_decimal(octal, 8, false));
    }
    if let Some(hex) = text.strip_prefix("0x").filter(|d| digits(d, 16)) {
        return Resolved::Int(to_decimal(hex, 16, false));
    }
    if is_core_float(text) {
        let value = java::parse_double(text).unwrap_or(f64::NAN);
        return Resolved::Float(java::double_to_string(value));
    }
    Resolved::Str
}

/// Whether `text` can be written as a plain scalar and read back as the same string.
fn plain_is_exact(text: &str) -> bool {
    let mut chars = text.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '$'));
    first_ok
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '$' | '.' | '-' | '=' | '+' | ':')
        })
        && !text.ends_with(':')
        && resolve_plain(text) == Resolved::Str
}

/// A character a single-quoted scalar carries as itself: printable, not a line break, no tab.
fn single_quotable(c: char) -> bool {
    c >= ' '
        && !matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// `text` as a YAML scalar that YAML 1.2 reads back as exactly this string.
pub fn scalar(text: &str) -> String {
    if plain_is_exact(text) {
        return text.to_owned();
    }
    if text.chars().all(single_quotable) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if single_quotable(c) => out.push(c),
            c if u32::from(c) <= 0xff => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn unloadable(cause: impl Into<String>) -> Unloadable {
    Unloadable {
        message: format!(
            "java.lang.RuntimeException: Error parsing YAML configuration. Caused by: {}",
            cause.into()
        ),
    }
}

/// A scalar's value: `Ok(None)` for null, the resolved text otherwise.
fn scalar_value(scalar: &Scalar) -> Result<Option<(String, bool)>, Unloadable> {
    let text = scalar.text.clone();
    match &scalar.tag {
        Some(Tag::Core(kind)) => match kind.as_str() {
            "str" => return Ok(Some((text, false))),
            "null" => return Ok(None),
            _ => {}
        },
        Some(Tag::Other(tag)) => {
            return Err(unloadable(format!(
                "could not determine a constructor for the tag {tag}"
            )));
        }
        None if scalar.style != ScalarStyle::Plain => return Ok(Some((text, false))),
        None => {}
    }
    Ok(match resolve_plain(&text) {
        Resolved::Null => None,
        Resolved::Bool(b) => Some((b.to_string(), false)),
        Resolved::Int(i) => Some((i, false)),
        Resolved::Float(f) => Some((f, true)),
        Resolved::Str => Some((text, false)),
    })
}

/// Java's `toString()` of a loaded value (lists print as `[a, b]`).
fn value_text(node: &Node) -> Result<Option<(String, bool)>, Unloadable> {
    match &node.value {
        Value::Scalar(s) => scalar_value(s),
        Value::Sequence(items) => {
            let mut texts = Vec::new();
            for item in items {
                texts.push(value_text(item)?.map_or_else(|| "null".to_owned(), |(t, _)| t));
            }
            Ok(Some((format!("[{}]", texts.join(", ")), false)))
        }
        Value::Mapping(pairs) => {
            let mut texts = Vec::new();
            for (key, value) in pairs {
                let key = value_text(key)?.map_or_else(|| "null".to_owned(), |(t, _)| t);
                let value = value_text(value)?.map_or_else(|| "null".to_owned(), |(t, _)| t);
                texts.push(format!("{key}={value}"));
            }
            Ok(Some((format!("{{{}}}", texts.join(", ")), false)))
        }
    }
}

fn flatten(pairs: &[(Node, Node)], prefix: &str, out: &mut Loaded) -> Result<(), Unloadable> {
    for (key, value) in pairs {
        let key = match &key.value {
            Value::Scalar(s) => match scalar_value(s)? {
                Some((text, false))
                    if s.style != ScalarStyle::Plain
                        || s.tag.is_some()
                        || resolve_plain(&s.text) == Resolved::Str =>
                {
                    text
                }
                _ => {
                    return Err(unloadable(format!(
                        "java.lang.ClassCastException: the key {} is not a string",
                        s.text
                    )));
                }
            },
            _ => return Err(unloadable("a key that is not a string")),
        };
        let full = format!("{prefix}{key}");
        if let Value::Mapping(inner) = &value.value {
            flatten(inner, &format!("{full}."), out)?;
            continue;
        }
        match value_text(value)? {
            None => return Err(unloadable("Value must not be null.")),
            Some((text, double)) => {
                if double {
                    out.doubles.insert(full.clone());
                } else {
                    out.doubles.remove(&full);
                }
                out.entries.insert(full, text);
            }
        }
    }
    Ok(())
}

/// What Flink 2.x's loader gives for the `config.yaml` text `text`.
pub fn read(text: &str) -> Result<Loaded, Unloadable> {
    let (documents, problems) =
        crate::yaml::load_stream(text, Limits::default()).map_err(|e| unloadable(e.message))?;
    if let Some(problem) = problems.iter().next() {
        return Err(unloadable(problem.message.clone()));
    }
    let mut loaded = Loaded::default();
    let root = match documents.as_slice() {
        [] => return Ok(loaded),
        [only] => only.root.as_ref(),
        _ => return Err(unloadable("expected a single document in the stream")),
    };
    match root.map(|r| &r.value) {
        None => Ok(loaded),
        Some(Value::Mapping(pairs)) => {
            flatten(pairs, "", &mut loaded)?;
            Ok(loaded)
        }
        Some(_) => Err(unloadable("the file is not a YAML mapping")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_resolution() {
        for (text, expected) in [
            ("0x10", Resolved::Int("16".to_owned())),
            ("0o20", Resolved::Int("16".to_owned())),
            ("010", Resolved::Int("10".to_owned())),
            ("+3", Resolved::Int("3".to_owned())),
            ("-0", Resolved::Int("0".to_owned())),
            (
                "123456789012345678901234567890",
                Resolved::Int("123456789012345678901234567890".to_owned()),
            ),
            ("1e3", Resolved::Float("1000.0".to_owned())),
            ("1.50", Resolved::Float("1.5".to_owned())),
            (".5", Resolved::Float("0.5".to_owned())),
            ("1.", Resolved::Float("1.0".to_owned())),
            (".inf", Resolved::Float("Infinity".to_owned())),
            ("-.Inf", Resolved::Float("-Infinity".to_owned())),
            (".NaN", Resolved::Float("NaN".to_owned())),
            ("True", Resolved::Bool(true)),
            ("FALSE", Resolved::Bool(false)),
            ("~", Resolved::Null),
            ("yes", Resolved::Str),
            ("0x", Resolved::Str),
            ("0o8", Resolved::Str),
            ("1639m", Resolved::Str),
            ("2001-12-14", Resolved::Str),
            (".", Resolved::Str),
            ("e3", Resolved::Str),
        ] {
            assert_eq!(resolve_plain(text), expected, "{text}");
        }
    }

    #[test]
    fn scalars_are_quoted_only_where_needed() {
        assert_eq!(scalar("1639m"), "1639m");
        assert_eq!(scalar("s3://bucket/x"), "s3://bucket/x");
        assert_eq!(
            scalar("$internal.application.main"),
            "$internal.application.main"
        );
        assert_eq!(scalar("null"), "'null'");
        assert_eq!(scalar("8081"), "'8081'");
        assert_eq!(scalar("it's"), "'it''s'");
        assert_eq!(scalar(""), "''");
        assert_eq!(scalar("a\tb\u{1}"), "\"a\\tb\\x01\"");
        assert_eq!(scalar("x:"), "'x:'");
    }

    #[test]
    fn files_flink_cannot_load() {
        for text in [
            "a: null\n",
            "a: ~\n",
            "a:\n",
            "a: !tag x\n",
            "1: x\n",
            "a: x\na: y\n",
            "a: [\n",
            "- a\n",
        ] {
            assert!(read(text).is_err(), "{text}");
        }
        assert_eq!(
            read("a: null\n").map_err(|e| e.message),
            Err("java.lang.RuntimeException: Error parsing YAML configuration. Caused by: Value must not be null.".to_owned())
        );
    }

    #[test]
    fn nested_mappings_flatten_and_values_are_javas_text() {
        let loaded = read(
            "env:\n  java:\n    opts:\n      all: x\nf: 1e3\nl: [1, 0x10, true, null, 1.0]\ns: 'q'\n",
        )
        .expect("loads");
        let entries: Vec<(&str, &str)> = loaded
            .entries
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            entries,
            [
                ("env.java.opts.all", "x"),
                ("f", "1000.0"),
                ("l", "[1, 16, true, null, 1.0]"),
                ("s", "q"),
            ]
        );
        assert!(loaded.doubles.contains("f"));
        assert_eq!(read("").map(|l| l.entries.len()), Ok(0));
    }
}
