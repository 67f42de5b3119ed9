//! Pausing the resource watches of a background cluster and resuming them: a paused watch
//! closes its request and parks with its key, its last resourceVersion and the rows the page
//! holds; resumed, it watches on from that version (and lists again only on 410 Gone). The
//! health probe and the namespace watcher are not resource watches: they keep running.

use super::batch::Report;
use super::watch::Reporter;
use crate::context_id::ContextId;
use crate::error::Error;
use crate::events::{now_ms, WatchState};
use crate::pool::KubeClientManager;

/// What a watch follows to know whether it must pause: `Some(since_ms)` while paused.
pub(crate) type PauseSignal = tokio::sync::watch::Receiver<Option<f64>>;

/// While the connection's watches are paused: report `Paused` and wait for the resume.
/// `false` when the watch must end instead (stopped, or its connection is gone).
pub(super) async fn hold_while_paused(out: &Reporter, pause: &mut PauseSignal) -> bool {
    let since = *pause.borrow_and_update();
    let Some(since_ms) = since else { return true };
    if !out.send(Report::State(WatchState::Paused { since_ms })) {
        return false;
    }
    pause.wait_for(Option::is_none).await.is_ok()
}

impl KubeClientManager {
    /// Pause every resource watch of `context`, those started later too, until
    /// [`Self::resume_watchers`]. Returns since when they are paused (ms since the Unix
    /// epoch; a second pause keeps the first time).
    pub fn pause_watchers(&self, context: &ContextId) -> Result<f64, Error> {
        let conn = self.connected_conn(context)?;
        Ok(conn.set_paused(Some(now_ms())).unwrap_or_else(now_ms))
    }

    /// Resume the resource watches of `context` from their last resourceVersion. Resuming
    /// watches that are not paused does nothing.
    pub fn resume_watchers(&self, context: &ContextId) -> Result<(), Error> {
        self.connected_conn(context)?.set_paused(None);
        Ok(())
    }

    /// Since when the watches of `context` are paused, if it is connected and paused.
    pub fn watchers_paused_since(&self, context: &ContextId) -> Option<f64> {
        self.connection(context).and_then(|c| c.paused_since())
    }
}
