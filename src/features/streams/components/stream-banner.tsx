import { RotateCcwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { useClusterStore } from "@/stores/cluster-store";
import { canRestart, clusterNameOf, useStreamStore, type StreamTab } from "@/stores/stream-store";
import { waitsForCluster } from "../utils/stream-status";

/**
 * Why a tab's stream ended (or could not start), or why a log waits, in the tab itself, naming
 * the cluster; an ended tab can start again from here (a shell as a new session).
 */
export function StreamBanner({ tab }: { tab: StreamTab }) {
  // A tab of a cluster no longer connected cannot start again until it is connected.
  const connected = useClusterStore((s) => s.connectedClusters.has(tab.context));
  if (tab.type === "logs" && waitsForCluster(tab)) {
    return (
      <div role="status" data-testid="stream-waiting" data-context={tab.context} className="border-b border-amber-500/30 bg-amber-500/[0.08] px-3 py-1.5 text-xs text-amber-200">
        <b>Waiting</b> — {tab.silence}. The lines shown stay.
      </div>
    );
  }
  if (tab.status !== "ended" || !tab.end) return null;
  const { message, exitCode } = tab.end;
  const name = clusterNameOf(tab.context);
  const clean = exitCode === 0;
  return (
    <div
      role="status"
      data-testid="stream-ended"
      data-context={tab.context}
      className={cn(
        "flex items-center gap-3 border-b px-3 py-1.5 text-xs",
        clean ? "border-zinc-800 bg-zinc-900 text-zinc-300" : "border-amber-500/30 bg-amber-500/[0.08] text-amber-200",
      )}
    >
      <span className="min-w-0 flex-1">
        <b>Stream ended</b> — {message.includes(name) ? message : `${name}: ${message}`}
        {exitCode !== null && !message.includes(`code ${exitCode}`) ? ` (exit code ${exitCode})` : ""}
      </span>
      {canRestart(tab) && connected ? (
        <Button size="sm" data-testid="stream-restart" className="h-6 shrink-0 px-2" onClick={() => useStreamStore.getState().restartTab(tab.id)}>
          <RotateCcwIcon width={12} height={12} aria-hidden="true" />
          {tab.type === "shell" ? "New session" : "Start again"}
        </Button>
      ) : null}
    </div>
  );
}
