/** Disconnect-all leaves no per-cluster data in any store (the soak checks the same in the real app). */
import { beforeEach, describe, expect, it } from "vitest";
import { resetViewStateStore, useViewStateStore } from "@/features/dashboard/stores/view-state";
import { connectionInfo, emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { listenToClusterEvents } from "@/stores/cluster-events";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { listenToResourceDeltas, resetResourceStore, useResourceStore } from "@/stores/resource-store";
import { all, byId, prod, staging } from "@/stores/__tests__/cluster-fixtures";
import { storeCounts } from "../store-counts";

const store = () => useClusterStore.getState();

function backend() {
  return mockBackend((cmd, args) => {
    if (cmd === "connect") return connectionInfo(byId(args.context));
    if (cmd === "disconnect") return true;
    return kindCommands(cmd, args) ?? null;
  });
}

/** Connects prod and staging and gives each what a session fills: a watched list with rows, kinds, a view's state, tab history. */
async function busySession() {
  backend();
  await listenToResourceDeltas();
  await listenToClusterEvents();
  for (const c of [prod, staging]) {
    await store().connect(c.id);
    await useResourceStore.getState().ensureWatch(c.id, "pods", null);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: c.id, kind: "pods", namespace: null, reset: [pod("web-1", "shop"), pod("web-2", "shop")], upserts: [], deletes: [] });
    await useResourceStore.getState().ensureKinds(c.id);
    useViewStateStore.getState().update(c.id, "pods", { chip: "Running", scrollTop: 480 });
    store().setActiveResourceTab(c.id, "deployments");
  }
  const counts = storeCounts();
  for (const name of ["connectedClusters", "resourceEntries", "resourceObjects", "resourceKinds", "resolutions", "viewStates", "resourceHistory"]) {
    expect(counts[name], `${name} before the disconnect`).toBeGreaterThan(0);
  }
}

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  resetResourceStore();
  resetViewStateStore();
  store().setClusters(all);
});

describe("disconnect clean-up", () => {
  it("disconnecting every cluster empties each per-cluster store", async () => {
    await busySession();
    await store().disconnect(prod.id);
    await store().disconnect(staging.id);
    expect(Object.entries(storeCounts()).filter(([, n]) => n !== 0)).toEqual([]);
  });

  it("so does the backend dropping the connections (its disconnect events)", async () => {
    await busySession();
    await emitBackendEvent("cluster://disconnected", { type: "disconnected", context: prod.id });
    await emitBackendEvent("cluster://disconnected", { type: "disconnected", context: staging.id });
    expect(Object.entries(storeCounts()).filter(([, n]) => n !== 0)).toEqual([]);
  });
});
