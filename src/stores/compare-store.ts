/**
 * Which object (or namespace) the Compare across clusters view shows, set by the places that
 * open it (details panel, "same name in other clusters", the palette) and read by the compare
 * feature, which the app layer mounts. Not saved.
 */
import { create } from "zustand";

/** One object (kind, namespace, name) on `contexts`; the first context is the one the others are shown against. */
export type CompareTarget = { kind: string; namespace: string | null; name: string; contexts: string[] };

/** The most clusters one compare reads (the core's `compare::MAX_SIDES`). */
export const MAX_COMPARED = 16;

export type CompareMode = "object" | "summary";

type CompareState = {
  target: CompareTarget | null;
  mode: CompareMode;
  open: (target: CompareTarget, mode?: CompareMode) => void;
  /** Change what is compared while the view is open (clusters picked, a name from the summary). */
  update: (change: Partial<CompareTarget>, mode?: CompareMode) => void;
  close: () => void;
};

export const useCompareStore = create<CompareState>()((set) => ({
  target: null,
  mode: "object",
  open: (target, mode = "object") => set({ target, mode }),
  update: (change, mode) => set((s) => (s.target ? { target: { ...s.target, ...change }, mode: mode ?? s.mode } : s)),
  close: () => set({ target: null, mode: "object" }),
}));
