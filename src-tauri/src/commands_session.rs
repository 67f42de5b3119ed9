//! Commands for a window that reloaded (Ctrl+R, F5, or its web process was restarted) to
//! pick up the backend's live session instead of starting empty or reconnecting, and a
//! read-only count of the pool's background tasks for diagnostics and the soak test; and the
//! contexts to reconnect while the next start's window is still loading.

use kubeli_core::error::AppError;
use kubeli_core::pool::WatcherKey;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::AppState;

/// What a reloaded page needs besides `connected_clusters`.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LiveSession {
    /// Every resource watcher still running; the page re-watches each (the backend starts it
    /// again under the same key, so the view gets a fresh full list).
    pub watchers: Vec<WatcherKey>,
}

/// The pool's registries, counted.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PoolCounts {
    pub connections: u32,
    /// Background tasks: health probes, namespace and resource watchers, connects and
    /// retries in flight. Zero when nothing is connected.
    pub tasks: u32,
    pub watchers: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Called by a page that just loaded, after it adopted `connected_clusters`: sends every
/// connection's namespaces again (as events) and lists the running watchers. Async, so it
/// runs on the runtime that starts the namespace watchers.
#[tauri::command]
#[specta::specta]
pub async fn resync_session(state: State<'_, AppState>) -> Result<LiveSession, AppError> {
    state.pool.resend_namespaces();
    let watchers = state.pool.running_watchers();
    tracing::info!(
        "a page loaded and re-synced: {} live connections, {} watchers",
        state.pool.connected().len(),
        watchers.len()
    );
    Ok(LiveSession { watchers })
}

/// How many connections, tasks and watchers the pool holds now. Changes nothing.
#[tauri::command]
#[specta::specta]
pub fn pool_counts(state: State<'_, AppState>) -> PoolCounts {
    PoolCounts {
        connections: count(state.pool.connected().len()),
        tasks: count(state.pool.task_count()),
        watchers: count(state.pool.running_watchers().len()),
    }
}

/// The contexts to connect at the next start, before the window has loaded (the window's
/// session when it reconnects at start; empty when it does not). Saved in the settings file.
#[tauri::command]
#[specta::specta]
pub fn set_start_contexts(
    state: State<'_, AppState>,
    contexts: Vec<String>,
) -> Result<(), AppError> {
    Ok(state.settings.set_start_contexts(contexts)?)
}
