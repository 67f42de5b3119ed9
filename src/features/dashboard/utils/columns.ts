/**
 * The columns and status chips of every kind a view shows: kubectl's columns for built-in
 * kinds (`columns-workloads.ts`, `columns-other.ts`), a CRD's own printer columns, else
 * name / namespace / age.
 */
import { qualifiedName } from "@/stores/resource-store";
import type { KindInfo, PrinterColumn, Value } from "@/lib/tauri/bindings";
import { ageColumn, col, nameColumn, namespaceColumn, type Column } from "./column";
import { OTHER_COLUMNS } from "./columns-other";
import { nodeStatus, podIsReady, podRestarts, WORKLOAD_COLUMNS } from "./columns-workloads";
import { age, arr, at, num, obj, str, timeOf } from "./values";

export type { Column } from "./column";
export { age, nameOf, namespaceOf, replicasOf } from "./values";
export { podStatus } from "./columns-workloads";

const COLUMNS: Record<string, Column[]> = { ...WORKLOAD_COLUMNS, ...OTHER_COLUMNS };

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

/** A column a CRD asks for (`additionalPrinterColumns`), shown and sorted as kubectl does. */
function printerColumn(column: PrinterColumn): Column {
  const numeric = column.type === "integer" || column.type === "number";
  return col(
    column.name,
    (o, now) => {
      const value = atPath(o, column.jsonPath);
      if (value === undefined) return "—";
      if (column.type === "date" && typeof value === "string") return age(value, now);
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    },
    {
      className: numeric || column.type === "date" ? "tabular-nums" : undefined,
      ticks: column.type === "date",
      sortValue: (o) => {
        const value = atPath(o, column.jsonPath);
        if (column.type === "date") return -timeOf(str(value));
        if (numeric) return num(value);
        return value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
      },
    },
  );
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
  const hasAge = extra.some((c) => c.id === "age");
  return [...scoped, ...extra, ...(hasAge ? [] : [ageColumn])];
}

/** A quick filter of a kind's rows by their state, next to the text filter. */
export type StatusChip = { id: string; label: string; test: (object: Value) => boolean };

const CHIPS: Record<string, StatusChip[]> = {
  pods: [
    { id: "not-ready", label: "Not ready", test: (o) => !podIsReady(o) },
    { id: "restarted", label: "Restarted", test: (o) => podRestarts(o) > 0 },
  ],
  "deployments.apps": [{ id: "unavailable", label: "Unavailable", test: (o) => num(at(o, "status", "availableReplicas")) < num(at(o, "spec", "replicas")) }],
  "statefulsets.apps": [{ id: "not-ready", label: "Not ready", test: (o) => num(at(o, "status", "readyReplicas")) < num(at(o, "spec", "replicas")) }],
  nodes: [{ id: "not-ready", label: "Not ready", test: (o) => !nodeStatus(o).startsWith("Ready") }],
  events: [{ id: "warnings", label: "Warnings", test: (o) => str(obj(o).type) === "Warning" }],
};

export function chipsFor(kind: KindInfo | undefined): StatusChip[] {
  return (kind && CHIPS[qualifiedName(kind)]) || [];
}

const LABELS: Record<string, string> = {
  overview: "Overview",
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
  endpoints: "Endpoints",
  endpointslices: "EndpointSlices",
  networkpolicies: "Network Policies",
  horizontalpodautoscalers: "HPAs",
  poddisruptionbudgets: "PDBs",
  resourcequotas: "Resource Quotas",
  limitranges: "Limit Ranges",
  persistentvolumeclaims: "PVCs",
  persistentvolumes: "PVs",
  storageclasses: "Storage Classes",
  serviceaccounts: "Service Accounts",
  roles: "Roles",
  rolebindings: "Role Bindings",
  clusterroles: "Cluster Roles",
  clusterrolebindings: "Cluster Role Bindings",
};

export function kindLabel(kind: string): string {
  return LABELS[kind] ?? kind;
}
