/**
 * What a page asked of a cluster while it did not answer (a reload or a new view during an
 * outage) is not left failed: when the cluster answers again (its health turns from unreachable
 * or unauthorized back to healthy or slow) every list of that cluster whose watch could not
 * start starts again, as the view's Retry button would, and a description of its kinds that
 * failed, or came with groups that failed, is asked for again (its old one shows meanwhile).
 */
import { callCommand } from "@/lib/errors";
import { commands, type AppError } from "@/lib/tauri/bindings";
import { useResourceStore } from "./resource-store";

/** Errors a cluster that answers again may clear; a refusal (403), a missing kind or bad input stay. */
export function clearsWhenClusterAnswers(error: AppError | null): boolean {
  return error !== null && (error.retryable || error.kind === "unauthorized");
}

/** Starts again what failed on `context` for a reason its answering may clear. */
export function retryFailedViews(context: string): void {
  const { entries, retry } = useResourceStore.getState();
  for (const entry of Object.values(entries)) {
    if (entry.context === context && entry.status === "error" && clearsWhenClusterAnswers(entry.error)) {
      void retry(entry.context, entry.kind, entry.namespace);
    }
  }
  void describeAgain(context);
}

async function describeAgain(context: string): Promise<void> {
  const known = useResourceStore.getState().kinds[context];
  if (!known || known.status === "loading" || (known.status === "ready" && known.kinds?.failedGroups.length === 0)) return;
  const result = await callCommand(() => commands.describeKinds(context, null));
  // Forgotten meanwhile (disconnected), or still failing: what shows stays.
  if (result.status !== "ok" || !useResourceStore.getState().kinds[context]) return;
  useResourceStore.setState((s) => ({ kinds: { ...s.kinds, [context]: { status: "ready", kinds: result.data, error: null } } }));
}
