/**
 * Keeps a list watched while a view shows it. A view left for another kind of the same
 * cluster releases its watch after a grace period (coming back soon paints from cache);
 * the kind each cluster shows stays watched, so switching clusters and back paints at once.
 */
import { useEffect } from "react";
import { activeResourceTabOf } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { resourceKey, useResourceStore } from "@/stores/resource-store";

/** How long a list left alone stays watched. */
export const WATCH_GRACE_MS = 30_000;

/** Views showing each list now, by `resourceKey`. */
const viewers = new Map<string, number>();

export function useWatchLease(context: string, kind: string, namespace: string | null) {
  useEffect(() => {
    const key = resourceKey(context, kind, namespace);
    const store = useResourceStore.getState();
    viewers.set(key, (viewers.get(key) ?? 0) + 1);
    void store.ensureWatch(context, kind, namespace);
    return () => {
      viewers.set(key, (viewers.get(key) ?? 1) - 1);
      // Leaving the view abandons a watch still starting (a hung cluster would hold it open).
      useResourceStore.getState().abandon(context, kind, namespace);
      setTimeout(() => {
        if ((viewers.get(key) ?? 0) > 0) return;
        viewers.delete(key);
        const prefs = useClusterStore.getState().prefs[context];
        if (prefs && activeResourceTabOf(prefs) === kind) return;
        useResourceStore.getState().release(context, kind, namespace);
      }, WATCH_GRACE_MS);
    };
  }, [context, kind, namespace]);
}
