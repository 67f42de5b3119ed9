import { emit } from "@tauri-apps/api/event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { EVENT_KUBECONFIG_CHANGED, type Discovery } from "@/lib/tauri/bindings";
import { listenToKubeconfigChanges, useDiscoveryStore } from "../stores/use-discovery-store";
import { appError, deferred, makeCluster, makeDiscovery, mockBackend, resetDiscoveryStore } from "./fixtures";

beforeEach(() => {
  resetDiscoveryStore();
});

describe("useDiscoveryStore", () => {
  it("discovers again when the backend says the kubeconfig files changed on disk", async () => {
    let contexts = ["prod"];
    mockBackend(() => makeDiscovery({ clusters: contexts.map((context) => makeCluster({ context })) }));
    await useDiscoveryStore.getState().load();
    const stop = await listenToKubeconfigChanges();
    contexts = ["prod", "added-by-a-tool"];
    await emit(EVENT_KUBECONFIG_CHANGED, null);
    await vi.waitFor(() => expect(useDiscoveryStore.getState().discovery?.clusters.map((c) => c.context)).toEqual(["prod", "added-by-a-tool"]));
    stop();
  });

  it("keeps only the newest listClusters answer when calls overlap", async () => {
    const slow = deferred<Discovery>();
    const fast = makeDiscovery({ clusters: [makeCluster({ context: "new" })] });
    let call = 0;
    mockBackend(() => (++call === 1 ? slow.promise : fast));

    const first = useDiscoveryStore.getState().load();
    const second = useDiscoveryStore.getState().load();
    await second;
    slow.resolve(makeDiscovery({ clusters: [makeCluster({ context: "stale" })] }));
    await first;

    const state = useDiscoveryStore.getState();
    expect(state.discovery?.clusters.map((c) => c.context)).toEqual(["new"]);
    expect(state.loading).toBe(false);
  });

  it("keeps the last discovery when a refresh fails, and records the error", async () => {
    let fail = false;
    mockBackend(() => {
      if (fail) throw appError("boom");
      return makeDiscovery({ clusters: [makeCluster({ context: "prod" })] });
    });
    await useDiscoveryStore.getState().load();
    fail = true;
    await useDiscoveryStore.getState().load();

    const state = useDiscoveryStore.getState();
    expect(state.error?.message).toBe("boom");
    expect(state.discovery?.clusters).toHaveLength(1);
  });

  it("turns an unexpected exception into an error instead of rejecting", async () => {
    mockBackend(() => {
      throw new Error("IPC bridge gone");
    });
    await expect(useDiscoveryStore.getState().load()).resolves.toBeUndefined();
    expect(useDiscoveryStore.getState().error).toMatchObject({ kind: "internal", message: "IPC bridge gone" });
  });
});
