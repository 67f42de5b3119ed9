//! The window survives its web view: when WebKitGTK reports that the web content process
//! ended (crashed, killed, out of memory), the page is loaded again. The backend keeps
//! every connection meanwhile, and the new page picks them up (`resync_session`).
//! Linux only; elsewhere this does nothing.

/// Reload the page of `window` whenever its web process terminates, and log why it ended.
#[cfg(target_os = "linux")]
pub fn reload_when_web_process_ends(window: &tauri::WebviewWindow) {
    let result = window.with_webview(|platform| {
        use webkit2gtk::{WebProcessTerminationReason, WebViewExt};
        platform
            .inner()
            .connect_web_process_terminated(|webview, reason| {
                let why = match reason {
                    WebProcessTerminationReason::Crashed => "it crashed or was killed",
                    WebProcessTerminationReason::ExceededMemoryLimit => "it ran out of memory",
                    WebProcessTerminationReason::TerminatedByApi => "it was ended by the app",
                    _ => "an unknown reason",
                };
                tracing::warn!("the window's web process ended ({why}); reloading the page");
                webview.reload();
            });
    });
    if let Err(e) = result {
        tracing::warn!(
            "cannot watch the window's web process (it will not be reloaded if it ends): {e}"
        );
    }
}

#[cfg(not(target_os = "linux"))]
pub fn reload_when_web_process_ends(_window: &tauri::WebviewWindow) {}
