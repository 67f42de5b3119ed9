/**
 * What each cluster's view of each kind looked like — filter text, status chip, sort,
 * and scroll position — keyed by (context, kind), so switching clusters and back
 * restores it exactly. In memory only: a restart starts every view fresh.
 */
import { create } from "zustand";

export type SortState = { column: string; desc: boolean };
export type ViewState = { filter: string; chip: string | null; sort: SortState; scrollTop: number };

export const DEFAULT_VIEW: ViewState = { filter: "", chip: null, sort: { column: "name", desc: false }, scrollTop: 0 };

type ViewStore = {
  views: Record<string, ViewState>;
  update: (context: string, kind: string, change: Partial<ViewState>) => void;
  /** Forgets the views of a cluster (it disconnected). */
  forgetContext: (context: string) => void;
};

export function viewStateKey(context: string, kind: string): string {
  return JSON.stringify([context, kind]);
}

export const useViewStateStore = create<ViewStore>()((set) => ({
  views: {},
  update: (context, kind, change) =>
    set((s) => {
      const key = viewStateKey(context, kind);
      return { views: { ...s.views, [key]: { ...(s.views[key] ?? DEFAULT_VIEW), ...change } } };
    }),
  forgetContext: (context) => set((s) => ({ views: Object.fromEntries(Object.entries(s.views).filter(([k]) => (JSON.parse(k) as string[])[0] !== context)) })),
}));

export function selectViewState(context: string, kind: string) {
  return (s: ViewStore): ViewState => s.views[viewStateKey(context, kind)] ?? DEFAULT_VIEW;
}

export function resetViewStateStore() {
  useViewStateStore.setState({ views: {} });
}
