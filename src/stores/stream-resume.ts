/**
 * A log whose stream ended because its cluster stopped answering (the backend ends followed logs
 * when the health probe finds the network silent: a laptop asleep, a VPN dropped) starts again,
 * with the same options, once the cluster answers: the first healthy (or slow) health report of
 * that cluster after the end. Shells are not started again: a new shell is a new session.
 */
import type { Health } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { useStreamStore, type StreamTab } from "@/stores/stream-store";

const answering = (health: Health | null | undefined) => health?.status === "healthy" || health?.status === "slow";

/** Whether a tab is a log that ended because its cluster could not be reached. */
export function endedUnreachable(tab: StreamTab): boolean {
  return tab.type === "logs" && tab.status === "ended" && tab.end?.kind === "unreachable" && tab.target !== null;
}

/** Starts the watch on the cluster store; returns its stop. */
export function resumeLogsWhenClustersAnswer(): () => void {
  return useClusterStore.subscribe((state, previous) => {
    if (state.connectedClusters === previous.connectedClusters) return;
    for (const [context, entry] of state.connectedClusters) {
      if (entry.health === previous.connectedClusters.get(context)?.health || !answering(entry.health)) continue;
      const streams = useStreamStore.getState();
      for (const tab of streams.tabs) if (tab.context === context && endedUnreachable(tab)) streams.setLogOptions(tab.id, {});
    }
  });
}
