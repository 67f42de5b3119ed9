/**
 * Per-cluster preferences slice: the choices that are saved (colour, label, tab order,
 * namespace, typed fallback namespaces, favourites, each kind's filter and sort, the kind sidebar's
 * open or closed custom-resource groups, auto-reconnect). See cluster-persistence.ts
 * for the saved shape and its migration.
 */
import { commands } from "@/lib/tauri/bindings";
import { emptySavedState, type ClusterPrefs } from "./cluster-persistence";
import { orderLike, patchEntry, type ClusterSlice, type PrefsSlice, type StoreSet } from "./cluster-types";
import { useResourceStore } from "./resource-store";

/** Changes the saved preferences of one cluster. */
export function setPrefs(set: StoreSet, id: string, change: (prefs: ClusterPrefs) => ClusterPrefs) {
  set((s) => ({ prefs: { ...s.prefs, [id]: change(s.prefs[id] ?? {}) } }));
}

export const createPrefsSlice: ClusterSlice<PrefsSlice> = (set, get) => ({
  ...emptySavedState,

  setNamespace: (id, namespace) => {
    const value = namespace || null;
    set((s) => patchEntry(s, id, () => ({ currentNamespace: value })));
    setPrefs(set, id, (p) => ({ ...p, namespace: value }));
    useResourceStore.getState().forgetOtherNamespaces(id, value);
  },

  addFallbackNamespace: async (id, namespace) => {
    const name = namespace.trim();
    if (!name) return;
    const extra = [...new Set([...(get().prefs[id]?.fallbackNamespaces ?? []), name])];
    setPrefs(set, id, (p) => ({ ...p, fallbackNamespaces: extra }));
    set((s) => patchEntry(s, id, (e) => ({ namespaces: e.namespaces.includes(name) ? e.namespaces : [...e.namespaces, name].sort() })));
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
    setPrefs(set, id, (p) => ({
      ...p,
      ...("color" in appearance ? { color: appearance.color ?? null } : {}),
      ...("label" in appearance ? { label: appearance.label?.trim().slice(0, 24) || null } : {}),
    })),

  setKindGroupOpen: (id, group, open) => setPrefs(set, id, (p) => ({ ...p, kindGroups: { ...p.kindGroups, [group]: open } })),

  toggleFavourite: (id, kind) =>
    setPrefs(set, id, (p) => {
      const favourites = p.favourites ?? [];
      return { ...p, favourites: favourites.includes(kind) ? favourites.filter((f) => f !== kind) : [...favourites, kind] };
    }),

  setAutoReconnect: (enabled) => set({ autoReconnect: enabled }),

  setPauseBackgroundAfter: (minutes) => set({ pauseBackgroundAfterMin: minutes }),

  setGuard: (id, guard) =>
    setPrefs(set, id, (p) => {
      const next = { ...p, ...guard };
      // Off is the default: keep the saved state small.
      if (!next.protected) delete next.protected;
      if (!next.readOnly) delete next.readOnly;
      return next;
    }),

  saveView: (id, kind, view) => setPrefs(set, id, (p) => ({ ...p, views: { ...p.views, [kind]: view } })),
});

/** The ids of the clusters marked read-only, sorted (what the backend is told). */
export function readOnlyIds(prefs: Record<string, ClusterPrefs>): string[] {
  return Object.entries(prefs)
    .filter(([, p]) => p.readOnly === true)
    .map(([id]) => id)
    .sort();
}

/**
 * Keeps the backend's set of read-only contexts equal to the saved marks: sent once at start
 * and again whenever the set changes. The backend refuses writes to them, so the guard does
 * not rest on the window alone.
 */
export function syncReadOnlyToBackend(subscribe: (listener: (prefs: Record<string, ClusterPrefs>) => void) => void, initial: Record<string, ClusterPrefs>) {
  let sent = "";
  const send = (prefs: Record<string, ClusterPrefs>) => {
    const ids = readOnlyIds(prefs);
    const key = JSON.stringify(ids);
    if (key === sent) return;
    sent = key;
    void commands.setReadOnlyContexts(ids).catch(() => undefined);
  };
  send(initial);
  subscribe(send);
}
