import { useMemo } from "react";
import { useDiscoveryStore } from "../stores/use-discovery-store";
import { countSourceFiles, filterClusters } from "../utils/filter-clusters";
import { plural } from "../utils/format";

/** "12 contexts from 3 files" (or "3 of 12 contexts match" while searching). */
export function ContextCount() {
  const clusters = useDiscoveryStore((s) => s.discovery?.clusters);
  const query = useDiscoveryStore((s) => s.query);
  const failed = useDiscoveryStore((s) => s.error != null && !s.loading);
  const text = useMemo(() => {
    if (!clusters) return null;
    const total = `${plural(clusters.length, "context")} from ${plural(countSourceFiles(clusters), "file")}`;
    if (!query.trim()) return total;
    return `${filterClusters(clusters, query).length} of ${plural(clusters.length, "context")} match`;
  }, [clusters, query]);

  return (
    <p className="truncate text-xs text-zinc-500" data-testid="context-count" aria-live="polite">
      {text ?? (failed ? "Could not list contexts" : "Reading kubeconfig…")}
    </p>
  );
}
