//! `#[tauri::command]`s: each one a few lines that call into `kubeli-core`.

use kubeli_core::error::{AppError, ErrorKind};
use kubeli_core::kubeconfig::{discover_with, Discovery, SourceInputs};
use kubeli_core::pool::{ConnectionInfo, LogStep, WatcherKey};
use kubeli_core::resources::{ClusterKinds, DrainOptions, DrainReport, KindInfo, ResourceList};
use kubeli_core::ContextId;
use std::sync::Arc;

use tauri::State;

use crate::AppState;

/// Discover every kubeconfig context, reading files off the UI thread.
async fn discovery(state: &AppState) -> Result<Discovery, AppError> {
    let inputs = SourceInputs::from_env(state.settings.get().kubeconfig_sources);
    let cache = std::sync::Arc::clone(&state.kubeconfigs);
    let discovery = tokio::task::spawn_blocking(move || discover_with(&inputs, &cache).discovery)
        .await
        .map_err(|e| AppError {
            kind: ErrorKind::Internal,
            message: format!("kubeconfig discovery stopped unexpectedly: {e}"),
            retryable: true,
        })?;
    // Watch what this discovery read, so a change to it reaches the page.
    if let Some(watch) = &state.kubeconfig_watch {
        watch.watch(&discovery.sources);
    }
    Ok(discovery)
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
    context: ContextId,
) -> Result<ConnectionInfo, AppError> {
    Ok(state.pool.connect(&context).await?)
}

/// Disconnect one context; no other connection is touched. Returns whether it was connected.
#[tauri::command]
#[specta::specta]
pub fn disconnect(state: State<'_, AppState>, context: ContextId) -> bool {
    state.pool.disconnect(&context)
}

/// Cancel a connect in flight. Returns whether one was running.
#[tauri::command]
#[specta::specta]
pub fn cancel_connect(state: State<'_, AppState>, context: ContextId) -> bool {
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
pub fn connection_log(state: State<'_, AppState>, context: ContextId) -> Vec<LogStep> {
    state.pool.connection_log(&context)
}

/// Namespaces to offer for a context when listing namespaces is forbidden.
#[tauri::command]
#[specta::specta]
pub fn set_fallback_namespaces(
    state: State<'_, AppState>,
    context: ContextId,
    namespaces: Vec<String>,
) {
    state.pool.set_extra_namespaces(&context, namespaces);
}

// --- resources --------------------------------------------------------------------------------

/// The kinds a connected cluster serves (names, scope, verbs, columns) and the API groups
/// whose discovery failed.
#[tauri::command]
#[specta::specta]
pub async fn describe_kinds(
    state: State<'_, AppState>,
    context: ContextId,
    request: Option<String>,
) -> Result<ClusterKinds, AppError> {
    let (pool, id) = (Arc::clone(&state.pool), context.clone());
    let call = async move { pool.describe_kinds(&id).await };
    Ok(state
        .requests
        .run(request, &context, "describing kinds", call)
        .await?)
}

/// The kind a typed name (`po`, `deployments.apps`, `pods.metrics.k8s.io`) means on a
/// cluster, as kubectl resolves it; built-in kinds need no round trip.
#[tauri::command]
#[specta::specta]
pub async fn resolve_kind(
    state: State<'_, AppState>,
    context: ContextId,
    kind: String,
    request: Option<String>,
) -> Result<KindInfo, AppError> {
    let (pool, id) = (Arc::clone(&state.pool), context.clone());
    let call = async move { pool.kind_for_view(&id, &kind).await };
    Ok(state
        .requests
        .run(request, &context, "resolving a kind", call)
        .await?)
}

/// One page of objects of `kind` (all namespaces when `namespace` is null).
#[tauri::command]
#[specta::specta]
pub async fn list_resources(
    state: State<'_, AppState>,
    context: ContextId,
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
    context: ContextId,
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
    context: ContextId,
    kind: String,
    namespace: Option<String>,
    name: String,
    reveal: bool,
    request: Option<String>,
) -> Result<String, AppError> {
    let (pool, id) = (Arc::clone(&state.pool), context.clone());
    let call = async move {
        pool.get_yaml(&id, &kind, namespace.as_deref(), &name, reveal)
            .await
    };
    Ok(state
        .requests
        .run(request, &context, "reading YAML", call)
        .await?)
}

/// Start a watch; deltas arrive as `resource://delta` events and its state as
/// `resource://watch-state`, each carrying the context.
#[tauri::command]
#[specta::specta]
pub async fn watch_resources(
    state: State<'_, AppState>,
    context: ContextId,
    kind: String,
    namespace: Option<String>,
    request: Option<String>,
) -> Result<WatcherKey, AppError> {
    let (pool, id) = (Arc::clone(&state.pool), context.clone());
    let call = async move { pool.watch(&id, &kind, namespace.as_deref()).await };
    Ok(state
        .requests
        .run(request, &context, "starting a watch", call)
        .await?)
}

/// Abandon a read started with this `request` id (its view or dialog closed): the request
/// ends at once. Returns whether one was running.
#[tauri::command]
#[specta::specta]
pub fn cancel_request(state: State<'_, AppState>, request: String) -> bool {
    state.requests.cancel(&request)
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
    context: ContextId,
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
    context: ContextId,
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
    context: ContextId,
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
    context: ContextId,
    yaml: String,
    namespace: Option<String>,
) -> Result<Vec<serde_json::Value>, AppError> {
    Ok(state
        .pool
        .apply_yaml(&context, &yaml, namespace.as_deref())
        .await?)
}

/// Replace one object with edited YAML carrying the `resourceVersion` it was read at: a
/// change made meanwhile answers a `conflict` error, unless `force` (the user chose it).
#[tauri::command]
#[specta::specta]
pub async fn replace_yaml(
    state: State<'_, AppState>,
    context: ContextId,
    yaml: String,
    force: bool,
) -> Result<serde_json::Value, AppError> {
    Ok(state.pool.replace_yaml(&context, &yaml, force).await?)
}

/// Create one object from YAML (in `namespace` when it names none).
#[tauri::command]
#[specta::specta]
pub async fn create_yaml(
    state: State<'_, AppState>,
    context: ContextId,
    yaml: String,
    namespace: Option<String>,
) -> Result<serde_json::Value, AppError> {
    let ns = namespace.as_deref();
    Ok(state.pool.create_yaml(&context, &yaml, ns).await?)
}

/// Cordon (`cordon = true`) or uncordon a node.
#[tauri::command]
#[specta::specta]
pub async fn cordon_node(
    state: State<'_, AppState>,
    context: ContextId,
    node: String,
    cordon: bool,
) -> Result<(), AppError> {
    Ok(state.pool.cordon(&context, &node, cordon).await?)
}

/// Drain a node as kubectl does (see `DrainOptions`); a dry run only reports the plan.
#[tauri::command]
#[specta::specta]
pub async fn drain_node(
    state: State<'_, AppState>,
    context: ContextId,
    node: String,
    options: DrainOptions,
) -> Result<DrainReport, AppError> {
    Ok(state.pool.drain(&context, &node, options).await?)
}

/// Start a cronjob's Job now; returns the Job's name.
#[tauri::command]
#[specta::specta]
pub async fn trigger_cronjob(
    state: State<'_, AppState>,
    context: ContextId,
    namespace: String,
    name: String,
) -> Result<String, AppError> {
    Ok(state
        .pool
        .trigger_cronjob(&context, &namespace, &name)
        .await?)
}

/// Suspend (`suspend = true`) or resume a cronjob.
#[tauri::command]
#[specta::specta]
pub async fn suspend_cronjob(
    state: State<'_, AppState>,
    context: ContextId,
    namespace: String,
    name: String,
    suspend: bool,
) -> Result<(), AppError> {
    let pool = &state.pool;
    Ok(pool
        .suspend_cronjob(&context, &namespace, &name, suspend)
        .await?)
}

/// Why the settings file was not used at start (left untouched or moved aside, named in the
/// text), for the window to show once; `None` when it loaded normally.
#[tauri::command]
#[specta::specta]
pub fn settings_warning(state: State<'_, AppState>) -> Option<String> {
    state.settings.warning().map(str::to_owned)
}
