import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { create } from "zustand";
import { callCommand } from "@/lib/errors";
import { commands, EVENT_KUBECONFIG_CHANGED, type AppError, type Discovery } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";

/** What every discovery command resolves to (tauri-specta's typed result). */

type DiscoveryState = {
  /** Last successful discovery; kept while a refresh is in flight. */
  discovery: Discovery | null;
  loading: boolean;
  /** Why the last listClusters call failed; cleared by the next success. */
  error: AppError | null;
  query: string;
};

type DiscoveryActions = {
  /** (Re)runs cluster discovery. Out-of-order answers are ignored. */
  load: () => Promise<void>;
  setQuery: (query: string) => void;
  /** Adds a kubeconfig file or folder; resolves to the error to show, or null on success. */
  addSource: (path: string) => Promise<AppError | null>;
  /** Removes a user-added source; resolves to the error to show, or null on success. */
  removeSource: (path: string) => Promise<AppError | null>;
};

export const initialDiscoveryState: DiscoveryState = {
  discovery: null,
  loading: false,
  error: null,
  query: "",
};

let latestLoad = 0;

export const useDiscoveryStore = create<DiscoveryState & DiscoveryActions>()((set) => {
  /** Applies a fresh Discovery from any command and invalidates older loads. */
  const applyDiscovery = (discovery: Discovery) => {
    latestLoad += 1;
    set({ discovery, loading: false, error: null });
    useClusterStore.getState().setClusters(discovery.clusters);
  };

  return {
    ...initialDiscoveryState,

    load: async () => {
      const ticket = ++latestLoad;
      set({ loading: true });
      const result = await callCommand(() => commands.listClusters());
      if (ticket !== latestLoad) return;
      if (result.status === "ok") {
        set({ discovery: result.data, loading: false, error: null });
        useClusterStore.getState().setClusters(result.data.clusters);
      } else set({ loading: false, error: result.error });
    },

    setQuery: (query) => set({ query }),

    addSource: async (path) => {
      const result = await callCommand(() => commands.addKubeconfigSource(path.trim()));
      if (result.status === "error") return result.error;
      applyDiscovery(result.data);
      return null;
    },

    removeSource: async (path) => {
      const result = await callCommand(() => commands.removeKubeconfigSource(path));
      if (result.status === "error") return result.error;
      applyDiscovery(result.data);
      return null;
    },
  };
});

/**
 * Runs discovery again whenever the backend sees the kubeconfig files change on disk (a tool
 * adding a context, an editor saving), as the Refresh button does; for the app's lifetime.
 */
export function listenToKubeconfigChanges(): Promise<UnlistenFn> {
  return listen(EVENT_KUBECONFIG_CHANGED, () => void useDiscoveryStore.getState().load());
}
