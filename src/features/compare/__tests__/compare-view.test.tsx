/**
 * Compare across clusters: differing paths above the panes, a failing cluster named on its
 * own, the status switch, the namespace summary; each cluster read on its own (progress, a
 * hung one holds back none of the others) and Cancel or closing abandons the rest.
 */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { ComparedSide, NamespaceSummary, Value } from "@/lib/tauri/bindings";
import { appError, cluster, connectedEntry, deferred, mockBackend } from "@/test/backend";
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
    connectedEntry(c),
  ]);
  useClusterStore.setState({ clusters, connectedClusters: new Map(entries) });
}

const yaml = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n`;

const replicas: Record<string, number> = { [dev.id]: 2, [prod.id]: 3 };

/** What the core answers for one cluster's side: dev and prod have the object, edge refuses. */
function side(context: string, includeStatus: boolean): ComparedSide {
  if (context === edge.id) throw { ...appError("edge: forbidden (403): deployments.apps is forbidden", "forbidden"), retryable: false };
  const n = replicas[context];
  const object = { spec: { replicas: n }, ...(includeStatus ? { status: { replicas: n } } : {}) };
  return { side: { context, state: "found", yaml: yaml(n), error: null }, object };
}

/** The core's differences of the objects it is given (the paths these test objects can differ at). */
function differences(objects: (Value | null)[]) {
  const at = (path: string[]) => objects.map((o) => path.reduce<Value | null | undefined>((v, k) => (v && typeof v === "object" && !Array.isArray(v) ? v[k] : undefined), o));
  return [["spec", "replicas"], ["status", "replicas"]]
    .map((path) => ({ path: path.join("."), values: at(path).map((v) => (v === undefined || v === null ? null : String(v))) }))
    .filter((d) => new Set(d.values.filter((v) => v !== null)).size > 1);
}

function compareBackend(cmd: string, args: Record<string, unknown>) {
  if (cmd === "compare_side") return side(args.context as string, args.includeStatus as boolean);
  if (cmd === "compare_differences") return differences(args.objects as (Value | null)[]);
  return null;
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
    const calls = mockBackend(compareBackend);
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
    const sides = calls.filter((c) => c.cmd === "compare_side").map((c) => [c.args.context, c.args.includeStatus]);
    expect(sides).toEqual([false, true].flatMap((status) => [dev, prod, edge].map((c) => [c.id, status])));
    expect(within(view).getByTestId("compare-progress")).toHaveTextContent("3 of 3 clusters answered · 1 failed");
  });

  it("shows the namespace summary of the first two clusters and opens a differing object from it", async () => {
    connected(dev, prod);
    const calls = mockBackend((cmd, args) => (cmd === "compare_namespace" ? summary : compareBackend(cmd, args)));
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

  it("shows each cluster as it answers while a hung one is still read, and Cancel abandons just that request", async () => {
    connected(dev, prod, edge);
    const hung = deferred<ComparedSide>();
    const calls = mockBackend((cmd, args) => (cmd === "compare_side" && args.context === edge.id ? hung.promise : cmd === "cancel_request" ? true : compareBackend(cmd, args)));
    const user = userEvent.setup();
    render(<CompareLayer />);
    useCompareStore.getState().open({ kind: "deployments.apps", namespace: "shop", name: "web", contexts: [dev.id, prod.id, edge.id] });
    const view = await screen.findByTestId("compare-view");
    // dev and prod are shown and compared while edge is still being read.
    const rows = await within(view).findAllByTestId("compare-difference");
    expect(rows.map((r) => r.dataset.path)).toEqual(["spec.replicas"]);
    const pane = (context: string) => within(view).getAllByTestId("compare-pane").find((p) => p.dataset.context === context);
    expect(pane(dev.id)).toHaveAttribute("data-state", "found");
    expect(pane(edge.id)).toHaveAttribute("data-state", "loading");
    expect(within(view).getByTestId("compare-progress")).toHaveTextContent("2 of 3 clusters answered");
    expect(calls.some((c) => c.cmd === "cancel_request")).toBe(false);

    await user.click(within(view).getByTestId("compare-cancel"));
    const edgeRequest = calls.find((c) => c.cmd === "compare_side" && c.args.context === edge.id)!.args.request;
    expect(typeof edgeRequest).toBe("string");
    expect(calls.filter((c) => c.cmd === "cancel_request").map((c) => c.args.request)).toEqual([edgeRequest]);
    await waitFor(() => expect(pane(edge.id)).toHaveAttribute("data-state", "cancelled"));
    expect(pane(edge.id)).toHaveTextContent("cancelled");
    expect(within(view).getByTestId("compare-progress")).toHaveTextContent("2 of 3 clusters answered · 1 cancelled");
    expect(within(view).queryByTestId("compare-cancel")).toBeNull();
    // The found sides stay, with their differences.
    expect(within(view).getAllByTestId("compare-difference").map((r) => r.dataset.path)).toEqual(["spec.replicas"]);
  });

  it("closing the view while a cluster is still read abandons its request", async () => {
    connected(dev, prod, edge);
    const hung = deferred<ComparedSide>();
    const calls = mockBackend((cmd, args) => (cmd === "compare_side" && args.context === edge.id ? hung.promise : cmd === "cancel_request" ? true : compareBackend(cmd, args)));
    const user = userEvent.setup();
    render(<CompareLayer />);
    useCompareStore.getState().open({ kind: "deployments.apps", namespace: "shop", name: "web", contexts: [dev.id, prod.id, edge.id] });
    const view = await screen.findByTestId("compare-view");
    await within(view).findAllByTestId("compare-difference");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("compare-view")).not.toBeInTheDocument());
    const edgeRequest = calls.find((c) => c.cmd === "compare_side" && c.args.context === edge.id)!.args.request;
    expect(calls.filter((c) => c.cmd === "cancel_request").map((c) => c.args.request)).toEqual([edgeRequest]);
  });
});
