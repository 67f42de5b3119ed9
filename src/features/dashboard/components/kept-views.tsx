/**
 * Switching clusters is a visibility change: the resource view each recently shown cluster
 * shows stays mounted — its live index, table model and rows — in its own container kept
 * out of the document, and the active one is moved into the page. A switch back re-attaches
 * ready DOM in the same frame instead of building the view again.
 *
 * A detached container is not in the document, so nothing (tests, scripts, the keyboard)
 * finds a hidden cluster's rows. One view per cluster is kept (the kind it shows, whose
 * watch stays on anyway), for the last `KEPT_CLUSTERS` clusters shown.
 *
 * A hidden view does not render: its lists follow each delta in their indexes without telling
 * React (`useLiveRows`/`useShownResource` with `shown` false), so ten hidden views of churning
 * clusters cost the deltas' size, not ten renders per delta (which froze the page in the
 * bench's event storm and made garbage faster than WebKit collected it in the soak). Shown
 * again, it renders once with its lists as they are. Its effects — the watch lease among them
 * — stay mounted, so a background cluster's list stays live past the lease's grace time.
 */
import { memo, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { selectViewState, useViewStateStore } from "../stores/view-state";
import { ResourceView } from "./resource-view";
import { ShownContext } from "./view-shown";

/** Props are plain values: a switch re-renders only the views shown and hidden by it. */
const KeptView = memo(ResourceView);

/** How many clusters keep their view mounted while another is shown. */
const KEPT_CLUSTERS = 10;

export type ViewTarget = { context: string; clusterName: string; kind: string; namespace: string | null };

/** A kept view and the (possibly detached) element it renders into. */
type Kept = { target: ViewTarget; element: HTMLDivElement };

type Props = {
  /** What to show now; `null` when the active cluster shows something else. */
  active: ViewTarget | null;
  /** Contexts still connected: views of others are dropped. */
  alive: ReadonlySet<string>;
};

function containerFor(kept: Kept[], context: string): HTMLDivElement {
  const found = kept.find((k) => k.target.context === context)?.element;
  if (found) return found;
  const element = document.createElement("div");
  element.className = "flex min-h-0 flex-1 flex-col";
  return element;
}

export function KeptViews({ active, alive }: Props) {
  const [kept, setKept] = useState<Kept[]>([]);
  const slot = useRef<HTMLDivElement>(null);

  // Adjusted while rendering (not in an effect), so the first render of a switch already
  // has the view: most recent first, one per cluster, connected clusters only.
  const first = active ? [{ target: active, element: containerFor(kept, active.context) }] : [];
  const next = [...first, ...kept.filter((k) => k.target.context !== active?.context && alive.has(k.target.context))].slice(0, KEPT_CLUSTERS);
  if (next.length !== kept.length || next.some((k, i) => !same(k, kept[i]))) setKept(next);

  const shown = active ? next[0].element : null;
  const shownKey = active ? `${active.context}\u0000${active.kind}` : "";
  useLayoutEffect(() => {
    const into = slot.current;
    if (!into) return;
    if (!shown || !active) {
      into.replaceChildren();
      return;
    }
    if (into.firstChild === shown) return;
    into.replaceChildren(shown);
    // A detached scroll box forgets its position; put back the one the view last had.
    const scroll = shown.querySelector<HTMLElement>('[data-testid="resource-scroll"]');
    const top = selectViewState(active.context, active.kind)(useViewStateStore.getState()).scrollTop;
    if (scroll && scroll.scrollTop !== top) scroll.scrollTop = top;
    // `shownKey` names what `active` and `shown` are.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownKey, shown]);

  return (
    <>
      <div ref={slot} className={active ? "flex min-h-0 flex-1 flex-col" : "hidden"} />
      {next.map(({ target, element }) =>
        createPortal(
          <ShownContext value={target.context === active?.context}>
            <KeptView key={`${target.context}:${target.kind}`} context={target.context} clusterName={target.clusterName} kind={target.kind} namespace={target.namespace} />
          </ShownContext>,
          element,
          target.context,
        ),
      )}
    </>
  );
}

function same(a: Kept, b: Kept | undefined): boolean {
  const [x, y] = [a.target, b?.target];
  return !!y && a.element === b?.element && x.context === y.context && x.kind === y.kind && x.namespace === y.namespace && x.clusterName === y.clusterName;
}
