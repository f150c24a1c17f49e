//! Configuration entries that look like credentials.
//!
//! `spec.flinkProperties` is written verbatim into the cluster's ConfigMap, which anyone allowed
//! to read ConfigMaps in the namespace can read; Kubernetes keeps secrets in Secrets. A key that
//! names a password, secret, token, access key or account key is reported (as a warning, never
//! an error: the renderer cannot know whether the value is real), unless its value is plainly
//! not a secret (empty, a boolean, a number or a duration), so that settings such as
//! `security.delegation.tokens.enabled: true` stay quiet.

/// Words that make a configuration key look like a credential, matched case-insensitively
/// anywhere in the key.
pub const CREDENTIAL_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "credential",
    "access-key",
    "access.key",
    "access_key",
    "accesskey",
    "private-key",
    "private.key",
    "privatekey",
    "api-key",
    "apikey",
    "sasl.jaas.config",
];

/// Key prefixes whose every key is a credential (Azure storage account keys).
pub const CREDENTIAL_PREFIXES: &[&str] = &["fs.azure.account.key."];

/// Whether `key: value` looks like a credential written in plain text.
///
/// ```
/// use flink_render::security::credentials::looks_like_credential;
///
/// assert!(looks_like_credential("s3.secret-key", "wJalrXUtnFEMI"));
/// assert!(looks_like_credential("fs.azure.account.key.acct.blob.core.windows.net", "abc=="));
/// assert!(!looks_like_credential("security.delegation.tokens.enabled", "true"));
/// assert!(!looks_like_credential("taskmanager.numberOfTaskSlots", "2"));
/// ```
pub fn looks_like_credential(key: &str, value: &str) -> bool {
    let key = key.to_ascii_lowercase();
    let named = CREDENTIAL_WORDS.iter().any(|word| key.contains(word))
        || CREDENTIAL_PREFIXES
            .iter()
            .any(|prefix| key.starts_with(prefix));
    named && !plainly_not_secret(value)
}

/// Empty values, booleans, numbers and durations such as `30 s` or `5min`.
fn plainly_not_secret(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() || value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
    {
        return true;
    }
    let digits_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(digits_end);
    let unit = unit.trim();
    !number.is_empty()
        && number.parse::<f64>().is_ok()
        && (unit.is_empty()
            || [
                "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
                "h", "hour", "hours", "d", "day", "days",
            ]
            .contains(&unit.to_ascii_lowercase().as_str()))
}

/// The warning for a credential-looking key of `spec.flinkProperties`.
pub fn warning_message(config_map: &str) -> String {
    format!(
        "looks like a credential: flinkProperties are written in plain text into the ConfigMap {config_map:?}, readable by anyone allowed to read ConfigMaps in the namespace; keep the value in a Secret and pass it to the Flink containers as an environment variable (spec.envVars[].valueFrom.secretKeyRef, or spec.envFrom[].secretRef)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_keys_are_recognised() {
        for key in [
            "s3.access-key",
            "s3.secret-key",
            "fs.s3a.secret.key",
            "security.ssl.rest.keystore-password",
            "metrics.reporter.influx.password",
            "fs.azure.account.key.myaccount.blob.core.windows.net",
            "properties.sasl.jaas.config",
            "gs.auth.token",
            "my.API-Key",
        ] {
            assert!(looks_like_credential(key, "x1y2z3"), "{key}");
        }
    }

    #[test]
    fn ordinary_keys_and_plain_values_are_not() {
        for (key, value) in [
            ("taskmanager.numberOfTaskSlots", "2"),
            ("state.savepoints.dir", "gs://bucket/savepoints"),
            ("security.kerberos.login.keytab", "/etc/krb5.keytab"),
            ("security.delegation.tokens.enabled", "false"),
            ("security.delegation.tokens.renewal.retry.backoff", "1 h"),
            ("s3.secret-key", ""),
            ("s3.access-key", "  "),
        ] {
            assert!(!looks_like_credential(key, value), "{key}: {value}");
        }
    }
}
