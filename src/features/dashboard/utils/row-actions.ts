/** What a resource view offers on its rows, and how it reads a list that may not be listed (403). */
import type { KindInfo } from "@/lib/tauri/bindings";
import { streamActionsFor } from "@/stores/stream-targets";
import type { RowActions } from "../components/resource-table-controls";

/** The row buttons of a kind: YAML, scale, restart, delete and the streams it offers; none for events (read-only). */
export function rowActionsFor(info: KindInfo | undefined, kind: string): RowActions | null {
  if (info?.plural === "events") return null;
  const offers = streamActionsFor(info?.plural ?? kind);
  return { yaml: true, scale: info?.scalable ?? false, restart: info?.restartable ?? false, delete: true, logs: offers.logs, shell: offers.shell, portForward: offers.forward };
}

/** A watch that may not list this kind: 403 from the start, or a watch that gave up on one. */
export function isForbidden(error: { kind: string; message: string } | null | undefined, reason: string | undefined): boolean {
  return error?.kind === "forbidden" || /forbidden|\b403\b/i.test(reason ?? "");
}
