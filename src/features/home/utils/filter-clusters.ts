import { matchesTerms, searchTerms } from "@/lib/match-terms";
import type { Cluster } from "@/lib/tauri/bindings";
import { authLabel } from "./format";

/**
 * Clusters matching a free-text query. Every whitespace-separated term must
 * appear in one of context, cluster, server, user, namespace, source or auth.
 */
export function filterClusters(clusters: readonly Cluster[], query: string): Cluster[] {
  const terms = searchTerms(query);
  return clusters.filter((c) => matchesTerms(terms, [c.context, c.clusterName, c.server, c.user, c.namespace ?? "default", c.source, authLabel(c.auth)]));
}

/** Number of distinct kubeconfig files the clusters came from. */
export function countSourceFiles(clusters: readonly Cluster[]): number {
  return new Set(clusters.map((c) => c.source)).size;
}
