/** Groups in the tab bar: a chip per group with a connected member folds its tabs away (the active one stays) and back. */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, mockBackend } from "@/test/backend";
import { ClusterTabBar } from "../components/cluster-tab-bar";

const clusters = ["eu", "us", "dev"].map((name) => cluster(name));
const tabNames = () => screen.getAllByTestId("cluster-tab").map((t) => t.dataset.context);

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
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
