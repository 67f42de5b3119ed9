/**
 * Values derived from the cluster store (never copied into it): the active cluster, tab
 * order, a cluster's health dot, latency and last check, prefs and resource-tab history.
 */
import type { HealthStatus } from "@/lib/tauri/bindings";
import { DEFAULT_RESOURCE_TABS, type ClusterPrefs } from "./cluster-persistence";
import type { ClusterStore, ConnectedClusterState } from "./cluster-types";
import { EMPTY_HISTORY, type ResourceHistory } from "./resource-history";

const NO_PREFS: ClusterPrefs = Object.freeze({});

export const selectActiveCluster = (s: ClusterStore): ConnectedClusterState | null =>
  s.activeClusterContext ? (s.connectedClusters.get(s.activeClusterContext) ?? null) : null;

/** Something is in the pool (connected, or connecting). */
export const selectHasConnections = (s: ClusterStore): boolean => s.connectedClusters.size > 0;

/** At least one cluster is usable (connected, even if its last probe failed). */
export const selectAnyConnected = (s: ClusterStore): boolean =>
  [...s.connectedClusters.values()].some((c) => c.status === "connected" || c.status === "error");

/** The resource-tab history of one cluster (empty until it switched tabs). */
export const selectResourceHistory =
  (id: string | null) =>
  (s: ClusterStore): ResourceHistory =>
    (id ? s.resourceHistory[id] : undefined) ?? EMPTY_HISTORY;

export const selectPrefs =
  (id: string | null) =>
  (s: ClusterStore): ClusterPrefs =>
    (id ? s.prefs[id] : undefined) ?? NO_PREFS;

/** Connected clusters in tab order. */
export function orderedClusters(s: Pick<ClusterStore, "tabOrder" | "connectedClusters">): ConnectedClusterState[] {
  return s.tabOrder.map((id) => s.connectedClusters.get(id)).filter((c): c is ConnectedClusterState => c !== undefined);
}

/** What a tab's dot shows: connecting while a connect is in flight, else the last probe. */
export function healthOf(entry: ConnectedClusterState): HealthStatus {
  if (entry.status === "connecting" || entry.status === "reconnecting") return "connecting";
  if (entry.health) return entry.health.status;
  return entry.status === "error" ? "unreachable" : "connecting";
}

/** Round-trip time of the last health probe, in ms (null before the first or when it failed). */
export function latencyOf(entry: ConnectedClusterState): number | null {
  return entry.health?.latencyMs ?? null;
}

/** When the last health probe ran (ms since the epoch), or null. */
export function lastCheckOf(entry: ConnectedClusterState): number | null {
  return entry.health?.lastCheckMs ?? null;
}

/** The resource tab a cluster shows: the saved one if still open, else its first tab. */
export function activeResourceTabOf(prefs: ClusterPrefs): string | null {
  const tabs = prefs.resourceTabs ?? DEFAULT_RESOURCE_TABS;
  if (prefs.activeResourceTab && tabs.includes(prefs.activeResourceTab)) return prefs.activeResourceTab;
  return tabs[0] ?? null;
}
