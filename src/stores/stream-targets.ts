/**
 * What a Kubernetes object offers to the stream entry points: a pod's containers and ports, a
 * service's ports, a workload's log target. Pure; shared by the table, the details panel and
 * the palette.
 */
import type { Value } from "@/lib/tauri/bindings";
import type { ForwardTarget, LogTarget } from "./stream-api";

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Kinds whose logs can be streamed merged across their pods (the contract's workload kinds). */
export const WORKLOAD_KINDS = ["deployments", "statefulsets", "daemonsets", "replicasets", "jobs"] as const;

/** The plural of a qualified kind name (`deployments.apps` → `deployments`). */
export function pluralOf(kind: string): string {
  return kind.split(".")[0];
}

export function containersOf(pod: Value): string[] {
  return list(rec(rec(pod).spec).containers)
    .map((c) => rec(c).name)
    .filter((n): n is string => typeof n === "string");
}

/** Container ports of a pod, or service ports of a service, in order, without repeats. */
export function portsOf(kind: string, object: Value): number[] {
  const spec = rec(rec(object).spec);
  const ports =
    pluralOf(kind) === "services"
      ? list(spec.ports).map((p) => rec(p).port)
      : list(spec.containers).flatMap((c) => list(rec(c).ports).map((p) => rec(p).containerPort));
  return [...new Set(ports.filter((p): p is number => typeof p === "number"))];
}

/** Which stream actions a row of `kind` offers. */
export function streamActionsFor(kind: string): { logs: boolean; shell: boolean; forward: boolean } {
  const plural = pluralOf(kind);
  const workload = (WORKLOAD_KINDS as readonly string[]).includes(plural);
  return { logs: plural === "pods" || workload, shell: plural === "pods", forward: plural === "pods" || plural === "services" };
}

export function logTargetFor(kind: string, name: string): LogTarget {
  const plural = pluralOf(kind);
  return plural === "pods" ? { type: "pod", pod: name, container: null } : { type: "workload", kind: plural, name };
}

export function forwardTargetFor(kind: string, name: string): ForwardTarget {
  return pluralOf(kind) === "services" ? { type: "service", name } : { type: "pod", name };
}
