//! `#[tauri::command]`s: each one a few lines that call into `kubeli-core`.

use kubeli_core::error::AppError;
use kubeli_core::kubeconfig::{discover, Discovery, SourceInputs};
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
