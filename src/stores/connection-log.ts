/** The connection log of one cluster as plain text, for the clipboard, with secrets removed. */
import type { AppError, LogStep } from "@/lib/tauri/bindings";

/**
 * The same rules as the backend's `redact.rs` (which already cleans each step): applied
 * again to everything copied, because the error shown beside the log comes from elsewhere.
 */
const RULES: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, "[private key redacted]"],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[redacted]"],
  [/("?[a-z_-]*(token|password|passwd|secret|api[_-]?key|client[_-]key[_-]data|credential)[a-z_-]*"?\s*[:=]\s*)"?[^\s",;&}]+"?/gi, "$1[redacted]"],
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, "$1[redacted]@"],
];

/** `text` with bearer tokens, JWTs, passwords, keys and URL passwords replaced by a marker. */
export function redactSecrets(text: string): string {
  return RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

export function formatConnectionLog(name: string, id: string, steps: LogStep[], error: AppError | null): string {
  const lines = [`Kubeli connection log — ${name}`, `context id: ${id}`];
  if (error) lines.push(`error: ${error.message}`);
  lines.push("");
  if (steps.length === 0) lines.push("(no steps recorded)");
  for (const step of steps) {
    const at = step.atMs ? new Date(step.atMs).toISOString() : "-";
    lines.push(`${at}  ${step.ok ? "ok  " : "FAIL"}  ${step.step} (${step.millis} ms)${step.detail ? ` — ${step.detail}` : ""}`);
  }
  return redactSecrets(lines.join("\n"));
}
