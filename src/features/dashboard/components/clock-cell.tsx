import type { Value } from "@/lib/tauri/bindings";
import type { Column } from "../utils/column";
import { useClockText } from "../hooks/use-clock";
import { useViewVisibility } from "./view-shown";

/**
 * The text of a cell that reads the clock (an age, a duration), with the full text as its title.
 * It follows the clock while its view is on screen and draws again only when its text changes
 * (not when its view is shown or hidden, unless that moved its text); its row does not draw for
 * the clock.
 */
export function ClockCell({ column, object, className }: { column: Column; object: Value; className: string }) {
  const text = useClockText((now) => column.value(object, now), useViewVisibility());
  return (
    <span className={className} title={text}>
      {text}
    </span>
  );
}
