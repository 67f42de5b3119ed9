/** Safe readers of the loosely typed objects watches deliver, and kubectl's age format. */
import { metadataOf } from "@/stores/resource-store";
import type { Value } from "@/lib/tauri/bindings";

export type Obj = { [key: string]: Value };

export function obj(value: Value | undefined): Obj {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export function arr(value: Value | undefined): Value[] {
  return Array.isArray(value) ? value : [];
}

export function num(value: Value | undefined): number {
  return typeof value === "number" ? value : 0;
}

export function str(value: Value | undefined): string {
  return typeof value === "string" ? value : "";
}

/** `a.b.c` of an object, each step tolerant of missing parts. */
export function at(object: Value, ...path: string[]): Value | undefined {
  let current: Value | undefined = object;
  for (const part of path) current = obj(current)[part];
  return current;
}

export function nameOf(object: Value): string {
  return str(metadataOf(object).name);
}

export function namespaceOf(object: Value): string | null {
  return str(metadataOf(object).namespace) || null;
}

export function labelsOf(object: Value): Obj {
  return obj(metadataOf(object).labels);
}

export function createdOf(object: Value): string {
  return str(metadataOf(object).creationTimestamp);
}

/** `5s`, `3m`, `2h`, `4d` since an RFC 3339 time (kubectl style). */
export function age(timestamp: string, now: number): string {
  const then = Date.parse(timestamp);
  if (Number.isNaN(then)) return "—";
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** Milliseconds since the epoch of an RFC 3339 time, 0 when missing: sorts ages. */
export function timeOf(timestamp: string): number {
  const then = Date.parse(timestamp);
  return Number.isNaN(then) ? 0 : then;
}

export function replicasOf(object: Value): number {
  return num(at(object, "spec", "replicas"));
}

/** kubectl's `<none>` for an empty list. */
export function joined(values: string[]): string {
  return values.filter(Boolean).join(",") || "<none>";
}
