import { useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { useShallow } from "zustand/react/shallow";
import { ClusterHeader, ConfirmButtons, ConfirmNameField } from "@/components/ui/cluster-guard";
import { guardBlock } from "@/lib/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { callCommand } from "@/lib/errors";
import { commands } from "@/lib/tauri/bindings";
import { identityOf, type ClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";

/** One object to delete: on which cluster (and its name as the view shows it), as which (qualified) kind that cluster resolved. */
export type BulkTarget = { context: string; clusterName: string; kind: string; namespace: string | null; name: string };

/** What a bulk action does to each selected object: delete it, scale it, or restart its pods. */
export type BulkKind = "delete" | "scale" | "restart";

type BulkDeleteProps = {
  /** The Kind as people read it (`Pod`). */
  kindName: string;
  targets: BulkTarget[];
  /** Delete unless told otherwise. */
  action?: BulkKind;
  onClose: (done: BulkTarget[]) => void;
};

const WORDS: Record<BulkKind, { verb: string; done: string; busy: string }> = {
  delete: { verb: "Delete", done: "Deleted", busy: "Delete…" },
  scale: { verb: "Scale", done: "Scaled", busy: "Scaling…" },
  restart: { verb: "Restart", done: "Restarting", busy: "Restart…" },
};

const where = (t: BulkTarget) => `${t.namespace ? `${t.namespace}/` : ""}${t.name}`;
const plural = (n: number, kindName: string) => `${n} ${kindName}${n === 1 ? "" : "s"}`;

/** The targets by cluster, in the order the clusters first appear. */
function byCluster(targets: BulkTarget[]): [string, BulkTarget[]][] {
  const groups = new Map<string, BulkTarget[]>();
  for (const t of targets) groups.set(t.context, [...(groups.get(t.context) ?? []), t]);
  return [...groups];
}

const nameOn = (items: BulkTarget[]) => items[0].clusterName;

/** What one target's action calls. */
function perform(action: BulkKind, t: BulkTarget, replicas: number) {
  if (action === "scale") return callCommand(() => commands.scaleResource(t.context, t.kind, t.namespace, t.name, replicas));
  if (action === "restart") return callCommand(() => commands.restartResource(t.context, t.kind, t.namespace, t.name));
  return callCommand(() => commands.deleteResource(t.context, t.kind, t.namespace, t.name));
}

/** What happens to the targets, said once for one cluster or for several named. */
function consequence(action: BulkKind): [string, string] {
  if (action === "scale") return ["Each is scaled to the replicas below on", ""];
  if (action === "restart") return ["Their pods are replaced one by one, as kubectl rollout restart does, on", ""];
  return ["These are deleted on", " It cannot be undone."];
}

/**
 * One confirmation for a bulk delete, scale or rollout restart of the selected rows, grouped
 * by cluster: each cluster is named with its guard, and each protected one asks for its own
 * name before anything destructive happens (every delete and restart, and a scale to zero).
 */
export function BulkDeleteDialog({ kindName, targets, action = "delete", onClose }: BulkDeleteProps) {
  const groups = useMemo(() => byCluster(targets), [targets]);
  const identities = useClusterStore(useShallow((s) => groups.map(([context]) => JSON.stringify(identityOf(s, context)))));
  const facts = useMemo(() => identities.map((text) => JSON.parse(text) as ClusterIdentity), [identities]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [replicas, setReplicas] = useState("");
  const count = Number(replicas);
  const validReplicas = action !== "scale" || (replicas.trim() !== "" && Number.isInteger(count) && count >= 0);
  // Scaling to zero stops the workloads: as destructive as a delete or a restart.
  const destructive = action !== "scale" || (validReplicas && count === 0);
  const block = facts.map((f) => guardBlock(f, typed[f.id] ?? "", destructive)).find((b) => b !== null) ?? null;
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState<string[]>([]);
  const many = groups.length > 1;
  const words = WORDS[action];
  const replicasId = useId();

  const run = async () => {
    setBusy(true);
    const results = await Promise.all(targets.map(async (t) => ({ t, result: await perform(action, t, count) })));
    setBusy(false);
    const succeeded = results.filter((r) => r.result.status === "ok").map((r) => r.t);
    const messages: string[] = [];
    for (const [context, items] of groups) {
      const name = nameOn(items);
      const done = succeeded.filter((t) => t.context === context).length;
      if (done) toast.success(<>{words.done} {plural(done, kindName)}{action === "scale" ? ` to ${count}` : ""} on <b>{name}</b></>);
      for (const r of results) if (r.t.context === context && r.result.status === "error") messages.push(`${name}: ${where(r.t)}: ${r.result.error.message}`);
    }
    if (messages.length === 0) return onClose(succeeded);
    setFailures(messages);
    toast.error(`Could not ${words.verb.toLowerCase()} ${messages.length} of ${targets.length}`, { description: messages[0] });
  };

  const single = facts.length === 1 ? facts[0] : null;
  const [before, after] = consequence(action);
  return (
    <Dialog
      open
      onClose={() => onClose([])}
      title={`${words.verb} ${plural(targets.length, kindName)}?`}
      badge={single ? <ClusterHeader facts={single} /> : undefined}
      description={
        single ? (
          <>{before} <b className="text-zinc-200">{nameOn(groups[0][1])}</b>.{after}</>
        ) : (
          <>{before} {groups.length} clusters: {groups.map(([context, items], i) => <b key={context} className="text-zinc-200">{`${nameOn(items)}${i < groups.length - 1 ? ", " : ""}`}</b>)}.{after}</>
        )
      }
    >
      <div className="mb-3 max-h-72 space-y-3 overflow-auto">
        {groups.map(([context, items], i) => (
          <section key={context} data-testid="bulk-delete-cluster" data-cluster-id={context} data-context={nameOn(items)} aria-label={`On ${nameOn(items)}`}>
            {many ? (
              <div className="mb-1 flex items-center gap-2">
                <ClusterHeader facts={facts[i]} />
                <span className="text-[11px] text-zinc-500">{plural(items.length, kindName)}</span>
              </div>
            ) : null}
            <ul data-testid="bulk-delete-list" data-cluster-id={context} className="max-h-48 overflow-auto rounded-md border border-zinc-800 px-3 py-2 font-mono text-xs text-zinc-300">
              {items.map((t) => (
                <li key={where(t)}>{where(t)}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {action === "scale" ? (
        <div className="mb-3">
          <label htmlFor={replicasId} className="mb-1.5 block text-xs font-medium text-zinc-400">
            Replicas for each
          </label>
          <Input id={replicasId} data-autofocus data-testid="bulk-scale-replicas" type="number" min={0} value={replicas} onChange={(e) => setReplicas(e.target.value)} />
        </div>
      ) : null}
      {destructive
        ? facts.map((f) => <ConfirmNameField key={f.id} facts={f} value={typed[f.id] ?? ""} onChange={(value) => setTyped((old) => ({ ...old, [f.id]: value }))} />)
        : null}
      {failures.length ? (
        <ul role="alert" className="mb-3 space-y-1 text-xs break-words text-red-300">
          {failures.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      <ConfirmButtons
        label={`${words.verb} ${targets.length}`}
        busyLabel={words.busy}
        busy={busy}
        block={block}
        onCancel={() => onClose([])}
        onConfirm={() => void run()}
        disabled={!validReplicas}
        destructive={action !== "scale"}
        autofocusCancel={action !== "scale"}
      />
    </Dialog>
  );
}
