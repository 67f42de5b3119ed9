/**
 * Switching clusters is a visibility change: the resource view each recently shown cluster
 * shows stays mounted — its live index, table model and rows — in its own box in the page,
 * stacked with the others in one slot. A hidden box is only moved off screen (its own `left`
 * and `right`; each box under `contain: strict`), so WebKit keeps every view's style, layout
 * and scroll position, and a switch paints ready DOM in the next frame. Measured in the real
 * app (`BENCH_ONLY=many`): anything that restyles a whole view — `visibility`,
 * `content-visibility`, a detached box re-attached — costs 20–30 ms of style recalc per switch;
 * moving the two boxes costs 1–2 ms.
 *
 * A hidden view is kept out of reach otherwise: its test hooks are put away before the switch
 * is painted (`utils/kept-testids.ts`), so `[data-testid=…]` finds only the active cluster's
 * view; it is `aria-hidden`, gives up focus at once and is `inert` from the frame after the
 * switch (`inert` may restyle the view too, so it is set and lifted after the paint). One view per
 * cluster is kept (the kind it shows, whose watch stays on anyway), for the last
 * `KEPT_CLUSTERS` clusters shown.
 *
 * A hidden view does not render: its lists follow each delta in their indexes without telling
 * React (`useLiveRows`/`useShownResource` with `shown` false), so ten hidden views of churning
 * clusters cost the deltas' size, not ten renders per delta (which froze the page in the
 * bench's event storm and made garbage faster than WebKit collected it in the soak). Shown
 * again, it renders once with its lists as they are. Its effects — the watch lease among them
 * — stay mounted, so a background cluster's list stays live past the lease's grace time.
 */
import { memo, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { hideTestIds } from "../utils/kept-testids";
import { ResourceView } from "./resource-view";
import { ShownContext } from "./view-shown";

/** Props are plain values: a switch re-renders only the views shown and hidden by it. */
const KeptView = memo(ResourceView);

/** How many clusters keep their view mounted while another is shown. */
const KEPT_CLUSTERS = 10;

export type ViewTarget = { context: string; clusterName: string; kind: string; namespace: string | null };

/** A kept view and when its container was made (containers keep their place in the slot). */
type Kept = { target: ViewTarget; made: number };

type Props = {
  /** What to show now; `null` when the active cluster shows something else. */
  active: ViewTarget | null;
  /** Contexts still connected: views of others are dropped. */
  alive: ReadonlySet<string>;
};

export function KeptViews({ active, alive }: Props) {
  const [kept, setKept] = useState<Kept[]>([]);

  // Adjusted while rendering (not in an effect), so the first render of a switch already
  // has the view: most recent first, one per cluster, connected clusters only.
  const made = kept.find((k) => k.target.context === active?.context)?.made ?? Math.max(0, ...kept.map((k) => k.made)) + 1;
  const first = active ? [{ target: active, made }] : [];
  const next = [...first, ...kept.filter((k) => k.target.context !== active?.context && alive.has(k.target.context))].slice(0, KEPT_CLUSTERS);
  if (next.length !== kept.length || next.some((k, i) => !same(k, kept[i]))) setKept(next);

  // In the order they were made, never moved: moving a container would drop its layout.
  const placed = [...next].sort((a, b) => a.made - b.made);
  return (
    // With nothing to show the slot leaves the flow but keeps a size, so no scroll box shrinks to nothing.
    <div className={active ? "relative min-h-0 flex-1 overflow-hidden" : "fixed inset-y-0 -left-[200vw] w-screen overflow-hidden"}>
      {placed.map(({ target }) => {
        const shown = target.context === active?.context;
        return (
          <KeptBox key={target.context} shown={shown}>
            <ShownContext value={shown}>
              <KeptView key={target.kind} context={target.context} clusterName={target.clusterName} kind={target.kind} namespace={target.namespace} />
            </ShownContext>
          </KeptBox>
        );
      })}
    </div>
  );
}

/** One kept view's box: on screen, or moved off it with its style and layout kept. */
function KeptBox({ shown, children }: { shown: boolean; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (shown) return afterPaint(() => (el.inert = false));
    // Before the frame is painted: the hidden view's test ids go away as the shown one's come
    // back, and the keyboard leaves it.
    if (el.contains(document.activeElement) && document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const showTestIds = hideTestIds(el);
    // `inert` may restyle the whole view: set once the switch is painted, and lifted the same way.
    const stop = afterPaint(() => (el.inert = true));
    return () => {
      stop();
      showTestIds();
    };
  }, [shown]);
  return (
    <div ref={box} data-kept-view={shown ? "shown" : "hidden"} aria-hidden={shown ? undefined : true} className={cn("absolute inset-y-0 flex flex-col [contain:strict]", shown ? "inset-x-0" : "right-[200vw] -left-[200vw]")}>
      {children}
    </div>
  );
}

/** Runs `run` once the next frame is painted; returns a cancel. */
function afterPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(run)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

function same(a: Kept, b: Kept | undefined): boolean {
  const [x, y] = [a.target, b?.target];
  return !!y && a.made === b?.made && x.context === y.context && x.kind === y.kind && x.namespace === y.namespace && x.clusterName === y.clusterName;
}
