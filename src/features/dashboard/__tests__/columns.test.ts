import { describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { kindInfo } from "@/test/kinds";
import { chipsFor, columnsFor } from "../utils/columns";
import { BUILTIN_GROUPS, customGroups } from "../utils/nav";

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const row = (kind: string, object: Value, now = Date.now()) => Object.fromEntries(columnsFor(kindInfo(kind)).map((c) => [c.id, c.value(object, now)]));
const ids = (kind: string) => columnsFor(kindInfo(kind)).map((c) => c.id);

describe("columns per kind, as kubectl prints them", () => {
  it("pods: name, namespace, ready, status, restarts, node, IP, age", () => {
    expect(ids("pods")).toEqual(["name", "namespace", "ready", "status", "restarts", "node", "ip", "age"]);
    const pod: Value = {
      metadata: { name: "api", namespace: "shop", creationTimestamp: ago(125_000) },
      spec: { nodeName: "node-1", containers: [{}, {}] },
      status: {
        phase: "Running",
        podIP: "10.0.0.7",
        containerStatuses: [
          { ready: true, restartCount: 2, state: {} },
          { ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } },
        ],
      },
    };
    expect(row("pods", pod)).toEqual({ name: "api", namespace: "shop", ready: "1/2", status: "CrashLoopBackOff", restarts: "5", node: "node-1", ip: "10.0.0.7", age: "2m" });
  });

  it("deployments, services, nodes and events have kubectl's columns", () => {
    expect(ids("deployments")).toEqual(["name", "namespace", "ready", "up-to-date", "available", "age"]);
    expect(ids("services")).toEqual(["name", "namespace", "type", "cluster-ip", "external-ip", "ports", "age"]);
    expect(ids("nodes")).toEqual(["name", "status", "roles", "version", "internal-ip", "age"]);
    expect(ids("events")).toEqual(["type", "reason", "object", "message", "count", "namespace", "last-seen"]);
    const svc = { metadata: { name: "lb" }, spec: { type: "LoadBalancer", clusterIP: "10.96.0.9", ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }] }, status: {} };
    expect(row("services", svc)).toMatchObject({ type: "LoadBalancer", "external-ip": "<pending>", ports: "80:30080/TCP" });
    const node = { metadata: { name: "n1", labels: { "node-role.kubernetes.io/control-plane": "" } }, spec: { unschedulable: true }, status: { conditions: [{ type: "Ready", status: "True" }], addresses: [{ type: "InternalIP", address: "192.168.1.4" }] } };
    expect(row("nodes", node)).toMatchObject({ status: "Ready,SchedulingDisabled", roles: "control-plane", "internal-ip": "192.168.1.4" });
  });

  it("every built-in kind of the sidebar has its own columns, not the plain set", () => {
    const plain = ["name", "namespace", "age"];
    for (const entry of BUILTIN_GROUPS.flatMap((g) => g.entries)) {
      if (["overview", "limitranges", "roles"].includes(entry.kind)) continue;
      const [plural, ...group] = entry.qualified.split(".");
      const columns = columnsFor(kindInfo(plural, { group: group.join(".") })).map((c) => c.id);
      expect(columns, entry.kind).not.toEqual(plain);
      expect(columns, entry.kind).toContain(entry.kind === "events" ? "object" : "name");
    }
  });

  it("ages sort by time and numbers by value", () => {
    const [age] = columnsFor(kindInfo("pods")).filter((c) => c.id === "age");
    const restarts = columnsFor(kindInfo("pods")).find((c) => c.id === "restarts")!;
    const young = { metadata: { creationTimestamp: ago(1000) } };
    const old = { metadata: { creationTimestamp: ago(100_000) } };
    expect(age.sortValue!(young) < age.sortValue!(old)).toBe(true);
    expect(restarts.sortValue!({ status: { containerStatuses: [{ restartCount: 10 }] } })).toBe(10);
  });

  it("a CRD's printer columns come in, with their header as the column id", () => {
    const widget = kindInfo("widgets.lab.kubeli.dev", { namespaced: true });
    const columns = columnsFor(widget, [
      { name: "Colour", type: "string", jsonPath: ".spec.colour", priority: 0, description: null },
      { name: "Size", type: "integer", jsonPath: ".spec.size", priority: 0, description: null },
      { name: "Wide only", type: "string", jsonPath: ".spec.x", priority: 1, description: null },
    ]);
    expect(columns.map((c) => c.id)).toEqual(["name", "namespace", "colour", "size", "age"]);
    expect(columns[3].sortValue!({ spec: { size: 12 } })).toBe(12);
  });

  it("status chips pick the pods that are not ready", () => {
    const notReady = chipsFor(kindInfo("pods")).find((c) => c.id === "not-ready")!;
    const running = { spec: { containers: [{}] }, status: { phase: "Running", containerStatuses: [{ ready: true, state: {} }] } };
    const waiting = { spec: { containers: [{}] }, status: { phase: "Pending", containerStatuses: [{ ready: false, state: { waiting: { reason: "ImagePullBackOff" } } }] } };
    expect(notReady.test(running)).toBe(false);
    expect(notReady.test(waiting)).toBe(true);
  });
});

describe("sidebar groups", () => {
  it("lists custom resources by API group, named plural.group, never built-in groups", () => {
    const groups = customGroups([
      kindInfo("widgets.lab.kubeli.dev"),
      kindInfo("gadgets.lab.kubeli.dev"),
      kindInfo("certificates.cert-manager.io"),
      kindInfo("deployments"),
      kindInfo("pods.metrics.k8s.io"),
    ]);
    expect(groups.map((g) => g.label)).toEqual(["cert-manager.io", "lab.kubeli.dev"]);
    expect(groups[1].entries.map((e) => e.kind)).toEqual(["gadgets.lab.kubeli.dev", "widgets.lab.kubeli.dev"]);
  });
});
