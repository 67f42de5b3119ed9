//! The core's error type and its serialised form for the frontend.
//!
//! Every message is written for the user: it says what failed and why, and an error about a
//! cluster starts with that cluster's context name, because with several clusters connected
//! "connection refused" alone is useless.

use serde::Serialize;
use specta::Type;

/// Everything that can go wrong in the core. Cheap to clone, so one failed connect can be
/// reported to every caller that waited on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The user gave a value we cannot use (an empty or missing path, an unknown kind…).
    /// Not retryable: the input has to change.
    #[error("{0}")]
    InvalidInput(String),
    /// Settings could not be written. Retryable: the disk may have room again.
    #[error("settings: {0}")]
    Settings(String),
    /// No context with this id in the discovered kubeconfigs.
    #[error("context \"{0}\" is not in any kubeconfig file Kubeli found")]
    UnknownContext(String),
    /// The context's kubeconfig entry cannot be used (missing cluster/user, bad base64
    /// certificate data, unknown auth…). Not retryable until the file is fixed.
    #[error("{context}: the kubeconfig entry cannot be used: {reason}")]
    KubeconfigInvalid { context: String, reason: String },
    /// A command named a context that is not connected.
    #[error("{context}: not connected")]
    NotConnected { context: String },
    /// The server could not be reached (refused, DNS, reset). Retryable.
    #[error("{context}: cannot reach the API server: {reason}")]
    Unreachable { context: String, reason: String },
    /// The TLS handshake failed (unknown CA, bad client certificate…).
    #[error("{context}: TLS handshake with the API server failed: {reason}")]
    Tls { context: String, reason: String },
    /// The server rejected the credentials (401).
    #[error("{context}: the API server rejected the credentials (401 Unauthorized): {message}")]
    Unauthorized { context: String, message: String },
    /// The credentials are valid but RBAC forbids the action (403).
    #[error("{context}: forbidden (403): {message}")]
    Forbidden { context: String, message: String },
    /// The object or resource kind does not exist (404).
    #[error("{context}: not found: {message}")]
    NotFound { context: String, message: String },
    /// The object changed or already exists (409). Retryable after a fresh read.
    #[error("{context}: conflict: {message}")]
    Conflict { context: String, message: String },
    /// The server did not answer in time (`seconds` is the limit, 0 when the transport
    /// gave up on its own). Retryable.
    #[error("{context}: no answer from the API server{} while {during}", within(*.seconds))]
    Timeout {
        context: String,
        during: String,
        seconds: u32,
    },
    /// The exec auth plugin named in the kubeconfig is not installed (not on the login-shell
    /// PATH); `hint` is the kubeconfig's `installHint`, shown as kubectl shows it.
    #[error("{context}: the auth plugin \"{command}\" was not found on PATH; {}", install_advice(.hint.as_deref()))]
    ExecPluginMissing {
        context: String,
        command: String,
        hint: Option<String>,
    },
    /// The exec auth plugin ran but failed.
    #[error("{context}: the auth plugin \"{command}\" failed: {reason}")]
    ExecPluginFailed {
        context: String,
        command: String,
        reason: String,
    },
    /// The proxy in front of the cluster failed (refused, rejected the password, could
    /// not reach the cluster) or is set up wrongly. Never shows the proxy's credentials.
    #[error("{context}: {reason}")]
    Proxy { context: String, reason: String },
    /// Any other answer from the API server (5xx and 429 are retryable): the code, its
    /// reason phrase and the server's message, e.g. "503 Service Unavailable: …".
    #[error("{context}: the API server answered {code} {}: {message}", reason_phrase(*.code))]
    Api {
        context: String,
        code: u16,
        message: String,
    },
    /// The user cancelled a connect in flight.
    #[error("{context}: connect cancelled")]
    Cancelled { context: String },
    /// The UI abandoned a request in flight (its view or dialog closed). Retryable.
    #[error("{context}: {during} was cancelled")]
    RequestCancelled { context: String, during: String },
    /// The user marked this cluster read-only in Kubeli: every change is refused before a
    /// request is sent. Not retryable until the mark is removed.
    #[error("{context}: the cluster is read-only in Kubeli, so {during} was refused; turn read-only off for this cluster to change it")]
    ReadOnly { context: String, during: String },
    /// A failure inside Kubeli itself (a connect task panicked). Retryable: the state it
    /// left behind is cleared.
    #[error("{context}: {reason}")]
    Internal { context: String, reason: String },
    /// The OS keychain could not be used (none running, locked, refused). Not retryable
    /// until the user starts or unlocks one.
    #[error("{context}: {reason}")]
    Keychain { context: String, reason: String },
    /// A file the user asked for (a downloaded log) could not be written: no Downloads
    /// folder, disk full, no permission. Not retryable until the cause is fixed.
    #[error("{context}: could not save {what}: {reason}")]
    SaveFile {
        context: String,
        what: String,
        reason: String,
    },
    /// A program of the OS (the browser, through `xdg-open`) could not be started for
    /// something of this cluster (a port-forward's address). Not retryable until the cause
    /// is fixed.
    #[error("{context}: could not open {what}: {reason}")]
    OpenExternal {
        context: String,
        what: String,
        reason: String,
    },
}

/// What kind of failure an [`Error`] is, for the frontend to choose how to show it. Crosses
/// IPC as the lowercase camel-case strings the frontend matches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    InvalidInput,
    Settings,
    UnknownContext,
    KubeconfigInvalid,
    NotConnected,
    Unreachable,
    Tls,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Timeout,
    ExecPluginMissing,
    ExecPluginFailed,
    Proxy,
    Api,
    Cancelled,
    RequestCancelled,
    ReadOnly,
    /// A failure inside Kubeli itself (a background task stopped unexpectedly).
    Internal,
    /// The OS keychain is missing, locked or refused.
    Keychain,
    /// A file could not be saved (no Downloads folder, disk full, permission).
    SaveFile,
    /// The OS opener (a browser) could not be started.
    OpenExternal,
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::Settings(_) => ErrorKind::Settings,
            Error::UnknownContext(_) => ErrorKind::UnknownContext,
            Error::KubeconfigInvalid { .. } => ErrorKind::KubeconfigInvalid,
            Error::NotConnected { .. } => ErrorKind::NotConnected,
            Error::Unreachable { .. } => ErrorKind::Unreachable,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::Unauthorized { .. } => ErrorKind::Unauthorized,
            Error::Forbidden { .. } => ErrorKind::Forbidden,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::ExecPluginMissing { .. } => ErrorKind::ExecPluginMissing,
            Error::ExecPluginFailed { .. } => ErrorKind::ExecPluginFailed,
            Error::Proxy { .. } => ErrorKind::Proxy,
            Error::Api { .. } => ErrorKind::Api,
            Error::Cancelled { .. } => ErrorKind::Cancelled,
            Error::RequestCancelled { .. } => ErrorKind::RequestCancelled,
            Error::ReadOnly { .. } => ErrorKind::ReadOnly,
            Error::Internal { .. } => ErrorKind::Internal,
            Error::Keychain { .. } => ErrorKind::Keychain,
            Error::SaveFile { .. } => ErrorKind::SaveFile,
            Error::OpenExternal { .. } => ErrorKind::OpenExternal,
        }
    }

    /// Whether trying the same thing again, unchanged, may succeed.
    pub fn retryable(&self) -> bool {
        match self {
            Error::Settings(_)
            | Error::Unreachable { .. }
            | Error::Timeout { .. }
            | Error::Conflict { .. }
            | Error::Cancelled { .. }
            | Error::RequestCancelled { .. }
            | Error::Internal { .. }
            | Error::NotConnected { .. }
            | Error::ExecPluginFailed { .. }
            | Error::Proxy { .. } => true,
            Error::Api { code, .. } => *code >= 500 || *code == 429,
            _ => false,
        }
    }

    /// Classify a kube client error for `context`.
    pub(crate) fn from_kube(context: &str, err: &kube::Error) -> Self {
        let context = context.to_owned();
        match err {
            kube::Error::Api(status) => {
                let message = crate::web_page::web_page(&status.message)
                    .unwrap_or_else(|| status.message.clone());
                match status.code {
                    401 => Error::Unauthorized { context, message },
                    403 => Error::Forbidden { context, message },
                    404 => Error::NotFound { context, message },
                    409 => Error::Conflict { context, message },
                    code => Error::Api {
                        context,
                        code,
                        message,
                    },
                }
            }
            kube::Error::Auth(auth) => auth_error(context, auth),
            kube::Error::InferKubeconfig(e) => Error::KubeconfigInvalid {
                context,
                reason: chain(e),
            },
            kube::Error::RustlsTls(e) => Error::Tls {
                context,
                reason: chain(e),
            },
            other => match proxy_failure(other) {
                Some(p) => Error::Proxy {
                    context,
                    reason: chain(p),
                },
                None => transport_error(context, &chain(other)),
            },
        }
    }
}

/// A connection to a proxy that failed. Carries the proxy's address without credentials,
/// so the error can be shown as it is.
#[derive(Debug, thiserror::Error)]
#[error("the proxy {proxy} failed: {source}")]
pub(crate) struct ProxyFailure {
    pub(crate) proxy: String,
    #[source]
    pub(crate) source: tower::BoxError,
}

/// The [`ProxyFailure`] somewhere in an error's causes.
fn proxy_failure<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a ProxyFailure> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(p) = e.downcast_ref::<ProxyFailure>() {
            return Some(p);
        }
        current = e.source();
    }
    None
}

/// " within N s", or nothing when the limit is unknown.
fn within(seconds: u32) -> String {
    if seconds == 0 {
        String::new()
    } else {
        format!(" within {seconds} s")
    }
}

/// "Service Unavailable" for 503; empty for codes without one.
fn reason_phrase(code: u16) -> &'static str {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|c| c.canonical_reason())
        .unwrap_or("")
}

/// A transport failure, told apart by the words of its cause chain (hyper and rustls give
/// no better handle).
fn transport_error(context: String, reason: &str) -> Error {
    let lower = reason.to_lowercase();
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        let reason = match crate::tls_names::name_mismatch_hint(reason) {
            Some(hint) => format!("{reason}; {hint}"),
            None => reason.to_owned(),
        };
        Error::Tls { context, reason }
    } else if lower.contains("timed out") || lower.contains("elapsed") {
        Error::Timeout {
            context,
            during: "talking to the API server".into(),
            seconds: 0,
        }
    } else {
        Error::Unreachable {
            context,
            reason: reason.to_owned(),
        }
    }
}

/// What to do about a missing auth plugin: the kubeconfig's `installHint` (one line, at most
/// 300 characters), else the general advice.
fn install_advice(hint: Option<&str>) -> String {
    let hint = hint.map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "));
    match hint.filter(|h| !h.is_empty()) {
        Some(h) => format!(
            "the kubeconfig says: {}",
            h.chars().take(300).collect::<String>()
        ),
        None => "install it or fix the kubeconfig's exec command".to_owned(),
    }
}

fn auth_error(context: String, err: &kube::client::AuthError) -> Error {
    use kube::client::AuthError as A;
    match err {
        A::AuthExecStart(io) if io.kind() == std::io::ErrorKind::NotFound => {
            Error::ExecPluginMissing {
                context,
                command: String::new(),
                hint: None,
            }
        }
        A::AuthExecStart(_) | A::AuthExecRun { .. } | A::AuthExecParse(_) | A::AuthExec(_) => {
            Error::ExecPluginFailed {
                context,
                command: String::new(),
                reason: chain(err),
            }
        }
        _ => Error::KubeconfigInvalid {
            context,
            reason: chain(err),
        },
    }
}

/// An error and its causes on one line: "outer: inner: root".
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// An [`Error`] as the frontend receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppError {
    /// What kind of failure; the frontend's own errors (a thrown IPC call) are `internal`.
    pub kind: ErrorKind,
    pub message: String,
    pub retryable: bool,
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        Self {
            kind: e.kind(),
            message: e.to_string(),
            retryable: e.retryable(),
        }
    }
}

/// A duration as whole seconds (at least 1) for messages such as "no answer within 30 s".
pub(crate) fn secs(d: std::time::Duration) -> u32 {
    u32::try_from(d.as_secs().max(1)).unwrap_or(u32::MAX)
}
