/**
 * The rows of an all-clusters view: several clusters' cached lists of one kind merged into one
 * sorted, filtered `LiveRows` index whose keys are `(context, object key)`. A delta of one
 * cluster moves only that cluster's rows; a cluster leaving the scope drops its rows in one walk.
 */
import type { Value } from "@/lib/tauri/bindings";
import type { ResourceChange } from "@/stores/resource-store";
import { LiveRows, type RowOrder } from "./live-rows";

/** Context names and object keys never hold a NUL, so it separates them. */
const SEPARATOR = "\u0000";

export function scopedKey(context: string, key: string): string {
  return `${context}${SEPARATOR}${key}`;
}

/** `[context, object key]` of a merged key. */
export function splitScopedKey(scoped: string): [string, string] {
  const at = scoped.indexOf(SEPARATOR);
  return [scoped.slice(0, at), scoped.slice(at + 1)];
}

/**
 * The cluster each merged object came from. Each cluster's objects are parsed from its own
 * events, so one object belongs to exactly one cluster; set before the object enters an index,
 * so sort values and filters (the Cluster column) can read it.
 */
const contexts = new WeakMap<object, string>();

export function rowContext(object: Value): string | undefined {
  return object !== null && typeof object === "object" ? contexts.get(object) : undefined;
}

function marked(object: Value | undefined, context: string): Value | undefined {
  if (object !== null && typeof object === "object") contexts.set(object, context);
  return object;
}

export class ScopedRows {
  readonly index: LiveRows;
  /** Each cluster's list (the store's map, changed in place by its deltas). */
  private lists = new Map<string, Map<string, Value>>();
  /** The keys each cluster's list had when last followed: what a relist replaces. */
  private known = new Map<string, Set<string>>();

  constructor(order: RowOrder, accept: (object: Value) => boolean) {
    this.index = new LiveRows(order, accept);
  }

  /** The object behind a merged key. */
  get = (scoped: string): Value | undefined => {
    const [context, key] = splitScopedKey(scoped);
    return marked(this.lists.get(context)?.get(key), context);
  };

  /** The clusters whose lists are merged now. */
  contexts(): string[] {
    return [...this.lists.keys()];
  }

  /** Everything again (a new order or filter): every cluster's list sorted together once. */
  rebuild(lists: Map<string, Map<string, Value>>): void {
    this.lists = new Map(lists);
    this.known = new Map();
    const merged = new Map<string, Value>();
    for (const [context, items] of lists) {
      this.known.set(context, new Set(items.keys()));
      for (const [key, object] of items) merged.set(scopedKey(context, key), marked(object, context)!);
    }
    this.index.rebuild(merged);
  }

  /**
   * One cluster's whole list is new (its first list, a relist, or deltas missed): only its
   * rows move — those gone leave, the others are placed again — the other clusters' stay.
   */
  resetContext(context: string, items: Map<string, Value>): void {
    const before = this.known.get(context) ?? new Set<string>();
    this.lists.set(context, items);
    this.known.set(context, new Set(items.keys()));
    const deletes = [...before].filter((key) => !items.has(key)).map((key) => scopedKey(context, key));
    const upserts = [...items.keys()].map((key) => scopedKey(context, key));
    // Rows the cluster did not have are not looked for in the index (a walk each).
    this.index.move(this, upserts, deletes, { fresh: (scoped) => !before.has(splitScopedKey(scoped)[1]) });
  }

  /** One delta of one cluster: only the objects it names move. */
  applyContext(context: string, items: Map<string, Value>, change: ResourceChange): void {
    if (change.reset || !this.lists.has(context)) return this.resetContext(context, items);
    this.lists.set(context, items);
    const known = this.known.get(context)!;
    for (const key of change.deletes) known.delete(key);
    for (const key of change.upserts) known.add(key);
    // Where each row was, from the delta's previous objects (marked when they came in).
    const previous = change.previous;
    const before = previous && { get: (scoped: string) => previous.get(splitScopedKey(scoped)[1]) };
    this.index.move(
      this,
      change.upserts.map((key) => scopedKey(context, key)),
      change.deletes.map((key) => scopedKey(context, key)),
      { before },
    );
  }

  /** A cluster left the scope (or its list is gone): its rows leave, the others stay in order. */
  removeContext(context: string): void {
    if (!this.lists.delete(context)) return;
    this.known.delete(context);
    const prefix = scopedKey(context, "");
    this.index.removeWhere((key) => key.startsWith(prefix));
  }

  /** The shown objects, in order. */
  rows(): Value[] {
    return this.index.keys.map((key) => this.get(key)!);
  }
}
