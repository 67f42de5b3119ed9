import { clockTime, healthLabel } from "@/lib/health";
import { healthOf, lastCheckOf, latencyOf } from "@/stores/cluster-selectors";
import type { ConnectedClusterState } from "@/stores/cluster-types";

/** One line for a tab's tooltip: status, latency, last check and the error, if any. */
export function describeHealth(entry: ConnectedClusterState): string {
  if (entry.status === "connecting") return "Connecting…";
  if (entry.status === "reconnecting") return "Reconnecting…";
  const parts = [healthLabel[healthOf(entry)]];
  if (latencyOf(entry) != null && entry.status !== "error") parts.push(`${latencyOf(entry)} ms`);
  const checked = clockTime(lastCheckOf(entry));
  if (checked) parts.push(`checked ${checked}`);
  if (entry.lastError) parts.push(entry.lastError);
  return parts.join(" · ");
}
