import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { useClusterStore } from "@/stores/cluster-store";
import { clusterNameOf } from "@/stores/stream-store";

/** The cluster a stream belongs to: its colour and label, and its context name. */
export function ClusterChip({ context }: { context: string }) {
  const prefs = useClusterStore((s) => s.prefs[context]);
  const name = useClusterStore((s) => s.connectedClusters.get(context)?.cluster.context) ?? clusterNameOf(context);
  return (
    <span data-testid="stream-cluster" data-context={context} className={cn("shrink-0 rounded border px-1 text-[11px] font-medium", prefs?.color ? clusterColorClasses[prefs.color].chip : "border-zinc-600 text-zinc-200")}>
      {prefs?.label ? `${prefs.label} · ` : ""}
      {name}
    </span>
  );
}
