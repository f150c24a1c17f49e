//! `flink-conf.yaml` as Flink 1.x reads it: not YAML, but Flink's own line reader
//! (`GlobalConfiguration.loadYAMLResource`).
//!
//! Line by line (`\n`, `\r` or `\r\n` end a line): everything from the first `#` on is a
//! comment; the rest is trimmed as Java's `String.trim` trims (every character up to U+0020);
//! a line without `": "` is skipped; the key is what comes before the first `": "`, the value
//! what follows, both trimmed; an empty key or value drops the line; a later line with the
//! same key wins.

use std::collections::BTreeMap;

use crate::memory::java;

/// The entries Flink 1.x reads from the `flink-conf.yaml` text `text`.
pub fn read(text: &str) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    for line in lines(text) {
        if let Some((key, value)) = read_line(line) {
            entries.insert(key.to_owned(), value.to_owned());
        }
    }
    entries
}

/// What Flink reads from one line: `Some((key, value))`, or `None` when it skips the line.
pub fn read_line(line: &str) -> Option<(&str, &str)> {
    let content = java::trim(line.split('#').next().unwrap_or_default());
    let (key, value) = content.split_once(": ")?;
    let (key, value) = (java::trim(key), java::trim(value));
    (!key.is_empty() && !value.is_empty()).then_some((key, value))
}

/// `BufferedReader.readLine`'s lines: `\n`, `\r` and `\r\n` end a line.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        let after = rest.get(end..).unwrap_or_default();
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix(['\n', '\r']))
            .unwrap_or(after);
        Some(line)
    })
}

/// `StructuredOptionsSplitter.escapeWithSingleQuote(item, ";")`: an item with `;` or a quote
/// is single-quoted, its single quotes doubled, so that Flink splits the list back into the
/// same items.
pub fn escape_list_item(item: &str) -> String {
    crate::structured_options::escape(item, &[';'])
}

/// A list-typed value in `flink-conf.yaml`: the escaped items joined by `;`.
pub fn join_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| escape_list_item(i))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cut_and_values_are_trimmed() {
        let text = "a: 512m # half a gig\nb: 512m#x\nc: \nd:   spaced  \n# e: 1\nf:g\n: h\ni: j: k\r\nl: 1\rl: 2\n  m  :  n\u{1}\n";
        let read = read(text);
        let expected: BTreeMap<String, String> = [
            ("a", "512m"),
            ("b", "512m"),
            ("d", "spaced"),
            ("i", "j: k"),
            ("l", "2"),
            ("m", "n"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn list_items_are_escaped_like_flink() {
        assert_eq!(escape_list_item("--input"), "--input");
        assert_eq!(escape_list_item("a;b"), "'a;b'");
        assert_eq!(escape_list_item("it's"), "'it''s'");
        assert_eq!(join_list(&["a".to_owned(), "b;c".to_owned()]), "a;'b;c'");
    }
}
