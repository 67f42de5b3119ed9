/** A log that ended because its cluster stopped answering starts again once the cluster answers; nothing else does. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Event, Health } from "@/lib/tauri/bindings";
import { cluster, connectedEntry, emitBackendEvent, health, mockBackend } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";
import { useClusterStore } from "@/stores/cluster-store";
import { listenToStreamEvents } from "@/stores/stream-events";
import { resumeLogsWhenClustersAnswer } from "@/stores/stream-resume";
import { useStreamStore } from "@/stores/stream-store";
import type { StreamEvent } from "@/stores/stream-api";

const A = cluster("lab-a").id;
const B = cluster("lab-b").id;
const SILENT = "lab-a: the cluster stopped answering (no answer from the API server within 5 s while probing its health) — the log stream ended";
const emit = (payload: StreamEvent) => emitBackendEvent("stream://ended", payload as unknown as Event);

const setHealth = (context: string, status: Health["status"]) =>
  useClusterStore.setState((s) => ({ connectedClusters: new Map(s.connectedClusters).set(context, connectedEntry(cluster(context.split("#")[1]), { health: health(status) })) }));

let stops: Array<() => void> = [];
beforeEach(() => resetAppStores());
afterEach(() => stops.forEach((stop) => stop()));

describe("logs after a silence", () => {
  it("start again on the cluster's first healthy report, with the same options; a shell and other clusters' logs do not", async () => {
    let n = 0;
    const calls = mockBackend((cmd) => (cmd === "start_logs" ? `logs-${++n}` : cmd === "start_exec" ? { id: "exec-1", context: A, namespace: "shop", pod: "web-1", container: "main", command: ["/bin/sh"] } : null));
    stops = [await listenToStreamEvents(), resumeLogsWhenClustersAnswer()];
    setHealth(A, "healthy");
    setHealth(B, "healthy");
    const store = useStreamStore.getState();
    const silent = store.openLogs(A, "shop", { type: "pod", pod: "web-1", container: null });
    const finished = store.openLogs(B, "shop", { type: "pod", pod: "web-2", container: null });
    await expect.poll(() => useStreamStore.getState().tabs.filter((t) => t.status === "running").length).toBe(2);
    store.setLogOptions(silent, { tailLines: 100 });
    await expect.poll(() => useStreamStore.getState().tabs.find((t) => t.id === silent)?.streamId).toBe("logs-3");
    const shell = store.openShell(A, "shop", "web-1");
    await store.startShell(shell, 80, 24);

    setHealth(A, "unreachable");
    await emit({ type: "streamEnded", id: "logs-3", context: A, end: { message: SILENT, kind: "unreachable", exitCode: null } });
    await emit({ type: "streamEnded", id: "exec-1", context: A, end: { message: SILENT.replace("log stream", "shell session"), kind: "unreachable", exitCode: null } });
    await emit({ type: "streamEnded", id: "logs-2", context: B, end: { message: "lab-b: pod web-2 is gone", kind: "notFound", exitCode: null } });
    const starts = () => calls.filter((c) => c.cmd === "start_logs").length;
    expect(starts()).toBe(3);
    // Still unreachable, or the other cluster answering: nothing starts.
    setHealth(A, "unreachable");
    setHealth(B, "healthy");
    expect(starts()).toBe(3);

    setHealth(A, "healthy");
    await expect.poll(() => useStreamStore.getState().tabs.find((t) => t.id === silent)?.status).toBe("running");
    expect(starts()).toBe(4);
    const again = calls.filter((c) => c.cmd === "start_logs").at(-1)!;
    expect(again.args.context).toBe(A);
    expect((again.args.request as { tailLines: number }).tailLines).toBe(100);
    expect(useStreamStore.getState().tabs.find((t) => t.id === finished)?.status).toBe("ended");
    expect(useStreamStore.getState().tabs.find((t) => t.id === shell)?.status).toBe("ended");
    expect(calls.filter((c) => c.cmd === "start_exec")).toHaveLength(1);
    // A later healthy report starts nothing more.
    setHealth(A, "healthy");
    expect(starts()).toBe(4);
  });
});
