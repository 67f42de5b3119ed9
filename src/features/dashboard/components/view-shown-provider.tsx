import { useLayoutEffect, useState, type ReactNode } from "react";
import { ShownContext, ViewVisibility } from "./view-shown";

/**
 * Provides whether its content is on screen. Set in a layout effect: readers that render on it
 * (`useViewShown`) do so before the frame is painted, those that subscribe do only what changed.
 */
export function ViewShown({ shown, children }: { shown: boolean; children: ReactNode }) {
  const [visibility] = useState(() => new ViewVisibility(shown));
  useLayoutEffect(() => visibility.set(shown), [visibility, shown]);
  return <ShownContext value={visibility}>{children}</ShownContext>;
}
