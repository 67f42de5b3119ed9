//! Reconnecting the last session while the app starts: the window takes a moment to load
//! (the web process starts, the page's script runs), and the clusters the user had open can
//! connect in that time instead of after it. The window then adopts the live connections
//! the way a reloaded page does, and joins any connect still in flight (concurrent connects
//! of one context share one attempt), so nothing connects twice.

use std::sync::Arc;

use futures::future::join_all;

use super::KubeClientManager;
use crate::context_id::ContextId;
use crate::kubeconfig::discover_with;

impl KubeClientManager {
    /// Connect `ids` in parallel, for a window that is still loading. Only contexts that are
    /// still in the kubeconfig files, are valid, and log in without the user (no exec plugin
    /// that opens a browser, no OIDC prompt) are connected; the window connects the others
    /// itself, one interactive login at a time. A failed connect is retried by the pool as
    /// any connect is, and the window's own connect of that context reports it. Resolves to
    /// the ids it connected or tried to.
    pub async fn connect_at_start(self: &Arc<Self>, ids: Vec<ContextId>) -> Vec<ContextId> {
        if ids.is_empty() {
            return ids;
        }
        let sources = (self.sources)();
        let cache = Arc::clone(&self.kubeconfigs);
        let Ok(loaded) = tokio::task::spawn_blocking(move || discover_with(&sources, &cache)).await
        else {
            return Vec::new();
        };
        let wanted: Vec<ContextId> = ids
            .into_iter()
            .filter(|id| {
                loaded
                    .context(id)
                    .is_some_and(|(_, c)| !c.interactive && c.problem.is_none())
            })
            .collect();
        tracing::info!(
            "reconnecting {} context(s) of the last session while the window loads",
            wanted.len()
        );
        let started = std::time::Instant::now();
        let connected = join_all(wanted.iter().map(|id| {
            let pool = Arc::clone(self);
            async move {
                let result = pool.connect(id).await;
                if let Err(e) = &result {
                    tracing::info!("reconnect at start: {e}");
                }
                result.is_ok()
            }
        }))
        .await;
        tracing::info!(
            "reconnected {} of {} context(s) at start in {} ms",
            connected.iter().filter(|ok| **ok).count(),
            wanted.len(),
            started.elapsed().as_millis()
        );
        wanted
    }
}
