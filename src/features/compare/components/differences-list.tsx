import type { PathDifference } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import type { ViewSide } from "../hooks/use-comparison";

const absent = "(absent)";

/**
 * The paths that differ among the sides found so far, e.g. `spec.replicas: 2 → 3`; with
 * three or more clusters each value is named by its cluster. `differences` is null while the
 * core works them out.
 */
export function DifferencesList({ differences, sides }: { differences: PathDifference[] | null; sides: ViewSide[] }) {
  const found = sides.filter((s) => s.state === "found").length;
  if (found < 2) return null;
  if (differences === null) return <p className="px-3 py-2 text-xs text-zinc-500">Comparing…</p>;
  const loading = sides.some((s) => s.state === "loading");
  if (differences.length === 0) {
    return (
      <p data-testid="compare-no-differences" className="rounded-md border border-emerald-500/30 bg-emerald-500/[0.06] px-3 py-2 text-xs text-emerald-200">
        {loading ? "No differences so far among the clusters read (noise removed)." : "No differences: the object is the same on every cluster that has it (noise removed)."}
      </p>
    );
  }
  return (
    <section aria-label="Differing paths" className="rounded-md border border-zinc-800 bg-zinc-950/60">
      <h3 className="border-b border-zinc-800 px-3 py-1.5 text-[11px] font-semibold tracking-wide text-zinc-400 uppercase">
        {differences.length} differing {differences.length === 1 ? "path" : "paths"}
      </h3>
      <ul data-testid="compare-differences" className="max-h-40 overflow-auto py-1 font-mono text-xs">
        {differences.map((d) => (
          <li key={d.path} data-testid="compare-difference" data-path={d.path} className="flex flex-wrap items-baseline gap-x-2 px-3 py-0.5">
            <span className="text-sky-300">{d.path}:</span>{" "}
            {sides.length === 2 ? (
              <span className="text-zinc-200">
                <span className="text-red-200">{d.values[0] ?? absent}</span> → <span className="text-emerald-200">{d.values[1] ?? absent}</span>
              </span>
            ) : (
              sides.map((side, i) => (side.state === "found" ? <SideValue key={side.context} context={side.context} value={d.values[i] ?? absent} /> : null))
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SideValue({ context, value }: { context: string; value: string }) {
  const facts = useClusterIdentity(context);
  return (
    <span className="text-zinc-300">
      <span className="text-zinc-500">{facts.label ?? facts.short}=</span>
      {value}
    </span>
  );
}
