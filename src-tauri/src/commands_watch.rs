//! `#[tauri::command]`s that pause and resume the resource watches of one cluster (a
//! background cluster after its idle time, the Connections panel's Resume).

use kubeli_core::error::AppError;
use kubeli_core::ContextId;
use tauri::State;

use crate::AppState;

/// Pause every resource watch of `context` (no request open; rows and resourceVersions
/// kept). Returns since when they are paused, in ms since the Unix epoch.
#[tauri::command]
#[specta::specta]
pub fn pause_watchers(state: State<'_, AppState>, context: ContextId) -> Result<f64, AppError> {
    Ok(state.pool.pause_watchers(&context)?)
}

/// Resume the resource watches of `context` from their last resourceVersion.
#[tauri::command]
#[specta::specta]
pub fn resume_watchers(state: State<'_, AppState>, context: ContextId) -> Result<(), AppError> {
    Ok(state.pool.resume_watchers(&context)?)
}
