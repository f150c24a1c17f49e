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
}
