/**
 * In-page hooks for `make bench` (tests/bench/run.mjs). Installed ONLY when the app was started
 * with `KUBELI_BENCH_HOOKS=1`: the Tauri side then injects `window.__KUBELI_BENCH_HOOKS__ = true`
 * before this bundle runs. The table is virtualised, so the benchmark reads the row model here
 * instead of from the DOM; and start-up is timed from the first frames, which happen before any
 * WebDriver script could run.
 *
 * A shared layer: the store's accessor is handed in by the app (`src/app/main.tsx`).
 */

export type BenchRow = { namespace: string | null; name: string; resourceVersion: string | null; created: string | null };

export type BenchSources = {
  /** The rows of the view of (context, kind, namespace), `undefined` before its watch. */
  rows: (context: string, kind: string, namespace: string | null) => BenchRow[] | undefined;
  /** How much per-cluster data each store holds (the soak reads it after disconnect-all). */
  counts?: () => Record<string, number>;
};

/** One painted frame of the start-up timeline, recorded when what it shows changed. */
export type BenchFrame = {
  /** Wall-clock time of the frame, ms since the epoch (compares with the process start time). */
  at: number;
  /** Cluster tabs in the tab bar. */
  tabs: number;
  /** The active tab's context, if any. */
  active: string | null;
  /** Resource rows on screen. */
  rows: number;
};

export type BenchHooks = BenchSources & {
  /** Frames of the first `TIMELINE_MS` after the page loaded, one per change of what they show. */
  timeline: BenchFrame[];
  /**
   * Ends the timeline now. Each of its frames reads every row's `offsetParent` (a query and a
   * layout): 4% of the page's time during a 1,000 events/s storm, and the bench's measures after
   * start-up ran under it for the rest of the minute, so every measure but P7's stops it first.
   */
  stopTimeline: () => void;
};

declare global {
  interface Window {
    __KUBELI_BENCH_HOOKS__?: boolean;
    __kubeliBench?: BenchHooks;
  }
}

const TIMELINE_MS = 60_000;

function visibleRows(): number {
  let n = 0;
  for (const row of document.querySelectorAll<HTMLElement>('[data-testid="resource-row"]')) {
    if (row.offsetParent !== null) n += 1;
  }
  return n;
}

/** Records frames into `timeline` until `TIMELINE_MS` after load or until the returned stop. */
function recordTimeline(timeline: BenchFrame[]): () => void {
  let request = 0;
  const step = (frameTime: number) => {
    const active = document.querySelector('[data-testid="cluster-tab"][data-active="true"]');
    const frame: BenchFrame = {
      at: performance.timeOrigin + frameTime,
      tabs: document.querySelectorAll('[data-testid="cluster-tab"]').length,
      active: active?.getAttribute("data-context") ?? null,
      rows: visibleRows(),
    };
    const last = timeline[timeline.length - 1];
    if (!last || last.tabs !== frame.tabs || last.active !== frame.active || Math.sign(last.rows) !== Math.sign(frame.rows)) timeline.push(frame);
    if (frameTime < TIMELINE_MS) request = requestAnimationFrame(step);
  };
  request = requestAnimationFrame(step);
  return () => cancelAnimationFrame(request);
}

/** Exposes `window.__kubeliBench` when the bench flag is set; does nothing otherwise. */
export function installBenchHooks(sources: BenchSources, target: Window = window): boolean {
  if (target.__KUBELI_BENCH_HOOKS__ !== true) return false;
  const timeline: BenchFrame[] = [];
  target.__kubeliBench = { ...sources, timeline, stopTimeline: recordTimeline(timeline) };
  return true;
}
