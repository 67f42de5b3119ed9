/**
 * Equal parts of a delta's objects made one. Rows of one list repeat most of their small
 * parts: a pod's `containers: [{ name: "api" }]`, its container statuses
 * `[{ ready: true, restartCount: 0, state: { running: {} } }]`, the labels of its ReplicaSet.
 * Parsed from the backend's JSON each row holds its own copies, ~950 bytes of JavaScript heap
 * per compact pod row; with the parts they share made one frozen object, ~500. Every
 * connected cluster keeps thousands of rows in the page (issue #15, P8b), so this is memory of
 * every row of every cluster.
 *
 * A part is shared when it holds only short values (no string over `MAX_STRING`, no part whose
 * key would pass `MAX_KEY`): names, versions and addresses make a part unique, so it is kept
 * as it came. Equal parts are found within one delta (the initial list: all of it), with a
 * table that is dropped afterwards, so the page holds no table and an old part never outlives
 * the rows using it. Shared parts are frozen: rows are values, never changed in place, and a
 * change would otherwise show in every row sharing the part.
 */
import type { Value } from "@/lib/tauri/bindings";

/** Longer strings (names, timestamps, messages) make a part unique: it is not shared. */
const MAX_STRING = 40;
/** Parts whose key grows past this are big or unique: not shared. */
const MAX_KEY = 160;

type Part = { value: Value; id: string };

class Sharer {
  private readonly parts = new Map<string, Part>();

  /** The value to keep for `value` (itself, or an equal part met before), and its key; `null`: not shareable. */
  visit(value: Value): [Value, string | null] {
    if (value === null) return [value, "n"];
    switch (typeof value) {
      case "string":
        return value.length > MAX_STRING ? [value, null] : [value, `s${value}`];
      case "number":
        return [value, `d${value}`];
      case "boolean":
        return [value, value ? "t" : "f"];
    }
    // Shared by an earlier delta (an object handed in again): kept as it is.
    if (Object.isFrozen(value)) return [value, null];
    let key: string | null = Array.isArray(value) ? "[" : "{";
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const [kept, part] = this.visit(value[i]);
        if (kept !== value[i]) value[i] = kept;
        key = part === null || key === null ? null : `${key}${part}\u0001`;
      }
    } else {
      for (const name in value) {
        const [kept, part] = this.visit(value[name]);
        if (kept !== value[name]) value[name] = kept;
        key = part === null || key === null ? null : `${key}${name}\u0002${part}\u0001`;
      }
    }
    if (key === null || key.length > MAX_KEY) return [value, null];
    const met = this.parts.get(key);
    if (met) return [met.value, met.id];
    // A short id stands for this part in its parent's key.
    const id = `#${this.parts.size.toString(36)}`;
    Object.freeze(value);
    this.parts.set(key, { value, id });
    return [value, id];
  }
}

/**
 * Makes equal parts of the objects of `lists` (one delta's, changed in place: their properties
 * may then point at parts shared with the others) one frozen object each. The objects
 * themselves stay unfrozen and unshared.
 */
export function shareEqualParts(...lists: readonly Value[][]): void {
  if (lists.every((objects) => objects.length === 0)) return;
  const sharer = new Sharer();
  for (const objects of lists) {
    for (const object of objects) {
      if (object === null || typeof object !== "object" || Array.isArray(object)) continue;
      if (Object.isFrozen(object)) continue;
      for (const name in object) {
        const kept = sharer.visit(object[name])[0];
        if (kept !== object[name]) object[name] = kept;
      }
    }
  }
}
