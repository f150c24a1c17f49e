//! Flink's structured option values as its `Configuration` reads and writes them: lists
//! (`a;b`), maps (`k1:v1,k2:v2`) and lists of maps (`k:v,k2:v2;k:v`), where a part holding a
//! delimiter or a quote is quoted with `'` or `"` (a quote inside doubled), and unquoted parts
//! are trimmed (`StructuredOptionsSplitter`, `ConfigurationUtils`).
//!
//! Reading fails where Flink's fails (unclosed or misplaced quotes, a map entry without a
//! `:`, a key given twice): validation refuses those values with Flink's message, so rendering
//! reads only values that parse.

/// Why a value does not parse, in Flink's words.
pub type SplitError = String;

#[derive(PartialEq)]
enum Kind {
    Quoted,
    Unquoted,
    Delimiter,
}

/// A token and the character position it starts at.
struct Token {
    kind: Kind,
    text: String,
    at: usize,
}

fn consume_quoted(
    chars: &[char],
    quote: char,
    start: usize,
) -> Result<(String, usize), SplitError> {
    let mut text = String::new();
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        if c == quote {
            if chars.get(i + 1) == Some(&quote) {
                text.push(c);
                i += 2;
                continue;
            }
            return Ok((text, i + 1));
        }
        text.push(c);
        i += 1;
    }
    Err("Could not split string. Quoting was not closed properly.".to_owned())
}

fn tokenize(chars: &[char], delimiter: char) -> Result<Vec<Token>, SplitError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\'' || c == '"' {
            let (text, next) = consume_quoted(chars, c, i)?;
            tokens.push(Token {
                kind: Kind::Quoted,
                text,
                at: i,
            });
            i = next;
        } else if c == delimiter {
            tokens.push(Token {
                kind: Kind::Delimiter,
                text: String::new(),
                at: i,
            });
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            let end = chars
                .iter()
                .skip(i)
                .position(|&c| c == delimiter)
                .map_or(chars.len(), |p| i + p);
            let text: String = chars.iter().take(end).skip(i).collect();
            tokens.push(Token {
                kind: Kind::Unquoted,
                text: crate::memory::java::trim(&text).to_owned(),
                at: i,
            });
            i = end;
        }
    }
    Ok(tokens)
}

/// `StructuredOptionsSplitter.splitEscaped`: `text` split at `delimiter`.
pub fn split_escaped(text: &str, delimiter: char) -> Result<Vec<String>, SplitError> {
    let chars: Vec<char> = text.chars().collect();
    let tokens = tokenize(&chars, delimiter)?;
    let mut parts = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let next = tokens.get(index + 1);
        match token.kind {
            Kind::Quoted => {
                if let Some(next) = next.filter(|n| n.kind != Kind::Delimiter) {
                    return Err(format!(
                        "Could not split string. Illegal quoting at position: {}",
                        next.at.saturating_sub(1)
                    ));
                }
                parts.push(token.text.clone());
            }
            Kind::Unquoted => parts.push(token.text.clone()),
            Kind::Delimiter => {
                if next.is_some_and(|n| n.kind == Kind::Delimiter) {
                    parts.push(String::new());
                }
            }
        }
    }
    Ok(parts)
}

/// `ConfigurationUtils` map reading: entries at `,`, key and value at `:`.
pub fn parse_map(text: &str) -> Result<Vec<(String, String)>, SplitError> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for entry in split_escaped(text, ',')? {
        let parts = split_escaped(&entry, ':')?;
        let (Some(key), Some(value)) = (parts.first(), parts.get(1)) else {
            return Err(format!("Map entry {entry:?} has no value after ':'."));
        };
        if entries.iter().any(|(k, _)| k == key) {
            return Err(format!("Duplicate key {key:?}."));
        }
        entries.push((key.clone(), value.clone()));
    }
    Ok(entries)
}

/// A list of maps: maps at `;`, each read by [`parse_map`].
pub fn parse_list_of_maps(text: &str) -> Result<Vec<Vec<(String, String)>>, SplitError> {
    split_escaped(text, ';')?
        .iter()
        .map(|entry| parse_map(entry))
        .collect()
}

/// `StructuredOptionsSplitter.escapeWithSingleQuote`: `value` single-quoted (its single
/// quotes doubled) when it holds one of `delimiters` or a quote, else as it is.
pub fn escape(value: &str, delimiters: &[char]) -> String {
    if value.contains(delimiters) || value.contains(['\'', '"']) {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        value.to_owned()
    }
}

/// A map as Flink writes a map option: `k:v` entries joined by `,`, each part quoted where
/// needed.
pub fn write_map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    entries
        .into_iter()
        .map(|(k, v)| {
            escape(
                &format!("{}:{}", escape(k, &[':']), escape(v, &[':'])),
                &[','],
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The value of `key` in a map read by [`parse_map`], the key compared without regard to case
/// (as Flink reads tolerations, owner references and secret references).
pub fn get_ignoring_case<'a>(map: &'a [(String, String)], key: &str) -> Option<&'a str> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, delimiter: char) -> Vec<String> {
        split_escaped(text, delimiter).expect("splits")
    }

    #[test]
    fn splits_like_flink() {
        assert_eq!(split("'A;B';C", ';'), ["A;B", "C"]);
        assert_eq!(split("\"AB'D\";B;C", ';'), ["AB'D", "B", "C"]);
        assert_eq!(split("\"AB'\"\"D;B\";C", ';'), ["AB'\"D;B", "C"]);
        assert_eq!(split(" a : b ,c", ','), ["a : b", "c"]);
        assert_eq!(split("a,,b", ','), ["a", "", "b"]);
        assert_eq!(split("a,b,", ','), ["a", "b"]);
        assert_eq!(split("it's,x", ','), ["it's", "x"]);
        assert!(split_escaped("'a", ';').is_err());
        assert!(split_escaped("'a'b;c", ';').is_err());
    }

    #[test]
    fn maps_read_and_write_like_flink() {
        assert_eq!(
            parse_map("team: data , tier:gold").expect("parses"),
            [
                ("team".to_owned(), "data".to_owned()),
                ("tier".to_owned(), "gold".to_owned())
            ]
        );
        assert!(parse_map("broken").is_err());
        assert!(parse_map("a:1,a:2").is_err());
        let key = "example.com/url".to_owned();
        let value = "http://x:80/a,b".to_owned();
        let written = write_map([(&key, &value)]);
        assert_eq!(written, "'example.com/url:''http://x:80/a,b'''");
        assert_eq!(parse_map(&written).expect("parses"), [(key, value)]);
    }

    #[test]
    fn lists_of_maps() {
        let maps = parse_list_of_maps("key:a,operator:Exists;Key:b").expect("parses");
        assert_eq!(maps.len(), 2);
        assert_eq!(get_ignoring_case(&maps[1], "key"), Some("b"));
    }
}
