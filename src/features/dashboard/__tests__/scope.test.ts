import { describe, expect, it } from "vitest";
import type { WatchState } from "@/lib/tauri/bindings";
import { cluster, pod } from "@/test/backend";
import type { ConnectedClusterState, ConnectionStatus } from "@/stores/cluster-types";
import type { ResourceEntry } from "@/stores/resource-store";
import { scopeContexts, scopeStates } from "../utils/scope";

const groups = [{ name: "prod", members: ["eu", "us", "gone"] }];

function entry(watchState: WatchState | null, count = 2, status: ResourceEntry["status"] = "ready"): ResourceEntry {
  const items = new Map(Array.from({ length: count }, (_, i) => [`ns/p${i}`, pod(`p${i}`, "ns")]));
  return { context: "x", kind: "pods", namespace: null, status, items, version: 1, change: null, error: null, watcher: null, watchState, watchHistory: [], request: null };
}

function link(id: string, status: ConnectionStatus, lastError: string | null = null): ConnectedClusterState {
  return { id, cluster: cluster(id), status, health: null, serverVersion: null, namespaces: [], namespaceSource: null, namespaceError: null, currentNamespace: null, lastError, activateOnConnect: false, attempt: 1 };
}

describe("which clusters a scope covers", () => {
  const ordered = ["dev", "eu", "us", "asia"];
  it("all connected ones in tab order, a group's connected members, or chosen ones — always with the view's own", () => {
    expect(scopeContexts({ mode: "all" }, "dev", ordered, groups)).toEqual(ordered);
    expect(scopeContexts({ mode: "group", group: "prod" }, "dev", ordered, groups)).toEqual(["dev", "eu", "us"]);
    expect(scopeContexts({ mode: "group", group: "deleted" }, "asia", ordered, groups)).toEqual(["asia"]);
    expect(scopeContexts({ mode: "some", contexts: ["asia", "gone"] }, "eu", ordered, groups)).toEqual(["eu", "asia"]);
  });
});

describe("the per-cluster state strip", () => {
  it("says how each cluster's list is doing, with the cause when it is not live", () => {
    const entries: Record<string, ResourceEntry | undefined> = {
      live: entry({ state: "live" }, 3),
      starting: undefined,
      listing: entry(null, 500),
      reconnecting: entry({ state: "reconnecting", sinceMs: 1, reason: "reconnecting: connection refused" }),
      stale: entry({ state: "stale", sinceMs: 1, reason: "stale: timed out" }),
      failed: entry({ state: "failed", reason: "failed: the kind is gone" }),
      forbidden: entry({ state: "failed", reason: "pods is forbidden (403)" }, 0),
      down: entry({ state: "live" }, 4),
    };
    const links: Record<string, ConnectedClusterState> = { down: link("down", "error", "down: connection refused") };
    const states = scopeStates(Object.keys(entries), (c) => entries[c], (c) => links[c] ?? link(c, "connected"));
    expect(states.map((s) => [s.context, s.state, s.reason, s.count])).toEqual([
      ["live", "live", null, 3],
      ["starting", "loading", null, 0],
      // Rows of a first page in, no report from the watch yet.
      ["listing", "listing", null, 500],
      ["reconnecting", "reconnecting", "reconnecting: connection refused", 2],
      ["stale", "stale", "stale: timed out", 2],
      ["failed", "failed", "failed: the kind is gone", 2],
      ["forbidden", "forbidden", "pods is forbidden (403)", 0],
      // The cluster itself is unreachable: its cached rows stay, the strip says why.
      ["down", "failed", "down: connection refused", 4],
    ]);
  });

  it("a list that could not start is failed or forbidden with the backend's message", () => {
    const error = { ...entry(null, 0, "error"), error: { kind: "forbidden", message: "prod: pods is forbidden", retryable: false } } as ResourceEntry;
    expect(scopeStates(["prod"], () => error, () => undefined)[0]).toMatchObject({ state: "forbidden", reason: "prod: pods is forbidden" });
  });
});
