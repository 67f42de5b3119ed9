/** Follows one cached list delta by delta into a sorted, filtered `LiveRows` index. */
import { useMemo, useSyncExternalStore } from "react";
import type { Value } from "@/lib/tauri/bindings";
import { selectResourceEntry, useResourceStore, type ResourceEntry } from "@/stores/resource-store";
import { LiveRows, type RowOrder } from "../utils/live-rows";
import { useViewVisibility, type ViewVisibility } from "../components/view-shown";

type State = ReturnType<typeof useResourceStore.getState>;
type Select = (state: State) => ResourceEntry | undefined;

/**
 * A `useSyncExternalStore` subscription for something that follows the resource store: `sync`
 * brings it up to each change (and says whether it changed); React is told only while
 * `visibility` says the view is on screen. A view kept off screen (`kept-views.tsx`) follows every
 * delta in its index (each costs its size) without rendering, so ten hidden views of churning
 * clusters never render during a storm; shown again, React is told once and renders only if
 * the snapshot changed meanwhile.
 */
export function followResources(sync: (state: State) => boolean, visibility: ViewVisibility) {
  return (notify: () => void): (() => void) => {
    const stop = useResourceStore.subscribe((state) => {
      if (sync(state) && visibility.get()) notify();
    });
    const stopShown = visibility.subscribe(() => {
      if (visibility.get()) notify();
    });
    // A change may have come between the render and subscribing.
    if (sync(useResourceStore.getState()) && visibility.get()) notify();
    return () => {
      stop();
      stopShown();
    };
  };
}

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

  /** The subscription of a view whose visibility is `visibility` (`followResources`). */
  follow(visibility: ViewVisibility) {
    return followResources((state) => this.sync(this.select(state)), visibility);
  }

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
export function useLiveRows(context: string, kind: string, namespace: string | null, order: RowOrder, accept: (object: Value) => boolean): Value[] {
  const visibility = useViewVisibility();
  const view = useMemo(() => new LiveView(selectResourceEntry(context, kind, namespace), order, accept), [context, kind, namespace, order, accept]);
  const subscribe = useMemo(() => view.follow(visibility), [view, visibility]);
  return useSyncExternalStore(subscribe, view.getSnapshot);
}

/**
 * `useResourceStore(select)` for a view that may be kept off screen: while it is hidden no
 * change re-renders it; shown again, it renders if the value changed meanwhile.
 */
export function useShownResource<T>(select: (state: State) => T): T {
  const visibility = useViewVisibility();
  const subscribe = useMemo(() => followResources(() => true, visibility), [visibility]);
  return useSyncExternalStore(subscribe, () => select(useResourceStore.getState()));
}
