import { beforeEach, describe, expect, it } from "vitest";
import type { ConnectionInfo } from "@/lib/tauri/bindings";
import { appError, cluster, connectionInfo, deferred, emitBackendEvent, health, mockBackend } from "@/test/backend";
import { CLUSTER_STORAGE_KEY } from "../cluster-persistence";
import {
  activeResourceTabOf,
  healthOf,
  listenToClusterEvents,
  orderedClusters,
  resetClusterStore,
  selectActiveCluster,
  selectAnyConnected,
  selectResourceHistory,
  useClusterStore,
} from "../cluster-store";
import { RESOURCE_HISTORY_LIMIT } from "../resource-history";
import { resetResourceStore } from "../resource-store";

const prod = cluster("prod");
const staging = cluster("staging");
const dev = cluster("dev");
const all = [prod, staging, dev];

function byId(id: unknown) {
  const found = all.find((c) => c.id === id);
  if (!found) throw appError(`${String(id)}: unknown context`, "notFound");
  return found;
}

/** A backend where every connect succeeds at once. */
function healthyBackend() {
  return mockBackend((cmd, args) => {
    if (cmd === "connect") return connectionInfo(byId(args.context));
    if (cmd === "disconnect") return true;
    return null;
  });
}

const store = () => useClusterStore.getState();
const tabs = () => orderedClusters(store()).map((c) => c.cluster.context);
const active = () => selectActiveCluster(store())?.cluster.context ?? null;

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  resetResourceStore();
  store().setClusters(all);
});

describe("connect, disconnect, switch", () => {
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

  it("setActiveCluster is a pure state change: no IPC call", async () => {
    const calls = healthyBackend();
    await store().connect(prod.id);
    await store().connect(staging.id);
    const before = calls.length;
    store().setActiveCluster(prod.id);
    expect(active()).toBe("prod");
    store().setActiveCluster(staging.id);
    expect(active()).toBe("staging");
    expect(calls.length).toBe(before);
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

  it("closing a background tab keeps the active one; closing the last goes home", async () => {
    healthyBackend();
    await store().connect(prod.id);
    await store().connect(staging.id);
    await store().disconnect(prod.id);
    expect(active()).toBe("staging");
    await store().disconnect(staging.id);
    expect(active()).toBeNull();
    expect(store().view).toBe("home");
    expect(selectAnyConnected(store())).toBe(false);
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

  it("reorders tabs", async () => {
    healthyBackend();
    for (const c of all) await store().connect(c.id);
    store().reorder(0, 2);
    expect(tabs()).toEqual(["staging", "dev", "prod"]);
    expect(store().lastConnectedContexts).toEqual([staging.id, dev.id, prod.id]);
  });

  it("keeps the namespace per cluster", async () => {
    healthyBackend();
    await store().connect(prod.id);
    await store().connect(staging.id);
    store().setNamespace(prod.id, "payments");
    store().setNamespace(staging.id, null);
    expect(store().connectedClusters.get(prod.id)?.currentNamespace).toBe("payments");
    expect(store().connectedClusters.get(staging.id)?.currentNamespace).toBeNull();
    expect(store().prefs[prod.id]?.namespace).toBe("payments");
  });
});

describe("resource-tab history", () => {
  const shown = (id: string) => activeResourceTabOf(store().prefs[id] ?? {});
  const entries = (id: string) => selectResourceHistory(id)(store()).entries;

  it("keeps one history per cluster that survives switching away and back, without IPC", async () => {
    const calls = healthyBackend();
    await store().connect(prod.id);
    store().setActiveResourceTab(prod.id, "deployments");
    store().setActiveResourceTab(prod.id, "services");
    await store().connect(staging.id);
    store().setActiveResourceTab(staging.id, "nodes");
    expect(entries(prod.id)).toEqual(["pods", "deployments", "services"]);
    expect(entries(staging.id)).toEqual(["pods", "nodes"]);

    const before = calls.length;
    store().setActiveCluster(prod.id);
    expect(store().resourceBack(prod.id)).toBe(true);
    expect(shown(prod.id)).toBe("deployments");
    store().setActiveCluster(staging.id);
    expect(shown(staging.id)).toBe("nodes");
    store().setActiveCluster(prod.id);
    expect(shown(prod.id)).toBe("deployments");
    expect(store().resourceForward(prod.id)).toBe(true);
    expect(shown(prod.id)).toBe("services");
    expect(store().resourceForward(prod.id)).toBe(false);
    expect(store().resourceBack(staging.id)).toBe(true);
    expect(shown(staging.id)).toBe("pods");
    expect(store().resourceBack(staging.id)).toBe(false);
    expect(calls.length).toBe(before);
  });

  it("activating a tab after going back drops the forward entries", async () => {
    healthyBackend();
    await store().connect(prod.id);
    store().setActiveResourceTab(prod.id, "deployments");
    store().setActiveResourceTab(prod.id, "services");
    store().resourceBack(prod.id);
    store().resourceBack(prod.id);
    store().openResourceTab(prod.id, "Secrets");
    expect(entries(prod.id)).toEqual(["pods", "secrets"]);
    expect(store().resourceForward(prod.id)).toBe(false);
  });

  it("closing a tab drops it from the history", async () => {
    healthyBackend();
    await store().connect(prod.id);
    store().setActiveResourceTab(prod.id, "deployments");
    store().setActiveResourceTab(prod.id, "pods");
    store().setActiveResourceTab(prod.id, "services");
    store().closeResourceTab(prod.id, "deployments");
    expect(entries(prod.id)).toEqual(["pods", "services"]);
    expect(store().resourceBack(prod.id)).toBe(true);
    expect(shown(prod.id)).toBe("pods");
    expect(store().resourceBack(prod.id)).toBe(false);

    // Closing the tab on screen: its neighbour takes over and becomes the newest entry.
    store().closeResourceTab(prod.id, "pods");
    expect(shown(prod.id)).toBe("services");
    expect(entries(prod.id)).toEqual(["services"]);
  });

  it("caps the history and never saves it", async () => {
    healthyBackend();
    await store().connect(prod.id);
    for (let i = 0; i < RESOURCE_HISTORY_LIMIT + 10; i++) store().setActiveResourceTab(prod.id, i % 2 ? "deployments" : "services");
    expect(entries(prod.id)).toHaveLength(RESOURCE_HISTORY_LIMIT);
    expect(localStorage.getItem(CLUSTER_STORAGE_KEY)).not.toContain("resourceHistory");
  });
});

describe("backend events", () => {
  it("a failing health probe turns the cluster red with the cause, recovery turns it green", async () => {
    healthyBackend();
    await listenToClusterEvents();
    await store().connect(prod.id);
    await store().connect(staging.id);

    await emitBackendEvent("cluster://health", { type: "health", context: prod.id, health: health("unreachable", { lastError: "prod: cannot reach the API server: connection refused" }) });
    const red = store().connectedClusters.get(prod.id)!;
    expect(red.status).toBe("error");
    expect(healthOf(red)).toBe("unreachable");
    expect(red.lastError).toBe("prod: cannot reach the API server: connection refused");
    expect(healthOf(store().connectedClusters.get(staging.id)!)).toBe("healthy");

    await emitBackendEvent("cluster://health", { type: "health", context: prod.id, health: health("healthy", { latencyMs: 31 }) });
    const green = store().connectedClusters.get(prod.id)!;
    expect(green.status).toBe("connected");
    expect(healthOf(green)).toBe("healthy");
    expect(green.latencyMs).toBe(31);
    expect(green.lastError).toBeNull();
  });

  it("namespace events fill the cluster's list; a backend disconnect removes only that cluster", async () => {
    healthyBackend();
    await listenToClusterEvents();
    await store().connect(prod.id);
    await store().connect(staging.id);
    await emitBackendEvent("cluster://namespaces", { type: "namespaces", context: prod.id, namespaces: { names: ["kube-system", "default"], source: "watched", error: null } });
    expect(store().connectedClusters.get(prod.id)?.namespaces).toEqual(["default", "kube-system"]);
    expect(store().connectedClusters.get(staging.id)?.namespaces).toEqual([]);

    await emitBackendEvent("cluster://disconnected", { type: "disconnected", context: staging.id });
    expect(tabs()).toEqual(["prod"]);
    expect(active()).toBe("prod");
  });
});

describe("fixes from review", () => {
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

  it("a fallback namespace list keeps the namespaces the user typed for that cluster", async () => {
    healthyBackend();
    await listenToClusterEvents();
    await store().connect(prod.id);
    await store().addFallbackNamespace(prod.id, "team-a");
    await emitBackendEvent("cluster://namespaces", { type: "namespaces", context: prod.id, namespaces: { names: ["default"], source: "fallback", error: "not allowed to list namespaces" } });
    expect(store().connectedClusters.get(prod.id)?.namespaces).toEqual(["default", "team-a"]);
    // A watched list is the server's truth: nothing typed is mixed in.
    await emitBackendEvent("cluster://namespaces", { type: "namespaces", context: prod.id, namespaces: { names: ["default", "web"], source: "watched", error: null } });
    expect(store().connectedClusters.get(prod.id)?.namespaces).toEqual(["default", "web"]);
  });
});

describe("saved state", () => {
  it("migrates the single-cluster saved shape and keeps the user's choices", async () => {
    const twin = cluster("prod", { source: "/home/ana/other.yaml", duplicate: true });
    resetClusterStore();
    localStorage.setItem(
      CLUSTER_STORAGE_KEY,
      JSON.stringify({
        state: {
          currentCluster: { context: "prod", server: "https://prod.example.com:6443", token: "must-not-survive" },
          lastConnectedContext: "prod",
          selectedNamespace: "payments",
          openTabs: ["pods", "Deployments", "secrets"],
        },
        version: 0,
      }),
    );
    await useClusterStore.persist.rehydrate();
    store().setClusters([prod, twin, staging]);

    const s = store();
    expect(s.lastConnectedContexts).toEqual([prod.id]);
    expect(s.lastActiveContext).toBe(prod.id);
    expect(s.prefs[prod.id]).toMatchObject({ namespace: "payments", resourceTabs: ["pods", "deployments", "secrets"] });
    expect(s.prefs[twin.id]).toBeUndefined();

    const saved = localStorage.getItem(CLUSTER_STORAGE_KEY)!;
    expect(JSON.parse(saved).version).toBe(1);
    expect(saved).not.toContain("must-not-survive");
    expect(saved).not.toContain("https://");

    // The migrated namespace is used when that cluster connects.
    healthyBackend();
    await store().connect(prod.id);
    expect(store().connectedClusters.get(prod.id)?.currentNamespace).toBe("payments");
  });

  it("survives garbage in the old shape", async () => {
    resetClusterStore();
    localStorage.setItem(CLUSTER_STORAGE_KEY, JSON.stringify({ state: { currentCluster: 7, openTabs: "pods", selectedNamespace: 3 }, version: 0 }));
    await useClusterStore.persist.rehydrate();
    expect(store().lastConnectedContexts).toEqual([]);
    expect(store().autoReconnect).toBe(true);
  });

  it("saves only choices, never a cluster object", async () => {
    healthyBackend();
    await store().connect(prod.id);
    store().setAppearance(prod.id, { color: "red", label: "production" });
    const saved = JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY)!);
    expect(Object.keys(saved.state).sort()).toEqual(["autoReconnect", "lastActiveContext", "lastConnectedContexts", "prefs", "tabOrder"]);
    expect(saved.state.prefs[prod.id]).toMatchObject({ color: "red", label: "production" });
    expect(JSON.stringify(saved)).not.toContain("example.com");
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
