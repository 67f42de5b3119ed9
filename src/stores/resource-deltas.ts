/**
 * What one take of queued deltas makes of each list it touches, for the resource store to
 * apply as one update: each list's map, changed in place (a reset replaces it), and one change
 * naming each touched key once, by where the object ended.
 */
import type { ResourceDelta, Value } from "@/lib/tauri/bindings";

export type ResourceChange = { reset: boolean; upserts: string[]; deletes: string[] };

/** The list a delta is for: its cache key and its map, or undefined when no view holds it. */
export type ListOf = (delta: ResourceDelta) => { key: string; items: Map<string, Value> } | undefined;

/**
 * Applies `deltas` in order to the lists `listOf` finds (a delta of a list no view holds is
 * skipped) and returns, per touched list, its map and what changed: an object added and
 * removed in the same take is a delete, one removed and added again an upsert.
 */
export function mergeDeltas(deltas: ResourceDelta[], listOf: ListOf, objectKey: (object: Value) => string): Map<string, { items: Map<string, Value>; change: ResourceChange }> {
  const touched = new Map<string, { items: Map<string, Value>; reset: boolean; keys: Set<string> }>();
  for (const delta of deltas) {
    const found = listOf(delta);
    if (!found) continue;
    let list = touched.get(found.key);
    if (!list) touched.set(found.key, (list = { items: found.items, reset: false, keys: new Set() }));
    // In place: the cost of a delta is the size of the delta, not of the list.
    if (delta.reset) {
      list.items = new Map<string, Value>();
      list.reset = true;
      list.keys.clear();
      for (const object of delta.reset) list.items.set(objectKey(object), object);
    }
    for (const object of delta.upserts) {
      const name = objectKey(object);
      list.items.set(name, object);
      list.keys.add(name);
    }
    for (const name of delta.deletes) {
      list.items.delete(name);
      list.keys.add(name);
    }
  }
  const merged = new Map<string, { items: Map<string, Value>; change: ResourceChange }>();
  for (const [key, { items, reset, keys }] of touched) {
    const upserts: string[] = [];
    const deletes: string[] = [];
    for (const name of keys) (items.has(name) ? upserts : deletes).push(name);
    merged.set(key, { items, change: { reset, upserts, deletes } });
  }
  return merged;
}
