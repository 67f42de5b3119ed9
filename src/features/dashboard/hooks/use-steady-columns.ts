/**
 * Column widths that do not follow the rows drawn. The table lays its columns out automatically
 * and draws only the rows in view, so each column was as wide as the widest of the ~50 rows
 * drawn, and the spare width was shared out among them: scrolling a long list moved the columns
 * sideways (2,000 pods at 1440 px: the status column 74–143 px wide, 20 different layouts over 40
 * steps). Now one column, the filler (`name`, else `message`), takes the spare width, and every
 * other column keeps the widest it has been in this table (a `min-width` on its header): a
 * column only widens, when a wider value comes into view, and all start again when the columns
 * or the window's size change. Read at most once a frame, in an animation frame after a commit,
 * where the frame's layout is due anyway.
 */
import { useEffect, useState, type RefObject } from "react";

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

/** The widest each column has been, and the frame that reads them next. */
class SteadyColumns {
  private kept = new Map<string, number>();
  private frame = 0;

  /** Forgets the widths: the columns size to the rows in view again until the next reading. */
  reset(table: HTMLTableElement | null): void {
    this.kept = new Map();
    for (const th of headersOf(table)) th.style.minWidth = "";
  }

  /** Reads the columns' widths in the next animation frame (once, however often asked before it). */
  schedule(table: HTMLTableElement | null, filler: string | undefined): void {
    if (!filler || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const headers = headersOf(table).filter((th) => th.dataset.column !== filler);
      const byId = new Map(headers.map((th) => [th.dataset.column ?? "", th]));
      for (const [id, width] of widened(this.kept, headers.map((th) => [th.dataset.column ?? "", th.offsetWidth] as const))) {
        this.kept.set(id, width);
        byId.get(id)!.style.minWidth = `${width}px`;
      }
    });
  }

  stop(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
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

  // After every commit (other rows in view): read once a frame at most.
  useEffect(() => steady.schedule(table.current, filler));

  useEffect(() => () => steady.stop(), [steady]);
  return filler;
}
