import { CheckIcon, HourglassIcon, LoaderCircleIcon, RefreshCwIcon, TriangleAlertIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ClusterName } from "@/components/ui/cluster-guard";
import { IconButton } from "@/components/ui/icon-button";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { useSelectionStore } from "../stores/use-selection-store";

type ItemState = "waiting" | "connecting" | "connected" | "failed";

/** The clusters of the last batch connect, each with its progress; failures with their reason and Retry. */
export function BatchStatus() {
  const batch = useSelectionStore((s) => s.batch);
  const dismiss = useSelectionStore((s) => s.dismissBatch);
  if (batch.length === 0) return null;
  return (
    <section data-testid="batch-status" aria-label="Connecting together" className="rounded-xl border border-zinc-800 bg-zinc-900/60 px-4 py-3">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-xs font-semibold tracking-wide text-zinc-400 uppercase">Connecting {batch.length} clusters</h2>
        <IconButton label="Dismiss" data-testid="dismiss-batch" onClick={dismiss}>
          <XIcon size={14} />
        </IconButton>
      </div>
      <ul className="space-y-1">
        {batch.map((id) => (
          <BatchItem key={id} id={id} />
        ))}
      </ul>
    </section>
  );
}

function BatchItem({ id }: { id: string }) {
  const facts = useClusterIdentity(id);
  const interactive = useClusterStore((s) => s.clusters?.find((c) => c.id === id)?.interactive === true);
  const status = useClusterStore((s) => s.connectedClusters.get(id)?.status);
  const error = useClusterStore((s) => (s.connectedClusters.has(id) ? undefined : s.connectErrors[id]));
  const connectMany = useClusterStore((s) => s.connectMany);
  const state: ItemState = error ? "failed" : status === "connecting" || status === "reconnecting" ? "connecting" : status ? "connected" : "waiting";
  return (
    <li data-testid="batch-item" data-cluster-id={id} data-context={facts.name} data-state={state} className="flex min-w-0 items-start gap-2 text-sm">
      <span className="mt-0.5 shrink-0">
        {state === "connected" ? (
          <CheckIcon size={14} className="text-emerald-400" />
        ) : state === "connecting" ? (
          <LoaderCircleIcon size={14} className="animate-spin text-amber-300" />
        ) : state === "failed" ? (
          <TriangleAlertIcon size={14} className="text-red-400" />
        ) : (
          <HourglassIcon size={14} className="text-zinc-500" />
        )}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-center gap-2">
          <ClusterName facts={facts} className="text-zinc-200" />
          <span className="shrink-0 text-xs text-zinc-500">
            {state === "waiting" ? (interactive ? "waits its turn to log in" : "waiting") : state === "connecting" ? (interactive ? "logging in…" : "connecting…") : state}
          </span>
        </div>
        {error ? (
          <p data-testid="batch-error" className="text-xs break-words text-red-300">
            {error.message}
          </p>
        ) : null}
      </div>
      {state === "failed" ? (
        <Button size="sm" className="h-7 shrink-0" data-testid="batch-retry" onClick={() => void connectMany([id])}>
          <RefreshCwIcon width={12} height={12} />
          Retry
        </Button>
      ) : null}
    </li>
  );
}
