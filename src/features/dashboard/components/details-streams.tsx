import { PlugIcon, ScrollTextIcon, SquareTerminalIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import type { Value } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { runStreamAction } from "@/stores/stream-actions";
import { streamActionsFor } from "@/stores/stream-targets";
import { useDetailsStore, type DetailsTarget } from "../stores/details-store";

/**
 * Logs, shell and port-forward buttons of the object in the details panel (streams dock, issue
 * #12). Logs and shell close the panel, so the dock they open in is in view.
 */
export function DetailsStreams({ target, object }: { target: DetailsTarget; object: Value }) {
  const offers = streamActionsFor(target.kind);
  // A read-only cluster refuses port-forwards (a tunnel through which local tools can write).
  const readOnly = useClusterIdentity(target.context).readOnly;
  if (!target.namespace || (!offers.logs && !offers.shell && !offers.forward)) return null;
  const run = (action: "logs" | "shell" | "portForward") => {
    runStreamAction(action, target.context, target.kind, target.namespace!, target.name, object);
    if (action !== "portForward") useDetailsStore.getState().close();
  };
  return (
    <div className="flex gap-1.5">
      {offers.logs ? (
        <Button variant="secondary" size="sm" data-testid="details-open-logs" onClick={() => run("logs")}>
          <ScrollTextIcon width={14} height={14} /> Logs
        </Button>
      ) : null}
      {offers.shell ? (
        <Button variant="secondary" size="sm" data-testid="details-open-shell" onClick={() => run("shell")}>
          <SquareTerminalIcon width={14} height={14} /> Shell
        </Button>
      ) : null}
      {offers.forward ? (
        // On a wrapper: a disabled button takes no pointer events, so hovering it reaches the span.
        <Tooltip content={readOnly && "Read-only in Kubeli: port-forwards are refused"}>
          <span className="inline-flex">
            <Button variant="secondary" size="sm" data-testid="details-open-port-forward" disabled={readOnly} onClick={() => run("portForward")}>
              <PlugIcon width={14} height={14} /> Forward
            </Button>
          </span>
        </Tooltip>
      ) : null}
    </div>
  );
}
