/** The cluster overview: counts, what needs attention, and metrics where the cluster serves them. */
import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { appError, mockBackend, pod } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";
import { ClusterOverview } from "../components/cluster-overview";
import { cpuCores, memoryBytes } from "../components/cluster-overview-data";

const node = (name: string, ready: boolean): Value => ({
  kind: "Node",
  metadata: { name },
  status: { allocatable: { cpu: "4", memory: "8Gi" }, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});
const crashing: Value = {
  kind: "Pod",
  metadata: { name: "api-1", namespace: "shop" },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }], containerStatuses: [{ name: "api", state: { waiting: { reason: "CrashLoopBackOff" } } }] },
};
const ready = (name: string): Value => ({ ...(pod(name, "shop") as object), status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } });

function backend(metrics: boolean) {
  const lists: Record<string, Value[]> = {
    nodes: [node("n1", true), node("n2", false)],
    pods: [ready("web-1"), ready("web-2"), crashing],
    "deployments.apps": [{ kind: "Deployment", metadata: { name: "web" } }],
    services: [],
    namespaces: [{ metadata: { name: "default" } }, { metadata: { name: "shop" } }],
    events: [
      { type: "Warning", reason: "BackOff", message: "restarting", lastTimestamp: new Date().toISOString(), involvedObject: { kind: "Pod", name: "api-1" } },
      { type: "Warning", reason: "Old", message: "long ago", lastTimestamp: new Date(Date.now() - 7_200_000).toISOString(), involvedObject: { kind: "Pod", name: "x" } },
    ],
    "nodes.metrics.k8s.io": [{ usage: { cpu: "1500m", memory: "2Gi" } }, { usage: { cpu: "500m", memory: "2Gi" } }],
    "pods.metrics.k8s.io": [{ containers: [{ usage: { cpu: "250m", memory: "512Mi" } }] }],
  };
  return mockBackend((cmd, args) => {
    if (cmd !== "list_resources") return null;
    const kind = args.kind as string;
    if (!metrics && kind.endsWith("metrics.k8s.io")) throw appError(`prod: not found: the server has no resource kind "${kind}"`, "notFound");
    return { items: lists[kind] ?? [], continueToken: null, resourceVersion: "1", resolved: { group: "", version: "v1", kind: "X", plural: kind, namespaced: true } };
  });
}

beforeEach(() => resetAppStores());

describe("cluster overview", () => {
  it("counts objects, lists what needs attention and shows CPU and memory", async () => {
    backend(true);
    render(<ClusterOverview context="/k#prod" />);
    expect(await screen.findByTestId("overview-count-pods")).toHaveTextContent("3");
    expect(await screen.findByTestId("overview-count-nodes")).toHaveTextContent("2");
    expect(await screen.findByTestId("overview-count-namespaces")).toHaveTextContent("2");
    const attention = screen.getByTestId("overview-attention");
    expect(await within(attention).findByText("shop/api-1")).toBeInTheDocument();
    expect(within(attention).getByText("CrashLoopBackOff")).toBeInTheDocument();
    expect(within(attention).getByText("n2")).toBeInTheDocument();
    expect(within(attention).getByText("Node not ready")).toBeInTheDocument();
    const warnings = await within(attention).findByTestId("overview-warnings");
    expect(warnings).toHaveTextContent("BackOff");
    expect(warnings).not.toHaveTextContent("long ago");
    const metrics = await screen.findByTestId("overview-metrics");
    expect(metrics).toHaveTextContent("2.00 cores of 8.00 cores (25%)");
    expect(metrics).toHaveTextContent("4.0 GiB of 16.0 GiB");
  });

  it("says metrics are not available when metrics.k8s.io is not served", async () => {
    backend(false);
    render(<ClusterOverview context="/k#prod" />);
    expect(await screen.findByTestId("overview-no-metrics")).toHaveTextContent("Metrics not available");
  });

  it("reads Kubernetes quantities", () => {
    expect(cpuCores("250m")).toBe(0.25);
    expect(cpuCores("2")).toBe(2);
    expect(cpuCores("500000000n")).toBeCloseTo(0.5);
    expect(memoryBytes("1Gi")).toBe(1024 ** 3);
    expect(memoryBytes("1000k")).toBe(1e6);
  });
});
