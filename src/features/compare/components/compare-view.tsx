import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { Button } from "@/components/ui/button";
import { identityOf, useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { useCompareStore, type CompareMode, type CompareTarget } from "@/stores/compare-store";
import { useComparison, type ViewSide } from "../hooks/use-comparison";
import { CompareClusterChip } from "./cluster-chip";
import { DifferencesList } from "./differences-list";
import { MergePane } from "./merge-pane";
import { NamespaceSummaryView } from "./namespace-summary";

const MODES: { id: CompareMode; label: string }[] = [
  { id: "object", label: "Object" },
  { id: "summary", label: "Namespace summary" },
];

/**
 * Compare across clusters: the object's YAML on each picked cluster, noise removed, side by
 * side with the differences highlighted (with three or more clusters, each against the first),
 * the differing paths above, and a namespace summary. A dialog: Escape closes it and focus
 * returns to what opened it.
 */
export function CompareView({ target, mode }: { target: CompareTarget; mode: CompareMode }) {
  const close = useCompareStore((s) => s.close);
  const update = useCompareStore((s) => s.update);
  const [includeStatus, setIncludeStatus] = useState(false);
  const where = `${target.namespace ? `${target.namespace}/` : ""}${target.name}`;
  return (
    <Dialog open onClose={close} title={mode === "object" ? `Compare ${where} across clusters` : `Compare ${target.kind} in ${target.namespace ?? "all namespaces"} across clusters`} className="top-[3vh] flex max-h-[94vh] max-w-[min(96vw,110rem)] flex-col">
      <div data-testid="compare-view" className="flex min-h-0 flex-1 flex-col gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <div role="tablist" aria-label="Compare views" className="flex gap-1">
            {MODES.map((m) => (
              <button
                key={m.id}
                type="button"
                role="tab"
                aria-selected={mode === m.id}
                disabled={m.id === "object" && !target.name}
                data-testid={`compare-mode-${m.id}`}
                onClick={() => update({}, m.id)}
                className={cn("rounded-md px-2.5 py-1 text-xs font-medium disabled:opacity-40", mode === m.id ? "bg-zinc-700 text-zinc-50" : "text-zinc-400 hover:bg-zinc-800 hover:text-zinc-200")}
              >
                {m.label}
              </button>
            ))}
          </div>
          <label className="flex items-center gap-2 text-xs text-zinc-300">
            <input type="checkbox" role="switch" data-testid="compare-include-status" checked={includeStatus} onChange={(e) => setIncludeStatus(e.target.checked)} className="accent-sky-500" />
            Include status
          </label>
          <span className="text-xs text-zinc-500">{target.kind} · uid, versions, timestamps and managed fields left out</span>
        </div>
        <ClusterPicker target={target} onChange={(contexts) => update({ contexts })} />
        <div className="min-h-0 flex-1 overflow-auto">
          {mode === "object" ? (
            <ObjectCompare target={target} includeStatus={includeStatus} />
          ) : (
            <NamespaceSummaryView a={target.contexts[0]} b={target.contexts[1]} kind={target.kind} namespace={target.namespace} includeStatus={includeStatus} />
          )}
        </div>
      </div>
    </Dialog>
  );
}

/** The connected clusters as toggles; the first picked is the one the others are shown against. */
function ClusterPicker({ target, onChange }: { target: CompareTarget; onChange: (contexts: string[]) => void }) {
  const connected = useClusterStore(useShallow((s) => [...s.connectedClusters.keys()]));
  return (
    <div className="flex flex-wrap items-center gap-1.5" aria-label="Clusters compared" role="group">
      <span className="text-xs text-zinc-500">Clusters:</span>
      {connected.map((id) => {
        const picked = target.contexts.includes(id);
        return <ClusterToggle key={id} id={id} picked={picked} base={target.contexts[0] === id} onToggle={() => onChange(picked ? target.contexts.filter((c) => c !== id) : [...target.contexts, id])} />;
      })}
    </div>
  );
}

function ClusterToggle({ id, picked, base, onToggle }: { id: string; picked: boolean; base: boolean; onToggle: () => void }) {
  const facts = useClusterIdentity(id);
  return (
    <button
      type="button"
      aria-pressed={picked}
      data-tooltip={facts.full}
      data-testid="compare-cluster-toggle"
      data-context={id}
      onClick={onToggle}
      className={cn("rounded-full border px-2 py-0.5 text-xs", picked ? "border-sky-500/60 bg-sky-500/15 text-sky-100" : "border-zinc-700 text-zinc-400 hover:text-zinc-200")}
    >
      {facts.label ? `${facts.label} · ` : ""}
      {facts.short}
      {base ? " (base)" : ""}
    </button>
  );
}

function ObjectCompare({ target, includeStatus }: { target: CompareTarget; includeStatus: boolean }) {
  const result = useComparison(target.contexts, target.kind, target.namespace, target.name, includeStatus);
  if (target.contexts.length < 2) return <p className="text-sm text-zinc-400">Pick at least two clusters to compare.</p>;
  const found = result.sides.filter((s) => s.state === "found");
  const base = found[0];
  const others = found.slice(1);
  const settled = result.sides.length - result.sides.filter((s) => s.state === "loading").length;
  return (
    <div className="space-y-3" aria-busy={result.loading}>
      <CompareProgress sides={result.sides} settled={settled} loading={result.loading} onCancel={result.cancel} />
      <DifferencesList differences={result.differences} sides={result.sides} />
      {result.sides
        .filter((s) => s.state !== "found")
        .map((side) => (side.state === "loading" ? <SideLoading key={side.context} context={side.context} /> : <SideProblem key={side.context} side={side} />))}
      {base && others.length === 0 && !result.loading ? (
        <p className="text-xs text-zinc-400">
          {result.sides.every((s) => s.state === "found" || s.state === "missing") ? "Only one cluster has this object: nothing to compare it with." : "Only one cluster's object could be read: nothing to compare it with."}
        </p>
      ) : null}
      {base
        ? others.map((other) => (
            <div key={other.context} className="space-y-1.5">
              <div className="grid grid-cols-2 gap-3">
                <PaneHeader side={base} />
                <PaneHeader side={other} />
              </div>
              <MergePane a={base.yaml ?? ""} b={other.yaml ?? ""} labelA={`YAML on ${identityLabel(base.context)}`} labelB={`YAML on ${identityLabel(other.context)}`} />
            </div>
          ))
        : null}
      {base && others.length === 0 && result.loading ? <Skeleton className="h-40 w-full" /> : null}
    </div>
  );
}

/** How many clusters have answered (and how many failed or were cancelled), and Cancel for the rest while any is still being read. */
function CompareProgress({ sides, settled, loading, onCancel }: { sides: ViewSide[]; settled: number; loading: boolean; onCancel: () => void }) {
  const failed = sides.filter((s) => s.state === "failed").length;
  const cancelled = sides.filter((s) => s.state === "cancelled").length;
  return (
    <div data-testid="compare-progress" data-settled={settled} data-total={sides.length} className="flex items-center gap-2 text-xs text-zinc-400">
      <span role="status">
        {settled - cancelled} of {sides.length} clusters answered{failed > 0 ? ` · ${failed} failed` : ""}
        {cancelled > 0 ? ` · ${cancelled} cancelled` : ""}
      </span>
      {loading ? (
        <Button size="sm" variant="secondary" className="h-6" data-testid="compare-cancel" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

function SideLoading({ context }: { context: string }) {
  return (
    <div data-testid="compare-pane" data-context={context} data-state="loading" className="flex items-center gap-2 rounded-md border border-zinc-800 px-3 py-2 text-xs text-zinc-400">
      <CompareClusterChip context={context} />
      <span className="animate-pulse">Reading from this cluster…</span>
    </div>
  );
}

function identityLabel(context: string): string {
  return identityOf(useClusterStore.getState(), context).name;
}

function PaneHeader({ side }: { side: ViewSide }) {
  return (
    <div data-testid="compare-pane" data-context={side.context} data-state={side.state} className="flex min-w-0 items-center gap-2">
      <CompareClusterChip context={side.context} />
    </div>
  );
}

/** A cluster without the object, whose read failed, or that was cancelled: named, with the cause. */
function SideProblem({ side }: { side: ViewSide }) {
  return (
    <div
      role={side.state === "failed" ? "alert" : "status"}
      data-testid="compare-pane"
      data-context={side.context}
      data-state={side.state}
      className={cn("flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-xs", side.state === "failed" ? "border-red-500/30 bg-red-500/[0.06] text-red-200" : "border-amber-500/30 bg-amber-500/[0.06] text-amber-200")}
    >
      <CompareClusterChip context={side.context} />
      <span>{side.state === "missing" ? "Not on this cluster." : side.state === "cancelled" ? "Not read: cancelled." : "Could not be read."}</span>
      <span className="min-w-0 break-words text-zinc-400">{side.error?.message}</span>
    </div>
  );
}
