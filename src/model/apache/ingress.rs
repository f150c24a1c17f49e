//! The Ingress URL of a FlinkDeployment (`IngressUtils.getIngressUrl`): `spec.ingress.template`
//! with `http://` put in front unless it starts with `http://` or `https://`, every
//! `{{name}}` and `{{namespace}}` (any case) replaced, then read as Java's `java.net.URL` reads
//! it: its host and path become the Ingress rule's host and path; a query or fragment is
//! dropped; a port that is not a number makes the template refused.

/// The host and path Java's URL parser reads from `template` for the resource `name` in
/// `namespace`, or the operator's message when it cannot (`Unable to process the Ingress
/// template(...)`).
pub fn url(template: &str, name: &str, namespace: &str) -> Result<(String, String), String> {
    let lower = template.to_ascii_lowercase();
    let with_protocol = if lower.starts_with("http://") || lower.starts_with("https://") {
        template.to_owned()
    } else {
        format!("http://{template}")
    };
    let replaced = replace_ignoring_case(&with_protocol, "{{name}}", name);
    let replaced = replace_ignoring_case(&replaced, "{{namespace}}", namespace);
    parse(&replaced).map_err(|error| {
        format!("Unable to process the Ingress template({template}). Error: {error}")
    })
}

/// `text` with every `pattern` (ASCII case ignored) replaced by `with`.
fn replace_ignoring_case(text: &str, pattern: &str, with: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|rest| rest.find(pattern)) {
        let start = from + at;
        out.push_str(text.get(from..start).unwrap_or_default());
        out.push_str(with);
        from = start + pattern.len();
    }
    out.push_str(text.get(from..).unwrap_or_default());
    out
}

/// `new URL(spec)` of an `http(s)://` URL: (host, path), or `MalformedURLException`'s message.
fn parse(spec: &str) -> Result<(String, String), String> {
    let rest = spec.split_once("://").map_or("", |(_, rest)| rest);
    // The fragment is cut off first, then the authority ends at `/` (else `?`).
    let rest = rest.split('#').next().unwrap_or_default();
    let authority_end = rest
        .find('/')
        .or_else(|| rest.find('?'))
        .unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    let path = after.split('?').next().unwrap_or_default().to_owned();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => {
                let (host, after) = host_port.split_at(end + 1);
                match after.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None if after.is_empty() => (host, None),
                    None => return Err(format!("Invalid authority field: {authority}")),
                }
            }
            None => return Err(format!("Invalid authority field: {authority}")),
        }
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        let digits = port.strip_prefix('-').unwrap_or(port);
        if let Some(index) = digits.find(|c: char| !c.is_ascii_digit()) {
            let offset = port.len() - digits.len();
            return Err(format!("Error at index {} in: \"{port}\"", index + offset));
        }
        if port.starts_with('-') && port != "-1" {
            return Err(format!("Invalid port number :{port}"));
        }
    }
    Ok((host.to_owned(), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `IngressUtilsTest`'s templates, and what Java 17's `URL` made of the others.
    #[test]
    fn templates_read_as_java_reads_urls() {
        let ok = |template: &str| url(template, "basic-ingress", "default").expect("valid");
        assert_eq!(
            ok("flink.k8s.io/{{namespace}}/{{name}}"),
            (
                "flink.k8s.io".to_owned(),
                "/default/basic-ingress".to_owned()
            )
        );
        assert_eq!(
            ok("{{name}}.{{namespace}}.flink.k8s.io"),
            (
                "basic-ingress.default.flink.k8s.io".to_owned(),
                String::new()
            )
        );
        assert_eq!(
            ok("/{{namespace}}/{{name}}(/|$)(.*)"),
            (String::new(), "/default/basic-ingress(/|$)(.*)".to_owned())
        );
        assert_eq!(
            ok("https://{{NAME}}.x/p?q=1#f"),
            ("basic-ingress.x".to_owned(), "/p".to_owned())
        );
        assert_eq!(ok("host:80"), ("host".to_owned(), String::new()));
        assert_eq!(
            url("example.com:port", "n", "ns"),
            Err("Unable to process the Ingress template(example.com:port). Error: Error at index 0 in: \"port\"".to_owned())
        );
        assert_eq!(
            url("a.com:8080:9/", "n", "ns"),
            Err("Unable to process the Ingress template(a.com:8080:9/). Error: Error at index 4 in: \"8080:9\"".to_owned())
        );
        assert_eq!(
            url("[::1/x", "n", "ns"),
            Err("Unable to process the Ingress template([::1/x). Error: Invalid authority field: [::1".to_owned())
        );
    }
}
