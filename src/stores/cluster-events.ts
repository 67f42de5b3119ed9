/**
 * Backend event wiring: health, namespace and disconnect events from the Rust side update
 * the cluster store (and a cluster answering again restarts its lists that failed meanwhile,
 * `failed-views.ts`). `listenToClusterEvents` subscribes once, at app start. The backend
 * queues them with all its events (`queued-events.ts`), in order: a cluster's last deltas
 * come before its disconnect.
 */
import type { UnlistenFn } from "@tauri-apps/api/event";
import { listenToQueuedEvents } from "@/lib/tauri/queued-events";
import type { Event as BackendEvent, Health, NamespaceSource } from "@/lib/tauri/bindings";
import { useClusterStore } from "./cluster-store";
import { patchEntry, statusForHealth } from "./cluster-types";
import { retryFailedViews } from "./failed-views";

function onHealth(context: string, health: Health) {
  const before = useClusterStore.getState().connectedClusters.get(context)?.status;
  useClusterStore.setState((s) =>
    patchEntry(s, context, (current) => {
      const inFlight = current.status === "connecting" || current.status === "reconnecting";
      const status = inFlight ? current.status : statusForHealth(health);
      return { health, status, lastError: status === "error" ? (health.lastError ?? `${current.cluster.context}: ${health.status}`) : null };
    }),
  );
  // Answering again: the lists that could not start meanwhile start again.
  if (before === "error" && useClusterStore.getState().connectedClusters.get(context)?.status === "connected") retryFailedViews(context);
}

function onNamespaces(context: string, namespaces: { names: string[]; source: NamespaceSource; error: string | null }) {
  useClusterStore.setState((s) => {
    // A fallback list comes from the connect; namespaces the user typed since (saved per
    // cluster) may not have reached the backend by then, so they are merged in here.
    const typed = namespaces.source === "fallback" ? (s.prefs[context]?.fallbackNamespaces ?? []) : [];
    return patchEntry(s, context, () => ({
      namespaces: [...new Set([...namespaces.names, ...typed])].sort(),
      namespaceSource: namespaces.source,
      namespaceError: namespaces.error,
    }));
  });
}

function onDisconnected(context: string) {
  const entry = useClusterStore.getState().connectedClusters.get(context);
  // Our own reconnect disconnects first; a connect in flight owns the entry.
  if (!entry || entry.status === "connecting" || entry.status === "reconnecting") return;
  useClusterStore.getState().removeDisconnected(context);
}

/** Applies one backend event if it is about a cluster (health, namespaces, disconnect). */
export function applyClusterEvent(event: BackendEvent): void {
  if (event.type === "health") onHealth(event.context, event.health);
  else if (event.type === "namespaces") onNamespaces(event.context, event.namespaces);
  else if (event.type === "disconnected") onDisconnected(event.context);
}

/** Subscribes the store to health, namespace and disconnect events. Resolves to the unsubscribe. */
export function listenToClusterEvents(): Promise<UnlistenFn> {
  return listenToQueuedEvents((event) => applyClusterEvent(event));
}
