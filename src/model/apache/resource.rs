//! `jobManager.resource` and `taskManager.resource` as the operator reads them
//! (`FlinkConfigBuilder.parseResourceMemoryString`, the validator's `validateResources`).
//!
//! Memory is first read as a Flink size (`MemorySize.parse`: `2048m`, `2 g`, `512mb`) and
//! written as Flink prints sizes (`2 gb`); what Flink cannot read is upper-cased, stripped of
//! whitespace and a trailing `B`, its trailing `I` lower-cased, and read as a Kubernetes
//! quantity by fabric8 (`2Gi`, `1e6`), whose exact amount in bytes is written (`2147483648`;
//! with a fraction, `1610612736.0`, which Flink then refuses). CPUs are written as a Java
//! `double`.

use crate::memory::java;
use crate::memory::size::MemorySize;

/// What the operator writes as the process size for `memory`, or the message of the
/// exception it throws (`NumberFormatException` and friends of fabric8's parser).
pub fn memory_string(memory: &str) -> Result<String, String> {
    if let Ok(size) = MemorySize::parse(memory) {
        return Ok(flink_size_text(size.bytes()));
    }
    let mut quantity: String = memory
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if quantity.ends_with('B') {
        quantity.pop();
    }
    if quantity.ends_with('I') {
        quantity.pop();
        quantity.push('i');
    }
    numerical_amount(&quantity)
}

/// `MemorySize.toString()`: the size in the largest unit that divides it exactly, with the
/// unit's short name (`2 gb`, `512 mb`, `1000000 bytes`).
pub fn flink_size_text(bytes: i64) -> String {
    const UNITS: [(i64, &str); 4] = [
        (1 << 40, "tb"),
        (1 << 30, "gb"),
        (1 << 20, "mb"),
        (1 << 10, "kb"),
    ];
    for (multiplier, name) in UNITS {
        if bytes != 0 && bytes % multiplier == 0 {
            return format!("{} {name}", bytes / multiplier);
        }
    }
    format!("{bytes} bytes")
}

/// The validator's check of a memory setting: the message of what `MemorySize.parse` (of
/// what the operator writes) refuses.
pub fn memory_problem(memory: &str) -> Option<String> {
    match memory_string(memory) {
        Err(message) => Some(message),
        Ok(written) => MemorySize::parse(&written).err(),
    }
}

/// fabric8's `Quantity.parse(text).getNumericalAmount()` as text (a `BigDecimal`): the number
/// times its suffix, keeping the number's fraction digits.
fn numerical_amount(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("Invalid quantity string format passed.".to_owned());
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let (negative, digits) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    if let Some(bad) = digits.chars().find(|c| !c.is_ascii_digit() && *c != '.') {
        return Err(format!(
            "Character {bad} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
        ));
    }
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if (integer.is_empty() && fraction.is_empty()) || fraction.contains('.') {
        return Err(match suffix.chars().next() {
            Some(c) => format!(
                "Character {c} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
            ),
            None => "Invalid quantity string format passed.".to_owned(),
        });
    }
    let (base, exponent): (u128, u32) = match suffix {
        "" => (1, 0),
        "Ki" => (1024, 1),
        "Mi" => (1024, 2),
        "Gi" => (1024, 3),
        "Ti" => (1024, 4),
        "Pi" => (1024, 5),
        "Ei" => (1024, 6),
        "K" => (1000, 1),
        "M" => (1000, 2),
        "G" => (1000, 3),
        "T" => (1000, 4),
        "P" => (1000, 5),
        "E" => (1000, 6),
        other => match other.strip_prefix('E').and_then(|e| e.parse::<u32>().ok()) {
            Some(power) => (10, power),
            None => {
                let c = other.chars().next().unwrap_or(' ');
                return Err(format!(
                    "Character {c} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
                ));
            }
        },
    };
    let multiplier = base
        .checked_pow(exponent)
        .ok_or_else(|| "Invalid quantity string format passed.".to_owned())?;
    let unscaled: u128 = format!("{integer}{fraction}")
        .parse::<u128>()
        .unwrap_or_default();
    let product = unscaled
        .checked_mul(multiplier)
        .ok_or_else(|| "Invalid quantity string format passed.".to_owned())?;
    let text = product.to_string();
    let scale = fraction.len();
    let mut out = if scale == 0 {
        text
    } else {
        let padded = format!("{text:0>width$}", width = scale + 1);
        let (whole, part) = padded.split_at(padded.len() - scale);
        format!("{whole}.{part}")
    };
    if negative && product != 0 {
        out.insert(0, '-');
    }
    Ok(out)
}

/// A CPU count as the operator writes it (`Configuration.setDouble`: Java's
/// `Double.toString`, `1.0`).
pub fn cpu_text(cpu: f64) -> String {
    java::double_to_string(cpu)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `FlinkConfigBuilderTest`'s equivalences, and what Flink 1.20's `MemorySize` and the
    /// shaded fabric8 `Quantity` printed for the rest (Java 17).
    #[test]
    fn memory_strings_read_as_the_operator_reads_them() {
        for (input, written) in [
            ("2048m", "2 gb"),
            ("2g", "2 gb"),
            ("2gb", "2 gb"),
            ("2G", "2 gb"),
            ("2 g", "2 gb"),
            ("2gi", "2147483648"),
            ("2Gi", "2147483648"),
            ("2 Gi", "2147483648"),
            ("2gib", "2147483648"),
            ("2048Mi", "2147483648"),
            ("1Gi", "1073741824"),
            ("512m", "512 mb"),
            ("1000000b", "1000000 bytes"),
            ("1000000 b", "1000000 bytes"),
            ("1e6", "1000000"),
            ("1e6 b", "1000000"),
            ("1.5Gi", "1610612736.0"),
            ("1.5g", "1500000000.0"),
            ("2Ti", "2199023255552"),
            ("1Ki", "1024"),
            ("2k", "2 kb"),
            ("100", "100 bytes"),
        ] {
            assert_eq!(memory_string(input).as_deref(), Ok(written), "{input}");
        }
        assert_eq!(
            memory_string("abc"),
            Err("Character A is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.".to_owned())
        );
        assert_eq!(
            memory_string(""),
            Err("Invalid quantity string format passed.".to_owned())
        );
        assert_eq!(
            memory_problem("1.5Gi"),
            Some("Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)".to_owned())
        );
        assert_eq!(memory_problem("2048m"), None);
        assert_eq!(cpu_text(1.0), "1.0");
        assert_eq!(cpu_text(0.5), "0.5");
    }
}
