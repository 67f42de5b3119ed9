/**
 * The rows a view shows, kept sorted and filtered as deltas arrive: a sorted array of object
 * keys updated per changed object by binary search, so applying a delta costs
 * O(changes × log n) comparisons instead of re-filtering and re-sorting the whole list.
 */
import type { Value } from "@/lib/tauri/bindings";
import type { ResourceChange } from "@/stores/resource-store";
import { searchTerms } from "@/lib/match-terms";
import { labelsOf, nameOf, namespaceOf, str } from "./values";

export type SortValue = string | number;
export type RowOrder = { sortValue: (object: Value) => SortValue; desc: boolean };
/** Where `move` reads the objects it names (a list's map, or several clusters' lists). */
export type RowLookup = { get: (key: string) => Value | undefined };

/**
 * What rows are compared by: numbers as they are, text as a key that orders with a plain `<`
 * the way a case- and accent-blind collator with numeric ordering would ("pod-9" before
 * "pod-10"). Made once per row; `Intl.Collator.compare` per comparison made sorting 10,000
 * rows cost ~130 ms, plain comparisons of the keys a few.
 */
type SortKey = string | number;

/**
 * A run of digits becomes `0`, one character for its length, then its digits without leading
 * zeros: it still sorts where a `0` would against other characters (every digit is inside a
 * run), and two runs order by length, then digit by digit — numerically, at any length. Every
 * kept view holds one key per row, so the key is short: `pod-7` is `pod-017`, not `pod-` and 16
 * padded digits. A loop over the characters, not `replace` with a function: half the time for
 * the 10,000 keys of a first sort.
 */
export function sortKey(value: SortValue): SortKey {
  if (typeof value === "number") return value;
  let text = value.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(text)) text = text.normalize("NFD").replace(/\p{M}/gu, "");
  let key = "";
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    let start = i;
    while (start < end - 1 && text.charCodeAt(start) === 0x30) start++;
    key += `${text.slice(copied, i)}0${String.fromCharCode(0x30 + end - start)}${text.slice(start, end)}`;
    copied = end;
    i = end - 1;
  }
  return copied === 0 ? text : key + text.slice(copied);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The last whole list sorted ascending by each sort value function (see `LiveRows.rebuild`):
 * a new filter (each keystroke) walks it, a flip to descending walks it backwards, and a
 * header clicked again over an unchanged list does not sort again.
 */
const sortedLists = new WeakMap<(object: Value) => SortValue, { items: Map<string, Value>; version: number; keys: string[]; objects: Value[]; values: SortKey[] }>();

function compareValues(a: SortKey, b: SortKey): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ascending by value, then by key: the order every `LiveRows` of the same values shares. */
function ascending(ka: string, a: SortKey, kb: string, b: SortKey): number {
  const byValue = compareValues(a, b);
  return byValue !== 0 ? byValue : ka < kb ? -1 : ka > kb ? 1 : 0;
}

export class LiveRows {
  /** Keys of the shown objects, in display order. */
  keys: string[] = [];
  /**
   * The shown objects in display order as the last rebuild found them, until a delta moves a
   * row (then null: read them through `keys`). Saves a lookup per row after each filter keystroke.
   */
  objects: Value[] | null = null;
  /** Comparisons made so far: what a delta costs, measured without a clock. */
  comparisons = 0;
  /** Rows looked for by walking the keys (without `previous`: deletes, new rows, changed sort values), so far. */
  walks = 0;
  /**
   * Each shown row's sort key, beside `keys` (same index): a changed row is placed by binary
   * search over them. An array, not a map by key: every kept view of every cluster holds one
   * per row, and a map's entries cost ~100 bytes each (issue #15, P8b). A row to take out is
   * found by binary search over the sort value of its object before the delta (the store's
   * `change.previous`); without that, by its new value when that did not change, else by a walk
   * over the keys.
   */
  private values: SortKey[] = [];

  constructor(
    private readonly order: RowOrder,
    private readonly accept: (object: Value) => boolean,
  ) {}

  /**
   * Everything again: a new list, a new sort or a new filter. The whole list sorted by a sort
   * value is kept per list version (`sortedLists`), so a new filter over an unchanged list
   * (each keystroke) or the same column in the other direction only walks the sorted keys.
   */
  rebuild(items: Map<string, Value>, version = -1): void {
    let sorted = sortedLists.get(this.order.sortValue);
    if (!sorted || sorted.items !== items || sorted.version !== version || version < 0) {
      const rows: [string, SortKey, Value][] = [];
      for (const [key, object] of items) rows.push([key, sortKey(this.order.sortValue(object)), object]);
      rows.sort((a, b) => {
        this.comparisons += 1;
        return ascending(a[0], a[1], b[0], b[1]);
      });
      sorted = { items, version, keys: rows.map((row) => row[0]), objects: rows.map((row) => row[2]), values: rows.map((row) => row[1]) };
      sortedLists.set(this.order.sortValue, sorted);
    }
    // One walk over the sorted keys, objects and values side by side (no lookup per row).
    const keys: string[] = [];
    const objects: Value[] = [];
    const values: SortKey[] = [];
    const { keys: allKeys, objects: allObjects, values: allValues } = sorted;
    const accept = this.accept;
    const last = allKeys.length - 1;
    for (let n = 0; n <= last; n++) {
      const i = this.order.desc ? last - n : n;
      const object = allObjects[i];
      if (accept(object)) {
        keys.push(allKeys[i]);
        objects.push(object);
        values.push(allValues[i]);
      }
    }
    this.keys = keys;
    this.objects = objects;
    this.values = values;
  }

  /** One delta: only the objects it names move, found where they were by their previous objects. */
  apply(items: Map<string, Value>, change: ResourceChange, version = -1): void {
    if (change.reset) return this.rebuild(items, version);
    this.move(items, change.upserts, change.deletes, { before: change.previous });
  }

  /**
   * Only the named rows move: `deletes` leave, `upserts` are read from `lookup` again. Where a
   * row was is found from its object before the change when `before` has them (a key `before`
   * lacks was not in the list, so not here; binary search by the old sort value, no walk),
   * else by binary search when its sort value did not change, else by a walk. `fresh` names
   * upserts known not to be in the index yet (a cluster's first list in a merged view), which
   * are then not looked for.
   */
  move(lookup: RowLookup, upserts: Iterable<string>, deletes: Iterable<string>, { fresh, before }: { fresh?: (key: string) => boolean; before?: RowLookup } = {}): void {
    this.objects = null;
    for (const key of deletes) this.remove(key, before ? this.was(key, before) : this.walk(key));
    // A key named twice is placed once: `lookup` has its last object.
    const placed = new Set<string>();
    for (const key of upserts) {
      if (placed.has(key)) continue;
      placed.add(key);
      const object = lookup.get(key);
      const value = object === undefined ? undefined : sortKey(this.order.sortValue(object));
      if (!fresh?.(key)) this.remove(key, before ? this.was(key, before) : this.find(key, value));
      if (object !== undefined && value !== undefined && this.accept(object)) this.insert(key, value);
    }
  }

  /** Drops every row whose key `drop` names, in one walk (a cluster left the scope). */
  removeWhere(drop: (key: string) => boolean): void {
    this.objects = null;
    const keys: string[] = [];
    const values: SortKey[] = [];
    this.keys.forEach((key, i) => {
      if (drop(key)) return;
      keys.push(key);
      values.push(this.values[i]);
    });
    this.keys = keys;
    this.values = values;
  }

  private compare(ka: string, a: SortKey, kb: string, b: SortKey): number {
    this.comparisons += 1;
    const result = ascending(ka, a, kb, b);
    return this.order.desc ? -result : result;
  }

  /** The first index whose row sorts at or after (value, key). */
  private position(key: string, value: SortKey): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.keys[mid], this.values[mid], key, value) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Where `key` is: by binary search when its sort value is still `value`, else by a walk; -1 when absent. */
  private find(key: string, value: SortKey | undefined): number {
    if (value !== undefined) {
      const at = this.position(key, value);
      if (this.keys[at] === key) return at;
    }
    return this.walk(key);
  }

  /** Where `key`'s row is, given its object before the change (`before`); -1 when it was not shown. */
  private was(key: string, before: RowLookup): number {
    const old = before.get(key);
    if (old === undefined || !this.accept(old)) return -1;
    const at = this.position(key, sortKey(this.order.sortValue(old)));
    return this.keys[at] === key ? at : -1;
  }

  private walk(key: string): number {
    this.walks += 1;
    return this.keys.indexOf(key);
  }

  private remove(key: string, at: number): void {
    if (at < 0 || this.keys[at] !== key) return;
    this.keys.splice(at, 1);
    this.values.splice(at, 1);
  }

  private insert(key: string, value: SortKey): void {
    const at = this.position(key, value);
    this.keys.splice(at, 0, key);
    this.values.splice(at, 0, value);
  }
}

/** `namespace/name` in lower case, made once per object (a delta brings new objects). */
const searchTexts = new WeakMap<object, string>();

function searchText(object: Value): string {
  if (object === null || typeof object !== "object") return "";
  let text = searchTexts.get(object);
  if (text === undefined) {
    text = `${namespaceOf(object) ?? ""}/${nameOf(object)}`.toLowerCase();
    searchTexts.set(object, text);
  }
  return text;
}

/**
 * The text filter: every term must occur in the name or namespace (or the row's cluster, given
 * `clusterOf`, in an all-clusters view), or be a label written as `key=value` (a term `app=web`
 * matches that label exactly, a shorter one matches its start).
 */
export function textFilter(query: string, clusterOf?: (object: Value) => string): (object: Value) => boolean {
  const terms = searchTerms(query);
  if (terms.length === 0) return () => true;
  // A plain loop, no closure per row: a keystroke runs this over every row of the list.
  return (object) => {
    const where = searchText(object);
    const cluster = clusterOf?.(object).toLowerCase() ?? "";
    let labels: string[] | null = null;
    for (const term of terms) {
      if (where.includes(term) || cluster.includes(term)) continue;
      if (!term.includes("=")) return false;
      labels ??= Object.entries(labelsOf(object)).map(([k, v]) => `${k}=${str(v)}`.toLowerCase());
      if (!labels.some((label) => label === term || label.startsWith(term))) return false;
    }
    return true;
  };
}
