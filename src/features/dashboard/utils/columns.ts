import { metadataOf, qualifiedName } from "@/stores/resource-store";
import type { KindInfo, PrinterColumn, Value } from "@/lib/tauri/bindings";

export type Column = {
  id: string;
  header: string;
  value: (object: Value, now: number) => string;
  className?: string;
  /** Colour class for the cell, from its value. */
  tone?: (object: Value) => string | undefined;
};

type Obj = { [key: string]: Value };

function obj(value: Value | undefined): Obj {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function arr(value: Value | undefined): Value[] {
  return Array.isArray(value) ? value : [];
}

function num(value: Value | undefined): number {
  return typeof value === "number" ? value : 0;
}

function str(value: Value | undefined): string {
  return typeof value === "string" ? value : "";
}

export function nameOf(object: Value): string {
  return str(metadataOf(object).name);
}

export function namespaceOf(object: Value): string | null {
  return str(metadataOf(object).namespace) || null;
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

const nameColumn: Column = { id: "name", header: "Name", value: nameOf };
const namespaceColumn: Column = { id: "namespace", header: "Namespace", value: (o) => namespaceOf(o) ?? "—" };
const ageColumn: Column = {
  id: "age",
  header: "Age",
  value: (o, now) => {
    const created = str(metadataOf(o).creationTimestamp);
    return created ? age(created, now) : "—";
  },
  className: "tabular-nums",
};

/** Pod status as kubectl prints it: a waiting/terminated reason wins over the phase. */
export function podStatus(pod: Value): string {
  const status = obj(obj(pod).status);
  if (metadataOf(pod).deletionTimestamp) return "Terminating";
  for (const container of arr(status.containerStatuses)) {
    const state = obj(obj(container).state);
    const reason = str(obj(state.waiting).reason) || str(obj(state.terminated).reason);
    if (reason) return reason;
  }
  return str(status.phase) || "Unknown";
}

function podReady(pod: Value): string {
  const statuses = arr(obj(obj(pod).status).containerStatuses);
  const total = statuses.length || arr(obj(obj(pod).spec).containers).length;
  const ready = statuses.filter((c) => obj(c).ready === true).length;
  return `${ready}/${total}`;
}

function podRestarts(pod: Value): string {
  return String(arr(obj(obj(pod).status).containerStatuses).reduce<number>((sum, c) => sum + num(obj(c).restartCount), 0));
}

function statusTone(value: string): string | undefined {
  if (["Running", "Succeeded", "Completed", "Active", "Bound", "Ready"].includes(value)) return "text-emerald-300";
  if (["Pending", "ContainerCreating", "Terminating", "PodInitializing"].includes(value)) return "text-amber-300";
  if (value && value !== "Unknown") return "text-red-300";
  return undefined;
}

function deploymentReady(d: Value): string {
  const status = obj(obj(d).status);
  const desired = num(obj(obj(d).spec).replicas);
  return `${num(status.readyReplicas)}/${desired}`;
}

function nodeStatus(node: Value): string {
  const ready = arr(obj(obj(node).status).conditions).find((c) => obj(c).type === "Ready");
  const base = ready ? (obj(ready).status === "True" ? "Ready" : "NotReady") : "Unknown";
  return obj(obj(node).spec).unschedulable === true ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(node: Value): string {
  const labels = obj(metadataOf(node).labels);
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length));
  return roles.join(",") || "<none>";
}

function servicePorts(svc: Value): string {
  return arr(obj(obj(svc).spec).ports)
    .map((p) => {
      const port = obj(p);
      return `${num(port.port)}${port.nodePort ? `:${num(port.nodePort)}` : ""}/${str(port.protocol) || "TCP"}`;
    })
    .join(", ");
}

/** Columns of well-known kinds, by qualified name (`pods`, `deployments.apps`). */
const COLUMNS: Record<string, Column[]> = {
  pods: [
    nameColumn,
    namespaceColumn,
    { id: "ready", header: "Ready", value: podReady, className: "tabular-nums" },
    { id: "status", header: "Status", value: podStatus, tone: (o) => statusTone(podStatus(o)) },
    { id: "restarts", header: "Restarts", value: podRestarts, className: "tabular-nums" },
    ageColumn,
  ],
  "deployments.apps": [
    nameColumn,
    namespaceColumn,
    {
      id: "ready",
      header: "Ready",
      value: deploymentReady,
      className: "tabular-nums",
      tone: (o) => {
        const [ready, desired] = deploymentReady(o).split("/").map(Number);
        return ready === desired ? "text-emerald-300" : "text-amber-300";
      },
    },
    { id: "updated", header: "Up-to-date", value: (o) => String(num(obj(obj(o).status).updatedReplicas)), className: "tabular-nums" },
    { id: "available", header: "Available", value: (o) => String(num(obj(obj(o).status).availableReplicas)), className: "tabular-nums" },
    ageColumn,
  ],
  services: [
    nameColumn,
    namespaceColumn,
    { id: "type", header: "Type", value: (o) => str(obj(obj(o).spec).type) || "ClusterIP" },
    { id: "clusterIP", header: "Cluster IP", value: (o) => str(obj(obj(o).spec).clusterIP) || "—", className: "font-mono text-xs" },
    { id: "ports", header: "Ports", value: servicePorts, className: "font-mono text-xs" },
    ageColumn,
  ],
  configmaps: [nameColumn, namespaceColumn, { id: "data", header: "Data", value: (o) => String(Object.keys(obj(obj(o).data)).length), className: "tabular-nums" }, ageColumn],
  events: [
    { id: "type", header: "Type", value: (o) => str(obj(o).type), tone: (o) => (str(obj(o).type) === "Warning" ? "text-amber-300" : undefined) },
    { id: "reason", header: "Reason", value: (o) => str(obj(o).reason) },
    {
      id: "object",
      header: "Object",
      value: (o) => {
        const involved = obj(obj(o).involvedObject);
        return `${str(involved.kind).toLowerCase()}/${str(involved.name)}`;
      },
    },
    { id: "message", header: "Message", value: (o) => str(obj(o).message) || str(obj(o).note), className: "max-w-[32rem] truncate" },
    namespaceColumn,
    ageColumn,
  ],
  nodes: [
    nameColumn,
    { id: "status", header: "Status", value: nodeStatus, tone: (o) => (nodeStatus(o).startsWith("Ready") ? "text-emerald-300" : "text-red-300") },
    { id: "roles", header: "Roles", value: nodeRoles },
    { id: "version", header: "Version", value: (o) => str(obj(obj(obj(o).status).nodeInfo).kubeletVersion), className: "font-mono text-xs" },
    ageColumn,
  ],
};

/** The value at a simple JSONPath (`.spec.replicas`, `.status.conditions[0].type`). */
export function atPath(object: Value, path: string): Value | undefined {
  let current: Value | undefined = object;
  for (const part of path.replace(/^\./, "").split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    if (match[1]) current = obj(current)[match[1]];
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) current = arr(current)[Number(index[1])];
    if (current === undefined || current === null) return undefined;
  }
  return current;
}

/** A column a CRD asks for (`additionalPrinterColumns`), shown as kubectl shows it. */
function printerColumn(column: PrinterColumn): Column {
  return {
    id: `printer:${column.name}`,
    header: column.name,
    value: (o, now) => {
      const value = atPath(o, column.jsonPath);
      if (value === undefined) return "—";
      if (column.type === "date" && typeof value === "string") return age(value, now);
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    },
    className: column.type === "integer" || column.type === "number" ? "tabular-nums" : undefined,
  };
}

/**
 * Columns for a kind the backend described: specific ones for well-known kinds, a CRD's
 * printer columns, else name/namespace/age. `undefined` (not resolved yet) gets the plain set.
 */
export function columnsFor(kind: KindInfo | undefined, printerColumns: PrinterColumn[] = []): Column[] {
  const known = kind ? COLUMNS[qualifiedName(kind)] : undefined;
  if (known) return known;
  const scoped = kind && !kind.namespaced ? [nameColumn] : [nameColumn, namespaceColumn];
  const extra = printerColumns.filter((c) => c.priority === 0).map(printerColumn);
  // A CRD's columns usually include Age; avoid a second one.
  const hasAge = extra.some((c) => c.header.toLowerCase() === "age");
  return [...scoped, ...extra, ...(hasAge ? [] : [ageColumn])];
}

const LABELS: Record<string, string> = {
  pods: "Pods",
  deployments: "Deployments",
  services: "Services",
  configmaps: "ConfigMaps",
  events: "Events",
  nodes: "Nodes",
  secrets: "Secrets",
  statefulsets: "StatefulSets",
  daemonsets: "DaemonSets",
  replicasets: "ReplicaSets",
  jobs: "Jobs",
  cronjobs: "CronJobs",
  ingresses: "Ingresses",
  namespaces: "Namespaces",
  persistentvolumeclaims: "PVCs",
  persistentvolumes: "PVs",
};

export function kindLabel(kind: string): string {
  return LABELS[kind] ?? kind;
}

export function replicasOf(object: Value): number {
  return num(obj(obj(object).spec).replicas);
}
