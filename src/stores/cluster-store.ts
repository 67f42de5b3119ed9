/**
 * The clusters Kubeli knows, the pool of connected ones and which one is active.
 *
 * Start with `connect`, `disconnect` and `setActiveCluster`; backend events (health,
 * namespaces, disconnected) arrive through `listenToClusterEvents`. Switching the active
 * cluster is a pure state change. Saved choices live in `prefs` (see cluster-persistence.ts).
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { callCommand, unexpectedError } from "@/lib/errors";
import {
  commands,
  type AppError,
  type Cluster,
  type ConnectionInfo,
  type Event as BackendEvent,
  type Health,
  type LogStep,
  type NamespaceSource,
} from "@/lib/tauri/bindings";
import {
  CLUSTER_STORAGE_KEY,
  CLUSTER_STORAGE_VERSION,
  DEFAULT_RESOURCE_TABS,
  emptySavedState,
  migrateSavedState,
  normalizeKinds,
  resolveClusterNames,
  type ClusterColor,
  type ClusterPrefs,
  type SavedClusterState,
} from "./cluster-persistence";
import { EMPTY_HISTORY, pushHistory, removeFromHistory, stepHistory, type ResourceHistory } from "./resource-history";
import { useResourceStore } from "./resource-store";

export const HEALTH_EVENT = "cluster://health";
export const NAMESPACES_EVENT = "cluster://namespaces";
export const DISCONNECTED_EVENT = "cluster://disconnected";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "error";

export type ConnectedClusterState = {
  id: string;
  cluster: Cluster;
  status: ConnectionStatus;
  health: Health | null;
  latencyMs: number | null;
  lastHealthCheckMs: number | null;
  serverVersion: string | null;
  namespaces: string[];
  namespaceSource: NamespaceSource | null;
  namespaceError: string | null;
  /** Selected namespace; null = all namespaces. */
  currentNamespace: string | null;
  /** Why the cluster is red (failed probe, failed reconnect). */
  lastError: string | null;
  /** Make this cluster active when the connect in flight succeeds. */
  activateOnConnect: boolean;
  /** Increases with every connect attempt, so a stale answer is ignored. */
  attempt: number;
};

export type ReconnectFailure = { id: string; name: string; error: AppError };

export type View = "home" | "dashboard";

type ClusterState = SavedClusterState & {
  /** Every context found by discovery; null until discovery ran once. */
  clusters: Cluster[] | null;
  connectedClusters: Map<string, ConnectedClusterState>;
  activeClusterContext: string | null;
  /** Why the last connect of a context failed (shown on its home card). */
  connectErrors: Record<string, AppError>;
  /** Clusters the start-up reconnect could not reconnect. */
  reconnectFailures: ReconnectFailure[];
  /** The start-up reconnect is running. */
  reconnectingSession: boolean;
  view: View;
  /** Per cluster id: the resource tabs it showed, for Back / Forward. Kept in memory only. */
  resourceHistory: Record<string, ResourceHistory>;
};

type ClusterActions = {
  /** Discovery finished: keep the list and map saved context names to ids. */
  setClusters: (clusters: Cluster[]) => void;
  /** Connects (adds to the pool) and makes the cluster active once connected. */
  connect: (id: string) => Promise<boolean>;
  /** Same as connect, named for the UI's Retry. */
  retry: (id: string) => Promise<boolean>;
  cancelConnect: (id: string) => Promise<void>;
  /** Drops the connection and connects again, keeping the tab where it is. */
  reconnect: (id: string) => Promise<boolean>;
  /** Removes only this cluster; its neighbour in tab order becomes active. */
  disconnect: (id: string) => Promise<void>;
  /** The backend dropped a connection: forget it without another IPC call. */
  removeDisconnected: (id: string) => void;
  /** Pure state change: no IPC, no refetch. */
  setActiveCluster: (id: string) => void;
  setNamespace: (id: string, namespace: string | null) => void;
  addFallbackNamespace: (id: string, namespace: string) => Promise<void>;
  reorder: (from: number, to: number) => void;
  setAppearance: (id: string, appearance: { color?: ClusterColor | null; label?: string | null }) => void;
  openResourceTab: (id: string, kind: string) => void;
  closeResourceTab: (id: string, kind: string) => void;
  /** Shows `kind` and pushes it onto the cluster's history (dropping forward entries). */
  setActiveResourceTab: (id: string, kind: string) => void;
  /** Back / Forward through the cluster's resource-tab history; false when there is nowhere to go. */
  resourceBack: (id: string) => boolean;
  resourceForward: (id: string) => boolean;
  toggleFavourite: (id: string, kind: string) => void;
  setAutoReconnect: (enabled: boolean) => void;
  /** Reconnects every `lastConnectedContexts` entry in parallel (start-up). */
  reconnectLastSession: () => Promise<void>;
  dismissReconnectFailures: () => void;
  showHome: () => void;
  showDashboard: () => void;
  /** The steps of the last connect, as text for the clipboard. */
  connectionLogText: (id: string) => Promise<string>;
};

export type ClusterStore = ClusterState & ClusterActions;

const initialRuntimeState = {
  clusters: null,
  connectedClusters: new Map<string, ConnectedClusterState>(),
  activeClusterContext: null,
  connectErrors: {},
  reconnectFailures: [],
  reconnectingSession: false,
  view: "home" as View,
  resourceHistory: {} as Record<string, ResourceHistory>,
};

/** Cards and tabs show this name. */
export function clusterName(cluster: Cluster): string {
  return cluster.context;
}

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
  };
}

/** The connection status a health probe means for a connected cluster. */
export function statusForHealth(health: Health): ConnectionStatus {
  return health.status === "unreachable" || health.status === "unauthorized" ? "error" : "connected";
}

/** What a tab's dot shows: connecting while a connect is in flight, else the last probe. */
export function healthOf(entry: ConnectedClusterState): Health["status"] {
  if (entry.status === "connecting" || entry.status === "reconnecting") return "connecting";
  if (entry.health) return entry.health.status;
  return entry.status === "error" ? "unreachable" : "connecting";
}

let attempts = 0;

export const useClusterStore = create<ClusterStore>()(
  persist(
    (set, get) => {
      const update = (id: string, change: (entry: ConnectedClusterState) => Partial<ConnectedClusterState>) =>
        set((s) => {
          const entry = s.connectedClusters.get(id);
          if (!entry) return {};
          const connectedClusters = new Map(s.connectedClusters);
          connectedClusters.set(id, { ...entry, ...change(entry) });
          return { connectedClusters };
        });

      const setPrefs = (id: string, change: (prefs: ClusterPrefs) => ClusterPrefs) =>
        set((s) => ({ prefs: { ...s.prefs, [id]: change(s.prefs[id] ?? {}) } }));

      /** Shows `kind` for cluster `id` and records it in that cluster's history. */
      const showResourceTab = (id: string, kind: string, change: (tabs: string[]) => string[] = (tabs) => tabs) =>
        set((s) => {
          const p = s.prefs[id] ?? {};
          const from = activeResourceTabOf(p);
          const resourceTabs = change(p.resourceTabs ?? DEFAULT_RESOURCE_TABS);
          const history = pushHistory(s.resourceHistory[id] ?? EMPTY_HISTORY, kind, from);
          return {
            prefs: { ...s.prefs, [id]: { ...p, resourceTabs, activeResourceTab: kind } },
            resourceHistory: { ...s.resourceHistory, [id]: history },
          };
        });

      const stepResourceHistory = (id: string, step: -1 | 1): boolean => {
        const s = get();
        const p = s.prefs[id] ?? {};
        const next = stepHistory(s.resourceHistory[id] ?? EMPTY_HISTORY, step, p.resourceTabs ?? DEFAULT_RESOURCE_TABS);
        if (!next) return false;
        set({
          prefs: { ...s.prefs, [id]: { ...p, activeResourceTab: next.entries[next.index] } },
          resourceHistory: { ...s.resourceHistory, [id]: next },
        });
        return true;
      };

      const activate = (id: string | null): Partial<ClusterState> => ({ activeClusterContext: id, lastActiveContext: id });

      /** Removes a cluster from the pool and the tab order; its neighbour becomes active. */
      const removeFromPool = (id: string) => {
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
          return {
            connectedClusters,
            tabOrder,
            ...activate(active),
            view: connectedClusters.size === 0 || active === null ? "home" : s.view,
          };
        });
      };

      /** Runs one connect attempt; the entry is created before any await. */
      const runConnect = async (id: string, options: { activate: boolean; status?: ConnectionStatus }): Promise<AppError | null> => {
        const s = get();
        const cluster = s.clusters?.find((c) => c.id === id) ?? s.connectedClusters.get(id)?.cluster ?? placeholderCluster(id);
        const existing = s.connectedClusters.get(id);
        const attempt = ++attempts;
        const prefs = s.prefs[id] ?? {};
        const connectErrors = { ...s.connectErrors };
        delete connectErrors[id];
        const entry: ConnectedClusterState = existing
          ? { ...existing, status: options.status ?? "connecting", attempt, activateOnConnect: options.activate, lastError: null }
          : {
              id,
              cluster,
              status: options.status ?? "connecting",
              health: null,
              latencyMs: null,
              lastHealthCheckMs: null,
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
          applyConnectionInfo(id, result.data);
          return null;
        }
        if (options.status === "reconnecting") {
          // A cluster the user had open stays as a red tab they can retry or close.
          update(id, () => ({ status: "error", lastError: result.error.message }));
        } else {
          removeFromPool(id);
        }
        set((st) => ({ connectErrors: { ...st.connectErrors, [id]: result.error } }));
        return result.error;
      };

      const applyConnectionInfo = (id: string, info: ConnectionInfo) => {
        const entry = get().connectedClusters.get(id);
        if (!entry) return;
        const activateNow = entry.activateOnConnect;
        update(id, (e) => {
          // A health event may already have arrived while connecting; keep the newer one.
          const health = e.health && (e.health.lastCheckMs ?? 0) >= (info.health.lastCheckMs ?? 0) ? e.health : info.health;
          return {
            cluster: info.cluster,
            serverVersion: info.serverVersion,
            health,
            latencyMs: health.latencyMs,
            lastHealthCheckMs: health.lastCheckMs,
            status: statusForHealth(health),
            lastError: statusForHealth(health) === "error" ? health.lastError : null,
            activateOnConnect: false,
          };
        });
        set((s) => ({
          lastConnectedContexts: s.lastConnectedContexts.includes(id) ? s.lastConnectedContexts : orderLike([...s.lastConnectedContexts, id], s.tabOrder),
          ...(activateNow ? { ...activate(id), view: "dashboard" as View } : {}),
        }));
        const fallback = get().prefs[id]?.fallbackNamespaces;
        if (fallback?.length) void commands.setFallbackNamespaces(id, fallback).catch(() => undefined);
      };

      return {
        ...emptySavedState,
        ...initialRuntimeState,

        setClusters: (clusters) =>
          set((s) => ({
            clusters,
            ...resolveClusterNames(
              { prefs: s.prefs, tabOrder: s.tabOrder, lastConnectedContexts: s.lastConnectedContexts, lastActiveContext: s.lastActiveContext, autoReconnect: s.autoReconnect },
              clusters,
            ),
          })),

        connect: async (id) => {
          const entry = get().connectedClusters.get(id);
          if (entry && (entry.status === "connecting" || entry.status === "reconnecting")) {
            // One attempt per context: the one in flight activates this cluster when it lands.
            update(id, () => ({ activateOnConnect: true }));
            return true;
          }
          if (entry) {
            set({ ...activate(id), view: "dashboard" });
            return true;
          }
          return (await runConnect(id, { activate: true })) === null;
        },

        retry: (id) => {
          const entry = get().connectedClusters.get(id);
          if (entry?.status === "error") return get().reconnect(id);
          return get().connect(id);
        },

        cancelConnect: async (id) => {
          const entry = get().connectedClusters.get(id);
          if (entry && (entry.status === "connecting" || entry.status === "reconnecting")) removeFromPool(id);
          const cancelled = await commands.cancelConnect(id).catch(() => false);
          // Too late to cancel: the connect had just finished, so undo it.
          if (!cancelled) await commands.disconnect(id).catch(() => false);
        },

        reconnect: async (id) => {
          if (!get().connectedClusters.has(id)) return get().connect(id);
          update(id, () => ({ status: "reconnecting", lastError: null }));
          useResourceStore.getState().forgetContext(id);
          await commands.disconnect(id).catch(() => false);
          return (await runConnect(id, { activate: false, status: "reconnecting" })) === null;
        },

        disconnect: async (id) => {
          removeFromPool(id);
          set((s) => ({
            lastConnectedContexts: s.lastConnectedContexts.filter((c) => c !== id),
            reconnectFailures: s.reconnectFailures.filter((f) => f.id !== id),
          }));
          await commands.disconnect(id).catch(() => false);
        },

        removeDisconnected: (id) => {
          removeFromPool(id);
          set((s) => ({ lastConnectedContexts: s.lastConnectedContexts.filter((c) => c !== id) }));
        },

        setActiveCluster: (id) => {
          if (!get().connectedClusters.has(id)) return;
          set({ ...activate(id), view: "dashboard" });
        },

        setNamespace: (id, namespace) => {
          const value = namespace || null;
          update(id, () => ({ currentNamespace: value }));
          setPrefs(id, (p) => ({ ...p, namespace: value }));
          useResourceStore.getState().forgetOtherNamespaces(id, value);
        },

        addFallbackNamespace: async (id, namespace) => {
          const name = namespace.trim();
          if (!name) return;
          const extra = [...new Set([...(get().prefs[id]?.fallbackNamespaces ?? []), name])];
          setPrefs(id, (p) => ({ ...p, fallbackNamespaces: extra }));
          update(id, (e) => ({ namespaces: e.namespaces.includes(name) ? e.namespaces : [...e.namespaces, name].sort() }));
          get().setNamespace(id, name);
          await commands.setFallbackNamespaces(id, extra).catch(() => undefined);
        },

        reorder: (from, to) =>
          set((s) => {
            if (from === to || from < 0 || to < 0 || from >= s.tabOrder.length || to >= s.tabOrder.length) return {};
            const tabOrder = [...s.tabOrder];
            const [moved] = tabOrder.splice(from, 1);
            tabOrder.splice(to, 0, moved);
            return { tabOrder, lastConnectedContexts: orderLike(s.lastConnectedContexts, tabOrder) };
          }),

        setAppearance: (id, appearance) =>
          setPrefs(id, (p) => ({
            ...p,
            ...("color" in appearance ? { color: appearance.color ?? null } : {}),
            ...("label" in appearance ? { label: appearance.label?.trim().slice(0, 24) || null } : {}),
          })),

        openResourceTab: (id, kind) => {
          const [normalized] = normalizeKinds([kind]);
          if (!normalized) return;
          showResourceTab(id, normalized, (tabs) => (tabs.includes(normalized) ? tabs : [...tabs, normalized]));
        },

        closeResourceTab: (id, kind) => {
          setPrefs(id, (p) => {
            const tabs = p.resourceTabs ?? DEFAULT_RESOURCE_TABS;
            const index = tabs.indexOf(kind);
            const resourceTabs = tabs.filter((t) => t !== kind);
            const active = activeResourceTabOf(p);
            const activeResourceTab = active === kind ? (resourceTabs[index] ?? resourceTabs[index - 1] ?? null) : active;
            return { ...p, resourceTabs, activeResourceTab };
          });
          set((s) => {
            const before = s.resourceHistory[id];
            if (!before) return {};
            let history = removeFromHistory(before, kind);
            // The neighbour that took over a closed active tab is what is on screen now.
            const shown = activeResourceTabOf(s.prefs[id] ?? {});
            if (shown && history.entries[history.index] !== shown) history = pushHistory(history, shown);
            return history === before ? {} : { resourceHistory: { ...s.resourceHistory, [id]: history } };
          });
          useResourceStore.getState().forgetKind(id, kind);
        },

        setActiveResourceTab: (id, kind) => showResourceTab(id, kind),

        resourceBack: (id) => stepResourceHistory(id, -1),

        resourceForward: (id) => stepResourceHistory(id, 1),

        toggleFavourite: (id, kind) =>
          setPrefs(id, (p) => {
            const favourites = p.favourites ?? [];
            return { ...p, favourites: favourites.includes(kind) ? favourites.filter((f) => f !== kind) : [...favourites, kind] };
          }),

        setAutoReconnect: (enabled) => set({ autoReconnect: enabled }),

        reconnectLastSession: async () => {
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
          set({ reconnectingSession: true, reconnectFailures: missing });
          await Promise.all(
            present.map(async (id) => {
              const error = await runConnect(id, { activate: false });
              if (error) {
                const name = get().clusters?.find((c) => c.id === id)?.context ?? id;
                set((st) => ({ reconnectFailures: [...st.reconnectFailures, { id, name, error }] }));
                if (id === preferred) {
                  preferredFailed = true;
                  if (pendingWinners.length > 0) activateIfFree(pendingWinners[0]);
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
            }),
          );
          set({ reconnectingSession: false });
        },

        dismissReconnectFailures: () =>
          set((s) => {
            const failed = new Set(s.reconnectFailures.map((f) => f.id));
            return { reconnectFailures: [], lastConnectedContexts: s.lastConnectedContexts.filter((id) => !failed.has(id)) };
          }),

        showHome: () => set({ view: "home" }),

        showDashboard: () => {
          if (get().activeClusterContext) set({ view: "dashboard" });
        },

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
      };
    },
    {
      name: CLUSTER_STORAGE_KEY,
      version: CLUSTER_STORAGE_VERSION,
      storage: createJSONStorage(() => localStorage),
      partialize: (s): SavedClusterState => ({
        prefs: s.prefs,
        tabOrder: s.tabOrder,
        lastConnectedContexts: s.lastConnectedContexts,
        lastActiveContext: s.lastActiveContext,
        autoReconnect: s.autoReconnect,
      }),
      migrate: (persisted, version) => migrateSavedState(persisted, version) as unknown as ClusterStore,
      merge: (persisted, current) => {
        const saved = migrateSavedState(persisted, CLUSTER_STORAGE_VERSION);
        const resolved = current.clusters ? resolveClusterNames(saved, current.clusters) : saved;
        // Connected clusters keep their live tab order; saved order only seeds a fresh start.
        return { ...current, ...resolved, tabOrder: current.connectedClusters.size > 0 ? current.tabOrder : resolved.tabOrder };
      },
    },
  ),
);

/** `ids` sorted by their position in `order` (unknown ones last, in their order). */
function orderLike(ids: string[], order: string[]): string[] {
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...ids].sort((a, b) => rank(a) - rank(b));
}

export function activeResourceTabOf(prefs: ClusterPrefs): string | null {
  const tabs = prefs.resourceTabs ?? DEFAULT_RESOURCE_TABS;
  if (prefs.activeResourceTab && tabs.includes(prefs.activeResourceTab)) return prefs.activeResourceTab;
  return tabs[0] ?? null;
}

export function formatConnectionLog(name: string, id: string, steps: LogStep[], error: AppError | null): string {
  const lines = [`Kubeli connection log — ${name}`, `context id: ${id}`];
  if (error) lines.push(`error: ${error.message}`);
  lines.push("");
  if (steps.length === 0) lines.push("(no steps recorded)");
  for (const step of steps) {
    const at = step.atMs ? new Date(step.atMs).toISOString() : "-";
    lines.push(`${at}  ${step.ok ? "ok  " : "FAIL"}  ${step.step} (${step.millis} ms)${step.detail ? ` — ${step.detail}` : ""}`);
  }
  return lines.join("\n");
}

// --- selectors -------------------------------------------------------------------------------

const NO_PREFS: ClusterPrefs = Object.freeze({});

export const selectActiveCluster = (s: ClusterStore): ConnectedClusterState | null =>
  s.activeClusterContext ? (s.connectedClusters.get(s.activeClusterContext) ?? null) : null;

/** Something is in the pool (connected, or connecting). */
export const selectHasConnections = (s: ClusterStore): boolean => s.connectedClusters.size > 0;

/** At least one cluster is usable (connected, even if its last probe failed). */
export const selectAnyConnected = (s: ClusterStore): boolean =>
  [...s.connectedClusters.values()].some((c) => c.status === "connected" || c.status === "error");

/** The resource-tab history of one cluster (empty until it switched tabs). */
export const selectResourceHistory =
  (id: string | null) =>
  (s: ClusterStore): ResourceHistory =>
    (id ? s.resourceHistory[id] : undefined) ?? EMPTY_HISTORY;

export const selectPrefs =
  (id: string | null) =>
  (s: ClusterStore): ClusterPrefs =>
    (id ? s.prefs[id] : undefined) ?? NO_PREFS;

/** Connected clusters in tab order. */
export function orderedClusters(s: Pick<ClusterStore, "tabOrder" | "connectedClusters">): ConnectedClusterState[] {
  return s.tabOrder.map((id) => s.connectedClusters.get(id)).filter((c): c is ConnectedClusterState => c !== undefined);
}

// --- backend events ----------------------------------------------------------------------------

function onHealth(context: string, health: Health) {
  const store = useClusterStore.getState();
  const entry = store.connectedClusters.get(context);
  if (!entry) return;
  useClusterStore.setState((s) => {
    const current = s.connectedClusters.get(context);
    if (!current) return {};
    const inFlight = current.status === "connecting" || current.status === "reconnecting";
    const status = inFlight ? current.status : statusForHealth(health);
    const connectedClusters = new Map(s.connectedClusters);
    connectedClusters.set(context, {
      ...current,
      health,
      latencyMs: health.latencyMs,
      lastHealthCheckMs: health.lastCheckMs,
      status,
      lastError: status === "error" ? (health.lastError ?? `${current.cluster.context}: ${health.status}`) : null,
    });
    return { connectedClusters };
  });
}

function onNamespaces(context: string, namespaces: { names: string[]; source: NamespaceSource; error: string | null }) {
  useClusterStore.setState((s) => {
    const current = s.connectedClusters.get(context);
    if (!current) return {};
    // A fallback list comes from the connect; namespaces the user typed since (saved per
    // cluster) may not have reached the backend by then, so they are merged in here.
    const typed = namespaces.source === "fallback" ? (s.prefs[context]?.fallbackNamespaces ?? []) : [];
    const connectedClusters = new Map(s.connectedClusters);
    connectedClusters.set(context, {
      ...current,
      namespaces: [...new Set([...namespaces.names, ...typed])].sort(),
      namespaceSource: namespaces.source,
      namespaceError: namespaces.error,
    });
    return { connectedClusters };
  });
}

function onDisconnected(context: string) {
  const entry = useClusterStore.getState().connectedClusters.get(context);
  // Our own reconnect disconnects first; a connect in flight owns the entry.
  if (!entry || entry.status === "connecting" || entry.status === "reconnecting") return;
  useClusterStore.getState().removeDisconnected(context);
}

/** Subscribes the store to health, namespace and disconnect events. Resolves to the unsubscribe. */
export async function listenToClusterEvents(): Promise<UnlistenFn> {
  const unlisteners = await Promise.all([
    listen<BackendEvent>(HEALTH_EVENT, ({ payload }) => {
      if (payload.type === "health") onHealth(payload.context, payload.health);
    }),
    listen<BackendEvent>(NAMESPACES_EVENT, ({ payload }) => {
      if (payload.type === "namespaces") onNamespaces(payload.context, payload.namespaces);
    }),
    listen<BackendEvent>(DISCONNECTED_EVENT, ({ payload }) => {
      if (payload.type === "disconnected") onDisconnected(payload.context);
    }),
  ]);
  return () => unlisteners.forEach((stop) => stop());
}

/** Back to a fresh start (tests): empty pool, nothing saved. */
export function resetClusterStore() {
  useClusterStore.setState({ ...emptySavedState, ...initialRuntimeState, connectedClusters: new Map(), resourceHistory: {} });
}
