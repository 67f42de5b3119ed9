/**
 * Live resource lists, one cache entry per (context, kind, namespace), fed by backend watches
 * (`watchResources` + `resource://delta`). Entries of background clusters stay, so switching
 * back paints at once; a cluster's watches stop when it disconnects or its tab closes.
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { create } from "zustand";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type ResourceDelta, type Value, type WatcherKey } from "@/lib/tauri/bindings";

export const RESOURCE_DELTA_EVENT = "resource://delta";

export type ResourceEntry = {
  status: "loading" | "ready" | "error";
  /** Objects by `namespace/name` (or `name`), in arrival order. */
  items: Map<string, Value>;
  error: AppError | null;
  /** The watch as the backend registered it (namespace null for cluster-scoped kinds). */
  watcher: WatcherKey | null;
};

type ResourceState = {
  entries: Record<string, ResourceEntry>;
  /** Requested key → key the backend watches under (they differ for cluster-scoped kinds). */
  aliases: Record<string, string>;
};

type ResourceActions = {
  /** Starts a watch unless this key is already cached or loading. No IPC when it is. */
  ensureWatch: (context: string, kind: string, namespace: string | null) => Promise<void>;
  /** Drops the entry and watches again (after an error). */
  retry: (context: string, kind: string, namespace: string | null) => Promise<void>;
  applyDelta: (delta: ResourceDelta) => void;
  /** Stops every watch of one kind of one context (its resource tab closed). */
  forgetKind: (context: string, kind: string) => void;
  /** Stops every watch of one context except those of the given namespace (a new one was picked). */
  forgetOtherNamespaces: (context: string, keep: string | null) => void;
  /** Stops every watch of a context and drops its caches (it disconnected). */
  forgetContext: (context: string) => void;
};

export function resourceKey(context: string, kind: string, namespace: string | null): string {
  return `${context}\u0000${kind}\u0000${namespace ?? ""}`;
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

/** Kinds that have no namespace: watched once for "all namespaces". */
const CLUSTER_SCOPED = new Set([
  "nodes",
  "node",
  "namespaces",
  "namespace",
  "persistentvolumes",
  "storageclasses",
  "clusterroles",
  "clusterrolebindings",
  "customresourcedefinitions",
  "priorityclasses",
  "ingressclasses",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind.toLowerCase());
}

function contextOfKey(key: string): string {
  return key.slice(0, key.indexOf("\u0000"));
}

function kindOfKey(key: string): string {
  return key.split("\u0000")[1];
}

function namespaceOfKey(key: string): string | null {
  return key.split("\u0000")[2] || null;
}

const emptyState: ResourceState = { entries: {}, aliases: {} };

export const useResourceStore = create<ResourceState & ResourceActions>()((set, get) => {
  const unwatch = (watcher: WatcherKey | null) => {
    if (watcher) void commands.unwatchResources(watcher).catch(() => false);
  };

  /** Removes entries matching `drop` and stops their watches. */
  const forget = (drop: (key: string) => boolean) => {
    const { entries, aliases } = get();
    const kept: Record<string, ResourceEntry> = {};
    for (const [key, entry] of Object.entries(entries)) {
      if (drop(key)) unwatch(entry.watcher);
      else kept[key] = entry;
    }
    const keptAliases = Object.fromEntries(Object.entries(aliases).filter(([from, to]) => !drop(from) && !drop(to)));
    set({ entries: kept, aliases: keptAliases });
  };

  const watch = async (context: string, kind: string, namespace: string | null) => {
    const requested = resourceKey(context, kind, isClusterScoped(kind) ? null : namespace);
    set((s) => ({
      entries: { ...s.entries, [requested]: { status: "loading", items: new Map(), error: null, watcher: null } },
    }));
    const result = await callCommand(() => commands.watchResources(context, kind, isClusterScoped(kind) ? null : namespace));
    const current = get().entries[requested];
    if (!current) {
      // Forgotten while the watch was starting (disconnect, tab closed): stop it again.
      if (result.status === "ok") unwatch(result.data);
      return;
    }
    if (result.status === "error") {
      set((s) => ({ entries: { ...s.entries, [requested]: { ...current, status: "error", error: result.error } } }));
      return;
    }
    const actual = resourceKey(result.data.context, result.data.kind, result.data.namespace);
    set((s) => {
      const entries = { ...s.entries };
      if (actual === requested) {
        entries[requested] = { ...entries[requested], watcher: result.data };
        return { entries };
      }
      entries[actual] = { ...(entries[actual] ?? current), watcher: result.data };
      delete entries[requested];
      return { entries, aliases: { ...s.aliases, [requested]: actual } };
    });
  };

  return {
    ...emptyState,

    ensureWatch: async (context, kind, namespace) => {
      const { entries, aliases } = get();
      const key = resourceKey(context, kind, isClusterScoped(kind) ? null : namespace);
      if (entries[aliases[key] ?? key]) return;
      await watch(context, kind, namespace);
    },

    retry: async (context, kind, namespace) => {
      const key = resourceKey(context, kind, isClusterScoped(kind) ? null : namespace);
      forget((k) => k === key || k === get().aliases[key]);
      await watch(context, kind, namespace);
    },

    applyDelta: (delta) => {
      const key = resourceKey(delta.context, delta.kind, delta.namespace);
      const { entries } = get();
      const entry = entries[key];
      // Only deltas of a list still shown are applied. Without an entry, the one exception is
      // a watch still starting whose backend key differs from the requested one (a kind
      // that turned out cluster-scoped): same context and kind, still loading. Anything
      // else is stale — a list forgotten while its unwatch was in flight — and must not
      // come back frozen.
      if (
        !entry &&
        !Object.entries(entries).some(
          ([k, e]) => e.status === "loading" && e.watcher === null && contextOfKey(k) === delta.context && kindOfKey(k) === delta.kind,
        )
      )
        return;
      const items = delta.reset ? new Map<string, Value>() : new Map(entry?.items);
      for (const object of delta.reset ?? []) items.set(objectKey(object), object);
      for (const object of delta.upserts) items.set(objectKey(object), object);
      for (const name of delta.deletes) items.delete(name);
      set((s) => ({
        entries: {
          ...s.entries,
          [key]: { status: "ready", items, error: null, watcher: s.entries[key]?.watcher ?? null },
        },
      }));
    },

    forgetKind: (context, kind) => forget((k) => contextOfKey(k) === context && kindOfKey(k) === kind),

    forgetOtherNamespaces: (context, keep) =>
      forget((k) => contextOfKey(k) === context && !isClusterScoped(kindOfKey(k)) && namespaceOfKey(k) !== keep),

    forgetContext: (context) => forget((k) => contextOfKey(k) === context),
  };
});

/** The cache entry a view of (context, kind, namespace) shows, or undefined before its watch. */
export function selectResourceEntry(context: string, kind: string, namespace: string | null) {
  const key = resourceKey(context, kind, isClusterScoped(kind) ? null : namespace);
  return (s: ResourceState): ResourceEntry | undefined => s.entries[s.aliases[key] ?? key];
}

/** Feeds `resource://delta` events into the store. Resolves to the function that stops it. */
export async function listenToResourceDeltas(): Promise<UnlistenFn> {
  return listen<ResourceDelta>(RESOURCE_DELTA_EVENT, (event) => useResourceStore.getState().applyDelta(event.payload));
}

export function resetResourceStore() {
  useResourceStore.setState(emptyState);
}
