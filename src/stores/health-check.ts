/**
 * Probe a cluster now instead of at its next retry. A cluster that stopped answering is probed
 * again with a backoff that grows to a minute; when the user asks ("Check now" in the
 * dashboard's error banner) or the OS says the network is back (the window's `online` event,
 * which WebKitGTK raises from GLib's network monitor: a laptop that woke, a VPN that came up),
 * the backend probes at once and the answer comes as the cluster's next health event.
 */
import { commands } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";

/** Asks the backend to probe `context` now. */
export function checkHealthNow(context: string): void {
  void commands.checkHealthNow(context).catch(() => undefined);
}

/** Probes now every connected cluster that is not answering (its tab red). */
function checkUnansweredNow(): void {
  for (const entry of useClusterStore.getState().connectedClusters.values()) if (entry.status === "error") checkHealthNow(entry.id);
}

/** Probes the clusters that are not answering each time the network comes back; returns the stop. */
export function listenToNetworkReturn(): () => void {
  const onOnline = () => checkUnansweredNow();
  window.addEventListener("online", onOnline);
  return () => window.removeEventListener("online", onOnline);
}
