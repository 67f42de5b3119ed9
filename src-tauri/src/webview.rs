//! Settings of the app's web view that cut its memory and its frame times. On Linux
//! (WebKitGTK) the page cache is off (the app never navigates back to a page), the cache model
//! is WebKit's document viewer (the smallest memory caches; the app loads nothing from the
//! network), and hardware acceleration (accelerated compositing) is off by default:
//! `KUBELI_WEBVIEW_COMPOSITING=1`, or the user's own `WEBKIT_DISABLE_COMPOSITING_MODE=0`, leaves
//! WebKit's own policy on (the decision is [`crate::startup_env::Plan::compositing`], which the
//! environment the app starts with follows too).
//!
//! Why off: under Xvfb (and software GL) WebKit's compositor cost ~55 ms per changed frame and
//! kept ~90 MB more in the web process (the measurements are in `src-tauri/README.md`).
//!
//! WebDriver screenshots: WebKitGTK (2.50) answers a viewport screenshot only after the next
//! presentation update of the page, and without compositing an update happens only when
//! something in the page repaints — on a still page the screenshot never answers. So when the
//! view is driven by WebDriver (`is-controlled-by-automation`, never in normal use), a user
//! script repaints one transparent pixel every 100 ms, and a screenshot answers within that.

/// Apply the settings to every window's web view; `compositing` keeps WebKit's acceleration
/// policy.
pub fn tune(app: &tauri::App, compositing: bool) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        for window in app.webview_windows().values() {
            let label = window.label().to_owned();
            if let Err(e) = window.with_webview(move |view| linux::tune(&view.inner(), compositing))
            {
                tracing::warn!("cannot tune the web view of window {label}: {e}");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (app, compositing);
}

/// Whether compositing was asked for: `KUBELI_WEBVIEW_COMPOSITING=1` (WebKit's own policy).
pub fn compositing_on(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// The page script that keeps a still page presenting frames under WebDriver (see the module's
/// text): one fixed, transparent, click-through pixel whose colour flips every 100 ms.
pub const AUTOMATION_REPAINT_SCRIPT: &str = r#"(() => {
  const pixel = document.createElement("div");
  pixel.setAttribute("aria-hidden", "true");
  pixel.dataset.kubeliAutomationRepaint = "";
  pixel.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647;background:transparent";
  document.documentElement.appendChild(pixel);
  let on = false;
  setInterval(() => {
    on = !on;
    pixel.style.backgroundColor = on ? "rgba(0,0,0,0.004)" : "transparent";
  }, 100);
})();"#;

#[cfg(target_os = "linux")]
mod linux {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, UserContentInjectedFrames,
        UserContentManagerExt, UserScript, UserScriptInjectionTime, WebContextExt, WebViewExt,
    };

    pub(super) fn tune(view: &webkit2gtk::WebView, compositing: bool) {
        if let Some(context) = WebViewExt::context(view) {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        let Some(settings) = WebViewExt::settings(view) else {
            tracing::warn!("the web view has no settings to tune");
            return;
        };
        settings.set_enable_page_cache(false);
        if !compositing {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            if view.is_controlled_by_automation() {
                repaint_for_automation(view);
            }
        }
        tracing::info!(
            compositing,
            automation = view.is_controlled_by_automation(),
            "web view tuned"
        );
    }

    fn repaint_for_automation(view: &webkit2gtk::WebView) {
        let Some(content) = view.user_content_manager() else {
            tracing::warn!("no user content manager: WebDriver screenshots may hang");
            return;
        };
        content.add_script(&UserScript::new(
            super::AUTOMATION_REPAINT_SCRIPT,
            UserContentInjectedFrames::TopFrame,
            UserScriptInjectionTime::End,
            &[],
            &[],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::compositing_on;
    use std::ffi::OsStr;

    #[test]
    fn compositing_is_off_unless_asked_for() {
        assert!(!compositing_on(None));
        assert!(!compositing_on(Some(OsStr::new("0"))));
        assert!(!compositing_on(Some(OsStr::new(""))));
        assert!(compositing_on(Some(OsStr::new("1"))));
    }
}
