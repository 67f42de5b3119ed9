//! The IPC types of log, exec and port-forward streams (issue #12). They sit below `events`
//! so its stream events can carry them; `streams` re-exports them next to the code that runs
//! them. Every type crosses IPC in camelCase, exported to `src/lib/tauri/bindings.ts`.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::context_id::ContextId;
use crate::error::ErrorKind;

/// What logs to stream, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LogRequest {
    pub namespace: String,
    pub target: LogTarget,
    pub follow: bool,
    /// `None` = every line the server has.
    pub tail_lines: Option<u32>,
    pub since_seconds: Option<u32>,
    pub timestamps: bool,
    /// The previous (terminated) instance of the container.
    pub previous: bool,
}

/// Whose logs: one pod, every pod of a workload, or every pod a label selector matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum LogTarget {
    /// `container: None` = every container of the pod, merged.
    Pod {
        pod: String,
        container: Option<String>,
    },
    /// `kind` is the plural: deployments, statefulsets, daemonsets, replicasets or jobs.
    Workload {
        kind: String,
        name: String,
    },
    Selector {
        selector: String,
    },
}

/// One log line: raw text (ANSI kept, timestamp prefix when asked) and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    pub pod: String,
    pub container: String,
    pub text: String,
}

/// One container a log stream reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LogSource {
    pub pod: String,
    pub container: String,
}

/// A shell (or command) to run in a container with a TTY.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecRequest {
    pub namespace: String,
    pub pod: String,
    /// `None` = the pod's first container.
    pub container: Option<String>,
    /// `None` = detect: `/bin/bash` if it starts, else `/bin/sh`.
    pub command: Option<Vec<String>>,
    pub cols: u16,
    pub rows: u16,
}

/// A running exec session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecSession {
    pub id: String,
    pub context: ContextId,
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub command: Vec<String>,
}

/// What a port-forward reaches: a pod, or a service (resolved to one of its ready pods).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ForwardTarget {
    Pod { name: String },
    Service { name: String },
}

/// A port-forward to start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PortForwardRequest {
    pub namespace: String,
    pub target: ForwardTarget,
    /// The pod's port, or the service's port (mapped to its target port).
    pub remote_port: u16,
    /// `None` = a free port.
    pub local_port: Option<u16>,
}

/// How a port-forward is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ForwardState {
    Active,
    /// No pod to forward to right now (a service's pod is being replaced); trying again.
    Reconnecting,
    Failed,
}

/// A port-forward as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PortForwardInfo {
    pub id: String,
    pub context: ContextId,
    pub namespace: String,
    pub target: ForwardTarget,
    pub remote_port: u16,
    pub local_port: u16,
    /// The pod currently behind it.
    pub pod: Option<String>,
    pub state: ForwardState,
    pub error: Option<String>,
    /// Local connections open right now.
    pub connections: u32,
}

/// Why a stream ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StreamEnd {
    /// Names the cluster and the cause.
    pub message: String,
    /// What kind of failure, `None` when it ended normally (stopped, finished, exited).
    pub kind: Option<ErrorKind>,
    /// The exit code of an exec session's command.
    pub exit_code: Option<i32>,
}

/// The three kinds of stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum StreamKind {
    Logs,
    Exec,
    PortForward,
}

impl StreamKind {
    /// "the log stream", "the shell session", "the port-forward", for messages.
    pub fn what(self) -> &'static str {
        match self {
            StreamKind::Logs => "the log stream",
            StreamKind::Exec => "the shell session",
            StreamKind::PortForward => "the port-forward",
        }
    }
}

/// A running stream, for a reloaded page to re-attach to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StreamInfo {
    pub id: String,
    pub context: ContextId,
    pub kind: StreamKind,
    pub title: String,
    /// The namespace it runs in.
    pub namespace: String,
    /// A log stream's request as it was started, so a reloaded page can start it again once
    /// it ends; `None` for every other stream.
    pub log: Option<LogRequest>,
    /// A followed log waiting for its cluster, which stopped answering: why (as its last
    /// `LogSources` said). `None` for every other stream.
    pub waiting: Option<String>,
}
