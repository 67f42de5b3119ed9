/**
 * Tells the backend which contexts to connect at the next start, while this window is still
 * loading (`set_start_contexts`, kept in its settings file): the session's clusters when
 * auto-reconnect is on, none when it is off. Interactive logins are left out (the backend
 * skips them too): the window connects those itself, one at a time. On the next start the
 * page adopts the connections that are live and joins the connects still in flight.
 */
import { commands } from "@/lib/tauri/bindings";
import type { ClusterStore } from "./cluster-types";

type StartInputs = Pick<ClusterStore, "autoReconnect" | "lastConnectedContexts" | "clusters">;

/** The contexts to connect at the next start, in the session's order. */
export function startContextsOf(s: StartInputs): string[] {
  if (!s.autoReconnect) return [];
  const interactive = new Set((s.clusters ?? []).filter((c) => c.interactive).map((c) => c.id));
  return s.lastConnectedContexts.filter((id) => !interactive.has(id));
}

/** Sends the list once at start and again whenever it changes. */
export function syncStartContextsToBackend(subscribe: (listener: (s: StartInputs) => void) => void, initial: StartInputs) {
  let sent = "";
  const send = (s: StartInputs) => {
    const ids = startContextsOf(s);
    const key = JSON.stringify(ids);
    if (key === sent) return;
    sent = key;
    void commands.setStartContexts(ids).catch(() => undefined);
  };
  send(initial);
  subscribe(send);
}
