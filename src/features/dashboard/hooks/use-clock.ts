/**
 * One clock for every age, duration and "for N s" a view shows. It ticks each second while
 * something on screen reads it, and a reader renders again only when its own text changes: the
 * view and its rows do not render each second (which, with ten clusters' views, was a render of
 * a whole table every second that a switch, a scroll frame or a delta could land behind).
 */
import { useMemo, useSyncExternalStore } from "react";
import type { ViewVisibility } from "../components/view-shown";

let now = Date.now();
const readers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(reader: () => void): () => void {
  readers.add(reader);
  if (timer === null)
    timer = setInterval(() => {
      now = Date.now();
      readers.forEach((read) => read());
    }, 1000);
  return () => {
    readers.delete(reader);
    if (readers.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const still = () => () => {};

/** The clock's time: the last tick, or now when the last tick is a second away (no reader ticking it). */
export function clockNow(): number {
  const t = Date.now();
  if (Math.abs(t - now) >= 1000) now = t;
  return now;
}

/**
 * `read(now)`, again each second while `live` says its view is on screen (never when null),
 * rendering only when the text changes — also when the view is shown again: its ages are
 * brought up to date before that frame is painted, and only cells whose text moved render.
 */
export function useClockText(read: (now: number) => string, live: ViewVisibility | null): string {
  const follow = useMemo(() => (live ? whileShown(live) : still), [live]);
  return useSyncExternalStore(follow, () => read(clockNow()));
}

/** Reads the clock each second while `visibility` is shown, and once more each time it is shown again. */
function whileShown(visibility: ViewVisibility) {
  return (reader: () => void): (() => void) => {
    let stopClock = visibility.get() ? subscribe(reader) : null;
    const stopShown = visibility.subscribe(() => {
      if (!visibility.get()) {
        stopClock?.();
        stopClock = null;
        return;
      }
      stopClock ??= subscribe(reader);
      reader();
    });
    return () => {
      stopShown();
      stopClock?.();
    };
  };
}
