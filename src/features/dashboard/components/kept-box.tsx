/**
 * A box whose content stays mounted and laid out while it is not on screen: hidden, it is only
 * moved off screen by its own classes (`hiddenClassName`), so WebKit keeps its style, layout
 * and scroll positions and showing it again paints ready DOM in the next frame (anything that
 * restyles the whole content — `visibility`, `content-visibility`, a detached box re-attached —
 * cost 20–30 ms per switch in the app). Used for each kept resource view (`kept-views.tsx`) and
 * for the whole dashboard while the home grid is shown (`App.tsx`).
 *
 * Hidden, the content is kept out of reach: its test hooks are put away before the frame is
 * painted (`utils/kept-testids.ts`), so `[data-testid=…]` finds only what is on screen; it is
 * `aria-hidden`, gives up focus at once and is `inert` from the frame after (`inert` may
 * restyle the content too, so it is set and lifted after the paint).
 */
import { useLayoutEffect, useRef, type ReactNode } from "react";
import { afterPaint } from "@/lib/after-paint";
import { cn } from "@/lib/cn";
import { hideTestIds } from "../utils/kept-testids";

type Props = {
  shown: boolean;
  /** Classes in both states; `shownClassName` / `hiddenClassName` are added per state. */
  className?: string;
  shownClassName: string;
  hiddenClassName: string;
  children: ReactNode;
};

export function KeptBox({ shown, className, shownClassName, hiddenClassName, children }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (shown) return afterPaint(() => (el.inert = false));
    // Before the frame is painted: the hidden content's test ids go away as the shown one's
    // come back, and the keyboard leaves it.
    if (el.contains(document.activeElement) && document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const showTestIds = hideTestIds(el);
    const stop = afterPaint(() => (el.inert = true));
    return () => {
      stop();
      showTestIds();
    };
  }, [shown]);
  return (
    <div ref={box} data-kept-view={shown ? "shown" : "hidden"} aria-hidden={shown ? undefined : true} className={cn(className, shown ? shownClassName : hiddenClassName)}>
      {children}
    </div>
  );
}
