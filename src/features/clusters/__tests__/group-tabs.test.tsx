/**
 * Groups in the tab bar: a chip per group with a connected member folds its tabs away (the
 * active one stays) and back. Background tabs tell their watch state in their tooltip.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { WatchState } from "@/lib/tauri/bindings";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { resetResourceStore, useResourceStore, type ResourceEntry } from "@/stores/resource-store";
import { cluster, connectionInfo, mockBackend } from "@/test/backend";
import { ClusterTabBar } from "../components/cluster-tab-bar";

const clusters = ["eu", "us", "dev"].map((name) => cluster(name));
const tabNames = () => screen.getAllByTestId("cluster-tab").map((t) => t.dataset.context);

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  resetResourceStore();
});

describe("group chips in the tab bar", () => {
  it("fold and unfold their members' tabs, keeping the active cluster's", async () => {
    mockBackend((cmd, args) => (cmd === "connect" ? connectionInfo(clusters.find((c) => c.id === args.context)!) : null));
    const store = useClusterStore.getState();
    store.setClusters(clusters);
    for (const c of clusters) await store.connect(c.id);
    store.setActiveCluster(clusters[0].id);
    store.saveGroup("prod", [clusters[0].id, clusters[1].id]);
    const user = userEvent.setup();
    render(<ClusterTabBar />);

    const chip = screen.getByTestId("tab-group");
    expect(chip).toHaveAttribute("data-group", "prod");
    expect(within(chip).getByText("2")).toBeInTheDocument();
    expect(tabNames()).toEqual(["eu", "us", "dev"]);
    await user.click(chip);
    expect(chip).toHaveAttribute("aria-expanded", "false");
    // "us" folds away; "eu" is active and stays.
    expect(tabNames()).toEqual(["eu", "dev"]);
    expect(useClusterStore.getState().groups[0].collapsed).toBe(true);
    await user.click(chip);
    expect(tabNames()).toEqual(["eu", "us", "dev"]);
  });

  it("shows no chip for a group with nothing connected", async () => {
    mockBackend(() => null);
    useClusterStore.getState().saveGroup("idle", [clusters[2].id]);
    render(<ClusterTabBar />);
    expect(screen.queryByTestId("tab-group")).not.toBeInTheDocument();
  });
});

describe("background tabs", () => {
  it("say in their tooltip how their watches are doing; the active tab does not while they are live", async () => {
    mockBackend((cmd, args) => (cmd === "connect" ? connectionInfo(clusters.find((c) => c.id === args.context)!) : null));
    const store = useClusterStore.getState();
    store.setClusters(clusters);
    for (const c of clusters.slice(0, 2)) await store.connect(c.id);
    store.setActiveCluster(clusters[0].id);
    const entry = (context: string, kind: string, watchState: WatchState) => ({ context, kind, namespace: null, watcher: { context, kind }, watchState }) as unknown as ResourceEntry;
    useResourceStore.setState({
      entries: {
        a: entry(clusters[1].id, "pods", { state: "live" }),
        b: entry(clusters[1].id, "services", { state: "stale", sinceMs: Date.now(), reason: "refused" }),
        c: entry(clusters[0].id, "pods", { state: "live" }),
      },
    });
    render(<ClusterTabBar />);
    const [eu, us] = screen.getAllByTestId("cluster-tab");
    expect(us.dataset.watches).toMatch(/^Watches: 1 live, 1 stale since .* \(services\) — refused$/);
    expect(us.dataset.tooltip).toContain(us.dataset.watches);
    expect(eu.dataset.watches).toBeUndefined();
  });

  it("on the active tab, name a watch in trouble with its cause", async () => {
    mockBackend((cmd, args) => (cmd === "connect" ? connectionInfo(clusters.find((c) => c.id === args.context)!) : null));
    const store = useClusterStore.getState();
    store.setClusters(clusters);
    for (const c of clusters.slice(0, 2)) await store.connect(c.id);
    store.setActiveCluster(clusters[0].id);
    const reason = `${clusters[0].id}: the API server answered 503 Service Unavailable: busy`;
    useResourceStore.setState({
      entries: { c: { context: clusters[0].id, kind: "pods", namespace: null, watcher: { context: clusters[0].id, kind: "pods" }, watchState: { state: "reconnecting", sinceMs: Date.now(), reason } } as unknown as ResourceEntry },
    });
    render(<ClusterTabBar />);
    const [eu] = screen.getAllByTestId("cluster-tab");
    expect(eu.dataset.watches).toContain("1 reconnecting");
    expect(eu.dataset.tooltip).toContain(reason);
  });
});
