import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import type { WatchState } from "@/lib/tauri/bindings";

const LOOK: Record<WatchState["state"], { label: string; dot: string; text: string }> = {
  live: { label: "live", dot: "bg-emerald-400", text: "text-zinc-500" },
  reconnecting: { label: "reconnecting…", dot: "bg-amber-400 animate-pulse", text: "text-amber-300" },
  stale: { label: "stale", dot: "bg-amber-500", text: "text-amber-300" },
  failed: { label: "watch failed", dot: "bg-red-500", text: "text-red-300" },
};

/** Why the watch is in this state, for the tooltip. */
function explain(state: WatchState, now: number): string {
  switch (state.state) {
    case "live":
      return "Updates arrive from a watch; nothing is polled";
    case "reconnecting":
      return `Reconnecting for ${Math.max(0, Math.round((now - (state.sinceMs ?? now)) / 1000))} s: ${state.reason}`;
    case "stale":
      return `The list may be out of date: no watch for ${Math.max(0, Math.round((now - (state.sinceMs ?? now)) / 1000))} s (${state.reason})`;
    case "failed":
      return state.reason;
  }
}

/** How a list's watch is doing, as the backend reports it; Retry when it has given up. */
export function WatchStateBadge({ state, now, onRetry }: { state: WatchState; now: number; onRetry: () => void }) {
  const look = LOOK[state.state];
  return (
    <Tooltip content={explain(state, now)}>
    <span data-testid="watch-state" data-state={state.state} tabIndex={0} className={cn("ml-auto flex items-center gap-1.5 text-[11px]", look.text)}>
      <span className={cn("h-1.5 w-1.5 rounded-full", look.dot)} aria-hidden="true" />
      <span>{look.label}</span>
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
