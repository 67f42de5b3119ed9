import { activeResourceTabOf, selectActiveCluster, selectPrefs } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { LoaderCircleIcon } from "lucide-react";
import { ClusterOverview } from "./cluster-overview";
import { DashboardHeader } from "./dashboard-header";
import { DetailsLayer } from "./details-layer";
import { KindSidebar } from "./kind-sidebar";
import { ResourceTabs } from "./resource-tabs";
import { KeptViews } from "./kept-views";
import { OVERVIEW } from "../utils/nav";

/** Everything of the active cluster; other clusters keep their state in the stores. */
export function Dashboard() {
  const entry = useClusterStore(selectActiveCluster);
  const prefs = useClusterStore(selectPrefs(entry?.id ?? null));
  const alive = useClusterStore(useShallow((s) => [...s.connectedClusters.keys()]));
  const aliveSet = useMemo(() => new Set(alive), [alive]);
  if (!entry) return null;
  const kind = activeResourceTabOf(prefs);
  const ready = entry.status === "connected" || entry.status === "error";
  const view = ready && kind && kind !== OVERVIEW ? { context: entry.id, clusterName: entry.cluster.context, kind, namespace: entry.currentNamespace } : null;

  return (
    <div data-testid="dashboard" data-cluster-id={entry.id} className="flex min-h-0 flex-1 flex-col">
      <DashboardHeader entry={entry} />
      <div className="flex min-h-0 flex-1">
        {ready ? <KindSidebar clusterId={entry.id} /> : null}
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          <ResourceTabs clusterId={entry.id} />
          {!ready ? (
            <div role="status" className="flex flex-1 items-center justify-center gap-2 text-sm text-zinc-400">
              <LoaderCircleIcon className="animate-spin" /> {entry.status === "reconnecting" ? "Reconnecting" : "Connecting"} to {entry.cluster.context}…
            </div>
          ) : kind === OVERVIEW ? (
            <ClusterOverview key={entry.id} context={entry.id} />
          ) : kind ? null : (
            <div className="flex flex-1 items-center justify-center text-sm text-zinc-500">No resource tab is open. Pick a kind on the left or use +.</div>
          )}
          {/* Each recently shown cluster's view stays mounted: a switch re-attaches it. */}
          <KeptViews active={view} alive={aliveSet} />
        </div>
      </div>
      {ready ? <DetailsLayer context={entry.id} clusterName={entry.cluster.context} namespace={entry.currentNamespace} /> : null}
    </div>
  );
}
