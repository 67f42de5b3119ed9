//! `#[tauri::command]`s of Compare across clusters (issue #11): thin adapters over
//! `kubeli_core::compare`, each naming its contexts explicitly.

use kubeli_core::compare::{NamespaceSummary, ObjectComparison, ObjectPresence};
use kubeli_core::error::AppError;
use kubeli_core::ContextId;
use tauri::State;

use crate::AppState;

/// One object read from every context at once, noise removed, as YAML per cluster with
/// the paths that differ. A cluster that fails or lacks it is reported on its own side.
#[tauri::command]
#[specta::specta]
pub async fn compare_object(
    state: State<'_, AppState>,
    contexts: Vec<ContextId>,
    kind: String,
    namespace: Option<String>,
    name: String,
    include_status: bool,
) -> Result<ObjectComparison, AppError> {
    Ok(state
        .pool
        .compare_object(
            &contexts,
            &kind,
            namespace.as_deref(),
            &name,
            include_status,
        )
        .await?)
}

/// Which of `contexts` have an object of this kind, namespace and name.
#[tauri::command]
#[specta::specta]
pub async fn locate_object(
    state: State<'_, AppState>,
    contexts: Vec<ContextId>,
    kind: String,
    namespace: Option<String>,
    name: String,
) -> Result<Vec<ObjectPresence>, AppError> {
    Ok(state
        .pool
        .locate_object(&contexts, &kind, namespace.as_deref(), &name)
        .await?)
}

/// A kind in one namespace on two clusters: only in A, only in B, different, equal.
#[tauri::command]
#[specta::specta]
pub async fn compare_namespace(
    state: State<'_, AppState>,
    a: ContextId,
    b: ContextId,
    kind: String,
    namespace: Option<String>,
    include_status: bool,
) -> Result<NamespaceSummary, AppError> {
    Ok(state
        .pool
        .compare_namespace(&a, &b, &kind, namespace.as_deref(), include_status)
        .await?)
}
