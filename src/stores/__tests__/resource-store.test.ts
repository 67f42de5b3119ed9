import { beforeEach, describe, expect, it } from "vitest";
import type { ResourceDelta, WatcherKey } from "@/lib/tauri/bindings";
import { mockBackend, pod } from "@/test/backend";
import { resetResourceStore, resourceKey, useResourceStore } from "../resource-store";

const ctx = "/home/ana/.kube/config#prod";
const store = () => useResourceStore.getState();

function backend() {
  return mockBackend((cmd, args) => {
    if (cmd === "watch_resources") {
      return { context: args.context as string, kind: args.kind as string, namespace: args.namespace as string | null } satisfies WatcherKey;
    }
    return true;
  });
}

const delta = (namespace: string | null, names: string[]): ResourceDelta => ({
  context: ctx,
  kind: "pods",
  namespace,
  reset: names.map((n) => pod(n, namespace ?? "default")),
  upserts: [],
  deletes: [],
});

beforeEach(() => resetResourceStore());

describe("resource store", () => {
  it("a late delta of a forgotten namespace does not come back as a frozen list", async () => {
    const calls = backend();
    await store().ensureWatch(ctx, "pods", "a");
    store().applyDelta(delta("a", ["a-1"]));
    // The user picks namespace b: a's watch is forgotten while its unwatch is in flight…
    await store().ensureWatch(ctx, "pods", "b");
    store().forgetOtherNamespaces(ctx, "b");
    // …and a delta of the old watch arrives late.
    store().applyDelta(delta("a", ["a-1", "a-2"]));
    expect(store().entries[resourceKey(ctx, "pods", "a")]).toBeUndefined();

    // Back to a: a fresh watch starts (the list is live again, not frozen).
    await store().ensureWatch(ctx, "pods", "a");
    const watches = calls.filter((c) => c.cmd === "watch_resources").map((c) => c.args.namespace);
    expect(watches).toEqual(["a", "b", "a"]);
    expect(calls.some((c) => c.cmd === "unwatch_resources" && (c.args.key as WatcherKey).namespace === "a")).toBe(true);
  });

  it("applies reset, upserts and deletes of a watched list", async () => {
    backend();
    await store().ensureWatch(ctx, "pods", null);
    store().applyDelta(delta(null, ["p-1", "p-2"]));
    store().applyDelta({ ...delta(null, []), reset: null, upserts: [pod("p-3", "default")], deletes: ["default/p-1"] });
    const entry = store().entries[resourceKey(ctx, "pods", null)];
    expect(entry.status).toBe("ready");
    expect([...entry.items.keys()]).toEqual(["default/p-2", "default/p-3"]);
  });
});
