import { create } from "zustand";

/** The object a details panel shows: a kind the backend resolved, on one cluster. */
export type DetailsTarget = { context: string; kind: string; namespace: string | null; name: string };

export type DetailsTab = "overview" | "yaml" | "edit";

type DetailsState = {
  target: DetailsTarget | null;
  tab: DetailsTab;
  /** Where focus goes back to when the panel closes (the row that opened it). */
  returnFocus: HTMLElement | null;
  /** Whether the "Create from YAML" dialog is open. */
  creating: boolean;
  /** Show `target`; `from` (the clicked row) gets focus back on close. */
  open: (target: DetailsTarget, from?: HTMLElement | null) => void;
  close: () => void;
  setTab: (tab: DetailsTab) => void;
  setCreating: (creating: boolean) => void;
};

/** Which object's details are open. Opening another object (a link) keeps the first row as the focus to return to. */
export const useDetailsStore = create<DetailsState>()((set, get) => ({
  target: null,
  tab: "overview",
  returnFocus: null,
  creating: false,
  open: (target, from) =>
    set({
      target,
      tab: "overview",
      returnFocus: get().target ? get().returnFocus : (from ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null)),
    }),
  close: () => {
    const back = get().returnFocus;
    set({ target: null, tab: "overview", returnFocus: null });
    if (back?.isConnected) {
      if (back.tabIndex < 0 && !back.hasAttribute("tabindex")) back.tabIndex = -1;
      back.focus();
    }
  },
  setTab: (tab) => set({ tab }),
  setCreating: (creating) => set({ creating }),
}));
