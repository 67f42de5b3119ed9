import { useState, type ReactNode } from "react";
import { GitCompareArrowsIcon } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { ClusterHeader, ConfirmButtons, ConfirmNameField } from "@/components/ui/cluster-guard";
import { guardBlock } from "@/lib/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type Value } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { MAX_COMPARED, useCompareStore } from "@/stores/compare-store";
import type { DetailsTarget } from "../stores/details-store";
import type { ClusterPrefs } from "@/stores/cluster-persistence";
import { record } from "./details-data";
import { DrainDialog } from "./drain-dialog";

type Action = {
  id: string;
  label: string;
  /** What the dialog says the action does. */
  explain: string;
  danger?: boolean;
  run: () => Promise<{ status: "ok"; data: unknown } | { status: "error"; error: AppError }>;
  done: (data: unknown) => string;
};

/** The actions a kind offers: cordon / uncordon for nodes (drain has its own dialog), trigger / suspend / resume for cronjobs. */
function actionsFor(target: DetailsTarget, object: Value): Action[] {
  const { context, namespace, name } = target;
  const spec = record(record(object).spec);
  const plural = target.kind.split(".")[0];
  if (plural === "nodes") {
    const cordoned = spec.unschedulable === true;
    return [
      cordoned
        ? { id: "uncordon", label: "Uncordon", explain: "New pods may be scheduled on this node again.", run: () => callCommand(() => commands.cordonNode(context, name, false)), done: () => `Uncordoned ${name}` }
        : { id: "cordon", label: "Cordon", explain: "No new pod is scheduled on this node; running pods stay.", run: () => callCommand(() => commands.cordonNode(context, name, true)), done: () => `Cordoned ${name}` },
    ];
  }
  if (plural === "cronjobs" && namespace) {
    const suspended = spec.suspend === true;
    return [
      { id: "trigger", label: "Trigger now", explain: "Creates a Job from the cronjob's template now, owned by the cronjob.", run: () => callCommand(() => commands.triggerCronjob(context, namespace, name)), done: (job) => `Started job ${String(job)}` },
      suspended
        ? { id: "resume", label: "Resume", explain: "The schedule runs again.", run: () => callCommand(() => commands.suspendCronjob(context, namespace, name, false)), done: () => `Resumed ${name}` }
        : { id: "suspend", label: "Suspend", explain: "No new job is started on schedule until resumed; running jobs go on.", run: () => callCommand(() => commands.suspendCronjob(context, namespace, name, true)), done: () => `Suspended ${name}` },
    ];
  }
  return [];
}

/** The buttons of an object's actions, each confirmed in a dialog that names the cluster. */
export function DetailsActions({ target, object, clusterName, onDone }: { target: DetailsTarget; object: Value; clusterName: string; onDone: () => void }) {
  const [chosen, setChosen] = useState<Action | null>(null);
  const [draining, setDraining] = useState(false);
  const prefs = useClusterStore((s) => s.prefs[target.context]);
  const actions = actionsFor(target, object);
  const node = target.kind.split(".")[0] === "nodes";
  return (
    <div className="flex gap-1.5">
      <CompareAction target={target} />
      {actions.map((a) => (
        <Button key={a.id} variant={a.danger ? "destructive" : "secondary"} onClick={() => setChosen(a)} data-testid={`action-${a.id}`}>
          {a.label}
        </Button>
      ))}
      {node ? (
        <Button variant="destructive" onClick={() => setDraining(true)} data-testid="action-drain">
          Drain
        </Button>
      ) : null}
      {draining ? (
        <DrainDialog context={target.context} node={target.name} clusterName={clusterName} cluster={<ClusterChip prefs={prefs} clusterName={clusterName} />} onClose={() => setDraining(false)} onDone={onDone} />
      ) : null}
      {chosen ? <ConfirmAction action={chosen} target={target} clusterName={clusterName} onClose={() => setChosen(null)} onDone={onDone} /> : null}
    </div>
  );
}

/** "Compare across clusters…": this object against the same kind, namespace and name on every other connected cluster. */
function CompareAction({ target }: { target: DetailsTarget }) {
  const others = useClusterStore(useShallow((s) => [...s.connectedClusters.keys()].filter((id) => id !== target.context)));
  const open = useCompareStore((s) => s.open);
  return (
    // On a wrapper: a disabled button takes no pointer events, so hovering it reaches the span.
    <Tooltip content={others.length === 0 ? "Connect another cluster to compare with" : "Compare across clusters…"}>
      <span className="inline-flex">
        <Button variant="secondary" size="sm" disabled={others.length === 0} onClick={() => open({ kind: target.kind, namespace: target.namespace, name: target.name, contexts: [target.context, ...others].slice(0, MAX_COMPARED) })} data-testid="open-compare">
          <GitCompareArrowsIcon size={14} aria-hidden="true" />
          Compare…
        </Button>
      </span>
    </Tooltip>
  );
}

/** What to do about a refused action, by the kind of refusal. */
function advice(error: AppError): string | null {
  switch (error.kind) {
    case "forbidden":
      return "Your credentials may not do this here: ask for the RBAC permission or use another context.";
    case "notFound":
      return "The object is gone: it was deleted meanwhile.";
    case "conflict":
      return "The object changed meanwhile: close this dialog and try again.";
    case "api":
      return error.message.includes("429") ? "A PodDisruptionBudget refused an eviction: wait for replacements to become ready and drain again." : null;
    default:
      return null;
  }
}

function ConfirmAction({ action, target, clusterName, onClose, onDone }: { action: Action; target: DetailsTarget; clusterName: string; onClose: () => void; onDone: () => void }) {
  const prefs = useClusterStore((s) => s.prefs[target.context]);
  const facts = useClusterIdentity(target.context);
  const [typed, setTyped] = useState("");
  const block = guardBlock(facts, typed, action.danger === true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const where = `${target.namespace ? `${target.namespace}/` : ""}${target.name}`;
  const go = async () => {
    setBusy(true);
    const result = await action.run();
    setBusy(false);
    if (result.status === "error") {
      setError(result.error);
      return;
    }
    toast.success(
      <>
        {action.done(result.data)} on <b>{clusterName}</b>
      </>,
    );
    onDone();
    onClose();
  };
  const description: ReactNode = (
    <>
      {action.explain} On <ClusterChip prefs={prefs} clusterName={clusterName} />
    </>
  );
  return (
    <Dialog open onClose={onClose} title={`${action.label} ${where}?`} badge={<ClusterHeader facts={facts} />} description={description} className="max-w-md">
      {action.danger ? <ConfirmNameField facts={facts} value={typed} onChange={setTyped} /> : null}
      {error ? (
        <div role="alert" data-testid="action-error" className="mb-3 text-xs break-words text-red-300">
          <p>{error.message}</p>
          {advice(error) ? <p className="mt-1 text-red-200/80">{advice(error)}</p> : null}
        </div>
      ) : null}
      <ConfirmButtons label={action.label} busyLabel={`${action.label}…`} busy={busy} block={block} onCancel={onClose} onConfirm={() => void go()} destructive={action.danger} />
    </Dialog>
  );
}

/** The cluster an action runs on, with the colour and label the user gave it. */
function ClusterChip({ prefs, clusterName }: { prefs: ClusterPrefs | undefined; clusterName: string }) {
  return (
    <span data-testid="action-cluster" className={cn("rounded border px-1 font-medium", prefs?.color ? clusterColorClasses[prefs.color].chip : "border-zinc-600 text-zinc-200")}>
      {prefs?.label ? `${prefs.label} · ` : ""}
      {clusterName}
    </span>
  );
}
