/**
 * Resource tabs slice: which resource kinds each cluster has open (saved in its prefs) and
 * its Back / Forward history (kept in memory only; the pure history lives in resource-history.ts).
 */
import { DEFAULT_RESOURCE_TABS, normalizeKinds } from "./cluster-persistence";
import { activeResourceTabOf } from "./cluster-selectors";
import type { ClusterSlice, ResourceTabsSlice, StoreGet, StoreSet } from "./cluster-types";
import { setPrefs } from "./cluster-prefs";
import { EMPTY_HISTORY, pushHistory, removeFromHistory, stepHistory } from "./resource-history";
import { useResourceStore } from "./resource-store";

/** Shows `kind` for cluster `id` and records it in that cluster's history. */
function showResourceTab(set: StoreSet, id: string, kind: string, change: (tabs: string[]) => string[] = (tabs) => tabs) {
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
}

function stepResourceHistory(set: StoreSet, get: StoreGet, id: string, step: -1 | 1): boolean {
  const s = get();
  const p = s.prefs[id] ?? {};
  const next = stepHistory(s.resourceHistory[id] ?? EMPTY_HISTORY, step, p.resourceTabs ?? DEFAULT_RESOURCE_TABS);
  if (!next) return false;
  set({
    prefs: { ...s.prefs, [id]: { ...p, activeResourceTab: next.entries[next.index] } },
    resourceHistory: { ...s.resourceHistory, [id]: next },
  });
  return true;
}

export const createResourceTabsSlice: ClusterSlice<ResourceTabsSlice> = (set, get) => ({
  resourceHistory: {},

  openResourceTab: (id, kind) => {
    const [normalized] = normalizeKinds([kind]);
    if (!normalized) return;
    showResourceTab(set, id, normalized, (tabs) => (tabs.includes(normalized) ? tabs : [...tabs, normalized]));
  },

  closeResourceTab: (id, kind) => {
    setPrefs(set, id, (p) => {
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

  setActiveResourceTab: (id, kind) => showResourceTab(set, id, kind),

  resourceBack: (id) => stepResourceHistory(set, get, id, -1),

  resourceForward: (id) => stepResourceHistory(set, get, id, 1),
});
