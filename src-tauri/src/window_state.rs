//! The main window's size, position and maximised state, remembered between runs by
//! `tauri-plugin-window-state` in Kubeli's config folder (`window-state.json`, next to the
//! settings, so `KUBELI_CONFIG_DIR` isolates it too).
//!
//! The window is built here, at its saved size, instead of from `tauri.conf.json` (where it has
//! `"create": false`). Built at the default size and resized by the plugin right after, it was
//! mapped at the default size while the resize was on its way, and now and then (about 1 restart
//! in 12 under Xvfb) the default size won. Made hidden and shown once resized instead, the web
//! process crashed when the hardware-acceleration policy was set (`webview::tune`) — so the size
//! is right from the start, and the plugin's own restore (position, maximised, and the exact
//! physical size) then has nothing to undo.

use crate::config_dir;

/// What of the window is remembered between runs.
const WINDOW_STATE: tauri_plugin_window_state::StateFlags =
    tauri_plugin_window_state::StateFlags::SIZE
        .union(tauri_plugin_window_state::StateFlags::POSITION)
        .union(tauri_plugin_window_state::StateFlags::MAXIMIZED);

const FILE_NAME: &str = "window-state.json";

/// The plugin, saving to and restoring from the config folder.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_window_state::Builder::new()
        .with_filename(config_dir().join(FILE_NAME).to_string_lossy())
        .with_state_flags(WINDOW_STATE)
        .build()
}

/// The plugin writes its file only on a clean exit; save half a second after the window
/// stops moving or resizing too, so a crash or a killed process keeps the user's layout.
pub fn save_soon(app: &tauri::AppHandle) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::AppHandleExt;
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let generation = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if GENERATION.load(Ordering::SeqCst) == generation {
            if let Err(e) = app.save_window_state(WINDOW_STATE) {
                tracing::warn!("could not save the window's size and position: {e}");
            }
        }
    });
}

/// Builds the windows `tauri.conf.json` lists with `"create": false`, each at its saved size
/// when one is saved (the plugin restores the rest as the window is made).
pub fn build_windows(app: &tauri::App) -> tauri::Result<()> {
    let scale = app
        .primary_monitor()
        .ok()
        .flatten()
        .map_or(1.0, |m| m.scale_factor());
    let saved = std::fs::read_to_string(config_dir().join(FILE_NAME)).ok();
    for config in app.config().app.windows.iter().filter(|w| !w.create) {
        let mut builder = tauri::WebviewWindowBuilder::from_config(app.handle(), config)?;
        if let Some((width, height)) = saved
            .as_deref()
            .and_then(|text| saved_size(text, &config.label, scale))
        {
            builder = builder.inner_size(width, height);
        }
        builder.build()?;
    }
    Ok(())
}

/// The saved inner size of window `label` in logical pixels (the plugin saves physical ones),
/// if the file has a usable one.
fn saved_size(text: &str, label: &str, scale: f64) -> Option<(f64, f64)> {
    let state: serde_json::Value = serde_json::from_str(text).ok()?;
    let window = state.get(label)?;
    let width = window.get("width")?.as_u64()?;
    let height = window.get("height")?.as_u64()?;
    if width == 0 || height == 0 || scale.is_nan() || scale <= 0.0 {
        return None;
    }
    Some((width as f64 / scale, height as f64 / scale))
}

#[cfg(test)]
mod tests {
    use super::saved_size;

    const SAVED: &str = r#"{"main":{"width":1234,"height":789,"x":0,"y":0,"prev_x":0,"prev_y":0,
        "maximized":false,"visible":true,"decorated":true,"fullscreen":false}}"#;

    #[test]
    fn the_saved_physical_size_is_given_in_logical_pixels() {
        assert_eq!(saved_size(SAVED, "main", 1.0), Some((1234.0, 789.0)));
        assert_eq!(saved_size(SAVED, "main", 2.0), Some((617.0, 394.5)));
    }

    #[test]
    fn no_usable_size_leaves_the_default() {
        assert_eq!(saved_size(SAVED, "other", 1.0), None);
        assert_eq!(saved_size("not json", "main", 1.0), None);
        assert_eq!(
            saved_size(r#"{"main":{"width":0,"height":789}}"#, "main", 1.0),
            None
        );
        assert_eq!(
            saved_size(r#"{"main":{"width":"wide"}}"#, "main", 1.0),
            None
        );
        assert_eq!(saved_size(SAVED, "main", 0.0), None);
    }
}
