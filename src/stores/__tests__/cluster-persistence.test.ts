/** Corrupt saved cluster state: defaults, a notice, the bad value kept, never a crash. */
import { beforeEach, describe, expect, it } from "vitest";
import { CLUSTER_STORAGE_KEY, takeSavedStateNotices } from "../cluster-persistence";
import { resetClusterStore, useClusterStore } from "../cluster-store";

const store = () => useClusterStore.getState();

function backups(): Record<string, string> {
  const found: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    if (key.startsWith(`${CLUSTER_STORAGE_KEY}.broken.`)) found[key] = localStorage.getItem(key)!;
  }
  return found;
}

async function loadSaved(raw: string) {
  localStorage.setItem(CLUSTER_STORAGE_KEY, raw);
  await useClusterStore.persist.rehydrate();
}

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  takeSavedStateNotices();
});

describe("corrupt saved cluster state", () => {
  it.each([
    ["text that is not JSON", "{ this is not json", "not valid JSON"],
    ["JSON of the wrong shape", JSON.stringify([1, 2, 3]), "expected shape"],
    ["a state that is not an object", JSON.stringify({ state: "pods", version: 1 }), "expected shape"],
    ["a version from a newer Kubeli", JSON.stringify({ state: { tabOrder: ["a"], autoReconnect: false, newThing: {} }, version: 9 }), "version 9"],
  ])("%s gives defaults, one notice, and keeps the value", async (_what, raw, why) => {
    await loadSaved(raw);
    expect(store().tabOrder).toEqual([]);
    expect(store().autoReconnect).toBe(true);
    const notices = takeSavedStateNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(why);
    const kept = backups();
    expect(Object.values(kept)).toEqual([raw]);
    expect(notices[0]).toContain(Object.keys(kept)[0]);
    expect(takeSavedStateNotices()).toEqual([]);
    // The app keeps working and saves its own state over the bad one.
    store().setAutoReconnect(false);
    expect(JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY)!)).toMatchObject({ version: 2, state: { autoReconnect: false } });
  });

  it("wrong types inside a good shape are dropped field by field, the rest kept", async () => {
    await loadSaved(
      JSON.stringify({
        state: {
          prefs: { a: { color: 42, label: "  prod  ", namespace: ["x"], kindGroups: { "crd:a.io": true, "crd:b.io": "open", pods: false } }, b: "nope" },
          tabOrder: ["a", 5, null],
          lastConnectedContexts: "a",
          lastActiveContext: {},
          autoReconnect: "yes",
        },
        version: 1,
      }),
    );
    expect(store().prefs).toEqual({ a: { label: "prod", kindGroups: { "crd:a.io": true } }, b: {} });
    expect(store().tabOrder).toEqual(["a"]);
    expect(store().lastConnectedContexts).toEqual([]);
    expect(store().lastActiveContext).toBeNull();
    expect(store().autoReconnect).toBe(true);
    expect(takeSavedStateNotices()).toEqual([]);
  });

  it("a good saved state loads without a notice", async () => {
    await loadSaved(JSON.stringify({ state: { tabOrder: ["a", "b"], autoReconnect: false }, version: 1 }));
    expect(store().tabOrder).toEqual(["a", "b"]);
    expect(store().autoReconnect).toBe(false);
    expect(takeSavedStateNotices()).toEqual([]);
    expect(backups()).toEqual({});
  });
});
