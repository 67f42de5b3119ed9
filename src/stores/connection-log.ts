/** The connection log of one cluster as plain text, for the clipboard. */
import type { AppError, LogStep } from "@/lib/tauri/bindings";

export function formatConnectionLog(name: string, id: string, steps: LogStep[], error: AppError | null): string {
  const lines = [`Kubeli connection log — ${name}`, `context id: ${id}`];
  if (error) lines.push(`error: ${error.message}`);
  lines.push("");
  if (steps.length === 0) lines.push("(no steps recorded)");
  for (const step of steps) {
    const at = step.atMs ? new Date(step.atMs).toISOString() : "-";
    lines.push(`${at}  ${step.ok ? "ok  " : "FAIL"}  ${step.step} (${step.millis} ms)${step.detail ? ` — ${step.detail}` : ""}`);
  }
  return lines.join("\n");
}
