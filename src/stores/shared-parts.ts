/**
 * One copy of what many rows repeat. JSON parsing gives every object of a delta its own copy
 * of each value: a cluster of 2,000 pods held 2,000 `"Pod"`, `"v1"` and `"Running"` strings,
 * 2,000 node names for 19 nodes, and 2,000 `{app, pod-template-hash}` label maps and
 * `[{name: "api"}]` container lists for ~170 ReplicaSets (`make heap-census`) — in every
 * connected cluster's page memory (issue #15, P8b). `shareParts` replaces, in place, each part
 * of an object that equals one seen before by that one, so equal parts of all rows of all
 * clusters are one value in the page.
 *
 * A part is shared when everything in it is: strings up to `MAX_TEXT` characters (except the
 * ones that are nearly always unique: names, uids, versions, times, pod IPs — they would fill the
 * table and never match), numbers, booleans, and objects and arrays of shared parts. A shared
 * object is frozen, since every row holding it would see a change; an object itself (its
 * `metadata` has its name) is never shared, so code keyed by objects (`WeakMap`s of rows)
 * still finds one row per key.
 *
 * A part is looked up by a hash of its keys and its parts (each kept string is hashed once, each
 * kept part's hash is remembered) and compared with the kept parts of that hash, child by child:
 * no text is made per row (`JSON.stringify` as the key took twice the time, ~45 ms against ~22
 * for a list of 10,000 pods in Node, and its texts were garbage of every delta).
 *
 * The table keeps two generations of `LIMIT` entries each: when the newer one is full it
 * becomes the older and the oldest is dropped, so parts no row uses any more are let go while
 * those still in use come back to the newer one as rows bring them again.
 */
import type { Value } from "@/lib/tauri/bindings";

/** Longer strings are not looked up (messages, data): rarely equal, and long to hash. */
const MAX_TEXT = 100;
/** Entries per generation, strings and parts each. */
const LIMIT = 16_384;
/** Keys whose strings are nearly always unique. A name is one under `metadata` only (containers' names repeat). */
const ONE_OFF = new Set(["uid", "resourceVersion", "podIP", "clusterIP"]);
/** Times (`creationTimestamp`, `lastTransitionTime`, `startedAt`…) differ per object. */
const TIME = /(?:Time|Timestamp|At)$/;

/** A map that keeps two generations of `LIMIT` entries (see the module's text). */
class Generations<V> {
  private newer = new Map<string | number, V>();
  private older = new Map<string | number, V>();

  get(key: string | number): V | undefined {
    const kept = this.newer.get(key);
    if (kept !== undefined) return kept;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string | number, value: V): void {
    if (this.newer.size >= LIMIT) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }

  get size(): number {
    return this.newer.size + this.older.size;
  }
}

/** A kept string and its hash (strings are hashed once, when first kept). */
type Text = { text: string; hash: number };
/** Kept parts by hash (several when hashes collide). */
type Bucket = Value[];

let texts = new Generations<Text>();
/** Hashes of the objects' keys. */
let keys = new Generations<number>();
let parts = new Generations<Bucket>();
/** Each kept part's hash. */
let hashes = new WeakMap<object, number>();

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x9e3779b1) ^ (hash >>> 15);
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** The kept copy of a string. */
function keptText(text: string): Text {
  let kept = texts.get(text);
  if (kept === undefined) texts.set(text, (kept = { text, hash: hashText(text) }));
  return kept;
}

function keyHash(key: string): number {
  let hash = keys.get(key);
  if (hash === undefined) keys.set(key, (hash = hashText(key)));
  return hash;
}

/** The hash of a shared value (a kept string or part, or a number, boolean or null). */
function hashOf(value: Value): number {
  if (typeof value === "string") return keptText(value).hash;
  if (typeof value === "number") return Number.isInteger(value) ? mix(0x6e, value | 0) : hashText(String(value));
  if (value === null || typeof value === "boolean") return value === null ? 0x11 : value ? 0x22 : 0x33;
  return hashes.get(value) ?? 0;
}

/** Whether `a` and `b` (whose parts are shared, so equal parts are the same value) are equal. */
function sameParts(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  // Loops only: this runs for each shared part of each row of a delta (no key arrays made).
  const [x, y] = [a as Record<string, Value>, b as Record<string, Value>];
  for (const key in x) if (x[key] !== y[key] || !(key in y)) return false;
  for (const key in y) if (!(key in x)) return false;
  return true;
}

/** The kept part equal to `value` (whose parts are shared), or `value` kept (frozen) from now on. */
function keptPart(value: Value[] | Record<string, Value>): Value {
  let hash = Array.isArray(value) ? 0x5b : 0x7b;
  if (Array.isArray(value)) for (const item of value) hash = mix(hash, hashOf(item));
  else for (const key in value) hash = mix(mix(hash, keyHash(key)), hashOf(value[key]));
  const bucket = parts.get(hash);
  if (bucket) for (const part of bucket) if (sameParts(part, value)) return part;
  if (bucket) bucket.push(value);
  else parts.set(hash, [value]);
  hashes.set(value, hash);
  Object.freeze(value);
  return value;
}

type Holder = { [key: string]: Value } | Value[];

/** Shares `holder[at]` (under the object key `key`, in an object under `parent`); true when it is shared now. */
function share(holder: Holder, at: string | number, key: string, parent: string): boolean {
  const value = (holder as Record<string | number, Value>)[at];
  if (typeof value === "string") {
    if (value.length > MAX_TEXT || ONE_OFF.has(key) || (key === "name" && parent === "metadata") || TIME.test(key)) return false;
    // Always stored back: `!==` compares strings by their characters, not which copy they are.
    (holder as Record<string | number, Value>)[at] = keptText(value).text;
    return true;
  }
  if (value === null || typeof value !== "object") return true;
  // Already one of the table's (a part of an object shared before).
  if (Object.isFrozen(value)) return true;
  let whole = true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!share(value, i, key, parent)) whole = false;
  } else {
    for (const child in value) if (!share(value, child, child, key)) whole = false;
  }
  if (!whole) return false;
  (holder as Record<string | number, Value>)[at] = keptPart(value);
  return true;
}

/** Replaces, in place, each part of `object` that equals one seen before by that one; returns `object`. */
export function shareParts(object: Value): Value {
  if (object === null || typeof object !== "object" || Array.isArray(object)) return object;
  for (const key in object) share(object, key, key, "");
  return object;
}

/** Strings and parts the table holds (tests). */
export function sharedCount(): { texts: number; parts: number } {
  return { texts: texts.size, parts: parts.size };
}

/** Forgets every shared value (tests). */
export function forgetShared(): void {
  texts = new Generations();
  keys = new Generations();
  parts = new Generations();
  hashes = new WeakMap();
}
