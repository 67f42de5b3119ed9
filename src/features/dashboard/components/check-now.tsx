import { useState } from "react";
import { RefreshCwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { clockTime } from "@/lib/health";
import { checkHealthNow } from "@/stores/health-check";
import type { ConnectedClusterState } from "@/stores/cluster-types";

/**
 * "Check now" for a cluster that stopped answering: its next probe runs at once instead of at
 * the retry time its backoff chose (shown beside it). Says "Checking…" until the next health
 * report arrives.
 */
export function CheckNow({ entry }: { entry: ConnectedClusterState }) {
  const lastCheck = entry.health?.lastCheckMs ?? null;
  const [askedAt, setAskedAt] = useState<number | null | undefined>(undefined);
  const checking = askedAt !== undefined && askedAt === lastCheck;
  const next = entry.health?.nextRetryMs;
  return (
    <span data-testid="check-now" data-next-retry-ms={next ?? undefined} className="ml-2 inline-flex items-center gap-2 align-middle">
      <Button
        size="sm"
        data-testid="check-health-now"
        disabled={checking}
        className="h-6 border-red-400/40 bg-transparent px-2 text-red-100 hover:bg-red-500/20"
        onClick={() => {
          setAskedAt(lastCheck);
          checkHealthNow(entry.id);
        }}
      >
        <RefreshCwIcon width={12} height={12} className={checking ? "animate-spin" : undefined} />
        {checking ? "Checking…" : "Check now"}
      </Button>
      {next && !checking ? <span className="text-red-300/60">next try {clockTime(next)}</span> : null}
    </span>
  );
}
