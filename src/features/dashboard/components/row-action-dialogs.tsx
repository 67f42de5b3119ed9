import { useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ClusterHeader, ConfirmButtons, ConfirmNameField } from "@/components/ui/cluster-guard";
import { guardBlock } from "@/lib/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { callCommand } from "@/lib/errors";
import { commands, type AppError } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { nextRequestId } from "@/stores/resource-store";

export type RowTarget = {
  context: string;
  clusterName: string;
  /** The qualified kind name the backend resolved (`deployments.apps`). */
  kind: string;
  /** The Kind as people read it (`Deployment`). */
  kindName: string;
  namespace: string | null;
  name: string;
  replicas: number;
  /** The backend hides this kind's values until revealed (Secrets). */
  hidesValues: boolean;
};
export type RowAction = { type: "delete" | "restart" | "scale" | "yaml"; target: RowTarget };

/** The dialog of one row action (delete / restart confirm, scale, YAML). */
export function RowActionDialog({ action, onClose }: { action: RowAction | null; onClose: () => void }) {
  if (!action) return null;
  const { target } = action;
  const where = `${target.namespace ? `${target.namespace}/` : ""}${target.name}`;
  switch (action.type) {
    case "delete":
      return (
        <ConfirmDialog
          context={target.context}
          title={`Delete ${where}?`}
          description={<>This deletes the {target.kindName} on <b className="text-zinc-200">{target.clusterName}</b>. It cannot be undone.</>}
          confirm="Delete"
          done={<>Deleted {where} on <b>{target.clusterName}</b></>}
          failed={`Could not delete ${where} on ${target.clusterName}`}
          run={() => callCommand(() => commands.deleteResource(target.context, target.kind, target.namespace, target.name))}
          onClose={onClose}
        />
      );
    case "restart":
      return (
        <ConfirmDialog
          context={target.context}
          title={`Restart ${where}?`}
          description={<>Its pods on <b className="text-zinc-200">{target.clusterName}</b> are replaced one by one, as <code>kubectl rollout restart</code> does.</>}
          confirm="Restart"
          done={<>Restarting {where} on <b>{target.clusterName}</b></>}
          failed={`Could not restart ${where} on ${target.clusterName}`}
          run={() => callCommand(() => commands.restartResource(target.context, target.kind, target.namespace, target.name))}
          onClose={onClose}
        />
      );
    case "scale":
      return <ScaleDialog target={target} onClose={onClose} />;
    case "yaml":
      return <YamlDialog target={target} onClose={onClose} />;
  }
}

type Run = () => Promise<{ status: "ok" } | { status: "error"; error: AppError }>;

type ConfirmProps = { context: string; title: string; description: ReactNode; confirm: string; done: ReactNode; failed: string; run: Run; onClose: () => void };

/** Asks before an action that cannot be undone; the result shows as a toast naming the cluster. */
function ConfirmDialog({ context, title, description, confirm, done, failed, run, onClose }: ConfirmProps) {
  const facts = useClusterIdentity(context);
  const [typed, setTyped] = useState("");
  const block = guardBlock(facts, typed);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (result.status === "error") {
      setError(result.error.message);
      toast.error(failed, { description: result.error.message });
    } else {
      toast.success(done);
      onClose();
    }
  };
  return (
    <Dialog open onClose={onClose} title={title} description={description} badge={<ClusterHeader facts={facts} />}>
      <ConfirmNameField facts={facts} value={typed} onChange={setTyped} />
      {error ? (
        <p role="alert" className="mb-3 text-xs break-words text-red-300">
          {error}
        </p>
      ) : null}
      <ConfirmButtons label={confirm} busyLabel={`${confirm}…`} busy={busy} block={block} onCancel={onClose} onConfirm={() => void go()} />
    </Dialog>
  );
}

function ScaleDialog({ target, onClose }: { target: RowTarget; onClose: () => void }) {
  const facts = useClusterIdentity(target.context);
  const [typed, setTyped] = useState("");
  const [replicas, setReplicas] = useState(String(target.replicas));
  // Scaling to zero stops the workload: a protected cluster asks for its name.
  const block = guardBlock(facts, typed, Number(replicas) === 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(replicas);
    if (!Number.isInteger(value) || value < 0) {
      setError("Enter a whole number of replicas, 0 or more.");
      return;
    }
    setBusy(true);
    const result = await callCommand(() => commands.scaleResource(target.context, target.kind, target.namespace, target.name, value));
    setBusy(false);
    if (result.status === "error") {
      setError(result.error.message);
      toast.error(`Could not scale ${target.name} on ${target.clusterName}`, { description: result.error.message });
    } else {
      toast.success(
        <>
          Scaled {target.name} to {value} on <b>{target.clusterName}</b>
        </>,
      );
      onClose();
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Scale ${target.name}`}
      badge={<ClusterHeader facts={facts} />}
      description={`On ${target.clusterName}. Currently ${target.replicas} replica${target.replicas === 1 ? "" : "s"}.`}
      className="max-w-sm"
    >
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={inputId} className="mb-1.5 block text-xs font-medium text-zinc-400">
          Replicas
        </label>
        <Input id={inputId} data-autofocus data-testid="scale-input" type="number" min={0} value={replicas} onChange={(e) => setReplicas(e.target.value)} aria-invalid={error ? true : undefined} />
        {error ? (
          <p role="alert" className="mt-2 text-xs break-words text-red-300">
            {error}
          </p>
        ) : null}
        {Number(replicas) === 0 ? (
          <div className="mt-3">
            <ConfirmNameField facts={facts} value={typed} onChange={setTyped} />
          </div>
        ) : null}
        <div className="mt-5">
          <ConfirmButtons label="Scale" busyLabel="Scaling…" busy={busy} block={block} onCancel={onClose} destructive={false} autofocusCancel={false} />
        </div>
      </form>
    </Dialog>
  );
}

function YamlDialog({ target, onClose }: { target: RowTarget; onClose: () => void }) {
  const facts = useClusterIdentity(target.context);
  const [reveal, setReveal] = useState(false);
  const [state, setState] = useState<{ yaml: string | null; error: string | null }>({ yaml: null, error: null });
  useEffect(() => {
    let live = true;
    let pending = true;
    const request = nextRequestId();
    void callCommand(() => commands.getResourceYaml(target.context, target.kind, target.namespace, target.name, reveal, request)).then((result) => {
      pending = false;
      if (!live) return;
      setState(result.status === "ok" ? { yaml: result.data, error: null } : { yaml: null, error: result.error.message });
    });
    // Closing the dialog (or toggling reveal) abandons a read still running.
    return () => {
      live = false;
      if (pending) void commands.cancelRequest(request).catch(() => false);
    };
  }, [target, reveal]);
  const secret = target.hidesValues;
  return (
    <Dialog open onClose={onClose} title={`${target.name} — YAML`} badge={<ClusterHeader facts={facts} />} description={`${target.kindName} on ${target.clusterName} (read-only)`} className="max-w-4xl">
      {secret ? (
        <div className="mb-3 flex items-center justify-between gap-3 rounded-md border border-amber-500/30 bg-amber-500/[0.06] px-3 py-2 text-xs text-amber-200">
          <span>{reveal ? "Secret values are shown. Close the dialog to hide them again." : "Secret values are hidden."}</span>
          <Button variant="ghost" onClick={() => setReveal((r) => !r)} data-testid="reveal-secret">
            {reveal ? "Hide values" : "Reveal values"}
          </Button>
        </div>
      ) : null}
      {state.error ? (
        <p role="alert" className="text-sm text-red-300">
          {state.error}
        </p>
      ) : state.yaml === null ? (
        <div className="space-y-2">
          <Skeleton className="h-3 w-2/3" />
          <Skeleton className="h-3 w-1/2" />
          <Skeleton className="h-3 w-3/4" />
        </div>
      ) : (
        <pre data-testid="yaml-view" tabIndex={0} className="max-h-[60vh] overflow-auto rounded-md border border-zinc-800 bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-200">
          {state.yaml}
        </pre>
      )}
    </Dialog>
  );
}
