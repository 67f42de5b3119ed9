//! Exec auth plugins (aws, gcloud, kubelogin…), run by Kubeli itself rather than inside
//! kube's request path: on tokio's process machinery (no runtime worker thread blocks on
//! them), with a time limit, killed when the connect is cancelled. Their arguments,
//! environment and output never reach an error, a log line or an event: a failure says
//! which plugin failed and how (exit code, the first line of stderr with token-shaped
//! words redacted).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use kube::config::{AuthInfo, ExecConfig};
use serde::Deserialize;

use crate::error::Error;

/// What a plugin printed: a token and/or a client certificate, and when they expire.
pub(crate) struct ExecCredentials {
    token: Option<String>,
    client_certificate: Option<String>,
    client_key: Option<String>,
    pub(crate) expires: Option<SystemTime>,
}

#[derive(Deserialize)]
struct ExecCredential {
    status: Option<Status>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    token: Option<String>,
    client_certificate_data: Option<String>,
    client_key_data: Option<String>,
    expiration_timestamp: Option<String>,
}

impl ExecCredentials {
    /// Use these credentials instead of the plugin in `auth`.
    pub(crate) fn apply(self, auth: &mut AuthInfo) {
        use base64::Engine;
        let b64 = |pem: String| base64::engine::general_purpose::STANDARD.encode(pem);
        auth.exec = None;
        if let Some(token) = self.token {
            auth.token = Some(token.into());
        }
        if let (Some(cert), Some(key)) = (self.client_certificate, self.client_key) {
            auth.client_certificate_data = Some(b64(cert));
            auth.client_key_data = Some(b64(key).into());
        }
    }
}

/// Run the plugin of `exec` for context `name`, with `path` as its `PATH`, for at most
/// `timeout`. Dropping the future kills the plugin.
pub(crate) async fn run(
    name: &str,
    exec: &ExecConfig,
    path: &str,
    timeout: Duration,
) -> Result<ExecCredentials, Error> {
    let command = exec.command.clone().unwrap_or_default();
    let failed = |reason: String| Error::ExecPluginFailed {
        context: name.to_owned(),
        command: command.clone(),
        reason,
    };
    let program = find_on_path(&command, path).ok_or_else(|| Error::ExecPluginMissing {
        context: name.to_owned(),
        command: command.clone(),
        hint: exec.install_hint.clone(),
    })?;
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(exec.args.iter().flatten())
        .env("PATH", path)
        .env("KUBERNETES_EXEC_INFO", exec_info(exec))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for name in exec.drop_env.iter().flatten() {
        cmd.env_remove(name);
    }
    for pair in exec.env.iter().flatten() {
        if let (Some(k), Some(v)) = (pair.get("name"), pair.get("value")) {
            cmd.env(k, v);
        }
    }
    let child = cmd
        .spawn()
        .map_err(|e| failed(format!("it could not be started ({})", e.kind())))?;
    let output = tokio::time::timeout(timeout, child.wait_with_output())
        .await
        .map_err(|_| {
            failed(format!(
                "it printed no credentials within {} s (interactive logins, such as a browser or device-code sign-in, may need longer; run it once in a terminal, then reconnect)",
                timeout.as_secs()
            ))
        })?
        .map_err(|e| failed(format!("it could not be run ({})", e.kind())))?;
    if !output.status.success() {
        let code = output.status.code().map_or_else(
            || "was killed".to_owned(),
            |c| format!("exited with code {c}"),
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().map(str::trim).find(|l| !l.is_empty());
        return Err(failed(match first {
            Some(line) => format!("it {code}: {}", redact_secrets(line)),
            None => format!("it {code}"),
        }));
    }
    parse(&output.stdout).ok_or_else(|| {
        failed("it did not print an ExecCredential with a token or a client certificate".into())
    })
}

fn parse(stdout: &[u8]) -> Option<ExecCredentials> {
    let status = serde_json::from_slice::<ExecCredential>(stdout)
        .ok()?
        .status?;
    let expires = status
        .expiration_timestamp
        .and_then(|t| t.parse::<k8s_openapi::jiff::Timestamp>().ok())
        .map(SystemTime::from);
    let creds = ExecCredentials {
        token: status.token.filter(|t| !t.is_empty()),
        client_certificate: status.client_certificate_data,
        client_key: status.client_key_data,
        expires,
    };
    let has_cert = creds.client_certificate.is_some() && creds.client_key.is_some();
    (creds.token.is_some() || has_cert).then_some(creds)
}

/// What the plugin learns about the call (`KUBERNETES_EXEC_INFO`): never interactive, as
/// a desktop app has no terminal to give it.
fn exec_info(exec: &ExecConfig) -> String {
    let api_version = exec
        .api_version
        .clone()
        .unwrap_or_else(|| "client.authentication.k8s.io/v1".into());
    let mut spec = serde_json::json!({ "interactive": false });
    if exec.provide_cluster_info {
        if let Some(cluster) = &exec.cluster {
            spec["cluster"] = serde_json::to_value(cluster).unwrap_or_default();
        }
    }
    serde_json::json!({ "apiVersion": api_version, "kind": "ExecCredential", "spec": spec })
        .to_string()
}

/// Replace every token-shaped word (long runs of base64/hex/JWT characters) with
/// `[redacted]`, so a plugin that prints a secret in its error does not leak it.
pub(crate) fn redact_secrets(line: &str) -> String {
    let token_char = |c: char| c.is_ascii_alphanumeric() || "-_.+/".contains(c);
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let digits = word.chars().filter(char::is_ascii_digit).count();
        let looks_secret = word.len() >= 16 && (digits > 0 || word.len() >= 24);
        out.push_str(if looks_secret { "[redacted]" } else { word });
        word.clear();
    };
    for c in line.chars() {
        if token_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Where `command` is found on `path`. Paths with a directory are taken as they are. On
/// Windows a name without an extension is also tried with each `PATHEXT` extension.
pub(crate) fn find_on_path(command: &str, path: &str) -> Option<PathBuf> {
    if command.is_empty() {
        return None;
    }
    let extensions: Vec<String> = if cfg!(windows) {
        let pathext = std::env::var("PATHEXT").unwrap_or_else(|_| ".COM;.EXE;.BAT;.CMD".into());
        std::iter::once(String::new())
            .chain(
                pathext
                    .split(';')
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned),
            )
            .collect()
    } else {
        vec![String::new()]
    };
    let candidates = |base: PathBuf| {
        extensions
            .iter()
            .map(move |ext| {
                let mut p = base.clone().into_os_string();
                p.push(ext);
                PathBuf::from(p)
            })
            .collect::<Vec<_>>()
    };
    let as_path = std::path::Path::new(command);
    if as_path.components().count() > 1 {
        return candidates(as_path.to_path_buf())
            .into_iter()
            .find(|p| p.is_file());
    }
    std::env::split_paths(path)
        .flat_map(|dir| candidates(dir.join(command)))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shaped_words_are_redacted() {
        let line = "error: token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl rejected for user alice";
        let out = redact_secrets(line);
        assert!(!out.contains("eyJ"), "{out}");
        assert!(out.contains("rejected for user alice"), "{out}");
        assert_eq!(
            redact_secrets("secret=abcd1234efgh5678ijkl"),
            "secret=[redacted]"
        );
    }

    #[test]
    fn credentials_need_a_token_or_a_certificate() {
        let ok = br#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2030-01-01T00:00:00Z"}}"#;
        let creds = parse(ok).unwrap();
        assert!(creds.expires.is_some());
        assert!(parse(br#"{"status":{}}"#).is_none());
        assert!(parse(b"not json").is_none());
    }
}
