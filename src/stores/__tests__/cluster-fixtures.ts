/** Shared set-up of the cluster-store slice tests: three clusters and a backend that says yes. */
import { beforeEach } from "vitest";
import { appError, cluster, connectionInfo, mockBackend } from "@/test/backend";
import { orderedClusters, selectActiveCluster } from "../cluster-selectors";
import { resetClusterStore, useClusterStore } from "../cluster-store";
import { resetResourceStore } from "../resource-store";

export const prod = cluster("prod");
export const staging = cluster("staging");
export const dev = cluster("dev");
export const all = [prod, staging, dev];

export function byId(id: unknown) {
  const found = all.find((c) => c.id === id);
  if (!found) throw appError(`${String(id)}: unknown context`, "notFound");
  return found;
}

/** A backend where every connect succeeds at once. */
export function healthyBackend() {
  return mockBackend((cmd, args) => {
    if (cmd === "connect") return connectionInfo(byId(args.context));
    if (cmd === "disconnect") return true;
    return null;
  });
}

export const store = () => useClusterStore.getState();
export const tabs = () => orderedClusters(store()).map((c) => c.cluster.context);
export const active = () => selectActiveCluster(store())?.cluster.context ?? null;

/** Each test starts from an empty pool with the three clusters discovered. */
export function freshClusterStore() {
  beforeEach(() => {
    localStorage.clear();
    resetClusterStore();
    resetResourceStore();
    store().setClusters(all);
  });
}
