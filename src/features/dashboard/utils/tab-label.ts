import type { KindInfo } from "@/lib/tauri/bindings";
import { kindLabel } from "./columns";

/** How a resource tab names its kind: the short display, and the API group for its tooltip. */
export type TabLabel = { label: string; group: string | null };

/**
 * A tab's short display. Built-in kinds keep their label (`Pods`, `Deployments`); a kind of
 * another group (`widgets.lab.kubeli.dev`) shows its Kind from discovery (`Widget`), or its
 * plural (`widgets`) before discovery answers, with the group kept for the tooltip.
 */
export function tabLabel(tab: string, kinds: readonly KindInfo[] | null | undefined): TabLabel {
  const dot = tab.indexOf(".");
  if (dot < 0) return { label: kindLabel(tab), group: null };
  const plural = tab.slice(0, dot);
  const group = tab.slice(dot + 1);
  const known = kinds?.find((k) => k.plural === plural && k.group === group);
  return { label: known?.kind ?? plural, group };
}
