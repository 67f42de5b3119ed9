/** View slice: the active cluster and home vs dashboard. */
import { describe, expect, it } from "vitest";
import { selectAnyConnected } from "../cluster-selectors";
import { active, freshClusterStore, healthyBackend, prod, staging, store, tabs } from "./cluster-fixtures";

freshClusterStore();

describe("switching and navigation", () => {
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

  it("home and dashboard: home keeps the pool, dashboard needs an active cluster", async () => {
    healthyBackend();
    store().showDashboard();
    expect(store().view).toBe("home");
    await store().connect(prod.id);
    store().showHome();
    expect(store().view).toBe("home");
    expect(active()).toBe("prod");
    expect(tabs()).toEqual(["prod"]);
    store().showDashboard();
    expect(store().view).toBe("dashboard");
  });

  it("ignores switching to a cluster that is not connected", async () => {
    healthyBackend();
    await store().connect(prod.id);
    store().setActiveCluster(staging.id);
    expect(active()).toBe("prod");
  });
});
