import { useEffect, useRef, type RefObject } from "react";

/**
 * Brings `el` into sight in its tab strip (`role="tablist"`) once `when` turns true (the active
 * cluster's tab, switched to by keyboard or picker), in the switch's own frame and only when it
 * is not already wholly in sight.
 *
 * Whether it is in sight comes from an `IntersectionObserver` (told after each frame, without a
 * layout of its own). `scrollIntoView` lays the page out at once, and after a switch the page has
 * just changed (the shown view's rows, the hidden one's test ids), so each call costs a whole
 * layout. Called from the switch frame's animation-frame callback, that layout is the one the
 * frame makes anyway (its own layout then has nothing left to do), and the tab scrolls in the
 * frame that shows its cluster. Called after the paint, as before, it came after the shown view's
 * extra rows were drawn and laid the page out a second time: ~8 ms per switch, a quarter of the
 * page's script time in a sampling profile of 30 switches among ten clusters.
 * Until the observer has said (a tab just made), the tab is scrolled to as before.
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
    const frame = requestAnimationFrame(() => {
      const node = el.current;
      if (node && !(seen.current?.node === node && seen.current.inSight)) node.scrollIntoView?.({ block: "nearest", inline: "nearest" });
    });
    return () => cancelAnimationFrame(frame);
  }, [when, el]);
}
