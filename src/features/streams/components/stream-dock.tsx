import { useLayoutEffect, useRef, useState, type PointerEvent } from "react";
import { ChevronDownIcon, ChevronUpIcon, PlugIcon, ScrollTextIcon, SquareTerminalIcon, XIcon } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { GuardBadge } from "@/components/ui/cluster-guard";
import { cn } from "@/lib/cn";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useClusterStore } from "@/stores/cluster-store";
import { FORWARDS_TAB, useStreamStore, type ShellTab, type StreamTab } from "@/stores/stream-store";
import { ClusterChip } from "./cluster-chip";
import { LogView } from "./log-view";
import { PortForwardList } from "./port-forward-list";
import { TerminalView } from "./terminal-view";
import { shownStatus } from "../utils/stream-status";

const MIN_HEIGHT = 160;

/** Made once: the dock renders on every switch (it shows the active cluster's streams), its icons need not. */
const ICON = { forwards: <PlugIcon width={13} height={13} />, collapse: <ChevronDownIcon />, expand: <ChevronUpIcon /> };

/**
 * The streams dock under the dashboard: the active cluster's log and shell tabs and its
 * port-forwards. Every cluster's shells stay mounted (hidden) so their screens survive a
 * cluster switch; log lines live in the stream store, so a log view mounts only when shown.
 */
export function StreamDock({ shown }: { shown: boolean }) {
  const context = useClusterStore((s) => s.activeClusterContext);
  const tabs = useStreamStore((s) => s.tabs);
  const activeTab = useStreamStore((s) => (context ? s.activeTab[context] : undefined));
  const open = useStreamStore((s) => s.dockOpen);
  const forwardIds = useStreamStore(useShallow((s) => Object.values(s.forwards).map((f) => f.context)));
  const [height, setHeight] = useState(() => useStreamStore.getState().dockHeight);
  const sectionRef = useRef<HTMLElement>(null);
  const [allClusters, setAllClusters] = useState(false);
  const drag = useRef<{ y: number; height: number } | null>(null);

  const connected = useClusterStore((s) => s.connectedClusters);
  // A disconnected cluster's tabs (ended, with their message) stay in view until closed.
  const clusterTabs = tabs.filter((t) => t.context === context || !connected.has(t.context));
  const clusterForwards = forwardIds.filter((c) => c === context).length;
  const shells = tabs.filter((t): t is ShellTab => t.type === "shell");
  const hasAny = clusterTabs.length > 0 || forwardIds.length > 0;
  const current = (context && activeTab) || (clusterTabs.at(-1)?.id ?? FORWARDS_TAB);
  const shownTab = clusterTabs.find((t) => t.id === current);
  const store = useStreamStore.getState();

  // Floating buttons (Create) sit above whatever the dock takes at the window's bottom.
  useLayoutEffect(() => {
    const el = sectionRef.current;
    if (!el) return;
    const report = () => useStreamStore.getState().setDockInset(el.offsetHeight);
    report();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(report);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onDrag = (event: PointerEvent) => {
    if (!drag.current) return;
    setHeight(Math.max(MIN_HEIGHT, Math.min(window.innerHeight - 160, drag.current.height + drag.current.y - event.clientY)));
  };

  return (
    <section ref={sectionRef} data-testid="stream-dock" data-context={context ?? ""} data-open={open ? "true" : "false"} aria-label="Logs, shells and port-forwards" className={cn("flex shrink-0 flex-col border-t border-zinc-800 bg-zinc-950", !(shown && context && hasAny) && "hidden")}>
      {open ? (
        <div
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the dock"
          className="h-1 cursor-row-resize bg-zinc-900 hover:bg-sky-500/40"
          onPointerDown={(e) => {
            drag.current = { y: e.clientY, height };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={onDrag}
          onPointerUp={() => {
            drag.current = null;
            store.setDockHeight(height);
          }}
        />
      ) : null}
      <div role="tablist" aria-label="Streams of this cluster" className="flex items-center gap-0.5 overflow-x-auto px-2 py-1">
        {clusterTabs.map((t) => (
          <DockTab key={t.id} tab={t} foreign={t.context !== context} selected={open && t.id === current} onSelect={() => store.selectTab(context ?? t.context, t.id)} onClose={() => store.closeTab(t.id)} />
        ))}
        <button
          type="button"
          role="tab"
          data-testid="stream-tab-forwards"
          aria-selected={open && current === FORWARDS_TAB}
          onClick={() => context && store.selectTab(context, FORWARDS_TAB)}
          className={cn("flex items-center gap-1.5 rounded px-2 py-1 text-xs", open && current === FORWARDS_TAB ? "bg-zinc-800 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900")}
        >
          {ICON.forwards} Port-forwards ({clusterForwards})
        </button>
        <button type="button" data-testid="stream-dock-toggle" aria-label={open ? "Collapse the dock" : "Expand the dock"} onClick={() => store.setDockOpen(!open)} className="ml-auto rounded p-1 text-zinc-400 hover:bg-zinc-800">
          {open ? ICON.collapse : ICON.expand}
        </button>
      </div>
      <div style={{ height }} className={cn("flex min-h-0 flex-col border-t border-zinc-800", !open && "hidden")}>
        {shownTab ? <TabHeader tab={shownTab} /> : null}
        {shownTab?.type === "logs" ? <LogView key={shownTab.id} tab={shownTab} visible={shown && open} /> : null}
        {shells.map((t) => (
          <TerminalView key={t.id} tab={t} visible={shown && open && t.id === shownTab?.id} />
        ))}
        {context && (current === FORWARDS_TAB || !shownTab) ? (
          <div className="min-h-0 flex-1 overflow-auto">
            <label className="flex items-center gap-1.5 px-3 py-1.5 text-xs text-zinc-400">
              <input type="checkbox" data-testid="port-forward-all" checked={allClusters} onChange={(e) => setAllClusters(e.target.checked)} className="h-3.5 w-3.5 accent-sky-500" />
              Every cluster's port-forwards
            </label>
            <PortForwardList context={allClusters ? null : (context ?? "")} />
          </div>
        ) : null}
      </div>
    </section>
  );
}

function DockTab({ tab, foreign, selected, onSelect, onClose }: { tab: StreamTab; foreign: boolean; selected: boolean; onSelect: () => void; onClose: () => void }) {
  const Icon = tab.type === "logs" ? ScrollTextIcon : SquareTerminalIcon;
  return (
    <div
      data-testid="stream-tab"
      data-type={tab.type}
      data-context={tab.context}
      data-status={shownStatus(tab)}
      className={cn("flex shrink-0 items-center rounded text-xs", selected ? "bg-zinc-800 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900")}
    >
      <button type="button" role="tab" aria-selected={selected} onClick={onSelect} className="flex items-center gap-1.5 py-1 pr-1 pl-2">
        <Icon width={13} height={13} className={shownStatus(tab) === "running" || tab.status === "starting" ? undefined : "text-amber-400"} />
        {foreign ? <ClusterChip context={tab.context} /> : null}
        <span className="max-w-48 truncate">{tab.title}</span>
      </button>
      <button type="button" data-testid="stream-tab-close" aria-label={`Close ${tab.type === "logs" ? "logs of" : "shell in"} ${tab.title}`} onClick={onClose} className="rounded p-1 hover:bg-zinc-700">
        <XIcon width={12} height={12} />
      </button>
    </div>
  );
}

/** Where the shown stream runs: cluster (colour, label, guard), namespace, pod or workload, container. */
function TabHeader({ tab }: { tab: StreamTab }) {
  const facts = useClusterIdentity(tab.context);
  const target = tab.type === "shell" ? tab.pod : tab.target ? (tab.target.type === "pod" ? tab.target.pod : tab.title) : tab.title;
  const container = tab.type === "shell" ? tab.container : tab.target?.type === "pod" ? (tab.options.container ?? "all containers") : "all pods";
  return (
    <div data-testid="stream-header" className="flex items-center gap-2 border-b border-zinc-800 px-3 py-1 text-xs text-zinc-400">
      <ClusterChip context={tab.context} />
      {/* Protected / read-only, as in every dialog of that cluster (the chip already shows the label). */}
      <GuardBadge facts={{ ...facts, label: null }} />
      {tab.namespace ? <span data-testid="stream-namespace">{tab.namespace}</span> : null}
      <span className="text-zinc-600">/</span>
      <span data-testid="stream-pod" className="font-medium text-zinc-200">
        {target}
      </span>
      {container ? (
        <>
          <span className="text-zinc-600">/</span>
          <span data-testid="stream-container">{container}</span>
        </>
      ) : null}
      <span className={cn("ml-auto", { running: "text-emerald-300", ended: "text-amber-300", waiting: "text-amber-300", starting: "text-zinc-500" }[shownStatus(tab)])}>{shownStatus(tab)}</span>
    </div>
  );
}
