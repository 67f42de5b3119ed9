/** Compare across clusters: differing paths above the panes, a failing cluster named on its own, the status switch, the namespace summary. */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { NamespaceSummary, ObjectComparison } from "@/lib/tauri/bindings";
import { appError, cluster, mockBackend } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";
import { useClusterStore } from "@/stores/cluster-store";
import type { ConnectedClusterState } from "@/stores/cluster-types";
import { useCompareStore } from "@/stores/compare-store";
import { CompareLayer } from "../components/compare-layer";

const dev = cluster("dev");
const prod = cluster("arn:aws:eks:eu-west-1:123456789012:cluster/production-main");
const edge = cluster("edge");

function connected(...clusters: (typeof dev)[]) {
  const entries = clusters.map((c): [string, ConnectedClusterState] => [
    c.id,
    { id: c.id, cluster: c, status: "connected", health: null, serverVersion: null, namespaces: [], namespaceSource: null, namespaceError: null, currentNamespace: null, lastError: null, activateOnConnect: false, attempt: 1 },
  ]);
  useClusterStore.setState({ clusters, connectedClusters: new Map(entries) });
}

const yaml = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n`;

function comparison(includeStatus: boolean): ObjectComparison {
  return {
    kind: "deployments.apps",
    namespace: "shop",
    name: "web",
    includeStatus,
    sides: [
      { context: dev.id, state: "found", yaml: yaml(2), error: null },
      { context: prod.id, state: "found", yaml: yaml(3), error: null },
      { context: edge.id, state: "failed", yaml: null, error: appError("edge: forbidden (403): deployments.apps is forbidden", "forbidden") },
    ],
    differences: includeStatus
      ? [
          { path: "spec.replicas", values: ["2", "3", null] },
          { path: "status.replicas", values: ["2", "3", null] },
        ]
      : [{ path: "spec.replicas", values: ["2", "3", null] }],
  };
}

const summary: NamespaceSummary = {
  kind: "deployments.apps",
  namespace: "shop",
  includeStatus: false,
  a: { context: dev.id, count: 2, error: null },
  b: { context: prod.id, count: 3, error: null },
  onlyInA: [],
  onlyInB: ["extra"],
  different: ["web"],
  equal: ["same"],
};

beforeEach(() => resetAppStores());

describe("compare view", () => {
  it("lists the differing paths with each cluster's value, names a failing cluster with its cause, and asks again with status", async () => {
    connected(dev, prod, edge);
    const calls = mockBackend((cmd, args) => (cmd === "compare_object" ? comparison(args.includeStatus as boolean) : null));
    const user = userEvent.setup();
    render(<CompareLayer />);
    useCompareStore.getState().open({ kind: "deployments.apps", namespace: "shop", name: "web", contexts: [dev.id, prod.id, edge.id] });
    const view = await screen.findByTestId("compare-view");
    const rows = await within(view).findAllByTestId("compare-difference");
    expect(rows.map((r) => r.dataset.path)).toEqual(["spec.replicas"]);
    expect(rows[0]).toHaveTextContent("dev=2");
    // The long EKS name is shortened in the middle on its chip, the full name kept for hover.
    const chips = within(view).getAllByTestId("compare-cluster-chip").filter((c) => c.dataset.context === prod.id);
    expect(chips.length).toBeGreaterThan(0);
    expect(chips[0]).toHaveTextContent("arn:aws:eks:");
    expect(chips[0]).toHaveTextContent("production-main");
    expect(chips[0].textContent!.length).toBeLessThan(prod.context.length);
    const failed = within(view).getAllByTestId("compare-pane").find((p) => p.dataset.context === edge.id);
    expect(failed).toHaveAttribute("data-state", "failed");
    expect(failed).toHaveTextContent("edge: forbidden (403)");

    await user.click(within(view).getByTestId("compare-include-status"));
    await waitFor(() => expect(within(view).getAllByTestId("compare-difference").map((r) => r.dataset.path)).toEqual(["spec.replicas", "status.replicas"]));
    expect(calls.filter((c) => c.cmd === "compare_object").map((c) => c.args.includeStatus)).toEqual([false, true]);
  });

  it("shows the namespace summary of the first two clusters and opens a differing object from it", async () => {
    connected(dev, prod);
    const calls = mockBackend((cmd, args) => (cmd === "compare_namespace" ? summary : cmd === "compare_object" ? { ...comparison(false), name: args.name, sides: comparison(false).sides.slice(0, 2) } : null));
    const user = userEvent.setup();
    render(<CompareLayer />);
    useCompareStore.getState().open({ kind: "deployments.apps", namespace: "shop", name: "web", contexts: [dev.id, prod.id] }, "summary");
    const panel = await screen.findByTestId("compare-summary");
    await waitFor(() => expect(within(panel).getByTestId("summary-only-b")).toHaveAttribute("data-count", "1"));
    expect(within(within(panel).getByTestId("summary-only-b")).getByTestId("summary-name")).toHaveAttribute("data-name", "extra");
    expect(within(panel).getByTestId("summary-only-a")).toHaveAttribute("data-count", "0");
    expect(within(panel).getByTestId("summary-equal")).toHaveTextContent("1 equal");
    expect(calls.find((c) => c.cmd === "compare_namespace")?.args).toEqual({ a: dev.id, b: prod.id, kind: "deployments.apps", namespace: "shop", includeStatus: false });

    await user.click(within(panel).getByRole("button", { name: "web" }));
    await screen.findAllByTestId("compare-difference");
    expect(useCompareStore.getState().mode).toBe("object");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("compare-view")).not.toBeInTheDocument());
    expect(useCompareStore.getState().target).toBeNull();
  });
});
