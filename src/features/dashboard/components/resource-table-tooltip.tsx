/**
 * One tooltip for every row button of a table. Each button only carries its text
 * (`data-tooltip`, also its `aria-label`); this component listens on the scroll container
 * and shows that text beside the button under the pointer or keyboard focus. A Radix
 * tooltip per button cost five providers, roots and triggers per row — the most of a row's
 * mount, paid for every row coming into view on a filter keystroke, a sort or a scroll.
 * Same behaviour as `components/ui/tooltip.tsx`: opens after a hover pause (at once when
 * another just closed) or on keyboard focus, closes on leave, blur, scroll and Escape.
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { createPortal } from "react-dom";
import { computePosition, flip, offset, shift } from "@floating-ui/dom";

/** Hover pause before a tooltip opens, and the window after one closes in which the next opens at once. */
const OPEN_DELAY_MS = 400;
const SKIP_DELAY_MS = 200;

/** `placed` false until its position is known: it stays invisible for that first frame. */
type Shown = { text: string; x: number; y: number; placed: boolean; anchor: HTMLElement };

export function RowTooltip({ container }: { container: RefObject<HTMLElement | null> }) {
  const [shown, setShown] = useState<Shown | null>(null);
  const floating = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let closedAt = -Infinity;
    let current: HTMLElement | null = null;
    // Focus that follows a click is not keyboard focus: no tooltip for it.
    let pressedAt = -Infinity;
    const cancel = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    const hide = () => {
      cancel();
      if (current) closedAt = performance.now();
      current = null;
      setShown(null);
    };
    const show = (anchor: HTMLElement) => {
      cancel();
      current = anchor;
      setShown({ text: anchor.dataset.tooltip ?? "", x: 0, y: 0, placed: false, anchor });
    };
    const target = (event: Event) => (event.target instanceof Element ? event.target.closest<HTMLElement>("tbody [data-tooltip]") : null);
    const over = (event: PointerEvent) => {
      const anchor = target(event);
      if (anchor === current) return;
      if (!anchor) return hide();
      const skip = current !== null || performance.now() - closedAt < SKIP_DELAY_MS;
      hide();
      if (skip) show(anchor);
      else timer = setTimeout(() => show(anchor), OPEN_DELAY_MS);
    };
    const focus = (event: FocusEvent) => {
      const anchor = target(event);
      if (anchor && performance.now() - pressedAt > 500) show(anchor);
    };
    const key = (event: KeyboardEvent) => {
      if (event.key === "Escape" && current) hide();
    };
    root.addEventListener("pointerover", over);
    root.addEventListener("pointerleave", hide);
    const press = () => {
      pressedAt = performance.now();
      hide();
    };
    root.addEventListener("pointerdown", press);
    root.addEventListener("focusin", focus);
    root.addEventListener("focusout", hide);
    root.addEventListener("scroll", hide, { passive: true });
    root.addEventListener("keydown", key);
    return () => {
      cancel();
      root.removeEventListener("pointerover", over);
      root.removeEventListener("pointerleave", hide);
      root.removeEventListener("pointerdown", press);
      root.removeEventListener("focusin", focus);
      root.removeEventListener("focusout", hide);
      root.removeEventListener("scroll", hide);
      root.removeEventListener("keydown", key);
    };
  }, [container]);

  // Placed below its button (above when there is no room), kept inside the window.
  const anchor = shown?.anchor;
  useEffect(() => {
    const tip = floating.current;
    if (!anchor || !tip) return;
    let live = true;
    void computePosition(anchor, tip, { placement: "bottom", strategy: "fixed", middleware: [offset(6), flip(), shift({ padding: 8 })] }).then(({ x, y }) => {
      if (live) setShown((s) => (s && s.anchor === anchor ? { ...s, x, y, placed: true } : s));
    });
    return () => {
      live = false;
    };
  }, [anchor]);

  if (!shown) return null;
  return createPortal(
    <div
      ref={floating}
      role="tooltip"
      data-testid="row-tooltip"
      style={{ position: "fixed", left: shown.x, top: shown.y, visibility: shown.placed ? "visible" : "hidden" }}
      className="pointer-events-none z-[60] max-w-sm rounded-md border border-zinc-700 bg-zinc-800 px-2 py-1 text-xs leading-5 whitespace-pre-line text-zinc-100 shadow-lg shadow-black/40"
    >
      {shown.text}
    </div>,
    document.body,
  );
}
