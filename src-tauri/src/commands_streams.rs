//! `#[tauri::command]`s for log streams, exec sessions and port-forwards (issue #12): each a
//! few lines over `kubeli_core::streams::StreamManager`. Output and ends arrive as events
//! (`stream://…`), forwarded by the app's event sink.

use kubeli_core::error::AppError;
use kubeli_core::streams::{
    ExecRequest, ExecSession, LogRequest, PortForwardInfo, PortForwardRequest, StreamInfo,
};
use kubeli_core::ContextId;
use tauri::State;

use crate::AppState;

/// Start streaming logs of a pod, a workload or a label selector; returns the stream id.
#[tauri::command]
#[specta::specta]
pub async fn start_logs(
    state: State<'_, AppState>,
    context: ContextId,
    request: LogRequest,
) -> Result<String, AppError> {
    Ok(state.streams.start_logs(&context, request).await?)
}

/// Start a shell (or the given command) in a container with a TTY.
#[tauri::command]
#[specta::specta]
pub async fn start_exec(
    state: State<'_, AppState>,
    context: ContextId,
    request: ExecRequest,
) -> Result<ExecSession, AppError> {
    Ok(state.streams.start_exec(&context, request).await?)
}

/// Keystrokes or pasted text for an exec session.
#[tauri::command]
#[specta::specta]
pub fn exec_input(state: State<'_, AppState>, id: String, data: String) -> Result<(), AppError> {
    Ok(state.streams.exec_input(&id, data)?)
}

/// Resize an exec session's terminal.
#[tauri::command]
#[specta::specta]
pub fn exec_resize(
    state: State<'_, AppState>,
    id: String,
    cols: u16,
    rows: u16,
) -> Result<(), AppError> {
    Ok(state.streams.exec_resize(&id, cols, rows)?)
}

/// Forward a local port on 127.0.0.1 to a pod's or a service's port.
#[tauri::command]
#[specta::specta]
pub async fn start_port_forward(
    state: State<'_, AppState>,
    context: ContextId,
    request: PortForwardRequest,
) -> Result<PortForwardInfo, AppError> {
    Ok(state.streams.start_port_forward(&context, request).await?)
}

/// Every running port-forward of every cluster.
#[tauri::command]
#[specta::specta]
pub fn list_port_forwards(state: State<'_, AppState>) -> Vec<PortForwardInfo> {
    state.streams.port_forwards()
}

/// `preferred` if it is at least 1024 and free on 127.0.0.1, else a free port.
#[tauri::command]
#[specta::specta]
pub fn suggest_local_port(preferred: u16) -> u16 {
    kubeli_core::streams::suggest_local_port(preferred)
}

/// Stop a log stream, exec session or port-forward; returns whether it was running.
#[tauri::command]
#[specta::specta]
pub fn stop_stream(state: State<'_, AppState>, id: String) -> bool {
    state.streams.stop(&id)
}

/// Every running stream, for a reloaded page to re-attach to.
#[tauri::command]
#[specta::specta]
pub fn list_streams(state: State<'_, AppState>) -> Vec<StreamInfo> {
    state.streams.list()
}
