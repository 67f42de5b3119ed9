/** The stream store per cluster: tabs, events of background clusters, early events, ends, stop on close. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Event } from "@/lib/tauri/bindings";
import { deferred, emitBackendEvent, mockBackend, queueBackendEvents } from "@/test/backend";
import { listenToStreamEvents, subscribeExecOutput } from "@/stores/stream-events";
import { canRestart, logBufferOf, reattachedMessage, resetStreamStore, useStreamStore } from "@/stores/stream-store";
import type { StreamEvent } from "@/stores/stream-api";

const A = "/kube/config#lab-a";
const B = "/kube/config#lab-b";
const emit = (channel: string, payload: StreamEvent) => emitBackendEvent(channel, payload as unknown as Event);
const logLines = (id: string, context: string, texts: string[]): StreamEvent => ({ type: "logLines", id, context, lines: texts.map((text) => ({ pod: "web-1", container: "main", text })) });

let stop: () => void = () => {};
beforeEach(async () => {
  resetStreamStore();
});
afterEach(() => stop());

function backend(starts: Record<string, unknown> = {}) {
  let n = 0;
  return mockBackend((cmd, args) => {
    if (cmd === "start_logs") return starts[(args.context as string)] ?? `logs-${++n}`;
    if (cmd === "list_streams" || cmd === "list_port_forwards") return [];
    if (cmd === "stop_stream") return true;
    return null;
  });
}

describe("stream store", () => {
  it("keeps each cluster's tabs and appends lines of a background cluster's stream", async () => {
    const calls = backend({ [A]: "s-a", [B]: "s-b" });
    stop = await listenToStreamEvents();
    const store = useStreamStore.getState();
    const tabA = store.openLogs(A, "shop", { type: "pod", pod: "web-1", container: null });
    const tabB = store.openLogs(B, "shop", { type: "workload", kind: "deployments", name: "web" });
    await expect.poll(() => useStreamStore.getState().tabs.map((t) => t.streamId)).toEqual(["s-a", "s-b"]);
    expect(calls.find((c) => c.cmd === "start_logs" && c.args.context === B)?.args.request).toEqual({
      namespace: "shop",
      target: { type: "workload", kind: "deployments", name: "web" },
      follow: true,
      tailLines: 500,
      sinceSeconds: null,
      timestamps: false,
      previous: false,
    });
    expect(useStreamStore.getState().activeTab).toEqual({ [A]: tabA, [B]: tabB });

    await emit("stream://log", logLines("s-a", A, ["one", "two"]));
    await emit("stream://log", logLines("s-b", B, ["other"]));
    expect(logBufferOf(tabA).toArray().map((l) => l.text)).toEqual(["one", "two"]);
    expect(logBufferOf(tabB).toArray().map((l) => l.text)).toEqual(["other"]);
  });

  it("replays lines that arrive before start_logs answers", async () => {
    const answer = deferred<string>();
    mockBackend((cmd) => (cmd === "start_logs" ? answer.promise : []));
    stop = await listenToStreamEvents();
    const tab = useStreamStore.getState().openLogs(A, "shop", { type: "pod", pod: "web-1", container: null });
    await emit("stream://log", logLines("early", A, ["first"]));
    answer.resolve("early");
    await expect.poll(() => logBufferOf(tab).length).toBe(1);
    expect(logBufferOf(tab).at(0)?.text).toBe("first");
  });

  it("marks a tab ended with the backend's message and stops a stream when its tab closes", async () => {
    const calls = backend({ [A]: "s-a" });
    stop = await listenToStreamEvents();
    const ended = useStreamStore.getState().openLogs(A, "shop", { type: "pod", pod: "web-1", container: null });
    await expect.poll(() => useStreamStore.getState().tabs[0].streamId).toBe("s-a");
    await emit("stream://ended", { type: "streamEnded", id: "s-a", context: A, end: { message: "lab-a: disconnected — the log stream ended", kind: "notConnected", exitCode: null } });
    expect(useStreamStore.getState().tabs[0]).toMatchObject({ status: "ended", end: { message: "lab-a: disconnected — the log stream ended" } });
    // An ended stream needs no stop.
    useStreamStore.getState().closeTab(ended);
    expect(calls.filter((c) => c.cmd === "stop_stream")).toEqual([]);

    const running = useStreamStore.getState().openLogs(B, "shop", { type: "pod", pod: "web-1", container: null });
    await expect.poll(() => useStreamStore.getState().tabs[0]?.status).toBe("running");
    useStreamStore.getState().closeTab(running);
    expect(calls.filter((c) => c.cmd === "stop_stream").map((c) => c.args)).toEqual([{ id: "logs-1" }]);
    expect(useStreamStore.getState().tabs).toEqual([]);
  });

  it("shows a failed start in the tab, naming the cluster", async () => {
    mockBackend((cmd) => {
      if (cmd === "start_logs") throw { kind: "invalidInput", message: 'container "main" in pod "web-1" is waiting to start', retryable: false };
      return [];
    });
    useStreamStore.getState().openLogs(A, "shop", { type: "pod", pod: "web-1", container: null });
    await expect.poll(() => useStreamStore.getState().tabs[0].status).toBe("ended");
    expect(useStreamStore.getState().tabs[0].end?.message).toBe('lab-a: container "main" in pod "web-1" is waiting to start');
  });

  it("gives exec output to the terminal that subscribes, including what came before", async () => {
    backend();
    stop = await listenToStreamEvents();
    await emit("stream://exec", { type: "execOutput", id: "x-1", context: B, data: "$ " });
    const got: string[] = [];
    const unsubscribe = subscribeExecOutput("x-1", (d) => got.push(d));
    await emit("stream://exec", { type: "execOutput", id: "x-1", context: B, data: "hello\r\n" });
    expect(got).toEqual(["$ ", "hello\r\n"]);
    unsubscribe();
  });

  it("follows forwards' state and marks those that ended", async () => {
    backend();
    stop = await listenToStreamEvents();
    const forward = { id: "f-1", context: A, namespace: "shop", target: { type: "service" as const, name: "web" }, remotePort: 80, localPort: 18080, pod: "web-1", state: "active" as const, error: null, connections: 0 };
    await emit("stream://port-forward", { type: "portForward", forward });
    await emit("stream://port-forward", { type: "portForward", forward: { ...forward, state: "reconnecting", pod: null } });
    expect(useStreamStore.getState().forwards["f-1"]).toMatchObject({ state: "reconnecting", ended: null });
    await emit("stream://ended", { type: "streamEnded", id: "f-1", context: A, end: { message: "lab-a: disconnected — the port-forward ended", kind: null, exitCode: null } });
    expect(useStreamStore.getState().forwards["f-1"]).toMatchObject({ state: "failed", ended: "lab-a: disconnected — the port-forward ended" });
  });

  it("takes stream events from the backend's queue in its order: lines, then the end", async () => {
    backend({ [A]: "s-q" });
    stop = await listenToStreamEvents();
    const tab = useStreamStore.getState().openLogs(A, "shop", { type: "pod", pod: "web-1", container: null });
    await expect.poll(() => useStreamStore.getState().tabs[0].streamId).toBe("s-q");
    await queueBackendEvents([
      logLines("s-q", A, ["last one", "last two"]) as unknown as Event,
      { type: "streamEnded", id: "s-q", context: A, end: { message: "lab-a: the log stream ended", kind: null, exitCode: null } },
    ]);
    expect(logBufferOf(tab).toArray().map((l) => l.text)).toEqual(["last one", "last two"]);
    expect(useStreamStore.getState().tabs[0]).toMatchObject({ status: "ended", end: { message: "lab-a: the log stream ended" } });
  });

  it("re-attaches to streams still running after a reload", async () => {
    const request = { namespace: "shop", target: { type: "pod", pod: "web-1", container: "main" }, follow: true, tailLines: 100, sinceSeconds: null, timestamps: true, previous: false };
    const calls = mockBackend((cmd) => {
      if (cmd === "list_streams")
        return [
          { id: "s-9", context: A, kind: "logs", title: "logs web-1", namespace: "shop", log: request, waiting: "lab-a: the cluster stopped answering (no answer); the log goes on from where it stopped when lab-a answers" },
          { id: "e-9", context: A, kind: "exec", title: "web-1/main", namespace: "shop", log: null, waiting: null },
          { id: "f-9", context: A, kind: "portForward", title: "web 80", namespace: "shop", log: null, waiting: null },
        ];
      if (cmd === "start_logs") return "s-10";
      if (cmd === "list_port_forwards") return [{ id: "f-9", context: A, namespace: "shop", target: { type: "pod", name: "web-1" }, remotePort: 80, localPort: 18081, pod: "web-1", state: "active", error: null, connections: 1 }];
      return null;
    });
    stop = await listenToStreamEvents();
    await expect.poll(() => useStreamStore.getState().tabs.length).toBe(2);
    const [logs, shell] = useStreamStore.getState().tabs;
    // A log waiting for its cluster says so after the reload too.
    expect(logs).toMatchObject({ type: "logs", streamId: "s-9", reattached: true, status: "running", silence: expect.stringMatching(/^lab-a: the cluster stopped answering/) });
    // An exec stream's title is "<pod>/<container>".
    expect(shell).toMatchObject({ type: "shell", streamId: "e-9", pod: "web-1", container: "main", reattached: true });
    // Their requests come with the listing: once ended, they can start again as they were.
    expect(logs).toMatchObject({ namespace: "shop", target: request.target, options: { follow: true, tailLines: 100, timestamps: true, container: "main" } });
    expect(shell).toMatchObject({ namespace: "shop" });
    expect([logs, shell].map(canRestart)).toEqual([true, true]);
    expect(Object.keys(useStreamStore.getState().forwards)).toEqual(["f-9"]);
    expect(reattachedMessage([logs, shell])).toBe("Re-attached 1 log and 1 shell still running; what they showed before the reload is gone.");
    expect(reattachedMessage([logs, logs, logs])).toBe("Re-attached 3 logs still running; what they showed before the reload is gone.");
    expect(reattachedMessage([shell])).toBe("Re-attached 1 shell still running; what it showed before the reload is gone.");
    await emit("stream://log", logLines("s-9", A, ["after reload"]));
    expect(logBufferOf(useStreamStore.getState().tabs[0].id).at(0)?.text).toBe("after reload");
    useStreamStore.setState((s) => ({ tabs: s.tabs.map((t) => (t.id === logs.id ? { ...t, status: "ended" } : t)) }));
    useStreamStore.getState().restartTab(logs.id);
    await expect.poll(() => useStreamStore.getState().tabs[0].streamId).toBe("s-10");
    expect(calls.find((c) => c.cmd === "start_logs")?.args).toEqual({ context: A, request });
    expect(useStreamStore.getState().tabs[0].reattached).toBe(false);
    useStreamStore.setState((s) => ({ tabs: s.tabs.map((t) => (t.id === shell.id ? { ...t, status: "ended" } : t)) }));
    useStreamStore.getState().restartTab(shell.id);
    // A new session in the same tab, started by its terminal, no longer called re-attached.
    expect(useStreamStore.getState().tabs[1]).toMatchObject({ status: "starting", streamId: null, reattached: false, namespace: "shop", pod: "web-1", container: "main" });
  });

  it("cannot start again a stream an older backend listed without its request", async () => {
    mockBackend((cmd) => {
      if (cmd === "list_streams")
        return [
          { id: "s-8", context: A, kind: "logs", title: "logs web-1" },
          { id: "e-8", context: A, kind: "exec", title: "web-1/main" },
        ];
      if (cmd === "list_port_forwards") return [];
      return null;
    });
    stop = await listenToStreamEvents();
    await expect.poll(() => useStreamStore.getState().tabs.length).toBe(2);
    expect(useStreamStore.getState().tabs.map(canRestart)).toEqual([false, false]);
  });
});
