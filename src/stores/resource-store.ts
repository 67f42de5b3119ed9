/**
 * Live resource lists, one cache entry per (context, kind, namespace), fed by backend watches
 * (`watchResources` + `resource://delta` + `resource://watch-state`). Entries of background
 * clusters stay, so switching back paints at once; a cluster's watches stop when it
 * disconnects or its tab closes.
 *
 * Facts about kinds come from the backend: a typed name (`po`, `deployments.apps`) is
 * resolved once per cluster (`resolveKind`), which says the kind's group, version and scope,
 * and `describeKinds` lists what the cluster serves and which API groups failed discovery.
 */
import type { UnlistenFn } from "@tauri-apps/api/event";
import { create } from "zustand";
import type { BenchRow } from "@/lib/bench-hooks";
import { callCommand } from "@/lib/errors";
import { listenToQueuedEvents } from "@/lib/tauri/queued-events";
import { shareParts } from "./shared-parts";
import {
  commands,
  EVENT_RESOURCE_DELTA,
  EVENT_RESOURCE_WATCH_STATE,
  type AppError,
  type ClusterKinds,
  type KindInfo,
  type ResourceDelta,
  type Value,
  type WatcherKey,
  type WatchState,
} from "@/lib/tauri/bindings";

export const RESOURCE_DELTA_EVENT = EVENT_RESOURCE_DELTA;
export const WATCH_STATE_EVENT = EVENT_RESOURCE_WATCH_STATE;

export type ResourceEntry = {
  context: string;
  /** The kind's qualified name (`pods`, `deployments.apps`), or the typed name while it resolves. */
  kind: string;
  /** `null` for all namespaces and for cluster-scoped kinds. */
  namespace: string | null;
  status: "loading" | "ready" | "error";
  /**
   * Objects by `namespace/name` (or `name`), in arrival order. Changed in place by each delta
   * (copying 10,000 objects per delta would cost more than the delta): views follow `version`
   * and `change`, never the map's identity.
   */
  items: Map<string, Value>;
  /** Counts the deltas applied; the entry object is new at each one. */
  version: number;
  /** What the last delta changed, for views that keep their own sorted index. */
  change: ResourceChange | null;
  error: AppError | null;
  /** The watch as the backend registered it, with the kind it resolved to. */
  watcher: WatcherKey | null;
  /** How the watch is doing, as the backend last reported; `null` before its first report. */
  watchState: WatchState | null;
  /** The states the watch went through, oldest first (the last 12), e.g. live → reconnecting → live. */
  watchHistory: WatchStep[];
  /** The id of the call starting this watch while it runs, to abandon it (`cancelRequest`). */
  request: string | null;
};

/** Rows of a first list are in but its watch has not reported yet: the list is still arriving. */
export function stillListing(entry: Pick<ResourceEntry, "status" | "watchState">): boolean {
  return entry.status === "ready" && entry.watchState === null;
}

/** One state a watch went through: when, and why when it was not live. */
export type WatchStep = { state: WatchState["state"]; reason: string | null; atMs: number };

/**
 * The keys one delta touched; `reset` replaces everything (the initial list or a relist).
 * `previous` (every delta the store applies has it): the objects the delta replaced or deleted as
 * they were before it (a key the list did not have is absent; empty for a reset), so a sorted
 * index finds where each row was by binary search instead of a walk over its keys
 * (`LiveRows.move`).
 */
export type ResourceChange = { reset: boolean; upserts: string[]; deletes: string[]; previous?: ReadonlyMap<string, Value> };

/** What a typed kind name means on one cluster (or why it means nothing). */
export type Resolution = { status: "ok"; kind: KindInfo } | { status: "error"; error: AppError };

export type KindsEntry = { status: "loading" | "ready" | "error"; kinds: ClusterKinds | null; error: AppError | null };

type ResourceState = {
  entries: Record<string, ResourceEntry>;
  /** By `resourceKey(context, typedName, null)`. */
  resolutions: Record<string, Resolution>;
  /** By context. */
  kinds: Record<string, KindsEntry>;
};

type ResourceActions = {
  /** Starts a watch unless this list is already cached or loading. No IPC when it is. */
  ensureWatch: (context: string, kind: string, namespace: string | null) => Promise<void>;
  /** The view closed: a watch still starting is abandoned (its request ends) and forgotten. */
  abandon: (context: string, kind: string, namespace: string | null) => void;
  /** Drops the entry (and what the name resolved to) and watches again. */
  retry: (context: string, kind: string, namespace: string | null) => Promise<void>;
  applyDelta: (delta: ResourceDelta) => void;
  applyWatchState: (key: WatcherKey, state: WatchState) => void;
  /** Asks the backend once which kinds a cluster serves. */
  ensureKinds: (context: string) => Promise<void>;
  /** Stops the watch of one list and drops its cache (no view has shown it for a while). */
  release: (context: string, kind: string, namespace: string | null) => void;
  /** Stops every watch of one kind of one context (its resource tab closed). */
  forgetKind: (context: string, kind: string) => void;
  /** Stops every namespaced watch of a context except those of the given namespace (a new one was picked). */
  forgetOtherNamespaces: (context: string, keep: string | null) => void;
  /** Stops every watch of a context and drops its caches (it disconnected). */
  forgetContext: (context: string) => void;
};

export function resourceKey(context: string, kind: string, namespace: string | null): string {
  return JSON.stringify([context, kind, namespace]);
}

/** `pods`, `deployments.apps`: the name that reaches exactly this kind. */
export function qualifiedName(kind: Pick<KindInfo, "plural" | "group">): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

/** `namespace/name` of an object, as the backend names deletes. */
export function objectKey(object: Value): string {
  const meta = metadataOf(object);
  const name = typeof meta.name === "string" ? meta.name : "";
  return typeof meta.namespace === "string" && meta.namespace ? `${meta.namespace}/${name}` : name;
}

export function metadataOf(object: Value): Record<string, Value> {
  if (object && typeof object === "object" && !Array.isArray(object)) {
    const meta = object.metadata;
    if (meta && typeof meta === "object" && !Array.isArray(meta)) return meta;
  }
  return {};
}

/** The cache key of a view: by the resolved kind when known, by the typed name before. */
function viewKey(s: ResourceState, context: string, kind: string, namespace: string | null): string {
  const resolution = s.resolutions[resourceKey(context, kind, null)];
  if (resolution?.status === "ok") {
    const k = resolution.kind;
    return resourceKey(context, qualifiedName(k), k.namespaced ? namespace : null);
  }
  return resourceKey(context, kind, namespace);
}

function keyOfWatcher(key: WatcherKey): string {
  return resourceKey(key.context, key.kind, key.namespace);
}

const emptyState: ResourceState = { entries: {}, resolutions: {}, kinds: {} };

let requests = 0;
/** A fresh id for a call the UI may abandon. */
export function nextRequestId(): string {
  requests += 1;
  return `kubeli-${Date.now()}-${requests}`;
}

export const useResourceStore = create<ResourceState & ResourceActions>()((set, get) => {
  const unwatch = (watcher: WatcherKey | null) => {
    if (watcher) void commands.unwatchResources(watcher).catch(() => false);
  };

  /** Removes entries matching `drop` and stops their watches. */
  const forget = (drop: (entry: ResourceEntry) => boolean) => {
    const kept: Record<string, ResourceEntry> = {};
    for (const [key, entry] of Object.entries(get().entries)) {
      if (drop(entry)) unwatch(entry.watcher);
      else kept[key] = entry;
    }
    set({ entries: kept });
  };

  const fresh = (context: string, kind: string, namespace: string | null, request: string | null = null): ResourceEntry => ({
    context,
    kind,
    namespace,
    status: "loading",
    items: new Map(),
    version: 0,
    change: null,
    error: null,
    watcher: null,
    watchState: null,
    watchHistory: [],
    request,
  });

  const resolve = async (context: string, kind: string, request: string): Promise<Resolution> => {
    const known = get().resolutions[resourceKey(context, kind, null)];
    if (known?.status === "ok") return known;
    const result = await callCommand(() => commands.resolveKind(context, kind, request));
    if (result.status === "error" && result.error.kind === "requestCancelled") return { status: "error", error: result.error };
    const resolution: Resolution = result.status === "ok" ? { status: "ok", kind: result.data } : { status: "error", error: result.error };
    set((s) => ({ resolutions: { ...s.resolutions, [resourceKey(context, kind, null)]: resolution } }));
    return resolution;
  };

  const watch = async (context: string, kind: string, namespace: string | null) => {
    const typedKey = resourceKey(context, kind, namespace);
    const request = nextRequestId();
    set((s) => ({ entries: { ...s.entries, [typedKey]: fresh(context, kind, namespace, request) } }));
    const resolution = await resolve(context, kind, request);
    if (!get().entries[typedKey]) return; // forgotten meanwhile
    if (resolution.status === "error") {
      set((s) => ({ entries: { ...s.entries, [typedKey]: { ...fresh(context, kind, namespace), status: "error", error: resolution.error } } }));
      return;
    }
    const info = resolution.kind;
    const name = qualifiedName(info);
    const ns = info.namespaced ? namespace : null;
    const key = resourceKey(context, name, ns);
    set((s) => {
      const entries = { ...s.entries };
      delete entries[typedKey];
      entries[key] = entries[key] ?? fresh(context, name, ns, request);
      return { entries };
    });
    if (get().entries[key]?.watcher || get().entries[key]?.request !== request) return; // another view of the same kind watches it already
    const result = await callCommand(() => commands.watchResources(context, name, ns, request));
    const current = get().entries[key];
    if (!current) {
      // Forgotten while the watch was starting (disconnect, tab closed): stop it again.
      if (result.status === "ok") unwatch(result.data);
      return;
    }
    set((s) => ({
      entries: {
        ...s.entries,
        [key]: result.status === "ok" ? { ...s.entries[key], watcher: result.data, request: null } : { ...s.entries[key], status: "error", error: result.error, request: null },
      },
    }));
  };

  return {
    ...emptyState,

    ensureWatch: async (context, kind, namespace) => {
      if (get().entries[viewKey(get(), context, kind, namespace)]) return;
      await watch(context, kind, namespace);
    },

    abandon: (context, kind, namespace) => {
      const { entries } = get();
      const starting = [viewKey(get(), context, kind, namespace), resourceKey(context, kind, namespace)].find((k) => entries[k]?.request);
      if (!starting) return;
      void commands.cancelRequest(entries[starting].request!).catch(() => false);
      set((s) => {
        const rest = { ...s.entries };
        delete rest[starting];
        return { entries: rest };
      });
    },

    retry: async (context, kind, namespace) => {
      const key = viewKey(get(), context, kind, namespace);
      forget((e) => e === get().entries[key]);
      set((s) => {
        const resolutions = { ...s.resolutions };
        delete resolutions[resourceKey(context, kind, null)];
        return { resolutions };
      });
      await watch(context, kind, namespace);
    },

    applyDelta: (delta) => {
      const key = resourceKey(delta.context, delta.kind, delta.namespace);
      const entry = get().entries[key];
      // Only deltas of a list still shown are applied: a late delta of a list forgotten while
      // its unwatch was in flight must not come back frozen.
      if (!entry) return;
      // Equal parts of all rows kept once (`shared-parts.ts`).
      delta.reset?.forEach(shareParts);
      delta.upserts.forEach(shareParts);
      // In place: the cost of a delta is the size of the delta, not of the list.
      const items = delta.reset ? new Map<string, Value>() : entry.items;
      const upserts = delta.upserts.map((object) => objectKey(object));
      // What the delta replaces, read before any of it is applied (a key may be upserted and deleted).
      const previous = new Map<string, Value>();
      const remember = (name: string) => {
        const old = items.get(name);
        if (old !== undefined && !previous.has(name)) previous.set(name, old);
      };
      if (!delta.reset) {
        upserts.forEach(remember);
        delta.deletes.forEach(remember);
      }
      for (const object of delta.reset ?? []) items.set(objectKey(object), object);
      delta.upserts.forEach((object, i) => items.set(upserts[i], object));
      for (const name of delta.deletes) items.delete(name);
      const change: ResourceChange = { reset: delta.reset !== null, upserts, deletes: delta.deletes, previous };
      set((s) => ({ entries: { ...s.entries, [key]: { ...s.entries[key], status: "ready", items, version: entry.version + 1, change, error: null } } }));
    },

    applyWatchState: (watcher, state) => {
      const key = keyOfWatcher(watcher);
      if (!get().entries[key]) return;
      set((s) => {
        const entry = s.entries[key];
        const step: WatchStep = { state: state.state, reason: "reason" in state ? state.reason : null, atMs: Date.now() };
        const watchHistory = [...(entry.watchHistory ?? []), step].slice(-12);
        return { entries: { ...s.entries, [key]: { ...entry, watchState: state, watchHistory } } };
      });
    },

    ensureKinds: async (context) => {
      if (get().kinds[context]) return;
      set((s) => ({ kinds: { ...s.kinds, [context]: { status: "loading", kinds: null, error: null } } }));
      const result = await callCommand(() => commands.describeKinds(context, null));
      if (!get().kinds[context]) return; // forgotten meanwhile
      const entry: KindsEntry = result.status === "ok" ? { status: "ready", kinds: result.data, error: null } : { status: "error", kinds: null, error: result.error };
      set((s) => ({ kinds: { ...s.kinds, [context]: entry } }));
    },

    release: (context, kind, namespace) => {
      const entry = get().entries[viewKey(get(), context, kind, namespace)];
      if (entry) forget((e) => e === entry);
    },

    forgetKind: (context, kind) => {
      const resolution = get().resolutions[resourceKey(context, kind, null)];
      const name = resolution?.status === "ok" ? qualifiedName(resolution.kind) : kind;
      forget((e) => e.context === context && (e.kind === name || e.kind === kind));
    },

    forgetOtherNamespaces: (context, keep) =>
      forget((e) => e.context === context && e.namespace !== null && e.watcher?.resolved.namespaced !== false && e.namespace !== keep),

    forgetContext: (context) => {
      forget((e) => e.context === context);
      set((s) => {
        const drop = <T,>(record: Record<string, T>, keep: (key: string) => boolean) => Object.fromEntries(Object.entries(record).filter(([k]) => keep(k)));
        return {
          kinds: drop(s.kinds, (k) => k !== context),
          resolutions: drop(s.resolutions, (k) => (JSON.parse(k) as string[])[0] !== context),
        };
      });
    },
  };
});

/** The cache entry a view of (context, kind, namespace) shows, or undefined before its watch. */
export function selectResourceEntry(context: string, kind: string, namespace: string | null) {
  return (s: ResourceState): ResourceEntry | undefined => s.entries[viewKey(s, context, kind, namespace)];
}

/** What a typed kind name resolved to on a cluster, once known. */
export function selectResolvedKind(context: string, kind: string) {
  return (s: ResourceState): KindInfo | undefined => {
    const resolution = s.resolutions[resourceKey(context, kind, null)];
    return resolution?.status === "ok" ? resolution.kind : undefined;
  };
}

export function selectClusterKinds(context: string) {
  return (s: ResourceState): KindsEntry | undefined => s.kinds[context];
}

/**
 * Feeds resource deltas and watch states into the store. The backend queues both (they come
 * too often to be emitted, see `queued-events.ts`). Resolves to the function that stops it.
 */
export async function listenToResourceDeltas(): Promise<UnlistenFn> {
  return listenToQueuedEvents((event) => {
    if (event.type === "resourceDelta") useResourceStore.getState().applyDelta(event);
    else if (event.type === "watchState") useResourceStore.getState().applyWatchState(event.key, event.state);
  });
}

export function resetResourceStore() {
  useResourceStore.setState(emptyState);
}

/** One row of a view as the benchmark compares it with the cluster: identity and version. */
export type ViewRow = BenchRow;

/**
 * The rows the view of (context, kind, namespace) holds right now, in store order; `undefined`
 * before its watch. Read by the bench build's in-page hook (`src/lib/bench-hooks.ts`), which
 * checks after an event storm that the rows equal the cluster's objects.
 */
export function getViewRows(context: string, kind: string, namespace: string | null): ViewRow[] | undefined {
  const entry = selectResourceEntry(context, kind, namespace)(useResourceStore.getState());
  if (!entry) return undefined;
  return [...entry.items.values()].map((object) => {
    const meta = metadataOf(object);
    return {
      namespace: typeof meta.namespace === "string" && meta.namespace ? meta.namespace : null,
      name: typeof meta.name === "string" ? meta.name : "",
      resourceVersion: typeof meta.resourceVersion === "string" ? meta.resourceVersion : null,
      created: typeof meta.creationTimestamp === "string" ? meta.creationTimestamp : null,
    };
  });
}
