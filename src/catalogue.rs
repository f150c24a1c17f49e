//! Flink's option catalogue: every configuration option each Flink line declares, as facts read
//! from Flink's own jars (`scripts/gen-flink-options` writes `data/flink-options.tsv`; `build.rs`
//! compiles it into the static tables here, so nothing is parsed at run time).
//!
//! A line is a Flink `major.minor` (`1.18`); the catalogue holds one release of each
//! ([`LINES`]). For a key and a line it answers whether Flink knows the key, its type, default,
//! fallback keys and whether it is deprecated; across lines it answers where a key went
//! ([`replacement`]). It knows nothing of flink-render's clusters: the checks that use it sit
//! above it.

/// A key Flink also reads for an option, in place of the option's own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback {
    /// The other key.
    pub key: &'static str,
    /// Whether Flink declares it deprecated (a key kept for old configurations).
    pub deprecated: bool,
}

/// What a value of an option is, as Flink parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any text.
    String,
    /// A Java `int`.
    Int,
    /// A Java `long`.
    Long,
    /// A Java `float`.
    Float,
    /// A Java `double`.
    Double,
    /// `true` or `false`.
    Boolean,
    /// A duration (`10 s`, `1min`, `500ms`).
    Duration,
    /// A memory size (`128m`, `1 gb`).
    Memory,
    /// `key:value` pairs separated by commas.
    Map,
    /// One of the named constants (matched ignoring case, as each constant's `toString()`).
    Enum {
        /// The Java enum class, as Flink names it in its message.
        class: &'static str,
        /// The constants, in declaration order.
        values: &'static [&'static str],
    },
    /// Another Java class, named.
    Class(&'static str),
}

impl Kind {
    /// The catalogue's name of a type without parameters (`int`, `duration`, `map`); `None`
    /// for an enum or a class.
    pub fn simple_name(&self) -> Option<&'static str> {
        Some(match self {
            Kind::String => "string",
            Kind::Int => "int",
            Kind::Long => "long",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::Boolean => "boolean",
            Kind::Duration => "duration",
            Kind::Memory => "memory",
            Kind::Map => "map",
            Kind::Enum { .. } | Kind::Class(_) => return None,
        })
    }
}

/// One option in the lines of [`OptionFacts::lines`], where its facts are these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionFacts {
    /// The option's key.
    pub key: &'static str,
    /// The lines with these facts: bit `i` is [`LINES`]`[i]`.
    pub lines: u32,
    /// The type of a value (of each element, for a list).
    pub kind: Kind,
    /// Whether the value is a list (elements separated by `;`).
    pub list: bool,
    /// The default, in the form Flink parses back; `None` where the option has none.
    pub default: Option<&'static str>,
    /// Keys Flink reads when this one is not set, in Flink's order.
    pub fallbacks: &'static [Fallback],
    /// Whether Flink declares the option itself deprecated.
    pub deprecated: bool,
}

/// A URI scheme that Flink serves only through a file-system plugin (`s3`, `gs`, ...), in the
/// lines of [`FileSystemFacts::lines`]: the plugins Flink names when none is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileSystemFacts {
    /// The scheme, lower case.
    pub scheme: &'static str,
    /// The lines that name plugins for it: bit `i` is [`LINES`]`[i]`.
    pub lines: u32,
    /// The plugins that serve it, as Flink names them (`flink-s3-fs-presto`).
    pub plugins: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/catalogue_rows.rs"));

/// A Flink line of the catalogue, by its index in [`LINES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line(usize);

impl Line {
    /// The line `major.minor`, if the catalogue covers it.
    pub fn of(major: u64, minor: u64) -> Option<Line> {
        let name = format!("{major}.{minor}");
        LINES.iter().position(|(line, _)| *line == name).map(Line)
    }

    /// The newest line the catalogue covers.
    pub fn newest() -> Line {
        Line(LINES.len().saturating_sub(1))
    }

    /// Every line, oldest first.
    pub fn all() -> impl Iterator<Item = Line> {
        (0..LINES.len()).map(Line)
    }

    /// `major.minor`.
    pub fn name(self) -> &'static str {
        LINES.get(self.0).map_or("", |(line, _)| line)
    }

    /// The Flink release the catalogue read for this line.
    pub fn release(self) -> &'static str {
        LINES.get(self.0).map_or("", |(_, release)| release)
    }

    /// Whether this line is in the bit mask `lines` of a row.
    pub fn is_in(self, lines: u32) -> bool {
        lines & self.bit() != 0
    }

    fn bit(self) -> u32 {
        1 << self.0
    }
}

/// The rows of `key`, in line order (empty when no line knows it).
fn rows(key: &str) -> &'static [OptionFacts] {
    let start = OPTIONS.partition_point(|o| o.key < key);
    let end = start + OPTIONS[start..].partition_point(|o| o.key == key);
    &OPTIONS[start..end]
}

/// The facts of `key` in `line`, if that line declares it.
pub fn option(key: &str, line: Line) -> Option<&'static OptionFacts> {
    rows(key).iter().find(|o| line.is_in(o.lines))
}

/// Every option `line` declares, sorted by key.
pub fn options(line: Line) -> impl Iterator<Item = &'static OptionFacts> {
    OPTIONS.iter().filter(move |o| line.is_in(o.lines))
}

/// The lines that declare `key` as an option of its own, oldest first.
pub fn lines_of(key: &str) -> Vec<Line> {
    Line::all()
        .filter(|line| option(key, *line).is_some())
        .collect()
}

/// The rows that read `key` as a fallback key, in row order.
fn readers_of(key: &str) -> impl Iterator<Item = &'static OptionFacts> {
    let start = FALLBACK_INDEX.partition_point(|(k, _)| *k < key);
    FALLBACK_INDEX[start..]
        .iter()
        .take_while(move |(k, _)| *k == key)
        .filter_map(|(_, row)| OPTIONS.get(*row))
}

/// The option of `line` that reads `key` as one of its fallback keys: where an old key went
/// (an option that deprecates it first, when several read it).
pub fn replacement(key: &str, line: Line) -> Option<(&'static OptionFacts, Fallback)> {
    let mut readers = readers_of(key)
        .filter(|o| line.is_in(o.lines))
        .filter_map(|o| {
            o.fallbacks
                .iter()
                .find(|f| f.key == key)
                .map(|fallback| (o, *fallback))
        });
    let first = readers.next()?;
    if first.1.deprecated {
        return Some(first);
    }
    Some(readers.find(|(_, f)| f.deprecated).unwrap_or(first))
}

/// The option that took over `key` in the newest line where some option reads it as a fallback
/// key, whatever the line: where a key went even after Flink stopped reading it.
pub fn successor(key: &str) -> Option<&'static OptionFacts> {
    readers_of(key).max_by_key(|o| 32 - o.lines.leading_zeros())
}

/// Whether `line` declares an option whose key starts with `prefix`.
pub fn has_prefix(prefix: &str, line: Line) -> bool {
    let start = OPTIONS.partition_point(|o| o.key < prefix);
    OPTIONS[start..]
        .iter()
        .take_while(|o| o.key.starts_with(prefix))
        .any(|o| line.is_in(o.lines))
}

/// The plugins that serve the URI scheme `scheme` (lower case) in `line`, when Flink serves it
/// only through a file-system plugin.
pub fn file_system(scheme: &str, line: Line) -> Option<&'static FileSystemFacts> {
    let start = FILE_SYSTEMS.partition_point(|f| f.scheme < scheme);
    FILE_SYSTEMS[start..]
        .iter()
        .take_while(|f| f.scheme == scheme)
        .find(|f| line.is_in(f.lines))
}

/// Whether Flink `line` hides the value of `key` in its logs and messages: the key holds a
/// sensitive fragment (`password`, `secret`, `token`, ...), ignoring case.
pub fn is_sensitive(key: &str, line: Line) -> bool {
    let lower = key.to_lowercase();
    SENSITIVE_FRAGMENTS
        .iter()
        .any(|(fragment, lines)| line.is_in(*lines) && lower.contains(fragment))
}

/// Up to `limit` keys `line` reads (its options and their fallback keys) nearest to `key`
/// (Damerau–Levenshtein distance at most a third of the key's length, nearest first, then by
/// key; none for keys shorter than four characters): the "did you mean" of a typo. Keys with placeholders (`metrics.reporter.<name>.class`)
/// are not suggested.
pub fn nearest(key: &str, line: Line, limit: usize) -> Vec<&'static str> {
    let length = key.chars().count();
    if length < 4 {
        // One edit of three characters is another word, not a typo.
        return Vec::new();
    }
    let bound = length / 3;
    let mut near: Vec<(usize, &'static str)> = options(line)
        .flat_map(|o| std::iter::once(o.key).chain(o.fallbacks.iter().map(|f| f.key)))
        .filter(|k| !k.contains('<'))
        .map(|k| (strsim::damerau_levenshtein(key, k), k))
        .filter(|(distance, _)| *distance <= bound)
        .collect();
    near.sort();
    near.dedup();
    near.into_iter().take(limit).map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str) -> Line {
        let (major, minor) = name.split_once('.').expect("major.minor");
        Line::of(major.parse().unwrap(), minor.parse().unwrap()).expect("a covered line")
    }

    #[test]
    fn every_line_from_1_10_to_2_3_is_covered_by_one_release() {
        let names: Vec<&str> = Line::all().map(Line::name).collect();
        assert_eq!(
            names,
            [
                "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.18", "1.19",
                "1.20", "2.0", "2.1", "2.2", "2.3"
            ]
        );
        assert_eq!(line("1.10").release(), "1.10.3");
        assert_eq!(Line::newest().release(), "2.3.0");
        assert_eq!(Line::of(1, 9), None);
    }

    #[test]
    fn the_rows_are_sorted_and_every_row_names_a_line() {
        assert!(OPTIONS.windows(2).all(|w| w[0].key <= w[1].key));
        let all = (1u32 << LINES.len()) - 1;
        assert!(OPTIONS.iter().all(|o| o.lines != 0 && o.lines & !all == 0));
        // No two rows of one key share a line.
        for pair in OPTIONS.windows(2).filter(|w| w[0].key == w[1].key) {
            assert_eq!(pair[0].lines & pair[1].lines, 0, "{}", pair[0].key);
        }
    }

    #[test]
    fn each_line_declares_hundreds_of_options() {
        for l in Line::all() {
            let count = options(l).count();
            assert!((450..3000).contains(&count), "{}: {count}", l.name());
        }
        assert!(options(line("2.3")).count() > options(line("1.10")).count());
    }

    #[test]
    fn facts_of_well_known_options() {
        let slots = option("taskmanager.numberOfTaskSlots", line("1.18")).expect("slots");
        assert_eq!(
            (slots.kind, slots.list, slots.default),
            (Kind::Int, false, Some("1"))
        );
        let metaspace = option("taskmanager.memory.jvm-metaspace.size", line("1.10")).unwrap();
        assert_eq!(
            (metaspace.kind, metaspace.default),
            (Kind::Memory, Some("256m"))
        );
        let rest = option("rest.port", line("2.3")).unwrap();
        assert_eq!(
            rest.fallbacks,
            [Fallback {
                key: "web.port",
                deprecated: true
            }]
        );
        let mode = option("execution.runtime-mode", line("1.20")).unwrap();
        assert_eq!(
            mode.kind,
            Kind::Enum {
                class: "org.apache.flink.api.common.RuntimeExecutionMode",
                values: &["STREAMING", "BATCH", "AUTOMATIC"]
            }
        );
        assert!(
            option("taskmanager.heap.size", line("1.20"))
                .unwrap()
                .deprecated
        );
        assert_eq!(option("taskmanager.heap.size", line("2.0")), None);
        assert_eq!(option("jobmanager.memory.process.size", line("1.10")), None);
        assert!(option("jobmanager.memory.process.size", line("1.11")).is_some());
    }

    #[test]
    fn keys_removed_in_2_0_name_where_they_went() {
        assert_eq!(option("state.checkpoints.dir", line("2.0")), None);
        let (to, fallback) = replacement("state.checkpoints.dir", line("2.0")).expect("moved");
        assert_eq!(to.key, "execution.checkpointing.dir");
        assert!(fallback.deprecated);
        assert_eq!(
            lines_of("state.backend")
                .iter()
                .map(|l| l.name())
                .collect::<Vec<_>>(),
            ["1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16"]
        );
        let (to, _) = replacement("state.backend", line("1.17")).expect("renamed in 1.17");
        assert_eq!(to.key, "state.backend.type");
    }

    #[test]
    fn the_fallback_index_holds_every_fallback_of_every_row() {
        let mut expected: Vec<(&str, usize)> = OPTIONS
            .iter()
            .enumerate()
            .flat_map(|(row, o)| o.fallbacks.iter().map(move |f| (f.key, row)))
            .collect();
        expected.sort();
        assert_eq!(FALLBACK_INDEX, expected.as_slice());
        // A renamed key is found in the line that reads it, and after Flink stopped reading it.
        assert_eq!(
            replacement("akka.ask.timeout", line("1.18")).map(|(o, _)| o.key),
            Some("pekko.ask.timeout")
        );
        // In 1.17 another option falls back to it, without deprecating it.
        assert_eq!(
            replacement("akka.ask.timeout", line("1.17")).map(|(o, f)| (o.key, f.deprecated)),
            Some(("taskmanager.slot.timeout", false))
        );
        assert_eq!(
            successor("state.checkpoints.dir").map(|o| o.key),
            Some("execution.checkpointing.dir")
        );
        assert_eq!(successor("taskmanager.numberOfTaskSlots"), None);
    }

    #[test]
    fn prefixes_of_declared_keys() {
        assert!(has_prefix("fs.output.", line("1.18")));
        assert!(has_prefix("metrics.reporter.", line("1.15")));
        assert!(!has_prefix("fs.s3a.", line("1.18")));
        assert!(!has_prefix("pekko.", line("1.17")));
    }

    #[test]
    fn file_system_plugins_per_line() {
        // Every line from 1.11 names the plugins of S3, OSS and Azure; GCS from 1.15, ADLS Gen2
        // (abfs) from 1.14; 1.10 has no such map.
        for l in Line::all().filter(|l| *l >= line("1.11")) {
            let s3 = file_system("s3", l).expect("s3");
            assert_eq!(s3.plugins, ["flink-s3-fs-hadoop", "flink-s3-fs-presto"]);
            assert!(file_system("oss", l).is_some() && file_system("wasbs", l).is_some());
        }
        assert_eq!(file_system("s3", line("1.10")), None);
        assert_eq!(file_system("gs", line("1.14")), None);
        assert_eq!(
            file_system("gs", line("1.15")).map(|f| f.plugins),
            Some(&["flink-gs-fs-hadoop"][..])
        );
        assert!(file_system("abfss", line("1.13")).is_none());
        assert!(file_system("abfss", line("1.14")).is_some());
        assert_eq!(file_system("hdfs", Line::newest()), None);
        assert!(FILE_SYSTEMS.windows(2).all(|w| w[0].scheme <= w[1].scheme));
    }

    #[test]
    fn sensitive_keys_per_line() {
        assert!(is_sensitive("security.ssl.keystore-password", line("1.10")));
        assert!(is_sensitive("kubernetes.env.secretKeyRef", line("1.18")));
        assert!(!is_sensitive(
            "security.delegation.tokens.enabled",
            line("1.16")
        ));
        assert!(is_sensitive(
            "security.delegation.tokens.enabled",
            line("1.17")
        ));
        assert!(!is_sensitive("metrics.reporter.dd.api-key", line("2.0")));
        assert!(is_sensitive("metrics.reporter.dd.API-KEY", line("2.1")));
        assert!(!is_sensitive(
            "taskmanager.numberOfTaskSlots",
            Line::newest()
        ));
    }

    #[test]
    fn typos_find_the_key_that_was_meant() {
        assert_eq!(
            nearest("taskmanager.numberOfTaskslots", line("1.18"), 3),
            ["taskmanager.numberOfTaskSlots"]
        );
        assert!(
            nearest("state.checkpoint.dir", line("1.18"), 3).contains(&"state.checkpoints.dir")
        );
        assert!(nearest("zzzz.unrelated.thing", line("1.18"), 3).is_empty());
    }
}
