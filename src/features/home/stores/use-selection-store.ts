/**
 * Which home-grid cards are selected for connecting or disconnecting together, and the
 * last batch started (its clusters, listed with their progress and Retry). In memory only.
 */
import { create } from "zustand";

type SelectionState = {
  selected: string[];
  /** The card a Shift+click selects a range from. */
  anchor: string | null;
  /** The clusters of the last "Connect selected" / group connect, in order. */
  batch: string[];
};

type SelectionActions = {
  /** Click: toggle one. Shift: select the range from the anchor in `order`. Ctrl/⌘ is the same as a plain toggle. */
  pick: (id: string, order: readonly string[], shift: boolean) => void;
  /** Adds every id (the cards matching the search). */
  selectAll: (ids: readonly string[]) => void;
  clear: () => void;
  setBatch: (ids: string[]) => void;
  dismissBatch: () => void;
};

export const useSelectionStore = create<SelectionState & SelectionActions>()((set) => ({
  selected: [],
  anchor: null,
  batch: [],

  pick: (id, order, shift) =>
    set((s) => {
      const from = s.anchor ? order.indexOf(s.anchor) : -1;
      const to = order.indexOf(id);
      if (shift && from !== -1 && to !== -1) {
        const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
        return { selected: [...new Set([...s.selected, ...range])], anchor: id };
      }
      const selected = s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id];
      return { selected, anchor: id };
    }),

  selectAll: (ids) => set((s) => ({ selected: [...new Set([...s.selected, ...ids])] })),
  clear: () => set({ selected: [], anchor: null }),
  setBatch: (ids) => set({ batch: ids }),
  dismissBatch: () => set({ batch: [] }),
}));
