//! Flink's `MemorySize`: a non-negative number of bytes, parsed from text such as `1728m` and
//! printed as `toHumanReadableString` does (`192.000mb (201326592 bytes)`).
//!
//! Parsing accepts exactly what `MemorySize.parseBytes` accepts and fails with its messages;
//! arithmetic fails where Java's `Math.addExact`/`subtractExact` or the non-negative check
//! would throw. Nothing here panics.

use std::fmt;

use super::java;

const KIBI: i64 = 1 << 10;
const MEBI: i64 = 1 << 20;
const GIBI: i64 = 1 << 30;
const TEBI: i64 = 1 << 40;

/// Units in Flink's order: multiplier and accepted spellings (the second one is printed).
const UNITS: [(i64, &[&str]); 5] = [
    (1, &["b", "bytes"]),
    (KIBI, &["k", "kb", "kibibytes"]),
    (MEBI, &["m", "mb", "mebibytes"]),
    (GIBI, &["g", "gb", "gibibytes"]),
    (TEBI, &["t", "tb", "tebibytes"]),
];

/// A number of bytes, at least 0 and at most `Long.MAX_VALUE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MemorySize(i64);

/// Why a memory size computation failed, with the Java exception Flink would throw.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// `ArithmeticException`: the result does not fit 64 bits.
    #[error("long overflow")]
    Overflow,
    /// `IllegalArgumentException` from the constructor: a negative result.
    #[error("bytes must be >= 0")]
    Negative,
}

impl MemorySize {
    /// Zero bytes.
    pub const ZERO: MemorySize = MemorySize(0);
    /// `MemorySize.MAX_VALUE` (`Long.MAX_VALUE` bytes).
    pub const MAX: MemorySize = MemorySize(i64::MAX);

    /// `bytes` as a size, `None` when negative.
    pub fn from_bytes(bytes: i64) -> Option<MemorySize> {
        (bytes >= 0).then_some(MemorySize(bytes))
    }

    /// `n` kibibytes (saturating at the maximum).
    pub const fn kibibytes(n: i64) -> MemorySize {
        MemorySize(n.saturating_mul(KIBI))
    }

    /// `n` mebibytes (saturating at the maximum).
    pub const fn mebibytes(n: i64) -> MemorySize {
        MemorySize(n.saturating_mul(MEBI))
    }

    /// The number of bytes.
    pub fn bytes(self) -> i64 {
        self.0
    }

    /// `getMebiBytes()`: whole mebibytes, rounded down.
    pub fn mebibytes_floor(self) -> i64 {
        self.0 >> 20
    }

    /// `add`: `Math.addExact`.
    pub fn checked_add(self, other: MemorySize) -> Result<MemorySize, SizeError> {
        self.0
            .checked_add(other.0)
            .map(MemorySize)
            .ok_or(SizeError::Overflow)
    }

    /// `subtract`: `Math.subtractExact`, then the non-negative check.
    pub fn checked_sub(self, other: MemorySize) -> Result<MemorySize, SizeError> {
        let difference = self.0.checked_sub(other.0).ok_or(SizeError::Overflow)?;
        MemorySize::from_bytes(difference).ok_or(SizeError::Negative)
    }

    /// `multiply(double)`: the exact decimal product, truncated (see [`java::multiply`]).
    pub fn multiply(self, multiplier: f64) -> Result<MemorySize, SizeError> {
        java::multiply(self.0, multiplier)
            .map(MemorySize)
            .map_err(|_| SizeError::Overflow)
    }

    /// `toHumanReadableString()`: `<n> bytes` up to 1024 bytes, else three decimals in the
    /// largest unit the size strictly exceeds, then the exact bytes.
    pub fn human(self) -> String {
        let unit = UNITS
            .iter()
            .enumerate()
            .filter(|(_, (multiplier, _))| self.0 > *multiplier)
            .map(|(i, _)| i)
            .max()
            .unwrap_or(0);
        match UNITS.get(unit) {
            Some((multiplier, names)) if unit > 0 => {
                let approximate = self.0 as f64 / *multiplier as f64;
                format!(
                    "{}{} ({} bytes)",
                    java::format_3_decimals(approximate),
                    names.get(1).copied().unwrap_or_default(),
                    self.0
                )
            }
            _ => format!("{} bytes", self.0),
        }
    }

    /// The short human part of [`MemorySize::human`]: `192.000mb`, or `0 bytes`.
    pub fn human_short(self) -> String {
        let full = self.human();
        match full.split_once(" (") {
            Some((short, _)) => short.to_owned(),
            None => full,
        }
    }

    /// Parses like `MemorySize.parse`, with its messages on failure.
    pub fn parse(text: &str) -> Result<MemorySize, String> {
        let trimmed = java::trim(text);
        if trimmed.is_empty() {
            return Err("argument is an empty- or whitespace-only string".to_owned());
        }
        let digits_end = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (number, rest) = trimmed.split_at(digits_end);
        let unit = java::trim(rest).to_lowercase();
        if number.is_empty() {
            return Err("text does not start with a number".to_owned());
        }
        let Some(value) = java::parse_long_digits(number) else {
            return Err(format!(
                "The value '{number}' cannot be re represented as 64bit number (numeric overflow)."
            ));
        };
        let multiplier = if unit.is_empty() {
            1
        } else {
            match UNITS
                .iter()
                .find(|(_, names)| names.contains(&unit.as_str()))
            {
                Some((multiplier, _)) => *multiplier,
                None => {
                    return Err(format!(
                        "Memory size unit '{unit}' does not match any of the recognized units: {}",
                        all_units()
                    ));
                }
            }
        };
        value.checked_mul(multiplier).map(MemorySize).ok_or_else(|| {
            format!(
                "The value '{text}' cannot be re represented as 64bit number of bytes (numeric overflow)."
            )
        })
    }

    /// The size as Flink writes it into a dynamic property: `<bytes>b`.
    pub fn as_bytes_option(self) -> String {
        format!("{}b", self.0)
    }
}

/// `MemoryUnit.getAllUnits()`.
fn all_units() -> String {
    UNITS
        .iter()
        .map(|(_, names)| format!("({})", names.join(" | ")))
        .collect::<Vec<_>>()
        .join(" / ")
}

impl fmt::Display for MemorySize {
    /// The human-readable form, as Flink's messages print sizes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_readable_like_flink() {
        let human = |b: i64| MemorySize(b).human();
        assert_eq!(human(0), "0 bytes");
        assert_eq!(human(1), "1 bytes");
        assert_eq!(human(1024), "1024 bytes");
        assert_eq!(human(1025), "1.001kb (1025 bytes)");
        assert_eq!(human(201_326_592), "192.000mb (201326592 bytes)");
        assert_eq!(human(1_342_177_280), "1.250gb (1342177280 bytes)");
        assert_eq!(human(26_843_546), "25.600mb (26843546 bytes)");
        assert_eq!(human(134_217_730), "128.000mb (134217730 bytes)");
        assert_eq!(human(1 << 30), "1024.000mb (1073741824 bytes)");
        assert_eq!(human(i64::MAX), "8388608.000tb (9223372036854775807 bytes)");
        assert_eq!(MemorySize(1088).human_short(), "1.063kb");
    }

    #[test]
    fn parse_like_flink() {
        let parse = |t: &str| MemorySize::parse(t).map(MemorySize::bytes);
        assert_eq!(parse("1728m"), Ok(1_811_939_328));
        assert_eq!(parse(" 64 MB "), Ok(64 << 20));
        assert_eq!(parse("1g"), Ok(1 << 30));
        assert_eq!(parse("100 kibibytes"), Ok(102_400));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("12345"), Ok(12345));
        assert_eq!(
            parse("1.5g"),
            Err("Memory size unit '.5g' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)".to_owned())
        );
        assert_eq!(
            parse("m"),
            Err("text does not start with a number".to_owned())
        );
        assert_eq!(
            parse("  "),
            Err("argument is an empty- or whitespace-only string".to_owned())
        );
        assert_eq!(
            parse("99999999999999999999"),
            Err("The value '99999999999999999999' cannot be re represented as 64bit number (numeric overflow).".to_owned())
        );
        assert_eq!(
            parse("9999999t"),
            Err("The value '9999999t' cannot be re represented as 64bit number of bytes (numeric overflow).".to_owned())
        );
        assert_eq!(
            parse("-1m"),
            Err("text does not start with a number".to_owned())
        );
    }

    #[test]
    fn arithmetic_fails_where_java_throws() {
        let a = MemorySize(5);
        assert_eq!(a.checked_sub(MemorySize(6)), Err(SizeError::Negative));
        assert_eq!(MemorySize::MAX.checked_add(a), Err(SizeError::Overflow));
        assert_eq!(a.checked_add(a), Ok(MemorySize(10)));
    }
}
