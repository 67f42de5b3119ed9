//! Events the core sends while connections live: health changes, namespace lists,
//! resource deltas and stream output (logs, exec, port-forward). Each carries its context.
//! The Tauri crate forwards them to the window; tests collect them through [`ChannelSink`].

use serde::Serialize;
use specta::Type;

use crate::context_id::ContextId;
use crate::error::ErrorKind;
use crate::stream_types::{LogLine, LogSource, PortForwardInfo, StreamEnd};

/// The window event channel of each concern, defined once here and exported to the
/// TypeScript bindings so both sides use the same names.
pub mod channel {
    /// [`super::Event::Health`]: a connection's health changed.
    pub const HEALTH: &str = "cluster://health";
    /// [`super::Event::Namespaces`]: a connection's namespace list changed.
    pub const NAMESPACES: &str = "cluster://namespaces";
    /// [`super::Event::Disconnected`]: a connection ended.
    pub const DISCONNECTED: &str = "cluster://disconnected";
    /// [`super::Event::ResourceDelta`]: a watched resource list changed.
    pub const RESOURCE_DELTA: &str = "resource://delta";
    /// [`super::Event::WatchState`]: a resource watch became live, reconnecting, stale or failed.
    pub const WATCH_STATE: &str = "resource://watch-state";
    /// [`super::Event::LogLines`]: a batch of log lines of one log stream.
    pub const STREAM_LOG: &str = "stream://log";
    /// [`super::Event::LogSources`]: the containers a log stream reads changed.
    pub const STREAM_LOG_SOURCES: &str = "stream://log-sources";
    /// [`super::Event::ExecOutput`]: output of a shell session.
    pub const STREAM_EXEC: &str = "stream://exec";
    /// [`super::Event::PortForward`]: a port-forward started or changed state.
    pub const STREAM_PORT_FORWARD: &str = "stream://port-forward";
    /// [`super::Event::StreamEnded`]: a log stream, shell session or port-forward ended.
    pub const STREAM_ENDED: &str = "stream://ended";
    /// Every channel with the name the bindings export it under.
    pub const ALL: [(&str, &str); 10] = [
        ("EVENT_CLUSTER_HEALTH", HEALTH),
        ("EVENT_CLUSTER_NAMESPACES", NAMESPACES),
        ("EVENT_CLUSTER_DISCONNECTED", DISCONNECTED),
        ("EVENT_RESOURCE_DELTA", RESOURCE_DELTA),
        ("EVENT_RESOURCE_WATCH_STATE", WATCH_STATE),
        ("EVENT_STREAM_LOG", STREAM_LOG),
        ("EVENT_STREAM_LOG_SOURCES", STREAM_LOG_SOURCES),
        ("EVENT_STREAM_EXEC", STREAM_EXEC),
        ("EVENT_STREAM_PORT_FORWARD", STREAM_PORT_FORWARD),
        ("EVENT_STREAM_ENDED", STREAM_ENDED),
    ];
}

/// Health of one connection, as last probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum HealthStatus {
    /// Not probed yet.
    Connecting,
    /// Answered within the slow threshold.
    Healthy,
    /// Answered, but slower than the slow threshold.
    Slow,
    /// Did not answer, refused, or answered with a server error.
    Unreachable,
    /// Answered 401 or 403: reachable, but the credentials or RBAC are the problem.
    Unauthorized,
}

/// The last health probe of one connection.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: HealthStatus,
    /// Round-trip time of the last successful probe.
    pub latency_ms: Option<u32>,
    /// When the last probe finished, in milliseconds since the Unix epoch.
    pub last_check_ms: Option<f64>,
    /// Why the last probe failed.
    pub last_error: Option<String>,
    /// What kind of failure that was (refused and timed out are `unreachable` and
    /// `timeout`; `tls`, `unauthorized` (401), `forbidden` (403), `api` (5xx, 429)…).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub error_kind: Option<ErrorKind>,
    /// Failed probes in a row.
    pub consecutive_failures: u32,
    /// While failing: when the next try is, in milliseconds since the Unix epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub next_retry_ms: Option<f64>,
}

impl Health {
    pub(crate) fn connecting() -> Self {
        Self {
            status: HealthStatus::Connecting,
            latency_ms: None,
            last_check_ms: None,
            last_error: None,
            error_kind: None,
            consecutive_failures: 0,
            next_retry_ms: None,
        }
    }
}

/// Where a namespace list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum NamespaceSource {
    /// Watched live from the server.
    Watched,
    /// Listing namespaces is forbidden: the context's namespace plus the ones the user configured.
    Fallback,
    /// Listing namespaces is forbidden, and the cluster (OpenShift) lists the user's projects:
    /// watched live from `project.openshift.io/v1`.
    Projects,
}

/// The namespaces of one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Namespaces {
    pub names: Vec<String>,
    pub source: NamespaceSource,
    /// Why the list is a fallback (e.g. "not allowed to list namespaces").
    pub error: Option<String>,
}

/// A batch of changes to one watched resource list.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceDelta {
    pub context: ContextId,
    pub kind: String,
    /// `None` for all namespaces (or a cluster-scoped kind).
    pub namespace: Option<String>,
    /// A full list that replaces everything the UI holds (initial list, or a relist after 410).
    pub reset: Option<Vec<serde_json::Value>>,
    /// Objects added or changed since the last batch.
    pub upserts: Vec<serde_json::Value>,
    /// Objects deleted since the last batch, as `namespace/name` (or `name`).
    pub deletes: Vec<String>,
}

/// Everything the core reports on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    Health {
        context: ContextId,
        health: Health,
    },
    Namespaces {
        context: ContextId,
        namespaces: Namespaces,
    },
    ResourceDelta(ResourceDelta),
    /// A resource watch changed state (live, reconnecting, stale, failed).
    WatchState {
        key: WatcherKey,
        state: WatchState,
    },
    Disconnected {
        context: ContextId,
    },
    /// Log lines of one stream, batched (at most every 50 ms or 1,000 lines).
    LogLines {
        id: String,
        context: ContextId,
        lines: Vec<LogLine>,
    },
    /// The containers a log stream reads: at start and whenever its pods change; and whether
    /// it waits for its cluster, which stopped answering (`waiting`: why, naming the cluster),
    /// to go on from where it stopped (sent again with `None` when it goes on).
    LogSources {
        id: String,
        context: ContextId,
        sources: Vec<LogSource>,
        waiting: Option<String>,
    },
    /// Output (stdout and stderr) of a shell session, UTF-8, batched (≤ 16 ms).
    ExecOutput {
        id: String,
        context: ContextId,
        data: String,
    },
    /// A port-forward started or changed state (pod replaced, reconnecting, failed).
    PortForward {
        forward: PortForwardInfo,
    },
    /// A stream ended, for any reason.
    StreamEnded {
        id: String,
        context: ContextId,
        end: StreamEnd,
    },
}

impl Event {
    /// The context the event is about.
    pub fn context(&self) -> &ContextId {
        match self {
            Event::Health { context, .. }
            | Event::Namespaces { context, .. }
            | Event::Disconnected { context }
            | Event::LogLines { context, .. }
            | Event::LogSources { context, .. }
            | Event::ExecOutput { context, .. }
            | Event::StreamEnded { context, .. } => context,
            Event::PortForward { forward } => &forward.context,
            Event::ResourceDelta(d) => &d.context,
            Event::WatchState { key, .. } => &key.context,
        }
    }

    /// The window event channel this event is sent on: one channel per concern.
    pub fn channel(&self) -> &'static str {
        match self {
            Event::Health { .. } => channel::HEALTH,
            Event::Namespaces { .. } => channel::NAMESPACES,
            Event::Disconnected { .. } => channel::DISCONNECTED,
            Event::ResourceDelta(_) => channel::RESOURCE_DELTA,
            Event::WatchState { .. } => channel::WATCH_STATE,
            Event::LogLines { .. } => channel::STREAM_LOG,
            Event::LogSources { .. } => channel::STREAM_LOG_SOURCES,
            Event::ExecOutput { .. } => channel::STREAM_EXEC,
            Event::PortForward { .. } => channel::STREAM_PORT_FORWARD,
            Event::StreamEnded { .. } => channel::STREAM_ENDED,
        }
    }
}

/// Receives the core's events. Implementations must not block.
pub trait EventSink: Send + Sync + 'static {
    fn emit(&self, event: Event);
}

/// Drops every event (for `kubeli doctor`).
pub struct NullSink;

impl EventSink for NullSink {
    fn emit(&self, _event: Event) {}
}

/// Sends events into an unbounded channel (for tests).
pub struct ChannelSink(pub tokio::sync::mpsc::UnboundedSender<Event>);

impl EventSink for ChannelSink {
    fn emit(&self, event: Event) {
        let _ = self.0.send(event);
    }
}

/// Milliseconds since the Unix epoch, as the frontend's `Date` takes them.
pub(crate) fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Identifies a resource watcher: which cluster, which kind, which namespace (`None` = all).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WatcherKey {
    pub context: ContextId,
    /// The kind's qualified name (`pods`, `deployments.apps`, `pods.metrics.k8s.io`).
    pub kind: String,
    pub namespace: Option<String>,
    /// The group, version and kind the requested name resolved to.
    pub resolved: crate::kinds::ResolvedKind,
}

/// How a watch is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum WatchState {
    /// Listed and watching: the list is current.
    Live,
    /// The watch broke and is being re-established; the list may lag.
    #[serde(rename_all = "camelCase")]
    Reconnecting { since_ms: f64, reason: String },
    /// Reconnecting for longer than the read timeout: the list is likely out of date.
    #[serde(rename_all = "camelCase")]
    Stale { since_ms: f64, reason: String },
    /// Given up (forbidden, unauthorized, the kind is gone): Retry starts a new watch.
    Failed { reason: String },
    /// Paused with its cluster's other watches (a background cluster): no request open, the
    /// list as it was at `since_ms`; resuming watches on from its last resourceVersion.
    #[serde(rename_all = "camelCase")]
    Paused { since_ms: f64 },
}
