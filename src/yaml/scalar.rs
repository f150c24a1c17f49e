//! What a plain scalar means to Kubernetes.
//!
//! kubectl and the API server read YAML with a YAML 1.1 decoder (sigs.k8s.io/yaml): `yes`, `on`
//! and `off` are booleans, `0644` is the octal number 420, `0x1F` is 31, and `1.10` is the
//! float 1.1. A FlinkCluster that the cluster would read differently from what the user meant
//! (an unquoted `flinkVersion: 1.10`) should be caught here, so resolution follows those rules
//! rather than YAML 1.2's.

/// The type a plain scalar resolves to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    /// `null`, `~`, or nothing.
    Null,
    /// A boolean spelling.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A non-negative integer above `i64::MAX`.
    UInt(u64),
    /// A floating-point number (including `.inf` and `.nan`).
    Float(f64),
    /// Anything else: a string.
    Str,
}

/// Resolves the text of a plain (unquoted, untagged) scalar.
pub fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    // Only scalars that start like a number are tried as numbers; this also keeps
    // timestamps (`2024-01-02`), which such decoders hand back as strings, strings.
    let starts_like_number = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    if !starts_like_number {
        return Resolved::Str;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(value) = parse_go_int(&plain) {
        return Resolved::Int(value);
    }
    if let Some(value) = parse_go_uint(&plain) {
        return Resolved::UInt(value);
    }
    if is_yaml_float(&plain)
        && let Ok(value) = plain.parse::<f64>()
    {
        return Resolved::Float(value);
    }
    Resolved::Str
}

/// Splits an optional sign and a Go base prefix (`0x`, `0o`, `0b`, or a leading `0` for octal),
/// as Go's `strconv.ParseInt(s, 0, 64)` does.
fn split_radix(digits: &str) -> Option<(u32, &str)> {
    let lower = |prefix: &str| {
        digits.len() > 2
            && digits
                .get(..2)
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if lower("0x") {
        Some((16, digits.get(2..)?))
    } else if lower("0o") {
        Some((8, digits.get(2..)?))
    } else if lower("0b") {
        Some((2, digits.get(2..)?))
    } else if digits.len() > 1 && digits.starts_with('0') {
        Some((8, digits.get(1..)?))
    } else {
        Some((10, digits))
    }
}

fn parse_magnitude(digits: &str) -> Option<u64> {
    let (radix, rest) = split_radix(digits)?;
    if rest.is_empty() || !rest.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(rest, radix).ok()
}

fn parse_go_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = parse_magnitude(digits)?;
    if negative {
        if magnitude == i64::MIN.unsigned_abs() {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|v| -v)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

fn parse_go_uint(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    parse_magnitude(digits)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => digits(e.strip_prefix(['-', '+']).unwrap_or(e)),
    };
    mantissa_ok && exponent_ok
}

/// A float64 as Go's `encoding/json` writes it: the shortest text that reads back as the same
/// number, without an exponent from 1e-6 up to 1e21 (`4e9` is `4000000000`), with one outside
/// (`1e+21`, `1e-7`). `None` for infinities and NaN, which JSON cannot hold.
///
/// sigs.k8s.io/yaml turns YAML into JSON this way, so a quantity written as a YAML number
/// reaches the API server as this text (`memory: 1.5e9` is the quantity `1500000000`).
pub fn go_json_float(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-6..1e21).contains(&magnitude) {
        // Rust's `Display` is the shortest round-trip text without an exponent, like Go's `'f'`.
        return Some(format!("{value}"));
    }
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e')?;
    Some(match exponent.strip_prefix('-') {
        Some(negative) => format!("{mantissa}e-{negative}"),
        None => format!("{mantissa}e+{exponent}"),
    })
}

/// The text sigs.k8s.io/yaml makes of a floating-point mapping key: Go's
/// `strconv.FormatFloat(key, 'g', -1, 32)`, the shortest text of the key as a float32, with an
/// exponent from 1e6 up and below 1e-4 (`1.10` is `1.1`, `1e6` is `1e+06`).
pub fn go_float_key(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    // The conversion rounds to the nearest float32, as Go's does.
    let single = value as f32;
    let text = format!("{single:e}");
    let Some((mantissa, exponent)) = text.split_once('e') else {
        return text;
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{point}{rest}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        );
    }
    // Plain notation: the digits with the decimal point `exponent + 1` places in.
    let places = exponent + 1;
    let text = if places <= 0 {
        format!("0.{}{digits}", "0".repeat(places.unsigned_abs() as usize))
    } else {
        let places = places as usize;
        if digits.len() <= places {
            format!("{digits}{}", "0".repeat(places - digits.len()))
        } else {
            format!("{}.{}", &digits[..places], &digits[places..])
        }
    };
    format!("{sign}{text}")
}

/// Decodes base64 the way Go's `base64.StdEncoding.DecodeString` does, as YAML's `!!binary`
/// tag is read by Kubernetes: line breaks are ignored, padding is required, nothing else may
/// appear. `None` when the text is not such base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => u32::from(b - b'A'),
            b'a'..=b'z' => u32::from(b - b'a') + 26,
            b'0'..=b'9' => u32::from(b - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    let quads = symbols.chunks(4).count();
    for (index, quad) in symbols.chunks(4).enumerate() {
        let padding = quad.iter().rev().take_while(|&&b| b == b'=').count();
        // Padding only ends the last group, and never takes more than two symbols.
        if padding > 2 || (padding > 0 && index + 1 != quads) {
            return None;
        }
        let mut bits = 0u32;
        for &symbol in &quad[..4 - padding] {
            bits = (bits << 6) | value(symbol)?;
        }
        bits <<= 6 * padding as u32;
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
}

/// Bytes as the string Go's JSON encoder makes of them: valid UTF-8 as it is, every byte of an
/// invalid sequence replaced by U+FFFD.
pub fn go_string_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('\u{FFFD}', chunk.invalid().len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Resolved::*;
    use super::*;

    #[test]
    fn yaml_1_1_spellings() {
        assert_eq!(resolve_plain("on"), Bool(true));
        assert_eq!(resolve_plain("Off"), Bool(false));
        assert_eq!(resolve_plain("y"), Bool(true));
        assert_eq!(resolve_plain("~"), Null);
        assert_eq!(resolve_plain(""), Null);
        assert_eq!(resolve_plain("0644"), Int(420));
        assert_eq!(resolve_plain("0x1F"), Int(31));
        assert_eq!(resolve_plain("0o17"), Int(15));
        assert_eq!(resolve_plain("0b101"), Int(5));
        assert_eq!(resolve_plain("-12"), Int(-12));
        assert_eq!(resolve_plain("+3"), Int(3));
        assert_eq!(resolve_plain("1_000"), Int(1000));
        assert_eq!(resolve_plain("1.10"), Float(1.1));
        assert_eq!(resolve_plain(".5"), Float(0.5));
        assert_eq!(resolve_plain("1e3"), Float(1000.0));
        // An invalid octal falls through to the float rule, as in Go.
        assert_eq!(resolve_plain("08"), Float(8.0));
        assert_eq!(resolve_plain("18446744073709551615"), UInt(u64::MAX));
        assert_eq!(resolve_plain("99999999999999999999"), Float(1e20));
        assert!(matches!(resolve_plain(".nan"), Float(f) if f.is_nan()));
    }

    #[test]
    fn strings_stay_strings() {
        for s in [
            "flink:1.14",
            "2024-01-02",
            "1.2.3",
            "v1.10",
            "abc",
            ".",
            "-",
            "1e",
            "0x",
            "+",
            "1.2e",
            "6123/TCP",
            "500m",
            "2Gi",
            "-.5.",
        ] {
            assert_eq!(resolve_plain(s), Str, "{s}");
        }
    }

    #[test]
    fn numbers_as_go_writes_them_in_json() {
        assert_eq!(go_json_float(4e9).as_deref(), Some("4000000000"));
        assert_eq!(go_json_float(1.5e9).as_deref(), Some("1500000000"));
        assert_eq!(go_json_float(1.0).as_deref(), Some("1"));
        assert_eq!(go_json_float(0.5).as_deref(), Some("0.5"));
        assert_eq!(go_json_float(1e21).as_deref(), Some("1e+21"));
        assert_eq!(go_json_float(1.5e-7).as_deref(), Some("1.5e-7"));
        assert_eq!(go_json_float(1e-10).as_deref(), Some("1e-10"));
        assert_eq!(go_json_float(-0.0).as_deref(), Some("-0"));
        assert_eq!(go_json_float(f64::INFINITY), None);
    }

    #[test]
    fn float_keys_as_sigs_yaml_writes_them() {
        assert_eq!(go_float_key(1.1), "1.1");
        assert_eq!(go_float_key(1000.0), "1000");
        assert_eq!(go_float_key(100000.0), "100000");
        assert_eq!(go_float_key(1e6), "1e+06");
        assert_eq!(go_float_key(123456789.0), "1.2345679e+08");
        assert_eq!(go_float_key(0.0001), "0.0001");
        assert_eq!(go_float_key(0.00001), "1e-05");
        assert_eq!(go_float_key(-2.5), "-2.5");
        assert_eq!(go_float_key(0.1), "0.1");
        assert_eq!(go_float_key(f64::INFINITY), ".inf");
        assert_eq!(go_float_key(f64::NEG_INFINITY), "-.inf");
        assert_eq!(go_float_key(f64::NAN), ".nan");
    }

    #[test]
    fn base64_as_go_reads_it() {
        assert_eq!(decode_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGVs\nbG8=\n"), Some(b"hello".to_vec()));
        assert_eq!(decode_base64(""), Some(Vec::new()));
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aA=="), Some(b"h".to_vec()));
        assert_eq!(decode_base64("aGVsbG8"), None, "padding is required");
        assert_eq!(decode_base64("aGVs bG8="), None, "spaces are not ignored");
        assert_eq!(decode_base64("aA==aA=="), None, "padding ends the data");
        assert_eq!(decode_base64("a==="), None);
    }

    #[test]
    fn invalid_utf8_bytes_become_replacement_characters_one_each() {
        assert_eq!(go_string_lossy(b"ok"), "ok");
        assert_eq!(
            go_string_lossy(&[b'a', 0xE2, 0x82, b'b']),
            "a\u{FFFD}\u{FFFD}b"
        );
    }
}
