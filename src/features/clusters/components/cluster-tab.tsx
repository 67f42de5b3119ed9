import { useSortable } from "@dnd-kit/sortable";
import { CSS as DndCss } from "@dnd-kit/utilities";
import { PauseIcon, XIcon } from "lucide-react";
import { memo, useCallback, useRef, type KeyboardEvent } from "react";
import { GuardBadge } from "@/components/ui/cluster-guard";
import { Tooltip } from "@/components/ui/tooltip";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { healthDotClass } from "@/lib/health";
import { isMac } from "@/lib/platform";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { healthOf } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { useResourceStore } from "@/stores/resource-store";
import { useScrollIntoView } from "../hooks/use-scroll-into-view";
import { describeHealth } from "../utils/describe-health";
import { shortcutHint, switchHint } from "../utils/shortcuts";
import { tabWatchState, watchSummary, watchTrouble } from "../utils/watch-summary";

/** Made once, so a tab's render does not render its icons again (see `resource-tabs.tsx`). */
const CLOSE_ICON = <XIcon size={12} />;
const PAUSED_ICON = <PauseIcon data-testid="tab-paused" aria-label="watches paused" size={11} className="shrink-0 text-zinc-500" />;

type ClusterTabProps = {
  /** The cluster's id: the tab reads its entry itself, so a health event renders this tab alone. */
  id: string;
  index: number;
  /**
   * Whether this tab and its close × are the strip's stops in the Tab order (roving tabindex)
   * while focus is in the strip; `null` otherwise: then the active cluster's tab is (the first
   * tab when none is active).
   */
  inTabOrder: boolean | null;
  /** Told this tab's id when it or its close × gets focus. */
  onFocusTab: (id: string) => void;
};

/**
 * One cluster tab: health dot, name, label, close ×, and a sortable item
 * (drag with the pointer, or focus it and press Space, arrows, Space). Memoised: a switch
 * renders the two tabs whose state it changes, not every tab. Its context menu is the strip's
 * (`ClusterTabsMenu`); Shift+F10 or the menu key opens it here.
 */
export const ClusterTab = memo(function ClusterTab({ id, index, inTabOrder: focusStop, onFocusTab }: ClusterTabProps) {
  const entry = useClusterStore((s) => s.connectedClusters.get(id));
  /** The active cluster (even while home is shown). */
  const current = useClusterStore((s) => s.activeClusterContext === id);
  /** Highlighted: active and on screen. */
  const active = useClusterStore((s) => s.activeClusterContext === id && s.view === "dashboard");
  const first = useClusterStore((s) => index === 0 && s.activeClusterContext === null);
  const inTabOrder = focusStop ?? (current || first);
  const setActiveCluster = useClusterStore((s) => s.setActiveCluster);
  const disconnect = useClusterStore((s) => s.disconnect);
  const prefs = useClusterStore((s) => s.prefs[id]);
  const { setNodeRef, setActivatorNodeRef, listeners, transform, transition, isDragging } = useSortable({ id });
  const self = useRef<HTMLDivElement | null>(null);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      self.current = el;
      setNodeRef(el);
    },
    [setNodeRef],
  );
  // The active tab comes into sight (switched to by keyboard or picker) after the switch is painted.
  useScrollIntoView(self, current);
  const facts = useClusterIdentity(id);
  // Background clusters say how their watches are doing (live / reconnecting / stale); the
  // active one only when a watch is in trouble, with its cause.
  const watches = useResourceStore((s) => (current ? watchTrouble(s.entries, id) : watchSummary(s.entries, id)));
  const watchState = useResourceStore((s) => tabWatchState(s.entries, id));
  // Gone from the pool between the bar's render and this one (a disconnect).
  if (!entry) return null;
  const mac = isMac();
  const health = healthOf(entry);
  const name = entry.cluster.context;
  const color = prefs?.color ? clusterColorClasses[prefs.color] : null;
  const hint = switchHint(index, mac);
  const healthText = describeHealth(entry);
  const tooltip = [facts.full, healthText, watches, prefs?.label, hint ? `Switch: ${hint}` : null, "Drag, or Space then ←/→, to move"].filter(Boolean).join("\n");

  /** Disconnects this cluster; when done from the keyboard, focus goes to the tab that became active. */
  const close = (fromKeyboard: boolean, from: HTMLElement) => {
    const bar = from.closest<HTMLElement>('[role="tablist"]');
    void disconnect(id);
    if (!fromKeyboard || !bar) return;
    setTimeout(() => {
      const next = useClusterStore.getState().activeClusterContext;
      if (next) bar.querySelector<HTMLElement>(`[data-cluster-id="${CSS.escape(next)}"] [role="tab"]`)?.focus();
    }, 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      // Open the tab's context menu where the tab is, as a right-click there would.
      event.preventDefault();
      const rect = event.currentTarget.getBoundingClientRect();
      event.currentTarget.parentElement?.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: rect.left, clientY: rect.bottom }));
      return;
    }
    // While moving the tab, arrows belong to the drag. Modified arrows are window shortcuts.
    if (isDragging || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft" || event.key === "Home" || event.key === "End") {
      const tabs = Array.from(event.currentTarget.closest('[role="tablist"]')?.querySelectorAll<HTMLElement>('[role="tab"]') ?? []);
      const at = tabs.indexOf(event.currentTarget);
      const next =
        event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : (at + (event.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
      event.preventDefault();
      tabs[next]?.focus();
    }
    if (event.key === "Delete") {
      event.preventDefault();
      close(true, event.currentTarget);
    }
  };

  return (
    <div
      ref={ref}
      data-testid="cluster-tab"
      data-context={name}
      data-cluster-id={id}
      data-active={active ? "true" : "false"}
      data-health={health}
      data-status={entry.status}
      data-watches={watches ?? undefined}
      data-watch-state={watchState ?? undefined}
      data-tooltip={tooltip}
      data-dragging={isDragging ? "true" : undefined}
      onClick={() => setActiveCluster(id)}
      {...listeners}
      style={{ transform: DndCss.Translate.toString(transform && { ...transform, y: 0 }), transition }}
      className={cn(
        "group relative flex max-w-[15rem] min-w-[7.5rem] shrink-0 cursor-pointer items-center border-r border-zinc-800 select-none",
        active ? "bg-zinc-900 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900/60 hover:text-zinc-200",
        isDragging && "z-10 bg-zinc-800 shadow-lg shadow-black/50 ring-1 ring-sky-400",
      )}
    >
      {/* Top edge: the cluster's colour, or the accent for the active tab. */}
      <span aria-hidden="true" className={cn("absolute inset-x-0 top-0 h-0.5", color ? color.bg : active ? "bg-sky-400" : "bg-transparent", !active && color && "opacity-60")} />
      {active ? <span aria-hidden="true" className="absolute inset-x-0 -bottom-px h-px bg-zinc-900" /> : null}
      <Tooltip content={tooltip}>
        <button
          ref={setActivatorNodeRef}
          type="button"
          role="tab"
          aria-selected={active}
          aria-roledescription="cluster tab"
          tabIndex={inTabOrder ? 0 : -1}
          onFocus={() => onFocusTab(id)}
          aria-label={`${name}, ${healthText}${prefs?.label ? `, ${prefs.label}` : ""}`}
          aria-keyshortcuts={hint ? hint.replace("Ctrl", "Control").replace("⌘", "Meta+") : undefined}
          onKeyDown={onKeyDown}
          className="flex h-full min-w-0 flex-1 items-center gap-2 pr-1 pl-3 text-left text-[13px] outline-none focus-visible:ring-2 focus-visible:ring-sky-400 focus-visible:ring-inset"
        >
          <span aria-hidden="true" data-testid="health-dot" className={cn("h-2 w-2 shrink-0 rounded-full", healthDotClass[health])} />
          <span data-testid="cluster-tab-name" className={cn("min-w-0 truncate", active && "font-medium")}>
            {facts.short}
          </span>
          {watchState === "paused" ? PAUSED_ICON : null}
          {facts.file ? (
            <span data-testid="cluster-file" className="shrink-0 font-mono text-[10px] text-amber-200/80">
              {facts.file}
            </span>
          ) : null}
          {facts.protected || facts.readOnly ? (
            <GuardBadge facts={facts} />
          ) : prefs?.label ? (
            <span className={cn("shrink-0 rounded border px-1 text-[10px] leading-4 font-medium uppercase", color ? color.chip : "border-zinc-600 text-zinc-300")}>{prefs.label}</span>
          ) : null}
        </button>
      </Tooltip>
      <Tooltip content={`Disconnect ${name}${current ? ` (${shortcutHint("closeActive", mac)})` : ""}`}>
        <button
          type="button"
          data-testid="cluster-tab-close"
          aria-label={`Disconnect ${name}`}
          tabIndex={inTabOrder ? 0 : -1}
          onFocus={() => onFocusTab(id)}
          onKeyDown={(event) => {
            if (event.key === "ArrowLeft" && !event.altKey && !event.ctrlKey && !event.metaKey) {
              // Back onto its own tab, so arrow keys keep working from here.
              event.preventDefault();
              event.currentTarget.parentElement?.querySelector<HTMLElement>('[role="tab"]')?.focus();
            }
          }}
          onClick={(event) => {
            event.stopPropagation();
            // detail 0: Enter/Space, not a pointer click.
            close(event.detail === 0, event.currentTarget);
          }}
          className={cn(
            "mr-1.5 flex h-5 w-5 shrink-0 items-center justify-center rounded text-zinc-500 outline-none hover:bg-zinc-700 hover:text-zinc-100 focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-sky-400",
            active ? "opacity-100" : "opacity-40 group-hover:opacity-100 focus-visible:opacity-100",
          )}
        >
          {CLOSE_ICON}
        </button>
      </Tooltip>
    </div>
  );
});
