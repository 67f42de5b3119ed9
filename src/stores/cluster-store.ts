/**
 * The clusters Kubeli knows, the pool of connected ones and which one is active: one Zustand
 * store made of slices with one job each, persisted with a version and a migration.
 *
 * - `cluster-connections.ts` connect / disconnect / cancel / reconnect, start-up reconnect
 * - `cluster-view.ts` the active cluster, home vs dashboard (switching is a pure state change)
 * - `cluster-prefs.ts` saved per-cluster choices (colour, label, order, namespace, guard)
 * - `cluster-groups.ts` many clusters at once (selection, named groups)
 * - `cluster-resource-tabs.ts` open resource tabs and their Back / Forward history
 * - `cluster-events.ts` backend events (health, namespaces, disconnected)
 * - `cluster-selectors.ts` derived values; `cluster-persistence.ts` the saved shape
 */
import { create } from "zustand";
import { persist } from "zustand/middleware";
import { createConnectionsSlice, initialConnectionsState } from "./cluster-connections";
import { CLUSTER_STORAGE_KEY, CLUSTER_STORAGE_VERSION, emptySavedState, migrateSavedState, resolveClusterNames, savedStateStorage, type SavedClusterState } from "./cluster-persistence";
import { createGroupsSlice } from "./cluster-groups";
import { createPrefsSlice, syncReadOnlyToBackend } from "./cluster-prefs";
import { createResourceTabsSlice } from "./cluster-resource-tabs";
import { syncStartContextsToBackend } from "./start-contexts";
import type { ClusterStore } from "./cluster-types";
import { createViewSlice, initialViewState } from "./cluster-view";

export const useClusterStore = create<ClusterStore>()(
  persist(
    (...a) => ({
      ...createConnectionsSlice(...a),
      ...createViewSlice(...a),
      ...createPrefsSlice(...a),
      ...createResourceTabsSlice(...a),
      ...createGroupsSlice(...a),
    }),
    {
      name: CLUSTER_STORAGE_KEY,
      version: CLUSTER_STORAGE_VERSION,
      storage: savedStateStorage,
      partialize: (s): SavedClusterState => ({
        prefs: s.prefs,
        groups: s.groups,
        tabOrder: s.tabOrder,
        lastConnectedContexts: s.lastConnectedContexts,
        lastActiveContext: s.lastActiveContext,
        autoReconnect: s.autoReconnect,
        pauseBackgroundAfterMin: s.pauseBackgroundAfterMin,
      }),
      migrate: (persisted, version) => migrateSavedState(persisted, version) as unknown as ClusterStore,
      merge: (persisted, current) => {
        const saved = migrateSavedState(persisted, CLUSTER_STORAGE_VERSION);
        const resolved = current.clusters ? resolveClusterNames(saved, current.clusters) : saved;
        // Connected clusters keep their live tab order; saved order only seeds a fresh start.
        return { ...current, ...resolved, tabOrder: current.connectedClusters.size > 0 ? current.tabOrder : resolved.tabOrder };
      },
    },
  ),
);

syncReadOnlyToBackend((send) => useClusterStore.subscribe((s, previous) => s.prefs !== previous.prefs && send(s.prefs)), useClusterStore.getState().prefs);
syncStartContextsToBackend(
  (send) =>
    useClusterStore.subscribe((s, p) => (s.autoReconnect !== p.autoReconnect || s.lastConnectedContexts !== p.lastConnectedContexts || s.clusters !== p.clusters) && send(s)),
  useClusterStore.getState(),
);

/** Back to a fresh start (tests): empty pool, nothing saved. */
export function resetClusterStore() {
  useClusterStore.setState({ ...emptySavedState, ...initialConnectionsState, ...initialViewState, connectedClusters: new Map(), resourceHistory: {} });
}
