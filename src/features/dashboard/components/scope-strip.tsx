/**
 * Above an all-clusters table: each cluster of the scope with its row count and its list's
 * state. A cluster that is loading, still listing, reconnecting, stale, failed or forbidden says so with its
 * cause (and Retry when its watch gave up) while the other clusters' rows stay in the table.
 */
import { LockIcon, RefreshCwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ClusterName } from "@/components/ui/cluster-guard";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { useClusterIdentity } from "@/stores/cluster-identity";
import type { ScopeClusterState } from "../utils/scope";

const LOOK: Record<ScopeClusterState["state"], { label: string; tone: string; dot: string }> = {
  loading: { label: "loading…", tone: "border-zinc-800 text-zinc-400", dot: "bg-zinc-500 animate-pulse" },
  listing: { label: "listing…", tone: "border-zinc-800 text-zinc-400", dot: "bg-sky-400 animate-pulse" },
  live: { label: "live", tone: "border-zinc-800 text-zinc-400", dot: "bg-emerald-400" },
  reconnecting: { label: "reconnecting…", tone: "border-amber-500/40 bg-amber-500/[0.06] text-amber-200", dot: "bg-amber-400 animate-pulse" },
  stale: { label: "stale", tone: "border-amber-500/40 bg-amber-500/[0.06] text-amber-200", dot: "bg-amber-500" },
  failed: { label: "failed", tone: "border-red-500/40 bg-red-500/[0.07] text-red-200", dot: "bg-red-500" },
  forbidden: { label: "not allowed", tone: "border-amber-500/40 bg-amber-500/[0.06] text-amber-200", dot: "bg-amber-500" },
};

type Props = { states: ScopeClusterState[]; onRetry: (context: string) => void };

export function ScopeStrip({ states, onRetry }: Props) {
  return (
    <ul data-testid="scope-strip" aria-label="Clusters in this table" className="mx-5 mb-2 flex flex-wrap gap-1.5">
      {states.map((s) => (
        <ClusterState key={s.context} state={s} onRetry={() => onRetry(s.context)} />
      ))}
    </ul>
  );
}

function ClusterState({ state, onRetry }: { state: ScopeClusterState; onRetry: () => void }) {
  const facts = useClusterIdentity(state.context);
  const look = LOOK[state.state];
  const troubled = state.state !== "live" && state.state !== "loading" && state.state !== "listing";
  return (
    <li
      data-testid="scope-cluster-state"
      data-cluster-id={state.context}
      data-context={facts.name}
      data-state={state.state}
      role={state.state === "failed" ? "alert" : undefined}
      className={cn("flex max-w-full min-w-0 items-center gap-1.5 rounded-md border px-2 py-1 text-[11px]", look.tone, troubled && "basis-full")}
    >
      <span aria-hidden="true" className={cn("h-2 w-2 shrink-0 rounded-full", facts.color ? clusterColorClasses[facts.color].bg : "bg-zinc-600")} />
      <ClusterName facts={facts} className="font-medium text-zinc-200" />
      <span className="shrink-0 tabular-nums text-zinc-500">{state.count}</span>
      <span className="flex shrink-0 items-center gap-1">
        <span aria-hidden="true" className={cn("h-1.5 w-1.5 rounded-full", look.dot)} />
        {state.state === "forbidden" ? <LockIcon width={11} height={11} /> : null}
        {look.label}
      </span>
      {state.reason ? (
        <span data-testid="scope-cluster-cause" className="min-w-0 truncate" data-tooltip={state.reason}>
          — {state.reason}
        </span>
      ) : null}
      {state.state === "failed" || state.state === "forbidden" ? (
        <Button size="sm" variant="ghost" className="ml-auto h-6" onClick={onRetry} data-testid="scope-cluster-retry" aria-label={`Retry ${facts.name}`}>
          <RefreshCwIcon width={11} height={11} />
          Retry
        </Button>
      ) : null}
    </li>
  );
}
