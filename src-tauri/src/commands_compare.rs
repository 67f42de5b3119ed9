//! `#[tauri::command]`s of Compare across clusters (issue #11): thin adapters over
//! `kubeli_core::compare`, each naming its contexts explicitly.

use std::sync::Arc;

use kubeli_core::compare::{
    ComparedSide, NamespaceSummary, ObjectComparison, ObjectPresence, PathDifference,
};
use kubeli_core::error::AppError;
use kubeli_core::ContextId;
use serde_json::Value;
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

/// One cluster's side of an object compare (found with its YAML and normalized object,
/// missing, or failed naming the cluster). Abandonable under `request` (`cancel_request`):
/// the window reads each cluster this way to show progress and to cancel the rest.
#[tauri::command]
#[specta::specta]
pub async fn compare_side(
    state: State<'_, AppState>,
    context: ContextId,
    kind: String,
    namespace: Option<String>,
    name: String,
    include_status: bool,
    request: Option<String>,
) -> Result<ComparedSide, AppError> {
    let (pool, id) = (Arc::clone(&state.pool), context.clone());
    let call = async move {
        Ok(pool
            .compare_side(&id, &kind, namespace.as_deref(), &name, include_status)
            .await)
    };
    Ok(state
        .requests
        .run(request, &context, "reading the object to compare", call)
        .await?)
}

/// The paths where the sides' normalized objects (as `compare_side` returned them; `null`
/// for a side without one) do not all agree.
#[tauri::command]
#[specta::specta]
pub fn compare_differences(objects: Vec<Option<Value>>) -> Vec<PathDifference> {
    kubeli_core::compare::differences(&objects)
}
