/** The Cluster cell of an all-clusters table: the row's cluster in its colour and label, its name shortened in the middle (full on hover). */
import { ClusterName } from "@/components/ui/cluster-guard";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { useClusterIdentity } from "@/stores/cluster-identity";

export function ClusterCell({ context }: { context: string }) {
  const facts = useClusterIdentity(context);
  const tone = facts.color ? clusterColorClasses[facts.color] : null;
  return (
    <span data-testid="cluster-cell" data-cluster-id={context} data-context={facts.name} className="inline-flex max-w-56 min-w-0 items-center gap-1.5">
      <span aria-hidden="true" className={cn("h-2 w-2 shrink-0 rounded-full", tone ? tone.bg : "bg-zinc-600")} />
      <ClusterName facts={facts} className={tone ? tone.text : "text-zinc-300"} />
      {facts.label ? <span className={cn("shrink-0 rounded border px-1 text-[10px] leading-4", tone ? tone.chip : "border-zinc-700 text-zinc-400")}>{facts.label}</span> : null}
    </span>
  );
}
