/**
 * The shape of the cluster store, shared by its slices (connections, view, prefs,
 * resource tabs), plus the small pure helpers they all use. Start at `cluster-store.ts`.
 */
import type { StateCreator } from "zustand";
import type { AppError, Cluster, Health, NamespaceSource } from "@/lib/tauri/bindings";
import type { ClusterColor } from "@/lib/cluster-colors";
import type { ClusterGroup, PauseChoice, SavedClusterState, SavedView } from "./cluster-persistence";
import type { ResourceHistory } from "./resource-history";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "error";

/** One cluster in the pool as the UI sees it. Latency and last check are read from `health`. */
export type ConnectedClusterState = {
  id: string;
  cluster: Cluster;
  status: ConnectionStatus;
  health: Health | null;
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

/** Connect / disconnect / cancel / reconnect and what they leave behind. */
export type ConnectionsSlice = {
  /** Every context found by discovery; null until discovery ran once. */
  clusters: Cluster[] | null;
  connectedClusters: Map<string, ConnectedClusterState>;
  /** Why the last connect of a context failed (shown on its home card). */
  connectErrors: Record<string, AppError>;
  /** Clusters the start-up reconnect could not reconnect. */
  reconnectFailures: ReconnectFailure[];
  /** The start-up reconnect is running. */
  reconnectingSession: boolean;
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
  /** Reconnects every `lastConnectedContexts` entry in parallel (start-up). */
  reconnectLastSession: () => Promise<void>;
  dismissReconnectFailures: () => void;
  /** The steps of the last connect, as text for the clipboard. */
  connectionLogText: (id: string) => Promise<string>;
};

/** Which cluster is active and whether the home grid or its dashboard is shown. */
export type ViewSlice = {
  activeClusterContext: string | null;
  view: View;
  /** Pure state change: no IPC, no refetch. */
  setActiveCluster: (id: string) => void;
  showHome: () => void;
  showDashboard: () => void;
};

/** The user's saved choices per cluster (colour, label, order, namespace, favourites). */
export type PrefsSlice = SavedClusterState & {
  setNamespace: (id: string, namespace: string | null) => void;
  addFallbackNamespace: (id: string, namespace: string) => Promise<void>;
  reorder: (from: number, to: number) => void;
  setAppearance: (id: string, appearance: { color?: ClusterColor | null; label?: string | null }) => void;
  toggleFavourite: (id: string, kind: string) => void;
  setAutoReconnect: (enabled: boolean) => void;
  /** "Pause background clusters after N minutes" (null = off). */
  setPauseBackgroundAfter: (minutes: PauseChoice | null) => void;
  /** Production guard: protected (type the name to confirm) and read-only (no writes at all). */
  setGuard: (id: string, guard: { protected?: boolean; readOnly?: boolean }) => void;
  /** Saves the filter and sort of one kind's view of a cluster, for the next start. */
  saveView: (id: string, kind: string, view: SavedView) => void;
  /** Opens or closes a custom-resource group of a cluster's kind sidebar, for the next start too. */
  setKindGroupOpen: (id: string, group: string, open: boolean) => void;
};

/** Many clusters at once (selection, groups) and the saved named groups. */
export type GroupsSlice = {
  /** Connects every id not yet in the pool: interactive logins one at a time, the rest in parallel. Returns the failures by id. */
  connectMany: (ids: string[]) => Promise<Record<string, AppError>>;
  disconnectMany: (ids: string[]) => Promise<void>;
  /** Creates the group, or replaces the members of the one with that name. False when the name or members are empty. */
  saveGroup: (name: string, members: string[]) => boolean;
  deleteGroup: (name: string) => void;
  setGroupCollapsed: (name: string, collapsed: boolean) => void;
  /** Protects (or unprotects) every member of the group: the guard then asks for each member's name. */
  setGroupProtected: (name: string, on: boolean) => void;
  connectGroup: (name: string) => Promise<Record<string, AppError>>;
  disconnectGroup: (name: string) => Promise<void>;
};
export type { ClusterGroup };

/** Open resource tabs per cluster and their Back / Forward history (history in memory only). */
export type ResourceTabsSlice = {
  /** Per cluster id: the resource tabs it showed, for Back / Forward. */
  resourceHistory: Record<string, ResourceHistory>;
  openResourceTab: (id: string, kind: string) => void;
  closeResourceTab: (id: string, kind: string) => void;
  /** Shows `kind` and pushes it onto the cluster's history (dropping forward entries). */
  setActiveResourceTab: (id: string, kind: string) => void;
  /** Back / Forward through the cluster's resource-tab history; false when there is nowhere to go. */
  resourceBack: (id: string) => boolean;
  resourceForward: (id: string) => boolean;
};

export type ClusterStore = ConnectionsSlice & ViewSlice & PrefsSlice & ResourceTabsSlice & GroupsSlice;

/** How each slice is written: it sees (and may set) the whole store. */
export type ClusterSlice<T> = StateCreator<ClusterStore, [["zustand/persist", unknown]], [], T>;

export type StoreSet = Parameters<ClusterSlice<unknown>>[0];
export type StoreGet = Parameters<ClusterSlice<unknown>>[1];

/** The connection status a health probe means for a connected cluster. */
export function statusForHealth(health: Health): ConnectionStatus {
  return health.status === "unreachable" || health.status === "unauthorized" ? "error" : "connected";
}

/** Changes one pool entry (nothing when it is gone); for `set`. */
export function patchEntry(
  s: Pick<ClusterStore, "connectedClusters">,
  id: string,
  change: (entry: ConnectedClusterState) => Partial<ConnectedClusterState>,
): Partial<ClusterStore> {
  const entry = s.connectedClusters.get(id);
  if (!entry) return {};
  const connectedClusters = new Map(s.connectedClusters);
  connectedClusters.set(id, { ...entry, ...change(entry) });
  return { connectedClusters };
}

/** Makes `id` the active cluster and remembers it for the next start. */
export function activate(id: string | null): Pick<ClusterStore, "activeClusterContext" | "lastActiveContext"> {
  return { activeClusterContext: id, lastActiveContext: id };
}

/** `ids` sorted by their position in `order` (unknown ones last, in their order). */
export function orderLike(ids: string[], order: string[]): string[] {
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...ids].sort((a, b) => rank(a) - rank(b));
}
