import { Button } from "@/components/ui/button";
import type { ReactNode } from "react";
import { ArrowLeftIcon, LayersIcon, PlusIcon, RefreshCwIcon } from "lucide-react";
import { cn } from "@/lib/cn";
import { selectActiveCluster } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { useDiscoveryStore } from "../stores/use-discovery-store";
import { SearchBox } from "./search-box";
import { ContextCount } from "./context-count";
import { AddClusterManually } from "./add-cluster-dialog";
import { Tooltip } from "@/components/ui/tooltip";

type HomeHeaderProps = {
  onAddSource: () => void;
  onShowSources: () => void;
  /** Extra controls the app puts at the right end (e.g. settings). */
  extras?: ReactNode;
};

export function HomeHeader({ onAddSource, onShowSources, extras }: HomeHeaderProps) {
  const hasActive = useClusterStore((s) => selectActiveCluster(s) !== null);
  const showDashboard = useClusterStore((s) => s.showDashboard);
  const loading = useDiscoveryStore((s) => s.loading);
  const load = useDiscoveryStore((s) => s.load);
  const sourceCount = useDiscoveryStore((s) => s.discovery?.sources.length ?? 0);

  return (
    <header className="sticky top-0 z-20 border-b border-zinc-800/80 bg-zinc-950/85 backdrop-blur">
      <div className="mx-auto flex max-w-[1600px] items-center gap-4 px-6 py-3">
        <div className="flex min-w-0 shrink-0 items-center gap-2.5">
          <img src="/kubeli.svg" alt="" width={26} height={26} className="rounded-md" />
          <div className="min-w-0">
            <h1 className="text-[15px] leading-5 font-semibold tracking-tight text-zinc-50">Kubeli</h1>
            <ContextCount />
          </div>
        </div>
        <div className="flex flex-1 justify-center">
          <SearchBox />
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <Button variant="ghost" size="md" onClick={onShowSources} aria-label={`Kubeconfig sources (${sourceCount})`} data-testid="show-sources">
            <LayersIcon />
            <span>Sources</span>
            <span className="rounded bg-zinc-800 px-1.5 text-xs text-zinc-400">{sourceCount}</span>
          </Button>
          <Button variant="secondary" onClick={onAddSource} data-testid="add-source">
            <PlusIcon />
            <span>Add kubeconfig</span>
          </Button>
          <AddClusterManually />
          <Tooltip content="Refresh (re-read kubeconfig files)">
            <Button variant="secondary" size="icon" onClick={() => void load()} aria-label="Refresh" aria-busy={loading} data-testid="refresh">
              <RefreshCwIcon className={cn(loading && "animate-spin")} />
            </Button>
          </Tooltip>
          {extras}
          {hasActive ? (
            <Button variant="primary" onClick={showDashboard} data-testid="back-to-dashboard">
              <ArrowLeftIcon />
              <span>Back to dashboard</span>
            </Button>
          ) : null}
        </div>
      </div>
    </header>
  );
}
