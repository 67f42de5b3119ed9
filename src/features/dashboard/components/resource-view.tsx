import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { RefreshCwIcon, SearchIcon, Trash2Icon, TriangleAlertIcon } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import type { Value } from "@/lib/tauri/bindings";
import { objectKey, qualifiedName, selectClusterKinds, selectResolvedKind, selectResourceEntry, useResourceStore } from "@/stores/resource-store";
import { columnsFor, kindLabel, nameOf, namespaceOf, replicasOf } from "../utils/columns";
import { DiscoveryWarning } from "./discovery-warning";
import { RowActionDialog, type RowAction, type RowTarget } from "./row-action-dialogs";
import { Tooltip } from "@/components/ui/tooltip";
import { WatchStateBadge } from "./watch-state-badge";
import { useDetailsStore } from "../stores/details-store";

/** Height of one table row in px (13px text, py-1.5, a 1px border). */
const ROW_HEIGHT = 33;
/** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 12;
/** Viewport assumed before layout (and in tests, where there is none). */
const FALLBACK_VIEWPORT = 900;

/**
 * Only the rows in view are in the DOM: switching to a cluster with thousands of objects
 * paints as fast as one with ten. Spacer rows keep the scrollbar true to the whole list.
 */
function useRowWindow(count: number, resetKey: string) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = 0;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    el.addEventListener("scroll", update, { passive: true });
    // jsdom (tests) has no ResizeObserver; the fallback viewport covers it there.
    const resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(update);
    resize?.observe(el);
    return () => {
      el.removeEventListener("scroll", update);
      resize?.disconnect();
    };
  }, [resetKey]);
  const height = view.height || FALLBACK_VIEWPORT;
  const start = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(count, Math.ceil((view.top + height) / ROW_HEIGHT) + OVERSCAN);
  return [ref, { start, end, before: start * ROW_HEIGHT, after: Math.max(0, (count - end) * ROW_HEIGHT) }] as const;
}

type ResourceViewProps = { context: string; clusterName: string; kind: string; namespace: string | null };

/** One resource list of the active cluster: live from its watch, painted from cache at once. */
export function ResourceView({ context, clusterName, kind, namespace }: ResourceViewProps) {
  const entry = useResourceStore(selectResourceEntry(context, kind, namespace));
  const info = useResourceStore(selectResolvedKind(context, kind));
  const clusterKinds = useResourceStore(selectClusterKinds(context));
  const ensureWatch = useResourceStore((s) => s.ensureWatch);
  const ensureKinds = useResourceStore((s) => s.ensureKinds);
  const abandon = useResourceStore((s) => s.abandon);
  const retry = useResourceStore((s) => s.retry);
  const [filter, setFilter] = useState("");
  const [action, setAction] = useState<RowAction | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const clusterScoped = info ? !info.namespaced : false;

  useEffect(() => {
    void ensureWatch(context, kind, namespace);
    // Leaving the view abandons a watch still starting (a hung cluster would hold it open).
    return () => abandon(context, kind, namespace);
  }, [ensureWatch, abandon, context, kind, namespace]);

  useEffect(() => {
    void ensureKinds(context);
  }, [ensureKinds, context]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  // A CRD's printer columns come with the cluster's kinds (described once per cluster).
  const printerColumns = useMemo(
    () => (info ? (clusterKinds?.kinds?.kinds.find((k) => k.group === info.group && k.plural === info.plural)?.printerColumns ?? info.printerColumns) : []),
    [info, clusterKinds],
  );
  const columns = useMemo(() => {
    const all = columnsFor(info, printerColumns);
    // The namespace column says nothing when one namespace is shown.
    return namespace && !clusterScoped ? all.filter((c) => c.id !== "namespace") : all;
  }, [info, printerColumns, clusterScoped, namespace]);

  const rows = useMemo(() => {
    if (!entry) return [];
    const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const items = [...entry.items.values()].filter((o) => {
      if (terms.length === 0) return true;
      const key = objectKey(o).toLowerCase();
      return terms.every((t) => key.includes(t));
    });
    return items.sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || (namespaceOf(a) ?? "").localeCompare(namespaceOf(b) ?? ""));
  }, [entry, filter]);

  const [scrollRef, rowWindow] = useRowWindow(rows.length, `${context}|${kind}|${namespace ?? ""}|${filter}`);

  // Actions address the kind the name resolved to, never the typed name again.
  const target = (object: Value): RowTarget => ({
    context,
    clusterName,
    kind: info ? qualifiedName(info) : kind,
    kindName: info?.kind ?? kind,
    namespace: namespaceOf(object),
    name: nameOf(object),
    replicas: replicasOf(object),
    hidesValues: info?.hidesValues ?? false,
  });
  const warning = <DiscoveryWarning clusterName={clusterName} kinds={clusterKinds} />;

  if (!entry || (entry.status === "loading" && entry.items.size === 0)) {
    return (
      <div role="status" aria-busy="true" data-testid="resource-loading" className="space-y-2.5 p-5">
        {warning}
        <span className="sr-only">Loading {kindLabel(kind)}…</span>
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-6" style={{ width: `${90 - (i % 3) * 12}%` }} />
        ))}
      </div>
    );
  }

  if (entry.status === "error") {
    return (
      <div className="flex flex-col pt-2">
        {warning}
        <div role="alert" data-testid="resource-error" className="m-5 flex flex-col items-center rounded-xl border border-red-500/30 bg-red-500/[0.06] px-6 py-8 text-center">
          <TriangleAlertIcon width={22} height={22} className="text-red-400" />
          <p className="mt-2 text-sm font-medium text-zinc-100">Could not watch {kindLabel(kind)}</p>
          <p className="mt-1 max-w-xl text-sm break-words text-red-200/90">{entry.error?.message}</p>
          {entry.error?.retryable === false ? null : (
            <Button className="mt-4" onClick={() => void retry(context, kind, namespace)} data-testid="resource-retry">
              <RefreshCwIcon />
              Retry
            </Button>
          )}
        </div>
      </div>
    );
  }

  const shown = rows.slice(rowWindow.start, rowWindow.end);
  const actionable = info?.plural !== "events";
  const spanAll = columns.length + (actionable ? 1 : 0);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex shrink-0 items-center gap-3 px-5 py-2.5">
        <div className="relative w-64">
          <SearchIcon width={14} height={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-500" />
          <input
            type="search"
            aria-label={`Filter ${kindLabel(kind)}`}
            placeholder={`Filter ${kindLabel(kind).toLowerCase()}…`}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            spellCheck={false}
            className="h-8 w-full rounded-md border border-zinc-800 bg-zinc-900 pr-2 pl-8 text-xs text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none"
          />
        </div>
        <p className="text-xs text-zinc-500" data-testid="resource-count" aria-live="polite">
          {filter ? `${rows.length} of ${entry.items.size}` : entry.items.size} {kindLabel(kind).toLowerCase()}
        </p>
        {info ? (
          <Tooltip content={`${info.kind} from ${info.group ? `the ${info.group} group` : "the core group"}, version ${info.version}${info.namespaced ? "" : " (cluster-scoped)"}`}>
            <span data-testid="resource-kind" tabIndex={0} className="font-mono text-[11px] text-zinc-500">
              {info.group ? `${info.group}/${info.version}` : info.version} {info.kind}
            </span>
          </Tooltip>
        ) : null}
        {entry.watchState ? <WatchStateBadge state={entry.watchState} now={now} onRetry={() => void retry(context, kind, namespace)} /> : null}
      </div>
      {warning}
      {entry.items.size === 0 ? (
        <div data-testid="resource-empty" className="mx-5 rounded-xl border border-dashed border-zinc-800 px-6 py-12 text-center text-sm text-zinc-400">
          No {kindLabel(kind).toLowerCase()} {clusterScoped || !namespace ? "in this cluster" : <>in namespace <b className="text-zinc-200">{namespace}</b></>}.
        </div>
      ) : (
        <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto px-5 pb-5">
          <table data-testid="resource-table" data-kind={kind} className="w-full border-separate border-spacing-0 text-left text-[13px]">
            <thead className="sticky top-0 z-10 bg-zinc-950">
              <tr>
                {columns.map((c) => (
                  <th key={c.id} scope="col" className="border-b border-zinc-800 px-3 py-2 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
                    {c.header}
                  </th>
                ))}
                {actionable ? (
                  <th scope="col" className="border-b border-zinc-800 px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rowWindow.before > 0 ? <tr aria-hidden="true" style={{ height: rowWindow.before }}><td colSpan={spanAll} /></tr> : null}
              {shown.map((object) => {
                const name = nameOf(object);
                return (
                  <tr
                    key={objectKey(object)}
                    data-testid="resource-row"
                    data-name={name}
                    data-namespace={namespaceOf(object) ?? ""}
                    style={{ height: ROW_HEIGHT }}
                    onClick={(e) => (e.target as HTMLElement).closest("button") || useDetailsStore.getState().open({ context, kind: info ? qualifiedName(info) : kind, namespace: namespaceOf(object), name }, e.currentTarget)}
                    className="group cursor-pointer hover:bg-zinc-900/70"
                  >
                    {columns.map((c) => (
                      <td key={c.id} className={cn("border-b border-zinc-900 px-3 py-1.5 whitespace-nowrap", c.className, c.tone?.(object) ?? (c.id === "name" ? "font-medium text-zinc-100" : "text-zinc-300"))}>
                        {c.value(object, now)}
                      </td>
                    ))}
                    {actionable ? (
                      <td className="border-b border-zinc-900 px-2 py-1 text-right whitespace-nowrap">
                        <div className="flex justify-end gap-0.5 opacity-60 group-focus-within:opacity-100 group-hover:opacity-100">
                          <RowButton label={`View YAML of ${name}`} onClick={() => setAction({ type: "yaml", target: target(object) })}>
                            YAML
                          </RowButton>
                          {info?.scalable ? (
                            <RowButton label={`Scale ${name}`} onClick={() => setAction({ type: "scale", target: target(object) })}>
                              Scale
                            </RowButton>
                          ) : null}
                          {info?.restartable ? (
                            <RowButton label={`Restart ${name}`} onClick={() => setAction({ type: "restart", target: target(object) })}>
                              Restart
                            </RowButton>
                          ) : null}
                          <RowButton label={`Delete ${name}`} danger onClick={() => setAction({ type: "delete", target: target(object) })}>
                            <Trash2Icon width={13} height={13} />
                          </RowButton>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
              {rowWindow.after > 0 ? <tr aria-hidden="true" style={{ height: rowWindow.after }}><td colSpan={spanAll} /></tr> : null}
            </tbody>
          </table>
        </div>
      )}
      <RowActionDialog action={action} onClose={() => setAction(null)} />
    </div>
  );
}

function RowButton({ label, onClick, danger, children }: { label: string; onClick: () => void; danger?: boolean; children: React.ReactNode }) {
  return (
    <Tooltip content={label}>
      <button
        type="button"
        aria-label={label}
        onClick={onClick}
        className={cn(
          "flex h-6 min-w-6 items-center justify-center rounded px-1.5 text-[11px] focus-visible:outline-2 focus-visible:outline-sky-400",
          danger ? "text-red-300 hover:bg-red-500/15" : "text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100",
        )}
      >
        {children}
      </button>
    </Tooltip>
  );
}
