//! The registries of the pool: [`ClusterConnection`] (one live cluster: its client and the
//! background tasks running for it, keyed by [`TaskKey`]) and what the UI sees of it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use dashmap::DashMap;
use serde::Serialize;
use specta::Type;
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::events::Health;
use crate::health::Monitored;
use crate::kubeconfig::Cluster;
use crate::reach::{Reach, ReachSignal};
use crate::sync::{lock, read, write};

use super::client::{Built, ClientRecipe, Transport};
use super::guard::WatchStats;

pub use crate::events::WatcherKey;

/// A background task of one connection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskKey {
    Health,
    Namespaces,
    Watcher(WatcherKey),
    /// A log stream, shell session or port-forward (`crate::streams`), by its id.
    Stream(String),
}

/// What the UI shows about a live connection.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    pub context: ContextId,
    pub cluster: Cluster,
    pub server_version: Option<String>,
    pub health: Health,
    /// When the connection was made, in milliseconds since the Unix epoch.
    pub since_ms: f64,
}

/// A live connection to one cluster: its client and everything running on its behalf.
pub struct ClusterConnection {
    pub context: ContextId,
    pub cluster: Cluster,
    client: RwLock<kube::Client>,
    /// What the client's transport was made from, for fresh connections after a silence.
    transport: Mutex<Transport>,
    /// When the client's credentials expire, if an exec plugin said.
    expires: Mutex<Option<SystemTime>>,
    /// How the client was made, to make it again when credentials expire.
    recipe: ClientRecipe,
    server_version: Option<String>,
    since_ms: f64,
    health: Mutex<Health>,
    tasks: DashMap<TaskKey, AbortHandle>,
    /// What each running watch reports about itself (state, object count).
    watch_stats: DashMap<WatcherKey, Arc<WatchStats>>,
    /// `Some(since_ms)` while its resource watches are paused; every watch follows it.
    paused: tokio::sync::watch::Sender<Option<f64>>,
    /// Whether the network answers, as the health probe last found; watches follow it.
    reach: tokio::sync::watch::Sender<Reach>,
    /// Wakes the health task for a probe at once.
    pub(crate) probe_now: Arc<tokio::sync::Notify>,
    /// Set once the connection is torn down: no task can be registered under it after.
    closed: AtomicBool,
    /// The connect attempt that made it, so a late cancel of that attempt removes this
    /// connection and no newer one.
    attempt: u64,
    /// Resource kinds found through discovery, cached per connection.
    pub(crate) kinds: crate::kinds::KindCache,
}

impl ClusterConnection {
    pub(super) fn new(
        cluster: Cluster,
        built: Built,
        recipe: ClientRecipe,
        server_version: String,
        attempt: u64,
    ) -> Self {
        Self {
            context: cluster.id.clone(),
            cluster,
            client: RwLock::new(built.client),
            transport: Mutex::new(built.transport),
            expires: Mutex::new(built.expires),
            recipe,
            server_version: Some(server_version),
            since_ms: crate::events::now_ms(),
            health: Mutex::new(Health::connecting()),
            tasks: DashMap::new(),
            watch_stats: DashMap::new(),
            paused: tokio::sync::watch::Sender::new(None),
            reach: tokio::sync::watch::Sender::new(Reach::default()),
            probe_now: Arc::new(tokio::sync::Notify::new()),
            closed: AtomicBool::new(false),
            attempt,
            kinds: crate::kinds::KindCache::default(),
        }
    }

    /// A clone of the client: cheap, and free of any lock once returned.
    pub fn client(&self) -> kube::Client {
        read(&self.client).clone()
    }

    /// The last health probe.
    pub fn health(&self) -> Health {
        lock(&self.health).clone()
    }

    pub fn info(&self) -> ConnectionInfo {
        ConnectionInfo {
            context: self.context.clone(),
            cluster: self.cluster.clone(),
            server_version: self.server_version.clone(),
            health: self.health(),
            since_ms: self.since_ms,
        }
    }

    /// Build the client again from the kubeconfig (re-running an exec plugin, re-reading
    /// token files) and use it from now on. Callers do this once after a 401.
    pub(crate) async fn rebuild_client(&self) -> Result<kube::Client, crate::error::Error> {
        let built = self.recipe.build().await?;
        *write(&self.client) = built.client.clone();
        *lock(&self.expires) = built.expires;
        *lock(&self.transport) = built.transport;
        Ok(built.client)
    }

    /// Use a client on fresh connections from now on, with the same credentials. When the
    /// network goes silent, the connections kept alive for reuse may be dead for good (a NAT
    /// that forgot them, a VPN that comes back with a new address): each would hold the next
    /// request sent on it — the health probe's too — until that request's time limit.
    fn fresh_connections(&self) {
        let transport = lock(&self.transport).clone();
        match transport.client() {
            Ok(client) => *write(&self.client) = client,
            Err(e) => {
                tracing::warn!(context = %self.context, "no fresh client after a silence: {e}")
            }
        }
    }

    /// Register a background task under this connection, replacing (and aborting) any task
    /// with the same key. A connection already torn down (disconnected while the task was
    /// being started) takes no task: the task is aborted and `Err(NotConnected)` returned,
    /// so no task outlives its connection.
    pub(crate) fn register_task(
        &self,
        key: TaskKey,
        handle: AbortHandle,
    ) -> Result<(), crate::error::Error> {
        let own = handle.clone();
        if let Some(old) = self.tasks.insert(key.clone(), handle) {
            old.abort();
        }
        // Inserted first, checked second: either `abort_all` (which sets `closed` first)
        // sees this task, or this sees `closed`; both may, never neither.
        if self.is_closed() {
            self.tasks.remove_if(&key, |_, h| h.id() == own.id());
            own.abort();
            return Err(crate::error::Error::NotConnected {
                context: self.context.display_name(),
            });
        }
        Ok(())
    }

    /// Whether the connection was torn down (disconnected or its connect cancelled).
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    pub(super) fn attempt(&self) -> u64 {
        self.attempt
    }

    /// Abort and forget one task. Returns whether it existed.
    pub(crate) fn abort_task(&self, key: &TaskKey) -> bool {
        if let TaskKey::Watcher(watcher) = key {
            self.watch_stats.remove(watcher);
        }
        self.tasks.remove(key).map(|(_, h)| h.abort()).is_some()
    }

    /// Fresh stats for a watch about to start under `key` (replacing an earlier one's).
    pub(crate) fn new_watch_stats(&self, key: &WatcherKey) -> Arc<WatchStats> {
        let stats = Arc::new(WatchStats::default());
        self.watch_stats.insert(key.clone(), Arc::clone(&stats));
        stats
    }

    /// What the watch under `key` reported about itself, if it runs.
    pub(crate) fn watch_stats(&self, key: &WatcherKey) -> Option<Arc<WatchStats>> {
        self.watch_stats.get(key).map(|s| Arc::clone(s.value()))
    }

    /// Where a watch learns whether it must pause: `Some(since_ms)` while paused.
    pub(crate) fn pause_signal(&self) -> tokio::sync::watch::Receiver<Option<f64>> {
        self.paused.subscribe()
    }

    /// Where a watch learns that the network went silent and answers again.
    pub(crate) fn reach_signal(&self) -> ReachSignal {
        self.reach.subscribe()
    }

    /// Since when the resource watches are paused (ms since the Unix epoch), if they are.
    pub fn paused_since(&self) -> Option<f64> {
        *self.paused.borrow()
    }

    /// Pause (`Some(since_ms)`) or resume (`None`) every resource watch; a pause keeps the
    /// time of the first one. Returns the pause time now in force.
    pub(crate) fn set_paused(&self, since_ms: Option<f64>) -> Option<f64> {
        self.paused
            .send_if_modified(|now| match (now.is_some(), since_ms) {
                (true, Some(_)) | (false, None) => false,
                _ => {
                    *now = since_ms;
                    true
                }
            });
        self.paused_since()
    }

    /// Forget a task that has ended on its own, without aborting anything.
    pub(crate) fn forget_task(&self, key: &TaskKey) {
        self.tasks.remove(key);
    }

    /// The keys of the tasks that are still running.
    pub fn running_tasks(&self) -> Vec<TaskKey> {
        self.tasks
            .iter()
            .filter(|e| !e.value().is_finished())
            .map(|e| e.key().clone())
            .collect()
    }

    pub(super) fn abort_all(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.tasks.retain(|_, task| {
            task.abort();
            false
        });
        self.watch_stats.clear();
    }
}

impl Monitored for ClusterConnection {
    fn context(&self) -> &ContextId {
        &self.context
    }

    fn client(&self) -> kube::Client {
        ClusterConnection::client(self)
    }

    fn set_health(&self, health: Health) {
        let mut reach = self.reach.borrow().clone();
        if reach.update(&health) {
            // Silent, or answering again: the watches that follow `reach` reopen, and every
            // request from now on goes, on fresh connections.
            self.fresh_connections();
            self.reach.send_replace(reach);
        }
        *lock(&self.health) = health;
    }

    fn credentials_expired(&self) -> bool {
        lock(&self.expires).is_some_and(|at| at <= SystemTime::now())
    }

    fn rebuild_client(
        &self,
    ) -> futures::future::BoxFuture<'_, Result<kube::Client, crate::error::Error>> {
        Box::pin(ClusterConnection::rebuild_client(self))
    }
}

impl Drop for ClusterConnection {
    fn drop(&mut self) {
        self.abort_all();
    }
}
