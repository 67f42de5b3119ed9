/** The app's wiring of the pause timer: real stores, the backend mocked at IPC; fake timers. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { useViewStateStore } from "@/features/dashboard/stores/view-state";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, mockBackend } from "@/test/backend";
import { startBackgroundPause } from "../background-pause";

const clusters = ["prod", "staging", "dev"].map((name) => cluster(name));

afterEach(() => {
  vi.useRealTimers();
});

describe("pause wiring", () => {
  it("pauses the background clusters the active view does not cover, and resumes one when it becomes active", async () => {
    localStorage.clear();
    resetClusterStore();
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connect") return connectionInfo(clusters.find((c) => c.id === args.context)!);
      if (cmd === "pause_watchers") return Date.now();
      return null;
    });
    const store = useClusterStore.getState();
    store.setClusters(clusters);
    for (const c of clusters) await store.connect(c.id);
    const [prod, staging, dev] = clusters.map((c) => c.id);
    useClusterStore.getState().setActiveCluster(prod);
    const kind = "pods";
    useClusterStore.setState((s) => ({ prefs: { ...s.prefs, [prod]: { ...s.prefs[prod], resourceTabs: [kind], activeResourceTab: kind } } }));
    // prod's pods view covers staging too (an all-clusters scope of some clusters).
    useViewStateStore.getState().update(prod, kind, { scope: { mode: "some", contexts: [staging] } });

    vi.useFakeTimers();
    const controller = startBackgroundPause();
    const of = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args.context);
    useClusterStore.getState().setPauseBackgroundAfter(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(of("pause_watchers")).toEqual([dev]);

    useClusterStore.getState().setActiveCluster(dev);
    expect(of("resume_watchers")).toEqual([dev]);
    controller.stop();
  });
});
