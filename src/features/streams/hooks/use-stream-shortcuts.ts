/**
 * `l` opens the logs and `s` a shell of the resource row that has focus; the focused pod row is
 * also remembered for the command palette's "Logs of …" / "Shell in …".
 */
import { useEffect } from "react";
import { useClusterStore } from "@/stores/cluster-store";
import { findWatchedObject, runStreamAction } from "@/stores/stream-actions";
import { useStreamStore } from "@/stores/stream-store";
import { containersOf, pluralOf, streamActionsFor } from "@/stores/stream-targets";

type RowTarget = { context: string; kind: string; namespace: string; name: string };

/** The resource row that has focus (or holds it), with its table's kind and the row's cluster (an all-clusters table mixes them). */
function focusedRow(element: Element | null): RowTarget | null {
  const row = element?.closest<HTMLElement>('[data-testid="resource-row"]');
  const kind = row?.closest<HTMLElement>('[data-testid="resource-table"]')?.dataset.kind;
  const context = row?.dataset.clusterId || useClusterStore.getState().activeClusterContext;
  if (!row || !kind || !context || !row.dataset.name) return null;
  return { context, kind, namespace: row.dataset.namespace ?? "", name: row.dataset.name };
}

function inTextField(element: Element | null): boolean {
  return !!element?.closest("input, textarea, select, [contenteditable='true'], .xterm");
}

export function useStreamShortcuts() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || (event.key !== "l" && event.key !== "s")) return;
      if (inTextField(document.activeElement)) return;
      const row = focusedRow(document.activeElement);
      if (!row || !row.namespace) return;
      const offers = streamActionsFor(row.kind);
      const action = event.key === "l" ? "logs" : "shell";
      if (action === "logs" ? !offers.logs : !offers.shell) return;
      event.preventDefault();
      runStreamAction(action, row.context, row.kind, row.namespace, row.name, findWatchedObject(row.context, row.kind, row.namespace, row.name));
    };
    const onFocus = (event: FocusEvent) => {
      const row = focusedRow(event.target as Element | null);
      if (!row || pluralOf(row.kind) !== "pods" || !row.namespace) return;
      const object = findWatchedObject(row.context, row.kind, row.namespace, row.name);
      useStreamStore.getState().setFocusedPod({ context: row.context, namespace: row.namespace, name: row.name, containers: object ? containersOf(object) : [] });
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("focusin", onFocus);
    };
  }, []);
}
