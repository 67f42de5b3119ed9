/** Which object's details are open, if any. Owned by the details view; rows only open it. */
import { create } from "zustand";

export type DetailsTarget = { context: string; kind: string; namespace: string | null; name: string };

type DetailsStore = { target: DetailsTarget | null; open: (target: DetailsTarget) => void; close: () => void };

export const useDetailsStore = create<DetailsStore>()((set) => ({
  target: null,
  open: (target) => set({ target }),
  close: () => set({ target: null }),
}));
