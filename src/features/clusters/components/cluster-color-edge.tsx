import { clusterColorClasses } from "@/lib/cluster-colors";
import { useClusterStore } from "@/stores/cluster-store";

/** A coloured frame around the window while a coloured cluster is active and shown. */
export function ClusterColorEdge() {
  const color = useClusterStore((s) => (s.view === "dashboard" && s.activeClusterContext ? s.prefs[s.activeClusterContext]?.color : null));
  if (!color) return null;
  const bg = clusterColorClasses[color].bg;
  return (
    <div aria-hidden="true" data-testid="cluster-color-edge" data-color={color} className="pointer-events-none fixed inset-0 z-30">
      <div className={`absolute inset-x-0 top-0 h-[3px] ${bg}`} />
      <div className={`absolute inset-y-0 left-0 w-[3px] ${bg}`} />
      <div className={`absolute inset-y-0 right-0 w-[3px] ${bg}`} />
      <div className={`absolute inset-x-0 bottom-0 h-[3px] ${bg}`} />
    </div>
  );
}
