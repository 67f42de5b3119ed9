//! Declares the app's own commands so capabilities can allow exactly the ones the window
//! uses (`capabilities/default.json`); a command not granted there cannot be invoked.

const COMMANDS: &[&str] = &[
    "app_info",
    "list_clusters",
    "add_kubeconfig_source",
    "remove_kubeconfig_source",
    "connect",
    "disconnect",
    "cancel_connect",
    "connected_clusters",
    "connection_log",
    "set_fallback_namespaces",
    "describe_kinds",
    "resolve_kind",
    "list_resources",
    "get_resource",
    "get_resource_yaml",
    "watch_resources",
    "unwatch_resources",
    "cancel_request",
    "delete_resource",
    "scale_resource",
    "restart_resource",
    "apply_yaml",
    "replace_yaml",
    "create_yaml",
    "cordon_node",
    "drain_node",
    "trigger_cronjob",
    "suspend_cronjob",
    "settings_warning",
    "set_read_only_contexts",
    "connection_stats",
    "start_logs",
    "start_exec",
    "exec_input",
    "exec_resize",
    "start_port_forward",
    "list_port_forwards",
    "suggest_local_port",
    "stop_stream",
    "list_streams",
    "resync_session",
    "pool_counts",
    "list_manual_clusters",
    "save_manual_cluster",
    "remove_manual_cluster",
    "save_log_file",
    "open_forward_in_browser",
    "compare_object",
    "locate_object",
    "compare_namespace",
    "take_events",
    "set_start_contexts",
    "pause_watchers",
    "resume_watchers",
    "check_health_now",
    "compare_side",
    "compare_differences",
    "recycle_web_view",
];

fn main() {
    // `kubeli --version` and the About panel name the commit when the build is given one.
    println!("cargo:rerun-if-env-changed=KUBELI_BUILD_COMMIT");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
