/** Follows one cached list delta by delta into a sorted, filtered `LiveRows` index. */
import { useCallback, useMemo, useSyncExternalStore } from "react";
import type { Value } from "@/lib/tauri/bindings";
import { selectResourceEntry, useResourceStore, type ResourceEntry } from "@/stores/resource-store";
import { LiveRows, type RowOrder } from "../utils/live-rows";

type Select = (state: ReturnType<typeof useResourceStore.getState>) => ResourceEntry | undefined;

/**
 * One list seen through one order and filter. It follows the resource store outside React:
 * each delta moves only the objects it names in the index; the array React renders is
 * made at most once per render, however many deltas came in between.
 */
export class LiveView {
  readonly index: LiveRows;
  private version = -1;
  private items: Map<string, Value> | null = null;
  private rows: Value[] | null = null;

  constructor(
    private readonly select: Select,
    order: RowOrder,
    accept: (object: Value) => boolean,
  ) {
    this.index = new LiveRows(order, accept);
    this.sync(select(useResourceStore.getState()));
  }

  /** Brings the index up to `entry`; says whether anything changed. */
  private sync(entry: ResourceEntry | undefined): boolean {
    const version = entry?.version ?? -1;
    const items = entry?.items ?? null;
    if (version === this.version && items === this.items) return false;
    const change = entry?.change;
    if (entry && change && version === this.version + 1 && (items === this.items || change.reset)) this.index.apply(entry.items, change, version);
    else this.index.rebuild(entry?.items ?? new Map(), version);
    this.version = version;
    this.items = items;
    this.rows = null;
    return true;
  }

  subscribe = (notify: () => void): (() => void) => {
    const stop = useResourceStore.subscribe((state) => {
      if (this.sync(this.select(state))) notify();
    });
    // A delta may have come between building the index and subscribing.
    if (this.sync(this.select(useResourceStore.getState()))) notify();
    return stop;
  };

  /**
   * For a view kept off screen: the index follows every delta (each costs its size), but
   * React is not told, so a hidden view never renders during a storm. The render that shows
   * it again reads the current rows (`getSnapshot`).
   */
  subscribeQuietly = (): (() => void) => {
    this.sync(this.select(useResourceStore.getState()));
    return useResourceStore.subscribe((state) => void this.sync(this.select(state)));
  };

  getSnapshot = (): Value[] => {
    if (!this.rows) {
      const items = this.items;
      this.rows = items ? (this.index.objects ?? this.index.keys.map((key) => items.get(key)!)) : [];
    }
    return this.rows;
  };
}

/**
 * The objects of (context, kind, namespace) that pass `accept`, in `order`. A new order or
 * filter rebuilds the index once; every delta after that moves only the objects it names.
 */
export function useLiveRows(context: string, kind: string, namespace: string | null, order: RowOrder, accept: (object: Value) => boolean, shown = true): Value[] {
  const view = useMemo(() => new LiveView(selectResourceEntry(context, kind, namespace), order, accept), [context, kind, namespace, order, accept]);
  return useSyncExternalStore(shown ? view.subscribe : view.subscribeQuietly, view.getSnapshot);
}

/**
 * `useResourceStore(select)` for a view that may be kept off screen: while `shown` is false
 * no change re-renders it; showing it again renders with the current value.
 */
export function useShownResource<T>(select: (state: ReturnType<typeof useResourceStore.getState>) => T, shown: boolean): T {
  const subscribe = useCallback((notify: () => void) => (shown ? useResourceStore.subscribe(notify) : () => {}), [shown]);
  return useSyncExternalStore(subscribe, () => select(useResourceStore.getState()));
}
