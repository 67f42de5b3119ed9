//! Events the core sends while connections live: health changes, namespace lists and
//! resource deltas. Each carries its context. The Tauri crate forwards them to the window;
//! tests collect them through [`ChannelSink`].

use serde::Serialize;
use specta::Type;

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
    /// Failed probes in a row.
    pub consecutive_failures: u32,
}

impl Health {
    pub(crate) fn connecting() -> Self {
        Self {
            status: HealthStatus::Connecting,
            latency_ms: None,
            last_check_ms: None,
            last_error: None,
            consecutive_failures: 0,
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
    pub context: String,
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
        context: String,
        health: Health,
    },
    Namespaces {
        context: String,
        namespaces: Namespaces,
    },
    ResourceDelta(ResourceDelta),
    /// A resource watch changed state (live, reconnecting, stale, failed).
    WatchState {
        key: crate::pool::WatcherKey,
        state: crate::resources::WatchState,
    },
    Disconnected {
        context: String,
    },
}

impl Event {
    /// The context the event is about.
    pub fn context(&self) -> &str {
        match self {
            Event::Health { context, .. }
            | Event::Namespaces { context, .. }
            | Event::Disconnected { context } => context,
            Event::ResourceDelta(d) => &d.context,
            Event::WatchState { key, .. } => &key.context,
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
