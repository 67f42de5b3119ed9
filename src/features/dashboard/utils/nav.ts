/**
 * The sidebar's groups, as kubectl users expect them, and the custom resources a cluster
 * serves grouped by API group. An entry's `kind` is what the tab opens and the `data-kind`
 * hook: the plural for core and built-in groups, `plural.group` for any other group.
 */
import type { KindInfo } from "@/lib/tauri/bindings";
import { kindLabel } from "./columns";

export type NavEntry = { kind: string; label: string; /** The qualified name its watch is cached under. */ qualified: string };
export type NavGroup = { id: string; label: string; entries: NavEntry[] };

const entry = (plural: string, group = ""): NavEntry => ({ kind: plural, label: kindLabel(plural), qualified: group ? `${plural}.${group}` : plural });

export const OVERVIEW = "overview";

export const BUILTIN_GROUPS: NavGroup[] = [
  { id: "cluster", label: "Cluster", entries: [{ kind: OVERVIEW, label: "Overview", qualified: OVERVIEW }, entry("nodes"), entry("namespaces"), entry("events")] },
  {
    id: "workloads",
    label: "Workloads",
    entries: [entry("pods"), entry("deployments", "apps"), entry("replicasets", "apps"), entry("statefulsets", "apps"), entry("daemonsets", "apps"), entry("jobs", "batch"), entry("cronjobs", "batch")],
  },
  {
    id: "network",
    label: "Network",
    entries: [entry("services"), entry("endpoints"), entry("endpointslices", "discovery.k8s.io"), entry("ingresses", "networking.k8s.io"), entry("networkpolicies", "networking.k8s.io")],
  },
  {
    id: "config",
    label: "Config",
    entries: [entry("configmaps"), entry("secrets"), entry("horizontalpodautoscalers", "autoscaling"), entry("poddisruptionbudgets", "policy"), entry("resourcequotas"), entry("limitranges")],
  },
  { id: "storage", label: "Storage", entries: [entry("persistentvolumeclaims"), entry("persistentvolumes"), entry("storageclasses", "storage.k8s.io")] },
  {
    id: "access",
    label: "Access",
    entries: [
      entry("serviceaccounts"),
      entry("roles", "rbac.authorization.k8s.io"),
      entry("rolebindings", "rbac.authorization.k8s.io"),
      entry("clusterroles", "rbac.authorization.k8s.io"),
      entry("clusterrolebindings", "rbac.authorization.k8s.io"),
    ],
  },
];

/** Groups that ship with Kubernetes: their kinds are not custom resources. */
export function isBuiltinGroup(group: string): boolean {
  return group === "" || ["apps", "batch", "autoscaling", "policy"].includes(group) || group.endsWith(".k8s.io") || group === "k8s.io";
}

/** Every listable kind of a non-built-in group, one sidebar group per API group, sorted. */
export function customGroups(kinds: KindInfo[]): NavGroup[] {
  const byGroup = new Map<string, NavEntry[]>();
  for (const k of kinds) {
    if (isBuiltinGroup(k.group) || !k.verbs.includes("list")) continue;
    const qualified = `${k.plural}.${k.group}`;
    const list = byGroup.get(k.group) ?? [];
    if (!list.some((e) => e.kind === qualified)) list.push({ kind: qualified, label: k.kind, qualified });
    byGroup.set(k.group, list);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, entries]) => ({ id: `crd:${group}`, label: group, entries: entries.sort((a, b) => a.label.localeCompare(b.label)) }));
}

/** Up to this many custom kinds, their groups start open; with more, closed (a group the user opened or closed stays so: `ClusterPrefs.kindGroups`). */
export const OPEN_CUSTOM_KINDS_UP_TO = 40;

/** Whether a cluster's custom groups start open: it has few custom kinds. */
export function customOpenByDefault(groups: NavGroup[]): boolean {
  return groups.reduce((n, g) => n + g.entries.length, 0) <= OPEN_CUSTOM_KINDS_UP_TO;
}
