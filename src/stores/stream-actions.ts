/**
 * The stream entry points' one action: open logs, a shell or the port-forward dialog for an
 * object of a cluster. Used by the table's row buttons, the details panel, the palette and the
 * `l` / `s` shortcuts.
 */
import type { Value } from "@/lib/tauri/bindings";
import { useResourceStore } from "./resource-store";
import { useStreamStore } from "./stream-store";
import { containersOf, forwardTargetFor, logTargetFor, pluralOf, portsOf } from "./stream-targets";

export type StreamAction = "logs" | "shell" | "portForward";

/** Opens `action` for `name` (of `kind`, in `namespace` of cluster `context`); `object` gives containers and ports when known. */
export function runStreamAction(action: StreamAction, context: string, kind: string, namespace: string, name: string, object?: Value): void {
  const store = useStreamStore.getState();
  const containers = object ? containersOf(object) : [];
  if (action === "logs") store.openLogs(context, namespace, logTargetFor(kind, name), containers);
  else if (action === "shell") store.openShell(context, namespace, name, containers);
  else store.openForwardDialog({ context, namespace, target: forwardTargetFor(kind, name), ports: object ? portsOf(kind, object) : [] });
}

/** The object a watch of the cluster holds for this row, if any (for its containers and ports). */
export function findWatchedObject(context: string, kind: string, namespace: string, name: string): Value | undefined {
  const key = namespace ? `${namespace}/${name}` : name;
  for (const entry of Object.values(useResourceStore.getState().entries)) {
    if (entry.context !== context || pluralOf(entry.kind) !== pluralOf(kind)) continue;
    const object = entry.items.get(key);
    if (object) return object;
  }
  return undefined;
}
