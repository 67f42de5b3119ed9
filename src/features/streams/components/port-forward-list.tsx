import { ExternalLinkIcon, SquareIcon } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { cn } from "@/lib/cn";
import { useStreamStore, type ForwardEntry } from "@/stores/stream-store";
import { openInBrowser } from "../utils/download";
import { ClusterChip } from "./cluster-chip";

const STATE_CLASS: Record<string, string> = {
  active: "text-emerald-300",
  reconnecting: "text-amber-300",
  failed: "text-red-300",
};


/** Active port-forwards of one cluster, or of every cluster (`context` null), with their live state. */
export function PortForwardList({ context }: { context: string | null }) {
  const forwards = useStreamStore(useShallow((s) => Object.values(s.forwards).filter((f) => context === null || f.context === context)));
  const stop = useStreamStore((s) => s.stopForward);
  if (forwards.length === 0) {
    return <p className="px-3 py-3 text-xs text-zinc-500">No port-forward {context ? "on this cluster" : "on any cluster"}. Start one from a pod or service row.</p>;
  }
  return (
    <table data-testid="port-forward-list" className="w-full text-left text-xs">
      <thead className="text-[11px] tracking-wide text-zinc-500 uppercase">
        <tr>
          <th className="px-3 py-1.5 font-medium">Cluster</th>
          <th className="px-3 py-1.5 font-medium">Target</th>
          <th className="px-3 py-1.5 font-medium">Ports</th>
          <th className="px-3 py-1.5 font-medium">Pod</th>
          <th className="px-3 py-1.5 font-medium">State</th>
          <th className="px-3 py-1.5 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {forwards.map((f) => (
          <ForwardRow key={f.id} forward={f} onStop={() => stop(f.id)} />
        ))}
      </tbody>
    </table>
  );
}

function ForwardRow({ forward: f, onStop }: { forward: ForwardEntry; onStop: () => void }) {
  const state = f.ended ? "ended" : f.state;
  return (
    <tr data-testid="port-forward-row" data-local-port={f.localPort} data-context={f.context} data-state={state} className="border-t border-zinc-900">
      <td className="px-3 py-1.5">
        <ClusterChip context={f.context} />
      </td>
      <td className="px-3 py-1.5 text-zinc-200">
        {f.namespace}/{f.target.type === "service" ? "svc" : "pod"}/{f.target.name}
      </td>
      <td className="px-3 py-1.5 font-mono text-zinc-200">
        localhost:{f.localPort} → {f.remotePort}
      </td>
      <td className="px-3 py-1.5 text-zinc-400">{f.pod ?? "—"}</td>
      <td className="px-3 py-1.5">
        <span data-testid="port-forward-state" className={cn("font-medium", f.ended ? "text-red-300" : STATE_CLASS[f.state])}>
          {state}
        </span>
        {f.ended || f.error ? (
          <span data-testid="port-forward-error" className="ml-2 text-zinc-400">
            {f.ended ?? f.error}
          </span>
        ) : null}
      </td>
      <td className="px-3 py-1.5">
        <div className="flex justify-end gap-1">
          <button type="button" data-testid="port-forward-open" disabled={!!f.ended} onClick={() => void openInBrowser(f.context, f.localPort)} className="flex items-center gap-1 rounded px-1.5 py-0.5 text-zinc-300 hover:bg-zinc-800 disabled:opacity-40">
            <ExternalLinkIcon width={12} height={12} /> Open
          </button>
          <button type="button" data-testid="port-forward-stop" onClick={onStop} className="flex items-center gap-1 rounded px-1.5 py-0.5 text-red-300 hover:bg-red-500/15">
            <SquareIcon width={11} height={11} /> {f.ended ? "Remove" : "Stop"}
          </button>
        </div>
      </td>
    </tr>
  );
}
