import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { mockBackend, pod } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { getViewRows, resetResourceStore, useResourceStore } from "../resource-store";

const ctx = "/home/ana/.kube/config#prod";
const store = () => useResourceStore.getState();
const withVersion = (name: string, rv: string): Value => {
  const p = pod(name, "web") as { [key: string]: Value };
  return { ...p, metadata: { ...(p.metadata as { [key: string]: Value }), resourceVersion: rv } };
};

beforeEach(() => resetResourceStore());

describe("getViewRows (the bench hook's view of the row model)", () => {
  it("is undefined before a watch and follows every delta with names and resourceVersions", async () => {
    mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    expect(getViewRows(ctx, "pods", "web")).toBeUndefined();
    await store().ensureWatch(ctx, "pods", "web");
    store().applyDelta({ context: ctx, kind: "pods", namespace: "web", reset: [withVersion("a", "1"), withVersion("b", "2")], upserts: [], deletes: [] });
    store().applyDelta({ context: ctx, kind: "pods", namespace: "web", reset: null, upserts: [withVersion("a", "7")], deletes: ["web/b"] });
    expect(getViewRows(ctx, "pods", "web")).toEqual([{ namespace: "web", name: "a", resourceVersion: "7", created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(getViewRows(ctx, "pods", "other")).toBeUndefined();
  });
});
