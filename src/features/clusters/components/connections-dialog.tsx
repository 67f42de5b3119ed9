import { PlayIcon, RefreshCwIcon, UnplugIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ClusterName, GuardBadge } from "@/components/ui/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import type { ConnectionStats, WatchState } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { resumeWatchersNow } from "@/stores/background-pause";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { useConnectionStats } from "../hooks/use-connection-stats";
import { formatClock } from "@/lib/clock";

/**
 * The Connections panel: per connected cluster, the watches the backend runs for it and how
 * many objects each holds (read from the pool's registries, no cluster is asked; read again
 * as deltas and watch states arrive while it is open), with a Disconnect button each and
 * Resume for a cluster whose watches are paused (a background cluster, see background-pause.ts).
 */
export function ConnectionsDialog() {
  const open = useClusterUiStore((s) => s.connectionsOpen);
  const setOpen = useClusterUiStore((s) => s.setConnectionsOpen);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Connections" description="What Kubeli keeps running for each connected cluster." className="max-w-2xl">
      {open ? <ConnectionsBody /> : null}
    </Dialog>
  );
}

function ConnectionsBody() {
  const connected = useClusterStore((s) => s.connectedClusters);
  const { stats, error, refresh } = useConnectionStats();
  const ids = [...connected.keys()];
  return (
    <div data-testid="connections-panel">
      <div className="mb-2 flex justify-end">
        <Button size="sm" variant="ghost" data-testid="refresh-connections" onClick={refresh}>
          <RefreshCwIcon />
          Refresh
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-300">
          Could not read the connections: {error}
        </p>
      ) : null}
      {ids.length === 0 ? <p className="text-sm text-zinc-500">No cluster is connected.</p> : null}
      <ul className="max-h-[60vh] space-y-2 overflow-y-auto">
        {ids.map((id) => (
          <ConnectionRow key={id} id={id} stats={stats?.find((s) => s.context === id) ?? null} />
        ))}
      </ul>
    </div>
  );
}

function stateText(state: WatchState | null): string {
  return state ? state.state : "starting";
}

/** "reconnecting since 10:42:05" when the backend says since when. */
function stateLabel(state: WatchState | null): string {
  const since = state && "sinceMs" in state && state.sinceMs !== null ? ` since ${formatClock(state.sinceMs)}` : "";
  return `${stateText(state)}${since}`;
}

function ConnectionRow({ id, stats }: { id: string; stats: ConnectionStats | null }) {
  const facts = useClusterIdentity(id);
  const disconnect = useClusterStore((s) => s.disconnect);
  const watchers = stats?.watchers ?? [];
  const objects = watchers.reduce((n, w) => n + w.objects, 0);
  const pausedSince = stats?.pausedSinceMs ?? null;
  return (
    <li data-testid="connection-row" data-cluster-id={id} data-context={facts.name} data-watchers={watchers.length} data-objects={objects} data-paused={pausedSince !== null ? "true" : undefined} className="rounded-lg border border-zinc-800 px-3 py-2">
      <div className="flex items-center gap-2">
        <ClusterName facts={facts} className="text-sm font-medium text-zinc-100" />
        <GuardBadge facts={facts} />
        <span className="ml-auto text-xs text-zinc-400">
          {watchers.length} watch{watchers.length === 1 ? "" : "es"} · {objects} cached object{objects === 1 ? "" : "s"}
          {pausedSince !== null ? <span data-testid="connection-paused"> · paused since {formatClock(pausedSince)}</span> : null}
        </span>
        {pausedSince !== null ? (
          <Button size="sm" variant="secondary" className="h-7" data-testid="connection-resume" aria-label={`Resume the watches of ${facts.name}`} onClick={() => resumeWatchersNow(id)}>
            <PlayIcon />
            Resume
          </Button>
        ) : null}
        <Button size="sm" variant="secondary" className="h-7" data-testid="connection-disconnect" aria-label={`Disconnect ${facts.name}`} onClick={() => void disconnect(id)}>
          <UnplugIcon />
          Disconnect
        </Button>
      </div>
      {watchers.length ? (
        <table className="mt-1.5 w-full text-xs text-zinc-400">
          <tbody>
            {watchers.map((w) => (
              <tr key={`${w.kind}/${w.namespace ?? ""}`} data-testid="connection-watcher" data-kind={w.kind} data-state={stateText(w.state)}>
                <td className="py-0.5 font-mono text-zinc-300">{w.kind}</td>
                <td className="py-0.5">{w.namespace ?? "all namespaces"}</td>
                <td className="py-0.5" data-tooltip={w.state && "reason" in w.state ? w.state.reason : undefined}>
                  {stateLabel(w.state)}
                </td>
                <td className="py-0.5 text-right tabular-nums">{w.objects}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}
