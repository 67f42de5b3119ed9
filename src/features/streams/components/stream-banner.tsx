import type { StreamTab } from "@/stores/stream-store";
import { clusterNameOf } from "@/stores/stream-store";
import { waitsForCluster } from "../utils/stream-status";

/** Why a tab's stream ended (or could not start), or why a log waits, in the tab itself, naming the cluster. */
export function StreamBanner({ tab }: { tab: StreamTab }) {
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
      className={clean ? "border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-xs text-zinc-300" : "border-b border-amber-500/30 bg-amber-500/[0.08] px-3 py-1.5 text-xs text-amber-200"}
    >
      <b>Stream ended</b> — {message.includes(name) ? message : `${name}: ${message}`}
      {exitCode !== null ? ` (exit code ${exitCode})` : ""}
    </div>
  );
}
