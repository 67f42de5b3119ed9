import { describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { kindInfo } from "@/test/kinds";
import { columnsFor } from "../utils/columns";

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const kind = kindInfo("endpointslices.discovery.k8s.io");
const row = (object: Value) => Object.fromEntries(columnsFor(kind).map((c) => [c.id, c.value(object, Date.now())]));

describe("endpointslices columns, as kubectl prints them", () => {
  it("name, namespace, address type, ports, endpoints, age", () => {
    expect(columnsFor(kind).map((c) => c.header)).toEqual(["Name", "Namespace", "Address type", "Ports", "Endpoints", "Age"]);
    // The shape the lab's endpointslice controller (and a real cluster) publishes.
    const slice: Value = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "frontend-x7k2p", namespace: "web", creationTimestamp: ago(3 * 3_600_000), labels: { "kubernetes.io/service-name": "frontend" } },
      addressType: "IPv4",
      endpoints: [
        { addresses: ["10.244.1.5"], conditions: { ready: true, serving: true, terminating: false }, nodeName: "lab-dev-worker" },
        { addresses: ["10.244.2.9"], conditions: { ready: false, serving: false, terminating: false }, nodeName: "lab-dev-worker2" },
      ],
      ports: [
        { name: "http", port: 8080, protocol: "TCP" },
        { name: "metrics", port: 9090, protocol: "TCP" },
      ],
    };
    expect(Object.values(row(slice))).toEqual(["frontend-x7k2p", "web", "IPv4", "8080,9090", "10.244.1.5,10.244.2.9", "3h"]);
  });

  it("an empty slice shows <none> for ports and endpoints", () => {
    const empty: Value = { metadata: { name: "db-b4c5d", namespace: "data", creationTimestamp: ago(60_000) }, addressType: "IPv4", endpoints: [], ports: [] };
    const values = Object.values(row(empty));
    expect(values.slice(2, 5)).toEqual(["IPv4", "<none>", "<none>"]);
  });
});
