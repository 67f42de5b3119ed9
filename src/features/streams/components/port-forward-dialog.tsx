import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { guardBlock } from "@/lib/cluster-guard";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { streamCommands } from "@/stores/stream-api";
import { useStreamStore, type ForwardDialogRequest } from "@/stores/stream-store";
import { ClusterChip } from "./cluster-chip";

/** The port-forward dialog (opened by `open-port-forward`): the first port and a free local port preselected. */
export function PortForwardDialog() {
  const request = useStreamStore((s) => s.forwardDialog);
  const close = useStreamStore((s) => s.closeForwardDialog);
  return request ? <ForwardForm key={`${request.context}|${request.namespace}|${request.target.name}`} request={request} onClose={close} /> : null;
}

function ForwardForm({ request, onClose }: { request: ForwardDialogRequest; onClose: () => void }) {
  const [remote, setRemote] = useState(String(request.ports[0] ?? ""));
  const [local, setLocal] = useState("");
  // Once the user typed a local port, a suggestion arriving later never replaces it.
  const localEdited = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A read-only cluster refuses a forward (the core does too): say so before Start is pressed.
  const refused = guardBlock(useClusterIdentity(request.context), "", false);

  // A free local port, the remote one when it is free (asked of the backend).
  useEffect(() => {
    const preferred = Number(remote);
    if (!preferred) return;
    let stale = false;
    void streamCommands.suggestLocalPort(preferred).then((result) => {
      if (!stale && !localEdited.current && result.status === "ok") setLocal(String(result.data));
    });
    return () => {
      stale = true;
    };
  }, [remote]);

  const remotePort = Number(remote);
  const localPort = local ? Number(local) : null;
  const valid = Number.isInteger(remotePort) && remotePort > 0 && remotePort < 65536 && (localPort === null || (Number.isInteger(localPort) && localPort > 0 && localPort < 65536));

  const start = async () => {
    setBusy(true);
    setError(null);
    const failure = await useStreamStore.getState().startForward(request.context, { namespace: request.namespace, target: request.target, remotePort, localPort });
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Dialog open onClose={onClose} title={`Forward a port of ${request.target.type} ${request.target.name}`} description={<ForwardWhere request={request} />} className="max-w-md">
      <form
        data-testid="port-forward-dialog"
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !busy) void start();
        }}
      >
        <label className="block text-xs text-zinc-400">
          Remote port
          {request.ports.length > 0 ? (
            <select data-testid="port-forward-remote" value={remote} onChange={(e) => setRemote(e.target.value)} className="mt-1 h-9 w-full rounded-md border border-zinc-700 bg-zinc-900 px-2 text-sm text-zinc-100">
              {request.ports.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          ) : (
            <Input data-testid="port-forward-remote" inputMode="numeric" value={remote} onChange={(e) => setRemote(e.target.value)} className="mt-1" />
          )}
        </label>
        <label className="block text-xs text-zinc-400">
          Local port (empty: any free port)
          <Input data-testid="port-forward-local" inputMode="numeric" value={local} onChange={(e) => {
              localEdited.current = true;
              setLocal(e.target.value);
            }} className="mt-1" />
        </label>
        {error ?? refused ? (
          <p role="alert" data-testid="port-forward-dialog-error" className="text-xs break-words text-red-300">
            {error ?? refused}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" data-autofocus data-testid="start-port-forward" disabled={!valid || busy || refused !== null}>
            {busy ? "Starting…" : "Start"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ForwardWhere({ request }: { request: ForwardDialogRequest }) {
  return (
    <span className="flex items-center gap-1.5">
      On <ClusterChip context={request.context} /> namespace <b className="text-zinc-200">{request.namespace}</b>
    </span>
  );
}
