//! `#[tauri::command]`s of the cross-cluster features: the read-only guard (kept in the
//! core, so a write is refused even if the window offered it) and the Connections panel.

use kubeli_core::pool::ConnectionStats;
use kubeli_core::ContextId;
use tauri::State;

use crate::AppState;

/// Replace the set of contexts the user marked read-only: every change to them is refused
/// by the core with an error naming the cluster. The window sends its whole set.
#[tauri::command]
#[specta::specta]
pub fn set_read_only_contexts(state: State<'_, AppState>, contexts: Vec<ContextId>) {
    state.pool.set_read_only(contexts);
}

/// Every connection's running watches and how many objects each holds (no cluster request).
#[tauri::command]
#[specta::specta]
pub fn connection_stats(state: State<'_, AppState>) -> Vec<ConnectionStats> {
    state.pool.connection_stats()
}
