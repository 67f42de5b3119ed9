//! `#[tauri::command]`s: each one a few lines that call into `kubeli-core`.

use kubeli_core::error::AppError;
use kubeli_core::kubeconfig::{discover, Discovery, SourceInputs};
use kubeli_core::pool::{ConnectionInfo, LogStep, WatcherKey};
use kubeli_core::resources::ResourceList;
use tauri::State;

use crate::AppState;

/// Discover every kubeconfig context, reading files off the UI thread.
async fn discovery(state: &AppState) -> Result<Discovery, AppError> {
    let inputs = SourceInputs::from_env(state.settings.get().kubeconfig_sources);
    tokio::task::spawn_blocking(move || discover(&inputs).discovery)
        .await
        .map_err(|e| AppError {
            kind: "internal".into(),
            message: format!("kubeconfig discovery stopped unexpectedly: {e}"),
            retryable: true,
        })
}

/// This build's name, version and build facts, for the About panel.
#[tauri::command]
#[specta::specta]
pub fn app_info() -> crate::about::AppInfo {
    crate::about::app_info()
}

/// Every context of every kubeconfig file found, with broken files and the places looked.
#[tauri::command]
#[specta::specta]
pub async fn list_clusters(state: State<'_, AppState>) -> Result<Discovery, AppError> {
    discovery(&state).await
}

/// Add a kubeconfig file or folder (persisted), then rediscover.
#[tauri::command]
#[specta::specta]
pub async fn add_kubeconfig_source(
    state: State<'_, AppState>,
    path: String,
) -> Result<Discovery, AppError> {
    state.settings.add_kubeconfig_source(&path)?;
    discovery(&state).await
}

/// Remove a kubeconfig source the user added, then rediscover.
#[tauri::command]
#[specta::specta]
pub async fn remove_kubeconfig_source(
    state: State<'_, AppState>,
    path: String,
) -> Result<Discovery, AppError> {
    state.settings.remove_kubeconfig_source(&path)?;
    discovery(&state).await
}

// --- connections: every command names its context ------------------------------------------

/// Connect a context (by id) and add it to the pool; an existing connection is returned as is.
#[tauri::command]
#[specta::specta]
pub async fn connect(
    state: State<'_, AppState>,
    context: String,
) -> Result<ConnectionInfo, AppError> {
    Ok(state.pool.connect(&context).await?)
}

/// Disconnect one context; no other connection is touched. Returns whether it was connected.
#[tauri::command]
#[specta::specta]
pub fn disconnect(state: State<'_, AppState>, context: String) -> bool {
    state.pool.disconnect(&context)
}

/// Cancel a connect in flight. Returns whether one was running.
#[tauri::command]
#[specta::specta]
pub fn cancel_connect(state: State<'_, AppState>, context: String) -> bool {
    state.pool.cancel_connect(&context)
}

/// Every live connection with its health.
#[tauri::command]
#[specta::specta]
pub fn connected_clusters(state: State<'_, AppState>) -> Vec<ConnectionInfo> {
    state.pool.connected()
}

/// The steps of the last connect of a context, with timings.
#[tauri::command]
#[specta::specta]
pub fn connection_log(state: State<'_, AppState>, context: String) -> Vec<LogStep> {
    state.pool.connection_log(&context)
}

/// Namespaces to offer for a context when listing namespaces is forbidden.
#[tauri::command]
#[specta::specta]
pub fn set_fallback_namespaces(
    state: State<'_, AppState>,
    context: String,
    namespaces: Vec<String>,
) {
    state.pool.set_extra_namespaces(&context, namespaces);
}

// --- resources --------------------------------------------------------------------------------

/// One page of objects of `kind` (all namespaces when `namespace` is null).
#[tauri::command]
#[specta::specta]
pub async fn list_resources(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
    limit: Option<u32>,
    continue_token: Option<String>,
) -> Result<ResourceList, AppError> {
    Ok(state
        .pool
        .list(&context, &kind, namespace.as_deref(), limit, continue_token)
        .await?)
}

/// One object.
#[tauri::command]
#[specta::specta]
pub async fn get_resource(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
    name: String,
) -> Result<serde_json::Value, AppError> {
    Ok(state
        .pool
        .get(&context, &kind, namespace.as_deref(), &name)
        .await?)
}

/// One object as YAML; a Secret's values only when `reveal` is set.
#[tauri::command]
#[specta::specta]
pub async fn get_resource_yaml(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
    name: String,
    reveal: bool,
) -> Result<String, AppError> {
    Ok(state
        .pool
        .get_yaml(&context, &kind, namespace.as_deref(), &name, reveal)
        .await?)
}

/// Start a watch; deltas arrive as `resource://delta` events carrying the context.
#[tauri::command]
#[specta::specta]
pub async fn watch_resources(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
) -> Result<WatcherKey, AppError> {
    Ok(state
        .pool
        .watch(&context, &kind, namespace.as_deref())
        .await?)
}

/// Stop a watch. Returns whether it was running.
#[tauri::command]
#[specta::specta]
pub fn unwatch_resources(state: State<'_, AppState>, key: WatcherKey) -> bool {
    state.pool.unwatch(&key)
}

/// Delete one object.
#[tauri::command]
#[specta::specta]
pub async fn delete_resource(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
    name: String,
) -> Result<(), AppError> {
    Ok(state
        .pool
        .delete(&context, &kind, namespace.as_deref(), &name)
        .await?)
}

/// Set the replicas of a deployment, statefulset or replicaset.
#[tauri::command]
#[specta::specta]
pub async fn scale_resource(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
    name: String,
    replicas: u32,
) -> Result<(), AppError> {
    Ok(state
        .pool
        .scale(&context, &kind, namespace.as_deref(), &name, replicas)
        .await?)
}

/// Restart a workload's pods, as `kubectl rollout restart` does.
#[tauri::command]
#[specta::specta]
pub async fn restart_resource(
    state: State<'_, AppState>,
    context: String,
    kind: String,
    namespace: Option<String>,
    name: String,
) -> Result<(), AppError> {
    Ok(state
        .pool
        .restart(&context, &kind, namespace.as_deref(), &name)
        .await?)
}

/// Server-side apply every object of a YAML text.
#[tauri::command]
#[specta::specta]
pub async fn apply_yaml(
    state: State<'_, AppState>,
    context: String,
    yaml: String,
    namespace: Option<String>,
) -> Result<Vec<serde_json::Value>, AppError> {
    Ok(state
        .pool
        .apply_yaml(&context, &yaml, namespace.as_deref())
        .await?)
}
