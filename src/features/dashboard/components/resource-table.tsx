import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row, type RowSelectionState } from "@tanstack/react-table";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDownIcon, ArrowUpIcon } from "lucide-react";
import { cn } from "@/lib/cn";
import type { Value } from "@/lib/tauri/bindings";
import { objectKey } from "@/stores/resource-store";
import type { Column } from "../utils/columns";
import { nameOf, namespaceOf } from "../utils/values";
import type { SortState } from "../stores/view-state";
import { useRowFocus } from "../hooks/use-row-focus";
import { useSteadyColumns } from "../hooks/use-steady-columns";
import { RowSlots } from "../utils/row-slots";
import { useViewVisibility } from "./view-shown";
import { ClockCell } from "./clock-cell";
import { clockNow } from "../hooks/use-clock";
import { Checkbox, RowButtons, type RowActions, type RowCommand } from "./resource-table-controls";

/** Height of one table row in px (13px text, py-1.5, a 1px border). */
const ROW_HEIGHT = 33;
/**
 * Rows drawn above and below the visible ones, so fast scrolling shows no gaps (and the E2E
 * tests find rows by name among those drawn, below the viewport too). A view kept off screen
 * (`kept-views.tsx`) draws none: its DOM, style and layout stay in memory for every kept
 * cluster, and a third of its rows were overscan. Shown again, it paints its visible rows as
 * they were in the switch's frame and draws the overscan rows in the frame after (`useOverscan`).
 */
const OVERSCAN = 12;
/** Viewport height assumed before layout (and in tests, where there is none). */
const FALLBACK_VIEWPORT = 900;

/** A row's cluster: its id, and its context name as every `data-context` hook names it. */
export type RowCluster = { id: string; name: string };

type ResourceTableProps = {
  kind: string;
  rows: Value[];
  columns: Column[];
  sort: SortState;
  onSort: (sort: SortState) => void;
  selection: RowSelectionState;
  onSelection: (selection: RowSelectionState) => void;
  actions: RowActions | null;
  onAction: (command: RowCommand, object: Value) => void;
  /** Open the object's details; `row` gets focus back when they close. */
  onOpen: (object: Value, row: HTMLElement) => void;
  scrollTop: number;
  onScroll: (top: number) => void;
  /** Changes when the filter or sort does: the list starts again from its top. */
  resetKey: string;
  /** The cluster a row's object is on (`data-cluster-id`, `data-context`): the view's own, or each row's in an all-clusters view. */
  clusterOf: (object: Value) => RowCluster;
  /** A row's id (selection, focus): its `namespace/name`, with its cluster in an all-clusters view. */
  rowId?: (object: Value) => string;
};

const cellClass = "border-b border-zinc-900 px-2 py-1.5 whitespace-nowrap";
/**
 * How wide a long cell may grow before it ends in an ellipsis (the full value is its title):
 * names and messages get the most, nodes less, both capped by the window's width so that at
 * 1280 px the pods columns and their row actions fit without scrolling sideways. `cellText`:
 * a cell's text box, one line ending in an ellipsis at its column's cap.
 */
const CELL_CAP: Record<string, string> = { name: "max-w-[min(26rem,16vw)]", message: "max-w-[min(32rem,30vw)]", node: "max-w-[min(16rem,9vw)]" };
const cellText = (c: Column) => cn("block overflow-clip text-ellipsis whitespace-nowrap", CELL_CAP[c.id] ?? "max-w-[16rem]");

/**
 * A body cell's column: its data column (none for the checkbox and the buttons) and what it
 * draws for a row, called straight from the row. Not through TanStack's cell models and
 * `flexRender`: a cell model is an object with a closure per method, made for each cell of each
 * row in view, `flexRender` made each cell's content a component of its own, and every kept
 * cluster's view held both for its rows (`make heap-census`, 10 clusters × 2,000 pods: 6,700 →
 * 4,900 functions and 1,780 → 1,460 fibers per cluster, live cells 2.85 → 2.6 MB).
 */
type BodyColumn = { id: string; column: Column | undefined; draw: (row: Row<Value>) => ReactNode };

/** What cells and headers read at render time rather than through their definitions. */
type TableMeta = { allSelected: boolean; someSelected: boolean; toggleAll: () => void };

/**
 * `OVERSCAN` while the view is on screen, from the frame after it was shown; 0 once it is kept
 * hidden. Follows the view's visibility without rendering on it: showing the view does not
 * render the table in the switch's task.
 */
function useOverscan(): number {
  const visibility = useViewVisibility();
  const [wide, setWide] = useState(visibility.get);
  useEffect(() => {
    let frame = 0;
    const follow = () => {
      cancelAnimationFrame(frame);
      if (visibility.get()) frame = requestAnimationFrame(() => setWide(visibility.get()));
      else setWide(false);
    };
    const stop = visibility.subscribe(follow);
    follow();
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, [visibility]);
  return wide ? OVERSCAN : 0;
}

/**
 * One table for every kind (TanStack Table): the rows come sorted and filtered from the live
 * index, only those in view are in the DOM (TanStack Virtual), headers sort, rows select. Its
 * checkboxes and row buttons are in `resource-table-controls.tsx`.
 */
export function ResourceTable(props: ResourceTableProps) {
  const { kind, rows, columns, sort, onSort, selection, onSelection, actions, onAction, onOpen, scrollTop, onScroll, resetKey, clusterOf, rowId = objectKey } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const shownKey = useRef(resetKey);
  const columnIds = useMemo(() => columns.map((c) => c.id), [columns]);
  const filler = useSteadyColumns(tableRef, columnIds);

  const allSelected = useMemo(() => rows.length > 0 && Object.keys(selection).length >= rows.length && rows.every((o) => selection[rowId(o)]), [rows, selection, rowId]);
  const someSelected = Object.keys(selection).length > 0;
  const toggleAll = useCallback(() => onSelection(allSelected ? {} : Object.fromEntries(rows.map((o) => [rowId(o), true]))), [allSelected, rows, onSelection, rowId]);

  const { defs, body } = useMemo(() => {
    // A column that reads the clock draws its cell itself (`ClockCell`), ticking on its own.
    const data = columns.map((c): BodyColumn => ({ id: c.id, column: c, draw: ({ original }) => (c.render ?? c.value)(original, clockNow()) }));
    const dataDefs = columns.map(
      (c): ColumnDef<Value> => ({
        id: c.id,
        header: c.header,
        accessorFn: (o) => (c.sortValue ? c.sortValue(o) : c.value(o, 0)),
        meta: c,
      }),
    );
    if (!actions) return { defs: dataDefs, body: data };
    const select: ColumnDef<Value> = {
      id: "select",
      enableSorting: false,
      // Read from the table's meta, so the column definitions (and with them every row's
      // memo) do not change with each new list of rows.
      header: ({ table }) => {
        const m = table.options.meta as TableMeta;
        return <Checkbox label="Select all shown rows" checked={m.allSelected} mixed={m.someSelected} onChange={m.toggleAll} />;
      },
    };
    const buttons: ColumnDef<Value> = { id: "actions", enableSorting: false, header: () => <span className="sr-only">Actions</span> };
    const selectCell: BodyColumn = {
      id: "select",
      column: undefined,
      draw: (row) => <Checkbox testId="row-select" label={`Select ${nameOf(row.original)}`} checked={row.getIsSelected()} onChange={() => row.toggleSelected()} />,
    };
    const buttonsCell: BodyColumn = { id: "actions", column: undefined, draw: (row) => <RowButtons object={row.original} actions={actions} onAction={onAction} /> };
    return { defs: [select, ...dataDefs, buttons], body: [selectCell, ...data, buttonsCell] };
  }, [columns, actions, onAction]);

  // The virtualizer counts every row; the table model holds only the rows in view, so a new
  // filter or sort over 10,000 rows builds some 60 row models, not 10,000.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: useOverscan(),
    initialOffset: scrollTop,
    initialRect: { width: 0, height: FALLBACK_VIEWPORT },
    observeElementRect: (instance, onRect) => observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT })),
  });
  useEffect(() => {
    if (shownKey.current === resetKey) return;
    shownKey.current = resetKey;
    // Only when not at the top already (as the virtualizer's scroll events said; reading
    // `scrollTop` would cost what writing it does): setting `scrollTop` makes WebKit lay the new
    // rows out at once, a layout before the frame's own — a third of the script samples of a
    // sort over 10,000 pods (JavaScriptCore's sampling profiler, release app).
    if (scrollRef.current && virtualizer.scrollOffset !== 0) scrollRef.current.scrollTop = 0;
  }, [resetKey, virtualizer]);
  const shown = virtualizer.getVirtualItems();
  const first = shown[0]?.index ?? 0;
  const last = shown.at(-1)?.index ?? -1;
  const inView = useMemo(() => rows.slice(first, last + 1), [rows, first, last]);
  const table = useReactTable({
    data: inView,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowId,
    manualSorting: true,
    manualFiltering: true,
    // No pagination or expanding here: without this, every new set of rows (a switch, a
    // scroll step, a delta) queued a page-index reset that rendered the table a second time.
    autoResetAll: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    enableRowSelection: actions !== null,
    state: { sorting: [{ id: sort.column, desc: sort.desc }], rowSelection: selection },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater([{ id: sort.column, desc: sort.desc }]) : updater;
      if (next[0]) onSort({ column: next[0].id, desc: next[0].desc });
    },
    onRowSelectionChange: (updater) => onSelection(typeof updater === "function" ? updater(selection) : updater),
    meta: { allSelected, someSelected, toggleAll } satisfies TableMeta,
  });

  const tableRows = table.getRowModel().rows;
  // Rows are keyed by recycled slots (`RowSlots`): a row scrolling out hands its DOM to the one
  // scrolling in, and a new filter or sort rewrites the drawn rows in place.
  const [slots] = useState(() => new RowSlots());
  const keys = slots.assign(tableRows.map((row) => row.id));
  // Keyboard focus walks every shown row (not only the ones in the table model), by key.
  const idAt = useCallback((index: number) => rowId(rows[index]), [rows, rowId]);
  const focus = useRowFocus({
    count: rows.length,
    idAt,
    scrollRef,
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: "auto" }),
    pageSize: () => Math.max(1, Math.floor((scrollRef.current?.clientHeight || FALLBACK_VIEWPORT) / ROW_HEIGHT) - 1),
  });
  const onRowKey = (event: KeyboardEvent<HTMLElement>) =>
    focus.onKeyDown(event, {
      open: (index, row) => onOpen(rows[index], row),
      toggle: (index) => {
        if (!actions) return;
        const key = idAt(index);
        const next = { ...selection };
        if (next[key]) delete next[key];
        else next[key] = true;
        onSelection(next);
      },
      remove: (index) => {
        if (actions?.delete) onAction("delete", rows[index]);
      },
    });
  const before = shown[0]?.start ?? 0;
  const after = Math.max(0, virtualizer.getTotalSize() - (shown.at(-1)?.end ?? 0));
  const span = defs.length;

  const open = useCallback(
    (event: MouseEvent, object: Value) => {
      // The row's own controls act on their own; a click elsewhere on the row opens its details.
      if ((event.target as HTMLElement).closest("button, input, a, label")) return;
      onOpen(object, event.currentTarget as HTMLElement);
    },
    [onOpen],
  );

  return (
    <div ref={scrollRef} data-testid="resource-scroll" onScroll={(e) => onScroll(e.currentTarget.scrollTop)} className="min-h-0 flex-1 overflow-auto px-3 pb-5">
      <table ref={tableRef} data-testid="resource-table" data-kind={kind} className="w-full border-separate border-spacing-0 text-left text-[13px]">
        <thead className="sticky top-0 z-10 bg-zinc-950">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = header.column.getCanSort();
                const direction = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    data-testid={sortable ? "column-header" : undefined}
                    data-column={sortable ? header.id : undefined}
                    aria-sort={sortable ? (direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none") : undefined}
                    className={cn("border-b border-zinc-800 px-2 py-2 text-[11px] font-medium tracking-wide text-zinc-500 uppercase", header.id === "select" && "w-8 px-2", header.id === "actions" && "w-px", header.id === filler && "w-full")}
                  >
                    {sortable ? (
                      <button type="button" onClick={header.column.getToggleSortingHandler()} className="flex items-center gap-1 uppercase hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-400">
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {direction === "asc" ? <ArrowUpIcon width={11} height={11} /> : direction === "desc" ? <ArrowDownIcon width={11} height={11} /> : null}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody onKeyDown={onRowKey}>
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }}><td colSpan={span} /></tr> : null}
          {tableRows.map((row, i) => (
            <TableRow key={keys[i]} row={row} cluster={clusterOf(row.original)} columns={body} selected={row.getIsSelected()} onOpen={open} tabbable={row.id === focus.active} onFocus={focus.onRowFocus} />
          ))}
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }}><td colSpan={span} /></tr> : null}
        </tbody>
      </table>
    </div>
  );
}

type TableRowProps = {
  row: Row<Value>;
  cluster: RowCluster;
  columns: BodyColumn[];
  selected: boolean;
  onOpen: (event: MouseEvent, object: Value) => void;
  /** The one row in the tab order (roving tabindex). */
  tabbable: boolean;
  onFocus: (id: string) => void;
};

/**
 * One row, in a recycled slot. Memoised: scrolling redraws only the slots that got another
 * object and leaves the others alone; a row draws again when its object, the columns or its
 * selection changes (its ages tick in their own cells).
 */
const TableRow = memo(
  function TableRow({ row, cluster, columns, selected, onOpen, tabbable, onFocus }: TableRowProps) {
    const object = row.original;
    return (
      <tr
        data-testid="resource-row"
        data-cluster-id={cluster.id}
        data-context={cluster.name}
        data-name={nameOf(object)}
        data-namespace={namespaceOf(object) ?? ""}
        data-key={row.id}
        data-selected={selected ? "true" : "false"}
        aria-selected={selected}
        style={{ height: ROW_HEIGHT }}
        onClick={(e) => onOpen(e, object)}
        onFocus={(e) => {
          if (e.target === e.currentTarget) onFocus(row.id);
        }}
        tabIndex={tabbable ? 0 : -1}
        className={cn("group cursor-pointer hover:bg-zinc-900/70 focus:outline-none focus-visible:bg-zinc-900 focus-visible:outline-1 focus-visible:-outline-offset-1 focus-visible:outline-sky-400", selected && "bg-sky-500/[0.07]")}
      >
        {columns.map(({ id, column: c, draw }) => {
          return (
            <td
              // By column, not by TanStack's cell id (the row's id in it): a slot given another
              // object rewrites its cells in place instead of building each again.
              key={id}
              data-column={id}
              className={cn(
                cellClass,
                id === "select" && "w-8 px-2",
                // The actions take their own column (never laid over other cells); when the
                // columns are wider than the window the scroll container scrolls sideways.
                id === "actions" && "w-px px-2 py-1 text-right",
                c?.className,
                c ? (c.tone?.(object) ?? (c.id === "name" ? "font-medium text-zinc-100" : "text-zinc-300")) : undefined,
              )}
            >
              {c ? (
                // Long values (names, nodes, messages) end in an ellipsis; the full value on hover.
                // `overflow: clip`, not `hidden`: WebKit's WebDriver reads no text at all from a
                // cell whose span hides its overflow (outside checks read rows' text).
                c.ticks ? (
                  <ClockCell column={c} object={object} className={cellText(c)} />
                ) : (
                  textCell(c, row, draw)
                )
              ) : (
                draw(row)
              )}
            </td>
          );
        })}
      </tr>
    );
  },
  // By the object, not the row model: scrolling makes new row models for the same objects.
  (a, b) => a.row.original === b.row.original && a.cluster === b.cluster && a.columns === b.columns && a.selected === b.selected && a.onOpen === b.onOpen && a.tabbable === b.tabbable && a.onFocus === b.onFocus,
);

/**
 * A cell's text, worked out once for its title and (unless the column draws its own) its
 * content; a plain call, not a component, so a cell adds no component of its own.
 */
function textCell(c: Column, row: Row<Value>, draw: BodyColumn["draw"]): ReactNode {
  const text = c.value(row.original, clockNow());
  return (
    <span className={cellText(c)} title={text}>
      {c.render ? draw(row) : text}
    </span>
  );
}
