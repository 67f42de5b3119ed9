/** Follows several clusters' cached lists of one kind, delta by delta, into one merged `ScopedRows` index. */
import { useMemo, useSyncExternalStore } from "react";
import type { Value } from "@/lib/tauri/bindings";
import { selectResourceEntry, useResourceStore, type ResourceEntry } from "@/stores/resource-store";
import type { RowOrder } from "../utils/live-rows";
import { ScopedRows } from "../utils/scoped-rows";
import { followResources } from "./use-live-rows";
import { useViewVisibility, type ViewVisibility } from "../components/view-shown";

type State = ReturnType<typeof useResourceStore.getState>;
type Seen = { version: number; items: Map<string, Value> };

/**
 * The lists of (each context in scope, kind, namespace) seen through one order and filter.
 * Like `LiveView`, it follows the store outside React: a delta of one cluster moves only the
 * objects it names; a cluster added to or dropped from the scope moves only its own rows.
 */
export class ScopedLiveView {
  readonly merged: ScopedRows;
  private scope: string[] = [];
  private scopeKey: string;
  private seen = new Map<string, Seen>();
  private rows: Value[] | null = null;

  constructor(
    private readonly kind: string,
    private readonly namespace: string | null,
    order: RowOrder,
    accept: (object: Value) => boolean,
    scope: string[],
  ) {
    this.merged = new ScopedRows(order, accept);
    this.scope = scope;
    this.scopeKey = JSON.stringify(scope);
    const state = useResourceStore.getState();
    const lists = new Map<string, Map<string, Value>>();
    for (const context of scope) {
      const entry = this.entryOf(state, context);
      if (!entry) continue;
      lists.set(context, entry.items);
      this.seen.set(context, { version: entry.version, items: entry.items });
    }
    this.merged.rebuild(lists);
  }

  private entryOf(state: State, context: string): ResourceEntry | undefined {
    const entry = selectResourceEntry(context, this.kind, this.namespace)(state);
    // A list that failed shows as its cluster's error row, not as rows.
    return entry && entry.status !== "error" ? entry : undefined;
  }

  /** A new set of clusters: those that left drop their rows, those that came add theirs. */
  private setScope(scope: string[]): void {
    if (scope.length === this.scope.length && scope.every((c, i) => c === this.scope[i])) return;
    const keep = new Set(scope);
    for (const context of this.scope) {
      if (keep.has(context)) continue;
      this.merged.removeContext(context);
      this.seen.delete(context);
    }
    this.scope = scope;
    this.sync(useResourceStore.getState());
    this.rows = null;
  }

  /** Brings each cluster's rows up to its entry; says whether anything changed. */
  private sync(state: State): boolean {
    let changed = false;
    for (const context of this.scope) {
      const entry = this.entryOf(state, context);
      const seen = this.seen.get(context);
      if (!entry) {
        if (seen) {
          this.merged.removeContext(context);
          this.seen.delete(context);
          changed = true;
        }
        continue;
      }
      if (seen && seen.version === entry.version && seen.items === entry.items) continue;
      const change = entry.change;
      if (seen && change && entry.version === seen.version + 1 && (entry.items === seen.items || change.reset)) this.merged.applyContext(context, entry.items, change);
      else this.merged.resetContext(context, entry.items);
      this.seen.set(context, { version: entry.version, items: entry.items });
      changed = true;
    }
    if (changed) this.rows = null;
    return changed;
  }

  /** The subscription of a view whose visibility is `visibility` (`followResources`). */
  follow(visibility: ViewVisibility) {
    return followResources((state) => this.sync(state), visibility);
  }

  /** The shown rows for `scope` (a JSON array of contexts): a new scope is applied first, once. */
  snapshot(scopeKey: string): Value[] {
    if (scopeKey !== this.scopeKey) {
      this.scopeKey = scopeKey;
      this.setScope(JSON.parse(scopeKey) as string[]);
    }
    this.rows ??= this.merged.rows();
    return this.rows;
  }
}

/**
 * The objects of `kind` in `namespace` on every cluster of `scope` that pass `accept`, in
 * `order`, merged. A new order or filter rebuilds once; a new scope moves only the clusters
 * that came or left; every delta moves only the objects it names.
 */
export function useScopedRows(scope: string[], kind: string, namespace: string | null, order: RowOrder, accept: (object: Value) => boolean): Value[] {
  const visibility = useViewVisibility();
  const scopeKey = JSON.stringify(scope);
  // Built with the scope of the moment; a later scope reaches it through `snapshot`.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => new ScopedLiveView(kind, namespace, order, accept, scope), [kind, namespace, order, accept]);
  const subscribe = useMemo(() => view.follow(visibility), [view, visibility]);
  return useSyncExternalStore(subscribe, () => view.snapshot(scopeKey));
}
