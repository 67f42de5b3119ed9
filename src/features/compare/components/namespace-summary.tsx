import { Skeleton } from "@/components/ui/skeleton";
import type { SummarySide } from "@/lib/tauri/bindings";
import { useCompareStore } from "@/stores/compare-store";
import { useNamespaceSummary } from "../hooks/use-comparison";
import { CompareClusterChip } from "./cluster-chip";

type SummaryProps = { a: string | undefined; b: string | undefined; kind: string; namespace: string | null; includeStatus: boolean };

/**
 * The kind in one namespace on the first two compared clusters: names only in A, only in B,
 * different (noise removed); equal ones only counted. A name opens its object compare.
 */
export function NamespaceSummaryView({ a, b, kind, namespace, includeStatus }: SummaryProps) {
  const summary = useNamespaceSummary(a, b, kind, namespace, includeStatus);
  const update = useCompareStore((s) => s.update);
  const where = `${kind} in ${namespace ? `namespace ${namespace}` : "all namespaces"}`;
  if (!a || !b) return <p className="text-sm text-zinc-400">Pick two clusters to summarise {where}.</p>;
  const data = summary.data;
  return (
    <section data-testid="compare-summary" aria-label={`Summary of ${where}`} aria-busy={summary.loading} className="space-y-3">
      <p className="text-xs text-zinc-400">
        {where}: <CompareClusterChip context={a} /> (A) against <CompareClusterChip context={b} /> (B)
      </p>
      {summary.error ? (
        <p role="alert" className="text-sm text-red-300">
          {summary.error.message}
        </p>
      ) : null}
      {summary.loading ? <Skeleton className="h-24 w-full" /> : null}
      {data ? (
        <>
          {[data.a, data.b].map((side) => (side.error ? <SideError key={side.context} side={side} /> : null))}
          <div className="grid grid-cols-3 gap-3">
            <NameGroup id="only-a" title="Only in A" names={data.onlyInA} onOpen={null} />
            <NameGroup id="only-b" title="Only in B" names={data.onlyInB} onOpen={null} />
            <NameGroup id="different" title="Different" names={data.different} onOpen={(name) => update({ name: name.split("/").pop() ?? name, namespace: namespace ?? name.split("/")[0] }, "object")} />
          </div>
          <p data-testid="summary-equal" className="text-xs text-zinc-500">
            {data.equal.length} equal · {data.a.count} in A, {data.b.count} in B in all
          </p>
        </>
      ) : null}
    </section>
  );
}

function SideError({ side }: { side: SummarySide }) {
  return (
    <p role="alert" data-testid="summary-side-error" data-context={side.context} className="text-sm text-red-300">
      {side.error?.message}
    </p>
  );
}

function NameGroup({ id, title, names, onOpen }: { id: string; title: string; names: string[]; onOpen: ((name: string) => void) | null }) {
  return (
    <div data-testid={`summary-${id}`} data-count={names.length} className="min-w-0 rounded-md border border-zinc-800 bg-zinc-950/60">
      <h3 className="border-b border-zinc-800 px-3 py-1.5 text-[11px] font-semibold tracking-wide text-zinc-400 uppercase">
        {title} <span className="text-zinc-200">({names.length})</span>
      </h3>
      <ul className="max-h-56 overflow-auto py-1 font-mono text-xs">
        {names.length === 0 ? <li className="px-3 py-0.5 text-zinc-600">none</li> : null}
        {names.map((name) => (
          <li key={name} data-testid="summary-name" data-name={name} className="truncate px-3 py-0.5 text-zinc-200">
            {onOpen ? (
              <button type="button" className="text-sky-300 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-400" onClick={() => onOpen(name)}>
                {name}
              </button>
            ) : (
              name
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
