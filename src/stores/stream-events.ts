/**
 * Stream events from the backend into the stream store, for every cluster at once (a
 * background cluster's lines are never dropped). Events that arrive before their tab knows the
 * stream's id are held briefly and replayed. Exec output goes to the terminal that subscribed,
 * or waits (bounded) until one does.
 *
 * The backend queues stream events with all others (`queued-events.ts`: emitted, every
 * batch of lines was a script the web process kept). The page still takes them emitted on
 * their own channels too: the real-app E2E injects log lines that way (`tests/e2e/streams.test.mjs`).
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Event } from "@/lib/tauri/bindings";
import { listenToQueuedEvents } from "@/lib/tauri/queued-events";
import {
  STREAM_ENDED_EVENT,
  STREAM_EXEC_EVENT,
  STREAM_LOG_EVENT,
  STREAM_LOG_SOURCES_EVENT,
  STREAM_PORT_FORWARD_EVENT,
  type StreamEvent,
} from "./stream-api";
import { logTimings } from "./log-buffer";
import { bumpLines, logBufferOf, setStreamAttachHook, useStreamStore, type StreamTab } from "./stream-store";

/** Events of streams no tab claims yet, by stream id (a start answer still on its way). */
const early = new Map<string, StreamEvent[]>();
const EARLY_LIMIT = 2_000;
const EARLY_STREAMS = 64;
/** Exec output not yet taken by a terminal, by stream id. */
const pendingOutput = new Map<string, string>();
const PENDING_OUTPUT_LIMIT = 1 << 20;
const sinks = new Map<string, (data: string) => void>();

function tabOf(streamId: string): StreamTab | undefined {
  return useStreamStore.getState().tabs.find((t) => t.streamId === streamId);
}

/** A terminal takes a session's output (what arrived before it mounted first). */
export function subscribeExecOutput(streamId: string, sink: (data: string) => void): () => void {
  const waiting = pendingOutput.get(streamId);
  pendingOutput.delete(streamId);
  if (waiting) sink(waiting);
  sinks.set(streamId, sink);
  return () => {
    if (sinks.get(streamId) === sink) sinks.delete(streamId);
  };
}

/** Log tabs with lines appended since their views last redrew. */
const dirty = new Set<string>();
let redrawTimer: ReturnType<typeof setTimeout> | null = null;
let redrawFrame: number | null = null;

/**
 * Lines go into the buffer as they come; views redraw at most once per animation frame, however
 * many batches arrived in it. A timer backs the frame up: a hidden window gets no frames, and its
 * views' line counts must still move.
 */
function scheduleRedraw(tabId: string) {
  dirty.add(tabId);
  if (redrawTimer !== null) return;
  redrawTimer = setTimeout(flushLineUpdates, 250);
  if (typeof requestAnimationFrame === "function") redrawFrame = requestAnimationFrame(flushLineUpdates);
}

/** Redraws the views of every log tab with new lines now (the next frame does it otherwise). */
export function flushLineUpdates(): void {
  if (redrawTimer !== null) clearTimeout(redrawTimer);
  if (redrawFrame !== null && typeof cancelAnimationFrame === "function") cancelAnimationFrame(redrawFrame);
  redrawTimer = null;
  redrawFrame = null;
  if (dirty.size === 0) return;
  const ids = [...dirty];
  dirty.clear();
  bumpLines(...ids);
}

function holdEarly(id: string, event: StreamEvent) {
  const held = early.get(id) ?? [];
  if (held.length < EARLY_LIMIT) held.push(event);
  early.set(id, held);
  // Streams nobody claims (a tab closed while starting) must not pile up.
  if (early.size > EARLY_STREAMS) early.delete(early.keys().next().value!);
}

/** Applies one stream event to the tab or forward it belongs to, whatever cluster is active. */
export function applyStreamEvent(event: StreamEvent): void {
  const store = useStreamStore.getState();
  if (event.type === "portForward") {
    const known = store.forwards[event.forward.id];
    // A forward the user stopped stays stopped; late events do not bring it back.
    if (!known && event.forward.state !== "active" && event.forward.state !== "reconnecting") return;
    useStreamStore.setState((s) => ({ forwards: { ...s.forwards, [event.forward.id]: { ...event.forward, ended: known?.ended ?? null } } }));
    return;
  }
  if (event.type === "streamEnded" && store.forwards[event.id]) {
    useStreamStore.setState((s) => ({ forwards: { ...s.forwards, [event.id]: { ...s.forwards[event.id], state: "failed", ended: event.end.message } } }));
    return;
  }
  if (event.type === "execOutput") {
    const sink = sinks.get(event.id);
    if (sink) sink(event.data);
    else pendingOutput.set(event.id, ((pendingOutput.get(event.id) ?? "") + event.data).slice(-PENDING_OUTPUT_LIMIT));
    return;
  }
  const tab = tabOf(event.id);
  if (!tab) {
    holdEarly(event.id, event);
    return;
  }
  const patch = (change: Partial<StreamTab>) => useStreamStore.setState((s) => ({ tabs: s.tabs.map((t) => (t.id === tab.id ? ({ ...t, ...change } as StreamTab) : t)) }));
  switch (event.type) {
    case "logLines":
      if (tab.type !== "logs") return;
      {
        const start = performance.now();
        logBufferOf(tab.id).append(event.lines);
        logTimings.appendMs += performance.now() - start;
        logTimings.batches++;
      }
      scheduleRedraw(tab.id);
      return;
    case "logSources":
      if (tab.type === "logs") patch({ sources: event.sources, silence: event.waiting ?? null });
      return;
    case "streamEnded":
      patch({ status: "ended", end: event.end });
      return;
  }
}

setStreamAttachHook((streamId) => {
  const held = early.get(streamId);
  early.delete(streamId);
  held?.forEach(applyStreamEvent);
});

const STREAM_EVENT_TYPES = new Set<Event["type"]>(["logLines", "logSources", "execOutput", "portForward", "streamEnded"]);

/** The backend's event if it is about a stream. */
export function asStreamEvent(event: Event): StreamEvent | null {
  return STREAM_EVENT_TYPES.has(event.type) ? (event as StreamEvent) : null;
}

/** Subscribes the stream store to every stream event. Resolves to the unsubscribe. */
export async function listenToStreamEvents(): Promise<UnlistenFn> {
  const channels = [STREAM_LOG_EVENT, STREAM_LOG_SOURCES_EVENT, STREAM_EXEC_EVENT, STREAM_PORT_FORWARD_EVENT, STREAM_ENDED_EVENT];
  const unlisteners = await Promise.all([
    listenToQueuedEvents((event) => {
      const stream = asStreamEvent(event);
      if (stream) applyStreamEvent(stream);
    }),
    ...channels.map((channel) => listen<StreamEvent>(channel, ({ payload }) => applyStreamEvent(payload))),
  ]);
  void useStreamStore.getState().restore();
  return () => unlisteners.forEach((stop) => stop());
}
