//! `#[tauri::command]`s about one cluster's background tasks: pause and resume its resource
//! watches (a background cluster after its idle time, the Connections panel's Resume), and
//! probe its health now (the "Check now" of a cluster that stopped answering, and the window's
//! `online` event).

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

/// Probe the health of `context` now; the answer comes as its next health event.
#[tauri::command]
#[specta::specta]
pub fn check_health_now(state: State<'_, AppState>, context: ContextId) -> Result<(), AppError> {
    Ok(state.pool.check_health_now(&context)?)
}
