import { clearsWhenClusterAnswers } from "@/stores/failed-views";
import type { AppError } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";

type Props = { context: string; clusterName: string; error?: AppError | null };

/**
 * Under a list still loading, or one that could not start (`error`), while its cluster is down:
 * says the list comes when the cluster answers (`failed-views.ts` starts it again then).
 */
export function ClusterNotAnswering({ context, clusterName, error }: Props) {
  const health = useClusterStore((s) => s.connectedClusters.get(context)?.health?.status);
  const down = health === "unreachable" || health === "unauthorized";
  if (!down || (error !== undefined && !clearsWhenClusterAnswers(error))) return null;
  const text =
    error !== undefined
      ? `Kubeli starts this list again when ${clusterName} answers.`
      : health === "unreachable"
        ? `${clusterName} is not answering — the list loads when it answers.`
        : `${clusterName} refuses the credentials — the list loads when it accepts them.`;
  return (
    <p data-testid="resource-cluster-down" className="text-sm text-amber-200/90">
      {text}
    </p>
  );
}
