import { useEffect, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { ClusterName } from "@/components/ui/cluster-guard";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type ObjectPresence } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { MAX_COMPARED, useCompareStore } from "@/stores/compare-store";
import type { DetailsTarget } from "../stores/details-store";

/**
 * "Same name in other clusters": which other connected clusters have an object of this kind,
 * namespace and name (read from all at once), each with a link that compares it with this one.
 */
export function SameNameElsewhere({ target }: { target: DetailsTarget }) {
  const others = useClusterStore(useShallow((s) => [...s.connectedClusters.keys()].filter((id) => id !== target.context).slice(0, MAX_COMPARED)));
  const open = useCompareStore((s) => s.open);
  const key = JSON.stringify([others, target.kind, target.namespace, target.name]);
  const [found, setFound] = useState<{ key: string; presence: ObjectPresence[]; error: AppError | null } | null>(null);
  useEffect(() => {
    if (others.length === 0) return;
    let current = true;
    void callCommand(() => commands.locateObject(others, target.kind, target.namespace, target.name)).then((r) => {
      if (current) setFound(r.status === "ok" ? { key, presence: r.data, error: null } : { key, presence: [], error: r.error });
    });
    return () => {
      current = false;
    };
    // `key` is made of the values the call uses.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (others.length === 0) return null;
  const result = found?.key === key ? found : null;
  const here = result?.presence.filter((p) => p.state === "found") ?? [];
  const failed = result?.presence.filter((p) => p.state === "failed") ?? [];
  return (
    <section data-testid="same-name-clusters" aria-busy={!result} className="mt-5 border-t border-zinc-800 pt-3">
      <h3 className="mb-1.5 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">Same name in other clusters</h3>
      {!result ? <p className="text-xs text-zinc-500">Looking in {others.length} other {others.length === 1 ? "cluster" : "clusters"}…</p> : null}
      {result?.error ? <p className="text-xs text-red-300">{result.error.message}</p> : null}
      {result && !result.error && here.length === 0 ? <p className="text-xs text-zinc-500">No other connected cluster has {target.name}.</p> : null}
      <ul className="space-y-1 text-xs">
        {here.map((p) => (
          <li key={p.context} data-testid="same-name-cluster" data-context={p.context} className="flex items-center gap-2">
            <OtherCluster context={p.context} />
            <button
              type="button"
              data-testid="same-name-compare"
              onClick={() => open({ kind: target.kind, namespace: target.namespace, name: target.name, contexts: [target.context, p.context] })}
              className="text-sky-300 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-400"
            >
              Compare
            </button>
          </li>
        ))}
        {failed.map((p) => (
          <li key={p.context} data-testid="same-name-failed" data-context={p.context} className="break-words text-amber-200/80">
            {p.error?.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OtherCluster({ context }: { context: string }) {
  const facts = useClusterIdentity(context);
  return <ClusterName facts={facts} className="text-zinc-200" />;
}
