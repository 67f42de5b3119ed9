/**
 * Tooltips. A trigger carries its text as `data-tooltip` (`<Tooltip>` puts it on its one child
 * element and adds nothing else); one `TooltipHost`, mounted once by the app, shows the text of
 * the trigger under the pointer — after a hover pause, at once when another closed just before —
 * or under keyboard focus, beside it (placed by `@floating-ui/dom`, the positioning Radix's
 * tooltip uses), names it as the trigger's accessible description while shown, and closes it on
 * leave, press, blur, scroll and Escape.
 *
 * Why not a Radix tooltip per trigger: each was ~17 React components (provider, root, popper,
 * trigger, slot, portal, presence…), rendered again whenever its trigger's parent rendered. A
 * cluster switch re-rendered ~30 of them (tab bar, resource tabs, header) — about half of the
 * ~1,200 components the switch rendered, in the task the switch's frame waits for — and the
 * home grid mounted several per cluster card. The table's row buttons already shared one such
 * host; now every tooltip does.
 */
import { cloneElement, useEffect, useId, useRef, useState, type ReactElement } from "react";
import { createPortal } from "react-dom";
import { computePosition, flip, offset, shift } from "@floating-ui/dom";

/** Hover pause before a tooltip opens, and the window after one closes in which the next opens at once. */
const OPEN_DELAY_MS = 400;
const SKIP_DELAY_MS = 200;
/** Focus this soon after a press is the press's, not the keyboard's: no tooltip for it. */
const PRESS_FOCUS_MS = 500;
/** How often a shown tooltip checks that its trigger is still in the page. */
const GONE_CHECK_MS = 250;

type TooltipProps = {
  /** What the tooltip says; with nothing to say the trigger renders alone. */
  content: string | null | undefined | false;
  /** One element that passes `data-tooltip` on to the DOM (a button, a span, …). */
  children: ReactElement<{ "data-tooltip"?: string }>;
};

export function Tooltip({ content, children }: TooltipProps) {
  if (!content) return children;
  return cloneElement(children, { "data-tooltip": content });
}

/** `placed` false until its position is known: it stays invisible for that first frame. */
type Shown = { text: string; x: number; y: number; placed: boolean; anchor: HTMLElement };

/** The trigger an event is about, if any. */
function triggerOf(event: Event): HTMLElement | null {
  return event.target instanceof Element ? event.target.closest<HTMLElement>("[data-tooltip]") : null;
}

/** Adds `id` to the element's `aria-describedby`; returns the undo. */
function describe(el: HTMLElement, id: string): () => void {
  const before = el.getAttribute("aria-describedby");
  el.setAttribute("aria-describedby", before ? `${before} ${id}` : id);
  return () => {
    if (before === null) el.removeAttribute("aria-describedby");
    else el.setAttribute("aria-describedby", before);
  };
}

/** The one tooltip of the window: mounted once, by the app (and by tests that render a part alone). */
export function TooltipHost() {
  const [shown, setShown] = useState<Shown | null>(null);
  const floating = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let closedAt = -Infinity;
    let current: HTMLElement | null = null;
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
    const over = (event: Event) => {
      const anchor = triggerOf(event);
      if (anchor === current) return;
      if (!anchor) return hide();
      const skip = current !== null || performance.now() - closedAt < SKIP_DELAY_MS;
      hide();
      if (skip) show(anchor);
      else timer = setTimeout(() => show(anchor), OPEN_DELAY_MS);
    };
    // The pointer left the window.
    const out = (event: Event) => {
      if ((event as PointerEvent).relatedTarget === null) hide();
    };
    const press = () => {
      pressedAt = performance.now();
      hide();
    };
    const focus = (event: Event) => {
      const anchor = triggerOf(event);
      if (anchor && performance.now() - pressedAt > PRESS_FOCUS_MS) show(anchor);
    };
    const key = (event: Event) => {
      if ((event as KeyboardEvent).key === "Escape" && current) hide();
    };
    const listeners: [string, (event: Event) => void, AddEventListenerOptions?][] = [
      ["pointerover", over],
      ["pointerout", out],
      ["pointerdown", press, { capture: true }],
      ["focusin", focus],
      ["focusout", hide],
      // Any scroll box moving moves the trigger away from its tooltip.
      ["scroll", hide, { capture: true, passive: true }],
      ["keydown", key, { capture: true }],
    ];
    for (const [type, listener, options] of listeners) document.addEventListener(type, listener, options);
    return () => {
      cancel();
      for (const [type, listener, options] of listeners) document.removeEventListener(type, listener, options);
    };
  }, []);

  // Placed below its trigger (above when there is no room), kept inside the window; described
  // by it while shown.
  const anchor = shown?.anchor;
  useEffect(() => {
    const tip = floating.current;
    if (!anchor || !tip) return;
    const undescribe = describe(anchor, id);
    let live = true;
    void computePosition(anchor, tip, { placement: "bottom", strategy: "fixed", middleware: [offset(6), flip(), shift({ padding: 8 })] }).then(({ x, y }) => {
      if (live) setShown((s) => (s && s.anchor === anchor ? { ...s, x, y, placed: true } : s));
    });
    // A trigger taken out of the page while its tooltip shows (a tab closed under the pointer)
    // takes the tooltip with it.
    const gone = setInterval(() => {
      if (!anchor.isConnected) setShown((s) => (s?.anchor === anchor ? null : s));
    }, GONE_CHECK_MS);
    return () => {
      live = false;
      clearInterval(gone);
      undescribe();
    };
  }, [anchor, id]);

  if (!shown) return null;
  return createPortal(
    <div
      ref={floating}
      id={id}
      role="tooltip"
      data-testid="tooltip"
      style={{ position: "fixed", left: shown.x, top: shown.y, visibility: shown.placed ? "visible" : "hidden" }}
      className="pointer-events-none z-[60] max-w-sm rounded-md border border-zinc-700 bg-zinc-800 px-2 py-1 text-xs leading-5 whitespace-pre-line text-zinc-100 shadow-lg shadow-black/40"
    >
      {shown.text}
    </div>,
    document.body,
  );
}
