/** A fresh start for tests that render the whole app: every store empty, nothing saved. */
import { useClusterUiStore } from "@/features/clusters/stores/use-cluster-ui-store";
import { useDetailsStore } from "@/features/dashboard/stores/details-store";
import { resetViewStateStore } from "@/features/dashboard/stores/view-state";
import { initialDiscoveryState, useDiscoveryStore } from "@/features/home/stores/use-discovery-store";
import { resetClusterStore } from "@/stores/cluster-store";
import { useCompareStore } from "@/stores/compare-store";
import { resetResourceStore } from "@/stores/resource-store";
import { resetStreamStore } from "@/stores/stream-store";

export function resetAppStores() {
  localStorage.clear();
  resetClusterStore();
  resetResourceStore();
  useDiscoveryStore.setState(initialDiscoveryState);
  useClusterUiStore.setState({ pickerOpen: false, helpOpen: false, appearanceFor: null });
  resetViewStateStore();
  useDetailsStore.getState().close();
  resetStreamStore();
  useCompareStore.getState().close();
}
