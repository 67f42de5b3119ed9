import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { forgetShared, shareParts, sharedCount } from "../shared-parts";

type Obj = { [key: string]: Value };
const at = (value: Value, ...path: (string | number)[]): Value => path.reduce<Value>((v, k) => (v as Record<string | number, Value>)[k], value);

/** A pod as a watched list sends it, parsed from its own JSON text (as the page gets it). */
function pod(name: string, node: string, app = "web"): Obj {
  return JSON.parse(
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "shop", resourceVersion: `${name}-rv`, creationTimestamp: "2026-11-29T10:00:00Z", labels: { app, "pod-template-hash": "7d9f" } },
      spec: { nodeName: node, containers: [{ name: "api" }] },
      status: { phase: "Running", podIP: `10.0.0.${name.length}`, containerStatuses: [{ ready: true, restartCount: 0 }] },
    }),
  ) as Obj;
}

describe("shareParts", () => {
  beforeEach(() => forgetShared());

  it("makes equal parts of two objects one value, and leaves their content as it was", () => {
    const a = shareParts(pod("web-1", "node-a"));
    const b = shareParts(pod("web-2", "node-a"));
    expect(b).toEqual(pod("web-2", "node-a"));
    expect(at(b, "metadata", "labels")).toBe(at(a, "metadata", "labels"));
    expect(at(b, "spec", "containers")).toBe(at(a, "spec", "containers"));
    expect(at(b, "status", "containerStatuses")).toBe(at(a, "status", "containerStatuses"));
    // Two copies of the same string are the same string either way in JavaScript; the table is
    // what tells they were looked up: each text once.
    expect(sharedCount().texts).toBe(["v1", "Pod", "shop", "web", "7d9f", "node-a", "api", "Running"].length);
  });

  it("does not share parts that hold a name, uid, version, time or pod IP, nor the objects themselves", () => {
    const a = shareParts(pod("web-1", "node-a"));
    const b = shareParts(pod("web-1", "node-a"));
    expect(a).not.toBe(b);
    expect(at(a, "metadata")).not.toBe(at(b, "metadata"));
    expect(at(a, "spec")).toBe(at(b, "spec"));
    expect(at(a, "status")).not.toBe(at(b, "status"));
    expect(Object.isFrozen(a) || Object.isFrozen(at(a, "metadata")) || Object.isFrozen(at(a, "status"))).toBe(false);
    // Only repeatable strings are in the table: not the names, versions, times or IPs.
    expect(sharedCount().texts).toBe(8);
  });

  it("keeps parts that differ apart", () => {
    const a = shareParts(pod("web-1", "node-a", "web"));
    const b = shareParts(pod("db-1", "node-b", "db"));
    expect(at(a, "metadata", "labels")).toEqual({ app: "web", "pod-template-hash": "7d9f" });
    expect(at(b, "metadata", "labels")).toEqual({ app: "db", "pod-template-hash": "7d9f" });
    expect(at(a, "spec")).not.toBe(at(b, "spec"));
    expect(at(a, "spec", "containers")).toBe(at(b, "spec", "containers"));
  });

  it("tells apart parts that differ only in a value's type or in a key", () => {
    const variants: Value[] = [{ n: 1 }, { n: "1" }, { m: 1 }, { n: 1, m: 1 }, { n: 1 }];
    const rows = variants.map((part, i) => shareParts({ metadata: { name: `r${i}` }, part }));
    const parts = rows.map((row) => at(row, "part"));
    expect(parts[4]).toBe(parts[0]);
    expect(new Set(parts).size).toBe(4);
    expect(parts.map((part) => JSON.stringify(part))).toEqual(['{"n":1}', '{"n":"1"}', '{"m":1}', '{"n":1,"m":1}', '{"n":1}']);
  });

  it("freezes shared parts, so no row can change what others hold", () => {
    const a = shareParts(pod("web-1", "node-a"));
    const labels = at(a, "metadata", "labels") as Obj;
    expect(Object.isFrozen(labels)).toBe(true);
    expect(() => {
      labels.app = "changed";
    }).toThrow(TypeError);
    expect(at(shareParts(pod("web-2", "node-a")), "metadata", "labels", "app")).toBe("web");
  });

  it("does not look up long strings, and shares nothing holding one", () => {
    const long = "x".repeat(101);
    const a = shareParts(JSON.parse(JSON.stringify({ metadata: { name: "a" }, data: { note: long, short: "ok" } })) as Value);
    const b = shareParts(JSON.parse(JSON.stringify({ metadata: { name: "b" }, data: { note: long, short: "ok" } })) as Value);
    expect(at(a, "data")).not.toBe(at(b, "data"));
    expect(Object.isFrozen(at(a, "data"))).toBe(false);
    expect(sharedCount().texts).toBe(1);
  });

  it("holds at most two generations: parts no row brings again are let go", () => {
    for (let i = 0; i < 40_000; i++) shareParts({ metadata: { name: `p${i}` }, spec: { nodeName: `node-${i}` } });
    const { texts, parts } = sharedCount();
    expect(texts).toBeLessThanOrEqual(2 * 16_384);
    expect(parts).toBeLessThanOrEqual(2 * 16_384);
    // A part still in use comes back as the same value.
    const first = shareParts({ metadata: { name: "x" }, spec: { nodeName: "node-39999" } });
    const again = shareParts({ metadata: { name: "y" }, spec: { nodeName: "node-39999" } });
    expect(at(again, "spec")).toBe(at(first, "spec"));
  });

  it("leaves values that are not objects as they are", () => {
    expect(shareParts(null)).toBeNull();
    expect(shareParts("text")).toBe("text");
    const list: Value = [{ a: "b" }];
    expect(Object.isFrozen(at(shareParts(list), 0))).toBe(false);
  });
});
