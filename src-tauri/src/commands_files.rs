//! `#[tauri::command]` for files the user saves: a log tab's lines into the Downloads folder
//! (`kubeli_core::downloads` names and writes the file; this finds the folder).

use std::path::PathBuf;

use kubeli_core::downloads::{save_log, LogFileName};
use kubeli_core::error::{AppError, Error};
use kubeli_core::ContextId;
use tauri::{AppHandle, Manager};

/// Saves a log tab's text as `<cluster>-<pod>-<container>-<timestamp>.log` in the user's
/// Downloads folder, never overwriting a file; returns the full path for "Show in folder".
#[tauri::command]
#[specta::specta]
pub async fn save_log_file(
    app: AppHandle,
    context: ContextId,
    pod: String,
    container: String,
    timestamp: String,
    text: String,
) -> Result<String, AppError> {
    let cluster = context.display_name();
    let dir = downloads_dir(&app).ok_or_else(|| Error::SaveFile {
        context: cluster.clone(),
        what: "the log".to_owned(),
        reason: "no Downloads folder is set (XDG_DOWNLOAD_DIR) and ~/Downloads does not exist"
            .to_owned(),
    })?;
    let path = tauri::async_runtime::spawn_blocking(move || {
        let name = LogFileName {
            cluster: &cluster,
            pod: &pod,
            container: &container,
            timestamp: &timestamp,
        };
        save_log(&dir, &name, &text, &cluster)
    })
    .await
    .map_err(|e| Error::Internal {
        context: context.display_name(),
        reason: format!("saving the log stopped: {e}"),
    })??;
    Ok(path.to_string_lossy().into_owned())
}

/// The platform's Downloads folder (on Linux `XDG_DOWNLOAD_DIR` from `user-dirs.dirs`), else
/// `~/Downloads` when it exists.
fn downloads_dir(app: &AppHandle) -> Option<PathBuf> {
    if let Ok(dir) = app.path().download_dir() {
        return Some(dir);
    }
    let fallback = app.path().home_dir().ok()?.join("Downloads");
    fallback.is_dir().then_some(fallback)
}
