import type { HTMLAttributes } from "react";
import type { Cluster } from "@/lib/tauri/bindings";
import { ClusterCard } from "./cluster-card";
import { ClusterCardSkeleton } from "./cluster-card-skeleton";

function Grid({ children, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,19rem),1fr))] gap-4" {...props}>
      {children}
    </div>
  );
}

export function ClusterGrid({ clusters }: { clusters: Cluster[] }) {
  // The order Shift+click selects a range in.
  const order = clusters.map((c) => c.id);
  return (
    <Grid aria-label="Kubeconfig contexts">
      {clusters.map((cluster) => (
        <ClusterCard key={cluster.id} cluster={cluster} order={order} />
      ))}
    </Grid>
  );
}

export function ClusterGridSkeleton({ count = 6 }: { count?: number }) {
  return (
    <div role="status" aria-busy="true">
      <span className="sr-only">Loading contexts…</span>
      <Grid aria-hidden={true}>
        {Array.from({ length: count }, (_, i) => (
          <ClusterCardSkeleton key={i} />
        ))}
      </Grid>
    </div>
  );
}
