/** Placeholder until the cluster overview page lands; the overview tab renders it. */
export function ClusterOverview({ context }: { context: string }) {
  return (
    <div data-testid="cluster-overview" data-context={context} className="flex flex-1 items-center justify-center text-sm text-zinc-500">
      Cluster overview
    </div>
  );
}
