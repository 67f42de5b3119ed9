/** Prefs slice and the saved state: order, namespace, appearance, migration. */
import { describe, expect, it } from "vitest";
import { cluster, emitBackendEvent } from "@/test/backend";
import { listenToClusterEvents } from "../cluster-events";
import { CLUSTER_STORAGE_KEY } from "../cluster-persistence";
import { resetClusterStore, useClusterStore } from "../cluster-store";
import { all, dev, freshClusterStore, healthyBackend, prod, staging, store, tabs } from "./cluster-fixtures";

freshClusterStore();

describe("per-cluster preferences", () => {
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
    expect(JSON.parse(saved).version).toBe(2);
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
    expect(Object.keys(saved.state).sort()).toEqual(["autoReconnect", "groups", "lastActiveContext", "lastConnectedContexts", "pauseBackgroundAfterMin", "prefs", "tabOrder"]);
    expect(saved.state.prefs[prod.id]).toMatchObject({ color: "red", label: "production" });
    expect(JSON.stringify(saved)).not.toContain("example.com");
  });
});
