/**
 * What each cluster's view of each kind looked like — filter text, status chip, sort,
 * all-clusters scope and scroll position — keyed by (context, kind), so switching clusters
 * and back restores it exactly. Filter, sort and scope are also saved in the cluster's
 * preferences (`ClusterPrefs.views`), so a restart brings them back; chip and scroll are in
 * memory only. The filter text is saved once typing pauses (`SAVE_FILTER_AFTER_MS`), not per
 * keystroke: a save changes the cluster store's prefs, which re-renders the dashboard around
 * the view and writes the whole saved state.
 */
import { create } from "zustand";
import type { ViewScope } from "@/stores/cluster-persistence";
import { useClusterStore } from "@/stores/cluster-store";

export type SortState = { column: string; desc: boolean };
/** `scope` null: the view shows its own cluster only. */
export type ViewState = { filter: string; chip: string | null; sort: SortState; scope: ViewScope | null; scrollTop: number };

export const DEFAULT_VIEW: ViewState = { filter: "", chip: null, sort: { column: "name", desc: false }, scope: null, scrollTop: 0 };

/** Typing pause after which a changed filter text is saved with the cluster's preferences. */
export const SAVE_FILTER_AFTER_MS = 600;

type ViewStore = {
  views: Record<string, ViewState>;
  update: (context: string, kind: string, change: Partial<ViewState>) => void;
  /** Forgets the views of a cluster (it disconnected); their saved filter and sort stay. */
  forgetContext: (context: string) => void;
};

export function viewStateKey(context: string, kind: string): string {
  return JSON.stringify([context, kind]);
}

/** The view a kind starts from before it is changed: as saved at the last run, read once per key (selectors need a stable object). */
const restored = new Map<string, ViewState>();
function savedView(context: string, kind: string): ViewState {
  const key = viewStateKey(context, kind);
  let view = restored.get(key);
  if (!view) {
    const saved = useClusterStore.getState().prefs[context]?.views?.[kind];
    view = saved ? { ...DEFAULT_VIEW, filter: saved.filter, sort: saved.sort, scope: saved.scope ?? null } : DEFAULT_VIEW;
    restored.set(key, view);
  }
  return view;
}

/** Views whose filter changed and is not saved yet, by key, with the timer that saves them. */
const unsaved = new Map<string, { context: string; kind: string }>();
let saveTimer: ReturnType<typeof setTimeout> | null = null;

function saveNow(context: string, kind: string) {
  unsaved.delete(viewStateKey(context, kind));
  const view = useViewStateStore.getState().views[viewStateKey(context, kind)];
  if (!view) return;
  const { filter, sort, scope } = view;
  useClusterStore.getState().saveView(context, kind, { filter, sort, ...(scope ? { scope } : {}) });
}

/** Saves every filter still waiting for its typing pause (the pause ended, the page goes away, tests). */
export function flushSavedViews() {
  if (saveTimer !== null) clearTimeout(saveTimer);
  saveTimer = null;
  for (const { context, kind } of [...unsaved.values()]) saveNow(context, kind);
}

if (typeof window !== "undefined") window.addEventListener("pagehide", flushSavedViews);

export const useViewStateStore = create<ViewStore>()((set) => ({
  views: {},
  update: (context, kind, change) => {
    set((s) => {
      const key = viewStateKey(context, kind);
      return { views: { ...s.views, [key]: { ...(s.views[key] ?? savedView(context, kind)), ...change } } };
    });
    if ("sort" in change || "scope" in change) saveNow(context, kind);
    else if ("filter" in change) {
      unsaved.set(viewStateKey(context, kind), { context, kind });
      if (saveTimer !== null) clearTimeout(saveTimer);
      saveTimer = setTimeout(flushSavedViews, SAVE_FILTER_AFTER_MS);
    }
  },
  forgetContext: (context) => {
    flushSavedViews();
    for (const key of restored.keys()) if ((JSON.parse(key) as string[])[0] === context) restored.delete(key);
    set((s) => ({ views: Object.fromEntries(Object.entries(s.views).filter(([k]) => (JSON.parse(k) as string[])[0] !== context)) }));
  },
}));

// A cluster that leaves the pool takes its views' chip and scroll along (its saved filter,
// sort and scope stay in its prefs): a disconnected cluster keeps nothing in memory here.
useClusterStore.subscribe((s, prev) => {
  if (s.connectedClusters === prev.connectedClusters) return;
  for (const id of prev.connectedClusters.keys()) if (!s.connectedClusters.has(id)) useViewStateStore.getState().forgetContext(id);
});

export function selectViewState(context: string, kind: string) {
  return (s: ViewStore): ViewState => s.views[viewStateKey(context, kind)] ?? savedView(context, kind);
}

/** For tests: every view fresh, and (unless `keepSaved`, which stands for a restart) no saved filter or sort either. */
export function resetViewStateStore({ keepSaved = false } = {}) {
  if (saveTimer !== null) clearTimeout(saveTimer);
  saveTimer = null;
  unsaved.clear();
  restored.clear();
  useViewStateStore.setState({ views: {} });
  if (keepSaved) return;
  useClusterStore.setState((s) => ({ prefs: Object.fromEntries(Object.entries(s.prefs).map(([id, prefs]) => [id, { ...prefs, views: undefined }])) }));
}
