/** The Connections panel: watches and cached objects per connected cluster, from the backend's registries, with Disconnect. */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConnectionStats, Event } from "@/lib/tauri/bindings";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { listenToResourceDeltas, resetResourceStore, useResourceStore } from "@/stores/resource-store";
import { ConnectionsDialog } from "../components/connections-dialog";
import { THROTTLE_MS } from "../hooks/use-connection-stats";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";

const eu = cluster("arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu");
const us = cluster("us");

let stop: (() => void) | null = null;
beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  resetResourceStore();
});
afterEach(() => {
  stop?.();
  stop = null;
});

describe("connections panel", () => {
  it("lists each cluster's watches and object counts, and disconnects one", async () => {
    const stats: ConnectionStats[] = [
      {
        context: eu.id,
        readOnly: false, pausedSinceMs: null,
        watchers: [
          { kind: "pods", namespace: null, state: { state: "live" }, objects: 120 },
          { kind: "deployments.apps", namespace: "shop", state: { state: "reconnecting", sinceMs: 1, reason: "refused" }, objects: 7 },
        ],
      },
      { context: us.id, readOnly: false, pausedSinceMs: null, watchers: [] },
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

  it("updates counts and watch states while open, from the backend's events (no Refresh click, no timer)", async () => {
    let stats: ConnectionStats[] = [{ context: us.id, readOnly: false, pausedSinceMs: null, watchers: [{ kind: "pods", namespace: null, state: { state: "live" }, objects: 3 }] }];
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connect") return connectionInfo(us);
      if (cmd === "connection_stats") return stats;
      return kindCommands(cmd, args) ?? null;
    });
    useClusterStore.getState().setClusters([us]);
    await useClusterStore.getState().connectMany([us.id]);
    // The pods list is watched (deltas and states reach the page through the resource store).
    stop = await listenToResourceDeltas();
    await useResourceStore.getState().ensureWatch(us.id, "pods", null);
    useClusterUiStore.getState().setConnectionsOpen(true);
    render(<ConnectionsDialog />);
    const row = await screen.findByTestId("connection-row");
    await waitFor(() => expect(row).toHaveAttribute("data-objects", "3"));
    const reads = () => calls.filter((c) => c.cmd === "connection_stats").length;
    const before = reads();

    // Nothing happens: nothing is read again.
    await new Promise((r) => setTimeout(r, THROTTLE_MS * 2));
    expect(reads()).toBe(before);

    // A delta arrives: the count follows.
    stats = [{ context: us.id, readOnly: false, pausedSinceMs: null, watchers: [{ kind: "pods", namespace: null, state: { state: "live" }, objects: 4 }] }];
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: us.id, kind: "pods", namespace: null, reset: null, upserts: [pod("new", "shop")], deletes: [] });
    await waitFor(() => expect(screen.getByTestId("connection-row")).toHaveAttribute("data-objects", "4"));

    // The watch breaks: its state shows with since when; a burst of events makes one read.
    const since = new Date(2026, 0, 1, 10, 42, 5).getTime();
    stats = [{ context: us.id, readOnly: false, pausedSinceMs: null, watchers: [{ kind: "pods", namespace: null, state: { state: "reconnecting", sinceMs: since, reason: "us: refused" }, objects: 4 }] }];
    const beforeBurst = reads();
    const key = { context: us.id, kind: "pods", namespace: null };
    for (let i = 0; i < 5; i++) await emitBackendEvent("resource://watch-state", { type: "watchState", key, state: stats[0].watchers[0].state! } as unknown as Event);
    const watcher = () => within(screen.getByTestId("connection-row")).getByTestId("connection-watcher");
    await waitFor(() => expect(watcher()).toHaveAttribute("data-state", "reconnecting"));
    expect(watcher()).toHaveTextContent(/reconnecting since 10:42:05/);
    expect(reads() - beforeBurst).toBe(1);
  });
});


describe("connections panel, paused watches", () => {
  it("shows since when a cluster's watches are paused and resumes them", async () => {
    const since = new Date(2026, 0, 1, 9, 30, 15).getTime();
    let stats: ConnectionStats[] = [
      { context: us.id, readOnly: false, pausedSinceMs: since, watchers: [{ kind: "pods", namespace: null, state: { state: "paused", sinceMs: since }, objects: 3 }] },
      { context: eu.id, readOnly: false, pausedSinceMs: null, watchers: [] },
    ];
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connect") return connectionInfo(args.context === eu.id ? eu : us);
      if (cmd === "connection_stats") return stats;
      if (cmd === "resume_watchers") {
        stats = [{ ...stats[0], pausedSinceMs: null, watchers: [{ kind: "pods", namespace: null, state: { state: "live" }, objects: 3 }] }, stats[1]];
        return null;
      }
      return null;
    });
    useClusterStore.getState().setClusters([eu, us]);
    await useClusterStore.getState().connectMany([eu.id, us.id]);
    useClusterUiStore.getState().setConnectionsOpen(true);
    const user = userEvent.setup();
    render(<ConnectionsDialog />);

    const row = () => screen.getAllByTestId("connection-row").find((r) => r.dataset.clusterId === us.id)!;
    await waitFor(() => expect(row()).toHaveAttribute("data-paused", "true"));
    expect(within(row()).getByTestId("connection-paused")).toHaveTextContent(/paused since 09:30:15/);
    expect(within(row()).getByTestId("connection-watcher")).toHaveAttribute("data-state", "paused");
    // Only the paused cluster offers Resume.
    const other = screen.getAllByTestId("connection-row").find((r) => r.dataset.clusterId === eu.id)!;
    expect(within(other).queryByTestId("connection-resume")).toBeNull();

    await user.click(within(row()).getByTestId("connection-resume"));
    expect(calls.filter((c) => c.cmd === "resume_watchers").map((c) => c.args.context)).toEqual([us.id]);
    await user.click(screen.getByTestId("refresh-connections"));
    await waitFor(() => expect(row()).not.toHaveAttribute("data-paused"));
    expect(within(row()).queryByTestId("connection-resume")).toBeNull();
  });
});
