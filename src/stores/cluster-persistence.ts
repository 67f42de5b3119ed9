/**
 * What the cluster store saves in webview storage, its versions and migrations.
 *
 * Only UI choices are saved (namespace, tab order, colour/label, resource tabs, favourites,
 * which clusters were connected): never a `Cluster` object, a server address or anything
 * that could hold a credential.
 */
import type { PersistStorage, StorageValue } from "zustand/middleware";
import { CLUSTER_COLORS, type ClusterColor } from "@/lib/cluster-colors";
import type { Cluster } from "@/lib/tauri/bindings";

/** localStorage key of the saved cluster state. */
export const CLUSTER_STORAGE_KEY = "kubeli-cluster-store";
/** Current version of the saved shape; `migrateSavedState` brings older ones up to it. */
export const CLUSTER_STORAGE_VERSION = 2;

export const DEFAULT_RESOURCE_TABS = ["pods", "deployments", "services", "configmaps", "events", "nodes"];

/**
 * Which clusters a view shows at once (its all-clusters scope): every connected cluster, the
 * connected members of a group, or a chosen set of contexts. Absent: only its own cluster.
 */
export type ViewScope = { mode: "all" } | { mode: "group"; group: string } | { mode: "some"; contexts: string[] };

/** How the user last left one kind's view of a cluster (scroll position is not kept). */
export type SavedView = { filter: string; sort: { column: string; desc: boolean }; scope?: ViewScope | null };

/** The user's choices for one cluster, kept across switches, disconnects and restarts. */
export type ClusterPrefs = {
  /** Selected namespace; `null` = all namespaces; `undefined` = never chosen (use the context's). */
  namespace?: string | null;
  color?: ClusterColor | null;
  label?: string | null;
  /** Open resource tabs (kind names such as `pods`), in order. */
  resourceTabs?: string[];
  activeResourceTab?: string | null;
  /** Favourite resource kinds, offered first when opening a tab. */
  favourites?: string[];
  /** Namespaces the user typed because listing namespaces is forbidden. */
  fallbackNamespaces?: string[];
  /** Production guard: destructive actions need the cluster's name typed. */
  protected?: boolean;
  /** Every change is refused (the window disables writes, the backend refuses them). */
  readOnly?: boolean;
  /** Filter and sort of each kind's view, by kind name (optional: older saves have none). */
  views?: Record<string, SavedView>;
  /**
   * Custom-resource groups of the kind sidebar the user opened (true) or closed (false), by
   * group id (`crd:<group>`); the others follow the default (`customOpenByDefault`).
   */
  kindGroups?: Record<string, boolean>;
};

/** A named set of clusters, connected and disconnected as one (version 2). */
export type ClusterGroup = {
  name: string;
  /** Cluster ids, in the order they were added. */
  members: string[];
  /** Its tabs are folded into one chip in the tab bar. */
  collapsed?: boolean;
  /** Production guard for every member: destructive actions need the member's name typed. Absent = off. */
  protected?: boolean;
};

/** The choices of "Pause background clusters after N minutes" (null = off, the default). */
export const PAUSE_CHOICES = [1, 5, 15, 30] as const;
export type PauseChoice = (typeof PAUSE_CHOICES)[number];

/** The saved part of the cluster store (version 2). Keys are cluster ids. */
export type SavedClusterState = {
  prefs: Record<string, ClusterPrefs>;
  groups: ClusterGroup[];
  tabOrder: string[];
  lastConnectedContexts: string[];
  lastActiveContext: string | null;
  autoReconnect: boolean;
  /** Pause the watches of clusters not active for this many minutes; null = off (absent in older saves: off). */
  pauseBackgroundAfterMin: PauseChoice | null;
};

export const emptySavedState: SavedClusterState = {
  prefs: {},
  groups: [],
  tabOrder: [],
  lastConnectedContexts: [],
  lastActiveContext: null,
  autoReconnect: true,
  pauseBackgroundAfterMin: null,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.length > 0) : [];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function sanitizePrefs(value: unknown): ClusterPrefs {
  if (!isRecord(value)) return {};
  const prefs: ClusterPrefs = {};
  if (value.namespace === null || typeof value.namespace === "string") prefs.namespace = stringOrNull(value.namespace);
  if (typeof value.color === "string" && (CLUSTER_COLORS as readonly string[]).includes(value.color)) prefs.color = value.color as ClusterColor;
  if (typeof value.label === "string" && value.label.trim()) prefs.label = value.label.trim().slice(0, 24);
  if (Array.isArray(value.resourceTabs)) prefs.resourceTabs = normalizeKinds(strings(value.resourceTabs));
  if (typeof value.activeResourceTab === "string") prefs.activeResourceTab = value.activeResourceTab;
  if (Array.isArray(value.favourites)) prefs.favourites = strings(value.favourites);
  if (Array.isArray(value.fallbackNamespaces)) prefs.fallbackNamespaces = strings(value.fallbackNamespaces);
  if (value.protected === true) prefs.protected = true;
  if (value.readOnly === true) prefs.readOnly = true;
  if (isRecord(value.views)) prefs.views = sanitizeViews(value.views);
  if (isRecord(value.kindGroups)) prefs.kindGroups = sanitizeKindGroups(value.kindGroups);
  return prefs;
}

/** Well-formed groups only: a non-empty unique name and at least one member. */
function sanitizeGroups(value: unknown): ClusterGroup[] {
  if (!Array.isArray(value)) return [];
  const groups: ClusterGroup[] = [];
  for (const g of value) {
    if (!isRecord(g) || typeof g.name !== "string" || !g.name.trim()) continue;
    const name = g.name.trim().slice(0, 40);
    const members = [...new Set(strings(g.members))];
    if (members.length === 0 || groups.some((other) => other.name === name)) continue;
    groups.push({ name, members, ...(g.collapsed === true ? { collapsed: true } : {}), ...(g.protected === true ? { protected: true } : {}) });
  }
  return groups;
}

/** Keeps each well-formed saved view; a malformed one is dropped alone. */
function sanitizeViews(value: Record<string, unknown>): Record<string, SavedView> {
  const views: Record<string, SavedView> = {};
  for (const [kind, view] of Object.entries(value)) {
    if (!kind || !isRecord(view) || typeof view.filter !== "string" || !isRecord(view.sort)) continue;
    const { column, desc } = view.sort;
    if (typeof column !== "string" || !column || typeof desc !== "boolean") continue;
    const scope = sanitizeScope(view.scope);
    views[kind] = { filter: view.filter.slice(0, 500), sort: { column, desc }, ...(scope ? { scope } : {}) };
  }
  return views;
}

/** The groups' open or closed state; anything but a group id with a boolean is dropped. */
function sanitizeKindGroups(value: Record<string, unknown>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, boolean] => e[0].startsWith("crd:") && typeof e[1] === "boolean"));
}

/** A saved all-clusters scope, or null when it is missing or malformed (the view shows its own cluster). */
function sanitizeScope(value: unknown): ViewScope | null {
  if (!isRecord(value)) return null;
  if (value.mode === "all") return { mode: "all" };
  if (value.mode === "group" && typeof value.group === "string" && value.group) return { mode: "group", group: value.group.slice(0, 40) };
  if (value.mode === "some") return { mode: "some", contexts: [...new Set(strings(value.contexts))] };
  return null;
}

/** Lower-cased, de-duplicated kind names. */
export function normalizeKinds(kinds: string[]): string[] {
  return [...new Set(kinds.map((k) => k.trim()).filter(Boolean).map((k) => (k.includes(".") ? k : k.toLowerCase())))];
}

/** Keeps only well-formed fields of a version-1 or -2 saved state (version 1 had no groups). */
export function sanitizeSavedState(value: unknown): SavedClusterState {
  if (!isRecord(value)) return { ...emptySavedState };
  const prefs: Record<string, ClusterPrefs> = {};
  if (isRecord(value.prefs)) {
    for (const [id, p] of Object.entries(value.prefs)) prefs[id] = sanitizePrefs(p);
  }
  return {
    prefs,
    groups: sanitizeGroups(value.groups),
    tabOrder: strings(value.tabOrder),
    lastConnectedContexts: strings(value.lastConnectedContexts),
    lastActiveContext: stringOrNull(value.lastActiveContext),
    autoReconnect: typeof value.autoReconnect === "boolean" ? value.autoReconnect : true,
    pauseBackgroundAfterMin: (PAUSE_CHOICES as readonly unknown[]).includes(value.pauseBackgroundAfterMin) ? (value.pauseBackgroundAfterMin as PauseChoice) : null,
  };
}

/**
 * Version 0 was saved by the single-cluster Kubeli:
 * `{ currentCluster: { context, … } | null, lastConnectedContext, selectedNamespace, openTabs }`.
 * Its clusters are context NAMES; they stay names here and `resolveClusterNames` maps them to
 * ids once discovery has run. Everything else of `currentCluster` is dropped.
 */
function fromSingleCluster(value: unknown): SavedClusterState {
  const saved = { ...emptySavedState, prefs: {} as Record<string, ClusterPrefs>, groups: [] };
  if (!isRecord(value)) return saved;
  const current = isRecord(value.currentCluster) ? stringOrNull(value.currentCluster.context) : null;
  const context = stringOrNull(value.lastConnectedContext) ?? current;
  if (!context) return saved;
  const prefs: ClusterPrefs = {};
  if (value.selectedNamespace === null || typeof value.selectedNamespace === "string") {
    prefs.namespace = stringOrNull(value.selectedNamespace);
  }
  const tabs = normalizeKinds(strings(value.openTabs));
  if (tabs.length > 0) {
    prefs.resourceTabs = tabs;
    prefs.activeResourceTab = tabs[0];
  }
  saved.prefs[context] = prefs;
  saved.tabOrder = [context];
  saved.lastConnectedContexts = [context];
  saved.lastActiveContext = context;
  return saved;
}

/** zustand `persist` migrate: any older saved state → the current shape, never throwing. */
export function migrateSavedState(persisted: unknown, version: number): SavedClusterState {
  try {
    if (version === 0) return fromSingleCluster(persisted);
    // Version 1 → 2 only added groups (none yet) and the guard flags (off): sanitizing fills them.
    // A group's optional `protected` flag came later within version 2: absent reads as off, so
    // older saves need no step and an older build reading a newer save merely drops the flag.
    return sanitizeSavedState(persisted);
  } catch {
    return { ...emptySavedState };
  }
}

/**
 * Replaces saved references that are context NAMES (from version 0, or ids of clusters that
 * changed) by the id of the first discovered cluster with that name. Unknown references are
 * kept: their file may only be missing for now.
 */
export function resolveClusterNames(saved: SavedClusterState, clusters: readonly Cluster[]): SavedClusterState {
  const ids = new Set(clusters.map((c) => c.id));
  const resolve = (ref: string): string => {
    if (ids.has(ref)) return ref;
    return clusters.find((c) => c.context === ref)?.id ?? ref;
  };
  const unique = (refs: string[]) => [...new Set(refs.map(resolve))];
  const prefs: Record<string, ClusterPrefs> = {};
  for (const [ref, p] of Object.entries(saved.prefs)) {
    const id = resolve(ref);
    // An id's own entry wins over one migrated from its name.
    prefs[id] = ref === id ? { ...prefs[id], ...p } : { ...p, ...prefs[id] };
  }
  return {
    ...saved,
    prefs,
    groups: saved.groups.map((g) => ({ ...g, members: unique(g.members) })),
    tabOrder: unique(saved.tabOrder),
    lastConnectedContexts: unique(saved.lastConnectedContexts),
    lastActiveContext: saved.lastActiveContext ? resolve(saved.lastActiveContext) : null,
  };
}

/** Why saved state was not used, for the window to show once (`takeSavedStateNotices`). */
const notices: string[] = [];

/** The notices gathered since the last call, each returned once. */
export function takeSavedStateNotices(): string[] {
  return notices.splice(0);
}

/** Keeps `raw` under a backup key (so nothing is lost), records a notice, and loads nothing. */
function setAside(name: string, raw: string, why: string): null {
  const backup = `${name}.broken.${Date.now()}`;
  let kept: string;
  try {
    localStorage.setItem(backup, raw);
    kept = `it was kept as "${backup}"`;
  } catch {
    kept = "it could not be kept (storage full)";
  }
  notices.push(`Saved cluster tabs and preferences could not be used (${why}); ${kept} and defaults are used.`);
  return null;
}

/**
 * The cluster store's localStorage, which never lets a bad saved value crash the window or
 * leave it blank: text that is not JSON, a value without the `{ state, version }` shape, or
 * a version newer than this build understands is kept under a backup key, and the app
 * starts with defaults and a notice. Wrong types inside a good shape are dropped field by
 * field by `sanitizeSavedState`.
 */
export const savedStateStorage: PersistStorage<SavedClusterState> = {
  getItem(name) {
    let raw: string | null;
    try {
      raw = localStorage.getItem(name);
    } catch (e) {
      notices.push(`Saved cluster tabs and preferences could not be read (${String(e)}); defaults are used.`);
      return null;
    }
    if (raw === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return setAside(name, raw, "it is not valid JSON");
    }
    if (!isRecord(parsed) || !isRecord(parsed.state) || !Number.isInteger(parsed.version)) {
      return setAside(name, raw, "it does not have the expected shape");
    }
    const version = parsed.version as number;
    if (version > CLUSTER_STORAGE_VERSION || version < 0) {
      return setAside(name, raw, `it has version ${version}, which this Kubeli does not understand`);
    }
    return parsed as StorageValue<SavedClusterState>;
  },
  setItem(name, value) {
    try {
      localStorage.setItem(name, JSON.stringify(value));
    } catch {
      // Storage full or denied: the next change tries again; the session itself is unaffected.
    }
  },
  removeItem(name) {
    try {
      localStorage.removeItem(name);
    } catch {
      // Nothing to remove if storage cannot be reached.
    }
  },
};
