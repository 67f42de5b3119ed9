import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import type { RowSelectionState } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { LockIcon, RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import type { Value } from "@/lib/tauri/bindings";
import { runStreamAction } from "@/stores/stream-actions";
import { objectKey, qualifiedName, selectClusterKinds, selectResolvedKind, selectResourceEntry, stillListing, useResourceStore } from "@/stores/resource-store";
import { kindLabel } from "../utils/columns";
import { nameOf, namespaceOf, replicasOf } from "../utils/values";
import { textFilter } from "../utils/live-rows";
import { isForbidden, rowActionsFor } from "../utils/row-actions";
import { useKindColumns } from "../hooks/use-kind-columns";
import { useLiveRows, useShownResource } from "../hooks/use-live-rows";
import { useWatchLease } from "../hooks/use-watch-lease";
import { useDetailsStore } from "../stores/details-store";
import { selectViewState, useViewStateStore } from "../stores/view-state";
import { ClusterNotAnswering } from "./cluster-not-answering";
import { DiscoveryWarning } from "./discovery-warning";
import type { RowAction, RowTarget } from "./row-action-dialogs";
import type { BulkTarget } from "./bulk-delete-dialog";
import { ViewDialogs } from "./view-dialogs";
import { ResourceTable } from "./resource-table";
import type { RowCommand } from "./resource-table-controls";
import { ResourceToolbar } from "./resource-toolbar";
import { ScopeControl } from "./scope-control";
import { ScopedResourceView } from "./scoped-resource-view";

type ResourceViewProps = { context: string; clusterName: string; kind: string; namespace: string | null };

/** One resource list: of the view's own cluster, or merged across clusters when its scope says so. */
export function ResourceView(props: ResourceViewProps) {
  const scope = useViewStateStore((s) => selectViewState(props.context, props.kind)(s).scope);
  return scope ? <ScopedResourceView {...props} scope={scope} /> : <ClusterResourceView {...props} />;
}


/** One resource list of the active cluster: live from its watch, painted from cache at once. */
function ClusterResourceView({ context, clusterName, kind, namespace }: ResourceViewProps) {
  // A view kept off screen (kept-views.tsx) renders again only when it is shown and its list
  // changed: deltas of a background cluster cost their size in the index, not a render.
  const entry = useShownResource(selectResourceEntry(context, kind, namespace));
  const info = useResourceStore(selectResolvedKind(context, kind));
  const clusterKinds = useResourceStore(selectClusterKinds(context));
  const ensureKinds = useResourceStore((s) => s.ensureKinds);
  const retry = useResourceStore((s) => s.retry);
  // Field by field: the scroll position changes often and only matters when the view opens.
  const filter = useViewStateStore((s) => selectViewState(context, kind)(s).filter);
  // The box shows each typed character at once; the rows follow in a render React may
  // interrupt when the next character comes (only the newest text is ever applied in full).
  const applied = useDeferredValue(filter);
  const chip = useViewStateStore((s) => selectViewState(context, kind)(s).chip);
  const sort = useViewStateStore((s) => selectViewState(context, kind)(s).sort);
  const [scrollTop] = useState(() => selectViewState(context, kind)(useViewStateStore.getState()).scrollTop);
  const updateView = useViewStateStore((s) => s.update);
  const [action, setAction] = useState<RowAction | null>(null);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bulk, setBulk] = useState<BulkTarget[] | null>(null);
  const clusterScoped = info ? !info.namespaced : false;

  useWatchLease(context, kind, namespace);

  useEffect(() => {
    void ensureKinds(context);
  }, [ensureKinds, context]);

  const { columns, chips, order } = useKindColumns(info, clusterKinds, namespace, sort);
  const accept = useMemo(() => {
    const text = textFilter(applied);
    const status = chips.find((c) => c.id === chip);
    return status ? (o: Value) => status.test(o) && text(o) : text;
  }, [applied, chip, chips]);
  const rows = useLiveRows(context, kind, namespace, order, accept);

  const target = useCallback(
    (object: Value): RowTarget => ({
      context,
      clusterName,
      kind: info ? qualifiedName(info) : kind,
      kindName: info?.kind ?? kind,
      namespace: namespaceOf(object),
      name: nameOf(object),
      replicas: replicasOf(object),
      hidesValues: info?.hidesValues ?? false,
    }),
    [context, clusterName, info, kind],
  );
  const onAction = useCallback(
    (type: RowCommand, object: Value) => {
      if (type === "logs" || type === "shell" || type === "portForward") runStreamAction(type, context, info ? qualifiedName(info) : kind, namespaceOf(object) ?? "", nameOf(object), object);
      else setAction({ type, target: target(object) });
    },
    [target, context, info, kind],
  );
  const onOpen = useCallback(
    (object: Value, row: HTMLElement) =>
      useDetailsStore.getState().open({ context, kind: info ? qualifiedName(info) : kind, namespace: namespaceOf(object), name: nameOf(object) }, row),
    [context, info, kind],
  );
  const onSort = useCallback((sort: { column: string; desc: boolean }) => updateView(context, kind, { sort }), [updateView, context, kind]);
  const onScroll = useCallback((scrollTop: number) => updateView(context, kind, { scrollTop }), [updateView, context, kind]);
  // Actions the kind allows; events are read-only.
  const actions = useMemo(() => rowActionsFor(info, kind), [info, kind]);

  const clusterOf = useMemo(() => {
    const cluster = { id: context, name: clusterName };
    return () => cluster;
  }, [context, clusterName]);
  const warning = <DiscoveryWarning clusterName={clusterName} kinds={clusterKinds} />;

  if (!entry || (entry.status === "loading" && entry.items.size === 0)) {
    return (
      <div role="status" aria-busy="true" data-testid="resource-loading" className="space-y-2.5 p-5">
        {warning}
        <ClusterNotAnswering context={context} clusterName={clusterName} />
        <span className="sr-only">Loading {kindLabel(kind)}…</span>
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-6" style={{ width: `${90 - (i % 3) * 12}%` }} />
        ))}
      </div>
    );
  }

  const failedReason = entry.watchState?.state === "failed" ? entry.watchState.reason : undefined;
  if (entry.status === "error" || (failedReason && entry.items.size === 0 && isForbidden(null, failedReason))) {
    const forbidden = isForbidden(entry.error, failedReason);
    const message = entry.error?.message ?? failedReason;
    return (
      <div className="flex flex-col pt-2">
        {/* A list this cluster refuses may still be seen on the others. */}
        <div className="px-5">
          <ScopeControl context={context} kind={kind} />
        </div>
        {warning}
        <div
          role="alert"
          data-testid="resource-error"
          data-forbidden={forbidden ? "true" : undefined}
          className={forbidden ? "m-5 flex flex-col items-center rounded-xl border border-amber-500/30 bg-amber-500/[0.05] px-6 py-8 text-center" : "m-5 flex flex-col items-center rounded-xl border border-red-500/30 bg-red-500/[0.06] px-6 py-8 text-center"}
        >
          {forbidden ? <LockIcon width={22} height={22} className="text-amber-300" /> : <TriangleAlertIcon width={22} height={22} className="text-red-400" />}
          <p className="mt-2 text-sm font-medium text-zinc-100">{forbidden ? (namespace === null && info?.namespaced ? `Not allowed to list ${kindLabel(kind).toLowerCase()} in all namespaces on ${clusterName} — pick a namespace` : `You may not list ${kindLabel(kind)} on ${clusterName}`) : `Could not watch ${kindLabel(kind)}`}</p>
          <p className="mt-1 max-w-xl text-sm break-words text-zinc-300">{message}</p>
          <div className="mt-2">
            <ClusterNotAnswering context={context} clusterName={clusterName} error={entry.error} />
          </div>
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

  // Every render (ages tick each second): skip the walk over thousands of rows when nothing is selected.
  const selected = Object.keys(selection).length === 0 ? [] : rows.filter((o) => selection[objectKey(o)]);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ResourceToolbar
        kind={kind}
        info={info}
        filter={filter}
        applied={applied}
        onFilter={(text) => updateView(context, kind, { filter: text })}
        chips={chips}
        chip={chip}
        onChip={(next) => updateView(context, kind, { chip: next })}
        shown={rows.length}
        total={entry.items.size}
        selected={selected.length}
        onBulkDelete={() => setBulk(selected.map((o) => ({ context, clusterName, kind: info ? qualifiedName(info) : kind, namespace: namespaceOf(o), name: nameOf(o) })))}
        watchState={entry.watchState}
        listing={stillListing(entry)}
        watchHistory={entry.watchHistory}
        onRetry={() => void retry(context, kind, namespace)}
        scope={<ScopeControl context={context} kind={kind} />}
      />
      {warning}
      {entry.items.size === 0 ? (
        <div data-testid="resource-empty" className="mx-5 rounded-xl border border-dashed border-zinc-800 px-6 py-12 text-center text-sm text-zinc-400">
          No {kindLabel(kind).toLowerCase()} {clusterScoped || !namespace ? "in this cluster" : <>in namespace <b className="text-zinc-200">{namespace}</b></>}.
        </div>
      ) : (
        <ResourceTable
          kind={kind}
          rows={rows}
          columns={columns}
          sort={sort}
          onSort={onSort}
          selection={selection}
          onSelection={setSelection}
          actions={actions}
          onAction={onAction}
          onOpen={onOpen}
          scrollTop={scrollTop}
          onScroll={onScroll}
          resetKey={JSON.stringify([applied, chip, sort])}
          clusterOf={clusterOf}
        />
      )}
      <ViewDialogs
        action={action}
        onActionClose={() => setAction(null)}
        bulk={bulk}
        kindName={info?.kind ?? kind}
        onBulkClose={() => {
          setBulk(null);
          setSelection({});
        }}
      />
    </div>
  );
}
