/**
 * Bulk scale and rollout restart in the all-clusters scope: next to bulk delete for kinds that
 * scale / restart, one confirmation grouped by cluster, each call going to the row's own
 * cluster; a protected cluster asks for its name for a restart or a scale to zero, not for
 * another scale; and the view's scroll position is restored when it is shown again.
 */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import type { ResourceDelta, Value } from "@/lib/tauri/bindings";
import { cluster, connectedEntry, emitBackendEvent, mockBackend } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { resetAppStores } from "@/test/reset-stores";
import { listenToResourceDeltas } from "@/stores/resource-store";
import { useClusterStore } from "@/stores/cluster-store";
import { ResourceView } from "../components/resource-view";
import { resetViewStateStore, useViewStateStore } from "../stores/view-state";

const [dev, staging, prod] = ["dev", "staging", "prod"].map((c) => cluster(c));
let stop: (() => void) | null = null;

const connected = (c: ReturnType<typeof cluster>) => connectedEntry(c);

function deployment(name: string, replicas: number): Value {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "shop", uid: `${name}-uid`, creationTimestamp: "2026-01-01T00:00:00Z" }, spec: { replicas }, status: { replicas, readyReplicas: replicas } };
}

const delta = (context: string, reset: Value[]): ResourceDelta => ({ context, kind: "deployments.apps", namespace: null, reset, upserts: [], deletes: [] });

async function showAllClusters() {
  const calls = mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
  useClusterStore.setState({ clusters: [dev, staging, prod], connectedClusters: new Map([dev, staging, prod].map((c) => [c.id, connected(c)])), tabOrder: [dev.id, staging.id, prod.id], activeClusterContext: dev.id });
  stop = await listenToResourceDeltas();
  const user = userEvent.setup();
  const view = render(<ResourceView context={dev.id} clusterName="dev" kind="deployments" namespace={null} />);
  await act(async () => {});
  await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(dev.id, [deployment("web", 2), deployment("api", 1)]) });
  await user.click(screen.getByTestId("scope-all-clusters"));
  await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(staging.id, [deployment("web", 3)]) });
  await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(prod.id, [deployment("web", 5)]) });
  await waitFor(() => expect(screen.getAllByTestId("resource-row")).toHaveLength(4));
  return { calls, user, view };
}

async function selectWeb(user: ReturnType<typeof userEvent.setup>) {
  for (const r of screen.getAllByTestId("resource-row").filter((r) => r.dataset.name === "web")) await user.click(within(r).getByTestId("row-select"));
}

beforeEach(() => {
  resetAppStores();
  resetViewStateStore();
});
afterEach(() => {
  stop?.();
  stop = null;
});

describe("all-clusters bulk scale and restart", { timeout: 15_000 }, () => {
  it("scales the selection on each row's own cluster after one confirmation naming every cluster", async () => {
    const { calls, user } = await showAllClusters();
    useClusterStore.getState().setGuard(prod.id, { protected: true });
    await selectWeb(user);
    expect(screen.getByTestId("bulk-delete")).toBeInTheDocument();
    await user.click(screen.getByTestId("bulk-scale"));
    const dialog = screen.getByRole("dialog", { name: "Scale 3 Deployments?" });
    expect(within(dialog).getAllByTestId("bulk-delete-cluster").map((g) => g.dataset.context)).toEqual(["dev", "prod", "staging"]);
    const confirm = () => within(dialog).getByTestId("confirm-action");
    expect(confirm()).toBeDisabled();
    await user.type(within(dialog).getByTestId("bulk-scale-replicas"), "4");
    // Scaling up is not destructive: no name to type, even on the protected cluster.
    expect(within(dialog).queryByTestId("confirm-name-input")).toBeNull();
    expect(confirm()).toBeEnabled();
    await user.click(confirm());
    await waitFor(() => expect(calls.filter((c) => c.cmd === "scale_resource")).toHaveLength(3));
    const scaled = calls.filter((c) => c.cmd === "scale_resource").map((c) => [c.args.context, c.args.name, c.args.replicas]);
    expect(scaled.sort()).toEqual([[dev.id, "web", 4], [prod.id, "web", 4], [staging.id, "web", 4]].sort());
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("a scale to zero and a restart ask a protected cluster for its name; the restart goes to each row's cluster", async () => {
    const { calls, user } = await showAllClusters();
    useClusterStore.getState().setGuard(prod.id, { protected: true });
    await selectWeb(user);
    await user.click(screen.getByTestId("bulk-scale"));
    let dialog = screen.getByRole("dialog", { name: "Scale 3 Deployments?" });
    await user.type(within(dialog).getByTestId("bulk-scale-replicas"), "0");
    expect(within(dialog).getByTestId("confirm-action")).toBeDisabled();
    expect(within(dialog).getByTestId("confirm-name-input")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.cmd === "scale_resource")).toBe(false);

    await selectWeb(user);
    await user.click(screen.getByTestId("bulk-restart"));
    dialog = screen.getByRole("dialog", { name: "Restart 3 Deployments?" });
    expect(dialog).toHaveTextContent(/rollout restart/);
    expect(within(dialog).getByTestId("confirm-action")).toBeDisabled();
    await user.type(within(dialog).getByTestId("confirm-name-input"), "prod");
    await user.click(within(dialog).getByTestId("confirm-action"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "restart_resource")).toHaveLength(3));
    expect(calls.filter((c) => c.cmd === "restart_resource").map((c) => c.args.context).sort()).toEqual([dev.id, prod.id, staging.id].sort());
  });

  it("offers no scale or restart for a kind that has neither", async () => {
    mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    useClusterStore.setState({ clusters: [dev, staging], connectedClusters: new Map([dev, staging].map((c) => [c.id, connected(c)])), tabOrder: [dev.id, staging.id], activeClusterContext: dev.id });
    stop = await listenToResourceDeltas();
    const user = userEvent.setup();
    render(<ResourceView context={dev.id} clusterName="dev" kind="secrets" namespace={null} />);
    await act(async () => {});
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "shop", uid: "s-uid" } };
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: dev.id, kind: "secrets", namespace: null, reset: [], upserts: [], deletes: [] });
    await user.click(screen.getByTestId("scope-all-clusters"));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: staging.id, kind: "secrets", namespace: null, reset: [secret], upserts: [], deletes: [] });
    const row = await screen.findByTestId("resource-row");
    await user.click(within(row).getByTestId("row-select"));
    expect(screen.getByTestId("bulk-delete")).toBeInTheDocument();
    expect(screen.queryByTestId("bulk-scale")).toBeNull();
    expect(screen.queryByTestId("bulk-restart")).toBeNull();
  });

  it("shown again, the all-clusters table is where it was scrolled to", async () => {
    // jsdom does not scroll: the virtual list scrolls its container with `scrollTo`, which
    // here sets the position as a browser would.
    const original = HTMLElement.prototype.scrollTo;
    HTMLElement.prototype.scrollTo = function (this: HTMLElement, options?: ScrollToOptions | number) {
      if (typeof options === "object") this.scrollTop = options.top ?? this.scrollTop;
    } as typeof original;
    onTestFinished(() => {
      HTMLElement.prototype.scrollTo = original;
    });
    const { view } = await showAllClusters();
    const scroll = screen.getByTestId("resource-scroll");
    act(() => {
      scroll.scrollTop = 120;
      scroll.dispatchEvent(new Event("scroll"));
    });
    expect(useViewStateStore.getState().views[JSON.stringify([dev.id, "deployments"])]?.scrollTop).toBe(120);
    view.unmount();
    render(<ResourceView context={dev.id} clusterName="dev" kind="deployments" namespace={null} />);
    await waitFor(() => expect(screen.getAllByTestId("resource-row").length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.getByTestId("resource-scroll").scrollTop).toBe(120));
  });
});
