/**
 * Events the backend queues instead of emitting (resource deltas and watch states, see
 * `src-tauri/src/events.rs`): an emitted event reaches the page as a script WebKitGTK keeps
 * compiled, one per distinct payload, so the web process grew without bound under churn.
 * The backend wakes the page with `EVENT_QUEUED` (no payload) and the page takes what waits
 * with `take_events`, whose answer is a fetch. One take runs at a time; a wake-up during a
 * take makes it take once more. A page that starts takes once (it may have been woken
 * before it listened).
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { commands, EVENT_QUEUED, type Event } from "./bindings";

type Handler = (event: Event) => void;

const handlers = new Set<Handler>();
let running: Promise<void> | null = null;
let again = false;

async function takeAll(): Promise<void> {
  do {
    again = false;
    let events: Event[] = [];
    try {
      const taken = await commands.takeEvents();
      if (Array.isArray(taken)) events = taken;
    } catch {
      // The backend is gone (the window closes); nothing to apply.
    }
    for (const event of events) for (const handle of handlers) handle(event);
  } while (again && handlers.size > 0);
}

/** Takes what the backend queued and hands it to every handler, in order. */
export function drainQueuedEvents(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = takeAll().finally(() => {
    running = null;
  });
  return running;
}

/** Resolves when no take is running (tests wait on it after a wake-up). */
export function queuedEventsSettled(): Promise<void> {
  return running ?? Promise.resolve();
}

/** Calls `handle` with every queued event from now on. Resolves to the unsubscribe. */
export async function listenToQueuedEvents(handle: Handler): Promise<UnlistenFn> {
  handlers.add(handle);
  let stop: UnlistenFn;
  try {
    stop = await listen<null>(EVENT_QUEUED, () => void drainQueuedEvents());
  } catch (e) {
    handlers.delete(handle);
    throw e;
  }
  void drainQueuedEvents();
  return () => {
    handlers.delete(handle);
    stop();
  };
}
