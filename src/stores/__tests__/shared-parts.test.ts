import { describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { shareEqualParts } from "../shared-parts";

type Obj = { [key: string]: Value };

/** A compact pod row as the backend sends it (each one parsed on its own: no shared parts). */
function row(name: string, node: string, restarts = 0): Obj {
  return JSON.parse(
    JSON.stringify({
      metadata: { name, namespace: "web", resourceVersion: "1", creationTimestamp: "2026-11-29T03:00:00Z", labels: { app: "web", "pod-template-hash": "7d9f8b" } },
      spec: { nodeName: node, containers: [{ name: "api" }] },
      status: { phase: "Running", podIP: `10.0.0.${name.at(-1)}`, containerStatuses: [{ ready: true, restartCount: restarts, state: { running: {} } }] },
    }),
  ) as Obj;
}
const at = (o: Value, ...path: (string | number)[]): Value => path.reduce<Value>((v, k) => (v as Obj)[k as string], o);

describe("shareEqualParts", () => {
  it("makes the equal parts of a delta's rows one frozen object and leaves the rows equal to what came", () => {
    const rows = [row("web-1", "node-a"), row("web-2", "node-a"), row("web-3", "node-b", 4)];
    const before = JSON.stringify(rows);
    shareEqualParts(rows);
    expect(JSON.stringify(rows)).toBe(before);
    // Labels, containers and statuses repeat: one object each.
    expect(at(rows[0], "metadata", "labels")).toBe(at(rows[2], "metadata", "labels"));
    expect(at(rows[0], "spec")).toBe(at(rows[1], "spec"));
    expect(at(rows[0], "spec", "containers")).toBe(at(rows[2], "spec", "containers"));
    expect(at(rows[0], "status", "containerStatuses", 0, "state")).toBe(at(rows[2], "status", "containerStatuses", 0, "state"));
    expect(Object.isFrozen(at(rows[0], "spec", "containers"))).toBe(true);
    // Parts that differ stay apart: another node, another restart count, another address.
    expect(at(rows[0], "spec")).not.toBe(at(rows[2], "spec"));
    expect(at(rows[0], "status", "containerStatuses")).not.toBe(at(rows[2], "status", "containerStatuses"));
    expect(at(rows[0], "status")).not.toBe(at(rows[1], "status"));
    // The rows themselves are neither shared nor frozen.
    expect(Object.isFrozen(rows[0])).toBe(false);
  });

  it("shares parts across the lists of one delta, and not what holds a long string", () => {
    const message = "Back-off pulling image registry.example.com/team/api:2026-11-29";
    const withMessage = (name: string) => ({ ...row(name, "node-a"), extra: { note: { message } } }) as Obj;
    const reset = [withMessage("a")];
    const upserts = [withMessage("b")];
    shareEqualParts(reset, upserts);
    expect(at(reset[0], "spec")).toBe(at(upserts[0], "spec"));
    expect(at(reset[0], "extra", "note")).not.toBe(at(upserts[0], "extra", "note"));
  });

  it("takes an object handed in again after its parts were shared", () => {
    const rows = [row("a", "node-a"), row("b", "node-a")];
    shareEqualParts(rows);
    expect(() => shareEqualParts([rows[0], row("c", "node-a")])).not.toThrow();
    expect(at(rows[0], "spec", "nodeName")).toBe("node-a");
  });
});
