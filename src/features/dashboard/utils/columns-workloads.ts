/** kubectl's columns of workload kinds and of the Cluster group (nodes, namespaces, events). */
import type { Value } from "@/lib/tauri/bindings";
import { metadataOf } from "@/stores/resource-store";
import { ageCol, ageColumn, col, nameColumn, namespaceColumn, numberCol, ratioTone, statusTone, type Column } from "./column";
import { arr, at, createdOf, joined, labelsOf, num, obj, str } from "./values";

/** Pod status as kubectl prints it: a waiting/terminated reason wins over the phase. */
export function podStatus(pod: Value): string {
  if (metadataOf(pod).deletionTimestamp) return "Terminating";
  for (const container of arr(at(pod, "status", "containerStatuses"))) {
    const state = obj(obj(container).state);
    const reason = str(obj(state.waiting).reason) || str(obj(state.terminated).reason);
    if (reason) return reason;
  }
  return str(at(pod, "status", "phase")) || "Unknown";
}

export function podReadyCounts(pod: Value): [number, number] {
  const statuses = arr(at(pod, "status", "containerStatuses"));
  const total = statuses.length || arr(at(pod, "spec", "containers")).length;
  return [statuses.filter((c) => obj(c).ready === true).length, total];
}

export function podRestarts(pod: Value): number {
  return arr(at(pod, "status", "containerStatuses")).reduce<number>((sum, c) => sum + num(obj(c).restartCount), 0);
}

/** A pod counts as ready when all its containers are, or it finished. */
export function podIsReady(pod: Value): boolean {
  const [ready, total] = podReadyCounts(pod);
  return (ready === total && total > 0 && podStatus(pod) === "Running") || podStatus(pod) === "Completed" || str(at(pod, "status", "phase")) === "Succeeded";
}

export function nodeStatus(node: Value): string {
  const ready = arr(at(node, "status", "conditions")).find((c) => obj(c).type === "Ready");
  const base = ready ? (obj(ready).status === "True" ? "Ready" : "NotReady") : "Unknown";
  return at(node, "spec", "unschedulable") === true ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(node: Value): string {
  const prefix = "node-role.kubernetes.io/";
  return joined(Object.keys(labelsOf(node)).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
}

function nodeAddress(node: Value, type: string): string {
  return str(obj(arr(at(node, "status", "addresses")).find((a) => obj(a).type === type)).address) || "<none>";
}

const status = (o: Value, ...path: string[]) => num(at(o, "status", ...path));
const spec = (o: Value, ...path: string[]) => at(o, "spec", ...path);
const ratio = (header: string, read: (o: Value) => [number, number]): Column =>
  col(header, (o) => read(o).join("/"), { className: "tabular-nums", sortValue: (o) => read(o)[0] - read(o)[1], tone: (o) => ratioTone(read(o).join("/")) });

const podReady = ratio("Ready", podReadyCounts);
const replicaRatio = ratio("Ready", (o) => [status(o, "readyReplicas"), num(spec(o, "replicas"))]);

function jobStatus(job: Value): string {
  const conditions = arr(at(job, "status", "conditions")).filter((c) => obj(c).status === "True");
  const last = conditions.map((c) => str(obj(c).type)).pop();
  if (last === "Complete") return "Complete";
  if (last === "Failed") return "Failed";
  if (spec(job, "suspend") === true) return "Suspended";
  return "Running";
}

function jobDuration(job: Value, now: number): string {
  const start = str(at(job, "status", "startTime"));
  if (!start) return "—";
  const end = str(at(job, "status", "completionTime"));
  const ms = (end ? Date.parse(end) : now) - Date.parse(start);
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ""}` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

const involved = (o: Value) => obj(obj(o).involvedObject ?? obj(o).regarding);
const lastSeen = (o: Value) => str(obj(o).lastTimestamp) || str(at(o, "series", "lastObservedTime")) || str(obj(o).eventTime) || createdOf(o);

export const WORKLOAD_COLUMNS: Record<string, Column[]> = {
  pods: [
    nameColumn,
    namespaceColumn,
    podReady,
    col("Status", podStatus, { tone: (o) => statusTone(podStatus(o)) }),
    numberCol("Restarts", podRestarts),
    col("Node", (o) => str(spec(o, "nodeName")) || "<none>"),
    col("IP", (o) => str(at(o, "status", "podIP")) || "<none>", { className: "font-mono text-xs" }),
    ageColumn,
  ],
  "deployments.apps": [
    nameColumn,
    namespaceColumn,
    replicaRatio,
    numberCol("Up-to-date", (o) => status(o, "updatedReplicas")),
    numberCol("Available", (o) => status(o, "availableReplicas")),
    ageColumn,
  ],
  "replicasets.apps": [
    nameColumn,
    namespaceColumn,
    numberCol("Desired", (o) => num(spec(o, "replicas"))),
    numberCol("Current", (o) => status(o, "replicas")),
    numberCol("Ready", (o) => status(o, "readyReplicas")),
    ageColumn,
  ],
  "statefulsets.apps": [nameColumn, namespaceColumn, replicaRatio, ageColumn],
  "daemonsets.apps": [
    nameColumn,
    namespaceColumn,
    numberCol("Desired", (o) => status(o, "desiredNumberScheduled")),
    numberCol("Current", (o) => status(o, "currentNumberScheduled")),
    numberCol("Ready", (o) => status(o, "numberReady")),
    numberCol("Up-to-date", (o) => status(o, "updatedNumberScheduled")),
    numberCol("Available", (o) => status(o, "numberAvailable")),
    ageColumn,
  ],
  "jobs.batch": [
    nameColumn,
    namespaceColumn,
    col("Status", jobStatus, { tone: (o) => statusTone(jobStatus(o)) }),
    col("Completions", (o) => `${status(o, "succeeded")}/${num(spec(o, "completions")) || 1}`, { className: "tabular-nums" }),
    col("Duration", jobDuration, { className: "tabular-nums", ticks: true }),
    ageColumn,
  ],
  "cronjobs.batch": [
    nameColumn,
    namespaceColumn,
    col("Schedule", (o) => str(spec(o, "schedule")), { className: "font-mono text-xs" }),
    col("Suspend", (o) => String(spec(o, "suspend") === true)),
    numberCol("Active", (o) => arr(at(o, "status", "active")).length),
    ageCol("Last schedule", (o) => str(at(o, "status", "lastScheduleTime"))),
    ageColumn,
  ],
  nodes: [
    nameColumn,
    col("Status", nodeStatus, { tone: (o) => (nodeStatus(o).startsWith("Ready") ? "text-emerald-300" : "text-red-300") }),
    col("Roles", nodeRoles),
    col("Version", (o) => str(at(o, "status", "nodeInfo", "kubeletVersion")), { className: "font-mono text-xs" }),
    col("Internal IP", (o) => nodeAddress(o, "InternalIP"), { className: "font-mono text-xs" }),
    ageColumn,
  ],
  namespaces: [nameColumn, col("Status", (o) => str(at(o, "status", "phase")) || "Active", { tone: (o) => statusTone(str(at(o, "status", "phase")) || "Active") }), ageColumn],
  events: [
    col("Type", (o) => str(obj(o).type), { tone: (o) => (str(obj(o).type) === "Warning" ? "text-amber-300" : undefined) }),
    col("Reason", (o) => str(obj(o).reason)),
    col("Object", (o) => `${str(involved(o).kind).toLowerCase()}/${str(involved(o).name)}`),
    col("Message", (o) => str(obj(o).message) || str(obj(o).note), { className: "max-w-[32rem] truncate" }),
    numberCol("Count", (o) => num(obj(o).count) || num(at(o, "series", "count")) || 1),
    namespaceColumn,
    ageCol("Last seen", lastSeen),
  ],
};
