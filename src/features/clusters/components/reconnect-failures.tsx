import { LoaderCircleIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { useClusterStore } from "@/stores/cluster-store";

/** The clusters the start-up reconnect could not reconnect, together; Retry only where trying again can help. */
export function ReconnectFailures() {
  const failures = useClusterStore((s) => s.reconnectFailures);
  const retry = useClusterStore((s) => s.retry);
  const dismiss = useClusterStore((s) => s.dismissReconnectFailures);
  const [busy, setBusy] = useState(false);
  if (failures.length === 0) return null;
  const retryable = failures.filter((f) => f.error.retryable);

  const retryAll = async () => {
    setBusy(true);
    await Promise.all(retryable.map((f) => retry(f.id)));
    setBusy(false);
  };

  return (
    <section role="alert" data-testid="reconnect-failures" aria-labelledby="reconnect-failures-title" className="shrink-0 border-b border-red-500/30 bg-red-950/40 px-4 py-2.5">
      <div className="flex items-center gap-3">
        <TriangleAlertIcon className="shrink-0 text-red-400" />
        <h2 id="reconnect-failures-title" className="flex-1 text-sm font-medium text-red-100">
          {failures.length === 1 ? "1 cluster could not be reconnected" : `${failures.length} clusters could not be reconnected`}
        </h2>
        {retryable.length > 1 ? (
          <Button size="sm" onClick={() => void retryAll()} disabled={busy}>
            {busy ? <LoaderCircleIcon className="animate-spin" width={12} height={12} /> : null}
            Retry all
          </Button>
        ) : null}
        <Tooltip content="Forget these clusters for the next start">
          <Button size="sm" variant="ghost" onClick={dismiss}>
            Dismiss
          </Button>
        </Tooltip>
      </div>
      <ul className="mt-2 space-y-1 pl-7">
        {failures.map((failure) => (
          <li key={failure.id} data-testid="reconnect-failure" data-cluster-id={failure.id} className="flex items-center gap-3 text-xs">
            <span className="shrink-0 font-medium text-zinc-100">{failure.name}</span>
            <Tooltip content={failure.error.message}>
              <span className="min-w-0 flex-1 truncate text-red-200/90" tabIndex={0}>
                {failure.error.message}
              </span>
            </Tooltip>
            {failure.error.retryable ? (
              <Button size="sm" className="h-6" onClick={() => void retry(failure.id)} aria-label={`Retry ${failure.name}`}>
                Retry
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
