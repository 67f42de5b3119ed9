import { describe, expect, it } from "vitest";
import type { WatchState } from "@/lib/tauri/bindings";
import { tabWatchState, watchSummary, watchTrouble } from "../utils/watch-summary";

const entry = (context: string, kind: string, watchState: WatchState | null, watcher: unknown = {}) => ({ context, kind, watcher, watchState });

describe("watchSummary", () => {
  it("is null for a cluster that watches nothing", () => {
    expect(watchSummary({ a: entry("other", "pods", { state: "live" }) }, "ctx")).toBeNull();
    expect(watchSummary({ a: entry("ctx", "pods", null, null) }, "ctx")).toBeNull();
  });

  it("counts live watches and names the ones reconnecting or stale, with since when", () => {
    const since = new Date(2026, 0, 1, 12, 1, 5).getTime();
    const summary = watchSummary(
      {
        a: entry("ctx", "pods", { state: "live" }),
        b: entry("ctx", "services", { state: "live" }),
        c: entry("ctx", "deployments.apps", { state: "reconnecting", sinceMs: since, reason: "refused" }),
        d: entry("ctx", "nodes", { state: "stale", sinceMs: since, reason: "refused" }),
        e: entry("other", "pods", { state: "failed", reason: "x" }),
      },
      "ctx",
    );
    expect(summary).toMatch(/^Watches: 2 live, 1 reconnecting since 12:01:05( PM)? \(deployments\.apps\), 1 stale since 12:01:05( PM)? \(nodes\) — refused$/);
  });

  it("names the active cluster's watches only when one is in trouble, with the cause", () => {
    expect(watchTrouble({ a: entry("ctx", "pods", { state: "live" }) }, "ctx")).toBeNull();
    const trouble = watchTrouble(
      { a: entry("ctx", "pods", { state: "reconnecting", sinceMs: 0, reason: "ctx: the API server answered 503 Service Unavailable: busy" }) },
      "ctx",
    );
    expect(trouble).toContain("1 reconnecting");
    expect(trouble).toContain("ctx: the API server answered 503");
  });

  it("says which watches are still starting", () => {
    expect(watchSummary({ a: entry("ctx", "pods", null) }, "ctx")).toBe("Watches: 1 starting");
  });

  it("says since when a background cluster's watches are live, and since when one is reconnecting when the backend gave no time", () => {
    const at = (h: number, m: number, sec: number) => new Date(2026, 0, 1, h, m, sec).getTime();
    const withHistory = (kind: string, watchState: WatchState, steps: [string, number][]) => ({ ...entry("ctx", kind, watchState), watchHistory: steps.map(([state, atMs]) => ({ state, atMs })) });
    const summary = watchSummary(
      {
        a: withHistory("pods", { state: "live" }, [["live", at(10, 40, 0)]]),
        b: withHistory("services", { state: "live" }, [["reconnecting", at(10, 41, 0)], ["live", at(10, 42, 30)]]),
        c: withHistory("nodes", { state: "reconnecting", sinceMs: null, reason: "refused" }, [["live", at(10, 0, 0)], ["reconnecting", at(10, 43, 15)]]),
      },
      "ctx",
    );
    expect(summary).toMatch(/^Watches: 2 live since 10:42:30( AM)?, 1 reconnecting since 10:43:15( AM)? \(nodes\) — refused$/);
  });
});


describe("paused watches in the tab", () => {
  it("says since when a background cluster's watches are paused, and the tab's state is paused", () => {
    const since = new Date(2026, 0, 1, 10, 5, 0).getTime();
    const entries = {
      a: entry("ctx", "pods", { state: "paused", sinceMs: since }),
      b: entry("ctx", "services", { state: "paused", sinceMs: since + 1000 }),
    };
    expect(watchSummary(entries, "ctx")).toMatch(/^Watches: 2 paused since 10:05:00( AM)? \(pods, services\)$/);
    expect(tabWatchState(entries, "ctx")).toBe("paused");
    expect(tabWatchState({ ...entries, c: entry("ctx", "nodes", { state: "stale", sinceMs: 0, reason: "x" }) }, "ctx")).toBe("stale");
    expect(tabWatchState({ a: entry("ctx", "pods", { state: "live" }) }, "ctx")).toBe("live");
    expect(tabWatchState({ a: entry("ctx", "pods", null) }, "ctx")).toBe("starting");
    expect(tabWatchState({}, "ctx")).toBeNull();
  });
});
