//! Kubernetes resource quantities (`resource.Quantity` of k8s.io/apimachinery), reproduced exactly.
//!
//! Contract, checked against apimachinery v0.36.2 (the version the reference operator builds with):
//!
//! * [`Quantity::parse`] accepts and rejects the same strings as Kubernetes' `ParseQuantity`, with
//!   the same three error messages, and yields the same exact value and [`QuantityFormat`]. That
//!   includes Kubernetes' quirks: `"."`, `"-"` and `"Mi"` parse as zero, `"1."` is one, `"1K"` is
//!   rejected (only lowercase `k` is a decimal suffix), precision finer than `1n` is rounded away
//!   from zero to `1n`, only binary-suffixed values are capped at 2^63-1 (decimal ones keep any
//!   magnitude), and an `e` exponent is read as an int64 and then truncated to int32, so
//!   `"1e4294967297"` means `1e1`. Surrounding whitespace is rejected; [`Quantity::parse_trimmed`]
//!   mirrors the JSON decoder, which trims it first.
//! * [`Quantity::canonical`] is Kubernetes' canonical form (`CanonicalizeBytes`): `1.5Gi` →
//!   `1536Mi`, `0.5` → `500m`, `1E6` → `1e6`.
//! * [`Display`](std::fmt::Display) is what Kubernetes' `String()` and `MarshalJSON` emit.
//!   Usually that is the canonical form, but a parsed string that Kubernetes' fast path already
//!   considers canonical enough is re-emitted verbatim: `"+1"`, `"1.500"`, `"1E6"`, `"007"` and
//!   `"1."` come back unchanged. Results of arithmetic never do.
//! * Values are exact decimals (no floating point); arithmetic refuses, rather than approximates,
//!   results beyond [`ARITHMETIC_DIGIT_LIMIT`] digits.
//! * Nothing here panics, whatever the input.
//!
//! Known differences, all outside any sane input: Kubernetes does exponent bookkeeping in int32
//! and wraps when a canonical exponent passes ±2^31, where this module stays exact; Kubernetes
//! takes minutes on exponents in the hundreds of millions (it materialises 10^n), where this
//! module answers at once; `Value()`/`MilliValue()` overflow silently in Kubernetes and saturate here,
//! and Kubernetes rounds some negative values toward zero there, where this module always rounds
//! away from zero.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Why a string is not a quantity; each message is Kubernetes' own, word for word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// The string does not have the shape of a number followed by a suffix (`ErrFormatWrong`).
    #[error(
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    )]
    Malformed,
    /// The number has no digits where Kubernetes' decimal parser needs one, e.g. `e-20`
    /// (`ErrNumeric`).
    #[error("unable to parse numeric part of quantity")]
    Numeric,
    /// The suffix is shaped right but names no unit, e.g. `1K`, `1Mi1`, `1e` (`ErrSuffix`).
    #[error("unable to parse quantity's suffix")]
    Suffix,
}

/// How a quantity is written out, remembered from the suffix it was parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityFormat {
    /// Powers of ten with SI letters: `n u m k M G T P E` (and no suffix).
    DecimalSI,
    /// Powers of two: `Ki Mi Gi Ti Pi Ei`.
    BinarySI,
    /// Powers of ten written as `e<exponent>`.
    DecimalExponent,
}

/// The most significant digits an arithmetic result may have (counting the zeros its exponent
/// stands for when that is positive). 10^4096 is far beyond any real quantity; the bound keeps
/// the work of [`Quantity::checked_add`], [`Quantity::checked_mul`] and binary formatting small.
pub const ARITHMETIC_DIGIT_LIMIT: usize = 4096;

/// A parsed Kubernetes quantity: an exact signed decimal value plus the format it prints in.
///
/// Equality and ordering compare values only, so `2Gi == 2048Mi` and `1k == 1000`.
#[derive(Debug, Clone)]
pub struct Quantity {
    negative: bool,
    magnitude: Magnitude,
    format: QuantityFormat,
    /// The input text, when Kubernetes' parser keeps it and `String()` re-emits it unchanged.
    verbatim: Option<String>,
}

impl Quantity {
    /// Parses a quantity exactly as Kubernetes' `ParseQuantity` does (see the module docs).
    pub fn parse(input: &str) -> Result<Quantity, QuantityError> {
        if input.is_empty() {
            return Err(QuantityError::Malformed);
        }
        if input == "0" {
            // Kubernetes short-circuits the most common literal and keeps it as its own text.
            return Ok(Quantity {
                verbatim: Some(input.to_owned()),
                ..Quantity::zero(QuantityFormat::DecimalSI)
            });
        }
        let scanned = scan(input)?;
        let unit = interpret_suffix(scanned.suffix).ok_or(QuantityError::Suffix)?;
        // Kubernetes replaces an empty integer part by "0" before measuring precision.
        let integer_len = scanned.integer.len().max(1);
        let digit_count = integer_len.saturating_add(scanned.fraction.len());
        // Go converts lengths to int32 by truncation; mirroring that keeps exponents identical.
        let fraction_len_i32 = scanned.fraction.len() as i32;

        let (mut magnitude, mut format, fast_path_keeps_text) = match unit {
            Unit::PowerOfTen { exponent, format } => {
                let scale = exponent.wrapping_sub(fraction_len_i32);
                // Kubernetes' int64 fast path: at most 18 digits and no rounding needed.
                let fast_path = digit_count <= 18 && scale >= -9;
                if !fast_path && !scanned.has_digit {
                    return Err(QuantityError::Numeric);
                }
                let keeps_text = fast_path && decimal_text_is_kept(&scanned, scale);
                // The slow path stores the scale negated in an int32, so a scale of i32::MIN
                // flips to +2^31; everywhere else this is just `scale`.
                let stored_scale = fraction_len_i32.wrapping_add(exponent.wrapping_neg());
                let magnitude = Magnitude::from_digit_strs(
                    scanned.integer,
                    scanned.fraction,
                    -i64::from(stored_scale),
                );
                (magnitude, format, keeps_text)
            }
            Unit::PowerOfTwo { exponent } => {
                let integer_value = small_integer_value(scanned.integer);
                let precision = 15 - integer_len as i64 - i64::from(exponent * 3 / 10) - 1;
                let fits_int64 = integer_value
                    .and_then(|value| value.checked_mul(1_i64 << exponent))
                    .is_some();
                let fast_path = scanned.fraction.is_empty() && precision >= 0 && fits_int64;
                if !fast_path && !scanned.has_digit {
                    return Err(QuantityError::Numeric);
                }
                // Kubernetes keeps the text when the integer is not a multiple of 8, i.e. when
                // it cannot be rewritten with a larger binary suffix.
                let keeps_text = fast_path && integer_value.is_some_and(|value| value & 7 != 0);
                let fraction_len = i64::try_from(scanned.fraction.len()).unwrap_or(i64::MAX);
                let magnitude =
                    Magnitude::from_digit_strs(scanned.integer, scanned.fraction, -fraction_len)
                        .times(1_u64 << exponent);
                (magnitude, QuantityFormat::BinarySI, keeps_text)
            }
        };

        // Requests smaller than a nano-unit still ask for something: round them up to 1n.
        magnitude = magnitude.rounded_up_to_nano();
        if format == QuantityFormat::BinarySI {
            let cap = Magnitude::from_u128(i64::MAX.unsigned_abs().into());
            if magnitude.cmp(&cap) == Ordering::Greater {
                magnitude = cap;
            }
            if !magnitude.is_zero() && magnitude.cmp(&Magnitude::one()) == Ordering::Less {
                // A fraction of a byte cannot be written with a binary suffix.
                format = QuantityFormat::DecimalSI;
            }
        }
        Ok(Quantity {
            negative: scanned.negative && !magnitude.is_zero(),
            magnitude,
            format,
            verbatim: fast_path_keeps_text.then(|| input.to_owned()),
        })
    }

    /// Parses like Kubernetes' JSON decoder, which trims surrounding whitespace (Go's
    /// `strings.TrimSpace`) before calling `ParseQuantity`.
    pub fn parse_trimmed(input: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(input.trim())
    }

    /// `mantissa × 10^exp10` in [`QuantityFormat::DecimalSI`], like Kubernetes'
    /// `NewScaledQuantity`; `(600, 6)` prints as `600M`. No rounding is applied.
    pub fn from_decimal_si(mantissa: i64, exp10: i32) -> Quantity {
        let magnitude = Magnitude::from_u128(mantissa.unsigned_abs().into())
            .with_exponent_shifted(i64::from(exp10));
        Quantity {
            negative: mantissa < 0,
            magnitude,
            format: QuantityFormat::DecimalSI,
            verbatim: None,
        }
    }

    /// The format this quantity prints in.
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// Whether the value is exactly zero.
    pub fn is_zero(&self) -> bool {
        self.magnitude.is_zero()
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The value as an integer, rounded away from zero (`500m` → 1, `2Gi` → 2147483648),
    /// saturating at the `i64` bounds.
    pub fn value(&self) -> i64 {
        self.scaled_value_rounded_up(0)
    }

    /// The value in thousandths, rounded away from zero (`0.1m` → 1, `2` → 2000), saturating
    /// at the `i64` bounds.
    pub fn milli_value(&self) -> i64 {
        self.scaled_value_rounded_up(3)
    }

    /// Kubernetes' canonical form (`CanonicalizeBytes`), ignoring any text kept from parsing.
    pub fn canonical(&self) -> String {
        if self.magnitude.is_zero() {
            return "0".to_owned();
        }
        let sign = if self.negative { "-" } else { "" };
        match self.format {
            QuantityFormat::BinarySI => match self.binary_si_text() {
                Some(text) => format!("{sign}{text}"),
                // Small or fractional values would lose meaning in powers of 1024.
                None => format!("{sign}{}", self.decimal_text(QuantityFormat::DecimalSI)),
            },
            QuantityFormat::DecimalSI | QuantityFormat::DecimalExponent => {
                format!("{sign}{}", self.decimal_text(self.format))
            }
        }
    }

    /// The exact sum, like Kubernetes' `Add`: it keeps `self`'s format, except that a zero
    /// `self` takes `other`'s. `None` if the result would exceed [`ARITHMETIC_DIGIT_LIMIT`].
    pub fn checked_add(&self, other: &Quantity) -> Option<Quantity> {
        let format = if self.is_zero() {
            other.format
        } else {
            self.format
        };
        let exponent = self.magnitude.exponent.min(other.magnitude.exponent);
        let self_digits = self.magnitude.aligned_digits(exponent)?;
        let other_digits = other.magnitude.aligned_digits(exponent)?;
        let (negative, digits) = if self.negative == other.negative {
            (self.negative, add_integers(&self_digits, &other_digits))
        } else {
            match compare_integers(&self_digits, &other_digits) {
                Ordering::Less => (
                    other.negative,
                    subtract_integers(&other_digits, &self_digits),
                ),
                _ => (
                    self.negative,
                    subtract_integers(&self_digits, &other_digits),
                ),
            }
        };
        Quantity::arithmetic_result(negative, Magnitude::new(digits, exponent), format)
    }

    /// The exact product with an integer, like Kubernetes' `Mul`; the format is kept. `None` if
    /// the result would exceed [`ARITHMETIC_DIGIT_LIMIT`].
    pub fn checked_mul(&self, factor: i64) -> Option<Quantity> {
        let magnitude = self.magnitude.times(factor.unsigned_abs());
        Quantity::arithmetic_result(self.negative != (factor < 0), magnitude, self.format)
    }

    fn arithmetic_result(
        negative: bool,
        magnitude: Magnitude,
        format: QuantityFormat,
    ) -> Option<Quantity> {
        if magnitude.written_len() > ARITHMETIC_DIGIT_LIMIT as i128 {
            return None;
        }
        Some(Quantity {
            negative: negative && !magnitude.is_zero(),
            magnitude,
            format,
            verbatim: None,
        })
    }

    fn zero(format: QuantityFormat) -> Quantity {
        Quantity {
            negative: false,
            magnitude: Magnitude::zero(),
            format,
            verbatim: None,
        }
    }

    /// `<n><Ki|Mi|…>` for an integer of magnitude at least 1024, else `None`.
    fn binary_si_text(&self) -> Option<String> {
        let is_integer = self.magnitude.exponent >= 0;
        let at_least_1024 = self.magnitude.cmp(&Magnitude::from_u128(1024)) != Ordering::Less;
        if !is_integer || !at_least_1024 {
            return None;
        }
        // Binary values come from capped parses or bounded arithmetic; refusing anything wider
        // only guards against building a huge integer by accident.
        let mut integer = self.magnitude.aligned_digits(0)?;
        let mut powers_of_1024 = 0_usize;
        while let Some(quotient) = divide_exactly(&integer, 1024) {
            integer = quotient;
            powers_of_1024 += 1;
        }
        // Kubernetes has no suffix past Ei and then prints the bare mantissa (sic).
        let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
            .get(powers_of_1024)
            .copied()
            .unwrap_or("");
        Some(format!("{}{suffix}", digits_to_string(&integer)))
    }

    /// The magnitude with its exponent lowered to a multiple of three, plus a suffix.
    fn decimal_text(&self, format: QuantityFormat) -> String {
        let exponent = self.magnitude.exponent;
        let padding = exponent.rem_euclid(3);
        let exponent = exponent - padding;
        let mut text = digits_to_string(&self.magnitude.digits);
        for _ in 0..padding {
            text.push('0');
        }
        let si_letter = match exponent {
            -9 => Some("n"),
            -6 => Some("u"),
            -3 => Some("m"),
            0 => Some(""),
            3 => Some("k"),
            6 => Some("M"),
            9 => Some("G"),
            12 => Some("T"),
            15 => Some("P"),
            18 => Some("E"),
            _ => None,
        };
        match format {
            // Past `E` and below `n` there is no letter, and Kubernetes then prints the bare
            // mantissa, losing the exponent (sic): `1000E` becomes `1`.
            QuantityFormat::DecimalSI => text.push_str(si_letter.unwrap_or("")),
            _ if exponent == 0 => {}
            _ => text.push_str(&format!("e{exponent}")),
        }
        text
    }

    /// `|value| × 10^shift` rounded up to an integer, signed, saturating at the `i64` bounds.
    fn scaled_value_rounded_up(&self, shift: i64) -> i64 {
        let rounded = self.magnitude.integer_rounded_up(shift);
        if self.negative {
            let limit = i64::MIN.unsigned_abs();
            rounded
                .filter(|value| *value <= u128::from(limit))
                .and_then(|value| u64::try_from(value).ok())
                .and_then(|value| 0_i64.checked_sub_unsigned(value))
                .unwrap_or(i64::MIN)
        } else {
            rounded
                .and_then(|value| i64::try_from(value).ok())
                .unwrap_or(i64::MAX)
        }
    }
}

/// Kubernetes' canonical form of `input`: [`Quantity::parse`] then [`Quantity::canonical`].
pub fn canonicalize(input: &str) -> Result<String, QuantityError> {
    Quantity::parse(input).map(|quantity| quantity.canonical())
}

/// What Kubernetes emits for `input` after parsing and marshalling it again: the canonical form,
/// or the input itself where Kubernetes keeps it (see the module docs).
pub fn reserialize(input: &str) -> Result<String, QuantityError> {
    Quantity::parse(input).map(|quantity| quantity.to_string())
}

impl fmt::Display for Quantity {
    /// Kubernetes' `String()`: the kept input text if any, else the canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.verbatim {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.canonical()),
        }
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    /// Same as [`Quantity::parse`].
    fn from_str(input: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(input)
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Quantity) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Quantity) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    /// Numeric order; the format and any kept text play no part.
    fn cmp(&self, other: &Quantity) -> Ordering {
        let sign = |quantity: &Quantity| match (quantity.negative, quantity.is_zero()) {
            (_, true) => 0,
            (true, false) => -1,
            (false, false) => 1,
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal if self.negative => other.magnitude.cmp(&self.magnitude),
            Ordering::Equal => self.magnitude.cmp(&other.magnitude),
            unequal => unequal,
        }
    }
}

/// The pieces of a quantity string as Kubernetes' scanner (`parseQuantityString`) splits it.
struct Scanned<'a> {
    negative: bool,
    /// Integer digits after leading zeros were skipped; may be empty.
    integer: &'a str,
    /// Digits after the decimal point; may be empty.
    fraction: &'a str,
    suffix: &'a str,
    /// Whether the number text holds any digit at all (`.` and `-` do not), which decides
    /// whether Kubernetes' slow path can parse it.
    has_digit: bool,
}

/// Splits `input` the way Kubernetes does; only the overall shape is checked here.
fn scan(input: &str) -> Result<Scanned<'_>, QuantityError> {
    let bytes = input.as_bytes();
    let at = |index: usize| bytes.get(index).copied();
    let slice = |from: usize, to: usize| input.get(from..to).ok_or(QuantityError::Malformed);
    let is_digit_at = |index: usize| at(index).is_some_and(|byte| byte.is_ascii_digit());

    let mut pos = 0;
    let mut negative = false;
    match at(0) {
        Some(b'-') => {
            negative = true;
            pos = 1;
        }
        Some(b'+') => pos = 1,
        _ => {}
    }
    let zeros_start = pos;
    while at(pos) == Some(b'0') {
        pos += 1;
    }
    let skipped_zeros = pos > zeros_start;
    // Only zeros (or just a sign): Kubernetes reads that as zero without looking further.
    let number_only = |integer, fraction, has_digit| Scanned {
        negative,
        integer,
        fraction,
        suffix: "",
        has_digit,
    };
    if pos >= bytes.len() {
        return Ok(number_only("", "", true));
    }
    let integer_start = pos;
    while is_digit_at(pos) {
        pos += 1;
    }
    let integer = slice(integer_start, pos)?;
    if pos >= bytes.len() {
        return Ok(number_only(integer, "", true));
    }
    let mut fraction = "";
    if at(pos) == Some(b'.') {
        pos += 1;
        let fraction_start = pos;
        while is_digit_at(pos) {
            pos += 1;
        }
        fraction = slice(fraction_start, pos)?;
    }
    let has_digit = skipped_zeros || !integer.is_empty() || !fraction.is_empty();
    if pos >= bytes.len() {
        return Ok(number_only(integer, fraction, has_digit));
    }
    // The suffix: unit letters, then an optional sign and digits (for `e`-exponents).
    let suffix_start = pos;
    while at(pos).is_some_and(|byte| b"eEinumkKMGTP".contains(&byte)) {
        pos += 1;
    }
    if matches!(at(pos), Some(b'-' | b'+')) {
        pos += 1;
    }
    while is_digit_at(pos) {
        pos += 1;
    }
    if pos < bytes.len() {
        return Err(QuantityError::Malformed);
    }
    Ok(Scanned {
        negative,
        integer,
        fraction,
        suffix: slice(suffix_start, bytes.len())?,
        has_digit,
    })
}

/// What a suffix multiplies the number by.
enum Unit {
    PowerOfTen {
        exponent: i32,
        format: QuantityFormat,
    },
    PowerOfTwo {
        exponent: u32,
    },
}

fn interpret_suffix(suffix: &str) -> Option<Unit> {
    let decimal = |exponent| {
        Some(Unit::PowerOfTen {
            exponent,
            format: QuantityFormat::DecimalSI,
        })
    };
    let binary = |exponent| Some(Unit::PowerOfTwo { exponent });
    match suffix {
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "" => decimal(0),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let exponent_text = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))?;
            // Kubernetes parses an int64 and then converts it to int32, wrapping silently.
            let exponent = go_parse_int64(exponent_text)? as i32;
            Some(Unit::PowerOfTen {
                exponent,
                format: QuantityFormat::DecimalExponent,
            })
        }
    }
}

/// Whether Kubernetes' decimal fast path keeps the input text as the quantity's string.
fn decimal_text_is_kept(scanned: &Scanned<'_>, scale: i32) -> bool {
    // Kubernetes checks the digit string it parsed, whose integer part is "0" when empty.
    let integer = if scanned.integer.is_empty() {
        "0"
    } else {
        scanned.integer
    };
    let shifted = format!("{integer}{}", scanned.fraction);
    scale % 3 == 0 && !shifted.ends_with("000") && !scanned.integer.is_empty()
}

/// The value of a short digit string (Kubernetes reads an empty one as 0); `None` if it does
/// not fit an `i64`.
fn small_integer_value(digits: &str) -> Option<i64> {
    digits.bytes().try_fold(0_i64, |value, byte| {
        value
            .checked_mul(10)?
            .checked_add(i64::from(byte.wrapping_sub(b'0')))
    })
}

/// Go's `strconv.ParseInt(text, 10, 64)`: an optional sign and decimal digits, in range.
fn go_parse_int64(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().try_fold(0_u64, |value, byte| {
        value.checked_mul(10)?.checked_add(u64::from(byte - b'0'))
    })?;
    if negative {
        0_i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// An exact non-negative decimal `digits × 10^exponent`, kept normalised: no leading or
/// trailing zero digits, and zero is no digits with exponent 0. Normalising makes equal values
/// structurally equal, so comparison never has to materialise zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Magnitude {
    /// Decimal digits (0..=9), most significant first.
    digits: Vec<u8>,
    exponent: i64,
}

impl Magnitude {
    fn new(digits: Vec<u8>, exponent: i64) -> Magnitude {
        let mut digits: Vec<u8> = digits.into_iter().skip_while(|&digit| digit == 0).collect();
        if digits.is_empty() {
            return Magnitude::zero();
        }
        let trailing_zeros = digits.iter().rev().take_while(|&&digit| digit == 0).count();
        digits.truncate(digits.len().saturating_sub(trailing_zeros));
        let trailing_zeros = i64::try_from(trailing_zeros).unwrap_or(i64::MAX);
        Magnitude {
            digits,
            exponent: exponent.saturating_add(trailing_zeros),
        }
    }

    fn zero() -> Magnitude {
        Magnitude {
            digits: Vec::new(),
            exponent: 0,
        }
    }

    fn one() -> Magnitude {
        Magnitude::from_u128(1)
    }

    fn from_u128(value: u128) -> Magnitude {
        let digits = value.to_string().bytes().map(|byte| byte - b'0').collect();
        Magnitude::new(digits, 0)
    }

    /// `integer.fraction × 10^exponent`, from ASCII digit strings.
    fn from_digit_strs(integer: &str, fraction: &str, exponent: i64) -> Magnitude {
        let digits = integer
            .bytes()
            .chain(fraction.bytes())
            .map(|byte| byte.wrapping_sub(b'0'))
            .collect();
        Magnitude::new(digits, exponent)
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    fn with_exponent_shifted(self, shift: i64) -> Magnitude {
        if self.is_zero() {
            return self;
        }
        Magnitude {
            exponent: self.exponent.saturating_add(shift),
            digits: self.digits,
        }
    }

    /// How many digits the value has when written without an exponent, ignoring any fraction.
    fn written_len(&self) -> i128 {
        let digit_count = i128::try_from(self.digits.len()).unwrap_or(i128::MAX);
        digit_count.saturating_add(i128::from(self.exponent.max(0)))
    }

    /// The digits of `self / 10^exponent`, which must be an integer (`exponent` at most
    /// `self.exponent`); `None` if that would take more than [`ARITHMETIC_DIGIT_LIMIT`] digits.
    fn aligned_digits(&self, exponent: i64) -> Option<Vec<u8>> {
        if self.is_zero() {
            return Some(Vec::new());
        }
        let padding = i128::from(self.exponent) - i128::from(exponent);
        let total = i128::try_from(self.digits.len()).ok()? + padding;
        if padding < 0 || total > ARITHMETIC_DIGIT_LIMIT as i128 + 1 {
            return None;
        }
        let mut digits = self.digits.clone();
        digits.resize(usize::try_from(total).ok()?, 0);
        Some(digits)
    }

    fn times(&self, factor: u64) -> Magnitude {
        Magnitude::new(multiply_integer(&self.digits, factor), self.exponent)
    }

    /// Rounds away from zero to a multiple of 10^-9, as Kubernetes does for parsed values.
    fn rounded_up_to_nano(self) -> Magnitude {
        const NANO: i64 = -9;
        if self.is_zero() || self.exponent >= NANO {
            return self;
        }
        // Normalised digits end in a non-zero digit, so dropping any of them loses a non-zero
        // remainder and the kept part must go up by one unit of 10^-9.
        let dropped = i128::from(NANO) - i128::from(self.exponent);
        let kept = i128::try_from(self.digits.len()).unwrap_or(i128::MAX) - dropped;
        let mut digits = self.digits;
        match usize::try_from(kept) {
            Ok(kept) if kept > 0 => digits.truncate(kept),
            _ => digits.clear(),
        }
        increment_integer(&mut digits);
        Magnitude::new(digits, NANO)
    }

    /// `self × 10^shift` rounded up to an integer; `None` if that exceeds `u128`.
    fn integer_rounded_up(&self, shift: i64) -> Option<u128> {
        if self.is_zero() {
            return Some(0);
        }
        let exponent = i128::from(self.exponent) + i128::from(shift);
        if exponent >= 0 {
            // 10^39 exceeds u128, so a longer integer cannot fit.
            if i128::try_from(self.digits.len()).ok()? + exponent > 39 {
                return None;
            }
            let ten_power = 10_u128.checked_pow(u32::try_from(exponent).ok()?)?;
            integer_value(&self.digits)?.checked_mul(ten_power)
        } else {
            let fraction_digits = usize::try_from(-exponent).unwrap_or(usize::MAX);
            let integer_digits = self.digits.len().saturating_sub(fraction_digits);
            let integer_part = integer_value(self.digits.get(..integer_digits)?)?;
            // The dropped fraction always ends in a non-zero digit (normalisation).
            integer_part.checked_add(1)
        }
    }
}

impl Ord for Magnitude {
    fn cmp(&self, other: &Magnitude) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        // The position of the leading digit decides, then the digits themselves; with no
        // trailing zeros, a digit string that is a prefix of the other is the smaller value.
        let leading_position = |magnitude: &Magnitude| {
            i128::try_from(magnitude.digits.len()).unwrap_or(i128::MAX)
                + i128::from(magnitude.exponent)
        };
        leading_position(self)
            .cmp(&leading_position(other))
            .then_with(|| self.digits.cmp(&other.digits))
    }
}

impl PartialOrd for Magnitude {
    fn partial_cmp(&self, other: &Magnitude) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn digits_to_string(digits: &[u8]) -> String {
    digits
        .iter()
        .map(|&digit| char::from(b'0' + digit))
        .collect()
}

fn integer_value(digits: &[u8]) -> Option<u128> {
    digits.iter().try_fold(0_u128, |value, &digit| {
        value.checked_mul(10)?.checked_add(u128::from(digit))
    })
}

/// Compares two integers given as digits without leading zeros.
fn compare_integers(left: &[u8], right: &[u8]) -> Ordering {
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

fn add_integers(left: &[u8], right: &[u8]) -> Vec<u8> {
    let mut sum = Vec::with_capacity(left.len().max(right.len()) + 1);
    let (mut left_digits, mut right_digits) = (left.iter().rev(), right.iter().rev());
    let mut carry = 0;
    loop {
        let (left_digit, right_digit) = (left_digits.next(), right_digits.next());
        if left_digit.is_none() && right_digit.is_none() {
            break;
        }
        let column = left_digit.copied().unwrap_or(0) + right_digit.copied().unwrap_or(0) + carry;
        sum.push(column % 10);
        carry = column / 10;
    }
    if carry > 0 {
        sum.push(carry);
    }
    sum.reverse();
    sum
}

/// `larger - smaller`, where `larger` is not the smaller integer.
fn subtract_integers(larger: &[u8], smaller: &[u8]) -> Vec<u8> {
    let mut difference = Vec::with_capacity(larger.len());
    let mut smaller_digits = smaller.iter().rev();
    let mut borrow = 0;
    for &digit in larger.iter().rev() {
        let subtrahend = smaller_digits.next().copied().unwrap_or(0) + borrow;
        if digit >= subtrahend {
            difference.push(digit - subtrahend);
            borrow = 0;
        } else {
            difference.push(digit + 10 - subtrahend);
            borrow = 1;
        }
    }
    difference.reverse();
    difference
}

fn multiply_integer(digits: &[u8], factor: u64) -> Vec<u8> {
    let mut product = Vec::with_capacity(digits.len() + 20);
    // Each column is at most 9 × (2^64 - 1) plus a carry below 2^64, far inside u128.
    let mut carry = 0_u128;
    for &digit in digits.iter().rev() {
        let column = u128::from(digit) * u128::from(factor) + carry;
        product.push((column % 10) as u8);
        carry = column / 10;
    }
    while carry > 0 {
        product.push((carry % 10) as u8);
        carry /= 10;
    }
    product.reverse();
    product
}

fn increment_integer(digits: &mut Vec<u8>) {
    for digit in digits.iter_mut().rev() {
        if *digit < 9 {
            *digit += 1;
            return;
        }
        *digit = 0;
    }
    digits.insert(0, 1);
}

/// `digits / divisor` if it divides evenly.
fn divide_exactly(digits: &[u8], divisor: u32) -> Option<Vec<u8>> {
    let divisor = u64::from(divisor);
    let mut quotient = Vec::with_capacity(digits.len());
    let mut remainder = 0_u64;
    for &digit in digits {
        let current = remainder * 10 + u64::from(digit);
        quotient.push((current / divisor) as u8);
        remainder = current % divisor;
    }
    (remainder == 0).then(|| quotient.into_iter().skip_while(|&d| d == 0).collect())
}

#[cfg(test)]
mod tests {
    use super::QuantityFormat::{BinarySI, DecimalExponent, DecimalSI};
    use super::*;

    fn quantity(text: &str) -> Quantity {
        match Quantity::parse(text) {
            Ok(quantity) => quantity,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    /// (input, `String()`, canonical form, format, `Value()`, `MilliValue()`), as printed by
    /// apimachinery v0.36.2 itself, except where noted: Kubernetes' int64 accessors overflow
    /// silently, where these saturate.
    #[rustfmt::skip] // One case per line keeps the table readable.
    const PARSED: &[(&str, &str, &str, QuantityFormat, i64, i64)] = &[
        ("1", "1", "1", DecimalSI, 1, 1000),
        ("0", "0", "0", DecimalSI, 0, 0),
        ("0.0", "0", "0", DecimalSI, 0, 0),
        ("-1", "-1", "-1", DecimalSI, -1, -1000),
        ("+1", "+1", "1", DecimalSI, 1, 1000),
        ("1.5Gi", "1536Mi", "1536Mi", BinarySI, 1610612736, 1610612736000),
        ("2048Mi", "2Gi", "2Gi", BinarySI, 2147483648, 2147483648000),
        ("1Gi", "1Gi", "1Gi", BinarySI, 1073741824, 1073741824000),
        ("4Gi", "4Gi", "4Gi", BinarySI, 4294967296, 4294967296000),
        ("500Mi", "500Mi", "500Mi", BinarySI, 524288000, 524288000000),
        ("512Mi", "512Mi", "512Mi", BinarySI, 536870912, 536870912000),
        ("100Gi", "100Gi", "100Gi", BinarySI, 107374182400, 107374182400000),
        ("0.5", "500m", "500m", DecimalSI, 1, 500),
        (".5", "500m", "500m", DecimalSI, 1, 500),
        ("5.", "5.", "5", DecimalSI, 5, 5000),
        ("1e3", "1e3", "1e3", DecimalExponent, 1000, 1000000),
        ("1E3", "1E3", "1e3", DecimalExponent, 1000, 1000000),
        ("1e-3", "1e-3", "1e-3", DecimalExponent, 1, 1),
        // Decimal values are not capped (Kubernetes overflows Value() here).
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
            "123456789012345678901234567890",
            DecimalSI,
            i64::MAX,
            i64::MAX,
        ),
        (
            "9223372036854775807",
            "9223372036854775807",
            "9223372036854775807",
            DecimalSI,
            i64::MAX,
            i64::MAX,
        ),
        ("1n", "1n", "1n", DecimalSI, 1, 1),
        ("1u", "1u", "1u", DecimalSI, 1, 1),
        ("1k", "1k", "1k", DecimalSI, 1000, 1000000),
        ("0.5Gi", "512Mi", "512Mi", BinarySI, 536870912, 536870912000),
        ("1.5Ki", "1536", "1536", BinarySI, 1536, 1536000),
        ("1Ki", "1Ki", "1Ki", BinarySI, 1024, 1024000),
        ("1023Ki", "1023Ki", "1023Ki", BinarySI, 1047552, 1047552000),
        ("1024Ki", "1Mi", "1Mi", BinarySI, 1048576, 1048576000),
        ("2000Mi", "2000Mi", "2000Mi", BinarySI, 2097152000, 2097152000000),
        ("1536Mi", "1536Mi", "1536Mi", BinarySI, 1610612736, 1610612736000),
        ("1.5", "1500m", "1500m", DecimalSI, 2, 1500),
        ("2", "2", "2", DecimalSI, 2, 2000),
        ("1000", "1k", "1k", DecimalSI, 1000, 1000000),
        ("1500", "1500", "1500", DecimalSI, 1500, 1500000),
        ("600M", "600M", "600M", DecimalSI, 600000000, 600000000000),
        ("600000000", "600M", "600M", DecimalSI, 600000000, 600000000000),
        ("1.5e3", "1500", "1500", DecimalExponent, 1500, 1500000),
        ("1E6", "1E6", "1e6", DecimalExponent, 1000000, 1000000000),
        ("10e2", "1e3", "1e3", DecimalExponent, 1000, 1000000),
        ("100m", "100m", "100m", DecimalSI, 1, 100),
        ("0.1", "100m", "100m", DecimalSI, 1, 100),
        ("1000m", "1", "1", DecimalSI, 1, 1000),
        ("12000", "12k", "12k", DecimalSI, 12000, 12000000),
        ("1.0", "1", "1", DecimalSI, 1, 1000),
        ("2.50", "2500m", "2500m", DecimalSI, 3, 2500),
        ("0.1n", "1n", "1n", DecimalSI, 1, 1),
        ("1.0000000001", "1000000001n", "1000000001n", DecimalSI, 2, 1001),
        ("500m", "500m", "500m", DecimalSI, 1, 500),
        ("200m", "200m", "200m", DecimalSI, 1, 200),
        ("0.1m", "100u", "100u", DecimalSI, 1, 1),
        ("Mi", "0", "0", BinarySI, 0, 0),
        (".", "0", "0", DecimalSI, 0, 0),
        ("-", "0", "0", DecimalSI, 0, 0),
        ("1.", "1.", "1", DecimalSI, 1, 1000),
        ("1.G", "1.G", "1G", DecimalSI, 1000000000, 1000000000000),
        ("007", "007", "7", DecimalSI, 7, 7000),
        ("1.500", "1.500", "1500m", DecimalSI, 2, 1500),
        ("+1Ki", "+1Ki", "1Ki", BinarySI, 1024, 1024000),
        ("01Ki", "01Ki", "1Ki", BinarySI, 1024, 1024000),
        // Binary values are capped at 2^63-1.
        ("8Ei", "9223372036854775807", "9223372036854775807", BinarySI, i64::MAX, i64::MAX),
        ("-8Ei", "-9223372036854775807", "-9223372036854775807", BinarySI, -i64::MAX, i64::MIN),
        ("9223372036854775807Ki", "9223372036854775807", "9223372036854775807", BinarySI, i64::MAX, i64::MAX),
        // The exponent is truncated to int32: 4294967297 = 2^32 + 1.
        ("1e4294967297", "10", "10", DecimalExponent, 10, 10000),
        // Past `E` Kubernetes prints the bare mantissa (sic).
        ("1000E", "1", "1", DecimalSI, i64::MAX, i64::MAX),
        ("12E", "12E", "12E", DecimalSI, i64::MAX, i64::MAX),
        ("1e21", "1e21", "1e21", DecimalExponent, i64::MAX, i64::MAX),
        ("0.000000000001Ki", "2n", "2n", DecimalSI, 1, 1),
        (".001Ki", "1024m", "1024m", BinarySI, 2, 1024),
        // Kubernetes says 1 and -101 here: its inf.Dec path truncates and then adds one.
        ("-0.0001Ki", "-102400u", "-102400u", DecimalSI, -1, -103),
        ("3.001n", "4n", "4n", DecimalSI, 1, 1),
        ("1.1E-9", "2e-9", "2e-9", DecimalExponent, 1, 1),
        ("0.00000012345", "124n", "124n", DecimalSI, 1, 1),
        ("100.035Ki", "102435840m", "102435840m", BinarySI, 102436, 102435840),
        ("0.05Gi", "53687091200m", "53687091200m", BinarySI, 53687092, 53687091200),
        ("0.025Ti", "27487790694400m", "27487790694400m", BinarySI, 27487790695, 27487790694400),
        ("18446744073709551616", "18446744073709551616", "18446744073709551616", DecimalSI, i64::MAX, i64::MAX),
        ("9999999999999999999.1", "9999999999999999999100m", "9999999999999999999100m", DecimalSI, i64::MAX, i64::MAX),
        ("-9223372036854775808", "-9223372036854775808", "-9223372036854775808", DecimalSI, i64::MIN, i64::MIN),
        ("0Ki", "0", "0", BinarySI, 0, 0),
        ("1.5E", "1500P", "1500P", DecimalSI, 1500000000000000000, i64::MAX),
    ];

    #[test]
    fn parses_like_kubernetes() {
        for &(input, displayed, canonical, format, value, milli_value) in PARSED {
            let parsed = quantity(input);
            assert_eq!(parsed.to_string(), displayed, "Display of {input:?}");
            assert_eq!(parsed.canonical(), canonical, "canonical of {input:?}");
            assert_eq!(parsed.format(), format, "format of {input:?}");
            assert_eq!(parsed.value(), value, "value of {input:?}");
            assert_eq!(
                parsed.milli_value(),
                milli_value,
                "milli value of {input:?}"
            );
            assert_eq!(canonicalize(input).as_deref(), Ok(canonical));
            assert_eq!(reserialize(input).as_deref(), Ok(displayed));
            assert_eq!(input.parse::<Quantity>().as_ref(), Ok(&parsed));
        }
    }

    #[test]
    fn canonical_form_is_a_fixed_point() {
        for &(input, _, canonical, _, _, _) in PARSED {
            let reparsed = quantity(canonical);
            assert_eq!(reparsed.canonical(), canonical, "from {input:?}");
            assert_eq!(reparsed.to_string(), canonical, "from {input:?}");
        }
    }

    #[test]
    fn rejects_like_kubernetes() {
        use QuantityError::{Malformed, Numeric, Suffix};
        let cases = [
            ("", Malformed),
            ("abc", Malformed),
            ("aoeu", Malformed),
            ("1 Gi", Malformed),
            (" 1", Malformed),
            ("1 ", Malformed),
            ("1.2.3", Malformed),
            ("1.1.M", Malformed),
            ("1+1.0M", Malformed),
            ("1e5m", Malformed),
            ("１", Malformed),
            ("1é", Malformed),
            ("1K", Suffix),
            ("1Mi1", Suffix),
            ("1e", Suffix),
            ("1e+", Suffix),
            ("--1", Suffix),
            ("0.1mi", Suffix),
            ("0.1am", Malformed),
            (".5i", Suffix),
            ("1i", Suffix),
            ("-3.01i", Suffix),
            ("-3.01e-", Suffix),
            ("1ki", Suffix),
            ("1e9223372036854775808", Suffix),
            // No digit for the slow path to parse.
            ("e-20", Numeric),
            (".e-10", Numeric),
            ("Ei", Numeric),
            ("Pi", Numeric),
        ];
        for (input, expected) in cases {
            assert_eq!(Quantity::parse(input).err(), Some(expected), "{input:?}");
        }
    }

    #[test]
    fn error_messages_are_kubernetes_own() {
        assert_eq!(
            QuantityError::Malformed.to_string(),
            "quantities must match the regular expression \
             '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(
            QuantityError::Numeric.to_string(),
            "unable to parse numeric part of quantity"
        );
        assert_eq!(
            QuantityError::Suffix.to_string(),
            "unable to parse quantity's suffix"
        );
    }

    #[test]
    fn trimmed_parse_mirrors_the_json_decoder() {
        let parsed = Quantity::parse_trimmed(" \t1.5Gi\n");
        assert_eq!(parsed.map(|q| q.to_string()).as_deref(), Ok("1536Mi"));
        assert_eq!(
            Quantity::parse_trimmed(" +1 ")
                .map(|q| q.to_string())
                .as_deref(),
            Ok("+1")
        );
    }

    #[test]
    fn huge_inputs_are_handled_quickly_without_panicking() {
        let long_number = "7".repeat(10_000);
        let parsed = quantity(&long_number);
        assert_eq!(parsed.canonical(), long_number);
        assert_eq!(parsed.value(), i64::MAX);

        // Kubernetes needs minutes for these (it builds 10^727379960); the int32 truncation of
        // 999999999999 gives -727379969, and anything that small rounds up to 1n.
        let tiny = quantity("1e999999999999");
        assert_eq!(tiny.canonical(), "1e-9");
        assert_eq!(tiny.format(), DecimalExponent);
        assert_eq!(quantity("-1e999999999999").canonical(), "-1e-9");

        let capped = quantity(&format!("{long_number}.{long_number}Ei"));
        assert_eq!(capped.canonical(), "9223372036854775807");
        let fraction = quantity(&format!("0.{long_number}Ki"));
        assert_eq!(fraction.canonical(), "796444444445n");
        assert_eq!(quantity("1e2147483647").canonical(), "10e2147483646");
    }

    #[test]
    fn no_short_string_panics() {
        let alphabet = [
            "", "0", "1", "9", ".", "+", "-", "e", "E", "i", "K", "k", "M", "m", "n", "u", " ", "é",
        ];
        for first in alphabet {
            for second in alphabet {
                for third in alphabet {
                    for fourth in alphabet {
                        let input = format!("{first}{second}{third}{fourth}");
                        if let Ok(parsed) = Quantity::parse(&input) {
                            let _ = (parsed.canonical(), parsed.to_string());
                            let _ = (parsed.value(), parsed.milli_value());
                            let _ = parsed.checked_add(&parsed);
                            let _ = parsed.checked_mul(i64::MIN);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn values_compare_numerically() {
        assert_eq!(quantity("2Gi"), quantity("2048Mi"));
        assert_eq!(quantity("1k"), quantity("1000"));
        assert_eq!(quantity("1e3"), quantity("1000000m"));
        assert_eq!(quantity("0"), quantity("-0.0Ki"));
        let mut ascending = ["1Ki", "-1", "1n", "0", "1k", "-2", "999", "1e3", "1.5"].map(quantity);
        ascending.sort();
        let sorted: Vec<String> = ascending.iter().map(Quantity::canonical).collect();
        assert_eq!(
            sorted,
            ["-2", "-1", "0", "1n", "1500m", "999", "1k", "1e3", "1Ki"]
        );
        assert!(quantity("10000T") > quantity("100Gi"));
        assert!(quantity("-1n").is_negative());
        assert!(!quantity("-0").is_negative());
        assert!(quantity("0Mi").is_zero());
    }

    #[test]
    fn arithmetic_keeps_kubernetes_formats() {
        let add = |left: &str, right: &str| {
            quantity(left)
                .checked_add(&quantity(right))
                .map(|sum| sum.to_string())
        };
        let mul =
            |left: &str, factor: i64| quantity(left).checked_mul(factor).map(|p| p.to_string());
        assert_eq!(add("1Gi", "512Mi").as_deref(), Some("1536Mi"));
        assert_eq!(add("0", "1Gi").as_deref(), Some("1Gi"));
        assert_eq!(add("1Gi", "500m").as_deref(), Some("1073741824500m"));
        assert_eq!(add("0Mi", "1.5").as_deref(), Some("1500m"));
        assert_eq!(add("1", "-1").as_deref(), Some("0"));
        assert_eq!(add("-1Gi", "512Mi").as_deref(), Some("-512Mi"));
        // Arithmetic is not capped, unlike parsing.
        assert_eq!(add("4Ei", "4Ei").as_deref(), Some("8Ei"));
        assert_eq!(
            add("9223372036854775807", "1").as_deref(),
            Some("9223372036854775808")
        );
        assert_eq!(mul("512Mi", 3).as_deref(), Some("1536Mi"));
        assert_eq!(mul("1.5", -2).as_deref(), Some("-3"));
        assert_eq!(mul("1Gi", 0).as_deref(), Some("0"));
        // 2^72: there is no suffix past Ei (sic).
        assert_eq!(mul("4Ei", 1024).as_deref(), Some("4"));

        let pods = ["1Gi", "512Mi", "512Mi", "1.5Gi", "1Gi"];
        let total = pods
            .iter()
            .try_fold(quantity("0"), |sum, pod| sum.checked_add(&quantity(pod)));
        assert_eq!(total.map(|sum| sum.to_string()).as_deref(), Some("4608Mi"));
    }

    #[test]
    fn arithmetic_refuses_absurd_sizes() {
        assert!(quantity("1e5000").checked_add(&quantity("1")).is_none());
        assert!(quantity("1e4090").checked_mul(i64::MAX).is_none());
        assert!(quantity("1e4000").checked_mul(2).is_some());
    }

    #[test]
    fn scaled_constructor_matches_new_scaled_quantity() {
        assert_eq!(Quantity::from_decimal_si(600, 6).to_string(), "600M");
        assert_eq!(Quantity::from_decimal_si(1500, -3).to_string(), "1500m");
        assert_eq!(Quantity::from_decimal_si(-5, 0).to_string(), "-5");
        assert_eq!(Quantity::from_decimal_si(0, 9).to_string(), "0");
        // Below `n` there is no letter either, and Kubernetes drops the exponent (sic).
        assert_eq!(Quantity::from_decimal_si(1, -12).to_string(), "1");
        assert_eq!(Quantity::from_decimal_si(i64::MIN, 0).value(), i64::MIN);
    }

    #[test]
    fn integer_accessors_round_away_from_zero_and_saturate() {
        assert_eq!(quantity("-1.5").value(), -2);
        assert_eq!(quantity("-0.1m").milli_value(), -1);
        assert_eq!(quantity("1e30").value(), i64::MAX);
        assert_eq!(quantity("-1e30").milli_value(), i64::MIN);
        assert_eq!(quantity("9223372036854775807.5").value(), i64::MAX);
        assert_eq!(quantity("-9223372036854775808").value(), i64::MIN);
        assert_eq!(quantity("-9223372036854775809").value(), i64::MIN);
    }
}
