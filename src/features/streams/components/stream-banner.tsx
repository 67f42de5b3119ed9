import type { StreamTab } from "@/stores/stream-store";
import { clusterNameOf } from "@/stores/stream-store";
import { endedUnreachable } from "@/stores/stream-resume";

/** Why a tab's stream ended (or could not start), in the tab itself, naming the cluster. */
export function StreamBanner({ tab }: { tab: StreamTab }) {
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
      {endedUnreachable(tab) ? `. It starts again when ${name} answers.` : ""}
    </div>
  );
}
