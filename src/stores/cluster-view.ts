/**
 * View and navigation slice: which connected cluster is active, and whether the window
 * shows the home grid or that cluster's dashboard. Switching makes no IPC call.
 */
import { activate, type ClusterSlice, type ViewSlice } from "./cluster-types";

export const initialViewState = { activeClusterContext: null, view: "home" } satisfies Partial<ViewSlice>;

export const createViewSlice: ClusterSlice<ViewSlice> = (set, get) => ({
  ...initialViewState,

  setActiveCluster: (id) => {
    if (!get().connectedClusters.has(id)) return;
    set({ ...activate(id), view: "dashboard" });
  },

  showHome: () => set({ view: "home" }),

  showDashboard: () => {
    if (get().activeClusterContext) set({ view: "dashboard" });
  },
});
