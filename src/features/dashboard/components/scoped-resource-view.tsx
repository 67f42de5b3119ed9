/**
 * A resource view in all-clusters scope: one live table of a kind (in the view's namespace, or
 * all) across the clusters the scope covers, each cluster's list from its own watch, merged
 * with a Cluster column. Each cluster's state shows in a strip above the table without
 * blocking the others; details and actions of a row go to that row's cluster.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import type { RowSelectionState } from "@tanstack/react-table";
import { toast } from "sonner";
import { useShallow } from "zustand/react/shallow";
import type { Value } from "@/lib/tauri/bindings";
import type { ViewScope } from "@/stores/cluster-persistence";
import { identityOf } from "@/stores/cluster-identity";
import { orderedClusters } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { runStreamAction } from "@/stores/stream-actions";
import { objectKey, qualifiedName, selectClusterKinds, selectResolvedKind, selectResourceEntry, useResourceStore } from "@/stores/resource-store";
import { kindLabel } from "../utils/columns";
import type { Column } from "../utils/column";
import { nameOf, namespaceOf, replicasOf } from "../utils/values";
import { textFilter } from "../utils/live-rows";
import { rowActionsFor } from "../utils/row-actions";
import { scopeContexts, scopeStates } from "../utils/scope";
import { rowContext, scopedKey } from "../utils/scoped-rows";
import { useKindColumns } from "../hooks/use-kind-columns";
import { useScopedRows } from "../hooks/use-scoped-rows";
import { useShownResource } from "../hooks/use-live-rows";
import { useWatchLeases } from "../hooks/use-watch-lease";
import { useDetailsStore } from "../stores/details-store";
import { selectViewState, useViewStateStore } from "../stores/view-state";
import type { RowAction } from "./row-action-dialogs";
import type { BulkKind, BulkTarget } from "./bulk-delete-dialog";
import { ViewDialogs } from "./view-dialogs";
import { ClusterCell } from "./cluster-cell";
import { ResourceTable } from "./resource-table";
import type { RowCommand } from "./resource-table-controls";
import { ResourceToolbar } from "./resource-toolbar";
import { ScopeControl } from "./scope-control";
import { ScopeStrip } from "./scope-strip";

type Props = { context: string; clusterName: string; kind: string; namespace: string | null; scope: ViewScope };

/** The context name of a cluster: what the Cluster column sorts by and every confirmation names. */
function clusterNameOf(context: string): string {
  return identityOf(useClusterStore.getState(), context).name;
}

/** What the text filter matches a row's cluster by: its name and its label. */
function clusterText(context: string): string {
  const facts = identityOf(useClusterStore.getState(), context);
  return facts.label ? `${facts.name} ${facts.label}` : facts.name;
}

/** The Cluster column: the row's cluster in its colour, its name shortened in the middle. */
const clusterColumn: Column = {
  id: "cluster",
  header: "Cluster",
  value: (o) => clusterNameOf(rowContext(o) ?? ""),
  sortValue: (o) => clusterNameOf(rowContext(o) ?? ""),
  render: (o) => <ClusterCell context={rowContext(o) ?? ""} />,
};

/** The kind as `context` resolved it (a CRD may be served by one cluster only), else as typed. */
function kindOn(context: string, kind: string): string {
  const resolved = selectResolvedKind(context, kind)(useResourceStore.getState());
  return resolved ? qualifiedName(resolved) : kind;
}

export function ScopedResourceView({ context, kind, namespace, scope }: Props) {
  const ids = useClusterStore(useShallow((s) => orderedClusters(s).map((c) => c.id)));
  const groups = useClusterStore((s) => s.groups);
  const contexts = useMemo(() => scopeContexts(scope, context, ids, groups), [scope, context, ids, groups]);
  // The columns and chips follow the kind as the view's own cluster serves it.
  const info = useResourceStore(selectResolvedKind(context, kind));
  const clusterKinds = useResourceStore(selectClusterKinds(context));
  const ensureKinds = useResourceStore((s) => s.ensureKinds);
  const retry = useResourceStore((s) => s.retry);
  // Off screen (kept-views.tsx) nothing here renders per delta; showing it reads the current lists.
  const entries = useShownResource(useShallow((s: ReturnType<typeof useResourceStore.getState>) => contexts.map((c) => selectResourceEntry(c, kind, namespace)(s))));
  const connections = useClusterStore((s) => s.connectedClusters);
  const filter = useViewStateStore((s) => selectViewState(context, kind)(s).filter);
  const chip = useViewStateStore((s) => selectViewState(context, kind)(s).chip);
  const sort = useViewStateStore((s) => selectViewState(context, kind)(s).sort);
  const updateView = useViewStateStore((s) => s.update);
  const [action, setAction] = useState<RowAction | null>(null);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bulk, setBulk] = useState<{ action: BulkKind; targets: BulkTarget[] } | null>(null);
  // Where the table was scrolled when this cluster's view was last shown (switching back restores it).
  const [scrollTop] = useState(() => selectViewState(context, kind)(useViewStateStore.getState()).scrollTop);

  useWatchLeases(contexts, kind, namespace);
  useEffect(() => {
    for (const c of contexts) void ensureKinds(c);
  }, [ensureKinds, contexts]);
  const { columns, chips, order } = useKindColumns(info, clusterKinds, namespace, sort, clusterColumn);
  const accept = useMemo(() => {
    const text = textFilter(filter, (o) => clusterText(rowContext(o) ?? ""));
    const status = chips.find((c) => c.id === chip);
    return status ? (o: Value) => status.test(o) && text(o) : text;
  }, [filter, chip, chips]);
  const rows = useScopedRows(contexts, kind, namespace, order, accept);
  const states = scopeStates(contexts, (c) => entries[contexts.indexOf(c)], (c) => connections.get(c));

  const contextOf = useCallback((o: Value) => rowContext(o) ?? context, [context]);
  // One object per cluster, so rows compare it by identity.
  const refs = useMemo(() => new Map(contexts.map((id) => [id, { id, name: clusterNameOf(id) }])), [contexts]);
  const clusterOf = useCallback((o: Value) => refs.get(contextOf(o)) ?? { id: contextOf(o), name: clusterNameOf(contextOf(o)) }, [refs, contextOf]);
  const rowId = useCallback((o: Value) => scopedKey(contextOf(o), objectKey(o)), [contextOf]);
  const onAction = useCallback(
    (type: RowCommand, object: Value) => {
      const on = contextOf(object);
      const kindName = kindOn(on, kind);
      if (type === "logs" || type === "shell" || type === "portForward") {
        runStreamAction(type, on, kindName, namespaceOf(object) ?? "", nameOf(object), object);
        // Logs and shells live in their cluster's dock: say where this one went, with a way there.
        if (type !== "portForward" && on !== context) {
          toast(`${type === "logs" ? "Logs of" : "Shell in"} ${nameOf(object)} opened on ${clusterNameOf(on)}`, {
            action: { label: `Show ${clusterNameOf(on)}`, onClick: () => useClusterStore.getState().setActiveCluster(on) },
          });
        }
        return;
      }
      const hidesValues = selectResolvedKind(on, kind)(useResourceStore.getState())?.hidesValues ?? info?.hidesValues ?? false;
      const target = { context: on, clusterName: clusterNameOf(on), kind: kindName, kindName: info?.kind ?? kind, namespace: namespaceOf(object), name: nameOf(object), replicas: replicasOf(object), hidesValues };
      setAction({ type, target });
    },
    [contextOf, kind, info, context],
  );
  const onOpen = useCallback(
    (object: Value, row: HTMLElement) => {
      const on = contextOf(object);
      useDetailsStore.getState().open({ context: on, kind: kindOn(on, kind), namespace: namespaceOf(object), name: nameOf(object) }, row);
    },
    [contextOf, kind],
  );
  const onSort = useCallback((next: { column: string; desc: boolean }) => updateView(context, kind, { sort: next }), [updateView, context, kind]);
  const onScroll = useCallback((scrollTop: number) => updateView(context, kind, { scrollTop }), [updateView, context, kind]);
  const actions = useMemo(() => rowActionsFor(info, kind), [info, kind]);

  const total = entries.reduce((n, e) => n + (e && e.status !== "error" ? e.items.size : 0), 0);
  const selected = Object.keys(selection).length === 0 ? [] : rows.filter((o) => selection[rowId(o)]);
  const own = entries[contexts.indexOf(context)];
  const bulkTargets = (objects: Value[]): BulkTarget[] =>
    objects.map((o) => ({ context: contextOf(o), clusterName: clusterNameOf(contextOf(o)), kind: kindOn(contextOf(o), kind), namespace: namespaceOf(o), name: nameOf(o) }));

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="scoped-view" data-contexts={contexts.join(",")}>
      <ResourceToolbar
        kind={kind}
        info={info}
        filter={filter}
        onFilter={(text) => updateView(context, kind, { filter: text })}
        chips={chips}
        chip={chip}
        onChip={(next) => updateView(context, kind, { chip: next })}
        shown={rows.length}
        total={total}
        selected={selected.length}
        onBulkDelete={() => setBulk({ action: "delete", targets: bulkTargets(selected) })}
        onBulkScale={actions?.scale ? () => setBulk({ action: "scale", targets: bulkTargets(selected) }) : undefined}
        onBulkRestart={actions?.restart ? () => setBulk({ action: "restart", targets: bulkTargets(selected) }) : undefined}
        watchState={own?.watchState ?? null}
        watchHistory={own?.watchHistory}
        onRetry={() => void retry(context, kind, namespace)}
        scope={<ScopeControl context={context} kind={kind} />}
      />
      <ScopeStrip states={states} onRetry={(c) => void retry(c, kind, namespace)} />
      {rows.length === 0 && total === 0 ? (
        <div data-testid="resource-empty" className="mx-5 rounded-xl border border-dashed border-zinc-800 px-6 py-12 text-center text-sm text-zinc-400">
          No {kindLabel(kind).toLowerCase()} {namespace ? <>in namespace <b className="text-zinc-200">{namespace}</b></> : null} on the {contexts.length} clusters shown{states.some((s) => s.state === "loading") ? " yet" : ""}.
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
          resetKey={JSON.stringify([filter, chip, sort, contexts])}
          clusterOf={clusterOf}
          rowId={rowId}
        />
      )}
      <ViewDialogs
        action={action}
        onActionClose={() => setAction(null)}
        bulk={bulk?.targets ?? null}
        bulkAction={bulk?.action}
        kindName={info?.kind ?? kind}
        onBulkClose={() => {
          setBulk(null);
          setSelection({});
        }}
      />
    </div>
  );
}
