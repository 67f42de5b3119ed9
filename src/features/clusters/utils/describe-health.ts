import { clockTime, healthLabel } from "@/lib/health";
import { healthOf, type ConnectedClusterState } from "@/stores/cluster-store";

/** One line for a tab's tooltip: status, latency, last check and the error, if any. */
export function describeHealth(entry: ConnectedClusterState): string {
  if (entry.status === "connecting") return "Connecting…";
  if (entry.status === "reconnecting") return "Reconnecting…";
  const parts = [healthLabel[healthOf(entry)]];
  if (entry.latencyMs != null && entry.status !== "error") parts.push(`${entry.latencyMs} ms`);
  const checked = clockTime(entry.lastHealthCheckMs);
  if (checked) parts.push(`checked ${checked}`);
  if (entry.lastError) parts.push(entry.lastError);
  return parts.join(" · ");
}
