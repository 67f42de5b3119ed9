/**
 * Whether a kept resource view is the one on screen (`kept-views.tsx`), as an object the view's
 * hooks subscribe to rather than a context value: a new context value would render every
 * reader — the view, its table and each of its rows' clock cells — in the switch's own task,
 * though a view shown again with nothing changed while it was hidden has nothing to draw. Its
 * lists, clocks and overscan rows listen to it instead and render only what did change (a list
 * that moved, ages that moved on), or after the switch's frame (the overscan rows).
 */
import { createContext, useContext, useSyncExternalStore } from "react";

export class ViewVisibility {
  private readonly readers = new Set<() => void>();

  constructor(private shown: boolean) {}

  get = (): boolean => this.shown;

  set(shown: boolean): void {
    if (shown === this.shown) return;
    this.shown = shown;
    this.readers.forEach((read) => read());
  }

  subscribe = (read: () => void): (() => void) => {
    this.readers.add(read);
    return () => void this.readers.delete(read);
  };
}

/** What a view outside any kept box sees: always shown. */
const ALWAYS = new ViewVisibility(true);
/** Provided by `ViewShown` (`view-shown-provider.tsx`). */
export const ShownContext = createContext(ALWAYS);

/** The visibility to subscribe to (hooks that render only on what changes). */
export const useViewVisibility = () => useContext(ShownContext);

/** Whether the view is on screen, rendering again when that changes. */
export function useViewShown(): boolean {
  const visibility = useViewVisibility();
  return useSyncExternalStore(visibility.subscribe, visibility.get);
}
