import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { GuardedAction } from "@/components/ui/cluster-guard";
import { guardBlock } from "@/lib/cluster-guard";
import { callCommand } from "@/lib/errors";
import { commands, type AppError } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import type { DetailsTarget } from "../stores/details-store";
import { useYaml } from "./details-data";
import { YamlDiff } from "./yaml-diff";
import { YamlEditor } from "./yaml-editor";

type Stage = { step: "edit" } | { step: "review"; live: string } | { step: "failed"; error: AppError };

type YamlEditProps = {
  target: DetailsTarget;
  clusterName: string;
  hidesValues: boolean;
  onApplied: () => void;
  /** Moves each time the object changes on the server (`useFollow`). */
  revision?: number;
  /** The object was deleted on the server. */
  deleted?: boolean;
};

/**
 * Edit an object's YAML, review the change against the live object, then apply it as a
 * replace carrying the resourceVersion the edit started from: a change made meanwhile
 * answers a conflict shown here, and the user chooses to reload or to force.
 */
export function YamlEdit({ target, clusterName, hidesValues, onApplied, revision = 0, deleted = false }: YamlEditProps) {
  const [reveal, setReveal] = useState(false);
  const [round, setRound] = useState(0);
  const loaded = useYaml(target, reveal, round);
  const [draft, setDraft] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ step: "edit" });
  const [busy, setBusy] = useState(false);
  // A read-only cluster cannot be changed (the backend refuses it too).
  const block = guardBlock(useClusterIdentity(target.context), "", false);
  const text = draft ?? loaded.data ?? "";
  // The server's revision the editor started from: while nothing is edited it follows the
  // server; while something is, the user is told and chooses (the edit is never overwritten).
  const [seen, setSeen] = useState(revision);
  const untouched = draft === null && stage.step === "edit";
  if (revision !== seen && untouched) {
    setSeen(revision);
    setRound((n) => n + 1);
  }
  const changedMeanwhile = revision !== seen && !untouched;

  const reload = () => {
    setSeen(revision);
    setDraft(null);
    setStage({ step: "edit" });
    setRound((n) => n + 1);
  };
  const review = async () => {
    setBusy(true);
    const live = await callCommand(() => commands.getResourceYaml(target.context, target.kind, target.namespace, target.name, reveal, null));
    setBusy(false);
    setStage(live.status === "ok" ? { step: "review", live: live.data } : { step: "failed", error: live.error });
  };
  const apply = async (force: boolean) => {
    setBusy(true);
    const result = await callCommand(() => commands.replaceYaml(target.context, text, force));
    setBusy(false);
    if (result.status === "error") {
      setStage({ step: "failed", error: result.error });
      return;
    }
    toast.success(
      <>
        Applied {target.name} on <b>{clusterName}</b>
      </>,
    );
    setDraft(null);
    setStage({ step: "edit" });
    setRound((n) => n + 1);
    onApplied();
  };

  // Said below the buttons, not above the editor: it appears when the watch hears of a change,
  // and a notice above would move Apply / Review under the cursor of a user about to click.
  const notice = deleted ? (
    <p role="status" className="rounded-md border border-red-500/40 bg-red-500/[0.08] px-3 py-2 text-xs text-red-200">
      The object was deleted on {clusterName}; applying would fail. Create it again from YAML if you still need it.
    </p>
  ) : changedMeanwhile ? (
    <div role="alert" data-testid="yaml-changed" className="flex items-center justify-between gap-3 rounded-md border border-amber-500/40 bg-amber-500/[0.08] px-3 py-2 text-xs text-amber-100">
      <span>The object changed on the server ({clusterName}) while you edit. Reload to start from the live version, or keep your edit (applying it then answers a conflict you resolve).</span>
      <span className="flex shrink-0 gap-2">
        <Button variant="secondary" onClick={reload} data-testid="yaml-changed-reload">Reload</Button>
        <Button variant="ghost" onClick={() => setSeen(revision)} data-testid="yaml-changed-keep">Keep editing</Button>
      </span>
    </div>
  ) : null;

  if (loaded.error) return <p role="alert" className="text-sm text-red-300">{loaded.error.message}</p>;
  if (loaded.data === null) return <p className="text-sm text-zinc-500">Loading YAML…</p>;

  return (
    <div className="space-y-3">
      {hidesValues ? (
        <div className="flex items-center justify-between gap-3 rounded-md border border-amber-500/30 bg-amber-500/[0.06] px-3 py-2 text-xs text-amber-200">
          <span>{reveal ? "Editing the revealed values." : "Values are hidden; keys left hidden keep their current value when applied."}</span>
          {reveal ? null : (
            <Button variant="ghost" onClick={() => { setReveal(true); setDraft(null); }} data-testid="reveal-secret">
              Reveal and edit values
            </Button>
          )}
        </div>
      ) : null}
      {stage.step === "review" ? (
        <>
          <p className="text-xs text-zinc-400">The change against the live object on <b className="text-zinc-200">{clusterName}</b>:</p>
          <YamlDiff before={stage.live} after={text} />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setStage({ step: "edit" })}>Back to editing</Button>
            <Button variant="primary" disabled={busy} onClick={() => void apply(false)} data-testid="apply-yaml">
              {busy ? "Applying…" : "Apply"}
            </Button>
          </div>
          {notice}
        </>
      ) : (
        <>
          <YamlEditor value={text} onChange={setDraft} label={`YAML of ${target.name}`} />
          {stage.step === "failed" ? <ApplyError error={stage.error} clusterName={clusterName} busy={busy} onReload={reload} onForce={() => void apply(true)} /> : null}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={reload} disabled={draft === null}>Discard changes</Button>
            <GuardedAction block={block}>
              <Button variant="primary" disabled={busy || draft === null || block !== null} onClick={() => void review()} data-testid="review-yaml">
                Review changes
              </Button>
            </GuardedAction>
          </div>
          {notice}
        </>
      )}
    </div>
  );
}

/** What failed and what to do about it; a conflict offers reload or force. */
function ApplyError({ error, clusterName, busy, onReload, onForce }: { error: AppError; clusterName: string; busy: boolean; onReload: () => void; onForce: () => void }) {
  if (error.kind === "conflict") {
    return (
      <div role="alert" data-testid="yaml-conflict" className="rounded-md border border-amber-500/40 bg-amber-500/[0.08] px-3 py-2.5 text-xs text-amber-100">
        <p className="font-medium">The object changed on {clusterName} since you started editing.</p>
        <p className="mt-1 break-words text-amber-200/80">{error.message}</p>
        <p className="mt-1 text-amber-200/80">Reload to start again from the live version (your edits are discarded), or force to replace it with your version.</p>
        <div className="mt-2 flex gap-2">
          <Button variant="secondary" onClick={onReload} data-testid="yaml-reload">Reload</Button>
          <Button variant="destructive" disabled={busy} onClick={onForce} data-testid="yaml-force">Force apply</Button>
        </div>
      </div>
    );
  }
  const hint: Record<string, string> = {
    invalidInput: "Fix the YAML and review again.",
    forbidden: "Your credentials may not change this object; ask for the RBAC permission or use another context.",
    notFound: "The object is gone; create it again from YAML if you still need it.",
    api: "The server refused the change; fix the fields it names and review again.",
  };
  return (
    <div role="alert" data-testid="yaml-error" className="rounded-md border border-red-500/40 bg-red-500/[0.08] px-3 py-2.5 text-xs text-red-100">
      <p className="break-words">{error.message}</p>
      {hint[error.kind] ? <p className="mt-1 text-red-200/80">{hint[error.kind]}</p> : null}
    </div>
  );
}
