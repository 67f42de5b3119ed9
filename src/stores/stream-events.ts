/**
 * Stream events from the backend into the stream store, for every cluster at once (a
 * background cluster's lines are never dropped). Events that arrive before their tab knows the
 * stream's id are held briefly and replayed. Exec output goes to the terminal that subscribed,
 * or waits (bounded) until one does.
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import {
  STREAM_ENDED_EVENT,
  STREAM_EXEC_EVENT,
  STREAM_LOG_EVENT,
  STREAM_LOG_SOURCES_EVENT,
  STREAM_PORT_FORWARD_EVENT,
  type StreamEvent,
} from "./stream-api";
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
      logBufferOf(tab.id).append(event.lines);
      bumpLines(tab.id);
      return;
    case "logSources":
      if (tab.type === "logs") patch({ sources: event.sources });
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

/** Subscribes the stream store to every stream event. Resolves to the unsubscribe. */
export async function listenToStreamEvents(): Promise<UnlistenFn> {
  const channels = [STREAM_LOG_EVENT, STREAM_LOG_SOURCES_EVENT, STREAM_EXEC_EVENT, STREAM_PORT_FORWARD_EVENT, STREAM_ENDED_EVENT];
  const unlisteners = await Promise.all(channels.map((channel) => listen<StreamEvent>(channel, ({ payload }) => applyStreamEvent(payload))));
  void useStreamStore.getState().restore();
  return () => unlisteners.forEach((stop) => stop());
}
