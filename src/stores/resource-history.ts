/**
 * The navigation history of one cluster's resource tabs (Pods → Deployments → Services),
 * as pure functions over `{ entries, index }`. The cluster store keeps one per cluster id,
 * in memory only (it is not saved).
 */

export type ResourceHistory = {
  /** Resource kinds in the order they were shown; never two equal neighbours. */
  entries: string[];
  /** The entry on screen; -1 when empty. */
  index: number;
};

/** Longest history kept per cluster; the oldest entries drop off. */
export const RESOURCE_HISTORY_LIMIT = 50;

export const EMPTY_HISTORY: ResourceHistory = Object.freeze({ entries: [], index: -1 }) as ResourceHistory;

/**
 * `kind` was shown: it becomes the newest entry and the forward entries are dropped.
 * `from` is what was shown before (seeds an empty history so Back can return to it).
 */
export function pushHistory(history: ResourceHistory, kind: string, from: string | null = null): ResourceHistory {
  let entries = history.entries.slice(0, history.index + 1);
  if (entries.length === 0 && from && from !== kind) entries = [from];
  if (entries[entries.length - 1] === kind) return entries.length === history.entries.length ? history : { entries, index: entries.length - 1 };
  entries = [...entries, kind].slice(-RESOURCE_HISTORY_LIMIT);
  return { entries, index: entries.length - 1 };
}

/**
 * The tab `kind` was closed: its entries go, equal neighbours left behind merge. The entry
 * on screen stays the same one where it survives, else the one before it.
 */
export function removeFromHistory(history: ResourceHistory, kind: string): ResourceHistory {
  if (!history.entries.includes(kind)) return history;
  const entries: string[] = [];
  let index = -1;
  history.entries.forEach((entry, i) => {
    if (entry !== kind && entry !== entries[entries.length - 1]) entries.push(entry);
    if (i <= history.index) index = entries.length - 1;
  });
  return { entries, index };
}

/** Moves `step` entries (−1 back, +1 forward), skipping kinds that are no longer open. */
export function stepHistory(history: ResourceHistory, step: -1 | 1, open: readonly string[]): ResourceHistory | null {
  for (let i = history.index + step; i >= 0 && i < history.entries.length; i += step) {
    if (open.includes(history.entries[i])) return { entries: history.entries, index: i };
  }
  return null;
}

export function canStep(history: ResourceHistory, step: -1 | 1, open: readonly string[]): boolean {
  return stepHistory(history, step, open) !== null;
}
