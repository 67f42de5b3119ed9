/**
 * Who a cluster is, as every place that names it shows it: its context name (shortened in
 * the middle when long), the file it came from when another file uses the same name, and its
 * production guard (protected, read-only, colour, label). Derived, never stored.
 */
import { useMemo } from "react";
import { shallow } from "zustand/shallow";
import type { ClusterColor } from "@/lib/cluster-colors";
import { fileName, shortenMiddle } from "@/lib/cluster-names";
import type { Cluster } from "@/lib/tauri/bindings";
import type { ClusterGroup } from "./cluster-persistence";
import { useClusterStore } from "./cluster-store";
import type { ClusterStore } from "./cluster-types";

export type ClusterIdentity = {
  id: string;
  /** The context name as the kubeconfig spells it: what a protected cluster's confirm asks for. */
  name: string;
  /** `name` shortened in the middle. */
  short: string;
  /** The file name when another file has a context of the same name; else null. */
  file: string | null;
  /** The full name and the full source path, for tooltips. */
  full: string;
  /** Protected by its own guard setting or by any group it belongs to. */
  protected: boolean;
  /** The first protected group the cluster belongs to (for the badge's tooltip); null when none. */
  protectedBy: string | null;
  readOnly: boolean;
  label: string | null;
  color: ClusterColor | null;
};

function clusterOf(s: Pick<ClusterStore, "clusters" | "connectedClusters">, id: string): Cluster | null {
  return s.connectedClusters.get(id)?.cluster ?? s.clusters?.find((c) => c.id === id) ?? null;
}

/** Whether another known context (another file, or a repeat in the same file) has the same name. */
export function nameIsShared(clusters: readonly Cluster[] | null, cluster: Cluster): boolean {
  return cluster.duplicate || (clusters ?? []).some((c) => c.id !== cluster.id && c.context === cluster.context);
}

/** The first protected group that has `id` as a member, or null. */
export function protectingGroup(groups: readonly ClusterGroup[] | undefined, id: string): string | null {
  return groups?.find((g) => g.protected === true && g.members.includes(id))?.name ?? null;
}

/** The guard's source of truth: a cluster is protected by its own setting or by any protected group it is in. */
export function identityOf(s: Pick<ClusterStore, "clusters" | "connectedClusters" | "prefs"> & Partial<Pick<ClusterStore, "groups">>, id: string): ClusterIdentity {
  const cluster = clusterOf(s, id);
  const name = cluster?.context ?? id;
  const shared = cluster ? nameIsShared(s.clusters, cluster) : false;
  const prefs = s.prefs[id] ?? {};
  const protectedBy = protectingGroup(s.groups, id);
  return {
    id,
    name,
    short: shortenMiddle(name),
    file: shared && cluster?.source ? fileName(cluster.source) : null,
    full: cluster?.source ? `${name}\n${cluster.source}` : name,
    protected: prefs.protected === true || protectedBy !== null,
    protectedBy,
    readOnly: prefs.readOnly === true,
    label: prefs.label ?? null,
    color: prefs.color ?? null,
  };
}

/**
 * A selector of `id`'s identity that works it out again only when what it is made of changed
 * (the cluster lists, the saved choices, the groups) and returns the object it returned before
 * while the identity is the same. Every tab, card and header subscribes one, and the store
 * changes on each cluster switch, which changes none of them.
 */
function identitySelector(id: string): (s: ClusterStore) => ClusterIdentity {
  // The store it was last worked out from (its parts are replaced, never changed in place).
  let from: ClusterStore | null = null;
  let value: ClusterIdentity | null = null;
  return (s) => {
    if (value && from && s.clusters === from.clusters && s.connectedClusters === from.connectedClusters && s.prefs === from.prefs && s.groups === from.groups) return value;
    const made = identityOf(s, id);
    from = s;
    value = value && shallow(value, made) ? value : made;
    return value;
  };
}

/** The identity of one cluster, re-rendering only when it changes. */
export function useClusterIdentity(id: string): ClusterIdentity {
  const select = useMemo(() => identitySelector(id), [id]);
  return useClusterStore(select);
}
