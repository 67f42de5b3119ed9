//! Forwards core events to the window, one Tauri event channel per concern. Every payload
//! carries its context.
//!
//! No event is emitted with its payload: a Tauri event reaches the page as a script
//! evaluated in the web view, and WebKitGTK keeps what it compiled for every distinct script
//! (each payload makes its script distinct), so the web process grew by ~230 MB a minute with
//! ten clusters churning (the soak, `scripts/soak.mjs`), and a busy log or shell stream grew
//! it the same way. Every event waits in an [`EventQueue`] instead; the page is woken by
//! [`QUEUED`] (a payload-less event, so the same script every time) and takes them with the
//! `take_events` command, whose answer travels over the IPC protocol (a fetch), not as a
//! script. One queue for all keeps their order: a stream's last lines come before its end,
//! a cluster's last deltas before its disconnect.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use kubeli_core::context_id::ContextId;
use kubeli_core::events::{Event, EventSink};
use kubeli_core::pool::KubeClientManager;
use tauri::{AppHandle, Emitter};

use crate::heap_trim::HeapTrim;

/// The page's wake-up: events wait in the queue (`take_events`). No payload.
pub const QUEUED: &str = "events://queued";

/// Most events held for a page that does not take them (it is reloading, gone or frozen);
/// the oldest are dropped beyond it. A reloaded page re-watches every list and gets them
/// whole; a page that was only slow would keep lists that missed changes, so a list whose
/// deltas were dropped is listed again in full when the page next takes ([`relist`]).
pub const QUEUE_LIMIT: usize = 20_000;

/// A list whose deltas were dropped: context, kind (qualified name) and namespace, as in
/// its deltas and its [`kubeli_core::events::WatcherKey`].
pub type DroppedList = (ContextId, String, Option<String>);

/// What a take hands over: the events, and the lists that lost deltas since the last take.
pub struct Taken {
    pub events: Vec<Event>,
    pub relist: Vec<DroppedList>,
}

/// Events waiting for the page, oldest first.
#[derive(Default)]
pub struct EventQueue {
    inner: Mutex<Pending>,
}

#[derive(Default)]
struct Pending {
    events: VecDeque<Event>,
    /// The page was woken and has not taken the queue since.
    woken: bool,
    /// Events dropped over [`QUEUE_LIMIT`] since the last take.
    dropped: usize,
    /// The lists whose deltas were among them, each once.
    relist: Vec<DroppedList>,
}

impl EventQueue {
    /// Holds `event`; true when the page must be woken (it was not since its last take).
    pub fn push(&self, event: Event) -> bool {
        let mut pending = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if pending.events.len() >= QUEUE_LIMIT {
            if let Some(Event::ResourceDelta(d)) = pending.events.pop_front() {
                let list = (d.context, d.kind, d.namespace);
                if !pending.relist.contains(&list) {
                    pending.relist.push(list);
                }
            }
            pending.dropped += 1;
        }
        pending.events.push_back(event);
        !std::mem::replace(&mut pending.woken, true)
    }

    /// Everything waiting, oldest first, and the lists that lost deltas; the next push wakes
    /// the page again.
    pub fn take(&self) -> Taken {
        let mut pending = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        pending.woken = false;
        if pending.dropped > 0 {
            tracing::warn!(
                "the window took no events for a while: {} oldest dropped, {} lists to list again",
                pending.dropped,
                pending.relist.len()
            );
            pending.dropped = 0;
        }
        Taken {
            events: pending.events.drain(..).collect(),
            relist: std::mem::take(&mut pending.relist),
        }
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .events
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The events waiting for the page, oldest first (it is woken by `events://queued`). It calls this when woken
/// and once when it loads (a page that reloaded after being woken is not woken again). A take
/// of a large list has the backend's heap trimmed once things go quiet ([`HeapTrim`]).
#[tauri::command]
#[specta::specta]
pub fn take_events(
    queue: tauri::State<'_, Arc<EventQueue>>,
    state: tauri::State<'_, crate::AppState>,
    trim: tauri::State<'_, Arc<HeapTrim>>,
) -> Vec<Event> {
    let taken = queue.take();
    if !taken.relist.is_empty() {
        let pool = Arc::clone(&state.pool);
        tauri::async_runtime::spawn(async move { relist(&pool, taken.relist).await });
    }
    trim.taken(&taken.events);
    taken.events
}

/// Starts again each watch that is still running and lost deltas (a watch of the same key
/// replaces it; its first list arrives whole, as a `reset` delta after the events already
/// taken). A list the page stopped watching meanwhile is left alone. Returns how many were
/// started again.
pub async fn relist(pool: &Arc<KubeClientManager>, lists: Vec<DroppedList>) -> usize {
    let running = pool.running_watchers();
    let mut started = 0;
    for (context, kind, namespace) in lists {
        let watched = running
            .iter()
            .any(|w| w.context == context && w.kind == kind && w.namespace == namespace);
        if !watched {
            continue;
        }
        tracing::warn!(context = %context, "listing {kind} again: the window missed some of its changes");
        match pool.watch(&context, &kind, namespace.as_deref()).await {
            Ok(_) => started += 1,
            Err(e) => tracing::warn!(context = %context, "cannot list {kind} again: {e}"),
        }
    }
    started
}

/// An [`EventSink`] that queues every event for the window and wakes it (see the module's
/// text). Each event's channel (`kubeli_core::events::channel`) names it in warnings.
pub struct TauriSink {
    app: AppHandle,
    queue: Arc<EventQueue>,
}

impl TauriSink {
    pub fn new(app: AppHandle, queue: Arc<EventQueue>) -> Self {
        Self { app, queue }
    }
}

impl EventSink for TauriSink {
    fn emit(&self, event: Event) {
        let name = event.channel();
        let context = event.context().as_str().to_owned();
        if !self.queue.push(event) {
            return;
        }
        if let Err(e) = self.app.emit(QUEUED, ()) {
            tracing::warn!(context, "cannot send {name} to the window: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeli_core::events::ResourceDelta;

    fn delta(n: usize) -> Event {
        Event::ResourceDelta(ResourceDelta {
            context: ContextId::parse("lab-1"),
            kind: "pods".into(),
            namespace: None,
            reset: None,
            upserts: vec![serde_json::json!({ "n": n })],
            deletes: vec![],
        })
    }

    fn n_of(event: &Event) -> u64 {
        match event {
            Event::ResourceDelta(d) => d.upserts[0]["n"].as_u64().unwrap(),
            _ => panic!("not a delta"),
        }
    }

    #[test]
    fn wakes_the_page_once_until_it_takes() {
        let queue = EventQueue::default();
        assert!(queue.push(delta(1)), "the first event wakes the page");
        assert!(!queue.push(delta(2)), "a woken page is not woken again");
        let taken = queue.take().events;
        assert_eq!(taken.iter().map(n_of).collect::<Vec<_>>(), [1, 2]);
        assert!(queue.is_empty());
        assert!(
            queue.push(delta(3)),
            "after a take the next event wakes it again"
        );
    }

    #[test]
    fn holds_at_most_the_limit_dropping_the_oldest() {
        let queue = EventQueue::default();
        for n in 0..QUEUE_LIMIT + 5 {
            queue.push(delta(n));
        }
        assert_eq!(queue.len(), QUEUE_LIMIT);
        let taken = queue.take();
        assert_eq!(n_of(&taken.events[0]), 5);
        assert_eq!(n_of(taken.events.last().unwrap()), (QUEUE_LIMIT + 4) as u64);
        let list = (ContextId::parse("lab-1"), "pods".to_owned(), None);
        assert_eq!(taken.relist, [list], "the list that lost deltas, once");
        let again = queue.take();
        assert!(again.events.is_empty() && again.relist.is_empty());
    }

    #[test]
    fn names_only_the_lists_whose_deltas_were_dropped() {
        let queue = EventQueue::default();
        queue.push(Event::Disconnected {
            context: ContextId::parse("lab-2"),
        });
        for n in 0..QUEUE_LIMIT {
            queue.push(delta(n));
        }
        assert!(
            queue.take().relist.is_empty(),
            "a dropped disconnect is no list"
        );
        for n in 0..QUEUE_LIMIT + 1 {
            queue.push(delta(n));
        }
        assert_eq!(queue.take().relist.len(), 1);
    }

    #[test]
    fn keeps_the_order_of_every_kind_of_event() {
        let queue = EventQueue::default();
        let lines = Event::LogLines {
            id: "s-1".into(),
            context: ContextId::parse("lab-1"),
            lines: vec![],
        };
        let gone = Event::Disconnected {
            context: ContextId::parse("lab-1"),
        };
        queue.push(delta(1));
        queue.push(lines);
        queue.push(gone);
        let kinds: Vec<_> = queue.take().events.iter().map(Event::channel).collect();
        assert_eq!(
            kinds,
            [
                kubeli_core::events::channel::RESOURCE_DELTA,
                kubeli_core::events::channel::STREAM_LOG,
                kubeli_core::events::channel::DISCONNECTED
            ]
        );
    }
}
