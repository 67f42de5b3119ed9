import type { WatchState } from "@/lib/tauri/bindings";
import { formatClock } from "@/lib/clock";

/** What the summary reads of a resource-store entry; `watchHistory` says when each state began. */
type WatchedEntry = { context: string; kind: string; watcher: unknown; watchState: WatchState | null; watchHistory?: { state: string; atMs: number }[] };

/** When the entry's current state began: the backend's `sinceMs`, else the window's record of the change. */
function sinceOf(e: WatchedEntry): number | null {
  if (e.watchState && "sinceMs" in e.watchState && e.watchState.sinceMs !== null) return e.watchState.sinceMs;
  const last = e.watchHistory?.at(-1);
  return last && last.state === e.watchState?.state ? last.atMs : null;
}

/**
 * One line about a cluster's watches for its tab tooltip: "Watches: 2 live since 11:58:40,
 * 1 reconnecting since 12:01:05 (pods)" (live since the last of them became live). Null when
 * the cluster watches nothing.
 */
export function watchSummary(entries: Record<string, WatchedEntry>, context: string): string | null {
  const mine = Object.values(entries).filter((e) => e.context === context && e.watcher !== null);
  if (mine.length === 0) return null;
  const live = mine.filter((e) => e.watchState?.state === "live");
  const starting = mine.filter((e) => e.watchState === null).length;
  const liveSince = live.map(sinceOf).filter((v): v is number => v !== null);
  const parts = live.length ? [`${live.length} live${liveSince.length ? ` since ${formatClock(Math.max(...liveSince))}` : ""}`] : [];
  if (starting) parts.push(`${starting} starting`);
  for (const state of ["paused", "reconnecting", "stale", "failed"] as const) {
    const those = mine.filter((e) => e.watchState?.state === state);
    if (those.length === 0) continue;
    const since = those.map(sinceOf).filter((v): v is number => v !== null);
    const when = since.length ? ` since ${formatClock(Math.min(...since))}` : "";
    parts.push(`${those.length} ${state}${when} (${those.map((e) => e.kind).join(", ")})`);
  }
  const troubled = mine.find((e) => e.watchState && e.watchState.state !== "live" && e.watchState.state !== "paused");
  const cause = troubled?.watchState && "reason" in troubled.watchState ? ` — ${troubled.watchState.reason}` : "";
  return `Watches: ${parts.join(", ")}${cause}`;
}

/**
 * The watch state the tab shows as `data-watch-state`: the worst of its watches (failed,
 * stale, reconnecting, paused, live), "starting" before the first state, null without watches.
 */
export function tabWatchState(entries: Record<string, WatchedEntry>, context: string): string | null {
  const mine = Object.values(entries).filter((e) => e.context === context && e.watcher !== null);
  if (mine.length === 0) return null;
  for (const state of ["failed", "stale", "reconnecting", "paused"] as const) {
    if (mine.some((e) => e.watchState?.state === state)) return state;
  }
  return mine.some((e) => e.watchState === null) ? "starting" : "live";
}

/** The same line only when a watch is reconnecting, stale or failed (for the active tab, whose view shows the rest). */
export function watchTrouble(entries: Record<string, WatchedEntry>, context: string): string | null {
  const summary = watchSummary(entries, context);
  return summary && Object.values(entries).some((e) => e.context === context && e.watcher !== null && e.watchState !== null && e.watchState.state !== "live") ? summary : null;
}
