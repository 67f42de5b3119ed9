import { FileIcon, FlaskConicalIcon, TriangleAlertIcon } from "lucide-react";
import { useId, type MouseEvent, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { ClusterName, GuardBadge } from "@/components/ui/cluster-guard";
import { ServerUrl } from "@/components/ui/server-url";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import type { Cluster } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { useSelectionStore } from "../stores/use-selection-store";
import { authLabel, shortenPath } from "../utils/format";
import { ConnectControls, ConnectError } from "./connect-controls";

function Field({ label, children, mono = false, tip }: { label: string; children: ReactNode; mono?: boolean; tip?: string | null }) {
  return (
    <>
      <dt className="text-zinc-500">{label}</dt>
      <Tooltip content={tip ?? (typeof children === "string" ? children : null)}>
        <dd className={cn("min-w-0 truncate text-zinc-200", mono && "font-mono text-[11.5px]")}>{children}</dd>
      </Tooltip>
    </>
  );
}

function Missing() {
  return <span className="text-zinc-600 italic">none</span>;
}

export function ClusterCard({ cluster, order = [] }: { cluster: Cluster; order?: readonly string[] }) {
  const titleId = useId();
  const invalid = cluster.problem != null;
  const connected = useClusterStore((s) => s.connectedClusters.has(cluster.id));
  const facts = useClusterIdentity(cluster.id);
  const selected = useSelectionStore((s) => s.selected.includes(cluster.id));
  const pick = useSelectionStore((s) => s.pick);
  // Ctrl/⌘+click or Shift+click anywhere on the card (not on its buttons) selects it.
  const onCardClick = (event: MouseEvent<HTMLElement>) => {
    if (invalid || !(event.ctrlKey || event.metaKey || event.shiftKey)) return;
    if ((event.target as HTMLElement).closest("button, a, input")) return;
    event.preventDefault();
    pick(cluster.id, order, event.shiftKey);
  };

  return (
    <article
      data-testid="cluster-card"
      data-context={cluster.context}
      data-cluster-id={cluster.id}
      data-invalid={invalid ? "true" : "false"}
      data-connected={connected ? "true" : "false"}
      data-selected={selected ? "true" : "false"}
      onClick={onCardClick}
      tabIndex={0}
      aria-labelledby={titleId}
      className={cn(
        "group flex min-w-0 flex-col rounded-xl border p-4 transition-colors outline-none",
        "focus-visible:ring-2 focus-visible:ring-sky-400 focus-visible:ring-offset-2 focus-visible:ring-offset-zinc-950",
        invalid
          ? "border-red-500/40 bg-red-950/20 hover:border-red-500/60"
          : connected
            ? "border-emerald-500/40 bg-emerald-950/10 hover:border-emerald-500/60"
            : "border-zinc-800 bg-zinc-900/60 hover:border-zinc-700 hover:bg-zinc-900",
        selected && "ring-2 ring-sky-500/70",
      )}
    >
      <div className="flex items-start justify-between gap-3">
        <div className="flex min-w-0 items-center gap-2">
          <input
            type="checkbox"
            data-testid="select-cluster"
            aria-label={`Select ${cluster.context}`}
            checked={selected}
            disabled={invalid}
            // onClick, not onChange: the click says whether Shift was held.
            onClick={(event) => pick(cluster.id, order, event.shiftKey)}
            onChange={() => undefined}
            className="h-4 w-4 shrink-0 accent-sky-500"
          />
          <h3 id={titleId} className="min-w-0 truncate text-[15px] leading-6 font-semibold text-zinc-50">
            <ClusterName facts={{ ...facts, file: null }} />
          </h3>
        </div>
        <div className="flex shrink-0 flex-wrap justify-end gap-1.5">
          <GuardBadge facts={facts} />
          {cluster.isCurrent ? (
            <Tooltip content="current-context of its kubeconfig file">
              <Badge tone="accent">current</Badge>
            </Tooltip>
          ) : null}
          {cluster.simulated ? (
            <Tooltip content="A kubeli-lab simulated cluster">
              <Badge tone="violet">
                <FlaskConicalIcon width={11} height={11} />
                Simulated
              </Badge>
            </Tooltip>
          ) : null}
          {invalid ? <Badge tone="danger">Invalid</Badge> : null}
        </div>
      </div>

      {cluster.duplicate ? (
        <div className="mt-1.5 flex min-w-0 items-center gap-2 text-xs">
          <Tooltip content="The same context name also appears in an earlier kubeconfig file">
            <Badge tone="warning">Duplicate name</Badge>
          </Tooltip>
          <Tooltip content={cluster.source}>
            <span className="min-w-0 truncate font-mono text-amber-200/90">from {shortenPath(cluster.source)}</span>
          </Tooltip>
        </div>
      ) : null}

      {invalid ? (
        <div role="note" className="mt-3 flex gap-2 rounded-md border border-red-500/30 bg-red-500/10 px-2.5 py-2 text-xs text-red-200">
          <TriangleAlertIcon className="mt-px shrink-0 text-red-400" width={14} height={14} />
          <p className="min-w-0 break-words">
            <span className="font-medium">Invalid context: </span>
            <span data-testid="cluster-problem">{cluster.problem}</span>
          </p>
        </div>
      ) : null}

      <dl className="mt-3 grid grid-cols-[5.5rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-xs">
        <Field label="Cluster">{cluster.clusterName ?? <Missing />}</Field>
        <Field label="Server" mono tip={cluster.server}>
          {cluster.server ? <ServerUrl url={cluster.server} /> : <Missing />}
        </Field>
        <Field label="User" tip={cluster.actsAs ? `${cluster.user ?? "none"}, acting as ${cluster.actsAs} (the kubeconfig's "as:"): the cluster answers as that user` : cluster.user}>
          {cluster.user ?? <Missing />}
          {cluster.actsAs ? (
            <span data-testid="acts-as" className="text-amber-300">
              {" "}
              as {cluster.actsAs}
            </span>
          ) : null}
        </Field>
        <Field label="Auth">{authLabel(cluster.auth)}</Field>
        <Field label="Namespace">{cluster.namespace ?? <span className="text-zinc-400">default</span>}</Field>
      </dl>

      <ConnectError cluster={cluster} />

      {/* Footer: source on the left; Connect / Disconnect on the right. */}
      <div className="min-h-4 flex-1" />
      <div className="flex min-h-9 items-center justify-between gap-3 border-t border-zinc-800/80 pt-3">
        <Tooltip content={cluster.source}>
          {/* Focusable so the full path is reachable from the keyboard too. */}
          <span
            tabIndex={0}
            className={cn("flex min-w-0 items-center gap-1.5 rounded font-mono text-[11px] outline-none focus-visible:ring-2 focus-visible:ring-sky-400", cluster.duplicate ? "text-amber-200/90" : "text-zinc-500")}
            data-testid="cluster-source"
          >
            <FileIcon width={12} height={12} className="shrink-0" />
            <span className="truncate">{shortenPath(cluster.source)}</span>
          </span>
        </Tooltip>
        <ConnectControls cluster={cluster} />
      </div>
    </article>
  );
}
