//! Java's number arithmetic and text, as Flink's memory code relies on them.
//!
//! Flink computes memory sizes with `BigDecimal.valueOf(double)` (which goes through
//! `Double.toString`), prints sizes with `String.format("%.3f")` (half-up rounding of the
//! shortest decimal digits) and reads options with `Float.parseFloat`, `Double.parseDouble` and
//! `Integer.parseInt`. The functions here reproduce those results exactly for every finite input
//! flink-render meets; hexadecimal floating-point literals are not accepted (Java accepts them).
//! Nothing here panics.

/// The shortest decimal digits of a finite, non-negative `value` and the power of ten of the
/// first digit (`0.25` → (`"25"`, -1)). Zero gives (`"0"`, 0).
fn shortest_digits(value: f64) -> (Vec<u8>, i32) {
    // Rust's `{:e}` prints the shortest representation that reads back to the same double,
    // which is what Java's `Double.toString` prints (JDK 19 and later; older JDKs agree on
    // every value Flink's memory arithmetic produces).
    let text = format!("{:e}", value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    (digits, exponent.parse().unwrap_or(0))
}

fn digit_char(d: u8) -> char {
    char::from(b'0' + d.min(9))
}

/// `Double.toString(value)`: `1.0`, `0.10000000149011612`, `1.0E7`, `1.0E-4`, `NaN`.
pub fn double_to_string(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, exponent) = shortest_digits(value);
    let magnitude = value.abs();
    let mut out = String::from(sign);
    if (1e-3..1e7).contains(&magnitude) {
        if exponent >= 0 {
            let whole = usize::try_from(exponent).unwrap_or(0) + 1;
            for i in 0..whole {
                out.push(digit_char(digits.get(i).copied().unwrap_or(0)));
            }
            out.push('.');
            let fraction = digits.get(whole..).unwrap_or_default();
            if fraction.is_empty() {
                out.push('0');
            }
            out.extend(fraction.iter().map(|d| digit_char(*d)));
        } else {
            out.push_str("0.");
            let zeros = usize::try_from(-exponent - 1).unwrap_or(0);
            out.extend(std::iter::repeat_n('0', zeros));
            out.extend(digits.iter().map(|d| digit_char(*d)));
        }
    } else {
        out.push(digit_char(digits.first().copied().unwrap_or(0)));
        out.push('.');
        let rest = digits.get(1..).unwrap_or_default();
        if rest.is_empty() {
            out.push('0');
        }
        out.extend(rest.iter().map(|d| digit_char(*d)));
        out.push_str(&format!("E{exponent}"));
    }
    out
}

/// `String.format(Locale.ROOT, "%.3f", value)` for a finite, non-negative value: Java rounds
/// the shortest decimal digits half up (so `1.0625` gives `1.063`, where C would give `1.062`).
pub fn format_3_decimals(value: f64) -> String {
    let (digits, exponent) = shortest_digits(value);
    // Whole part and fraction digits of the exact shortest decimal.
    let mut whole: Vec<u8> = Vec::new();
    let mut fraction: Vec<u8> = Vec::new();
    for (i, d) in digits.iter().enumerate() {
        let position = exponent - i32::try_from(i).unwrap_or(i32::MAX);
        if position >= 0 {
            whole.push(*d);
        } else {
            fraction.push(*d);
        }
    }
    if exponent >= 0 {
        // Trailing zeros of the whole part that the digits leave out.
        let missing = usize::try_from(exponent + 1)
            .unwrap_or(0)
            .saturating_sub(whole.len());
        whole.extend(std::iter::repeat_n(0, missing));
    } else {
        let zeros = usize::try_from(-exponent - 1).unwrap_or(0);
        let mut padded = vec![0; zeros];
        padded.extend(fraction);
        fraction = padded;
    }
    if whole.is_empty() {
        whole.push(0);
    }
    let round_up = fraction.get(3).is_some_and(|d| *d >= 5);
    fraction.resize(3, 0);
    let mut number: Vec<u8> = whole.iter().chain(fraction.iter()).copied().collect();
    if round_up {
        let mut i = number.len();
        loop {
            if i == 0 {
                number.insert(0, 1);
                break;
            }
            i -= 1;
            match number.get_mut(i) {
                Some(d) if *d == 9 => *d = 0,
                Some(d) => {
                    *d += 1;
                    break;
                }
                None => break,
            }
        }
    }
    let split = number.len().saturating_sub(3);
    let (int_part, frac_part) = number.split_at(split);
    let mut out: String = int_part.iter().map(|d| digit_char(*d)).collect();
    out.push('.');
    out.extend(frac_part.iter().map(|d| digit_char(*d)));
    out
}

/// Java's `String.trim()`: drops every character up to U+0020 at both ends.
pub fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c <= ' ')
}

/// Whether `text` is a Java decimal floating-point numeral (`FloatingDecimal`'s grammar without
/// hexadecimal forms): sign, digits with an optional point, optional exponent, optional
/// `f`/`F`/`d`/`D` suffix. Returns the numeral without the suffix.
fn java_decimal_numeral(text: &str) -> Option<&str> {
    let body = text.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(text);
    let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
        None => (unsigned, None),
    };
    let (int_digits, frac_digits) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_digits) || !all_digits(frac_digits) {
        return None;
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
    }
    Some(body)
}

/// A Java hexadecimal floating-point literal (`0x1p-3`, `-0X1.8P1d`): its value, exact for
/// significands of up to 53 bits (wider ones are truncated, then rounded by the caller).
fn java_hex_numeral(text: &str) -> Option<f64> {
    let body = text.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(text);
    let negative = body.starts_with('-');
    let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
    let hex = unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))?;
    let (significand, exponent) = hex.split_once(['p', 'P'])?;
    let (int_digits, frac_digits) = significand.split_once('.').unwrap_or((significand, ""));
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let exponent_digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if exponent_digits.is_empty() || !exponent_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value = 0f64;
    for c in int_digits.chars().chain(frac_digits.chars()) {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let frac_bits = i32::try_from(frac_digits.len().saturating_mul(4)).unwrap_or(i32::MAX);
    let exponent: i32 = exponent.parse().unwrap_or(if exponent.starts_with('-') {
        i32::MIN / 2
    } else {
        i32::MAX / 2
    });
    let scaled = if value == 0.0 {
        0.0
    } else {
        value * 2f64.powi(exponent.saturating_sub(frac_bits))
    };
    Some(if negative { -scaled } else { scaled })
}

/// `Float.parseFloat(text)`; `None` where Java throws `NumberFormatException`.
pub fn parse_float(text: &str) -> Option<f32> {
    let trimmed = trim(text);
    match trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed) {
        "NaN" => return Some(f32::NAN),
        "Infinity" => {
            return Some(if trimmed.starts_with('-') {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            });
        }
        _ => {}
    }
    if let Some(value) = java_hex_numeral(trimmed) {
        return Some(value as f32);
    }
    java_decimal_numeral(trimmed)?.parse::<f32>().ok()
}

/// `Double.parseDouble(text)`; `None` where Java throws `NumberFormatException`.
pub fn parse_double(text: &str) -> Option<f64> {
    let trimmed = trim(text);
    match trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed) {
        "NaN" => return Some(f64::NAN),
        "Infinity" => {
            return Some(if trimmed.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        _ => {}
    }
    if let Some(value) = java_hex_numeral(trimmed) {
        return Some(value);
    }
    java_decimal_numeral(trimmed)?.parse::<f64>().ok()
}

/// `Integer.parseInt(text)`: optional sign, decimal digits, 32-bit range, no whitespace.
pub fn parse_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    unsigned.parse::<i32>().ok()
}

/// `Long.parseLong(text)` for an unsigned run of decimal digits.
pub fn parse_long_digits(digits: &str) -> Option<i64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok()
}

/// Why [`multiply`] has no result: Java's `ArithmeticException("long overflow")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongOverflow;

/// `BigDecimal.valueOf(bytes).multiply(BigDecimal.valueOf(multiplier)).longValue()` with
/// Flink's overflow check: the exact product of `bytes` and the decimal `Double.toString`
/// prints for `multiplier`, truncated toward zero. `multiplier` is finite and not negative.
pub fn multiply(bytes: i64, multiplier: f64) -> Result<i64, LongOverflow> {
    if bytes <= 0 || multiplier == 0.0 {
        return Ok(0);
    }
    let (digits, exponent) = shortest_digits(multiplier);
    let mut mantissa: u128 = 0;
    for d in &digits {
        mantissa = mantissa * 10 + u128::from(*d);
    }
    // The multiplier is mantissa × 10^scale.
    let scale = exponent - (i32::try_from(digits.len()).unwrap_or(i32::MAX) - 1);
    let product = u128::try_from(bytes).unwrap_or(0) * mantissa;
    let max = u128::try_from(i64::MAX).unwrap_or(u128::MAX);
    let value = if scale >= 0 {
        let mut value = product;
        for _ in 0..scale {
            value = value.checked_mul(10).ok_or(LongOverflow)?;
            if value > max {
                return Err(LongOverflow);
            }
        }
        value
    } else {
        let mut value = product;
        for _ in 0..(-scale) {
            if value == 0 {
                break;
            }
            value /= 10;
        }
        value
    };
    if value > max {
        return Err(LongOverflow);
    }
    i64::try_from(value).map_err(|_| LongOverflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_to_string_matches_java() {
        assert_eq!(double_to_string(f64::from(0.1f32)), "0.10000000149011612");
        assert_eq!(double_to_string(f64::from(0.4f32)), "0.4000000059604645");
        let f = f64::from(0.1f32);
        assert_eq!(double_to_string(f / (1.0 - f)), "0.11111111295076065");
        assert_eq!(double_to_string(1.0), "1.0");
        assert_eq!(double_to_string(0.5), "0.5");
        assert_eq!(double_to_string(2.0), "2.0");
        assert_eq!(double_to_string(123.25), "123.25");
        assert_eq!(double_to_string(0.001), "0.001");
        assert_eq!(double_to_string(0.0001), "1.0E-4");
        assert_eq!(double_to_string(1e7), "1.0E7");
        assert_eq!(double_to_string(9_999_999.0), "9999999.0");
        assert_eq!(double_to_string(1.5e10), "1.5E10");
        assert_eq!(double_to_string(0.0), "0.0");
        assert_eq!(double_to_string(-2.5), "-2.5");
        assert_eq!(double_to_string(f64::NAN), "NaN");
        assert_eq!(double_to_string(100.0), "100.0");
    }

    #[test]
    fn three_decimals_round_half_up_like_java() {
        assert_eq!(format_3_decimals(192.0), "192.000");
        assert_eq!(format_3_decimals(1.25), "1.250");
        assert_eq!(format_3_decimals(1.0625), "1.063");
        assert_eq!(format_3_decimals(0.0625), "0.063");
        assert_eq!(format_3_decimals(25.600000381469727), "25.600");
        assert_eq!(format_3_decimals(409.6000061035156), "409.600");
        assert_eq!(format_3_decimals(0.9999), "1.000");
        assert_eq!(format_3_decimals(999.9995), "1000.000");
        assert_eq!(format_3_decimals(8_388_608.0), "8388608.000");
        assert_eq!(format_3_decimals(1e-5), "0.000");
    }

    #[test]
    fn parsing_follows_java() {
        assert_eq!(parse_float("0.4"), Some(0.4));
        assert_eq!(parse_float(" 0.25f "), Some(0.25));
        assert_eq!(parse_float("1e-1"), Some(0.1));
        assert_eq!(parse_float(".5"), Some(0.5));
        assert_eq!(parse_float("5."), Some(5.0));
        assert!(parse_float("NaN").is_some_and(f32::is_nan));
        assert_eq!(parse_float("-Infinity"), Some(f32::NEG_INFINITY));
        assert_eq!(parse_float("inf"), None);
        assert_eq!(parse_float("0.4x"), None);
        assert_eq!(parse_float("."), None);
        assert_eq!(parse_float("1e"), None);
        assert_eq!(parse_float(""), None);
        assert_eq!(parse_double("2"), Some(2.0));
        assert_eq!(parse_int("+4"), Some(4));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int(" 4"), None);
        assert_eq!(parse_int("2147483648"), None);
        assert_eq!(parse_long_digits("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_long_digits("9223372036854775808"), None);
    }

    #[test]
    fn multiply_is_bigdecimal_with_truncation() {
        let tenth = f64::from(0.1f32);
        let four_tenths = f64::from(0.4f32);
        assert_eq!(multiply(1_811_939_328, tenth), Ok(181_193_935));
        assert_eq!(multiply(1_342_177_280, four_tenths), Ok(536_870_920));
        assert_eq!(multiply(1_342_177_280, tenth), Ok(134_217_730));
        assert_eq!(
            multiply(1_610_612_736, tenth / (1.0 - tenth)),
            Ok(178_956_973)
        );
        assert_eq!(multiply(4_294_967_296, tenth), Ok(429_496_736));
        assert_eq!(multiply(0, tenth), Ok(0));
        assert_eq!(multiply(i64::MAX, 0.5), Ok(i64::MAX / 2));
        assert_eq!(multiply(i64::MAX, 9.0), Err(LongOverflow));
        assert_eq!(multiply(3, 1e300), Err(LongOverflow));
        assert_eq!(multiply(3, 1e-300), Ok(0));
    }

    #[test]
    fn hexadecimal_floating_point_literals() {
        assert_eq!(parse_float("0x1p-3"), Some(0.125));
        assert_eq!(parse_double("-0X1.8P1d"), Some(-3.0));
        assert_eq!(parse_float("0x.8p1"), Some(1.0));
        assert_eq!(parse_double("0x0p99999"), Some(0.0));
        assert_eq!(parse_float("0x1p"), None);
        assert_eq!(parse_float("0xp1"), None);
        assert_eq!(parse_float("0x1.8"), None);
    }
}
