import { useEffect, useRef, useState } from "react";
import { metadataOf, selectResourceEntry, useResourceStore } from "@/stores/resource-store";
import type { DetailsTarget } from "../stores/details-store";
import { useWatchLease } from "../hooks/use-watch-lease";

/** What the live watch says about the object a panel shows. */
export type Follow = {
  /** Counts the changes seen on the server since the panel opened; readers reload when it moves. */
  revision: number;
  /** The object was deleted on the server. */
  deleted: boolean;
};

/**
 * Follows one object while its details are open, through the watch machinery the views use:
 * the view's own watch when it covers the object (all namespaces, or the object's), else a
 * watch of the object's namespace the panel holds while open. Each delta naming the object
 * (or a relist) whose resourceVersion differs from the one shown moves `revision`; a delete
 * (or a relist without it) sets `deleted`. `shownVersion` is the resourceVersion on screen,
 * so the watch's first list of an object just read does not count as a change.
 */
export function useFollow(target: DetailsTarget, shownVersion: string | null): Follow {
  const { context, kind, name } = target;
  // Chosen once: the list a view already watches (all namespaces, or the object's), else the
  // object's namespace, watched by the panel itself while open.
  const [{ namespace, covered }] = useState(() => {
    const state = useResourceStore.getState();
    if (target.namespace && selectResourceEntry(context, kind, null)(state)) return { namespace: null, covered: true };
    return { namespace: target.namespace, covered: selectResourceEntry(context, kind, target.namespace)(state) !== undefined };
  });
  useWatchLease(context, kind, namespace, !covered);
  const [follow, setFollow] = useState<Follow>({ revision: 0, deleted: false });
  const shown = useRef(shownVersion);
  useEffect(() => {
    shown.current = shownVersion;
  }, [shownVersion]);

  useEffect(() => {
    const key = target.namespace ? `${target.namespace}/${name}` : name;
    const select = selectResourceEntry(context, kind, namespace);
    let seen = select(useResourceStore.getState())?.version ?? -1;
    // Every store change is seen here (a subscription runs per delta), not only those React renders.
    return useResourceStore.subscribe((state) => {
      const entry = select(state);
      if (!entry || entry.version === seen) return;
      seen = entry.version;
      const change = entry.change;
      if (!change || !(change.reset || change.upserts.includes(key) || change.deletes.includes(key))) return;
      const item = entry.items.get(key);
      if (change.deletes.includes(key) || !item) {
        setFollow((f) => (f.deleted ? f : { ...f, deleted: true }));
        return;
      }
      const version = metadataOf(item).resourceVersion;
      if (typeof version === "string" && version === shown.current) return;
      shown.current = typeof version === "string" ? version : null;
      setFollow((f) => ({ revision: f.revision + 1, deleted: false }));
    });
  }, [context, kind, namespace, name, target.namespace]);
  return follow;
}
