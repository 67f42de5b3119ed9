//! The registries of the pool: [`ClusterConnection`] (one live cluster: its client and the
//! background tasks running for it, keyed by [`TaskKey`]) and what the UI sees of it.

use std::sync::{Mutex, RwLock};
use std::time::SystemTime;

use dashmap::DashMap;
use serde::Serialize;
use specta::Type;
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::events::Health;
use crate::health::Monitored;
use crate::kubeconfig::Cluster;
use crate::sync::{lock, read, write};

use super::client::ClientRecipe;

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
    /// When the client's credentials expire, if an exec plugin said.
    expires: Mutex<Option<SystemTime>>,
    /// How the client was made, to make it again when credentials expire.
    recipe: ClientRecipe,
    server_version: Option<String>,
    since_ms: f64,
    health: Mutex<Health>,
    tasks: DashMap<TaskKey, AbortHandle>,
    /// Resource kinds found through discovery, cached per connection.
    pub(crate) kinds: crate::kinds::KindCache,
}

impl ClusterConnection {
    pub(super) fn new(
        cluster: Cluster,
        client: kube::Client,
        expires: Option<SystemTime>,
        recipe: ClientRecipe,
        server_version: String,
    ) -> Self {
        Self {
            context: cluster.id.clone(),
            cluster,
            client: RwLock::new(client),
            expires: Mutex::new(expires),
            recipe,
            server_version: Some(server_version),
            since_ms: crate::events::now_ms(),
            health: Mutex::new(Health::connecting()),
            tasks: DashMap::new(),
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
        Ok(built.client)
    }

    /// Register a background task under this connection, replacing (and aborting) any task
    /// with the same key.
    pub(crate) fn register_task(&self, key: TaskKey, handle: AbortHandle) {
        if let Some(old) = self.tasks.insert(key, handle) {
            old.abort();
        }
    }

    /// Abort and forget one task. Returns whether it existed.
    pub(crate) fn abort_task(&self, key: &TaskKey) -> bool {
        self.tasks.remove(key).map(|(_, h)| h.abort()).is_some()
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
        for entry in &self.tasks {
            entry.value().abort();
        }
        self.tasks.clear();
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
