//! Forwards core events to the window, one Tauri event name per kind. Every payload carries
//! its context.

use kubeli_core::events::{Event, EventSink};
use tauri::{AppHandle, Emitter};

/// Window event names.
pub const HEALTH: &str = "cluster://health";
pub const NAMESPACES: &str = "cluster://namespaces";
pub const DISCONNECTED: &str = "cluster://disconnected";
pub const RESOURCE_DELTA: &str = "resource://delta";
pub const WATCH_STATE: &str = "resource://watch-state";

/// An [`EventSink`] that emits to every window of the app.
pub struct TauriSink(pub AppHandle);

impl EventSink for TauriSink {
    fn emit(&self, event: Event) {
        let name = match &event {
            Event::Health { .. } => HEALTH,
            Event::Namespaces { .. } => NAMESPACES,
            Event::Disconnected { .. } => DISCONNECTED,
            Event::ResourceDelta(_) => RESOURCE_DELTA,
            Event::WatchState { .. } => WATCH_STATE,
        };
        if let Err(e) = self.0.emit(name, &event) {
            tracing::warn!(
                context = event.context(),
                "cannot send {name} to the window: {e}"
            );
        }
    }
}
