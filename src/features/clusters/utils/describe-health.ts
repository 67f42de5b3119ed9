import { clockTime, healthLabel } from "@/lib/health";
import { healthOf, lastCheckOf, latencyOf } from "@/stores/cluster-selectors";
import type { ConnectedClusterState } from "@/stores/cluster-types";

/**
 * One line for a tab's tooltip: status, latency, last check, the error if any and, while
 * failing, when Kubeli tries again (the backend keeps retrying with backoff).
 */
export function describeHealth(entry: ConnectedClusterState): string {
  if (entry.status === "connecting") return "Connecting…";
  if (entry.status === "reconnecting") return "Reconnecting…";
  const parts = [healthLabel[healthOf(entry)]];
  if (latencyOf(entry) != null && entry.status !== "error") parts.push(`${latencyOf(entry)} ms`);
  const checked = clockTime(lastCheckOf(entry));
  if (checked) parts.push(`checked ${checked}`);
  if (entry.lastError) parts.push(entry.lastError);
  const next = entry.health?.nextRetryMs;
  if (entry.status === "error" && next) parts.push(`next try at ${clockTime(next)}`);
  return parts.join(" · ");
}
