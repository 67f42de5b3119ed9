/** Resource tabs slice: open tabs and Back / Forward history per cluster. */
import { describe, expect, it } from "vitest";
import { CLUSTER_STORAGE_KEY } from "../cluster-persistence";
import { activeResourceTabOf, selectResourceHistory } from "../cluster-selectors";
import { RESOURCE_HISTORY_LIMIT } from "../resource-history";
import { freshClusterStore, healthyBackend, prod, staging, store } from "./cluster-fixtures";

freshClusterStore();

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
