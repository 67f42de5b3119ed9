import type { Cluster, Discovery, KubeconfigSource } from "@/lib/tauri/bindings";
import { cluster } from "@/test/backend";
import { initialDiscoveryState, useDiscoveryStore } from "../stores/use-discovery-store";

// The IPC-edge helpers are shared with every other test.
export { appError, deferred, mockBackend, type IpcCall } from "@/test/backend";

/** A context card with distinct cluster and user names, so tests can tell the fields apart. */
export function makeCluster(overrides: Partial<Cluster> & { context: string }): Cluster {
  return cluster(overrides.context, {
    clusterName: `${overrides.context}-cluster`,
    user: `${overrides.context}-admin`,
    ...overrides,
  });
}

export const defaultSource: KubeconfigSource = { path: "/home/ana/.kube/config", origin: "default", exists: true, isDir: false };

export function makeDiscovery(overrides: Partial<Discovery> = {}): Discovery {
  return { clusters: [], errors: [], sources: [defaultSource], currentContext: null, ...overrides };
}

export function resetDiscoveryStore() {
  useDiscoveryStore.setState(initialDiscoveryState);
}
