import { useEffect, useMemo, useState } from "react";
import { Command } from "cmdk";
import { BoxesIcon, FolderIcon, FoldersIcon, PlayIcon, ServerIcon } from "lucide-react";
import { ClusterName, GuardBadge } from "@/components/ui/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { healthDotClass } from "@/lib/health";
import { isMac } from "@/lib/platform";
import { healthOf, orderedClusters, selectActiveCluster } from "@/stores/cluster-selectors";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { useCompareStore } from "@/stores/compare-store";
import { selectClusterKinds, useResourceStore } from "@/stores/resource-store";
import { runStreamAction } from "@/stores/stream-actions";
import { useStreamStore } from "@/stores/stream-store";
import { useShallow } from "zustand/react/shallow";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { compareKindOf, paletteItems, type PaletteItem } from "../utils/palette-items";
import { switchHint } from "../utils/shortcuts";

/**
 * Mod+K: the command palette. Type part of a name: connected clusters (Enter switches), actions,
 * every kind the active cluster serves (CRDs too) and its namespaces.
 */
export function ClusterPicker() {
  const open = useClusterUiStore((s) => s.pickerOpen);
  const setOpen = useClusterUiStore((s) => s.setPickerOpen);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Go to…" className="max-w-lg">
      <PaletteBody onDone={() => setOpen(false)} />
    </Dialog>
  );
}

const GROUPS: { type: PaletteItem["type"]; heading: string }[] = [
  { type: "cluster", heading: "Connected clusters" },
  { type: "group", heading: "Groups" },
  { type: "action", heading: "Actions" },
  { type: "kind", heading: "Kinds" },
  { type: "namespace", heading: "Namespaces" },
];

function itemKey(item: PaletteItem): string {
  switch (item.type) {
    case "cluster":
      return `cluster:${item.id}`;
    case "kind":
      return `kind:${item.name}`;
    case "namespace":
      return `ns:${item.namespace ?? "*"}`;
    case "action":
      return `action:${item.action}`;
    case "group":
      return `group:${item.op}:${item.name}`;
  }
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const clusters = useClusterStore(useShallow(orderedClusters));
  const prefs = useClusterStore((s) => s.prefs);
  const groups = useClusterStore((s) => s.groups);
  const pool = useClusterStore((s) => s.connectedClusters);
  const active = useClusterStore(selectActiveCluster);
  const kindsEntry = useResourceStore(selectClusterKinds(active?.id ?? ""));
  const ensureKinds = useResourceStore((s) => s.ensureKinds);
  const focusedPod = useStreamStore((s) => (s.focusedPod && s.focusedPod.context === active?.id ? s.focusedPod : null));
  const [query, setQuery] = useState("");
  const mac = isMac();

  useEffect(() => {
    if (active?.status === "connected") void ensureKinds(active.id);
  }, [active?.id, active?.status, ensureKinds]);

  const items = useMemo(
    () =>
      paletteItems({
        query,
        clusters: clusters.map((c) => ({ id: c.id, context: c.cluster.context, server: c.cluster.server, label: prefs[c.id]?.label ?? null })),
        kinds: active ? (kindsEntry?.kinds?.kinds ?? []) : [],
        namespaces: active?.namespaces ?? [],
        hasActive: active !== null,
        groups: groups.map((g) => ({ name: g.name, members: g.members.length, connected: g.members.filter((id) => pool.has(id)).length })),
        pod: focusedPod?.name ?? null,
        compareKind: active && pool.size > 1 ? compareKindOf(prefs[active.id]?.activeResourceTab) : null,
      }),
    [query, clusters, prefs, active, kindsEntry, groups, pool, focusedPod],
  );

  const run = (item: PaletteItem) => {
    const store = useClusterStore.getState();
    const id = active?.id;
    switch (item.type) {
      case "cluster":
        store.setActiveCluster(item.id);
        break;
      case "kind":
        if (id) store.openResourceTab(id, item.name);
        break;
      case "namespace":
        if (id) store.setNamespace(id, item.namespace);
        break;
      case "group":
        if (item.op === "connect") void store.connectGroup(item.name);
        else void store.disconnectGroup(item.name);
        break;
      case "action":
        if (item.action === "overview" && id) store.openResourceTab(id, "overview");
        if (item.action === "home") store.showHome();
        if (item.action === "disconnect" && id) void store.disconnect(id);
        if (item.action === "shortcuts") useClusterUiStore.getState().setHelpOpen(true);
        if ((item.action === "podLogs" || item.action === "podShell") && focusedPod) {
          runStreamAction(item.action === "podLogs" ? "logs" : "shell", focusedPod.context, "pods", focusedPod.namespace, focusedPod.name);
        }
        if (item.action === "compare" && active) {
          const kind = compareKindOf(prefs[active.id]?.activeResourceTab);
          const contexts = [active.id, ...[...pool.keys()].filter((c) => c !== active.id)];
          if (kind) useCompareStore.getState().open({ kind, namespace: active.currentNamespace, name: "", contexts }, "summary");
        }
        break;
    }
    onDone();
  };

  return (
    <Command data-testid="command-palette" label="Command palette" shouldFilter={false} loop>
      <Command.Input
        data-autofocus
        data-testid="cluster-picker-input"
        aria-label="Cluster, kind, namespace or action"
        placeholder="Type a cluster, kind, namespace or action…"
        value={query}
        onValueChange={setQuery}
        spellCheck={false}
        autoComplete="off"
        className="h-9 w-full rounded-md border border-zinc-700 bg-zinc-900 px-3 text-sm text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none"
      />
      <Command.List className="mt-3 max-h-96 overflow-y-auto" aria-label="Matches">
        <Command.Empty className="px-2 py-3 text-sm text-zinc-500">{clusters.length === 0 ? "No cluster is connected." : "Nothing matches."}</Command.Empty>
        {GROUPS.map(({ type, heading }) => {
          const group = items.filter((i) => i.type === type);
          if (group.length === 0) return null;
          return (
            <Command.Group key={type} heading={heading} className="mb-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-[11px] [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-zinc-500 [&_[cmdk-group-heading]]:uppercase">
              {group.map((item) => (
                <PaletteRow key={itemKey(item)} item={item} activeId={active?.id ?? null} onRun={run} hint={item.type === "cluster" ? switchHint(clusters.findIndex((c) => c.id === item.id), mac) : null} />
              ))}
            </Command.Group>
          );
        })}
      </Command.List>
    </Command>
  );
}

const rowClass = "flex cursor-pointer items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-zinc-300 data-[selected=true]:bg-zinc-800 data-[selected=true]:text-zinc-50";

function PaletteRow({ item, activeId, onRun, hint }: { item: PaletteItem; activeId: string | null; onRun: (item: PaletteItem) => void; hint: string | null }) {
  const prefs = useClusterStore((s) => (item.type === "cluster" ? s.prefs[item.id] : undefined));
  const entry = useClusterStore((s) => (item.type === "cluster" ? s.connectedClusters.get(item.id) : undefined));
  const facts = useClusterIdentity(item.type === "cluster" ? item.id : "");
  const value = itemKey(item);
  if (item.type === "group") {
    return (
      <Command.Item value={value} onSelect={() => onRun(item)} data-testid="palette-group" data-group={item.name} data-op={item.op} className={rowClass}>
        <FoldersIcon width={14} height={14} className="shrink-0 text-zinc-500" />
        <span className="min-w-0 flex-1 truncate">
          {item.op === "connect" ? "Connect" : "Disconnect"} group {item.name}
        </span>
        <span className="text-[11px] text-zinc-500">{item.members} clusters</span>
      </Command.Item>
    );
  }
  if (item.type === "cluster") {
    return (
      <Command.Item value={value} onSelect={() => onRun(item)} data-testid="cluster-picker-option" data-context={item.context} className={rowClass}>
        <span aria-hidden="true" className={cn("h-2 w-2 shrink-0 rounded-full", entry ? healthDotClass[healthOf(entry)] : "bg-zinc-600")} />
        <ClusterName facts={facts} className="flex-1" />
        {facts.protected || facts.readOnly ? <GuardBadge facts={facts} /> : prefs?.label ? <span className={cn("rounded border px-1 text-[10px] uppercase", prefs.color ? clusterColorClasses[prefs.color].chip : "border-zinc-600")}>{prefs.label}</span> : null}
        {item.id === activeId ? <span className="text-[11px] text-sky-300">active</span> : null}
        {hint ? <kbd className="rounded border border-zinc-700 px-1 font-mono text-[10px] text-zinc-500">{hint}</kbd> : null}
      </Command.Item>
    );
  }
  if (item.type === "kind") {
    return (
      <Command.Item value={value} onSelect={() => onRun(item)} data-testid="palette-kind" data-kind={item.name} className={rowClass}>
        <BoxesIcon width={14} height={14} className="shrink-0 text-zinc-500" />
        <span className="min-w-0 flex-1 truncate">{item.kind.kind}</span>
        <span className="font-mono text-[11px] text-zinc-500">{item.name}</span>
        {item.builtin ? null : <span className="rounded border border-violet-500/40 px-1 text-[10px] text-violet-200">CRD</span>}
      </Command.Item>
    );
  }
  if (item.type === "namespace") {
    return (
      <Command.Item value={value} onSelect={() => onRun(item)} data-testid="palette-namespace" data-namespace={item.namespace ?? ""} className={rowClass}>
        <FolderIcon width={14} height={14} className="shrink-0 text-zinc-500" />
        <span className="min-w-0 flex-1 truncate">{item.namespace ?? "All namespaces"}</span>
      </Command.Item>
    );
  }
  return (
    <Command.Item value={value} onSelect={() => onRun(item)} data-testid="palette-action" data-action={item.action} className={rowClass}>
      {item.action === "overview" ? <ServerIcon width={14} height={14} className="shrink-0 text-zinc-500" /> : <PlayIcon width={14} height={14} className="shrink-0 text-zinc-500" />}
      <span className="min-w-0 flex-1 truncate">{item.title}</span>
    </Command.Item>
  );
}
