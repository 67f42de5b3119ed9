import { useEffect, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { ClusterHeader, ConfirmButtons, ConfirmNameField } from "@/components/ui/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { guardBlock } from "@/lib/cluster-guard";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type DrainOptions, type DrainReport } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";

type DrainDialogProps = {
  context: string;
  node: string;
  clusterName: string;
  /** The cluster's name with its colour and label, as every confirmation shows it. */
  cluster: ReactNode;
  onClose: () => void;
  onDone: () => void;
};

/**
 * Drain a node as kubectl does: the dialog first asks the backend what a drain would do (a dry
 * run), lists it, and offers kubectl's options where pods need them — "force" for pods no
 * controller manages, "delete emptyDir data" for pods with emptyDir volumes. DaemonSet and
 * mirror pods stay. A refusal from the backend (e.g. a pod appeared meanwhile) shows inline.
 */
export function DrainDialog({ context, node, clusterName, cluster, onClose, onDone }: DrainDialogProps) {
  const [plan, setPlan] = useState<DrainReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [force, setForce] = useState(false);
  const [deleteEmptyDirData, setDeleteEmptyDirData] = useState(false);
  const [busy, setBusy] = useState(false);
  // The production guard: a read-only cluster refuses, a protected one wants its name typed.
  const facts = useClusterIdentity(context);
  const [typed, setTyped] = useState("");
  const block = guardBlock(facts, typed);

  useEffect(() => {
    let live = true;
    const options: DrainOptions = { force: false, deleteEmptyDirData: false, dryRun: true };
    void callCommand(() => commands.drainNode(context, node, options)).then((r) => {
      if (!live) return;
      if (r.status === "ok") setPlan(r.data);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [context, node]);

  const blocked = plan !== null && ((plan.unmanaged.length > 0 && !force) || (plan.emptyDir.length > 0 && !deleteEmptyDirData));
  const drain = async () => {
    setBusy(true);
    const result = await callCommand(() => commands.drainNode(context, node, { force, deleteEmptyDirData, dryRun: false }));
    setBusy(false);
    if (result.status === "error") {
      setError(result.error);
      return;
    }
    toast.success(
      <>
        Drained {node}: {result.data.evicted.length} pod(s) evicted, {result.data.skipped.length} DaemonSet/mirror pod(s) left, on <b>{clusterName}</b>
      </>,
    );
    onDone();
    onClose();
  };

  const description = (
    <>
      Cordons the node, then evicts its pods through the Eviction API (controllers start replacements elsewhere). On {cluster}
    </>
  );
  return (
    <Dialog open onClose={onClose} title={`Drain ${node}?`} badge={<ClusterHeader facts={facts} />} description={description} className="max-w-lg">
      <div data-testid="drain-plan" className="mb-3 max-h-72 space-y-2 overflow-auto text-xs text-zinc-300">
        {plan === null && !error ? <p className="text-zinc-500">Checking the node's pods…</p> : null}
        {plan ? (
          <>
            <PodList testId="drain-evict" title={`${plan.evicted.length} pod(s) will be evicted`} pods={plan.evicted} />
            <PodList testId="drain-skipped" title={`${plan.skipped.length} DaemonSet or mirror pod(s) stay`} pods={plan.skipped} />
            {plan.unmanaged.length > 0 ? (
              <Option testId="drain-force" checked={force} onChange={setForce} label="Force: evict pods no controller manages" pods={plan.unmanaged}>
                Nothing recreates these pods once evicted.
              </Option>
            ) : null}
            {plan.emptyDir.length > 0 ? (
              <Option testId="drain-empty-dir" checked={deleteEmptyDirData} onChange={setDeleteEmptyDirData} label="Delete emptyDir data" pods={plan.emptyDir}>
                These pods keep data in emptyDir volumes; it is lost with them.
              </Option>
            ) : null}
          </>
        ) : null}
      </div>
      <ConfirmNameField facts={facts} value={typed} onChange={setTyped} />
      {error ? (
        <p role="alert" data-testid="action-error" className="mb-3 text-xs break-words text-red-300">
          {error.message}
        </p>
      ) : null}
      <ConfirmButtons label="Drain" busyLabel="Draining…" busy={busy} block={block} onCancel={onClose} onConfirm={() => void drain()} disabled={plan === null || blocked} />
    </Dialog>
  );
}

function PodList({ title, pods, testId }: { title: string; pods: string[]; testId: string }) {
  return (
    <details data-testid={testId} data-count={pods.length}>
      <summary className="cursor-pointer text-zinc-200">{title}</summary>
      <ul className="mt-1 ml-4 list-disc font-mono text-[11px] text-zinc-400">
        {pods.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </details>
  );
}

function Option({ testId, checked, onChange, label, pods, children }: { testId: string; checked: boolean; onChange: (on: boolean) => void; label: string; pods: string[]; children: ReactNode }) {
  return (
    <div className="rounded-md border border-amber-500/30 bg-amber-500/[0.06] p-2">
      <label className="flex items-center gap-2 font-medium text-amber-100">
        <input type="checkbox" data-testid={testId} checked={checked} onChange={(e) => onChange(e.target.checked)} className="h-3.5 w-3.5 accent-amber-500" />
        {label} ({pods.length})
      </label>
      <p className="mt-1 text-amber-200/80">{children} Without it the drain stops here and nothing changes.</p>
      <ul className="mt-1 ml-4 list-disc font-mono text-[11px] text-amber-200/80">
        {pods.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
