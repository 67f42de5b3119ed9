//! The Kubeli desktop app: a thin Tauri adapter over `kubeli-core`.
//!
//! Start at [`run`]. [`commands`] (and [`commands_streams`] for logs, exec and
//! port-forward) turn IPC calls into core calls; [`events`] turns core
//! events into window events; [`bindings`] lists the commands once, for both the invoke
//! handler and the generated TypeScript bindings. [`doctor`] is the windowless
//! `kubeli doctor` subcommand; [`about`] is the build's identity (`kubeli --version`);
//! [`webview`] sets what cuts the web view's memory; [`startup_env`] is the environment GTK and
//! WebKit start with; [`window_state`] builds the window at its saved size; [`browser`] opens a
//! port-forward in the user's browser without that environment.

pub mod about;
pub mod bindings;
pub mod browser;
pub mod commands;
pub mod commands_compare;
pub mod commands_cross;
pub mod commands_files;
pub mod commands_manual;
pub mod commands_session;
pub mod commands_streams;
pub mod commands_watch;
pub mod doctor;
pub mod events;
pub mod heap_trim;
pub mod kubeconfig_watch;
pub mod startup_env;
pub mod web_recycle;
pub mod webview;
pub mod webview_recovery;
pub mod window_state;

use std::path::PathBuf;
use std::sync::Arc;

use kubeli_core::kubeconfig::{KubeconfigCache, SourceInputs};
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::resources::PendingRequests;
use kubeli_core::settings::SettingsStore;
use kubeli_core::streams::StreamManager;
use kubeli_core::ContextId;
use tauri::Manager;

/// State shared by every command.
pub struct AppState {
    pub settings: Arc<SettingsStore>,
    /// Parsed kubeconfig files, shared by the home page's discovery and the pool's connects.
    pub kubeconfigs: Arc<KubeconfigCache>,
    pub pool: Arc<KubeClientManager>,
    /// Reads a view or dialog may abandon (`cancel_request`).
    pub requests: Arc<PendingRequests>,
    /// Log streams, exec sessions and port-forwards of every cluster.
    pub streams: Arc<StreamManager>,
    /// The kubeconfig sources watched on disk (`None` where that is not available).
    pub kubeconfig_watch: Option<kubeli_core::kubeconfig::SourceWatcher>,
}

/// The app identifier (as in `tauri.conf.json`), which names the config folder.
const IDENTIFIER: &str = "dev.kubeli.app";

/// Where settings live: `KUBELI_CONFIG_DIR` when set (tests use it to stay isolated), else
/// the platform's config folder, as Tauri's `app_config_dir` places it. Computed without a
/// window so `kubeli doctor` reads the same settings as the app.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KUBELI_CONFIG_DIR") {
        return PathBuf::from(dir);
    }
    let home = kubeli_core::kubeconfig::home_dir().unwrap_or_else(|| PathBuf::from("."));
    let base = if cfg!(target_os = "macos") {
        home.join("Library").join("Application Support")
    } else if cfg!(windows) {
        std::env::var_os("APPDATA")
            .map_or_else(|| home.join("AppData").join("Roaming"), PathBuf::from)
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home.join(".config"))
    };
    base.join(IDENTIFIER)
}

/// Pool tunables; `KUBELI_HEALTH_INTERVAL_MS` shortens the health interval and
/// `KUBELI_READ_TIMEOUT_MS` the read timeout (E2E tests use them).
pub fn pool_options() -> PoolOptions {
    let mut options = PoolOptions::default();
    if let Some(ms) = std::env::var("KUBELI_HEALTH_INTERVAL_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms >= 100)
    {
        options.health_interval = std::time::Duration::from_millis(ms);
        options.max_backoff = options.max_backoff.min(options.health_interval * 4);
    }
    // `KUBELI_READ_TIMEOUT_MS` shortens the read timeout (the fault matrix's hang case).
    if let Some(ms) = std::env::var("KUBELI_READ_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms >= 1000)
    {
        options.read_timeout = std::time::Duration::from_millis(ms);
    }
    options
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

/// `make bench` reads the row model and the first frames through in-page hooks
/// (`src/lib/bench-hooks.ts`); the page installs them only when this flag is set, which happens
/// only with `KUBELI_BENCH_HOOKS=1` in the app's environment.
fn bench_hooks_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let plugin = tauri::plugin::Builder::new("kubeli-bench");
    if std::env::var_os("KUBELI_BENCH_HOOKS").is_some_and(|v| v == "1") {
        plugin
            .js_init_script("window.__KUBELI_BENCH_HOOKS__ = true;")
            .build()
    } else {
        plugin.build()
    }
}

/// Build and run the app window.
pub fn run() {
    // First, while this is the only thread: GTK and WebKit read it when they start.
    let started = startup_env::apply();
    init_tracing();
    let env_set = started.set;
    if !env_set.is_empty() {
        tracing::info!(?env_set, "environment set for GTK and WebKit");
    }
    let compositing = started.compositing;
    let builder = bindings::builder();
    let result = tauri::Builder::default()
        .plugin(window_state::plugin())
        .plugin(bench_hooks_plugin())
        // Port-forwards' "Open in browser" and saved logs' "Show in folder".
        .plugin(tauri_plugin_opener::init())
        .on_window_event(|window, event| {
            if matches!(
                event,
                tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
            ) {
                window_state::save_soon(window.app_handle());
            }
        })
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            // What the app set for its WebKit is not for the programs it starts.
            let child_env: Vec<String> = env_set.iter().map(|(n, _)| (*n).to_owned()).collect();
            app.manage(browser::ChildEnv(child_env.clone()));
            window_state::build_windows(app)?;
            builder.mount_events(app);
            webview::tune(app, compositing);
            // The window-state file lives there too, and is written before any setting is.
            if let Err(e) = std::fs::create_dir_all(config_dir()) {
                tracing::warn!(
                    "cannot create the config folder {}: {e}",
                    config_dir().display()
                );
            }
            // A warning is logged by the store and shown by the window (`settings_warning`).
            let (settings, _) = SettingsStore::load(&config_dir());
            let settings = Arc::new(settings);
            let for_sources = Arc::clone(&settings);
            let kubeconfigs = KubeconfigCache::new();
            let queue = Arc::new(events::EventQueue::default());
            app.manage(Arc::clone(&queue));
            app.manage(Arc::new(heap_trim::HeapTrim::from_env()));
            let pool = KubeClientManager::with_cache(
                Arc::new(move || SourceInputs::from_env(for_sources.get().kubeconfig_sources)),
                Arc::clone(&kubeconfigs),
                Arc::new(events::TauriSink::new(app.handle().clone(), queue)),
                PoolOptions {
                    child_env_remove: child_env,
                    ..pool_options()
                },
            );
            // The last session connects while the window loads; the window adopts it.
            let start: Vec<ContextId> = settings
                .get()
                .start_contexts
                .into_iter()
                .map(ContextId::parse)
                .collect();
            let starting = Arc::clone(&pool);
            tauri::async_runtime::spawn(async move { starting.connect_at_start(start).await });
            let streams = StreamManager::new(Arc::clone(&pool));
            app.manage(AppState {
                settings,
                kubeconfigs,
                pool,
                requests: Arc::default(),
                streams,
                kubeconfig_watch: kubeconfig_watch::start(app.handle().clone()),
            });
            if let Some(window) = app.get_webview_window("main") {
                webview_recovery::reload_when_web_process_ends(&window);
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kubeli: the app window could not start: {e}");
        std::process::exit(1);
    }
}
