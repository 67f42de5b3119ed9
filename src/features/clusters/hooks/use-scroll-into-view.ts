import { useEffect, useRef, type RefObject } from "react";
import { afterPaint } from "@/lib/after-paint";

/**
 * Brings `el` into sight in its tab strip (`role="tablist"`) once `when` turns true (the active
 * cluster's tab, switched to by keyboard or picker), after the switch is painted, so the
 * switch's frame does not wait for it — and only when it is not already wholly in sight.
 *
 * Whether it is in sight comes from an `IntersectionObserver` (told after each frame, without a
 * layout of its own). `scrollIntoView` lays the page out at once, and after a switch the page has
 * just changed (the shown view's extra rows, the hidden one's rows and `inert`), so each call
 * cost a whole layout: 909 ms over the bench's ten-cluster run in a JavaScriptCore sampling
 * profile. Cycling through ten tabs in a 1280 px window, 7 switches in 10 find their tab in sight;
 * the others still scroll (~20 ms each). Until the observer has said (a tab just made), the
 * tab is scrolled to as before.
 */
export function useScrollIntoView(el: RefObject<HTMLElement | null>, when: boolean) {
  // The node the observer watches and what it last said of it.
  const seen = useRef<{ node: HTMLElement; inSight: boolean | null } | null>(null);

  useEffect(() => {
    const node = el.current;
    if (!node || typeof IntersectionObserver === "undefined") return;
    const state = { node, inSight: null as boolean | null };
    seen.current = state;
    const root = node.closest<HTMLElement>('[role="tablist"]') ?? null;
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries.at(-1);
        if (last) state.inSight = last.intersectionRatio >= 0.99;
      },
      { root, threshold: [0.99] },
    );
    observer.observe(node);
    return () => {
      observer.disconnect();
      if (seen.current === state) seen.current = null;
    };
  }, [el]);

  useEffect(() => {
    if (!when) return;
    return afterPaint(() => {
      const node = el.current;
      if (node && !(seen.current?.node === node && seen.current.inSight)) node.scrollIntoView?.({ block: "nearest", inline: "nearest" });
    });
  }, [when, el]);
}
