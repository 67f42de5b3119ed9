import { Button } from "@/components/ui/button";
import { RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import type { AppError } from "@/lib/tauri/bindings";

type DiscoveryErrorProps = { error: AppError; onRetry: () => void; retrying: boolean; compact?: boolean };

/** listClusters failed: show the backend's message and a retry. */
export function DiscoveryError({ error, onRetry, retrying, compact = false }: DiscoveryErrorProps) {
  if (compact) {
    return (
      <div role="alert" data-testid="discovery-error" className="flex items-center gap-3 rounded-xl border border-red-500/30 bg-red-500/10 px-4 py-2.5 text-sm text-red-200">
        <TriangleAlertIcon className="shrink-0 text-red-400" />
        <p className="min-w-0 flex-1 break-words">
          Refreshing failed: <span>{error.message}</span>
        </p>
        <Button size="sm" onClick={onRetry} disabled={retrying}>
          Retry
        </Button>
      </div>
    );
  }
  return (
    <div role="alert" data-testid="discovery-error" className="mx-auto flex max-w-lg flex-col items-center rounded-2xl border border-red-500/30 bg-red-500/[0.06] px-6 py-10 text-center">
      <TriangleAlertIcon width={24} height={24} className="text-red-400" />
      <h2 className="mt-3 text-base font-semibold text-zinc-100">Could not read your kubeconfig</h2>
      <p className="mt-1.5 text-sm break-words text-red-200/90">{error.message}</p>
      <Button className="mt-5" onClick={onRetry} disabled={retrying}>
        <RefreshCwIcon />
        {retrying ? "Retrying…" : "Retry"}
      </Button>
    </div>
  );
}
