/**
 * One clock for every age, duration and "for N s" a view shows. It ticks each second while
 * something on screen reads it, and a reader renders again only when its own text changes: the
 * view and its rows do not render each second (which, with ten clusters' views, was a render of
 * a whole table every second that a switch, a scroll frame or a delta could land behind).
 */
import { useSyncExternalStore } from "react";

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

/** `read(now)`, again each second while `live` (its view on screen), rendering only when the text changes. */
export function useClockText(read: (now: number) => string, live: boolean): string {
  return useSyncExternalStore(live ? subscribe : still, () => read(clockNow()));
}
