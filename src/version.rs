//! Flink version strings (`spec.flinkVersion`), parsed and compared like hashicorp/go-version.
//!
//! Contract, checked against go-version v1.9.0 (the version the reference operator builds with):
//!
//! * [`FlinkVersion::parse`] accepts exactly what `version.NewVersion` accepts, i.e. what matches
//!   go-version's `VersionRegexpRaw` (split over lines here), anchored at both ends:
//!
//!   ```text
//!   v?([0-9]+(\.[0-9]+)*?)
//!   (-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)
//!    |(-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?
//!   (\+([0-9A-Za-z\-~]+(\.[0-9A-Za-z\-~]+)*))??
//!   ```
//!
//!   It also extracts the same pre-release and metadata. So `v1.11`, `01.2`, `1.2.3.4`,
//!   `1.2beta` and `1.10-SNAPSHOT+build.5` parse, while `1.10.`, `1..2`, ` 1.2` and `latest` do
//!   not. Numeric segments must fit an int64. Error messages are go-version's, word for word.
//! * [`FlinkVersion::compare`] is go-version's `Compare`, quirks included: missing segments count
//!   as zero (`1.10` equals `1.10.0`), a pre-release sorts before its release
//!   (`1.10-SNAPSHOT` < `1.10`) but is ignored when the segment counts differ
//!   (`1.2.3.0-rc1` equals `1.2.3`), and metadata never matters. Because of those quirks the
//!   comparison is not a total order, so this type deliberately implements neither `Ord` nor
//!   `PartialEq`: use [`FlinkVersion::compare`], [`FlinkVersion::less_than`] or
//!   [`FlinkVersion::at_least`].
//! * [`SpecVersion`] is `spec.flinkVersion` as the operator reads it: unset (`""`, which the
//!   API server stores for a missing version), a version, or malformed.
//! * Nothing here panics, whatever the input.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Why a string is not a version; messages are go-version v1.9.0's own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// The string does not match go-version's pattern; the message repeats the input.
    #[error("malformed version: {0}")]
    Malformed(String),
    /// A numeric segment does not fit an int64; the message names that segment.
    #[error("error parsing version: strconv.ParseInt: parsing \"{0}\": value out of range")]
    SegmentOutOfRange(String),
}

/// A parsed version string such as `1.14.2`, `v1.11` or `1.10-SNAPSHOT`.
#[derive(Debug, Clone)]
pub struct FlinkVersion {
    original: String,
    /// Numeric segments, padded with zeros to at least three as go-version does.
    segments: Vec<u64>,
    /// The pre-release identifiers without the leading `-`; empty if none.
    prerelease: String,
    /// The build metadata without the leading `+`; empty if none.
    metadata: String,
}

impl FlinkVersion {
    /// Parses like go-version's `NewVersion` (see the module docs).
    pub fn parse(input: &str) -> Result<FlinkVersion, VersionError> {
        let malformed = || VersionError::Malformed(input.to_owned());
        let unprefixed = input.strip_prefix('v').unwrap_or(input);
        let (segment_text, rest) = split_numeric_segments(unprefixed).ok_or_else(malformed)?;
        // Neither a pre-release nor metadata may contain `+`, so the first one separates them.
        let (prerelease_text, metadata) = match rest.split_once('+') {
            Some((prerelease_text, metadata)) if is_dotted_identifiers(metadata) => {
                (prerelease_text, metadata)
            }
            Some(_) => return Err(malformed()),
            None => (rest, ""),
        };
        let prerelease = prerelease_of(prerelease_text).ok_or_else(malformed)?;
        // Only a well-formed string gets its segments converted, as in go-version.
        let mut segments = segment_text
            .split('.')
            .map(|segment| match go_parse_int64(segment) {
                // The pattern admits digits only, so a value is never negative.
                Ok(value) => Ok(value.unsigned_abs()),
                Err(_) => Err(VersionError::SegmentOutOfRange(segment.to_owned())),
            })
            .collect::<Result<Vec<u64>, VersionError>>()?;
        if segments.len() < 3 {
            segments.resize(3, 0);
        }
        Ok(FlinkVersion {
            original: input.to_owned(),
            segments,
            prerelease: prerelease.to_owned(),
            metadata: metadata.to_owned(),
        })
    }

    /// The first numeric segment.
    pub fn major(&self) -> u64 {
        self.segments.first().copied().unwrap_or(0)
    }

    /// The second numeric segment, 0 if the string had none.
    pub fn minor(&self) -> u64 {
        self.segments.get(1).copied().unwrap_or(0)
    }

    /// All numeric segments, padded with zeros to at least three (`1.10` → `[1, 10, 0]`).
    pub fn segments(&self) -> &[u64] {
        &self.segments
    }

    /// The pre-release part without its `-` (`1.10-SNAPSHOT` → `SNAPSHOT`), or empty.
    pub fn prerelease(&self) -> &str {
        &self.prerelease
    }

    /// The build metadata without its `+`, or empty.
    pub fn metadata(&self) -> &str {
        &self.metadata
    }

    /// go-version's `Compare` (see the module docs for its quirks).
    pub fn compare(&self, other: &FlinkVersion) -> Ordering {
        compare_versions(
            (&self.segments, &self.prerelease),
            (&other.segments, &other.prerelease),
        )
    }

    /// go-version's `LessThan`.
    pub fn less_than(&self, other: &FlinkVersion) -> bool {
        self.compare(other) == Ordering::Less
    }

    /// Whether this version is not `LessThan` the version `<major>.<minor>`; `1.10-SNAPSHOT`
    /// is not at least 1.10, `1.10.0` and `v1.11` are.
    pub fn at_least(&self, major: u64, minor: u64) -> bool {
        compare_versions((&self.segments, &self.prerelease), (&[major, minor, 0], ""))
            != Ordering::Less
    }
}

/// `spec.flinkVersion` as the operator reads it: one of three things, never a made-up number.
///
/// The field is required by the CRD, but the operator's mutating webhook writes a missing
/// `flinkVersion` back as `""` before the API server checks it, so an empty version is a stored
/// value like any other. The operator's code reads it as no version at all: older than every
/// release, so memory is set with heap sizes as before Flink 1.10 and the configuration file is
/// `flink-conf.yaml`. Code that needs a version feature should ask [`SpecVersion::known`] and
/// treat `None` as "before 1.10, features unknown".
#[derive(Debug, Clone)]
pub enum SpecVersion {
    /// Empty: left out, as the API server stores it.
    Unset,
    /// A version go-version parses.
    Known(FlinkVersion),
    /// Text go-version refuses; the operator's validating webhook refuses the cluster.
    Malformed(VersionError),
}

impl SpecVersion {
    /// Reads `spec.flinkVersion`.
    pub fn of(text: &str) -> SpecVersion {
        if text.is_empty() {
            return SpecVersion::Unset;
        }
        match FlinkVersion::parse(text) {
            Ok(version) => SpecVersion::Known(version),
            Err(error) => SpecVersion::Malformed(error),
        }
    }

    /// The version, when there is one.
    pub fn known(&self) -> Option<&FlinkVersion> {
        match self {
            SpecVersion::Known(version) => Some(version),
            SpecVersion::Unset | SpecVersion::Malformed(_) => None,
        }
    }

    /// Whether the operator sizes memory with Flink's process size (Flink 1.10 and later)
    /// rather than heap sizes; an unset or malformed version is older.
    pub fn uses_process_memory(&self) -> bool {
        self.known().is_some_and(|v| v.at_least(1, 10))
    }
}

impl fmt::Display for FlinkVersion {
    /// The string as it was given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

impl FromStr for FlinkVersion {
    type Err = VersionError;

    /// Same as [`FlinkVersion::parse`].
    fn from_str(input: &str) -> Result<FlinkVersion, VersionError> {
        FlinkVersion::parse(input)
    }
}

/// Splits `1.2.3-rc1` into `1.2.3` and `-rc1`. Every `.` followed by a digit continues the
/// numbers: nothing after them may start with `.` or a digit, so the regular expression's lazy
/// repetition always ends up taking all of them.
fn split_numeric_segments(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let digits_from = |start: usize| {
        bytes.get(start..).map_or(0, |tail| {
            tail.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let mut end = digits_from(0);
    if end == 0 {
        return None;
    }
    while bytes.get(end) == Some(&b'.') {
        let run = digits_from(end + 1);
        if run == 0 {
            break;
        }
        end += 1 + run;
    }
    Some((text.get(..end)?, text.get(end..)?))
}

/// The pre-release that go-version's capture groups yield for the text between the numbers and
/// any `+`, or `None` if the pattern cannot match it. Tried in the order the regular expression
/// prefers: `-` and a digit-led identifier, `-` and a letter-led one, then a letter-led one
/// with no separating `-` (which may itself start with `-`, as in `1.2-` or `1.2-.x`).
fn prerelease_of(text: &str) -> Option<&str> {
    if text.is_empty() {
        return Some("");
    }
    if let Some(after_dash) = text.strip_prefix('-') {
        let starts_with_digit = after_dash
            .bytes()
            .next()
            .is_some_and(|byte| byte.is_ascii_digit());
        if (starts_with_digit || starts_letter_led(after_dash)) && is_dotted_identifiers(after_dash)
        {
            return Some(after_dash);
        }
    }
    (starts_letter_led(text) && is_dotted_identifiers(text)).then_some(text)
}

fn starts_letter_led(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|byte| byte.is_ascii_alphabetic() || byte == b'-' || byte == b'~')
}

/// One or more non-empty identifiers of `[0-9A-Za-z-~]`, separated by single dots.
fn is_dotted_identifiers(text: &str) -> bool {
    text.split('.').all(|identifier| {
        !identifier.is_empty()
            && identifier
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'~')
    })
}

fn compare_versions(left: (&[u64], &str), right: (&[u64], &str)) -> Ordering {
    let ((left_segments, left_prerelease), (right_segments, right_prerelease)) = (left, right);
    // Pre-releases are only consulted when the segment lists are identical, length included.
    if left_segments == right_segments {
        return match (left_prerelease.is_empty(), right_prerelease.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prereleases(left_prerelease, right_prerelease),
        };
    }
    let all_zero = |segments: &[u64]| segments.iter().all(|&segment| segment == 0);
    for index in 0..left_segments.len().max(right_segments.len()) {
        match (left_segments.get(index), right_segments.get(index)) {
            (Some(left_segment), Some(right_segment)) => match left_segment.cmp(right_segment) {
                Ordering::Equal => {}
                unequal => return unequal,
            },
            // Extra segments only matter if one of them is not zero.
            (None, _) => {
                let rest = right_segments.get(index..).unwrap_or_default();
                return if all_zero(rest) {
                    Ordering::Equal
                } else {
                    Ordering::Less
                };
            }
            (_, None) => {
                let rest = left_segments.get(index..).unwrap_or_default();
                return if all_zero(rest) {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                };
            }
        }
    }
    Ordering::Equal
}

fn compare_prereleases(left: &str, right: &str) -> Ordering {
    if left == right {
        return Ordering::Equal;
    }
    let left_parts: Vec<&str> = left.split('.').collect();
    let right_parts: Vec<&str> = right.split('.').collect();
    for index in 0..left_parts.len().max(right_parts.len()) {
        let left_part = left_parts.get(index).copied().unwrap_or("");
        let right_part = right_parts.get(index).copied().unwrap_or("");
        match compare_prerelease_parts(left_part, right_part) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
    }
    Ordering::Equal
}

/// go-version's `comparePart`, including its asymmetries: numerically equal but differently
/// written parts (`01` and `1`) each compare as less than the other, and an out-of-range number
/// counts as non-numeric but still brings its clamped value into the final comparison.
fn compare_prerelease_parts(left: &str, right: &str) -> Ordering {
    if left == right {
        return Ordering::Equal;
    }
    let (left_value, left_numeric) = match go_parse_int64(left) {
        Ok(value) => (value, true),
        Err(value) => (value, false),
    };
    let (right_value, right_numeric) = match go_parse_int64(right) {
        Ok(value) => (value, true),
        Err(value) => (value, false),
    };
    // A missing part sorts below a numeric one and above a textual one.
    if left.is_empty() {
        return if right_numeric {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    if right.is_empty() {
        return if left_numeric {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    }
    match (left_numeric, right_numeric) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) if left > right => Ordering::Greater,
        _ if left_value > right_value => Ordering::Greater,
        _ => Ordering::Less,
    }
}

/// Go's `strconv.ParseInt(text, 10, 64)`: `Ok` with the value, or `Err` with the value Go
/// returns alongside its error (0 for a syntax error, the clamped bound when out of range).
pub(crate) fn go_parse_int64(text: &str) -> Result<i64, i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or("")),
        Some(b'+') => (false, text.get(1..).unwrap_or("")),
        _ => (false, text),
    };
    let out_of_range = if negative { i64::MIN } else { i64::MAX };
    if digits.is_empty() {
        return Err(0);
    }
    let mut magnitude = 0_u64;
    for byte in digits.bytes() {
        // Go reports whichever problem it meets first, scanning left to right.
        if !byte.is_ascii_digit() {
            return Err(0);
        }
        magnitude = match magnitude
            .checked_mul(10)
            .and_then(|value| value.checked_add(u64::from(byte - b'0')))
        {
            Some(value) => value,
            None => return Err(out_of_range),
        };
    }
    if negative {
        0_i64.checked_sub_unsigned(magnitude).ok_or(out_of_range)
    } else {
        i64::try_from(magnitude).map_err(|_| out_of_range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> FlinkVersion {
        match FlinkVersion::parse(text) {
            Ok(version) => version,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    #[test]
    fn parses_what_go_version_accepts() {
        // (input, segments, pre-release, metadata), as go-version v1.9.0 reports them.
        let cases: &[(&str, &[u64], &str, &str)] = &[
            ("1.14", &[1, 14, 0], "", ""),
            ("v1.11", &[1, 11, 0], "", ""),
            ("1.10", &[1, 10, 0], "", ""),
            ("1.9.3", &[1, 9, 3], "", ""),
            ("1.8.1", &[1, 8, 1], "", ""),
            ("1.20.1", &[1, 20, 1], "", ""),
            ("1.10-SNAPSHOT", &[1, 10, 0], "SNAPSHOT", ""),
            ("1.18.0-rc1", &[1, 18, 0], "rc1", ""),
            ("2.0.0-rc1", &[2, 0, 0], "rc1", ""),
            ("1.2.3.4", &[1, 2, 3, 4], "", ""),
            ("01.2", &[1, 2, 0], "", ""),
            ("1", &[1, 0, 0], "", ""),
            ("1.7rc2", &[1, 7, 0], "rc2", ""),
            ("1.2-5", &[1, 2, 0], "5", ""),
            ("1.0-", &[1, 0, 0], "-", ""),
            ("1.2--x", &[1, 2, 0], "-x", ""),
            ("1.2-.x", &[1, 2, 0], "-.x", ""),
            ("v1.2beta+x.y", &[1, 2, 0], "beta", "x.y"),
            (
                "1.2.0-X-1.2.0+metadata~dist",
                &[1, 2, 0],
                "X-1.2.0",
                "metadata~dist",
            ),
            (
                "1.2.0.4-x.Y.0+metadata-width-hyphen",
                &[1, 2, 0, 4],
                "x.Y.0",
                "metadata-width-hyphen",
            ),
        ];
        for &(input, segments, prerelease, metadata) in cases {
            let parsed = version(input);
            assert_eq!(parsed.segments(), segments, "segments of {input:?}");
            assert_eq!(parsed.prerelease(), prerelease, "pre-release of {input:?}");
            assert_eq!(parsed.metadata(), metadata, "metadata of {input:?}");
            assert_eq!(parsed.to_string(), input);
            assert!(input.parse::<FlinkVersion>().is_ok());
        }
        assert_eq!((version("1.14").major(), version("1.14").minor()), (1, 14));
        assert_eq!((version("2").major(), version("2").minor()), (2, 0));
    }

    #[test]
    fn rejects_what_go_version_rejects() {
        let malformed = [
            "",
            "abc",
            "latest",
            "1..2",
            "1.10.",
            " 1.2",
            "1.2 ",
            "\n1.2",
            "v",
            "V1",
            "vv1",
            "1.2.beta",
            "1.21.beta",
            "foo1.2.3",
            "controller-v0.40.2",
            "1.2+",
            "1.2+a+b",
            "1.2+a..b",
            "1.2-a..b",
            "1.2.x",
            "-1.2",
            "+1.2",
            "1.2é",
            "１.2",
        ];
        for input in malformed {
            assert_eq!(
                FlinkVersion::parse(input).err(),
                Some(VersionError::Malformed(input.to_owned())),
                "{input:?}"
            );
        }
        assert_eq!(
            FlinkVersion::parse("abc")
                .map_err(|error| error.to_string())
                .err()
                .as_deref(),
            Some("malformed version: abc")
        );
        let overflow = FlinkVersion::parse("1.99999999999999999999999").map_err(|e| e.to_string());
        assert_eq!(
            overflow.err().as_deref(),
            Some(
                "error parsing version: strconv.ParseInt: parsing \"99999999999999999999999\": \
                 value out of range"
            )
        );
        assert!(FlinkVersion::parse("9223372036854775807").is_ok());
        assert!(FlinkVersion::parse("9223372036854775808").is_err());
    }

    #[test]
    fn compares_like_go_version() {
        // From go-version's own TestVersionCompare and TestComparePreReleases, plus quirks
        // confirmed against go-version v1.9.0.
        let cases = [
            ("1.2.3", "1.4.5", Ordering::Less),
            ("1.2-beta", "1.2-beta", Ordering::Equal),
            ("1.2", "1.1.4", Ordering::Greater),
            ("1.2", "1.2-beta", Ordering::Greater),
            ("1.2+foo", "1.2+beta", Ordering::Equal),
            ("v1.2.0.0", "v1.2", Ordering::Equal),
            ("v1.2.0.0.1", "v1.2", Ordering::Greater),
            ("v1.2", "v1.2.0.0.1", Ordering::Less),
            ("v1.2.3.0", "v1.2.3.4", Ordering::Less),
            ("1.7rc2", "1.7rc1", Ordering::Greater),
            ("1.7rc2", "1.7", Ordering::Less),
            ("1.2.0", "1.2.0-X-1.2.0+metadata~dist", Ordering::Greater),
            ("1.2-beta.2", "1.2-beta.11", Ordering::Less),
            ("3.2-alpha.1", "3.2-alpha", Ordering::Greater),
            ("1.2-beta", "1.2-alpha.3", Ordering::Greater),
            ("3.0-alpha.1", "3.0-alpha.beta", Ordering::Less),
            ("5.4-alpha", "5.4-alpha.beta", Ordering::Greater),
            ("v3.2-rc.1-1-g123", "v3.2-rc.2", Ordering::Greater),
            ("1.10-SNAPSHOT", "1.10", Ordering::Less),
            ("1.10", "1.10.0", Ordering::Equal),
            ("2.0.0-rc1", "2.0", Ordering::Less),
            ("1.9.3", "1.10", Ordering::Less),
            // Quirks: pre-releases are ignored when segment counts differ; `01` and `1` are
            // each less than the other; an out-of-range number beats text by its clamped value.
            ("1.2.3.0-a", "1.2.3", Ordering::Equal),
            ("1.0-01", "1.0-1", Ordering::Less),
            ("1.0-1", "1.0-01", Ordering::Less),
            ("1.0-99999999999999999999", "1.0-abc", Ordering::Greater),
        ];
        for (left, right, expected) in cases {
            assert_eq!(
                version(left).compare(&version(right)),
                expected,
                "{left} <=> {right}"
            );
            assert_eq!(
                version(left).less_than(&version(right)),
                expected == Ordering::Less,
                "{left} < {right}"
            );
        }
    }

    #[test]
    fn at_least_matches_not_less_than() {
        let cases = [
            ("1.10", true),
            ("1.10.0", true),
            ("v1.11", true),
            ("1.14", true),
            ("2.0", true),
            ("1.10.0.0-rc1", true),
            ("1.9.3", false),
            ("1.8.1", false),
            ("1.10-SNAPSHOT", false),
            ("1.10.0-rc1", false),
        ];
        for (input, expected) in cases {
            assert_eq!(version(input).at_least(1, 10), expected, "{input}");
        }
        assert!(version("2.0").at_least(2, 0));
        assert!(!version("2.0.0-rc1").at_least(2, 0));
        assert!(version("3.0").at_least(2, u64::MAX));
        assert!(!version("9223372036854775807").at_least(u64::MAX, 0));
    }

    #[test]
    fn no_short_string_panics() {
        let alphabet = ["", "0", "1", "9", ".", "-", "+", "v", "a", "~", " ", "é"];
        for first in alphabet {
            for second in alphabet {
                for third in alphabet {
                    for fourth in alphabet {
                        let input = format!("{first}{second}{third}{fourth}");
                        if let Ok(parsed) = FlinkVersion::parse(&input) {
                            let _ = parsed.compare(&parsed);
                            let _ = parsed.at_least(1, 10);
                        }
                    }
                }
            }
        }
        let long = format!("1.{}-{}", "9".repeat(10_000), "a.".repeat(5_000));
        assert!(FlinkVersion::parse(&long).is_err());
    }
}
