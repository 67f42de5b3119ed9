/**
 * Connections slice: connect, disconnect, cancel, reconnect and the start-up reconnect of
 * the last session. Each connect attempt owns its pool entry from before the first await,
 * so a stale answer (cancelled or superseded attempt) is ignored.
 */
import { callCommand, unexpectedError } from "@/lib/errors";
import { commands, type AppError, type Cluster, type ConnectionInfo, type LogStep } from "@/lib/tauri/bindings";
import { resolveClusterNames } from "./cluster-persistence";
import { inTurns } from "./connect-turns";
import { formatConnectionLog } from "./connection-log";
import {
  activate,
  orderLike,
  patchEntry,
  statusForHealth,
  type ClusterSlice,
  type ConnectedClusterState,
  type ConnectionStatus,
  type ConnectionsSlice,
  type ReconnectFailure,
  type StoreGet,
  type StoreSet,
} from "./cluster-types";
import { useResourceStore } from "./resource-store";

export const initialConnectionsState = {
  clusters: null,
  connectedClusters: new Map<string, ConnectedClusterState>(),
  connectErrors: {},
  reconnectFailures: [],
  reconnectingSession: false,
} satisfies Partial<ConnectionsSlice>;

function placeholderCluster(id: string): Cluster {
  return {
    id,
    context: id,
    clusterName: null,
    server: null,
    user: null,
    auth: { kind: "none" },
    namespace: null,
    source: "",
    isCurrent: false,
    duplicate: false,
    simulated: false,
    problem: null,
    interactive: false,
    actsAs: null,
  };
}

let attempts = 0;

/** Removes a cluster from the pool and the tab order; its neighbour becomes active. */
function removeFromPool(set: StoreSet, id: string) {
  useResourceStore.getState().forgetContext(id);
  set((s) => {
    if (!s.connectedClusters.has(id)) return {};
    const connectedClusters = new Map(s.connectedClusters);
    connectedClusters.delete(id);
    const index = s.tabOrder.indexOf(id);
    const tabOrder = s.tabOrder.filter((t) => t !== id);
    let active = s.activeClusterContext;
    if (active === id) {
      const live = (t: string | undefined) => t !== undefined && connectedClusters.has(t);
      const right = s.tabOrder.slice(index + 1).find(live);
      const left = s.tabOrder.slice(0, Math.max(index, 0)).reverse().find(live);
      active = right ?? left ?? null;
    }
    // Back / Forward of its resource tabs goes with it (the tabs themselves are saved prefs).
    const resourceHistory = { ...s.resourceHistory };
    delete resourceHistory[id];
    return {
      connectedClusters,
      tabOrder,
      resourceHistory,
      ...activate(active),
      view: connectedClusters.size === 0 || active === null ? "home" : s.view,
    };
  });
}

function applyConnectionInfo(set: StoreSet, get: StoreGet, id: string, info: ConnectionInfo) {
  const entry = get().connectedClusters.get(id);
  if (!entry) return;
  const activateNow = entry.activateOnConnect;
  set((s) =>
    patchEntry(s, id, (e) => {
      // A health event may already have arrived while connecting; keep the newer one.
      const health = e.health && (e.health.lastCheckMs ?? 0) >= (info.health.lastCheckMs ?? 0) ? e.health : info.health;
      return {
        cluster: info.cluster,
        serverVersion: info.serverVersion,
        health,
        status: statusForHealth(health),
        lastError: statusForHealth(health) === "error" ? health.lastError : null,
        activateOnConnect: false,
      };
    }),
  );
  set((s) => ({
    lastConnectedContexts: s.lastConnectedContexts.includes(id) ? s.lastConnectedContexts : orderLike([...s.lastConnectedContexts, id], s.tabOrder),
    ...(activateNow ? { ...activate(id), view: "dashboard" as const } : {}),
  }));
  const fallback = get().prefs[id]?.fallbackNamespaces;
  if (fallback?.length) void commands.setFallbackNamespaces(id, fallback).catch(() => undefined);
}

/** Runs one connect attempt; the entry is created before any await. */
export async function runConnect(set: StoreSet, get: StoreGet, id: string, options: { activate: boolean; status?: ConnectionStatus }): Promise<AppError | null> {
  const s = get();
  const cluster = s.clusters?.find((c) => c.id === id) ?? s.connectedClusters.get(id)?.cluster ?? placeholderCluster(id);
  const existing = s.connectedClusters.get(id);
  const attempt = ++attempts;
  const prefs = s.prefs[id] ?? {};
  const connectErrors = { ...s.connectErrors };
  delete connectErrors[id];
  const status = options.status ?? "connecting";
  const entry: ConnectedClusterState = existing
    ? { ...existing, status, attempt, activateOnConnect: options.activate, lastError: null }
    : {
        id,
        cluster,
        status,
        health: null,
        serverVersion: null,
        namespaces: [],
        namespaceSource: null,
        namespaceError: null,
        currentNamespace: prefs.namespace !== undefined ? prefs.namespace : cluster.namespace,
        lastError: null,
        activateOnConnect: options.activate,
        attempt,
      };
  const connectedClusters = new Map(s.connectedClusters);
  connectedClusters.set(id, entry);
  set({
    connectedClusters,
    connectErrors,
    tabOrder: s.tabOrder.includes(id) ? s.tabOrder : [...s.tabOrder, id],
    reconnectFailures: s.reconnectFailures.filter((f) => f.id !== id),
  });

  const result = await callCommand(() => commands.connect(id));
  const now = get().connectedClusters.get(id);
  if (!now || now.attempt !== attempt) return result.status === "error" ? result.error : null; // cancelled or superseded
  if (result.status === "ok") {
    applyConnectionInfo(set, get, id, result.data);
    return null;
  }
  if (options.status === "reconnecting") {
    // A cluster the user had open stays as a red tab they can retry or close.
    set((st) => patchEntry(st, id, () => ({ status: "error", lastError: result.error.message })));
  } else {
    removeFromPool(set, id);
  }
  set((st) => ({ connectErrors: { ...st.connectErrors, [id]: result.error } }));
  return result.error;
}

/**
 * Reconnects the last session's clusters in parallel (interactive logins one at a time, see
 * `connect-turns.ts`); the previously active one wins the tab.
 */
async function reconnectLastSession(set: StoreSet, get: StoreGet) {
  const s = get();
  const ids = s.lastConnectedContexts.filter((id) => !s.connectedClusters.has(id));
  if (ids.length === 0) return;
  const known = new Set((s.clusters ?? []).map((c) => c.id));
  const preferred = s.lastActiveContext;
  const missing: ReconnectFailure[] = ids
    .filter((id) => !known.has(id))
    .map((id) => ({ id, name: id, error: { kind: "notFound", message: `${id}: this context is no longer in your kubeconfig files`, retryable: false } }));
  const present = ids.filter((id) => known.has(id));
  let preferredFailed = !present.includes(preferred ?? "");
  const pendingWinners: string[] = [];
  const activateIfFree = (id: string) => {
    if (get().activeClusterContext === null && get().connectedClusters.has(id)) set({ ...activate(id), view: "dashboard" });
  };
  // The preferred cluster is out: the first that connected here, else one the page adopted.
  const activateFirstLive = () => {
    const st = get();
    const live = [...pendingWinners, ...st.tabOrder].find((id) => {
      const status = st.connectedClusters.get(id)?.status;
      return status !== undefined && status !== "connecting";
    });
    if (live) activateIfFree(live);
  };
  set({ reconnectingSession: true, reconnectFailures: missing });
  if (preferredFailed) activateFirstLive();
  const interactive = (id: string) => s.clusters?.find((c) => c.id === id)?.interactive === true;
  await inTurns(present, interactive, async (id) => {
    const error = await runConnect(set, get, id, { activate: false });
    if (error) {
      const name = get().clusters?.find((c) => c.id === id)?.context ?? id;
      set((st) => ({ reconnectFailures: [...st.reconnectFailures, { id, name, error }] }));
      if (id === preferred) {
        preferredFailed = true;
        activateFirstLive();
      }
      return;
    }
    if (id === preferred) {
      set({ ...activate(id), view: "dashboard" });
    } else if (preferredFailed) {
      activateIfFree(id);
    } else {
      pendingWinners.push(id);
    }
  });
  set({ reconnectingSession: false });
}

export const createConnectionsSlice: ClusterSlice<ConnectionsSlice> = (set, get) => ({
  ...initialConnectionsState,

  setClusters: (clusters) =>
    set((s) => ({
      clusters,
      ...resolveClusterNames(
        { prefs: s.prefs, groups: s.groups, tabOrder: s.tabOrder, lastConnectedContexts: s.lastConnectedContexts, lastActiveContext: s.lastActiveContext, autoReconnect: s.autoReconnect, pauseBackgroundAfterMin: s.pauseBackgroundAfterMin },
        clusters,
      ),
    })),

  connect: async (id) => {
    const entry = get().connectedClusters.get(id);
    if (entry && (entry.status === "connecting" || entry.status === "reconnecting")) {
      // One attempt per context: the one in flight activates this cluster when it lands.
      set((s) => patchEntry(s, id, () => ({ activateOnConnect: true })));
      return true;
    }
    if (entry) {
      set({ ...activate(id), view: "dashboard" });
      return true;
    }
    return (await runConnect(set, get, id, { activate: true })) === null;
  },

  retry: (id) => {
    const entry = get().connectedClusters.get(id);
    if (entry?.status === "error") return get().reconnect(id);
    return get().connect(id);
  },

  cancelConnect: async (id) => {
    const entry = get().connectedClusters.get(id);
    if (entry && (entry.status === "connecting" || entry.status === "reconnecting")) removeFromPool(set, id);
    const cancelled = await commands.cancelConnect(id).catch(() => false);
    // Too late to cancel: the connect had just finished, so undo it.
    if (!cancelled) await commands.disconnect(id).catch(() => false);
  },

  reconnect: async (id) => {
    if (!get().connectedClusters.has(id)) return get().connect(id);
    set((s) => patchEntry(s, id, () => ({ status: "reconnecting", lastError: null })));
    useResourceStore.getState().forgetContext(id);
    await commands.disconnect(id).catch(() => false);
    return (await runConnect(set, get, id, { activate: false, status: "reconnecting" })) === null;
  },

  disconnect: async (id) => {
    removeFromPool(set, id);
    set((s) => ({
      lastConnectedContexts: s.lastConnectedContexts.filter((c) => c !== id),
      reconnectFailures: s.reconnectFailures.filter((f) => f.id !== id),
    }));
    await commands.disconnect(id).catch(() => false);
  },

  removeDisconnected: (id) => {
    removeFromPool(set, id);
    set((s) => ({ lastConnectedContexts: s.lastConnectedContexts.filter((c) => c !== id) }));
  },

  reconnectLastSession: () => reconnectLastSession(set, get),

  dismissReconnectFailures: () =>
    set((s) => {
      const failed = new Set(s.reconnectFailures.map((f) => f.id));
      return { reconnectFailures: [], lastConnectedContexts: s.lastConnectedContexts.filter((id) => !failed.has(id)) };
    }),

  connectionLogText: async (id) => {
    const s = get();
    const name = s.connectedClusters.get(id)?.cluster.context ?? s.clusters?.find((c) => c.id === id)?.context ?? id;
    let steps: LogStep[];
    try {
      steps = await commands.connectionLog(id);
    } catch (cause) {
      steps = [{ atMs: null, step: "read the connection log", ok: false, millis: 0, detail: unexpectedError(cause).message }];
    }
    return formatConnectionLog(name, id, steps, s.connectErrors[id] ?? null);
  },
});
