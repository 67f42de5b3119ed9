/**
 * The all-clusters scope of a resource view: one table over three connected clusters, with a
 * Cluster column and `data-context` per row, sort and filter across them, a per-cluster state
 * strip that does not hide the others' rows, and deletes going to each row's own cluster.
 */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResourceDelta, Value, WatchState } from "@/lib/tauri/bindings";
import { cluster, connectedEntry, emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { kindCommands, watcherKey } from "@/test/kinds";
import { resetAppStores } from "@/test/reset-stores";
import { listenToResourceDeltas } from "@/stores/resource-store";
import { useClusterStore } from "@/stores/cluster-store";
import { useStreamStore } from "@/stores/stream-store";
import { useDetailsStore } from "../stores/details-store";
import { ResourceView } from "../components/resource-view";
import { resetViewStateStore, selectViewState, useViewStateStore } from "../stores/view-state";

const [dev, staging, prod] = ["dev", "staging", "prod"].map((c) => cluster(c));
let stop: (() => void) | null = null;

const connected = (c: ReturnType<typeof cluster>) => connectedEntry(c);

function restarted(name: string, restarts: number): Value {
  const p = pod(name, "shop") as { status: { containerStatuses: Record<string, Value>[] } };
  p.status.containerStatuses[0].restartCount = restarts;
  return p as Value;
}

const delta = (context: string, reset: Value[]): ResourceDelta => ({ context, kind: "pods", namespace: null, reset, upserts: [], deletes: [] });
const rows = () => screen.queryAllByTestId("resource-row").map((r) => `${within(r).getByTestId("cluster-cell").textContent} ${r.dataset.name}`);
const header = (column: string) => screen.getAllByTestId("column-header").find((h) => h.dataset.column === column)!;
const stateOf = (id: string) => screen.getAllByTestId("scope-cluster-state").find((s) => s.dataset.clusterId === id)!;

async function showAllClusters() {
  const calls = mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
  useClusterStore.setState({ clusters: [dev, staging, prod], connectedClusters: new Map([dev, staging, prod].map((c) => [c.id, connected(c)])), tabOrder: [dev.id, staging.id, prod.id], activeClusterContext: dev.id });
  stop = await listenToResourceDeltas();
  const user = userEvent.setup();
  render(<ResourceView context={dev.id} clusterName="dev" kind="pods" namespace={null} />);
  await act(async () => {});
  await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(dev.id, [restarted("web", 1), restarted("db", 7)]) });
  await user.click(screen.getByTestId("scope-all-clusters"));
  await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(staging.id, [restarted("web", 4)]) });
  await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(prod.id, [restarted("web", 9), restarted("db", 0)]) });
  // Each list is in: the watches report live (until then the strip says "listing…").
  for (const c of [dev, staging, prod]) await emitBackendEvent("resource://watch-state", { type: "watchState", key: watcherKey(c.id, "pods", null), state: { state: "live" } });
  return { calls, user };
}

beforeEach(() => {
  resetAppStores();
  resetViewStateStore();
});
afterEach(() => {
  stop?.();
  stop = null;
});

// Each test renders the real view over three clusters; on a loaded 2-core machine that outlasts the 5 s default.
describe("all-clusters scope", { timeout: 15_000 }, () => {
  it("shows one table of every connected cluster's pods, each row naming its cluster, sorted across them", async () => {
    const { calls, user } = await showAllClusters();
    // One watch per cluster in scope, of the same kind and namespace.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "watch_resources").map((c) => c.args.context)).toEqual(expect.arrayContaining([dev.id, staging.id, prod.id])));
    expect(screen.getByTestId("scope-all-clusters")).toHaveAttribute("aria-pressed", "true");
    expect(rows()).toEqual(["dev db", "prod db", "dev web", "prod web", "staging web"]);
    expect(screen.getAllByTestId("resource-row").map((r) => r.dataset.clusterId)).toEqual([dev.id, prod.id, dev.id, prod.id, staging.id]);
    expect(screen.getAllByTestId("resource-row").map((r) => r.dataset.context)).toEqual(["dev", "prod", "dev", "prod", "staging"]);

    await user.click(within(header("restarts")).getByRole("button"));
    await user.click(within(header("restarts")).getByRole("button"));
    expect(rows()).toEqual(["prod web", "dev db", "staging web", "dev web", "prod db"]);
    await user.click(within(header("cluster")).getByRole("button"));
    expect(rows().map((r) => r.split(" ")[0])).toEqual(["dev", "dev", "prod", "prod", "staging"]);
  });

  it("filters across clusters by the cluster's name too, and keeps the scope with the view's saved state", async () => {
    const { user } = await showAllClusters();
    await user.click(screen.getByTestId("resource-filter"));
    await user.paste("staging");
    expect(rows()).toEqual(["staging web"]);
    expect(screen.getByTestId("resource-count")).toHaveTextContent("1 of 5");

    // The scope is the view's state, saved with its filter and sort.
    expect(selectViewState(dev.id, "pods")(useViewStateStore.getState()).scope).toEqual({ mode: "all" });
    expect(useClusterStore.getState().prefs[dev.id]?.views?.pods?.scope).toEqual({ mode: "all" });
  });

  it("narrows to chosen clusters; a cluster left out takes only its rows", async () => {
    const { user } = await showAllClusters();
    await user.click(screen.getByTestId("scope-picker"));
    const box = screen.getAllByTestId("scope-cluster").find((b) => b.dataset.context === "prod")!;
    await user.click(box);
    expect(rows()).toEqual(["dev db", "dev web", "staging web"]);
    expect(screen.getAllByTestId("scope-cluster-state").map((s) => s.dataset.context)).toEqual(["dev", "staging"]);
  });

  it("narrows to a group's connected members", async () => {
    const { user } = await showAllClusters();
    act(() => useClusterStore.setState({ groups: [{ name: "pair", members: [staging.id, prod.id] }] }));
    await user.click(screen.getByTestId("scope-picker"));
    await user.click(screen.getAllByTestId("scope-group").find((g) => g.dataset.group === "pair")!);
    // The view's own cluster stays in, whatever the group.
    expect(new Set(screen.getAllByTestId("resource-row").map((r) => r.dataset.context))).toEqual(new Set(["dev", "staging", "prod"]));
    act(() => useClusterStore.setState({ groups: [{ name: "pair", members: [prod.id] }] }));
    expect(new Set(screen.getAllByTestId("resource-row").map((r) => r.dataset.context))).toEqual(new Set(["dev", "prod"]));
    expect(screen.getByTestId("scope-picker")).toHaveTextContent("pair");
  });

  it("shows a cluster whose watch breaks in the strip with its cause, and keeps the other clusters' rows", async () => {
    await showAllClusters();
    const reconnecting: WatchState = { state: "reconnecting", sinceMs: Date.now(), reason: "staging: connection refused" };
    await emitBackendEvent("resource://watch-state", { type: "watchState", key: watcherKey(staging.id, "pods", null), state: reconnecting });
    expect(stateOf(staging.id)).toHaveAttribute("data-state", "reconnecting");
    expect(within(stateOf(staging.id)).getByTestId("scope-cluster-cause")).toHaveTextContent("staging: connection refused");
    expect(stateOf(dev.id)).toHaveAttribute("data-state", "live");
    expect(rows()).toHaveLength(5);

    const failed: WatchState = { state: "failed", reason: "prod: pods is forbidden: User cannot list pods (403)" };
    await emitBackendEvent("resource://watch-state", { type: "watchState", key: watcherKey(prod.id, "pods", null), state: failed });
    expect(stateOf(prod.id)).toHaveAttribute("data-state", "forbidden");
    expect(within(stateOf(prod.id)).getByTestId("scope-cluster-retry")).toBeInTheDocument();
    expect(rows().filter((r) => r.startsWith("dev"))).toHaveLength(2);
  });

  it("deletes a row on its own cluster, not the active one", async () => {
    const { calls, user } = await showAllClusters();
    const row = screen.getAllByTestId("resource-row").find((r) => r.dataset.context === "staging")!;
    await user.click(within(row).getByTestId("row-delete"));
    const dialog = screen.getByRole("dialog", { name: "Delete shop/web?" });
    expect(dialog).toHaveTextContent("staging");
    await user.click(within(dialog).getByTestId("confirm-action"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "delete_resource").map((c) => c.args.context)).toEqual([staging.id]));
  });

  it("walks the merged rows by keyboard; Delete asks about the focused row on its own cluster", async () => {
    const { user } = await showAllClusters();
    const toggle = screen.getByRole("button", { name: "All clusters" });
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    const [first] = screen.getAllByTestId("resource-row");
    act(() => first.focus());
    await user.keyboard("{ArrowDown}");
    const focused = (document.activeElement as HTMLElement).closest<HTMLElement>('[data-testid="resource-row"]')!;
    expect([focused.dataset.context, focused.dataset.name]).toEqual(["prod", "db"]);
    await user.keyboard("{Delete}");
    const dialog = screen.getByRole("dialog", { name: "Delete shop/db?" });
    expect(dialog).toHaveTextContent("prod");
    expect(dialog).not.toHaveTextContent("dev");
  });

  it("opens details and logs of a row on its own cluster", async () => {
    const { user } = await showAllClusters();
    const row = () => screen.getAllByTestId("resource-row").find((r) => r.dataset.context === "prod" && r.dataset.name === "db")!;
    await user.click(within(row()).getByTestId("open-logs"));
    expect(useStreamStore.getState().tabs.map((t) => [t.context, t.title])).toEqual([[prod.id, expect.stringContaining("db")]]);
    await user.click(within(row()).getAllByRole("cell")[2]);
    expect(useDetailsStore.getState().target).toMatchObject({ context: prod.id, kind: "pods", namespace: "shop", name: "db" });
  });

  it("confirms a bulk delete across clusters grouped by cluster; a protected one needs its name typed", async () => {
    const { calls, user } = await showAllClusters();
    useClusterStore.getState().setGuard(prod.id, { protected: true });
    for (const r of screen.getAllByTestId("resource-row").filter((r) => r.dataset.name === "web")) await user.click(within(r).getByTestId("row-select"));
    await user.click(screen.getByTestId("bulk-delete"));
    const dialog = screen.getByRole("dialog", { name: "Delete 3 Pods?" });
    const groups = within(dialog).getAllByTestId("bulk-delete-cluster");
    expect(groups.map((g) => g.dataset.context)).toEqual(["dev", "prod", "staging"]);
    expect(within(groups[1]).getByTestId("guard-label")).toHaveTextContent(/protected/i);
    const confirm = () => within(dialog).getByTestId("confirm-action");
    expect(confirm()).toBeDisabled();
    await user.type(within(dialog).getByTestId("confirm-name-input"), "prod");
    expect(confirm()).toBeEnabled();
    await user.click(confirm());
    await waitFor(() => expect(calls.filter((c) => c.cmd === "delete_resource").map((c) => c.args.context).sort()).toEqual([dev.id, prod.id, staging.id].sort()));
  });
});
