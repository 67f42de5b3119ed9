//! The production guard's backend half and the pool's self-report: contexts the user marked
//! read-only (every change to them is refused here, before any request, not only greyed
//! out in the window), and what each connection runs and holds, for the Connections panel.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;

use super::{KubeClientManager, TaskKey};
use crate::context_id::ContextId;
use crate::error::Error;
use crate::events::WatchState;
use crate::sync::lock;

/// What one watch reports about itself while it runs: its state and how many objects its
/// list holds (the list's size, then +1 per `ADDED`, −1 per `DELETED`).
#[derive(Debug, Default)]
pub(crate) struct WatchStats {
    objects: AtomicU32,
    state: Mutex<Option<WatchState>>,
}

impl WatchStats {
    pub(crate) fn listed(&self, count: usize) {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        self.objects.store(count, Ordering::Relaxed);
    }

    pub(crate) fn added(&self) {
        self.objects.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn deleted(&self) {
        // Never below zero, even if a delete arrives for an object the list did not hold.
        let _ = self
            .objects
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
    }

    pub(crate) fn set_state(&self, state: &WatchState) {
        *lock(&self.state) = Some(state.clone());
    }
}

/// One running watch, as the Connections panel lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WatcherStats {
    /// The kind's qualified name (`pods`, `deployments.apps`).
    pub kind: String,
    /// `None` = all namespaces (or a cluster-scoped kind).
    pub namespace: Option<String>,
    /// `None` until the first list finished.
    pub state: Option<WatchState>,
    /// Objects the watch's list holds now.
    pub objects: u32,
}

/// One connection: its watches and whether it is read-only.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStats {
    pub context: ContextId,
    pub read_only: bool,
    /// Sorted by kind, then namespace.
    pub watchers: Vec<WatcherStats>,
    /// Since when its resource watches are paused (ms since the Unix epoch), if they are.
    pub paused_since_ms: Option<f64>,
}

impl KubeClientManager {
    /// Replace the set of read-only contexts (the window sends its whole set on start and on
    /// every change). Contexts not connected yet are kept: the mark applies once they are.
    pub fn set_read_only(&self, contexts: Vec<ContextId>) {
        self.read_only.clear();
        for context in contexts {
            self.read_only.insert(context);
        }
    }

    /// Whether changes to `context` are refused.
    pub fn is_read_only(&self, context: &ContextId) -> bool {
        self.read_only.contains(context)
    }

    /// Refuses a change to a read-only context, naming the cluster and the change.
    pub(crate) fn ensure_writable(
        &self,
        context: &ContextId,
        during: impl FnOnce() -> String,
    ) -> Result<(), Error> {
        if !self.is_read_only(context) {
            return Ok(());
        }
        Err(Error::ReadOnly {
            context: context.display_name(),
            during: during(),
        })
    }

    /// Every connection with its running watches and their object counts: a read of the
    /// registries, no request to any cluster.
    pub fn connection_stats(&self) -> Vec<ConnectionStats> {
        let connections: Vec<_> = self.connections.iter().map(|e| e.value().clone()).collect();
        let mut stats: Vec<ConnectionStats> = connections
            .iter()
            .map(|conn| {
                let mut watchers: Vec<WatcherStats> = conn
                    .running_tasks()
                    .into_iter()
                    .filter_map(|task| match task {
                        TaskKey::Watcher(key) => Some(key),
                        _ => None,
                    })
                    .map(|key| {
                        let (state, objects) = conn.watch_stats(&key).map_or((None, 0), |s| {
                            (lock(&s.state).clone(), s.objects.load(Ordering::Relaxed))
                        });
                        WatcherStats {
                            kind: key.kind,
                            namespace: key.namespace,
                            state,
                            objects,
                        }
                    })
                    .collect();
                watchers.sort_by(|a, b| (&a.kind, &a.namespace).cmp(&(&b.kind, &b.namespace)));
                ConnectionStats {
                    context: conn.context.clone(),
                    read_only: self.is_read_only(&conn.context),
                    watchers,
                    paused_since_ms: conn.paused_since(),
                }
            })
            .collect();
        stats.sort_by(|a, b| a.context.cmp(&b.context));
        stats
    }
}
