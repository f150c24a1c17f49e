//! Writes values as YAML the way Kubernetes tools print manifests.
//!
//! One style for the whole product: two-space indentation, list items at their parent's
//! indentation (as kubectl prints them), multi-line strings as `|` blocks, and no folding of
//! long single-line strings (a folded flag would re-wrap and make diffs noisy). Strings that a
//! YAML 1.1 reader would take for a boolean, number, null or timestamp are quoted.
//!
//! The reference for that style is serde-saphyr's serializer with [`reference_options`]; this
//! module's own serializer ([`Writer`]) produces the same bytes for what manifests are made of
//! (structs, maps with string keys, sequences, strings, integers, booleans, nulls) in a single
//! pass, which is several times cheaper. Whatever it does not handle itself — a string whose
//! quoting is not obviously plain, a float, an enum, a sequence directly inside a sequence —
//! it either asks the reference for (one scalar) or hands the whole value to it, so the two
//! can only differ where a test would see it (`tests/emit.rs` compares them).

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Why a value could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write YAML: {0}")]
pub struct EmitError(String);

/// Serializes one value as a YAML document (without a `---` marker), ending in a newline.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, EmitError> {
    let mut out = String::new();
    write_yaml(&mut out, value)?;
    Ok(out)
}

/// Appends one value as a YAML document (without a `---` marker), ending in a newline, to
/// `out`: the allocation-free form of [`to_yaml`] for streams.
pub fn write_yaml<T: Serialize>(out: &mut String, value: &T) -> Result<(), EmitError> {
    let start = out.len();
    let written = value.serialize(Writer {
        out: &mut *out,
        at: At::Top,
    });
    if written.is_ok() {
        return Ok(());
    }
    // Something the fast writer leaves to the reference: start this value over there.
    out.truncate(start);
    let text = reference_to_string(value)?;
    out.push_str(&text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    Ok(())
}

/// The options of the reference serializer (serde-saphyr) that define the style.
pub fn reference_options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::ser_options! {
        indent_step: 2,
        compact_list_indent: true,
        folded_wrap_chars: usize::MAX,
        min_fold_chars: usize::MAX,
    }
}

/// `value` written by the reference serializer alone (for tests comparing the two, and for
/// what the fast writer leaves to it).
pub fn reference_to_string<T: Serialize>(value: &T) -> Result<String, EmitError> {
    serde_saphyr::to_string_with_options(value, reference_options())
        .map_err(|e| EmitError(e.to_string()))
}

/// The fast writer's only failure: "let the reference serializer do this value".
#[derive(Debug)]
struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to the reference serializer")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Unsupported {
        Unsupported
    }
}

type Fast = Result<(), Unsupported>;

/// Where the value being written goes.
#[derive(Clone, Copy, Debug)]
enum At {
    /// A whole document, from column 0.
    Top,
    /// After `key:` (no space yet); the key starts at `key_column`.
    MapValue { key_column: usize },
    /// After `- `; the dash is at `dash_column`.
    SeqItem { dash_column: usize },
}

fn indent(out: &mut String, columns: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = columns;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(SPACES.get(..n).unwrap_or_default());
        left -= n;
    }
}

/// Words a YAML 1.1 or 1.2 reader resolves to something other than a string, whatever
/// their case, among those that start with a letter.
const RESERVED_WORDS: &[&str] = &[
    "null", "true", "false", "yes", "no", "y", "n", "on", "off", "nan", "inf",
];

/// Bytes the fast writer writes in a plain scalar without further thought.
fn plain_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'/' | b':' | b'=' | b'+')
}

/// Bytes that occur in numbers, timestamps, base-60 numbers, `.inf`/`.nan`, `<<`, `=` and `~`:
/// a string with none other than these might be resolved as one of them.
fn maybe_resolved_byte(byte: u8) -> bool {
    byte.is_ascii_digit()
        || matches!(
            byte,
            b'+' | b'-'
                | b'.'
                | b'_'
                | b':'
                | b','
                | b' '
                | b'\t'
                | b'<'
                | b'='
                | b'~'
                | b'T'
                | b't'
                | b'Z'
                | b'z'
                | b'x'
                | b'X'
                | b'o'
                | b'O'
                | b'a'..=b'f'
                | b'A'..=b'F'
                | b'i'
                | b'I'
                | b'n'
                | b'N'
        )
}

fn reserved_word(s: &str) -> bool {
    // None is longer than five letters; most keys and values are.
    s.len() <= 5 && RESERVED_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Whether `s` (one line) is certainly written as a plain scalar in a mapping value or a
/// sequence item. `false` means "ask the reference", not "must be quoted".
fn certainly_plain_value(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !bytes.iter().all(|&b| plain_byte(b)) || bytes.last() == Some(&b':') {
        return false;
    }
    if first.is_ascii_alphabetic() {
        !reserved_word(s)
    } else if first.is_ascii_digit() || matches!(first, b'/' | b'-' | b'.' | b'_' | b'+') {
        bytes.iter().any(|&b| !maybe_resolved_byte(b))
    } else {
        false
    }
}

/// Whether `s` is certainly written as a plain mapping key.
fn certainly_plain_key(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
        && !reserved_word(s)
}

/// Whether every character of `s` may stand in a `|` block as it is.
fn block_safe(s: &str) -> bool {
    if s.is_ascii() {
        // No early exit: OR-ing a flag per byte compiles to vector instructions, which is
        // faster for the kilobytes of a shipped script than stopping at the first bad byte.
        let bad = s.bytes().fold(0u8, |bad, b| {
            let control = (b < 0x20) & (b != b'\n') & (b != b'\t');
            bad | u8::from(control | (b == 0x7f))
        });
        return bad == 0;
    }
    s.chars().all(|c| match c {
        '\n' | '\t' => true,
        // Line and paragraph separators are kept in quotes, where they are escaped.
        '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
        c => matches!(
            u32::from(c),
            0x20..=0x7e | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x1_0000..=0x10_ffff
        ),
    })
}

/// One line of scalar text as the reference writes it, when that is one line.
fn reference_scalar(s: &str) -> Result<String, Unsupported> {
    let mut text = reference_to_string(&s).map_err(|_| Unsupported)?;
    if text.ends_with('\n') {
        text.pop();
    }
    if text.contains('\n') {
        return Err(Unsupported);
    }
    Ok(text)
}

/// A mapping key as the reference writes it, when that is a simple key.
fn reference_key(key: &str) -> Result<String, Unsupported> {
    let text = reference_to_string(
        &[(key, 0u8)]
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
    )
    .map_err(|_| Unsupported)?;
    match text.strip_suffix(": 0\n") {
        Some(repr) if !repr.contains('\n') && !repr.is_empty() => Ok(repr.to_owned()),
        _ => Err(Unsupported),
    }
}

/// The fast serializer: writes one value at `at`.
struct Writer<'o> {
    out: &'o mut String,
    at: At,
}

impl Writer<'_> {
    fn scalar(self, text: &str) -> Fast {
        if let At::MapValue { .. } = self.at {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
        Ok(())
    }

    fn integer(self, value: impl std::fmt::Display) -> Fast {
        if let At::MapValue { .. } = self.at {
            self.out.push(' ');
        }
        write!(self.out, "{value}").map_err(|_| Unsupported)?;
        self.out.push('\n');
        Ok(())
    }

    /// A string with line breaks as a `|` block: clip, strip or keep chomping by its final
    /// line breaks, an indentation indicator when its first line starts with spaces.
    fn block(self, text: &str) -> Fast {
        let body_column = match self.at {
            At::Top => return Err(Unsupported),
            At::MapValue { key_column } => {
                self.out.push(' ');
                key_column + 2
            }
            At::SeqItem { dash_column } => dash_column + 2,
        };
        let content = text.trim_end_matches('\n');
        let final_breaks = text.len() - content.len();
        self.out.push('|');
        let first_line = content.split('\n').find(|line| !line.is_empty());
        if first_line.is_some_and(|line| line.starts_with(' ')) {
            self.out.push('2');
        }
        match final_breaks {
            0 => self.out.push('-'),
            1 if !content.is_empty() => {}
            _ => self.out.push('+'),
        }
        self.out.push('\n');
        let lines = memchr::memchr_iter(b'\n', content.as_bytes()).count() + 1;
        self.out
            .reserve(text.len() + (lines + final_breaks) * (body_column + 1));
        let mut line_out = |line: &str| {
            indent(self.out, body_column);
            self.out.push_str(line);
            self.out.push('\n');
        };
        if content.is_empty() {
            for _ in 0..final_breaks {
                line_out("");
            }
        } else {
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', content.as_bytes()) {
                line_out(content.get(start..end).unwrap_or_default());
                start = end + 1;
            }
            line_out(content.get(start..).unwrap_or_default());
            for _ in 1..final_breaks {
                line_out("");
            }
        }
        Ok(())
    }

    fn content_column(&self) -> usize {
        match self.at {
            At::Top => 0,
            At::MapValue { key_column } => key_column + 2,
            At::SeqItem { dash_column } => dash_column + 2,
        }
    }
}

impl<'o> ser::Serializer for Writer<'o> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = SeqWriter<'o>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = MapWriter<'o>;
    type SerializeStruct = MapWriter<'o>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Fast {
        self.scalar(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Fast {
        self.integer(v)
    }
    fn serialize_i16(self, v: i16) -> Fast {
        self.integer(v)
    }
    fn serialize_i32(self, v: i32) -> Fast {
        self.integer(v)
    }
    fn serialize_i64(self, v: i64) -> Fast {
        self.integer(v)
    }
    fn serialize_u8(self, v: u8) -> Fast {
        self.integer(v)
    }
    fn serialize_u16(self, v: u16) -> Fast {
        self.integer(v)
    }
    fn serialize_u32(self, v: u32) -> Fast {
        self.integer(v)
    }
    fn serialize_u64(self, v: u64) -> Fast {
        self.integer(v)
    }
    fn serialize_f32(self, _: f32) -> Fast {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Fast {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Fast {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Fast {
        if memchr::memchr(b'\n', v.as_bytes()).is_some() {
            if block_safe(v) {
                return self.block(v);
            }
        } else if certainly_plain_value(v) {
            return self.scalar(v);
        }
        if let At::Top = self.at {
            return Err(Unsupported);
        }
        let text = reference_scalar(v)?;
        self.scalar(&text)
    }
    fn serialize_bytes(self, _: &[u8]) -> Fast {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Fast {
        self.scalar("null")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Fast {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Fast {
        self.scalar("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Fast {
        Err(Unsupported)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Fast {
        Err(Unsupported)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Fast {
        // serde-saphyr gives names starting with `__` a meaning (flow style, anchors, ...).
        if name.starts_with("__") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Fast {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqWriter<'o>, Unsupported> {
        let dash_column = match self.at {
            At::Top => 0,
            At::MapValue { key_column } => key_column,
            At::SeqItem { .. } => return Err(Unsupported),
        };
        Ok(SeqWriter {
            out: self.out,
            at: self.at,
            dash_column,
            items: 0,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapWriter<'o>, Unsupported> {
        let column = self.content_column();
        Ok(MapWriter {
            out: self.out,
            at: self.at,
            column,
            entries: 0,
            key: String::new(),
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapWriter<'o>, Unsupported> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

/// A block sequence being written; `- ` items at `dash_column`.
struct SeqWriter<'o> {
    out: &'o mut String,
    at: At,
    dash_column: usize,
    items: usize,
}

impl ser::SerializeSeq for SeqWriter<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Fast {
        if self.items == 0 && matches!(self.at, At::MapValue { .. }) {
            self.out.push('\n');
        }
        self.items += 1;
        indent(self.out, self.dash_column);
        self.out.push_str("- ");
        value.serialize(Writer {
            out: &mut *self.out,
            at: At::SeqItem {
                dash_column: self.dash_column,
            },
        })
    }

    fn end(self) -> Fast {
        if self.items == 0 {
            match self.at {
                At::MapValue { .. } => self.out.push_str(" []\n"),
                _ => self.out.push_str("[]\n"),
            }
        }
        Ok(())
    }
}

/// A block mapping being written; keys at `column`.
struct MapWriter<'o> {
    out: &'o mut String,
    at: At,
    column: usize,
    entries: usize,
    /// The key of the entry being written (for `serialize_key`/`serialize_value` callers).
    key: String,
}

impl MapWriter<'_> {
    fn write_key(&mut self, key: &str) -> Fast {
        match (self.entries, self.at) {
            // The first key of a mapping in a sequence item goes on the dash's line.
            (0, At::SeqItem { .. }) => {}
            (0, At::MapValue { .. }) => {
                self.out.push('\n');
                indent(self.out, self.column);
            }
            _ => indent(self.out, self.column),
        }
        self.entries += 1;
        if certainly_plain_key(key) {
            self.out.push_str(key);
        } else {
            self.out.push_str(&reference_key(key)?);
        }
        self.out.push(':');
        Ok(())
    }

    fn write_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Fast {
        value.serialize(Writer {
            out: &mut *self.out,
            at: At::MapValue {
                key_column: self.column,
            },
        })
    }

    fn finish(self) -> Fast {
        if self.entries == 0 {
            match self.at {
                At::MapValue { .. } => self.out.push_str(" {}\n"),
                _ => self.out.push_str("{}\n"),
            }
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Fast {
        let mut text = std::mem::take(&mut self.key);
        text.clear();
        key.serialize(KeyText(&mut text))?;
        let written = self.write_key(&text);
        self.key = text;
        written
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Fast {
        self.write_value(value)
    }

    fn end(self) -> Fast {
        self.finish()
    }
}

impl ser::SerializeStruct for MapWriter<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Fast {
        self.write_key(key)?;
        self.write_value(value)
    }

    fn end(self) -> Fast {
        self.finish()
    }
}

/// Captures a string key; any other kind of key is left to the reference.
struct KeyText<'k>(&'k mut String);

macro_rules! unsupported_key {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Fast { Err(Unsupported) })*
    };
}

impl ser::Serializer for KeyText<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Fast {
        self.0.push_str(v);
        Ok(())
    }
    unsupported_key!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Fast {
        Err(Unsupported)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Fast {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Fast {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn quotes_yaml_1_1_lookalikes_and_keeps_blocks() {
        let mut map = BTreeMap::new();
        map.insert("a", "on");
        map.insert("b", "1.10");
        map.insert("c", "line one\nline two\n");
        map.insert("d", "plain");
        let text = to_yaml(&map).expect("serializes");
        assert_eq!(
            text,
            "a: \"on\"\nb: \"1.10\"\nc: |\n  line one\n  line two\nd: plain\n"
        );
    }

    #[test]
    fn fast_plain_checks_agree_with_the_reference() {
        for s in [
            "500m",
            "2Gi",
            "1639m",
            "flink:1.14.2",
            "./README.txt",
            "--input",
            "/opt/flink",
            "0xff",
            "12e3",
            "1e5",
            "2E",
            "Yes",
            "NULL",
            "app",
            "a:",
            "-",
            "+inf",
            "-.5",
        ] {
            let fast = certainly_plain_value(s);
            let reference = reference_scalar(s).expect("one line");
            if fast {
                assert_eq!(reference, s, "{s:?} is plain for the fast writer only");
            }
        }
        assert!(certainly_plain_value("500m"));
        assert!(!certainly_plain_value("0xff"));
        assert!(!certainly_plain_value("Yes"));
    }
}
