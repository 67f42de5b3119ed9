/**
 * The all-clusters switch of a resource view's toolbar: one toggle (`scope-all-clusters`) turns
 * the view into one table over the connected clusters, and a popover narrows it to a group or
 * to chosen clusters. The choice is the view's state (per cluster and kind, saved).
 */
import { ChevronDownIcon, LayersIcon } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { ClusterName } from "@/components/ui/cluster-guard";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import type { ViewScope } from "@/stores/cluster-persistence";
import { identityOf } from "@/stores/cluster-identity";
import { orderedClusters } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { selectViewState, useViewStateStore } from "../stores/view-state";
import { scopeContexts } from "../utils/scope";

const chipClass = "flex h-7 items-center gap-1.5 rounded-md border px-2 text-xs focus-visible:outline-2 focus-visible:outline-sky-400";

/** The ids of the connected clusters in tab order (a stable array while they stay the same). */
function useConnectedIds(): string[] {
  return useClusterStore(useShallow((s) => orderedClusters(s).map((c) => c.id)));
}

export function ScopeControl({ context, kind }: { context: string; kind: string }) {
  const scope = useViewStateStore((s) => selectViewState(context, kind)(s).scope);
  const update = useViewStateStore((s) => s.update);
  const ids = useConnectedIds();
  const groups = useClusterStore((s) => s.groups);
  // Another set of rows: the saved scroll position belongs to the old one, so start at the top.
  const set = (next: ViewScope | null) => update(context, kind, { scope: next, scrollTop: 0 });
  const covered = scope ? scopeContexts(scope, context, ids, groups) : [context];
  const summary = scope?.mode === "group" ? scope.group : `${covered.length} cluster${covered.length === 1 ? "" : "s"}`;

  return (
    <div className="flex items-center gap-1" role="group" aria-label="Clusters shown">
      <button
        type="button"
        data-testid="scope-all-clusters"
        aria-pressed={scope !== null}
        data-tooltip="One table of this kind across the connected clusters"
        onClick={() => set(scope ? null : { mode: "all" })}
        className={cn(chipClass, scope ? "border-sky-500/60 bg-sky-500/15 text-sky-200" : "border-zinc-800 text-zinc-400 hover:border-zinc-600 hover:text-zinc-200")}
      >
        <LayersIcon width={13} height={13} />
        All clusters
      </button>
      {scope ? (
        <Popover>
          <PopoverTrigger asChild>
            <button type="button" data-testid="scope-picker" aria-label={`Clusters in this view: ${summary}`} className={cn(chipClass, "border-zinc-800 text-zinc-300 hover:border-zinc-600")}>
              {summary}
              <ChevronDownIcon width={12} height={12} />
            </button>
          </PopoverTrigger>
          <PopoverContent align="start" className="w-72 p-2">
            <ScopeChoices context={context} scope={scope} ids={ids} covered={covered} onScope={set} />
          </PopoverContent>
        </Popover>
      ) : null}
    </div>
  );
}

type ChoicesProps = { context: string; scope: ViewScope; ids: string[]; covered: string[]; onScope: (scope: ViewScope) => void };

/** All connected clusters, a group, or clusters ticked one by one (the view's own stays in). */
function ScopeChoices({ context, scope, ids, covered, onScope }: ChoicesProps) {
  const groups = useClusterStore((s) => s.groups);
  const identities = useClusterStore(useShallow((s) => ids.map((id) => JSON.stringify(identityOf(s, id)))));
  const option = (active: boolean) => cn("flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-xs", active ? "bg-zinc-800 text-zinc-100" : "text-zinc-300 hover:bg-zinc-800/60");
  const toggle = (id: string) => {
    const next = covered.includes(id) ? covered.filter((c) => c !== id) : [...covered, id];
    onScope({ mode: "some", contexts: next });
  };
  return (
    <div className="space-y-1">
      <button type="button" data-testid="scope-every" aria-pressed={scope.mode === "all"} onClick={() => onScope({ mode: "all" })} className={option(scope.mode === "all")}>
        Every connected cluster ({ids.length})
      </button>
      {groups.map((g) => (
        <button key={g.name} type="button" data-testid="scope-group" data-group={g.name} aria-pressed={scope.mode === "group" && scope.group === g.name} onClick={() => onScope({ mode: "group", group: g.name })} className={option(scope.mode === "group" && scope.group === g.name)}>
          Group <b className="font-medium">{g.name}</b>
          <span className="ml-auto text-zinc-500">{g.members.filter((m) => ids.includes(m)).length} connected</span>
        </button>
      ))}
      <p className="px-2 pt-2 pb-1 text-[11px] font-medium text-zinc-500">Clusters</p>
      {ids.map((id, i) => {
        const facts = JSON.parse(identities[i]) as ReturnType<typeof identityOf>;
        const own = id === context;
        return (
          <label key={id} className={cn("flex items-center gap-2 rounded-md px-2 py-1 text-xs text-zinc-200", own ? "opacity-70" : "hover:bg-zinc-800/60")}>
            <input type="checkbox" data-testid="scope-cluster" data-cluster-id={id} data-context={facts.name} checked={covered.includes(id)} disabled={own} onChange={() => toggle(id)} className="h-3.5 w-3.5 accent-sky-500" />
            <span className={cn("h-2 w-2 shrink-0 rounded-full", facts.color ? clusterColorClasses[facts.color].bg : "bg-zinc-600")} />
            <ClusterName facts={facts} />
            {own ? <span className="ml-auto text-[10px] text-zinc-500">this tab</span> : null}
          </label>
        );
      })}
    </div>
  );
}
