import type { Cluster } from "@/lib/tauri/bindings";
import { authLabel } from "./format";

function haystack(cluster: Cluster): string {
  return [
    cluster.context,
    cluster.clusterName,
    cluster.server,
    cluster.user,
    cluster.namespace ?? "default",
    cluster.source,
    authLabel(cluster.auth),
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

/**
 * Clusters matching a free-text query. Every whitespace-separated term must
 * appear in one of context, cluster, server, user, namespace, source or auth.
 */
export function filterClusters(clusters: readonly Cluster[], query: string): Cluster[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...clusters];
  return clusters.filter((cluster) => {
    const text = haystack(cluster);
    return terms.every((term) => text.includes(term));
  });
}

/** Number of distinct kubeconfig files the clusters came from. */
export function countSourceFiles(clusters: readonly Cluster[]): number {
  return new Set(clusters.map((c) => c.source)).size;
}
