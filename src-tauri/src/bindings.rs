//! The single list of IPC commands, used both to serve them and to generate
//! `src/lib/tauri/bindings.ts` (see `tests/bindings.rs`).

use tauri_specta::{collect_commands, Builder};

use crate::{commands, commands_cross, commands_files, commands_streams};

/// Path of the generated TypeScript bindings, relative to this crate.
pub const BINDINGS_PATH: &str = "../src/lib/tauri/bindings.ts";

/// The tauri-specta builder with every command registered.
pub fn builder() -> Builder<tauri::Wry> {
    let builder = Builder::<tauri::Wry>::new()
        // One TypeScript type per Rust type (our IPC types are serialised one way only).
        .disable_serde_phases()
        // Kubernetes objects cross as serde_json::Value, whose numbers are JSON numbers:
        // JavaScript reads them as `number` whatever Rust type they came from.
        .dangerously_cast_bigints_to_number()
        .commands(collect_commands![
            commands::app_info,
            commands::list_clusters,
            commands::add_kubeconfig_source,
            commands::remove_kubeconfig_source,
            commands::connect,
            commands::disconnect,
            commands::cancel_connect,
            commands::connected_clusters,
            commands::connection_log,
            commands::set_fallback_namespaces,
            commands::describe_kinds,
            commands::resolve_kind,
            commands::list_resources,
            commands::get_resource,
            commands::get_resource_yaml,
            commands::watch_resources,
            commands::unwatch_resources,
            commands::cancel_request,
            commands::delete_resource,
            commands::scale_resource,
            commands::restart_resource,
            commands::apply_yaml,
            commands::replace_yaml,
            commands::create_yaml,
            commands::cordon_node,
            commands::drain_node,
            commands::trigger_cronjob,
            commands::suspend_cronjob,
            commands::settings_warning,
            commands_cross::set_read_only_contexts,
            commands_cross::connection_stats,
            commands_streams::start_logs,
            commands_streams::start_exec,
            commands_streams::exec_input,
            commands_streams::exec_resize,
            commands_streams::start_port_forward,
            commands_streams::list_port_forwards,
            commands_streams::suggest_local_port,
            commands_streams::stop_stream,
            commands_streams::list_streams,
            crate::commands_session::resync_session,
            crate::commands_session::pool_counts,
            crate::commands_manual::list_manual_clusters,
            crate::commands_manual::save_manual_cluster,
            crate::commands_manual::remove_manual_cluster,
            commands_files::save_log_file,
            crate::browser::open_forward_in_browser,
            crate::commands_compare::compare_object,
            crate::commands_compare::locate_object,
            crate::commands_compare::compare_namespace,
            crate::events::take_events,
            crate::commands_session::set_start_contexts,
            crate::commands_watch::pause_watchers,
            crate::commands_watch::resume_watchers,
            crate::commands_watch::check_health_now,
            crate::commands_compare::compare_side,
            crate::commands_compare::compare_differences,
            crate::web_recycle::recycle_web_view,
        ])
        // The payload of every window event (see `events.rs`); each carries its context.
        .typ::<kubeli_core::events::Event>()
        // Every error kind, for the frontend to match `AppError.kind` against.
        .typ::<kubeli_core::error::ErrorKind>();
    // The window event channels, defined once in the core, exported as constants.
    kubeli_core::events::channel::ALL
        .into_iter()
        .fold(builder, |builder, (name, channel)| {
            builder.constant(name, channel)
        })
        // The wake-up of queued events (`events.rs`), an adapter concern.
        .constant("EVENT_QUEUED", crate::events::QUEUED)
        // The kubeconfig files changed on disk (`kubeconfig_watch.rs`): discover again.
        .constant("EVENT_KUBECONFIG_CHANGED", crate::kubeconfig_watch::CHANGED)
}

/// Write the TypeScript bindings to `path`.
pub fn export(path: &std::path::Path) -> Result<(), String> {
    builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust types by tauri-specta. Do not edit: run `make bindings`.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}
