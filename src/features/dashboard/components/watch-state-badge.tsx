import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import type { WatchState } from "@/lib/tauri/bindings";
import type { WatchStep } from "@/stores/resource-store";
import { useClockText } from "../hooks/use-clock";
import { useViewVisibility } from "./view-shown";
import { formatClock } from "@/lib/clock";

/** What the badge shows: the backend's state, or `listing` before its first report. */
export type BadgeState = WatchState | { state: "listing" };

const LOOK: Record<BadgeState["state"], { label: string; dot: string; text: string }> = {
  listing: { label: "listing…", dot: "bg-sky-400 animate-pulse", text: "text-zinc-400" },
  live: { label: "live", dot: "bg-emerald-400", text: "text-zinc-500" },
  reconnecting: { label: "reconnecting…", dot: "bg-amber-400 animate-pulse", text: "text-amber-300" },
  stale: { label: "stale", dot: "bg-amber-500", text: "text-amber-300" },
  failed: { label: "watch failed", dot: "bg-red-500", text: "text-red-300" },
  paused: { label: "paused", dot: "bg-zinc-500", text: "text-zinc-400" },
};

/** Why the watch is in this state, for the tooltip; a live one names its last interruption. */
function explain(state: BadgeState, now: number, history: WatchStep[]): string {
  switch (state.state) {
    case "listing":
      return "Reading the whole list, a page of 500 at a time: rows appear as the pages arrive, and changes follow once it is all in";
    case "live": {
      const last = [...history].reverse().find((s) => s.reason !== null);
      const interrupted = last ? `\nLast interruption at ${formatClock(last.atMs)}: ${last.reason}` : "";
      return `Updates arrive from a watch; nothing is polled${interrupted}`;
    }
    case "reconnecting":
      return `Reconnecting for ${Math.max(0, Math.round((now - (state.sinceMs ?? now)) / 1000))} s: ${state.reason}`;
    case "stale":
      return `The list may be out of date: no watch for ${Math.max(0, Math.round((now - (state.sinceMs ?? now)) / 1000))} s (${state.reason})`;
    case "failed":
      return state.reason;
    case "paused":
      return `Paused at ${formatClock(state.sinceMs ?? now)} (a background cluster): no watch open, the rows are as they were; it resumes from there when the cluster is active`;
  }
}

type BadgeProps = {
  state: BadgeState;
  /** The states the watch went through, oldest first (their names kept as `data-history`). */
  history?: WatchStep[];
  onRetry: () => void;
};

/**
 * How a list's watch is doing, as the backend reports it, with the cause beside the state
 * while it is not live (it names the cluster); Retry when it has given up. Before the first
 * report the list is still being read (the backend reports live once all of it is in and the
 * watch is open): "listing…", so a count that is still growing is not taken for the total.
 */
export function WatchStateBadge({ state, history = [], onRetry }: BadgeProps) {
  const look = LOOK[state.state];
  const cause = state.state === "reconnecting" || state.state === "stale" ? state.reason : null;
  // "for N s" follows the clock while the view is on screen; only this badge draws for it.
  const visibility = useViewVisibility();
  const tooltip = useClockText((now) => explain(state, now, history), cause !== null ? visibility : null);
  return (
    <Tooltip content={tooltip}>
    <span data-testid="watch-state" data-state={state.state} data-history={history.map((s) => s.state).join(" ")} tabIndex={0} className={cn("ml-auto flex items-center gap-1.5 text-[11px]", look.text)}>
      <span className={cn("h-1.5 w-1.5 shrink-0 rounded-full", look.dot)} aria-hidden="true" />
      <span className="shrink-0">{look.label}</span>
      {cause ? <span data-testid="watch-cause" className="max-w-md min-w-48 truncate">— {cause}</span> : null}
      {state.state === "failed" ? (
        <>
          <span className="sr-only">: {state.reason}</span>
          <Button size="sm" variant="ghost" onClick={onRetry} data-testid="watch-retry">
            Retry
          </Button>
        </>
      ) : null}
    </span>
    </Tooltip>
  );
}
