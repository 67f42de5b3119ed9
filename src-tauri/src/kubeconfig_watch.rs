//! Tells the window when the kubeconfig files change on disk (the core's
//! [`SourceWatcher`]): a payload-less [`CHANGED`] event, on which the page runs discovery
//! again, as its Refresh button does. What is watched follows each discovery
//! (`commands::discovery`), so a source added or removed in the app is watched or not from then on.

use std::time::Duration;

use kubeli_core::kubeconfig::SourceWatcher;
use tauri::{AppHandle, Emitter};

/// The window event sent once a burst of changes to the kubeconfig sources has settled.
pub const CHANGED: &str = "kubeconfig://changed";

/// How long a burst of changes must be quiet before it is reported: tools write a file in
/// steps (a temporary file, then a rename) and may touch several files.
const QUIET: Duration = Duration::from_millis(300);

/// Starts the watcher; `None` (logged) where the platform's file notifications are not
/// available: the Refresh button still works.
pub fn start(app: AppHandle) -> Option<SourceWatcher> {
    let watcher = SourceWatcher::start(QUIET, move || {
        tracing::info!("kubeconfig files changed on disk");
        if let Err(e) = app.emit(CHANGED, ()) {
            tracing::warn!("cannot tell the window the kubeconfig files changed: {e}");
        }
    });
    watcher
        .inspect_err(|e| tracing::warn!("kubeconfig files are not watched (use Refresh): {e}"))
        .ok()
}
