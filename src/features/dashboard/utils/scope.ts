/**
 * The all-clusters scope of a view: which connected clusters it covers, and how each one's
 * list is doing (loading, live, reconnecting, failed, forbidden) so a strip above the merged
 * table can show every cluster's state with its cause without blocking the others.
 */
import type { ClusterGroup, ViewScope } from "@/stores/cluster-persistence";
import type { ConnectedClusterState } from "@/stores/cluster-types";
import { stillListing, type ResourceEntry } from "@/stores/resource-store";
import { isForbidden } from "./row-actions";
import { formatClock } from "@/lib/clock";

/**
 * The clusters a scope covers, in tab order (`ordered`: the connected ids): only connected ones, and always the view's own
 * cluster (the one whose tab shows it) so the view never goes empty by a group that left.
 */
export function scopeContexts(scope: ViewScope, own: string, ordered: readonly string[], groups: readonly ClusterGroup[]): string[] {
  const wanted =
    scope.mode === "all" ? null : new Set(scope.mode === "group" ? (groups.find((g) => g.name === scope.group)?.members ?? []) : scope.contexts);
  return ordered.filter((id) => id === own || wanted === null || wanted.has(id));
}

/** How one cluster's list of the merged view is doing. */
export type ScopeClusterState = {
  context: string;
  state: "loading" | "listing" | "live" | "reconnecting" | "stale" | "failed" | "forbidden";
  /** Why it is not live (names the cluster and the cause, as the backend said it). */
  reason: string | null;
  /** Its objects in the cache. */
  count: number;
};

/** The state of each cluster of a scope from its cached list and its connection. */
export function scopeStates(contexts: readonly string[], entryOf: (context: string) => ResourceEntry | undefined, connection: (context: string) => ConnectedClusterState | undefined): ScopeClusterState[] {
  return contexts.map((context) => {
    const entry = entryOf(context);
    const link = connection(context);
    const count = entry?.items.size ?? 0;
    // The cluster itself is down: its list cannot be current, whatever the watch said last.
    if (link && link.status !== "connected") {
      const state = link.status === "connecting" ? "loading" : link.status === "reconnecting" ? "reconnecting" : "failed";
      return { context, state, reason: link.lastError, count };
    }
    if (!entry || (entry.status === "loading" && count === 0 && entry.watchState === null)) return { context, state: "loading", reason: null, count };
    if (entry.status === "error") {
      const forbidden = isForbidden(entry.error, entry.error?.message);
      return { context, state: forbidden ? "forbidden" : "failed", reason: entry.error?.message ?? null, count: 0 };
    }
    const watch = entry.watchState;
    // Rows in but no report yet: the first list is still arriving (as the single view's badge says).
    if (!watch) return { context, state: stillListing(entry) ? "listing" : "loading", reason: null, count };
    if (watch.state === "live") return { context, state: "live", reason: null, count };
    if (watch.state === "failed") return { context, state: isForbidden(null, watch.reason) ? "forbidden" : "failed", reason: watch.reason, count };
    // A paused watch (background cluster, see background-pause.ts) keeps its rows as they were.
    if (watch.state === "paused") return { context, state: "stale", reason: `watch paused since ${formatClock(watch.sinceMs ?? Date.now())}`, count };
    return { context, state: watch.state, reason: watch.reason, count };
  });
}
