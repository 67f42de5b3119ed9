//! The connection pool: many clusters connected at once, each with its own client, health
//! probe, namespace watcher and resource watchers.
//!
//! Start at [`KubeClientManager`]. The pool is a `DashMap` of [`ClusterConnection`]s keyed
//! by [`ContextId`]. No guard of any map is held across an `.await`: callers clone what they
//! need (an `Arc<ClusterConnection>`, a `kube::Client`) and drop the guard first, so one
//! slow or dead cluster never delays a call to another. The connect procedure is in
//! `connect.rs`, client building in `client.rs`, the registries in `connection.rs`.

mod client;
mod connect;
mod connection;
mod exec;
mod foreign;
mod guard;
mod pause;
mod proxy;
mod retry;
mod session;
mod stack;
mod start;
mod validate;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dashmap::DashMap;
use futures::future::{BoxFuture, FutureExt, Shared};
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::error::Error;
use crate::events::{Event, EventSink};
use crate::kubeconfig::{KubeconfigCache, SourceInputs};

pub use crate::options::PoolOptions;
pub use crate::options::ProxyEnv;
pub use connect::LogStep;
pub use connection::{ClusterConnection, ConnectionInfo, TaskKey, WatcherKey};
pub(crate) use guard::WatchStats;
pub use guard::{ConnectionStats, WatcherStats};
#[cfg(feature = "test-hooks")]
pub use pause::PauseHook;
pub use pause::PausePoint;

type ConnectFuture = Shared<BoxFuture<'static, Result<Arc<ClusterConnection>, Error>>>;

/// One connect in flight: the shared result, its abort handle, and a token unique to the
/// attempt so it only ever publishes or clears its own entry.
struct Attempt {
    result: ConnectFuture,
    abort: AbortHandle,
    token: u64,
}

static ATTEMPTS: AtomicU64 = AtomicU64::new(1);

/// Ends a connect attempt: clears its `connecting` entry, and when the attempt did not run
/// to its end (it panicked, or was aborted) also any connection it had published already,
/// so no half-made connection stays behind.
struct AttemptGuard {
    pool: Arc<KubeClientManager>,
    id: ContextId,
    token: u64,
    finished: bool,
}

impl Drop for AttemptGuard {
    fn drop(&mut self) {
        let token = self.token;
        self.pool
            .connecting
            .remove_if(&self.id, |_, a| a.token == token);
        if !self.finished {
            self.pool.drop_published(&self.id, token);
        }
    }
}

/// Where the pool finds kubeconfig files: the process environment plus the user's additions.
pub type SourcesFn = Arc<dyn Fn() -> SourceInputs + Send + Sync>;

/// The pool of connections. Cheap to share: wrap it in an `Arc`.
pub struct KubeClientManager {
    connections: DashMap<ContextId, Arc<ClusterConnection>>,
    connecting: DashMap<ContextId, Attempt>,
    /// Contexts whose connect failed and is being retried in the background.
    retrying: DashMap<ContextId, AbortHandle>,
    logs: DashMap<ContextId, Vec<LogStep>>,
    /// Namespaces the user configured per context, used when listing namespaces is forbidden.
    extra_namespaces: DashMap<ContextId, Vec<String>>,
    /// Contexts the user marked read-only: every change to them is refused (`guard.rs`).
    read_only: dashmap::DashSet<ContextId>,
    sources: SourcesFn,
    /// Parsed kubeconfig files, shared with discovery so a connect re-reads none that did
    /// not change.
    kubeconfigs: Arc<KubeconfigCache>,
    sink: Arc<dyn EventSink>,
    options: PoolOptions,
    login_path: tokio::sync::OnceCell<Option<String>>,
    #[cfg(feature = "test-hooks")]
    pause_hook: std::sync::Mutex<Option<PauseHook>>,
}

impl KubeClientManager {
    pub fn new(sources: SourcesFn, sink: Arc<dyn EventSink>, options: PoolOptions) -> Arc<Self> {
        Self::with_cache(sources, KubeconfigCache::new(), sink, options)
    }

    /// A pool that shares `kubeconfigs` with the discovery the app runs for its home page.
    pub fn with_cache(
        sources: SourcesFn,
        kubeconfigs: Arc<KubeconfigCache>,
        sink: Arc<dyn EventSink>,
        options: PoolOptions,
    ) -> Arc<Self> {
        Arc::new(Self {
            connections: DashMap::new(),
            connecting: DashMap::new(),
            retrying: DashMap::new(),
            logs: DashMap::new(),
            extra_namespaces: DashMap::new(),
            read_only: dashmap::DashSet::new(),
            sources,
            kubeconfigs,
            sink,
            options,
            login_path: tokio::sync::OnceCell::new(),
            #[cfg(feature = "test-hooks")]
            pause_hook: std::sync::Mutex::new(None),
        })
    }

    pub fn options(&self) -> &PoolOptions {
        &self.options
    }

    pub(crate) fn sink(&self) -> &Arc<dyn EventSink> {
        &self.sink
    }

    /// Connect a context, or return the existing connection. Concurrent connects of the
    /// same context share one attempt; connects of different contexts run in parallel.
    /// When it fails for a reason that may pass, the pool keeps trying in the background
    /// (see `retry.rs`) until it succeeds or the context is disconnected.
    pub async fn connect(self: &Arc<Self>, context: &ContextId) -> Result<ConnectionInfo, Error> {
        let result = self.connect_once(context).await;
        if let Err(e) = &result {
            self.retry_later(context, e);
        }
        result
    }

    /// One connect, shared with any other connect of the same context in flight. A connect
    /// whose connection was torn down before its caller saw it (a cancel or disconnect that
    /// landed right after it was published) reports `Cancelled`, never a dead connection.
    async fn connect_once(self: &Arc<Self>, context: &ContextId) -> Result<ConnectionInfo, Error> {
        if let Some(conn) = self.connection(context) {
            return Ok(conn.info());
        }
        let attempt = match self.connecting.entry(context.clone()) {
            dashmap::Entry::Occupied(e) => e.get().result.clone(),
            dashmap::Entry::Vacant(e) => {
                // An attempt may have finished between the first look and this entry.
                if let Some(conn) = self.connection(context) {
                    return Ok(conn.info());
                }
                let (attempt, shared) = self.start_attempt(context);
                e.insert(attempt);
                shared
            }
        };
        let conn = attempt.await?;
        if conn.is_closed() {
            return Err(Error::Cancelled {
                context: context.display_name(),
            });
        }
        Ok(conn.info())
    }

    /// Spawn a connect attempt. Its [`AttemptGuard`] clears its own entry when it ends —
    /// also when it panics or is aborted — so the context can always be connected again.
    fn start_attempt(self: &Arc<Self>, context: &ContextId) -> (Attempt, ConnectFuture) {
        let this = Arc::clone(self);
        let id = context.clone();
        let token = ATTEMPTS.fetch_add(1, Ordering::Relaxed);
        let task = tokio::spawn(async move {
            let mut guard = AttemptGuard {
                pool: Arc::clone(&this),
                id: id.clone(),
                token,
                finished: false,
            };
            let result = this.establish(&id, token).await;
            guard.finished = true;
            result
        });
        let abort = task.abort_handle();
        let name = context.display_name();
        let shared = async move {
            task.await.unwrap_or_else(|e| {
                Err(if e.is_panic() {
                    Error::Internal {
                        context: name,
                        reason: "the connect stopped on an internal error; try again".into(),
                    }
                } else {
                    Error::Cancelled { context: name }
                })
            })
        }
        .boxed()
        .shared();
        let attempt = Attempt {
            result: shared.clone(),
            abort,
            token,
        };
        (attempt, shared)
    }

    /// Cancel a connect in flight, and any retrying of it. Returns whether one was running.
    /// A cancel that lands after the attempt published its connection (but before the
    /// attempt ended) tears that connection down fully: a cancelled connect never leaves a
    /// connection behind that the user was told did not happen.
    pub fn cancel_connect(&self, context: &ContextId) -> bool {
        let retrying = self.stop_retrying(context);
        let attempt = self.connecting.remove(context).map(|(_, attempt)| attempt);
        if let Some(attempt) = &attempt {
            attempt.abort.abort();
            self.drop_published(context, attempt.token);
        }
        attempt.is_some() || retrying
    }

    /// Remove the connection attempt `token` published, if it is still the live one.
    fn drop_published(&self, context: &ContextId, token: u64) {
        let removed = self
            .connections
            .remove_if(context, |_, conn| conn.attempt() == token);
        if let Some((_, conn)) = removed {
            conn.abort_all();
            self.sink.emit(Event::Disconnected {
                context: context.clone(),
            });
        }
    }

    /// Remove a connection and abort all its tasks. Nothing of any other connection is touched.
    pub fn disconnect(&self, context: &ContextId) -> bool {
        self.cancel_connect(context);
        let removed = self.connections.remove(context);
        if let Some((_, conn)) = &removed {
            conn.abort_all();
            self.sink.emit(Event::Disconnected {
                context: context.clone(),
            });
        }
        removed.is_some()
    }

    /// The live connection of a context.
    pub fn connection(&self, context: &ContextId) -> Option<Arc<ClusterConnection>> {
        self.connections.get(context).map(|c| Arc::clone(c.value()))
    }

    /// Probe the health of `context` now instead of when its backoff says (a cluster that
    /// failed for a while waits up to `max_backoff` between probes): the result comes as its
    /// next health event. A probe in flight is followed by one more at once.
    pub fn check_health_now(&self, context: &ContextId) -> Result<(), Error> {
        let conn = self
            .connection(context)
            .ok_or_else(|| Error::NotConnected {
                context: context.display_name(),
            })?;
        conn.probe_now.notify_one();
        Ok(())
    }

    /// A clone of a connected context's client.
    pub fn get_client(&self, context: &ContextId) -> Result<kube::Client, Error> {
        self.connection(context)
            .map(|c| c.client())
            .ok_or_else(|| Error::NotConnected {
                context: context.display_name(),
            })
    }

    /// Build a context's client again — re-running its exec plugin, re-reading token files
    /// and the kubeconfig if it changed — after a call was answered 401, so the caller can
    /// try once more. A 401 after that is for the user to fix (report `Unauthorized`).
    pub async fn reauthenticate(&self, context: &ContextId) -> Result<(), Error> {
        let conn = self
            .connection(context)
            .ok_or_else(|| Error::NotConnected {
                context: context.display_name(),
            })?;
        conn.rebuild_client().await.map(|_| ())
    }

    /// Every live connection.
    pub fn connected(&self) -> Vec<ConnectionInfo> {
        let conns: Vec<_> = self
            .connections
            .iter()
            .map(|c| Arc::clone(c.value()))
            .collect();
        conns.iter().map(|c| c.info()).collect()
    }

    /// The steps of the last connect of a context.
    pub fn connection_log(&self, context: &ContextId) -> Vec<LogStep> {
        self.logs
            .get(context)
            .map(|l| l.clone())
            .unwrap_or_default()
    }

    /// Set the namespaces to offer for a context when listing namespaces is forbidden.
    pub fn set_extra_namespaces(&self, context: &ContextId, names: Vec<String>) {
        self.extra_namespaces.insert(context.clone(), names);
    }

    fn extra_namespaces(&self, context: &ContextId) -> Vec<String> {
        self.extra_namespaces
            .get(context)
            .map(|n| n.clone())
            .unwrap_or_default()
    }

    /// The user's login-shell `PATH`, found once. Desktop apps start with a short `PATH`, so
    /// exec auth plugins installed by the user (aws, gcloud, kubelogin…) would not be found.
    async fn login_path(&self) -> Option<String> {
        self.login_path
            .get_or_init(|| async {
                // A shell whose start-up files wait for input must not stall every connect.
                let remove = &self.options.child_env_remove;
                tokio::time::timeout(Duration::from_secs(3), client::login_shell_path(remove))
                    .await
                    .ok()
                    .flatten()
            })
            .await
            .clone()
    }
}
