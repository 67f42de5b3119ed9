import { beforeEach, describe, expect, it } from "vitest";
import type { ResourceDelta, WatcherKey } from "@/lib/tauri/bindings";
import { appError, mockBackend, pod } from "@/test/backend";
import { kindCommands, kindInfo, watcherKey } from "@/test/kinds";
import { getViewRows, resetResourceStore, resourceKey, selectResourceEntry, useResourceStore } from "../resource-store";

const ctx = "/home/ana/.kube/config#prod";
const store = () => useResourceStore.getState();

function backend(overrides: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  return mockBackend((cmd, args) => overrides(cmd, args) ?? kindCommands(cmd, args) ?? true);
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

  it("keeps one frozen copy of the parts rows repeat, in each cluster's list", async () => {
    backend();
    const other = "/home/ana/.kube/config#stage";
    await store().ensureWatch(ctx, "pods", null);
    await store().ensureWatch(other, "pods", null);
    store().applyDelta(delta(null, ["p-1", "p-2"]));
    store().applyDelta({ ...delta(null, []), context: other, reset: [pod("p-9", "default")] });
    type Row = { metadata: object; spec: { containers: object } };
    const rows = [...store().entries[resourceKey(ctx, "pods", null)].items.values(), ...store().entries[resourceKey(other, "pods", null)].items.values()] as Row[];
    expect(rows).toHaveLength(3);
    const containers = new Set(rows.map((row) => row.spec.containers));
    expect(containers.size).toBe(1);
    expect(Object.isFrozen([...containers][0])).toBe(true);
    // Each row stays its own object, with its own metadata (its name).
    expect(new Set(rows).size).toBe(3);
    expect(new Set(rows.map((row) => row.metadata)).size).toBe(3);
  });

  it("reads a list's rows by name and resourceVersion for checks against the cluster", async () => {
    backend();
    expect(getViewRows(ctx, "pods", null)).toBeUndefined();
    await store().ensureWatch(ctx, "pods", null);
    const withVersion = (name: string, rv: string) => {
      const p = pod(name, "default") as { metadata: Record<string, unknown> };
      p.metadata.resourceVersion = rv;
      return p as ReturnType<typeof pod>;
    };
    store().applyDelta({ ...delta(null, []), reset: [withVersion("p-1", "10"), withVersion("p-2", "11")] });
    store().applyDelta({ ...delta(null, []), reset: null, upserts: [withVersion("p-2", "12")], deletes: ["default/p-1"] });
    expect(getViewRows(ctx, "pods", null)).toEqual([{ namespace: "default", name: "p-2", resourceVersion: "12", created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    store().applyDelta({ ...delta(null, []), reset: null, upserts: [withVersion("p-3", "13")], deletes: [] });
    expect(getViewRows(ctx, "pods", null)?.map((r) => r.resourceVersion)).toEqual(["12", "13"]);
  });

  it("watches the kind the backend resolved a typed name to, keyed by its qualified name", async () => {
    const calls = backend((cmd, args) => (cmd === "resolve_kind" && args.kind === "deploy" ? kindInfo("deployments") : undefined));
    await store().ensureWatch(ctx, "deploy", "web");
    expect(calls.find((c) => c.cmd === "watch_resources")?.args).toEqual({ context: ctx, kind: "deployments.apps", namespace: "web", request: expect.any(String) });
    store().applyDelta({ ...delta("web", []), kind: "deployments.apps", reset: [pod("d-1", "web")] });
    expect(selectResourceEntry(ctx, "deploy", "web")(store())?.items.size).toBe(1);
  });

  it("watches a cluster-scoped kind once whatever namespace is picked, as the backend says it is cluster-scoped", async () => {
    const calls = backend();
    await store().ensureWatch(ctx, "nodes", "a");
    await store().ensureWatch(ctx, "nodes", "b");
    store().forgetOtherNamespaces(ctx, "b");
    expect(calls.filter((c) => c.cmd === "watch_resources").map((c) => c.args)).toEqual([{ context: ctx, kind: "nodes", namespace: null, request: expect.any(String) }]);
    expect(calls.filter((c) => c.cmd === "resolve_kind")).toHaveLength(1);
    expect(selectResourceEntry(ctx, "nodes", "c")(store())).toBeDefined();
  });

  it("keeps the latest watch state of each list and ignores states of lists no longer shown", async () => {
    backend();
    await store().ensureWatch(ctx, "pods", null);
    const key = watcherKey(ctx, "pods", null);
    store().applyWatchState(key, { state: "reconnecting", sinceMs: 1, reason: "prod: cannot reach the API server" });
    expect(store().entries[resourceKey(ctx, "pods", null)].watchState?.state).toBe("reconnecting");
    store().applyWatchState(key, { state: "live" });
    expect(store().entries[resourceKey(ctx, "pods", null)].watchState).toEqual({ state: "live" });
    store().forgetContext(ctx);
    store().applyWatchState(key, { state: "live" });
    expect(store().entries).toEqual({});
  });

  it("shows a name the cluster does not serve as the view's error, and retry asks again", async () => {
    let known = false;
    const calls = backend((cmd) => (cmd === "resolve_kind" && !known ? Promise.reject(appError('prod: not found: the server has no resource kind "gizmos"', "notFound")) : undefined));
    await store().ensureWatch(ctx, "gizmos", null);
    expect(selectResourceEntry(ctx, "gizmos", null)(store())?.error?.message).toContain('no resource kind "gizmos"');
    known = true;
    await store().retry(ctx, "gizmos", null);
    expect(calls.filter((c) => c.cmd === "resolve_kind")).toHaveLength(2);
    expect(selectResourceEntry(ctx, "gizmos", null)(store())?.status).toBe("loading");
  });

  it("describes a cluster's kinds once and forgets them on disconnect", async () => {
    const calls = backend();
    await store().ensureKinds(ctx);
    await store().ensureKinds(ctx);
    expect(store().kinds[ctx].kinds?.kinds.map((k) => k.plural)).toContain("pods");
    store().forgetContext(ctx);
    await store().ensureKinds(ctx);
    expect(calls.filter((c) => c.cmd === "describe_kinds")).toHaveLength(2);
  });
});
