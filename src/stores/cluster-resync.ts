/**
 * The window survives its web view: a page that (re)loads while the backend still holds
 * connections (Ctrl+R, F5, or a web process that ended and was reloaded) adopts them as they
 * are — no reconnect — with their health, gets their namespaces sent again, and re-attaches
 * every resource watcher that was running (each is started again under the same key, so its
 * view gets a fresh full list and no watcher is left without an owner).
 */
import { commands, type ConnectionInfo } from "@/lib/tauri/bindings";
import { useClusterStore } from "./cluster-store";
import { activate, orderLike, statusForHealth, type ConnectedClusterState } from "./cluster-types";
import { useResourceStore } from "./resource-store";

function adopted(info: ConnectionInfo, savedNamespace: string | null | undefined): ConnectedClusterState {
  const status = statusForHealth(info.health);
  return {
    id: info.context,
    cluster: info.cluster,
    status,
    health: info.health,
    serverVersion: info.serverVersion,
    namespaces: [],
    namespaceSource: null,
    namespaceError: null,
    currentNamespace: savedNamespace !== undefined ? savedNamespace : info.cluster.namespace,
    lastError: status === "error" ? info.health.lastError : null,
    activateOnConnect: false,
    attempt: 0,
  };
}

/**
 * Adopts the backend's live connections into the store at once, then — once `listening`
 * resolves (the backend events are listened to, so the namespace lists it sends again are
 * not missed) — re-attaches their watchers. Resolves to the ids adopted (none on a fresh
 * start).
 */
export async function resyncFromBackend(listening: Promise<unknown> = Promise.resolve()): Promise<string[]> {
  let live: ConnectionInfo[];
  try {
    live = await commands.connectedClusters();
  } catch {
    return [];
  }
  if (!Array.isArray(live)) return [];
  const fresh = live.filter((info) => !useClusterStore.getState().connectedClusters.has(info.context));
  if (fresh.length === 0) return [];
  useClusterStore.setState((s) => {
    const connectedClusters = new Map(s.connectedClusters);
    for (const info of fresh) connectedClusters.set(info.context, adopted(info, s.prefs[info.context]?.namespace));
    const ids = [...connectedClusters.keys()];
    const tabOrder = orderLike(ids, s.tabOrder);
    const preferred = s.lastActiveContext;
    // At start the backend connects the last session while this page loads: the cluster the
    // user was on may still be connecting, and the reconnect that follows activates it.
    const awaited = preferred !== null && s.autoReconnect && s.lastConnectedContexts.includes(preferred) && !connectedClusters.has(preferred);
    const active = s.activeClusterContext ?? (preferred && connectedClusters.has(preferred) ? preferred : awaited ? null : tabOrder[0]);
    return {
      connectedClusters,
      tabOrder,
      lastConnectedContexts: orderLike([...new Set([...s.lastConnectedContexts, ...ids])], tabOrder),
      ...(active ? { ...activate(active), view: "dashboard" as const } : {}),
    };
  });
  try {
    await listening;
    const session = await commands.resyncSession();
    const watchers = session.status === "ok" ? session.data.watchers : [];
    const resources = useResourceStore.getState();
    await Promise.all(watchers.map((w) => resources.ensureWatch(w.context, w.kind, w.namespace)));
  } catch {
    // The connections are adopted; a view re-watches its own list when shown.
  }
  return fresh.map((info) => info.context);
}
