import { TriangleAlertIcon } from "lucide-react";
import type { KindsEntry } from "@/stores/resource-store";

/**
 * A cluster's API groups that failed discovery (an APIService answering 503, an empty group):
 * their kinds are missing, every other view works. Also shown when discovery itself failed.
 */
export function DiscoveryWarning({ clusterName, kinds }: { clusterName: string; kinds: KindsEntry | undefined }) {
  const failed = kinds?.kinds?.failedGroups ?? [];
  if (kinds?.status !== "error" && failed.length === 0) return null;
  return (
    <div role="status" data-testid="discovery-warning" className="mx-5 mb-2 flex items-start gap-2 rounded-md border border-amber-500/30 bg-amber-500/[0.06] px-3 py-2 text-xs text-amber-200">
      <TriangleAlertIcon width={14} height={14} className="mt-0.5 shrink-0 text-amber-300" />
      {kinds?.status === "error" ? (
        <p className="break-words">
          Could not discover the kinds {clusterName} serves: {kinds.error?.message}
        </p>
      ) : (
        <div className="min-w-0">
          <p>
            Some API groups of <b className="text-amber-100">{clusterName}</b> could not be discovered; their kinds are missing, everything else works.
          </p>
          <ul className="mt-1 space-y-0.5">
            {failed.map((g) => (
              <li key={g.groupVersion} className="break-words">
                <code className="text-amber-100">{g.groupVersion}</code>: {g.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
