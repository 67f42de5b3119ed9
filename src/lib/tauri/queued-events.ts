/**
 * Every backend event comes through here (see `src-tauri/src/events.rs`): the backend queues
 * them instead of emitting them, because an emitted event reaches the page as a script
 * WebKitGTK keeps compiled, one per distinct payload, so the web process grew without bound
 * under churn or a busy log stream. The backend wakes the page with `EVENT_QUEUED` (no
 * payload) and the page takes what waits with `take_events`, whose answer is a fetch. Each
 * subscriber (resources, clusters, streams) gets every event, in the backend's order, and
 * picks its own. One take runs at a time; a wake-up during a take makes it take once more;
 * the subscribers' wake-ups of one event make one take. A page that starts takes once (it
 * may have been woken before it listened).
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { commands, EVENT_QUEUED, type Event } from "./bindings";

type Handler = (event: Event) => void;

const handlers = new Set<Handler>();
let running: Promise<void> | null = null;
let again = false;
let wakeScheduled = false;

/** Every subscriber hears the same wake-up: they make one take, in a microtask after it. */
function wake() {
  if (wakeScheduled) return;
  wakeScheduled = true;
  queueMicrotask(() => {
    wakeScheduled = false;
    void drainQueuedEvents();
  });
}

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
    for (const event of events) {
      for (const handle of handlers) {
        try {
          handle(event);
        } catch (e) {
          // One subscriber's fault must not cost the others this event or the rest.
          console.error(`applying a backend ${event.type} event failed`, e);
        }
      }
    }
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

/** Resolves when no take is running or about to start (tests wait on it after a wake-up). */
export async function queuedEventsSettled(): Promise<void> {
  while (wakeScheduled || running) await (running ?? Promise.resolve());
}

/** Calls `handle` with every queued event from now on. Resolves to the unsubscribe. */
export async function listenToQueuedEvents(handle: Handler): Promise<UnlistenFn> {
  handlers.add(handle);
  let stop: UnlistenFn;
  try {
    stop = await listen<null>(EVENT_QUEUED, wake);
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
