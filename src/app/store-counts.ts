/**
 * How much per-cluster data the page's stores hold, by store: read by the soak
 * (`scripts/soak.mjs`, through the bench hooks) after disconnect-all, when every count must be
 * zero, and by the unit test of disconnect clean-up.
 */
import { useViewStateStore } from "@/features/dashboard/stores/view-state";
import { useClusterStore } from "@/stores/cluster-store";
import { useResourceStore } from "@/stores/resource-store";
import { useStreamStore } from "@/stores/stream-store";

export type StoreCounts = Record<string, number>;

export function storeCounts(): StoreCounts {
  const clusters = useClusterStore.getState();
  const resources = useResourceStore.getState();
  const streams = useStreamStore.getState();
  const entries = Object.values(resources.entries);
  return {
    connectedClusters: clusters.connectedClusters.size,
    tabOrder: clusters.tabOrder.length,
    resourceHistory: Object.keys(clusters.resourceHistory).length,
    resourceEntries: entries.length,
    resourceObjects: entries.reduce((sum, entry) => sum + entry.items.size, 0),
    resourceKinds: Object.keys(resources.kinds).length,
    resolutions: Object.keys(resources.resolutions).length,
    viewStates: Object.keys(useViewStateStore.getState().views).length,
    streamTabs: streams.tabs.length,
    forwards: Object.keys(streams.forwards).length,
  };
}
