import type { AppError } from "@/lib/tauri/bindings";

/** An exception thrown across the IPC edge (not a typed `Err`) as an AppError. */
export function unexpectedError(cause: unknown): AppError {
  if (typeof cause === "object" && cause !== null && "message" in cause && "kind" in cause) {
    return cause as AppError;
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { kind: "internal", message: message || "Unexpected error", retryable: true };
}

/** Runs a typed command, turning a thrown exception into an error result. */
export async function callCommand<T>(
  run: () => Promise<{ status: "ok"; data: T } | { status: "error"; error: AppError }>,
): Promise<{ status: "ok"; data: T } | { status: "error"; error: AppError }> {
  try {
    return await run();
  } catch (cause) {
    return { status: "error", error: unexpectedError(cause) };
  }
}
