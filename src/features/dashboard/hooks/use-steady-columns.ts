/**
 * Column widths that do not follow the rows drawn. The table lays its columns out automatically
 * and draws only the rows in view, so each column was as wide as the widest of the ~50 rows
 * drawn, and the spare width was shared out among them: scrolling a long list moved the columns
 * sideways (2,000 pods at 1440 px: the status column 74–143 px wide, 20 different layouts over 40
 * steps). Now one column, the filler (`name`, else `message`), takes the spare width, and every
 * other column keeps the widest it has been in this table (a `min-width` on its header): a
 * column only widens, when a wider value comes into view, and all start again when the columns
 * or the window's size change. Read once the frame after a commit is painted (`afterPaint`),
 * where the layout is clean and reading it costs nothing: a widening is already drawn by then,
 * the `min-width` only keeps it.
 */
import { useEffect, useState, type RefObject } from "react";
import { afterPaint } from "@/lib/after-paint";

/** The columns that may take the table's spare width, in order of preference. */
const FILLERS = ["name", "message"];

/** The column that takes the spare width, if the table has one (without, widths are left alone). */
export function fillerOf(columnIds: readonly string[]): string | undefined {
  return FILLERS.find((id) => columnIds.includes(id));
}

/** The widths of `measured` wider than `kept` holds for their column (0, not laid out, never is). */
export function widened(kept: ReadonlyMap<string, number>, measured: Iterable<readonly [string, number]>): [string, number][] {
  const wider: [string, number][] = [];
  for (const [id, width] of measured) if (width > (kept.get(id) ?? 0)) wider.push([id, width]);
  return wider;
}

function headersOf(table: HTMLTableElement | null): HTMLTableCellElement[] {
  return [...(table?.querySelectorAll<HTMLTableCellElement>("thead th[data-column]") ?? [])];
}

/** The widest each column has been, and the reading that comes next. */
class SteadyColumns {
  private kept = new Map<string, number>();
  private cancel: (() => void) | null = null;

  /** Forgets the widths: the columns size to the rows in view again until the next reading. */
  reset(table: HTMLTableElement | null): void {
    this.kept = new Map();
    for (const th of headersOf(table)) th.style.minWidth = "";
  }

  /** Reads the columns' widths after the next paint (once, however often asked before it). */
  schedule(table: HTMLTableElement | null, filler: string | undefined): void {
    if (!filler || this.cancel) return;
    this.cancel = afterPaint(() => {
      this.cancel = null;
      const headers = headersOf(table).filter((th) => th.dataset.column !== filler);
      const wider = new Map(widened(this.kept, headers.map((th) => [th.dataset.column ?? "", th.offsetWidth] as const)));
      for (const th of headers) {
        const width = wider.get(th.dataset.column ?? "");
        if (width === undefined) continue;
        this.kept.set(th.dataset.column ?? "", width);
        th.style.minWidth = `${width}px`;
      }
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}

/** Keeps the data columns of `table` at the widest they have been; returns the filler column. */
export function useSteadyColumns(table: RefObject<HTMLTableElement | null>, columnIds: readonly string[]): string | undefined {
  const filler = fillerOf(columnIds);
  const key = columnIds.join(" ");
  const [steady] = useState(() => new SteadyColumns());

  // New columns, or a new window size (the columns' caps follow it): start again.
  useEffect(() => {
    const reset = () => {
      steady.reset(table.current);
      steady.schedule(table.current, filler);
    };
    reset();
    window.addEventListener("resize", reset);
    return () => window.removeEventListener("resize", reset);
  }, [steady, table, filler, key]);

  // After every commit (other rows in view): one reading after the next paint.
  useEffect(() => steady.schedule(table.current, filler));

  useEffect(() => () => steady.stop(), [steady]);
  return filler;
}
