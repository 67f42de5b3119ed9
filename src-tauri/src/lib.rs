//! The Kubeli desktop app: a thin Tauri adapter over `kubeli-core`.
//!
//! Start at [`run`]. [`commands`] turns IPC calls into core calls; [`events`] turns core
//! events into window events; [`bindings`] lists the commands once, for both the invoke
//! handler and the generated TypeScript bindings. [`doctor`] is the windowless
//! `kubeli doctor` subcommand.

pub mod bindings;
pub mod commands;
pub mod doctor;
pub mod events;

use std::path::PathBuf;
use std::sync::Arc;

use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::settings::SettingsStore;
use tauri::Manager;

/// State shared by every command.
pub struct AppState {
    pub settings: Arc<SettingsStore>,
    pub pool: Arc<KubeClientManager>,
}

/// Where settings live: `KUBELI_CONFIG_DIR` when set (tests use it to stay isolated),
/// else the platform's app config folder.
fn config_dir(app: &tauri::App) -> PathBuf {
    std::env::var_os("KUBELI_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| app.path().app_config_dir().ok())
        .unwrap_or_else(|| PathBuf::from(".kubeli"))
}

/// Log to stderr; `RUST_LOG` overrides the default level.
pub fn init_tracing() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "kubeli=info,kubeli_core=info".into()),
        )
        .init();
}

/// Build and run the app window.
pub fn run() {
    init_tracing();
    let builder = bindings::builder();
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let (settings, warning) = SettingsStore::load(&config_dir(app));
            if let Some(warning) = warning {
                tracing::warn!("{warning}");
            }
            let settings = Arc::new(settings);
            let for_sources = Arc::clone(&settings);
            let pool = KubeClientManager::new(
                Arc::new(move || SourceInputs::from_env(for_sources.get().kubeconfig_sources)),
                Arc::new(events::TauriSink(app.handle().clone())),
                PoolOptions::default(),
            );
            app.manage(AppState { settings, pool });
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kubeli: the app window could not start: {e}");
        std::process::exit(1);
    }
}
