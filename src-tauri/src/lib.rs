//! The Kubeli desktop app: a thin Tauri adapter over `kubeli-core`.
//!
//! Start at [`run`]. [`commands`] turns IPC calls into core calls; [`bindings`] lists the
//! commands once, for both the invoke handler and the generated TypeScript bindings.

pub mod bindings;
pub mod commands;

use std::path::PathBuf;

use kubeli_core::settings::SettingsStore;
use tauri::Manager;

/// State shared by every command.
pub struct AppState {
    pub settings: SettingsStore,
}

/// Where settings live: `KUBELI_CONFIG_DIR` when set (tests use it to stay isolated),
/// else the platform's app config folder.
fn config_dir(app: &tauri::App) -> PathBuf {
    std::env::var_os("KUBELI_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| app.path().app_config_dir().ok())
        .unwrap_or_else(|| PathBuf::from(".kubeli"))
}

/// Build and run the app window.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "kubeli=info,kubeli_core=info".into()),
        )
        .init();

    let builder = bindings::builder();
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let (settings, warning) = SettingsStore::load(&config_dir(app));
            if let Some(warning) = warning {
                tracing::warn!("{warning}");
            }
            app.manage(AppState { settings });
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kubeli: the app window could not start: {e}");
        std::process::exit(1);
    }
}
