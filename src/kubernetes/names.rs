//! Kubernetes' rules for names, label keys and values, and port names.
//!
//! Each check returns the problems in the wording Kubernetes' API server uses, so that a user
//! sees here the message the cluster would have given them. An empty list means valid.

/// apimachinery's `RegexError`: each example is written `'<example>', ` and the examples are
/// joined by ` or `, so the message has two spaces before each `or`
/// (`(e.g. 'my-name',  or '123-abc', regex used ...`), as the API server prints it.
fn regex_error(message: &str, format: &str, examples: &[&str]) -> String {
    let shown: Vec<String> = examples.iter().map(|e| format!("'{e}', ")).collect();
    format!(
        "{message} (e.g. {}regex used for validation is '{format}')",
        shown.join(" or ")
    )
}

fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} bytes")
}

fn is_alnum_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label(s: &str) -> bool {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => {
            is_alnum_lower(first)
                && is_alnum_lower(last)
                && bytes.iter().all(|&b| is_alnum_lower(b) || b == b'-')
        }
        _ => false,
    }
}

/// Format of a DNS-1123 label.
pub const DNS1123_LABEL_FORMAT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
/// Format of a DNS-1123 subdomain.
pub const DNS1123_SUBDOMAIN_FORMAT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
/// Format of a DNS-1035 label.
pub const DNS1035_LABEL_FORMAT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";

/// An RFC 1123 label: container, volume and port-free names; at most 63 bytes.
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > 63 {
        errors.push(max_len_error(63));
    }
    if !matches_dns1123_label(value) {
        errors.push(regex_error(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL_FORMAT,
            &["my-name", "123-abc"],
        ));
    }
    errors
}

/// An RFC 1123 subdomain: ConfigMap, Secret, ServiceAccount and most object names; at most 253
/// bytes.
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > 253 {
        errors.push(max_len_error(253));
    }
    if value.is_empty() || !value.split('.').all(matches_dns1123_label) {
        errors.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FORMAT,
            &["example.com"],
        ));
    }
    errors
}

/// A DNS-1035 label: Service names; at most 63 bytes, starting with a letter.
pub fn dns1035_label(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > 63 {
        errors.push(max_len_error(63));
    }
    let starts_with_letter = value.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
    if !(starts_with_letter && matches_dns1123_label(value)) {
        errors.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL_FORMAT,
            &["my-name", "abc-123"],
        ));
    }
    errors
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_name_part(s: &str) -> bool {
    let bytes = s.as_bytes();
    let alnum = |b: &u8| b.is_ascii_alphanumeric();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            alnum(first)
                && alnum(last)
                && bytes
                    .iter()
                    .all(|b| alnum(b) || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

const QUALIFIED_NAME_FORMAT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MESSAGE: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/// A qualified name: label and annotation keys (`[prefix/]name`).
pub fn qualified_name(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errors.push("prefix part must be non-empty".to_owned());
            } else {
                errors.extend(
                    dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            errors.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, &["MyName", "my.name", "123-abc"])
            ));
            return errors;
        }
    };
    if name.is_empty() {
        errors.push("name part must be non-empty".to_owned());
    } else if name.len() > 63 {
        errors.push(format!("name part {}", max_len_error(63)));
    }
    if !name.is_empty() && !matches_qualified_name_part(name) {
        errors.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_MESSAGE,
                QUALIFIED_NAME_FORMAT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errors
}

/// A label value: empty, or at most 63 bytes of alphanumerics, `-`, `_`, `.`.
pub fn label_value(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > 63 {
        errors.push(max_len_error(63));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errors.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?",
            &["MyValue", "my_value", "12345"],
        ));
    }
    errors
}

/// A port name (IANA service name): at most 15 characters, lower case letters, digits and
/// single hyphens, at least one letter.
pub fn port_name(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.is_empty() || value.len() > 15 {
        errors.push("must be no more than 15 characters".to_owned());
    }
    if !value.bytes().all(|b| is_alnum_lower(b) || b == b'-') {
        errors.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if value.contains("--") {
        errors.push("must not contain consecutive hyphens".to_owned());
    }
    if !value.bytes().any(|b| b.is_ascii_lowercase()) {
        errors.push("must contain at least one letter (a-z)".to_owned());
    }
    if value.starts_with('-') || value.ends_with('-') {
        errors.push("must not begin or end with a hyphen".to_owned());
    }
    errors
}

/// An Ingress host: a DNS-1123 subdomain, optionally with a leading `*.` wildcard.
pub fn ingress_host(value: &str) -> Vec<String> {
    match value.strip_prefix("*.") {
        Some(rest) => dns1123_subdomain(rest),
        None => dns1123_subdomain(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_subdomains() {
        assert!(dns1123_label("my-name").is_empty());
        assert!(!dns1123_label("My-name").is_empty());
        assert!(!dns1123_label("-a").is_empty());
        assert_eq!(dns1123_label(&"a".repeat(64)), vec![max_len_error(63)]);
        assert!(dns1123_subdomain("example.com").is_empty());
        assert!(!dns1123_subdomain("foo_secret").is_empty());
        assert!(dns1035_label("abc-123").is_empty());
        assert!(!dns1035_label("1-invalid-name").is_empty());
    }

    #[test]
    fn qualified_names_use_kubernetes_wording() {
        assert!(qualified_name("example.com/my-key").is_empty());
        assert_eq!(
            qualified_name(&"k".repeat(64)),
            vec!["name part must be no more than 63 bytes".to_owned()]
        );
        assert_eq!(
            qualified_name("a/b/c"),
            vec!["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_owned()]
        );
        assert!(label_value("").is_empty());
        assert!(!label_value("-x").is_empty());
    }

    #[test]
    fn port_names() {
        assert!(port_name("prom").is_empty());
        assert!(port_name("metrics-9249").is_empty());
        assert_eq!(
            port_name("prometheus-metrics"),
            vec!["must be no more than 15 characters".to_owned()]
        );
        assert!(!port_name("9249").is_empty());
        assert!(!port_name("a--b").is_empty());
        assert!(!port_name("Prom").is_empty());
    }
}
