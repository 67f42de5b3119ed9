import { Skeleton } from "@/components/ui/skeleton";

export function ClusterCardSkeleton() {
  return (
    <div data-testid="cluster-card-skeleton" aria-hidden="true" className="flex flex-col rounded-xl border border-zinc-800 bg-zinc-900/40 p-4">
      <Skeleton className="h-5 w-2/5" />
      <div className="mt-4 space-y-2.5">
        <Skeleton className="h-3 w-3/4" />
        <Skeleton className="h-3 w-4/5" />
        <Skeleton className="h-3 w-1/2" />
        <Skeleton className="h-3 w-2/3" />
        <Skeleton className="h-3 w-1/3" />
      </div>
      <Skeleton className="mt-5 h-3 w-1/2" />
    </div>
  );
}
