/** Connections slice: connect, disconnect, cancel, reconnect and the start-up reconnect. */
import { describe, expect, it } from "vitest";
import type { ConnectionInfo } from "@/lib/tauri/bindings";
import { appError, connectionInfo, deferred, mockBackend } from "@/test/backend";
import { useClusterStore } from "../cluster-store";
import { active, all, byId, dev, freshClusterStore, healthyBackend, prod, staging, store, tabs } from "./cluster-fixtures";

freshClusterStore();

describe("connect, disconnect, cancel", () => {
  it("connect adds to the pool and activates; others stay connected", async () => {
    const calls = healthyBackend();
    expect(await store().connect(prod.id)).toBe(true);
    expect(active()).toBe("prod");
    expect(store().view).toBe("dashboard");
    await store().connect(staging.id);
    expect(tabs()).toEqual(["prod", "staging"]);
    expect(active()).toBe("staging");
    expect(store().connectedClusters.get(prod.id)?.status).toBe("connected");
    expect(store().connectedClusters.get(prod.id)?.serverVersion).toBe("v1.33.1");
    expect(calls.filter((c) => c.cmd === "connect").map((c) => c.args.context)).toEqual([prod.id, staging.id]);
    expect(store().lastConnectedContexts).toEqual([prod.id, staging.id]);
  });

  it("disconnect removes only that cluster and tells the backend", async () => {
    const calls = healthyBackend();
    for (const c of all) await store().connect(c.id);
    await store().disconnect(staging.id);
    expect(tabs()).toEqual(["prod", "dev"]);
    expect(store().connectedClusters.get(prod.id)?.status).toBe("connected");
    expect(calls.filter((c) => c.cmd === "disconnect").map((c) => c.args.context)).toEqual([staging.id]);
    expect(store().lastConnectedContexts).toEqual([prod.id, dev.id]);
  });

  it.each([
    ["middle", "staging", "dev", ["prod", "dev"]],
    ["first", "prod", "staging", ["staging", "dev"]],
    ["last", "dev", "staging", ["prod", "staging"]],
  ])("closing the active %s tab activates its neighbour", async (_where, closed, expected, remaining) => {
    healthyBackend();
    for (const c of all) await store().connect(c.id);
    const id = all.find((c) => c.context === closed)!.id;
    store().setActiveCluster(id);
    await store().disconnect(id);
    expect(active()).toBe(expected);
    expect(tabs()).toEqual(remaining);
  });

  it("runs parallel connects, each with its own progress and outcome", async () => {
    const pending = new Map<string, ReturnType<typeof deferred<ConnectionInfo>>>();
    mockBackend((cmd, args) => {
      if (cmd !== "connect") return null;
      const d = deferred<ConnectionInfo>();
      pending.set(args.context as string, d);
      return d.promise;
    });
    const first = store().connect(prod.id);
    const second = store().connect(staging.id);
    await Promise.resolve();
    expect(store().connectedClusters.get(prod.id)?.status).toBe("connecting");
    expect(store().connectedClusters.get(staging.id)?.status).toBe("connecting");
    expect(pending.size).toBe(2);

    pending.get(staging.id)!.reject(appError("staging: cannot reach the API server: connection refused"));
    expect(await second).toBe(false);
    expect(store().connectedClusters.has(staging.id)).toBe(false);
    expect(store().connectErrors[staging.id]?.message).toContain("connection refused");
    expect(store().connectedClusters.get(prod.id)?.status).toBe("connecting");

    pending.get(prod.id)!.resolve(connectionInfo(prod));
    expect(await first).toBe(true);
    expect(store().connectedClusters.get(prod.id)?.status).toBe("connected");
    expect(active()).toBe("prod");
  });

  it("cancelling a connect in flight removes it and asks the backend to cancel", async () => {
    const d = deferred<ConnectionInfo>();
    const calls = mockBackend((cmd) => (cmd === "connect" ? d.promise : true));
    const attempt = store().connect(prod.id);
    await store().cancelConnect(prod.id);
    expect(store().connectedClusters.has(prod.id)).toBe(false);
    expect(calls.map((c) => c.cmd)).toContain("cancel_connect");
    d.reject(appError("prod: connect cancelled", "cancelled"));
    await attempt;
    expect(store().connectedClusters.has(prod.id)).toBe(false);
    expect(active()).toBeNull();
  });

  it("a cancel that comes too late (the connect had finished) disconnects it again", async () => {
    const d = deferred<ConnectionInfo>();
    const calls = mockBackend((cmd) => {
      if (cmd === "connect") return d.promise;
      if (cmd === "cancel_connect") return false; // nothing in flight any more
      return true;
    });
    const attempt = store().connect(prod.id);
    await store().cancelConnect(prod.id);
    d.resolve(connectionInfo(prod));
    await attempt;
    expect(calls.map((c) => c.cmd)).toEqual(["connect", "cancel_connect", "disconnect"]);
    expect(calls.at(-1)?.args).toEqual({ context: prod.id });
    expect(store().connectedClusters.has(prod.id)).toBe(false);
  });
});

describe("auto-reconnect", () => {
  it("reconnects in parallel; when the previously active one fails the first success becomes active; failures are listed", async () => {
    useClusterStore.setState({ lastConnectedContexts: [prod.id, staging.id, dev.id], lastActiveContext: prod.id });
    const pending = new Map<string, ReturnType<typeof deferred<ConnectionInfo>>>();
    mockBackend((cmd, args) => {
      if (cmd !== "connect") return null;
      const d = deferred<ConnectionInfo>();
      pending.set(args.context as string, d);
      return d.promise;
    });
    const run = store().reconnectLastSession();
    await Promise.resolve();
    // All three in flight at once.
    expect([...pending.keys()]).toEqual([prod.id, staging.id, dev.id]);
    expect(tabs()).toEqual(["prod", "staging", "dev"]);

    pending.get(dev.id)!.resolve(connectionInfo(dev));
    await Promise.resolve();
    await Promise.resolve();
    // The previously active one is still in flight: nothing jumps to dev yet.
    expect(active()).toBeNull();
    pending.get(prod.id)!.reject(appError("prod: cannot reach the API server: connection refused"));
    pending.get(staging.id)!.resolve(connectionInfo(staging));
    await run;

    expect(active()).toBe("dev");
    expect(tabs()).toEqual(["staging", "dev"]);
    expect(store().reconnectFailures.map((f) => [f.name, f.error.message])).toEqual([["prod", "prod: cannot reach the API server: connection refused"]]);
    expect(store().lastConnectedContexts).toContain(prod.id);
  });

  it("activates the previously active cluster when it comes back, whatever lands first", async () => {
    useClusterStore.setState({ lastConnectedContexts: [prod.id, staging.id], lastActiveContext: staging.id });
    const calls = healthyBackend();
    await store().reconnectLastSession();
    expect(calls.filter((c) => c.cmd === "connect")).toHaveLength(2);
    expect(active()).toBe("staging");
    expect(store().reconnectFailures).toEqual([]);
  });

  it("retry from the failure list connects that cluster and clears its failure", async () => {
    useClusterStore.setState({ lastConnectedContexts: [prod.id], lastActiveContext: prod.id });
    let up = false;
    mockBackend((cmd, args) => {
      if (cmd !== "connect") return null;
      if (!up) throw appError("prod: cannot reach the API server: connection refused");
      return connectionInfo(byId(args.context));
    });
    await store().reconnectLastSession();
    expect(store().reconnectFailures).toHaveLength(1);
    up = true;
    expect(await store().retry(prod.id)).toBe(true);
    expect(store().reconnectFailures).toEqual([]);
    expect(active()).toBe("prod");
  });
});
