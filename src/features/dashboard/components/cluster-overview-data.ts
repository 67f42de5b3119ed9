import { useEffect, useState } from "react";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type Value } from "@/lib/tauri/bindings";
import { list, record, text } from "./details-data";

/** Objects of one kind on a cluster (up to `MAX`), or why they could not be read. */
export type KindRead = { items: Value[]; more: boolean } | { error: AppError };

const MAX = 5000;

async function readAll(context: string, kind: string): Promise<KindRead> {
  const r = await callCommand(() => commands.listResources(context, kind, null, MAX, null));
  return r.status === "ok" ? { items: r.data.items, more: r.data.continueToken !== null } : { error: r.error };
}

export const OVERVIEW_KINDS = ["nodes", "pods", "deployments.apps", "services", "namespaces", "events", "nodes.metrics.k8s.io", "pods.metrics.k8s.io"] as const;
export type OverviewKind = (typeof OVERVIEW_KINDS)[number];

/** Every kind the overview needs, read once per cluster (and on `refresh`). */
export function useOverviewData(context: string, round: number): Partial<Record<OverviewKind, KindRead>> {
  const [data, setData] = useState<Partial<Record<OverviewKind, KindRead>>>({});
  useEffect(() => {
    let live = true;
    for (const kind of OVERVIEW_KINDS) {
      void readAll(context, kind).then((read) => {
        if (live) setData((d) => ({ ...d, [kind]: read }));
      });
    }
    return () => {
      live = false;
    };
  }, [context, round]);
  return data;
}

/** A CPU quantity in cores (`250m`, `1`, `123456n`). */
export function cpuCores(q: string): number {
  const m = /^([0-9.]+)([numk]?)$/.exec(q.trim());
  if (!m) return 0;
  const scale: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3 };
  return Number(m[1]) * scale[m[2]];
}

/** A memory quantity in bytes (`128Mi`, `1Gi`, `1000k`, `12345`). */
export function memoryBytes(q: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) return 0;
  const scale: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? scale[m[2]] : 1);
}

/** Why a pod needs attention (crash-looping, not ready), or null. */
export function podTrouble(pod: Value): string | null {
  const status = record(record(pod).status);
  const phase = text(status.phase);
  if (phase === "Succeeded") return null;
  for (const c of list(status.containerStatuses)) {
    const waiting = record(record(record(c).state).waiting);
    if (waiting.reason === "CrashLoopBackOff") return "CrashLoopBackOff";
  }
  if (phase === "Failed") return "Failed";
  if (phase === "Pending") return "Pending";
  const ready = list(status.conditions).some((c) => record(c).type === "Ready" && record(c).status === "True");
  return ready ? null : "Not ready";
}

/** Whether a node reports Ready. */
export function nodeReady(node: Value): boolean {
  return list(record(record(node).status).conditions).some((c) => record(c).type === "Ready" && record(c).status === "True");
}

/** When an event last happened (ms), from whichever time field it carries. */
export function eventTime(event: Value): number {
  const e = record(event);
  const t = text(e.lastTimestamp) || text(e.eventTime) || text(e.firstTimestamp) || text(record(e.metadata).creationTimestamp);
  return t ? Date.parse(t) : 0;
}

/** Summed usage over metrics objects (`usage` for nodes, each container's `usage` for pods). */
export function usageOf(metrics: Value[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  const add = (usage: Value | undefined) => {
    cpu += cpuCores(text(record(usage).cpu));
    memory += memoryBytes(text(record(usage).memory));
  };
  for (const m of metrics) {
    const obj = record(m);
    if (obj.usage) add(obj.usage);
    for (const c of list(obj.containers)) add(record(c).usage);
  }
  return { cpu, memory };
}

/** Total allocatable CPU (cores) and memory (bytes) of the nodes. */
export function allocatable(nodes: Value[]): { cpu: number; memory: number } {
  return nodes.reduce<{ cpu: number; memory: number }>(
    (sum, n) => {
      const a = record(record(record(n).status).allocatable);
      return { cpu: sum.cpu + cpuCores(text(a.cpu)), memory: sum.memory + memoryBytes(text(a.memory)) };
    },
    { cpu: 0, memory: 0 },
  );
}
