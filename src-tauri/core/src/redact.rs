//! Removes secrets from text the user may copy or share (the connection log): bearer
//! tokens, JWTs, `token`/`password`/`secret`/`*-data` values, PEM private keys and
//! passwords in URLs. Errors are already written without kubeconfig values; this is the
//! second line, for whatever a server, proxy or exec plugin put in a message.

use std::sync::LazyLock;

use regex::Regex;

/// What replaces a removed secret.
pub const REMOVED: &str = "[redacted]";

struct Rule {
    pattern: Regex,
    /// The replacement; `$key` keeps the name of what was removed.
    with: &'static str,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |pattern: &str, with: &'static str| Rule {
        pattern: Regex::new(pattern).expect("redaction patterns are valid"),
        with,
    };
    vec![
        // A PEM private key, whole (an exec plugin or a proxy may print one).
        rule(
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
            "[private key redacted]",
        ),
        // `Authorization: Bearer …`, `Basic …`.
        rule(
            r"(?i)\b(?P<key>bearer|basic)\s+[A-Za-z0-9._~+/=-]+",
            "$key [redacted]",
        ),
        // A JWT (service-account and OIDC tokens) wherever it stands.
        rule(
            r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*",
            "[redacted]",
        ),
        // key=value, key: value, "key": "value" for names that hold secrets.
        rule(
            r#"(?i)(?P<key>"?[a-z_-]*(token|password|passwd|secret|api[_-]?key|client[_-]key[_-]data|credential)[a-z_-]*"?\s*[:=]\s*)"?[^\s",;&}]+"?"#,
            "${key}[redacted]",
        ),
        // https://user:password@host
        rule(
            r"(?P<key>[a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@",
            "${key}[redacted]@",
        ),
    ]
});

/// `text` with every secret the rules recognise replaced by a marker.
pub fn secrets(text: &str) -> String {
    RULES.iter().fold(text.to_owned(), |text, rule| {
        rule.pattern.replace_all(&text, rule.with).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::secrets;

    #[test]
    fn removes_every_kind_of_secret_and_keeps_the_rest() {
        let cases = [
            ("Authorization: Bearer abc.def-123", "abc.def-123"),
            (
                "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl expired",
                "eyJhbGci",
            ),
            (
                "exec plugin printed {\"token\":\"s3cr3t-value\"}",
                "s3cr3t-value",
            ),
            ("password=hunter2&user=ana", "hunter2"),
            ("client-key-data: LS0tLS1CRUdJTi", "LS0tLS1CRUdJTi"),
            (
                "proxy http://ana:pa55word@proxy.corp:3128 refused",
                "pa55word",
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
                "MIIEow",
            ),
            ("id_token: abc123xyz", "abc123xyz"),
        ];
        for (text, secret) in cases {
            let clean = secrets(text);
            assert!(!clean.contains(secret), "{text:?} → {clean:?}");
            assert!(clean.contains("redacted"), "{text:?} → {clean:?}");
        }
    }

    #[test]
    fn ordinary_messages_are_untouched() {
        let text =
            "lab-dev: cannot reach the API server: connection refused (https://127.0.0.1:6443)";
        assert_eq!(secrets(text), text);
        assert_eq!(
            secrets("probe ok in 12 ms, v1.32.4"),
            "probe ok in 12 ms, v1.32.4"
        );
    }
}
