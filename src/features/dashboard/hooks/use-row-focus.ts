/**
 * Keyboard focus over the rows of a virtualised table (a roving tabindex): one row is in the
 * tab order, arrows / Home / End / PageUp / PageDown move focus and scroll the list there,
 * Enter / Space / Delete act on the focused row. The focused row is kept by key, not by DOM
 * node, so it survives rows being recycled as the list scrolls and the list changing under it.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";

export type RowKeyHandlers = {
  /** Enter: open the row's details; `row` is its element. */
  open: (index: number, row: HTMLElement) => void;
  /** Space: select or unselect the row. */
  toggle: (index: number) => void;
  /** Delete: ask to delete the row's object. */
  remove: (index: number) => void;
};

type RowFocusOptions = {
  /** How many rows are shown. */
  count: number;
  /**
   * The key of the row at `index`, in display order; a new function when the rows change. Read
   * one at a time: a new list (each delta, each filter keystroke) builds no array of keys.
   */
  idAt: (index: number) => string;
  scrollRef: RefObject<HTMLElement | null>;
  scrollToIndex: (index: number) => void;
  /** Rows one PageUp / PageDown moves over. */
  pageSize: () => number;
};

/** The row element of `id` among those drawn now, if drawn. */
function rowElement(scroll: HTMLElement | null, id: string): HTMLElement | undefined {
  if (!scroll) return undefined;
  return [...scroll.querySelectorAll<HTMLElement>('[data-testid="resource-row"]')].find((el) => el.dataset.key === id);
}

export function useRowFocus({ count, idAt, scrollRef, scrollToIndex, pageSize }: RowFocusOptions) {
  const [focused, setFocused] = useState<string | null>(null);
  // Row positions by key, made when first asked for: a new list (each filter keystroke over
  // 10,000 rows) costs nothing here until a row has keyboard focus.
  const indexOf = useMemo(() => {
    let index: Map<string, number> | null = null;
    return (id: string) => (index ??= new Map(Array.from({ length: count }, (_, i) => [idAt(i), i]))).get(id);
  }, [count, idAt]);
  // The row in the tab order: the one last focused while it is listed, else the first.
  const active = focused !== null && indexOf(focused) !== undefined ? focused : count > 0 ? idAt(0) : null;
  /** Focus belongs on the active row: moved there by key, or it was there when its node was recycled. */
  const wantFocus = useRef(false);

  useLayoutEffect(() => {
    if (!wantFocus.current || active === null) return;
    const owner = document.activeElement;
    // Focus went elsewhere on purpose (a dialog, the filter): leave it there.
    if (owner && owner !== document.body && !(owner as HTMLElement).dataset?.key) {
      if (!scrollRef.current?.contains(owner)) wantFocus.current = false;
      return;
    }
    const el = rowElement(scrollRef.current, active);
    if (el && el !== owner) el.focus({ preventScroll: true });
  });

  const onRowFocus = useCallback((id: string) => {
    wantFocus.current = true;
    setFocused(id);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, act: RowKeyHandlers) => {
    const row = event.target as HTMLElement;
    // Keys typed in a row's own controls (checkbox, buttons) are theirs.
    if (row.dataset.testid !== "resource-row" || count === 0) return;
    const at = indexOf(row.dataset.key ?? "") ?? 0;
    const last = count - 1;
    const to: Record<string, number> = {
      ArrowDown: Math.min(last, at + 1),
      ArrowUp: Math.max(0, at - 1),
      Home: 0,
      End: last,
      PageDown: Math.min(last, at + pageSize()),
      PageUp: Math.max(0, at - pageSize()),
    };
    if (event.key in to) {
      event.preventDefault();
      wantFocus.current = true;
      setFocused(idAt(to[event.key]));
      scrollToIndex(to[event.key]);
      return;
    }
    if (event.key === "Enter") act.open(at, row);
    else if (event.key === " ") act.toggle(at);
    else if (event.key === "Delete") act.remove(at);
    else return;
    event.preventDefault();
  };

  return { active, onRowFocus, onKeyDown };
}
