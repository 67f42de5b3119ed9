/** The Connections panel: watches and cached objects per connected cluster, from the backend's registries, with Disconnect. */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { ConnectionStats } from "@/lib/tauri/bindings";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, mockBackend } from "@/test/backend";
import { ConnectionsDialog } from "../components/connections-dialog";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";

const eu = cluster("arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu");
const us = cluster("us");

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
});

describe("connections panel", () => {
  it("lists each cluster's watches and object counts, and disconnects one", async () => {
    const stats: ConnectionStats[] = [
      {
        context: eu.id,
        readOnly: false,
        watchers: [
          { kind: "pods", namespace: null, state: { state: "live" }, objects: 120 },
          { kind: "deployments.apps", namespace: "shop", state: { state: "reconnecting", sinceMs: 1, reason: "refused" }, objects: 7 },
        ],
      },
      { context: us.id, readOnly: false, watchers: [] },
    ];
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connect") return connectionInfo(args.context === eu.id ? eu : us);
      if (cmd === "connection_stats") return stats;
      if (cmd === "disconnect") return true;
      return null;
    });
    useClusterStore.getState().setClusters([eu, us]);
    await useClusterStore.getState().connectMany([eu.id, us.id]);
    useClusterUiStore.getState().setConnectionsOpen(true);
    const user = userEvent.setup();
    render(<ConnectionsDialog />);

    const rows = await screen.findAllByTestId("connection-row");
    await waitFor(() => expect(rows[0]).toHaveAttribute("data-objects", "127"));
    expect(rows[0]).toHaveAttribute("data-watchers", "2");
    expect(within(rows[0]).getAllByTestId("connection-watcher").map((w) => [w.dataset.kind, w.dataset.state])).toEqual([
      ["pods", "live"],
      ["deployments.apps", "reconnecting"],
    ]);
    // The long ARN is shortened in the middle, whole on hover.
    const name = within(rows[0]).getByTestId("cluster-name");
    expect(name.textContent).toMatch(/^arn:aws:eks:.*….*cluster\/prod-eu$/);
    expect(name.dataset.tooltip).toContain(eu.context);
    expect(rows[1]).toHaveTextContent("0 watches · 0 cached objects");

    await user.click(within(rows[1]).getByTestId("connection-disconnect"));
    await waitFor(() => expect(screen.getAllByTestId("connection-row")).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === "disconnect").map((c) => c.args.context)).toEqual([us.id]);
  });
});
