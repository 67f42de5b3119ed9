//! The connect procedure of one context, as named steps, each logged with its outcome and
//! time for the connection log: resolve the context → build its client → probe it →
//! start its tasks → publish it.

use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use specta::Type;

use crate::context_id::ContextId;
use crate::error::Error;
use crate::events::now_ms;
use crate::kubeconfig::{discover_with, AuthType, Cluster, KubeconfigFile};
use crate::{health, namespaces};

use super::client::{probe_error, ClientRecipe};
use super::{ClusterConnection, KubeClientManager, PausePoint, TaskKey};

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

impl KubeClientManager {
    /// The connect itself. `token` identifies this attempt: it publishes only while it is
    /// still the attempt the pool wants.
    pub(super) async fn establish(
        self: &Arc<Self>,
        id: &ContextId,
        token: u64,
    ) -> Result<Arc<ClusterConnection>, Error> {
        self.logs.insert(id.clone(), Vec::new());
        let (file, cluster) = self
            .step(
                id,
                "find the context in the kubeconfig files",
                self.resolve(id),
            )
            .await?;
        self.pause(PausePoint::Resolved, id).await;
        // Only an exec plugin needs the login shell's PATH; starting that shell costs more
        // than the rest of a connect (half a second with a busy profile).
        let login_path = match cluster.auth {
            AuthType::Exec { .. } => self.login_path().await,
            _ => None,
        };
        let recipe = ClientRecipe::new(&cluster, &file, login_path, self.options.clone());
        let built = self
            .step(id, "build the client", async {
                let built = recipe.build().await?;
                let detail = recipe.describe(&built);
                Ok((built, Some(detail)))
            })
            .await?;
        let version = self
            .step(
                id,
                "probe /version",
                self.probe(&cluster, built.client.clone()),
            )
            .await?;
        let conn = Arc::new(ClusterConnection::new(
            cluster, built, recipe, version, token,
        ));
        self.publish(id, token, &conn)?;
        self.pause(PausePoint::Published, id).await;
        self.log(id, "connected", Instant::now(), Ok(None));
        Ok(conn)
    }

    /// Find the context among the discovered files. Files unchanged since discovery last
    /// parsed them are not read again.
    async fn resolve(
        &self,
        id: &ContextId,
    ) -> Result<((KubeconfigFile, Cluster), Option<String>), Error> {
        let sources = (self.sources)();
        let cache = Arc::clone(&self.kubeconfigs);
        let loaded = tokio::task::spawn_blocking(move || discover_with(&sources, &cache))
            .await
            .map_err(|e| {
                Error::InvalidInput(format!(
                    "{}: kubeconfig discovery failed: {e}",
                    id.display_name()
                ))
            })?;
        let Some((file, cluster)) = loaded.context(id) else {
            // Say why when the context's own file is the problem.
            let broken = loaded.discovery.errors.iter().find(|e| e.file == id.file());
            return Err(match broken {
                Some(e) => Error::KubeconfigInvalid {
                    context: id.display_name(),
                    reason: format!("its file {} cannot be used: {}", e.file, e.message),
                },
                None => Error::UnknownContext(id.display_name()),
            });
        };
        if let Some(problem) = &cluster.problem {
            return Err(Error::KubeconfigInvalid {
                context: id.display_name(),
                reason: problem.clone(),
            });
        }
        let detail = format!("{} in {}", cluster.context, cluster.source);
        Ok(((file.clone(), cluster.clone()), Some(detail)))
    }

    /// Ask the server for its version, within the connect timeout.
    async fn probe(
        &self,
        cluster: &Cluster,
        client: kube::Client,
    ) -> Result<(String, Option<String>), Error> {
        let name = cluster.id.display_name();
        let timeout = self.options.connect_timeout;
        let version = tokio::time::timeout(timeout, client.apiserver_version())
            .await
            .map_err(|_| Error::Timeout {
                context: name.clone(),
                during: "probing /version".into(),
                seconds: u32::try_from(timeout.as_secs()).unwrap_or(u32::MAX),
            })?
            .map_err(|e| probe_error(&name, &e, &cluster.auth))?;
        let v = version.git_version;
        Ok((v.clone(), Some(v)))
    }

    /// Publish the connection and start its tasks, only while this very attempt is still
    /// wanted: `cancel_connect` (and so `disconnect`) removes the attempt first and waits
    /// for this guard, so a disconnect can never be overtaken by a connect finishing at the
    /// same moment. The tasks start under the guard too, so none outlives such a disconnect.
    fn publish(
        &self,
        id: &ContextId,
        token: u64,
        conn: &Arc<ClusterConnection>,
    ) -> Result<(), Error> {
        let wanted = self.connecting.get(id);
        if wanted.as_ref().is_none_or(|a| a.token != token) {
            return Err(Error::Cancelled {
                context: id.display_name(),
            });
        }
        self.connections.insert(id.clone(), Arc::clone(conn));
        self.start_tasks(conn);
        Ok(())
    }

    /// Start the health probe and the namespace watcher of a connection, registered under it.
    fn start_tasks(&self, conn: &Arc<ClusterConnection>) {
        let weak: std::sync::Weak<dyn health::Monitored> = Arc::downgrade(conn) as _;
        let now = Arc::clone(&conn.probe_now);
        let health = health::spawn(weak, Arc::clone(&self.sink), self.options.clone(), now);
        // A fresh connection, published under the attempt's guard: never closed yet.
        let _ = conn.register_task(TaskKey::Health, health);
        self.start_namespaces(conn);
    }

    /// Start (or restart) the namespace watcher of a connection; its first list is emitted
    /// in full.
    pub(super) fn start_namespaces(&self, conn: &Arc<ClusterConnection>) {
        let mut fallback = self.extra_namespaces(&conn.context);
        fallback.push(
            conn.cluster
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into()),
        );
        let weak = Arc::downgrade(conn);
        let watcher = namespaces::spawn(
            move || weak.upgrade().map(|c| c.client()),
            conn.context.clone(),
            fallback,
            Arc::clone(&self.sink),
            self.options.clone(),
            conn.reach_signal(),
        );
        // A connection closed meanwhile takes no task: the watcher is aborted at once.
        let _ = conn.register_task(TaskKey::Namespaces, watcher);
    }

    fn log(
        &self,
        id: &ContextId,
        step: &str,
        started: Instant,
        outcome: Result<Option<String>, &Error>,
    ) {
        let entry = LogStep {
            at_ms: now_ms(),
            step: step.to_owned(),
            ok: outcome.is_ok(),
            millis: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            // The log is made to be copied and shared: no token, key or password in it.
            detail: match outcome {
                Ok(detail) => detail,
                Err(e) => Some(e.to_string()),
            }
            .map(|d| crate::redact::secrets(&d)),
        };
        self.logs.entry(id.clone()).or_default().push(entry);
    }

    /// Run one step of a connect, logging its outcome and time.
    async fn step<T>(
        &self,
        id: &ContextId,
        step: &str,
        fut: impl std::future::Future<Output = Result<(T, Option<String>), Error>>,
    ) -> Result<T, Error> {
        let started = Instant::now();
        match fut.await {
            Ok((value, detail)) => {
                self.log(id, step, started, Ok(detail));
                Ok(value)
            }
            Err(e) => {
                self.log(id, step, started, Err(&e));
                Err(e)
            }
        }
    }
}
