//! Settings of the app's web view that cut its memory. On Linux (WebKitGTK) accelerated
//! compositing is turned off — in a trial it took the idle web process from ~200 to ~90 MB
//! PSS, and the table's scrolling and cluster switches stay within a frame — and the page
//! cache is off (the app never navigates back to a page). `KUBELI_WEBVIEW_COMPOSITING=1`
//! keeps WebKit's default, to compare.

/// Apply the settings to every window's web view.
pub fn tune(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        let compositing = std::env::var_os("KUBELI_WEBVIEW_COMPOSITING").is_some_and(|v| v == "1");
        for window in app.webview_windows().values() {
            if let Err(e) = window.with_webview(move |view| linux::tune(&view.inner(), compositing))
            {
                tracing::warn!("cannot tune the web view: {e}");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(target_os = "linux")]
mod linux {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};

    pub(super) fn tune(view: &webkit2gtk::WebView, compositing: bool) {
        let Some(settings) = WebViewExt::settings(view) else {
            return;
        };
        if !compositing {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
        settings.set_enable_page_cache(false);
    }
}
