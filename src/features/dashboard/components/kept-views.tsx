/**
 * Switching clusters is a visibility change: the resource view each recently shown cluster
 * shows stays mounted — its live index, table model and rows — in its own `KeptBox` in the
 * page, stacked with the others in one slot under `contain: strict`; a hidden one is moved off
 * screen with its style, layout and scroll position kept, its test ids put away, `aria-hidden`
 * and `inert` (`kept-box.tsx`), so a switch paints ready DOM in the next frame; the view it
 * hides renders (as hidden) `REST_AFTER_MS` later (`KeptSlot`). Boxes keep
 * their place in the slot (moving one would drop its layout). None is shown while the
 * dashboard itself is hidden behind the home grid (`App.tsx`). One view per cluster is kept
 * (the kind it shows, whose watch stays on anyway), for the last `KEPT_CLUSTERS` clusters shown.
 *
 * A hidden view does not render: its lists follow each delta in their indexes without telling
 * React (`useLiveRows`/`useShownResource` while its `ViewShown` says hidden), so ten hidden views
 * of churning clusters cost the deltas' size, not ten renders per delta (which froze the page in
 * the bench's event storm and made garbage faster than WebKit collected it in the soak). Shown
 * again, what changed meanwhile renders once with its lists as they are; a view whose lists did
 * not change does not render at all (only its cells whose ages moved). Its effects — the watch
 * lease among them — stay mounted, so a background cluster's list stays live past the lease's
 * grace time.
 */
import { memo, useEffect, useState } from "react";
import { KeptBox } from "./kept-box";
import { ResourceView } from "./resource-view";
import { useViewShown } from "./view-shown";
import { ViewShown } from "./view-shown-provider";

/** Props are plain values: a switch re-renders only the views shown and hidden by it. */
const KeptView = memo(ResourceView);

/** How many clusters keep their view mounted while another is shown. */
const KEPT_CLUSTERS = 10;

/**
 * How long a view just hidden goes on as if shown before it rests (drops its overscan rows,
 * stops rendering on deltas). Its resting render, right after the switch was painted, often
 * landed in the next switch's keydown when switches followed each other (Ctrl+Tab pressed
 * again, or held): back-to-back switches among ten clusters × 2,000 pods (debug app, 200 per
 * variant) went over 16.7 ms in 6.5% of switches, 1.5% with no resting render. A view shown
 * again within this time never renders twice; one left hidden rests while the user reads the
 * one shown.
 */
export const REST_AFTER_MS = 1_000;

export type ViewTarget = { context: string; clusterName: string; kind: string; namespace: string | null };

/** A kept view and when its container was made (containers keep their place in the slot). */
type Kept = { target: ViewTarget; made: number };

type Props = {
  /** What to show now; `null` when the active cluster shows something else. */
  active: ViewTarget | null;
  /** Contexts still connected: views of others are dropped. */
  alive: ReadonlySet<string>;
  /** `REST_AFTER_MS` unless given (tests). */
  restAfterMs?: number;
};

export function KeptViews({ active, alive, restAfterMs = REST_AFTER_MS }: Props) {
  const [kept, setKept] = useState<Kept[]>([]);
  // The dashboard around them is hidden while the home grid shows (`App.tsx`): then none is shown.
  const onScreen = useViewShown();

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
      {placed.map(({ target }) => (
        <KeptSlot key={target.context} target={target} shown={onScreen && target.context === active?.context} restAfterMs={restAfterMs} />
      ))}
    </div>
  );
}

/**
 * One kept view in its box. The box moves off screen in the switch's own frame; the view inside
 * learns it is hidden `restAfterMs` later (and then rests: no renders, no overscan rows), so the
 * switch's task renders only the view it shows, not the one it hides. Memoised (its target is
 * the kept entry's own object): a switch renders the two slots it changes, not all ten.
 */
const KeptSlot = memo(function KeptSlot({ target, shown, restAfterMs }: { target: ViewTarget; shown: boolean; restAfterMs: number }) {
  const [lingering, setLingering] = useState(shown);
  // Shown: at once, in the same render.
  if (shown && !lingering) setLingering(true);
  useEffect(() => {
    if (shown || !lingering) return;
    const timer = setTimeout(() => setLingering(false), restAfterMs);
    return () => clearTimeout(timer);
  }, [shown, lingering, restAfterMs]);
  return (
    <KeptBox shown={shown} className="absolute inset-y-0 flex flex-col [contain:strict]" shownClassName="inset-x-0" hiddenClassName="right-[200vw] -left-[200vw]">
      <ViewShown shown={shown || lingering}>
        <KeptView key={target.kind} context={target.context} clusterName={target.clusterName} kind={target.kind} namespace={target.namespace} />
      </ViewShown>
    </KeptBox>
  );
});

function same(a: Kept, b: Kept | undefined): boolean {
  const [x, y] = [a.target, b?.target];
  return !!y && a.made === b?.made && x.context === y.context && x.kind === y.kind && x.namespace === y.namespace && x.clusterName === y.clusterName;
}
