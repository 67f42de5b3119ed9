//! The connection pool: many clusters connected at once, each with its own client, health
//! probe, namespace watcher and resource watchers.
//!
//! Start at [`KubeClientManager`]. The pool is a `DashMap` of [`ClusterConnection`]s keyed
//! by context id. No guard of any map is held across an `.await`: callers clone what they
//! need (an `Arc<ClusterConnection>`, a `kube::Client`) and drop the guard first, so one
//! slow or dead cluster never delays a call to another.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use futures::future::{BoxFuture, FutureExt, Shared};
use kube::config::{KubeConfigOptions, Kubeconfig};
use serde::Serialize;
use specta::Type;
use tokio::task::AbortHandle;

use crate::error::Error;
use crate::events::{now_ms, Event, EventSink, Health};
use crate::kubeconfig::{discover, AuthType, Cluster, SourceInputs};
use crate::{health, namespaces};

/// Tunables of the pool. The defaults suit a desktop app; tests shorten them.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Time allowed for the first `/version` probe of a connect.
    pub connect_timeout: Duration,
    /// Interval between health probes of a healthy connection.
    pub health_interval: Duration,
    /// Time allowed for one health probe.
    pub probe_timeout: Duration,
    /// A probe slower than this marks the connection slow.
    pub slow_threshold: Duration,
    /// Longest wait between probes while a connection keeps failing.
    pub max_backoff: Duration,
    /// Window in which resource watch events are coalesced into one delta.
    pub batch_window: Duration,
    /// Time allowed for one read: list, get, YAML, discovery, a watch's list and its start.
    pub read_timeout: Duration,
    /// Time allowed for one change: delete, scale, restart, apply.
    pub write_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(8),
            health_interval: Duration::from_secs(10),
            probe_timeout: Duration::from_secs(5),
            slow_threshold: Duration::from_millis(1500),
            max_backoff: Duration::from_secs(60),
            batch_window: Duration::from_millis(80),
            read_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(60),
        }
    }
}

/// Identifies a resource watcher: which cluster, which kind, which namespace (`None` = all).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WatcherKey {
    pub context: String,
    /// The kind's qualified name (`pods`, `deployments.apps`, `pods.metrics.k8s.io`).
    pub kind: String,
    pub namespace: Option<String>,
    /// The group, version and kind the requested name resolved to.
    pub resolved: crate::resources::ResolvedKind,
}

/// A background task of one connection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskKey {
    Health,
    Namespaces,
    Watcher(WatcherKey),
}

/// One step of a connect, for the connection log the UI can show and copy.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LogStep {
    /// When the step finished, in milliseconds since the Unix epoch.
    pub at_ms: f64,
    pub step: String,
    pub ok: bool,
    /// How long the step took.
    pub millis: u32,
    pub detail: Option<String>,
}

/// What the UI shows about a live connection.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    pub context: String,
    pub cluster: Cluster,
    pub server_version: Option<String>,
    pub health: Health,
    /// When the connection was made, in milliseconds since the Unix epoch.
    pub since_ms: f64,
}

/// A live connection to one cluster: its client and everything running on its behalf.
pub struct ClusterConnection {
    pub context: String,
    pub cluster: Cluster,
    client: kube::Client,
    server_version: Option<String>,
    since_ms: f64,
    pub(crate) health: Mutex<Health>,
    tasks: DashMap<TaskKey, AbortHandle>,
    /// Resource kinds found through discovery, cached per connection.
    pub(crate) kinds: crate::resources::KindCache,
}

impl ClusterConnection {
    /// A clone of the client: cheap, and free of any lock.
    pub fn client(&self) -> kube::Client {
        self.client.clone()
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

    /// Register a background task under this connection, replacing (and aborting) any task
    /// with the same key.
    pub fn register_task(&self, key: TaskKey, handle: AbortHandle) {
        if let Some(old) = self.tasks.insert(key, handle) {
            old.abort();
        }
    }

    /// Abort and forget one task. Returns whether it existed.
    pub fn abort_task(&self, key: &TaskKey) -> bool {
        self.tasks.remove(key).map(|(_, h)| h.abort()).is_some()
    }

    /// The keys of the tasks that are still running.
    pub fn running_tasks(&self) -> Vec<TaskKey> {
        self.tasks
            .iter()
            .filter(|e| !e.value().is_finished())
            .map(|e| e.key().clone())
            .collect()
    }

    fn abort_all(&self) {
        for entry in &self.tasks {
            entry.value().abort();
        }
        self.tasks.clear();
    }
}

impl Drop for ClusterConnection {
    fn drop(&mut self) {
        self.abort_all();
    }
}

type ConnectFuture = Shared<BoxFuture<'static, Result<Arc<ClusterConnection>, Error>>>;

/// One connect in flight: the shared result, its abort handle, and a token unique to the
/// attempt so it only ever publishes or clears its own entry.
struct Attempt {
    result: ConnectFuture,
    abort: AbortHandle,
    token: u64,
}

static ATTEMPTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Where the pool finds kubeconfig files: the process environment plus the user's additions.
pub type SourcesFn = Arc<dyn Fn() -> SourceInputs + Send + Sync>;

/// The pool of connections. Cheap to share: wrap it in an `Arc`.
pub struct KubeClientManager {
    connections: DashMap<String, Arc<ClusterConnection>>,
    connecting: DashMap<String, Attempt>,
    logs: DashMap<String, Vec<LogStep>>,
    /// Namespaces the user configured per context, used when listing namespaces is forbidden.
    extra_namespaces: DashMap<String, Vec<String>>,
    sources: SourcesFn,
    sink: Arc<dyn EventSink>,
    options: PoolOptions,
    login_path: tokio::sync::OnceCell<Option<String>>,
}

impl KubeClientManager {
    pub fn new(sources: SourcesFn, sink: Arc<dyn EventSink>, options: PoolOptions) -> Arc<Self> {
        Arc::new(Self {
            connections: DashMap::new(),
            connecting: DashMap::new(),
            logs: DashMap::new(),
            extra_namespaces: DashMap::new(),
            sources,
            sink,
            options,
            login_path: tokio::sync::OnceCell::new(),
        })
    }

    pub fn options(&self) -> &PoolOptions {
        &self.options
    }

    pub(crate) fn sink(&self) -> &Arc<dyn EventSink> {
        &self.sink
    }

    /// Connect a context (by id), or return the existing connection. Concurrent connects of
    /// the same context share one attempt; connects of different contexts run in parallel.
    pub async fn connect(self: &Arc<Self>, context: &str) -> Result<ConnectionInfo, Error> {
        if let Some(conn) = self.connection(context) {
            return Ok(conn.info());
        }
        let attempt = match self.connecting.entry(context.to_owned()) {
            dashmap::Entry::Occupied(e) => e.get().result.clone(),
            dashmap::Entry::Vacant(e) => {
                // An attempt may have finished between the first look and this entry.
                if let Some(conn) = self.connection(context) {
                    return Ok(conn.info());
                }
                let this = Arc::clone(self);
                let id = context.to_owned();
                let token = ATTEMPTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let task = tokio::spawn(async move {
                    let result = this.establish(&id, token).await;
                    this.connecting.remove_if(&id, |_, a| a.token == token);
                    result
                });
                let abort = task.abort_handle();
                let name = display_name(context);
                let shared = async move {
                    task.await
                        .unwrap_or(Err(Error::Cancelled { context: name }))
                }
                .boxed()
                .shared();
                e.insert(Attempt {
                    result: shared.clone(),
                    abort,
                    token,
                });
                shared
            }
        };
        attempt.await.map(|conn| conn.info())
    }

    /// Cancel a connect in flight. Returns whether one was running.
    pub fn cancel_connect(&self, context: &str) -> bool {
        self.connecting
            .remove(context)
            .map(|(_, attempt)| attempt.abort.abort())
            .is_some()
    }

    /// Remove a connection and abort all its tasks. Nothing of any other connection is touched.
    pub fn disconnect(&self, context: &str) -> bool {
        self.cancel_connect(context);
        let removed = self.connections.remove(context);
        if let Some((_, conn)) = &removed {
            conn.abort_all();
            self.sink.emit(Event::Disconnected {
                context: context.to_owned(),
            });
        }
        removed.is_some()
    }

    /// The live connection of a context.
    pub fn connection(&self, context: &str) -> Option<Arc<ClusterConnection>> {
        self.connections.get(context).map(|c| Arc::clone(c.value()))
    }

    /// A clone of a connected context's client.
    pub fn get_client(&self, context: &str) -> Result<kube::Client, Error> {
        self.connection(context)
            .map(|c| c.client())
            .ok_or_else(|| Error::NotConnected {
                context: display_name(context),
            })
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
    pub fn connection_log(&self, context: &str) -> Vec<LogStep> {
        self.logs
            .get(context)
            .map(|l| l.clone())
            .unwrap_or_default()
    }

    /// Set the namespaces to offer for a context when listing namespaces is forbidden.
    pub fn set_extra_namespaces(&self, context: &str, names: Vec<String>) {
        self.extra_namespaces.insert(context.to_owned(), names);
    }

    pub(crate) fn extra_namespaces(&self, context: &str) -> Vec<String> {
        self.extra_namespaces
            .get(context)
            .map(|n| n.clone())
            .unwrap_or_default()
    }

    fn log(
        &self,
        context: &str,
        step: &str,
        started: Instant,
        outcome: Result<Option<String>, &Error>,
    ) {
        let entry = LogStep {
            at_ms: now_ms(),
            step: step.to_owned(),
            ok: outcome.is_ok(),
            millis: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            detail: match outcome {
                Ok(detail) => detail,
                Err(e) => Some(e.to_string()),
            },
        };
        self.logs.entry(context.to_owned()).or_default().push(entry);
    }

    /// Run one step of a connect, logging its outcome and time.
    async fn step<T>(
        &self,
        context: &str,
        step: &str,
        fut: impl std::future::Future<Output = Result<(T, Option<String>), Error>>,
    ) -> Result<T, Error> {
        let started = Instant::now();
        match fut.await {
            Ok((value, detail)) => {
                self.log(context, step, started, Ok(detail));
                Ok(value)
            }
            Err(e) => {
                self.log(context, step, started, Err(&e));
                Err(e)
            }
        }
    }

    /// The connect itself: resolve the context, build its client, probe it, start its tasks.
    async fn establish(
        self: &Arc<Self>,
        id: &str,
        token: u64,
    ) -> Result<Arc<ClusterConnection>, Error> {
        self.logs.insert(id.to_owned(), Vec::new());
        let sources = Arc::clone(&self.sources);
        let id_owned = id.to_owned();
        let cluster = self
            .step(id, "find the context in the kubeconfig files", async move {
                let loaded = tokio::task::spawn_blocking(move || discover(&sources()))
                    .await
                    .map_err(|e| {
                        Error::InvalidInput(format!(
                            "{}: kubeconfig discovery failed: {e}",
                            display_name(&id_owned)
                        ))
                    })?;
                let Some((_, cluster)) = loaded.context(&id_owned) else {
                    // Say why when the context's own file is the problem.
                    // Ids are `<file>#<name>`: the broken file is the one the id starts with.
                    let broken = loaded
                        .discovery
                        .errors
                        .iter()
                        .find(|e| id_owned.starts_with(&format!("{}#", e.file)));
                    return Err(match broken {
                        Some(e) => Error::KubeconfigInvalid {
                            context: display_name(&id_owned),
                            reason: format!("its file {} cannot be used: {}", e.file, e.message),
                        },
                        None => Error::UnknownContext(display_name(&id_owned)),
                    });
                };
                let detail = format!("{} in {}", cluster.context, cluster.source);
                Ok((cluster.clone(), Some(detail)))
            })
            .await?;
        let name = cluster.context.clone();
        if let Some(problem) = &cluster.problem {
            let e = Error::KubeconfigInvalid {
                context: name,
                reason: problem.clone(),
            };
            self.log(id, "check the context", Instant::now(), Err(&e));
            return Err(e);
        }

        let login_path = self.login_path().await;
        let auth = cluster.auth.clone();
        let client = self
            .step(id, "build the client", async {
                build_client(&cluster, login_path)
                    .await
                    .map_err(|e| with_auth(e, &auth))
            })
            .await?;

        let timeout = self.options.connect_timeout;
        let probe_client = client.clone();
        let probe_name = name.clone();
        let probe_auth = cluster.auth.clone();
        let server_version = self
            .step(id, "probe /version", async move {
                let version = tokio::time::timeout(timeout, probe_client.apiserver_version())
                    .await
                    .map_err(|_| Error::Timeout {
                        context: probe_name.clone(),
                        during: "probing /version".into(),
                        seconds: u32::try_from(timeout.as_secs()).unwrap_or(u32::MAX),
                    })?
                    .map_err(|e| with_auth(probe_error(&probe_name, &e), &probe_auth))?;
                let v = version.git_version;
                Ok((v.clone(), Some(v)))
            })
            .await?;

        let conn = Arc::new(ClusterConnection {
            context: id.to_owned(),
            cluster,
            client,
            server_version: Some(server_version),
            since_ms: now_ms(),
            health: Mutex::new(Health::connecting()),
            tasks: DashMap::new(),
            kinds: crate::resources::KindCache::default(),
        });
        {
            // Publish only while this very attempt is still wanted: `cancel_connect` (and so
            // `disconnect`) removes the attempt first and waits for this guard, so a
            // disconnect can never be overtaken by a connect finishing at the same moment.
            // The tasks start under the guard too, so none outlives such a disconnect.
            let wanted = self.connecting.get(id);
            if wanted.as_ref().is_none_or(|a| a.token != token) {
                return Err(Error::Cancelled { context: name });
            }
            self.connections.insert(id.to_owned(), Arc::clone(&conn));
            health::start(self, &conn);
            namespaces::start(self, &conn);
        }
        self.log(id, "connected", Instant::now(), Ok(None));
        Ok(conn)
    }

    /// The user's login-shell `PATH`, found once. Desktop apps start with a short `PATH`, so
    /// exec auth plugins installed by the user (aws, gcloud, kubelogin…) would not be found.
    async fn login_path(&self) -> Option<String> {
        self.login_path
            .get_or_init(|| async {
                // A shell whose start-up files wait for input must not stall every connect.
                tokio::time::timeout(Duration::from_secs(3), login_shell_path())
                    .await
                    .ok()
                    .flatten()
            })
            .await
            .clone()
    }
}

/// Errors of the first probe: a 401/403 means the server is reachable and the credentials
/// or RBAC are the problem, and the message says so.
fn probe_error(context: &str, err: &kube::Error) -> Error {
    match Error::from_kube(context, err) {
        Error::Unauthorized { context, message } => Error::Unauthorized {
            context,
            message: format!("the server is reachable but refused these credentials ({message})"),
        },
        Error::Forbidden { context, message } => Error::Forbidden {
            context,
            message: format!(
                "the server is reachable but RBAC forbids reading its version ({message})"
            ),
        },
        other => other,
    }
}

/// kube reports auth failures without saying which auth the user has; fill that in from
/// the kubeconfig: the exec plugin's command, or an auth provider kube cannot use.
fn with_auth(err: Error, auth: &AuthType) -> Error {
    match (err, auth) {
        (Error::ExecPluginMissing { context, .. }, AuthType::Exec { command }) => {
            Error::ExecPluginMissing {
                context,
                command: command.clone(),
            }
        }
        (
            Error::ExecPluginFailed {
                context, reason, ..
            },
            AuthType::Exec { command },
        ) => Error::ExecPluginFailed {
            context,
            command: command.clone(),
            reason,
        },
        (
            Error::ExecPluginFailed {
                context, reason, ..
            }
            | Error::ExecPluginMissing {
                context,
                command: reason,
            },
            other,
        ) => Error::KubeconfigInvalid {
            context,
            reason: match other {
                AuthType::AuthProvider { name } => {
                    format!("its auth provider \"{name}\" cannot be used ({reason})")
                }
                _ => format!("its credentials cannot be used ({reason})"),
            },
        },
        (other, _) => other,
    }
}

/// The readable name of a context id (`file#name` → `name`).
pub fn display_name(id: &str) -> String {
    let Some((head, last)) = id.rsplit_once('#') else {
        return id.to_owned();
    };
    // `file#name#2` marks the second context of that name in one file.
    match head.rsplit_once('#') {
        Some((_, name)) if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{name} ({last})")
        }
        _ => last.to_owned(),
    }
}

/// Build a client from exactly the file the context came from, with exec plugins resolved
/// against the login-shell `PATH`.
async fn build_client(
    cluster: &Cluster,
    login_path: Option<String>,
) -> Result<(kube::Client, Option<String>), Error> {
    let name = cluster.context.clone();
    let invalid = |reason: String| Error::KubeconfigInvalid {
        context: name.clone(),
        reason,
    };
    let mut kubeconfig =
        Kubeconfig::read_from(&cluster.source).map_err(|e| invalid(crate::error::chain(&e)))?;

    if let AuthType::Exec { command } = &cluster.auth {
        let path = login_path
            .or_else(|| std::env::var("PATH").ok())
            .unwrap_or_default();
        if find_on_path(command, &path).is_none() {
            return Err(Error::ExecPluginMissing {
                context: name,
                command: command.clone(),
            });
        }
        // Hand the login-shell PATH to the plugin (and to the lookup of the plugin itself).
        for user in &mut kubeconfig.auth_infos {
            if let Some(exec) = user.auth_info.as_mut().and_then(|a| a.exec.as_mut()) {
                let env = exec.env.get_or_insert_with(Vec::new);
                env.retain(|e| e.get("name").map(String::as_str) != Some("PATH"));
                env.push(HashMap::from([
                    ("name".to_owned(), "PATH".to_owned()),
                    ("value".to_owned(), path.clone()),
                ]));
            }
        }
    }

    let options = KubeConfigOptions {
        context: Some(cluster.context.clone()),
        ..KubeConfigOptions::default()
    };
    let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|e| invalid(crate::error::chain(&e)))?;
    config.connect_timeout = Some(Duration::from_secs(5));
    let server = config.cluster_url.to_string();
    let client = kube::Client::try_from(config).map_err(|e| match Error::from_kube(&name, &e) {
        Error::Tls { context, reason } => Error::KubeconfigInvalid {
            context,
            reason: format!("its TLS settings cannot be used: {reason}"),
        },
        other => other,
    })?;
    Ok((client, Some(format!("server {server}"))))
}

/// Where `command` is found on `path` (absolute and relative paths are checked as they are).
pub fn find_on_path(command: &str, path: &str) -> Option<PathBuf> {
    if command.is_empty() {
        return None;
    }
    let as_path = std::path::Path::new(command);
    if as_path.components().count() > 1 {
        return as_path.is_file().then(|| as_path.to_path_buf());
    }
    std::env::split_paths(path)
        .map(|dir| dir.join(command))
        .find(|candidate| candidate.is_file())
}

/// Ask the user's login shell for its `PATH` (Unix); `None` when that fails.
async fn login_shell_path() -> Option<String> {
    if cfg!(windows) {
        return None;
    }
    let shell = std::env::var("SHELL").unwrap_or_else(|_| "/bin/sh".into());
    let output = tokio::process::Command::new(shell)
        .args(["-l", "-c", "printf %s \"$PATH\""])
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !path.trim().is_empty()).then(|| path.trim().to_owned())
}

/// Lock a std mutex whose data stays consistent even if a holder panicked (we only swap
/// whole values under it).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
