import { formatClock } from "@/lib/clock";
import type { HealthStatus } from "@/lib/tauri/bindings";

/** Dot colour per health status: green healthy, amber slow/connecting, red failing. */
export const healthDotClass: Record<HealthStatus, string> = {
  healthy: "bg-emerald-400",
  slow: "bg-amber-400",
  connecting: "bg-amber-400 animate-pulse",
  unreachable: "bg-red-500",
  unauthorized: "bg-red-500",
};

export const healthLabel: Record<HealthStatus, string> = {
  healthy: "Healthy",
  slow: "Slow",
  connecting: "Connecting",
  unreachable: "Unreachable",
  unauthorized: "Unauthorized",
};

/** `12:03:04` for a timestamp in ms, or null. */
export function clockTime(ms: number | null | undefined): string | null {
  if (!ms) return null;
  return formatClock(ms);
}
