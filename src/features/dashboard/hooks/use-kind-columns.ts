/**
 * What a resource view (one cluster's, or all clusters' merged) derives the same way from the
 * kind it shows: the columns (a CRD's printer columns; no Namespace column when one namespace
 * is shown; a leading column of the view's own, such as Cluster), the status chips, and the
 * sort order of the view's sort state. Ages read the shared clock in their cells (`use-clock.ts`).
 */
import { useMemo } from "react";
import type { KindInfo, Value } from "@/lib/tauri/bindings";
import type { KindsEntry } from "@/stores/resource-store";
import type { SortState } from "../stores/view-state";
import type { Column } from "../utils/column";
import { chipsFor, columnsFor } from "../utils/columns";

export function useKindColumns(info: KindInfo | undefined, clusterKinds: KindsEntry | undefined, namespace: string | null, sort: SortState, lead?: Column) {
  // A CRD's printer columns come with the cluster's kinds (described once per cluster).
  const printerColumns = useMemo(
    () => (info ? (clusterKinds?.kinds?.kinds.find((k) => k.group === info.group && k.plural === info.plural)?.printerColumns ?? info.printerColumns) : []),
    [info, clusterKinds],
  );
  const columns = useMemo(() => {
    const all = columnsFor(info, printerColumns);
    // The namespace column says nothing when one namespace is shown.
    const shownColumns = namespace && info?.namespaced !== false ? all.filter((c) => c.id !== "namespace") : all;
    return lead ? [lead, ...shownColumns] : shownColumns;
  }, [info, printerColumns, namespace, lead]);
  const chips = useMemo(() => chipsFor(info), [info]);
  const order = useMemo(() => {
    const column = columns.find((c) => c.id === sort.column) ?? columns.find((c) => c.id === "name") ?? columns[0];
    return { sortValue: column.sortValue ?? ((o: Value) => column.value(o, 0)), desc: sort.desc };
  }, [columns, sort]);
  return { columns, chips, order };
}
