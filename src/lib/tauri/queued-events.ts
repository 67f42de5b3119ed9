/**
 * Every backend event comes through here (see `src-tauri/src/events.rs`): the backend queues
 * them instead of emitting them, because an emitted event reaches the page as a script
 * WebKitGTK keeps compiled, one per distinct payload, so the web process grew without bound
 * under churn or a busy log stream. The backend wakes the page with `EVENT_QUEUED` (no
 * payload) and the page takes what waits with `take_events`, whose answer is a fetch. Each
 * subscriber (resources, clusters, streams) gets every event, in the backend's order, and
 * picks its own. One take runs at a time; a wake-up during a take makes it take once more;
 * the subscribers' wake-ups of one event make one take; takes start at least `takeGapMs`
 * apart, so a storm is taken about ten times a second. A page that starts takes once (it
 * may have been woken before it listened).
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { commands, EVENT_QUEUED, type Event } from "./bindings";

type Handler = (event: Event) => void;
/** Called after each take's events were handed out (a subscriber that batches applies them). */
type TakeDone = () => void;

/**
 * Least time between the starts of two takes in a storm (the last take held at least
 * `STORM_TAKE` changes): the page then takes about ten times a second, each take bigger,
 * instead of once per backend batch (five churning clusters woke it in one frame of three). A
 * frame that takes is slow far more often than one that does not (debug app, loaded machine:
 * 32–47 % of them over 17 ms, against 4–9 %). After a small take (steady churn, a shell's
 * echo, a log line) or a quiet spell the next take starts at once, so typing in a shell is not
 * held back by other clusters' churn.
 */
let takeGapMs = 100;
/** Changes (objects of resource deltas; any other event counts one) that make a take a storm's. */
const STORM_TAKE = 8;
let lastTakeSize = 0;
/** For tests that count takes or check order rather than pacing: the least gap between takes. */
export function setTakeGap(ms: number) {
  takeGapMs = ms;
}
let lastTakeAt = Number.NEGATIVE_INFINITY;

const handlers = new Set<Handler>();
const takeDone = new Map<Handler, TakeDone>();
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
    // Never more than the gap, even if the clock went back since the last take.
    const wait = lastTakeSize >= STORM_TAKE ? Math.min(takeGapMs, lastTakeAt + takeGapMs - Date.now()) : 0;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastTakeAt = Date.now();
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
    lastTakeSize = events.reduce((sum, e) => sum + changesOf(e), 0);
    if (events.length > 0) {
      for (const done of takeDone.values()) {
        try {
          done();
        } catch (e) {
          console.error("applying a take of backend events failed", e);
        }
      }
    }
  } while (again && handlers.size > 0);
}

/** How many changes an event carries: a resource delta's objects, else one. */
function changesOf(event: Event): number {
  if (event.type !== "resourceDelta") return 1;
  return (event.reset?.length ?? 0) + event.upserts.length + event.deletes.length;
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

/**
 * Calls `handle` with every queued event from now on, and `done` (if given) after each take's
 * events. Resolves to the unsubscribe.
 */
export async function listenToQueuedEvents(handle: Handler, done?: TakeDone): Promise<UnlistenFn> {
  handlers.add(handle);
  if (done) takeDone.set(handle, done);
  let stop: UnlistenFn;
  try {
    stop = await listen<null>(EVENT_QUEUED, wake);
  } catch (e) {
    handlers.delete(handle);
    takeDone.delete(handle);
    throw e;
  }
  void drainQueuedEvents();
  return () => {
    handlers.delete(handle);
    takeDone.delete(handle);
    stop();
  };
}
