/**
 * Multi-select on the home grid and groups: checkboxes, Shift+click ranges, "select all
 * matching" the search, connect / disconnect the selection together with per-cluster progress
 * and failures listed with Retry, save the selection as a group that connects as one.
 */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { connectionInfo } from "@/test/backend";
import { HomePage } from "../components/home-page";
import { useSelectionStore } from "../stores/use-selection-store";
import { appError, makeCluster, makeDiscovery, mockBackend, resetDiscoveryStore } from "./fixtures";

const clusters = ["eu", "us", "asia", "dev"].map((context) => makeCluster({ context }));
const byContext = (context: string) => clusters.find((c) => c.context === context)!;

function backend(failing = new Set<string>()) {
  return mockBackend((cmd, args) => {
    if (cmd === "list_clusters") return makeDiscovery({ clusters });
    if (cmd === "connect") {
      const c = clusters.find((x) => x.id === args.context)!;
      if (failing.has(c.context)) throw appError(`${c.context}: cannot reach the API server: connection refused`);
      return connectionInfo(c);
    }
    if (cmd === "disconnect") return true;
    return null;
  });
}

const checkbox = (context: string) => within(screen.getAllByTestId("cluster-card").find((c) => c.dataset.context === context)!).getByTestId("select-cluster");
const selected = () => useSelectionStore.getState().selected.map((id) => clusters.find((c) => c.id === id)!.context);
const connected = () => [...useClusterStore.getState().connectedClusters.keys()].map((id) => clusters.find((c) => c.id === id)!.context).sort();

beforeEach(() => {
  localStorage.clear();
  resetDiscoveryStore();
  resetClusterStore();
  useSelectionStore.setState({ selected: [], anchor: null, batch: [] });
});

describe("multi-select", () => {
  it("selects with checkboxes, Shift+click ranges and 'select all matching' the search", async () => {
    backend();
    const user = userEvent.setup();
    render(<HomePage />);
    await screen.findAllByTestId("cluster-card");
    await user.click(checkbox("eu"));
    await user.keyboard("{Shift>}");
    await user.click(checkbox("asia"));
    await user.keyboard("{/Shift}");
    expect(selected()).toEqual(["eu", "us", "asia"]);
    await user.click(checkbox("us"));
    expect(selected()).toEqual(["eu", "asia"]);
    expect(screen.getByTestId("selected-count")).toHaveTextContent("2 selected");
    await user.click(screen.getByTestId("clear-selection"));
    await user.type(screen.getByRole("searchbox"), "asia");
    await waitFor(() => expect(screen.getAllByTestId("cluster-card")).toHaveLength(1));
    await user.click(screen.getByTestId("select-all-matching"));
    expect(selected()).toEqual(["asia"]);
    await user.clear(screen.getByRole("searchbox"));
    await user.click(await screen.findByTestId("select-all-matching"));
    expect(selected()).toEqual(["asia", "eu", "us", "dev"]);
  });

  it("connects the selection together; a failure is listed with its reason and Retry", async () => {
    const failing = new Set(["us"]);
    const calls = backend(failing);
    const user = userEvent.setup();
    render(<HomePage />);
    await screen.findAllByTestId("cluster-card");
    for (const c of ["eu", "us", "asia"]) await user.click(checkbox(c));
    await user.click(screen.getByTestId("connect-selected"));
    await waitFor(() => expect(connected()).toEqual(["asia", "eu"]));
    const items = () => screen.getAllByTestId("batch-item");
    expect(items().map((i) => [i.dataset.context, i.dataset.state])).toEqual([
      ["eu", "connected"],
      ["us", "failed"],
      ["asia", "connected"],
    ]);
    const failed = items()[1];
    expect(within(failed).getByTestId("batch-error")).toHaveTextContent("us: cannot reach the API server: connection refused");
    failing.clear();
    await user.click(within(failed).getByTestId("batch-retry"));
    await waitFor(() => expect(connected()).toEqual(["asia", "eu", "us"]));
    expect(calls.filter((c) => c.cmd === "connect").map((c) => c.args.context)).toEqual(["eu", "us", "asia", "us"].map((n) => byContext(n).id));

    await user.click(screen.getByTestId("disconnect-selected"));
    await waitFor(() => expect(connected()).toEqual([]));
  });

  it("saves the selection as a group that connects and disconnects as one", async () => {
    backend();
    const user = userEvent.setup();
    render(<HomePage />);
    await screen.findAllByTestId("cluster-card");
    await user.click(checkbox("eu"));
    await user.click(checkbox("us"));
    await user.click(screen.getByTestId("new-group"));
    await user.type(screen.getByTestId("group-name-input"), "prod{Enter}");
    const group = await screen.findByTestId("cluster-group");
    expect(group).toHaveAttribute("data-group", "prod");
    await user.click(screen.getByTestId("clear-selection"));
    await user.click(within(group).getByTestId("group-connect"));
    await waitFor(() => expect(connected()).toEqual(["eu", "us"]));
    expect(group).toHaveAttribute("data-connected", "2");
    await user.click(within(group).getByTestId("group-disconnect"));
    await waitFor(() => expect(connected()).toEqual([]));
  });
});
