//! Settings of the app's web view that cut its memory. On Linux (WebKitGTK) the page cache
//! is off (the app never navigates back to a page) and the cache model is WebKit's
//! document viewer (the smallest memory caches; the app loads nothing from the network).
//!
//! Hardware acceleration (accelerated compositing) stays on by default. Turning it off
//! through WebKit's own setting (`KUBELI_WEBVIEW_COMPOSITING=0`) took the whole debug app idle
//! on the home page from 294 to 219 MB PSS (bench P8a; the web process 185 → 107 MB) without
//! slowing the cluster switch or the event storm's frames in the same run, but WebKit's
//! snapshots then never answer (every WebDriver screenshot hangs, which the E2E tests need),
//! so it is an opt-in until that is understood.

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
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };

    /// `KUBELI_WEBVIEW_COMPOSITING=0`: no hardware acceleration (see the module's text).
    fn compositing_off() -> bool {
        std::env::var_os("KUBELI_WEBVIEW_COMPOSITING").is_some_and(|v| v == "0")
    }

    pub(super) fn tune(view: &webkit2gtk::WebView) {
        if let Some(context) = WebViewExt::context(view) {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        let Some(settings) = WebViewExt::settings(view) else {
            return;
        };
        settings.set_enable_page_cache(false);
        if compositing_off() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    }
}
