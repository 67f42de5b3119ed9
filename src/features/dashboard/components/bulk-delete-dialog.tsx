import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ClusterHeader, ConfirmNameField, GuardedAction } from "@/components/ui/cluster-guard";
import { guardBlock } from "@/lib/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { callCommand } from "@/lib/errors";
import { commands } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";

export type BulkTarget = { namespace: string | null; name: string };

type BulkDeleteProps = {
  context: string;
  clusterName: string;
  /** The qualified kind the backend resolved (`deployments.apps`). */
  kind: string;
  kindName: string;
  targets: BulkTarget[];
  onClose: (deleted: BulkTarget[]) => void;
};

const where = (t: BulkTarget) => `${t.namespace ? `${t.namespace}/` : ""}${t.name}`;

/** One confirmation for deleting the selected rows, naming the cluster and every object. */
export function BulkDeleteDialog({ context, clusterName, kind, kindName, targets, onClose }: BulkDeleteProps) {
  const facts = useClusterIdentity(context);
  const [typed, setTyped] = useState("");
  const block = guardBlock(facts, typed);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState<string[]>([]);

  const run = async () => {
    setBusy(true);
    const results = await Promise.all(targets.map(async (t) => ({ t, result: await callCommand(() => commands.deleteResource(context, kind, t.namespace, t.name)) })));
    setBusy(false);
    const failed = results.filter((r) => r.result.status === "error");
    const deleted = results.filter((r) => r.result.status === "ok").map((r) => r.t);
    if (deleted.length) toast.success(<>Deleted {deleted.length} {kindName}{deleted.length === 1 ? "" : "s"} on <b>{clusterName}</b></>);
    if (failed.length === 0) return onClose(deleted);
    const messages = failed.map((r) => `${where(r.t)}: ${r.result.status === "error" ? r.result.error.message : ""}`);
    setFailures(messages);
    toast.error(`Could not delete ${failed.length} of ${targets.length} on ${clusterName}`, { description: messages[0] });
  };

  return (
    <Dialog
      open
      onClose={() => onClose([])}
      title={`Delete ${targets.length} ${kindName}${targets.length === 1 ? "" : "s"}?`}
      badge={<ClusterHeader facts={facts} />}
      description={<>These are deleted on <b className="text-zinc-200">{clusterName}</b>. It cannot be undone.</>}
    >
      <ul data-testid="bulk-delete-list" className="mb-3 max-h-48 overflow-auto rounded-md border border-zinc-800 px-3 py-2 font-mono text-xs text-zinc-300">
        {targets.map((t) => (
          <li key={where(t)}>{where(t)}</li>
        ))}
      </ul>
      <ConfirmNameField facts={facts} value={typed} onChange={setTyped} />
      {failures.length ? (
        <ul role="alert" className="mb-3 space-y-1 text-xs break-words text-red-300">
          {failures.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={() => onClose([])} data-autofocus>
          Cancel
        </Button>
        <GuardedAction block={block}>
          <Button variant="destructive" onClick={() => void run()} disabled={busy || block !== null} data-testid="confirm-action">
            {busy ? "Delete…" : `Delete ${targets.length}`}
          </Button>
        </GuardedAction>
      </div>
    </Dialog>
  );
}
