/**
 * Keeps a list watched while a view shows it. A view left for another kind of the same
 * cluster releases its watch after a grace period (coming back soon paints from cache);
 * the kind each cluster shows stays watched, so switching clusters and back paints at once.
 */
import { useEffect } from "react";
import { activeResourceTabOf } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { resourceKey, selectResourceEntry, useResourceStore } from "@/stores/resource-store";

/** How long a list left alone stays watched. */
export const WATCH_GRACE_MS = 30_000;

/** Views showing each list now, by `resourceKey`. */
const viewers = new Map<string, number>();

/** Whether a view still shows the same cached list under another typed name (`deploy` and `deployments.apps`). */
function viewedElsewhere(context: string, kind: string, namespace: string | null): boolean {
  const state = useResourceStore.getState();
  const entry = selectResourceEntry(context, kind, namespace)(state);
  if (!entry) return false;
  return [...viewers].some(([key, count]) => {
    const [c, k, ns] = JSON.parse(key) as [string, string, string | null];
    return count > 0 && c === context && selectResourceEntry(c, k, ns)(state) === entry;
  });
}

/** Holds the list of (context, kind, namespace) watched; the returned function lets it go (after the grace period). */
function lease(context: string, kind: string, namespace: string | null): () => void {
  const key = resourceKey(context, kind, namespace);
  viewers.set(key, (viewers.get(key) ?? 0) + 1);
  void useResourceStore.getState().ensureWatch(context, kind, namespace);
  return () => {
    viewers.set(key, (viewers.get(key) ?? 1) - 1);
    // Leaving the view abandons a watch still starting (a hung cluster would hold it open).
    useResourceStore.getState().abandon(context, kind, namespace);
    setTimeout(() => {
      if ((viewers.get(key) ?? 0) > 0) return;
      viewers.delete(key);
      if (viewedElsewhere(context, kind, namespace)) return;
      const prefs = useClusterStore.getState().prefs[context];
      if (prefs && activeResourceTabOf(prefs) === kind) return;
      useResourceStore.getState().release(context, kind, namespace);
    }, WATCH_GRACE_MS);
  };
}

/** `enabled = false` holds nothing (a details panel whose object a view already watches). */
export function useWatchLease(context: string, kind: string, namespace: string | null, enabled = true) {
  useEffect(() => (enabled ? lease(context, kind, namespace) : undefined), [context, kind, namespace, enabled]);
}

/** One lease per cluster of an all-clusters view: the same kind and namespace on each. */
export function useWatchLeases(contexts: readonly string[], kind: string, namespace: string | null) {
  const scopeKey = JSON.stringify(contexts);
  useEffect(() => {
    const ends = (JSON.parse(scopeKey) as string[]).map((context) => lease(context, kind, namespace));
    return () => ends.forEach((end) => end());
  }, [scopeKey, kind, namespace]);
}
