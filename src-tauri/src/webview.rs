//! Settings of the app's web view that cut its memory. On Linux (WebKitGTK) the page cache
//! is off (the app never navigates back to a page).
//!
//! Accelerated compositing stays on by default. Turning it off (`KUBELI_WEBVIEW_COMPOSITING=0`,
//! which sets WebKit's own `WEBKIT_DISABLE_COMPOSITING_MODE` before the web process starts)
//! took the idle web process from ~200 to ~90 MB PSS in a trial, but WebKit's snapshots then
//! never answer on an idle page (every WebDriver screenshot of the home page hung), so it is
//! an opt-in until that is understood.

/// Called first thing in `main`, before any thread or web view exists: the web process
/// inherits the environment it is started with.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    {
        let off = std::env::var_os("KUBELI_WEBVIEW_COMPOSITING").is_some_and(|v| v == "0");
        if off && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
            std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
    }
}

/// Apply the settings to every window's web view.
pub fn tune(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        for window in app.webview_windows().values() {
            if let Err(e) = window.with_webview(move |view| linux::tune(&view.inner())) {
                tracing::warn!("cannot tune the web view: {e}");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(target_os = "linux")]
mod linux {
    use webkit2gtk::{SettingsExt, WebViewExt};

    pub(super) fn tune(view: &webkit2gtk::WebView) {
        let Some(settings) = WebViewExt::settings(view) else {
            return;
        };
        settings.set_enable_page_cache(false);
    }
}
