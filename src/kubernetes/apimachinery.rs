//! The forms of the messages the API server and the operator's webhook print, from Kubernetes'
//! apimachinery: field errors (`<path>: Invalid value: "<value>": <detail>`), error aggregates
//! (`[first, second]`, repeats dropped) and Go's `%q` quoting of values.

/// Go's `%q` of a byte string: double-quoted, `"` and `\` escaped, control characters as
/// `\n`-style or `\x`/`\u` escapes, printable characters as they are. Printability follows
/// Rust's notion (control and non-space whitespace characters are escaped), which matches Go's
/// `strconv.IsPrint` for everything but rare format characters.
pub fn go_quote(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ' ' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() || c.is_whitespace() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// apimachinery's `field.Invalid(path, value, detail)` for a string value, as its `Error()`
/// prints it: `<path>: Invalid value: "<value>": <detail>`.
pub fn invalid(path: &str, value: &str, detail: &str) -> String {
    format!(
        "{path}: Invalid value: {}: {detail}",
        go_quote(value.as_bytes())
    )
}

/// apimachinery's `ErrorList.ToAggregate().Error()`: one error as it is; several, without
/// repeats, joined by `, ` in brackets.
pub fn aggregate(errors: &[String]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for error in errors {
        if !seen.contains(&error.as_str()) {
            seen.push(error);
        }
    }
    match seen.as_slice() {
        [one] => (*one).to_owned(),
        many => format!("[{}]", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_is_gos() {
        assert_eq!(go_quote(b"null"), "\"null\"");
        assert_eq!(go_quote(br#"{"a":"b\n"}"#), r#""{\"a\":\"b\\n\"}""#);
        assert_eq!(go_quote("é\u{a0}\u{1}".as_bytes()), "\"é\\u00a0\\x01\"");
    }

    #[test]
    fn aggregates_drop_repeats_and_bracket_several() {
        let one = invalid("spec.x", "a b", "bad");
        assert_eq!(one, "spec.x: Invalid value: \"a b\": bad");
        assert_eq!(aggregate(&[one.clone(), one.clone()]), one);
        assert_eq!(
            aggregate(&[one.clone(), "spec.y: other".to_owned()]),
            format!("[{one}, spec.y: other]")
        );
    }
}
