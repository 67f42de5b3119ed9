import { ClusterName, GuardBadge } from "@/components/ui/cluster-guard";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { useClusterIdentity } from "@/stores/cluster-identity";

/** A compared cluster: its colour and label, its name shortened in the middle (full name on hover), its guard. */
export function CompareClusterChip({ context, className }: { context: string; className?: string }) {
  const facts = useClusterIdentity(context);
  return (
    <span
      data-testid="compare-cluster-chip"
      data-context={context}
      className={cn(
        "inline-flex max-w-full min-w-0 items-center gap-1.5 rounded border px-1.5 py-0.5 text-xs font-medium",
        facts.color ? clusterColorClasses[facts.color].chip : "border-zinc-600 bg-zinc-800/60 text-zinc-200",
        className,
      )}
    >
      {facts.label ? <span className="shrink-0">{facts.label} ·</span> : null}
      <ClusterName facts={facts} />
      <GuardBadge facts={facts} />
    </span>
  );
}
