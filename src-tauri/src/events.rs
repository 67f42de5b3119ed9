//! Forwards core events to the window, one Tauri event channel per concern. Every payload
//! carries its context.

use kubeli_core::events::{Event, EventSink};
use tauri::{AppHandle, Emitter};

/// An [`EventSink`] that emits to every window of the app, on the event's own channel
/// (`kubeli_core::events::channel`).
pub struct TauriSink(pub AppHandle);

impl EventSink for TauriSink {
    fn emit(&self, event: Event) {
        let name = event.channel();
        if let Err(e) = self.0.emit(name, &event) {
            tracing::warn!(
                context = event.context().as_str(),
                "cannot send {name} to the window: {e}"
            );
        }
    }
}
