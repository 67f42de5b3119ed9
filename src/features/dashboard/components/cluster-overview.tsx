import { useState, type ReactNode } from "react";
import { RefreshCwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import type { Value } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { useDetailsStore } from "../stores/details-store";
import { record, text } from "./details-data";
import { allocatable, eventTime, nodeReady, podTrouble, usageOf, useOverviewData, type KindRead } from "./cluster-overview-data";

const HOUR = 3_600_000;

function itemsOf(read: KindRead | undefined): Value[] {
  return read && "items" in read ? read.items : [];
}

/** A cluster at a glance: counts, what needs attention, and CPU / memory where metrics-server serves them. */
export function ClusterOverview({ context }: { context: string }) {
  const clusterName = useClusterStore((s) => s.connectedClusters.get(context)?.cluster.context ?? context);
  const [round, setRound] = useState(0);
  const data = useOverviewData(context, round);
  const [now] = useState(() => Date.now());
  const nodes = itemsOf(data.nodes);
  const pods = itemsOf(data.pods);
  const troubled = pods.map((p) => ({ pod: p, why: podTrouble(p) })).filter((p) => p.why !== null);
  const notReadyNodes = nodes.filter((n) => !nodeReady(n));
  const warnings = itemsOf(data.events).filter((e) => record(e).type === "Warning" && now - eventTime(e) < HOUR);

  return (
    <div data-testid="cluster-overview" className="min-h-0 flex-1 space-y-6 overflow-auto p-5">
      <div className="flex items-center justify-between">
        <h2 className="text-base font-semibold text-zinc-50">Overview of {clusterName}</h2>
        <Button variant="ghost" onClick={() => setRound((n) => n + 1)} aria-label="Refresh overview">
          <RefreshCwIcon width={14} height={14} /> Refresh
        </Button>
      </div>
      <div className="grid grid-cols-5 gap-3" data-testid="overview-counts">
        <Count label="Nodes" read={data.nodes} />
        <Count label="Pods" read={data.pods} />
        <Count label="Deployments" read={data["deployments.apps"]} />
        <Count label="Services" read={data.services} />
        <Count label="Namespaces" read={data.namespaces} />
      </div>
      <Metrics nodes={nodes} nodeMetrics={data["nodes.metrics.k8s.io"]} podMetrics={data["pods.metrics.k8s.io"]} />
      <section data-testid="overview-attention">
        <h3 className="mb-2 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Needs attention</h3>
        {troubled.length === 0 && notReadyNodes.length === 0 && warnings.length === 0 ? <p className="text-sm text-emerald-300">Nothing: every node and pod is ready, no warning in the last hour.</p> : null}
        <ul className="space-y-1 text-[13px]">
          {notReadyNodes.map((n) => (
            <Attention key={`n${text(record(record(n).metadata).name)}`} context={context} kind="nodes" object={n} why="Node not ready" />
          ))}
          {troubled.slice(0, 50).map(({ pod, why }) => (
            <Attention key={`p${text(record(record(pod).metadata).namespace)}/${text(record(record(pod).metadata).name)}`} context={context} kind="pods" object={pod} why={why ?? ""} />
          ))}
          {troubled.length > 50 ? <li className="text-zinc-500">…and {troubled.length - 50} more pods</li> : null}
        </ul>
        {warnings.length > 0 ? (
          <>
            <h4 className="mt-3 mb-1 text-xs text-zinc-400">Warning events in the last hour ({warnings.length})</h4>
            <ul className="space-y-1 text-[13px]" data-testid="overview-warnings">
              {warnings.slice(0, 30).map((e, i) => {
                const ev = record(e);
                const involved = record(ev.involvedObject);
                return (
                  <li key={i} className="flex gap-2">
                    <span className="w-32 shrink-0 font-medium text-amber-300">{text(ev.reason)}</span>
                    <span className="w-48 shrink-0 truncate text-zinc-300">{text(involved.kind)} {text(involved.name)}</span>
                    <span className="min-w-0 truncate text-zinc-500">{text(ev.message)}</span>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}

function Count({ label, read }: { label: string; read: KindRead | undefined }) {
  const value = !read ? "…" : "error" in read ? "—" : `${read.items.length}${read.more ? "+" : ""}`;
  return (
    <div className="rounded-lg border border-zinc-800 bg-zinc-900/60 px-4 py-3" data-tooltip={read && "error" in read ? read.error.message : undefined}>
      <p className="text-[11px] tracking-wide text-zinc-500 uppercase">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-zinc-50" data-testid={`overview-count-${label.toLowerCase()}`}>
        {value}
      </p>
    </div>
  );
}

function Metrics({ nodes, nodeMetrics, podMetrics }: { nodes: Value[]; nodeMetrics: KindRead | undefined; podMetrics: KindRead | undefined }) {
  if (!nodeMetrics) return <p className="text-sm text-zinc-500">Reading metrics…</p>;
  if ("error" in nodeMetrics) {
    return (
      <p data-testid="overview-no-metrics" className="rounded-md border border-zinc-800 px-3 py-2 text-sm text-zinc-400">
        Metrics not available: this cluster serves no metrics.k8s.io (metrics-server is not installed or not ready).
      </p>
    );
  }
  const used = usageOf(nodeMetrics.items);
  const total = allocatable(nodes);
  const podUse = podMetrics && "items" in podMetrics ? usageOf(podMetrics.items) : null;
  return (
    <section data-testid="overview-metrics" className="grid grid-cols-2 gap-3">
      <Gauge label="CPU" used={used.cpu} total={total.cpu} format={(v) => `${v.toFixed(2)} cores`} extra={podUse ? `pods ${podUse.cpu.toFixed(2)} cores` : null} />
      <Gauge label="Memory" used={used.memory} total={total.memory} format={(v) => `${(v / 1024 ** 3).toFixed(1)} GiB`} extra={podUse ? `pods ${(podUse.memory / 1024 ** 3).toFixed(1)} GiB` : null} />
    </section>
  );
}

function Gauge({ label, used, total, format, extra }: { label: string; used: number; total: number; format: (v: number) => string; extra: ReactNode }) {
  const share = total > 0 ? Math.min(1, used / total) : 0;
  return (
    <div className="rounded-lg border border-zinc-800 bg-zinc-900/60 px-4 py-3">
      <p className="text-[11px] tracking-wide text-zinc-500 uppercase">{label}</p>
      <p className="mt-1 text-sm text-zinc-100">
        {format(used)} of {format(total)} ({Math.round(share * 100)}%)
      </p>
      <div className="mt-2 h-1.5 rounded bg-zinc-800">
        <div className={cn("h-1.5 rounded", share > 0.85 ? "bg-red-400" : share > 0.6 ? "bg-amber-400" : "bg-emerald-400")} style={{ width: `${share * 100}%` }} />
      </div>
      {extra ? <p className="mt-1 text-xs text-zinc-500">{extra}</p> : null}
    </div>
  );
}

function Attention({ context, kind, object, why }: { context: string; kind: string; object: Value; why: string }) {
  const open = useDetailsStore((s) => s.open);
  const meta = record(record(object).metadata);
  const name = text(meta.name);
  const namespace = text(meta.namespace) || null;
  return (
    <li className="flex gap-2" data-testid="overview-attention-item">
      <span className="w-36 shrink-0 text-amber-300">{why}</span>
      <button type="button" className="truncate text-sky-300 hover:underline" onClick={(e) => open({ context, kind, namespace, name }, e.currentTarget)}>
        {namespace ? `${namespace}/` : ""}
        {name}
      </button>
    </li>
  );
}
