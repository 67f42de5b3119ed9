/**
 * What a page asked of a cluster while it did not answer (a reload or a new view during an
 * outage) is not left failed: when the cluster answers again (its health turns from unreachable
 * or unauthorized back to healthy or slow) every list of that cluster whose watch could not
 * start starts again, as the view's Retry button would (as does one still starting then that
 * fails afterwards), and a description of its kinds that failed, or came with groups that failed,
 * is asked for again (its old one shows meanwhile).
 */
import { callCommand } from "@/lib/errors";
import { commands, type AppError } from "@/lib/tauri/bindings";
import { useClusterStore } from "./cluster-store";
import { useResourceStore } from "./resource-store";

/** Errors a cluster that answers again may clear; a refusal (403), a missing kind or bad input stay. */
export function clearsWhenClusterAnswers(error: AppError | null): boolean {
  return error !== null && (error.retryable || error.kind === "unauthorized");
}

/** Starts again what failed on `context` for a reason its answering may clear. */
export function retryFailedViews(context: string): void {
  const { entries, retry } = useResourceStore.getState();
  const starting = new Set<string>();
  for (const [key, entry] of Object.entries(entries)) {
    if (entry.context !== context) continue;
    if (entry.status === "error" && clearsWhenClusterAnswers(entry.error)) void retry(entry.context, entry.kind, entry.namespace);
    else if (entry.status === "loading") starting.add(key);
  }
  if (starting.size > 0) {
    startingWhenAnswered.set(context, starting);
    followStarting();
  }
  void describeAgain(context);
}

/**
 * Lists of a cluster still starting when it answered again, by context: their request may have
 * gone into the silence and time out only later, after the transition that would retry them.
 * One of them that fails that way while its cluster answers starts again, once.
 */
const startingWhenAnswered = new Map<string, Set<string>>();
let stopFollowing: (() => void) | null = null;

function followStarting() {
  stopFollowing ??= useResourceStore.subscribe((state) => {
    for (const [context, keys] of startingWhenAnswered) {
      for (const key of keys) {
        const entry = state.entries[key];
        if (entry?.status === "loading") continue;
        keys.delete(key);
        const answering = useClusterStore.getState().connectedClusters.get(context)?.status === "connected";
        if (entry?.status === "error" && clearsWhenClusterAnswers(entry.error) && answering) void state.retry(entry.context, entry.kind, entry.namespace);
      }
      if (keys.size === 0) startingWhenAnswered.delete(context);
    }
    if (startingWhenAnswered.size === 0) {
      stopFollowing?.();
      stopFollowing = null;
    }
  });
}

async function describeAgain(context: string): Promise<void> {
  const known = useResourceStore.getState().kinds[context];
  if (!known || known.status === "loading" || (known.status === "ready" && known.kinds?.failedGroups.length === 0)) return;
  const result = await callCommand(() => commands.describeKinds(context, null));
  // Forgotten meanwhile (disconnected), or still failing: what shows stays.
  if (result.status !== "ok" || !useResourceStore.getState().kinds[context]) return;
  useResourceStore.setState((s) => ({ kinds: { ...s.kinds, [context]: { status: "ready", kinds: result.data, error: null } } }));
}
