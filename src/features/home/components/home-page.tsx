import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { useDiscoveryStore } from "../stores/use-discovery-store";
import { filterClusters } from "../utils/filter-clusters";
import { AddSourceDialog } from "./add-source-dialog";
import { BatchStatus } from "./batch-status";
import { ClusterGrid, ClusterGridSkeleton } from "./cluster-grid";
import { DiscoveryError } from "./discovery-error";
import { EmptyState } from "./empty-state";
import { GroupsBar } from "./groups-bar";
import { HomeHeader } from "./home-header";
import { SelectionBar } from "./selection-bar";
import { SimulatedBanner } from "./simulated-banner";
import { SourceErrorsPanel } from "./source-errors-panel";
import { SourcesDialog } from "./sources-dialog";

type OpenDialog = "add-source" | "sources" | null;

/** The home page: every kubeconfig context found, as a searchable grid of cards. */
export function HomePage({ headerExtras }: { headerExtras?: ReactNode } = {}) {
  const load = useDiscoveryStore((s) => s.load);
  const [dialog, setDialog] = useState<OpenDialog>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const openAddSource = () => setDialog("add-source");

  return (
    <div className="min-h-full bg-zinc-950 text-zinc-100">
      <HomeHeader onAddSource={openAddSource} onShowSources={() => setDialog("sources")} extras={headerExtras} />
      <main className="mx-auto max-w-[1600px] space-y-5 px-6 py-6">
        <HomeContent onAddSource={openAddSource} />
      </main>
      <AddSourceDialog open={dialog === "add-source"} onClose={() => setDialog(null)} />
      <SourcesDialog open={dialog === "sources"} onClose={() => setDialog(null)} onAddSource={openAddSource} />
    </div>
  );
}

function HomeContent({ onAddSource }: { onAddSource: () => void }) {
  const discovery = useDiscoveryStore((s) => s.discovery);
  const loading = useDiscoveryStore((s) => s.loading);
  const error = useDiscoveryStore((s) => s.error);
  const query = useDiscoveryStore((s) => s.query);
  const setQuery = useDiscoveryStore((s) => s.setQuery);
  const load = useDiscoveryStore((s) => s.load);

  const visible = useMemo(() => (discovery ? filterClusters(discovery.clusters, query) : []), [discovery, query]);

  if (!discovery) {
    if (error && !loading) return <DiscoveryError error={error} onRetry={() => void load()} retrying={loading} />;
    return <ClusterGridSkeleton />;
  }

  const { clusters, errors, sources } = discovery;
  const simulatedCount = clusters.filter((c) => c.simulated).length;

  return (
    <>
      {error ? <DiscoveryError compact error={error} onRetry={() => void load()} retrying={loading} /> : null}
      {simulatedCount > 0 ? <SimulatedBanner all={simulatedCount === clusters.length} /> : null}
      <SourceErrorsPanel errors={errors} />
      <GroupsBar />
      <BatchStatus />
      {clusters.length > 0 ? <SelectionBar visible={visible} /> : null}
      {clusters.length === 0 ? (
        <EmptyState sources={sources} onAddSource={onAddSource} />
      ) : visible.length === 0 ? (
        <div data-testid="no-matches" className="rounded-xl border border-dashed border-zinc-800 px-6 py-12 text-center text-sm text-zinc-400">
          <p>
            No context matches <span className="font-medium text-zinc-200">“{query}”</span>.
          </p>
          <Button size="sm" variant="ghost" className="mt-3" onClick={() => setQuery("")}>
            Clear search
          </Button>
        </div>
      ) : (
        <ClusterGrid clusters={visible} />
      )}
    </>
  );
}
