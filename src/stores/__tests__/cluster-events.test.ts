/** Backend event wiring: health, namespaces and disconnected events. */
import { describe, expect, it } from "vitest";
import { emitBackendEvent, health } from "@/test/backend";
import { listenToClusterEvents } from "../cluster-events";
import { healthOf, latencyOf } from "../cluster-selectors";
import { active, freshClusterStore, healthyBackend, prod, staging, store, tabs } from "./cluster-fixtures";

freshClusterStore();

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
    expect(latencyOf(green)).toBe(31);
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
