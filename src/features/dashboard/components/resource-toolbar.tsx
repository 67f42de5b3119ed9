import type { ReactNode } from "react";
import { RotateCwIcon, ScalingIcon, SearchIcon, Trash2Icon } from "lucide-react";
import { cn } from "@/lib/cn";
import type { KindInfo, WatchState } from "@/lib/tauri/bindings";
import type { WatchStep } from "@/stores/resource-store";
import { Tooltip } from "@/components/ui/tooltip";
import { Button } from "@/components/ui/button";
import { kindLabel, type StatusChip } from "../utils/columns";
import { WatchStateBadge } from "./watch-state-badge";
import { CreateResourceButton } from "./create-button";

type ResourceToolbarProps = {
  kind: string;
  info: KindInfo | undefined;
  filter: string;
  /** The filter text the rows shown were filtered by (`data-filter` on the count); lags `filter` while typing. */
  applied?: string;
  onFilter: (filter: string) => void;
  chips: StatusChip[];
  chip: string | null;
  onChip: (chip: string | null) => void;
  shown: number;
  total: number;
  selected: number;
  onBulkDelete: () => void;
  /** Bulk scale / rollout restart of the selection, offered where given (kinds that scale / restart). */
  onBulkScale?: () => void;
  onBulkRestart?: () => void;
  watchState: WatchState | null;
  /** Rows have arrived but the watch has not reported yet: its first list is still being read. */
  listing?: boolean;
  /** The states the watch went through, oldest first. */
  watchHistory?: WatchStep[];
  onRetry: () => void;
  /** The all-clusters switch (`ScopeControl`), first in the bar. */
  scope?: ReactNode;
};

/** Above a table: the clusters shown, text filter, status chips, row count, bulk delete (and scale / restart where offered), the kind and its watch state, Create. */
export function ResourceToolbar(props: ResourceToolbarProps) {
  const { kind, info, filter, applied = filter, onFilter, chips, chip, onChip, shown, total, selected, onBulkDelete, onBulkScale, onBulkRestart, watchState, listing = false, watchHistory, onRetry, scope } = props;
  const label = kindLabel(kind);
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-3 px-5 py-2.5">
      {scope}
      <div className="relative w-64">
        <SearchIcon width={14} height={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-500" />
        <input
          type="search"
          data-testid="resource-filter"
          aria-label={`Filter ${label}`}
          placeholder="Filter by name, namespace, label=value…"
          value={filter}
          onChange={(e) => onFilter(e.target.value)}
          spellCheck={false}
          className="h-8 w-full rounded-md border border-zinc-800 bg-zinc-900 pr-2 pl-8 text-xs text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none"
        />
      </div>
      {chips.length ? (
        <div role="group" aria-label="Status" className="flex items-center gap-1">
          {chips.map((c) => (
            <button
              key={c.id}
              type="button"
              data-testid="status-chip"
              data-chip={c.id}
              aria-pressed={chip === c.id}
              onClick={() => onChip(chip === c.id ? null : c.id)}
              className={cn(
                "h-6 rounded-full border px-2.5 text-[11px] focus-visible:outline-2 focus-visible:outline-sky-400",
                chip === c.id ? "border-amber-400/60 bg-amber-400/15 text-amber-200" : "border-zinc-800 text-zinc-400 hover:border-zinc-600 hover:text-zinc-200",
              )}
            >
              {c.label}
            </button>
          ))}
        </div>
      ) : null}
      <p className="text-xs text-zinc-500" data-testid="resource-count" data-filter={applied} aria-live="polite">
        {shown === total ? total : `${shown} of ${total}`} {label.toLowerCase()}
      </p>
      {selected > 0 ? (
        <Button variant="destructive" className="h-7 px-2.5 text-xs" onClick={onBulkDelete} data-testid="bulk-delete">
          <Trash2Icon width={13} height={13} />
          Delete {selected} selected
        </Button>
      ) : null}
      {selected > 0 && onBulkScale ? (
        <Button variant="secondary" className="h-7 px-2.5 text-xs" onClick={onBulkScale} data-testid="bulk-scale">
          <ScalingIcon width={13} height={13} />
          Scale {selected}
        </Button>
      ) : null}
      {selected > 0 && onBulkRestart ? (
        <Button variant="secondary" className="h-7 px-2.5 text-xs" onClick={onBulkRestart} data-testid="bulk-restart">
          <RotateCwIcon width={13} height={13} />
          Restart {selected}
        </Button>
      ) : null}
      {info ? (
        <Tooltip content={`${info.kind} from ${info.group ? `the ${info.group} group` : "the core group"}, version ${info.version}${info.namespaced ? "" : " (cluster-scoped)"}`}>
          <span data-testid="resource-kind" tabIndex={0} className="font-mono text-[11px] text-zinc-500">
            {info.group ? `${info.group}/${info.version}` : info.version} {info.kind}
          </span>
        </Tooltip>
      ) : null}
      {watchState || listing ? <WatchStateBadge state={watchState ?? { state: "listing" }} history={watchHistory} onRetry={onRetry} /> : null}
      <CreateResourceButton />
    </div>
  );
}
