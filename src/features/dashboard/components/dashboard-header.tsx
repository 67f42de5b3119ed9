import { Badge } from "@/components/ui/badge";
import { GuardBadge } from "@/components/ui/cluster-guard";
import { ServerUrl } from "@/components/ui/server-url";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { clockTime, healthDotClass, healthLabel } from "@/lib/health";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { healthOf, lastCheckOf, latencyOf, selectPrefs } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import type { ConnectedClusterState } from "@/stores/cluster-types";
import { CheckNow } from "./check-now";
import { NamespaceSelect } from "./namespace-select";
import { Tooltip } from "@/components/ui/tooltip";

/** Which cluster this is (name, label, version, health) and its namespace. */
export function DashboardHeader({ entry }: { entry: ConnectedClusterState }) {
  const prefs = useClusterStore(selectPrefs(entry.id));
  const facts = useClusterIdentity(entry.id);
  const health = healthOf(entry);
  const color = prefs.color ? clusterColorClasses[prefs.color] : null;
  const checked = clockTime(lastCheckOf(entry));
  const red = entry.status === "error";

  return (
    <header className="shrink-0 border-b border-zinc-800 bg-zinc-950 px-5 pt-3 pb-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-center gap-2.5">
          {color ? <span aria-hidden="true" className={cn("h-5 w-1.5 rounded-full", color.bg)} /> : null}
          <Tooltip content={[facts.full, entry.cluster.server].filter(Boolean).join("\n")}>
            <h1 data-testid="active-cluster-name" className="min-w-0 truncate text-lg font-semibold tracking-tight text-zinc-50">
              {facts.short}
            </h1>
          </Tooltip>
          {facts.file ? (
            <span data-testid="cluster-file" className="font-mono text-xs text-amber-200/80">
              {facts.file}
            </span>
          ) : null}
          <GuardBadge facts={facts} />
          {prefs.label ? (
            <span data-testid="cluster-label" className={cn("rounded border px-1.5 text-[11px] leading-5 font-semibold uppercase", color ? color.chip : "border-zinc-600 text-zinc-300")}>
              {prefs.label}
            </span>
          ) : null}
          {entry.cluster.simulated ? <Badge tone="violet">Simulated</Badge> : null}
        </div>
        <div className="flex items-center gap-3 text-xs text-zinc-400">
          <span className="flex items-center gap-1.5" data-testid="active-cluster-health" data-health={health}>
            <span aria-hidden="true" className={cn("h-2 w-2 rounded-full", healthDotClass[health])} />
            <span className={red ? "text-red-300" : undefined}>{entry.status === "reconnecting" ? "Reconnecting" : healthLabel[health]}</span>
            {latencyOf(entry) != null && !red ? <span className="tabular-nums">{latencyOf(entry)} ms</span> : null}
            {checked ? <span className="text-zinc-600">· checked {checked}</span> : null}
          </span>
          {entry.serverVersion ? <span className="font-mono text-zinc-500">Kubernetes {entry.serverVersion}</span> : null}
          {entry.cluster.server ? <ServerUrl url={entry.cluster.server} className="hidden max-w-72 font-mono text-zinc-600 xl:flex" /> : null}
        </div>
        <div className="ml-auto">
          <NamespaceSelect entry={entry} />
        </div>
      </div>
      {red && entry.lastError ? (
        <p role="alert" data-testid="cluster-error" className="mt-2 rounded-md border border-red-500/30 bg-red-500/10 px-3 py-1.5 text-xs break-words text-red-200">
          {entry.lastError}
          <span className="text-red-300/70"> — Kubeli keeps retrying; the tab turns green when the cluster answers again.</span>
          <CheckNow entry={entry} />
        </p>
      ) : null}
    </header>
  );
}
