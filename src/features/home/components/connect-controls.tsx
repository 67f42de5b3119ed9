import { CheckIcon, CopyIcon, LoaderCircleIcon, RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import type { Cluster } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";

/** Why a card's connect failed, with Retry (only when trying again can help) and "Copy connection log". */
export function ConnectError({ cluster }: { cluster: Cluster }) {
  const error = useClusterStore((s) => (s.connectedClusters.has(cluster.id) ? undefined : s.connectErrors[cluster.id]));
  const retry = useClusterStore((s) => s.retry);
  const connectionLogText = useClusterStore((s) => s.connectionLogText);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  if (!error) return null;

  const copyLog = async () => {
    try {
      await navigator.clipboard.writeText(await connectionLogText(cluster.id));
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };

  return (
    <div role="alert" data-testid="connect-error" className="mt-3 rounded-md border border-red-500/30 bg-red-500/10 px-2.5 py-2 text-xs text-red-200">
      <p className="flex gap-2 break-words">
        <TriangleAlertIcon className="mt-px shrink-0 text-red-400" width={14} height={14} />
        <span className="min-w-0" data-testid="connect-error-message">
          {error.message}
        </span>
      </p>
      <div className="mt-2 flex flex-wrap gap-1.5 pl-5">
        {error.retryable ? (
          <Button size="sm" className="h-7" data-testid="retry-connect" onClick={() => void retry(cluster.id)}>
            <RefreshCwIcon width={12} height={12} />
            Retry
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" className="h-7" data-testid="copy-connection-log" onClick={() => void copyLog()}>
          <CopyIcon width={12} height={12} />
          {copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy connection log"}
        </Button>
      </div>
    </div>
  );
}

/** Connect / progress + Cancel / connected checkmark + Disconnect, on the right of a card's footer. */
export function ConnectControls({ cluster }: { cluster: Cluster }) {
  const entry = useClusterStore((s) => s.connectedClusters.get(cluster.id));
  const connect = useClusterStore((s) => s.connect);
  const cancelConnect = useClusterStore((s) => s.cancelConnect);
  const disconnect = useClusterStore((s) => s.disconnect);
  const setActiveCluster = useClusterStore((s) => s.setActiveCluster);

  if (entry && (entry.status === "connecting" || entry.status === "reconnecting")) {
    return (
      <div className="flex shrink-0 items-center gap-2" data-testid="connect-progress">
        <span role="status" className="flex items-center gap-1.5 text-xs text-amber-200">
          <LoaderCircleIcon className="animate-spin" width={14} height={14} />
          {entry.status === "reconnecting" ? "Reconnecting…" : "Connecting…"}
        </span>
        <Button size="sm" variant="ghost" data-testid="cancel-connect" onClick={() => void cancelConnect(cluster.id)} aria-label={`Cancel connecting to ${cluster.context}`}>
          Cancel
        </Button>
      </div>
    );
  }
  if (entry) {
    return (
      <div className="flex shrink-0 items-center gap-1.5">
        <Tooltip content="Connected — open its dashboard">
          <button
            type="button"
            data-testid="connected-badge"
            onClick={() => setActiveCluster(cluster.id)}
            className="flex items-center gap-1 rounded-md px-1.5 py-1 text-xs font-medium text-emerald-300 hover:bg-emerald-500/10 focus-visible:outline-2 focus-visible:outline-sky-400"
          >
            <CheckIcon width={14} height={14} />
            Connected
          </button>
        </Tooltip>
        <Button size="sm" variant="secondary" data-testid="disconnect" onClick={() => void disconnect(cluster.id)} aria-label={`Disconnect ${cluster.context}`}>
          Disconnect
        </Button>
      </div>
    );
  }
  const invalid = cluster.problem != null;
  return (
    // The wrapper carries the tooltip: a disabled button gets no focus or hover, so the
    // wrapper takes focus instead while the context cannot connect.
    <Tooltip content={invalid ? `Cannot connect: ${cluster.problem}` : `Connect to ${cluster.context}`}>
      <span className="shrink-0 rounded-md focus-visible:outline-2 focus-visible:outline-sky-400" tabIndex={invalid ? 0 : undefined}>
        <Button size="sm" variant="primary" data-testid="connect" disabled={invalid} onClick={() => void connect(cluster.id)} aria-label={`Connect to ${cluster.context}`}>
          Connect
        </Button>
      </span>
    </Tooltip>
  );
}
