import { useCallback, useEffect, useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { ChevronLeftIcon, ChevronRightIcon, KeyboardIcon, ListIcon, PlusIcon, XIcon } from "@/components/ui/icons";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { healthDotClass } from "@/lib/health";
import { isMac } from "@/lib/platform";
import { healthOf, orderedClusters } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import type { ConnectedClusterState } from "@/stores/cluster-types";
import { useShallow } from "zustand/react/shallow";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { describeHealth } from "../utils/describe-health";
import { shortcutHint, switchHint } from "../utils/shortcuts";
import { ClusterContextMenu } from "./cluster-context-menu";
import { SettingsMenu } from "./settings-menu";

type MenuState = { id: string; x: number; y: number } | null;

/** Every cluster in the pool as a tab: health, colour/label, close, menu, drag to reorder. */
export function ClusterTabBar() {
  const clusters = useClusterStore(useShallow(orderedClusters));
  const active = useClusterStore((s) => s.activeClusterContext);
  const view = useClusterStore((s) => s.view);
  const showHome = useClusterStore((s) => s.showHome);
  const setPickerOpen = useClusterUiStore((s) => s.setPickerOpen);
  const setHelpOpen = useClusterUiStore((s) => s.setHelpOpen);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState({ left: false, right: false });
  const [menu, setMenu] = useState<MenuState>(null);
  // Roving tabindex: the tab (and its close ×) in the Tab order is the one last focused while
  // focus is inside the strip, else the active cluster's.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const rovingId = focusedId && clusters.some((c) => c.id === focusedId) ? focusedId : (active ?? clusters[0]?.id ?? null);
  const mac = isMac();

  const measure = useCallback(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const over = el.scrollWidth > el.clientWidth + 1;
    const left = over && el.scrollLeft > 0;
    const right = over && el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setOverflow((o) => (o.left === left && o.right === right ? o : { left, right }));
  }, []);

  useLayoutEffect(measure, [measure, clusters.length]);

  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    window.addEventListener("resize", measure);
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => {
      window.removeEventListener("resize", measure);
      observer?.disconnect();
    };
  }, [measure]);

  // Keep the active tab in sight when switching by keyboard or picker.
  useEffect(() => {
    const el = scrollerRef.current?.querySelector<HTMLElement>('[data-active="true"]');
    el?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [active]);

  const scrollBy = (delta: number) => {
    const el = scrollerRef.current;
    if (!el) return;
    if (typeof el.scrollBy === "function") el.scrollBy({ left: delta, behavior: "smooth" });
    else el.scrollLeft += delta;
    measure();
  };

  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const reorder = useClusterStore((s) => s.reorder);
  const tabOrder = useClusterStore((s) => s.tabOrder);

  const onDrop = (index: number) => {
    const from = dragFrom;
    setDragFrom(null);
    setDropIndex(null);
    if (from === null) return;
    // Indexes in the visible list map to the same positions in tabOrder.
    const fromId = clusters[from]?.id;
    const toId = clusters[index]?.id;
    if (fromId && toId) reorder(tabOrder.indexOf(fromId), tabOrder.indexOf(toId));
  };

  return (
    <nav aria-label="Connected clusters" data-testid="cluster-tab-bar" className="flex h-11 shrink-0 items-stretch border-b border-zinc-800 bg-zinc-950">
      <button
        type="button"
        data-testid="home-button"
        onClick={showHome}
        aria-label="Home"
        aria-current={view === "home" ? "page" : undefined}
        title={`All contexts (${shortcutHint("home", mac)})`}
        className={cn(
          "flex w-11 shrink-0 items-center justify-center border-r border-zinc-800 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-400",
          view === "home" ? "bg-zinc-900" : "hover:bg-zinc-900",
        )}
      >
        <img src="/kubeli.svg" alt="" width={20} height={20} className="rounded" />
      </button>
      {overflow.left || overflow.right ? (
        <button
          type="button"
          aria-label="Scroll tabs left"
          data-testid="tabs-scroll-left"
          disabled={!overflow.left}
          onClick={() => scrollBy(-240)}
          className="flex w-7 shrink-0 items-center justify-center text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100 disabled:opacity-30"
        >
          <ChevronLeftIcon />
        </button>
      ) : null}
      <div
        ref={scrollerRef}
        role="tablist"
        aria-label="Clusters"
        onScroll={measure}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedId(null);
        }}
        className="flex min-w-0 flex-1 items-stretch overflow-x-auto [scrollbar-width:none] [&::-webkit-scrollbar]:hidden">
        {clusters.map((entry, index) => (
          <ClusterTab
            key={entry.id}
            entry={entry}
            index={index}
            active={entry.id === active && view === "dashboard"}
            current={entry.id === active}
            inTabOrder={entry.id === rovingId}
            onFocusTab={() => setFocusedId(entry.id)}
            dropTarget={dropIndex === index && dragFrom !== index}
            onMenu={(x, y) => setMenu({ id: entry.id, x, y })}
            onDragStart={(event) => {
              setDragFrom(index);
              event.dataTransfer?.setData("text/plain", entry.id);
              if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
            }}
            onDragOver={(event) => {
              if (dragFrom === null) return;
              event.preventDefault();
              if (dropIndex !== index) setDropIndex(index);
            }}
            onDrop={(event) => {
              event.preventDefault();
              onDrop(index);
            }}
            onDragEnd={() => {
              setDragFrom(null);
              setDropIndex(null);
            }}
          />
        ))}
      </div>
      {overflow.left || overflow.right ? (
        <button
          type="button"
          aria-label="Scroll tabs right"
          data-testid="tabs-scroll-right"
          disabled={!overflow.right}
          onClick={() => scrollBy(240)}
          className="flex w-7 shrink-0 items-center justify-center text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100 disabled:opacity-30"
        >
          <ChevronRightIcon />
        </button>
      ) : null}
      <div className="flex shrink-0 items-center gap-0.5 border-l border-zinc-800 px-1.5">
        <BarButton testId="add-cluster" label="Connect another cluster" title={`Connect another cluster — home (${shortcutHint("home", mac)})`} onClick={showHome}>
          <PlusIcon />
        </BarButton>
        <BarButton testId="open-cluster-picker" label="Find a cluster" title={`Find a connected cluster (${shortcutHint("picker", mac)})`} onClick={() => setPickerOpen(true)}>
          <ListIcon />
        </BarButton>
        <BarButton testId="show-shortcuts" label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
          <KeyboardIcon />
        </BarButton>
        <SettingsMenu />
      </div>
      {menu ? <ClusterContextMenu id={menu.id} x={menu.x} y={menu.y} onClose={() => setMenu(null)} /> : null}
    </nav>
  );
}

function BarButton({ testId, label, title, onClick, children }: { testId: string; label: string; title: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      data-testid={testId}
      aria-label={label}
      title={title}
      onClick={onClick}
      className="flex h-8 w-8 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-400"
    >
      {children}
    </button>
  );
}

type ClusterTabProps = {
  entry: ConnectedClusterState;
  index: number;
  /** Highlighted: active and on screen. */
  active: boolean;
  /** The active cluster (even while home is shown). */
  current: boolean;
  /** This tab and its close × are the strip's stops in the Tab order (roving tabindex). */
  inTabOrder: boolean;
  onFocusTab: () => void;
  dropTarget: boolean;
  onMenu: (x: number, y: number) => void;
  onDragStart: (event: DragEvent<HTMLDivElement>) => void;
  onDragOver: (event: DragEvent<HTMLDivElement>) => void;
  onDrop: (event: DragEvent<HTMLDivElement>) => void;
  onDragEnd: () => void;
};

function ClusterTab({ entry, index, active, current, inTabOrder, onFocusTab, dropTarget, onMenu, onDragStart, onDragOver, onDrop, onDragEnd }: ClusterTabProps) {
  const setActiveCluster = useClusterStore((s) => s.setActiveCluster);
  const disconnect = useClusterStore((s) => s.disconnect);
  const prefs = useClusterStore((s) => s.prefs[entry.id]);
  const mac = isMac();
  const health = healthOf(entry);
  const name = entry.cluster.context;
  const color = prefs?.color ? clusterColorClasses[prefs.color] : null;
  const hint = switchHint(index, mac);
  const healthText = describeHealth(entry);
  const tooltip = [name, healthText, prefs?.label, hint ? `Switch: ${hint}` : null].filter(Boolean).join("\n");

  /** Disconnects this cluster; when done from the keyboard, focus goes to the tab that became active. */
  const close = (fromKeyboard: boolean, from: HTMLElement) => {
    const bar = from.closest<HTMLElement>('[role="tablist"]');
    void disconnect(entry.id);
    if (!fromKeyboard || !bar) return;
    setTimeout(() => {
      const next = useClusterStore.getState().activeClusterContext;
      if (next) bar.querySelector<HTMLElement>(`[data-cluster-id="${CSS.escape(next)}"] [role="tab"]`)?.focus();
    }, 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      event.preventDefault();
      const rect = event.currentTarget.getBoundingClientRect();
      onMenu(rect.left, rect.bottom);
      return;
    }
    // Modified arrows are window shortcuts (Mod+Alt+→ next cluster, Alt+← back): not ours.
    if (event.altKey || event.ctrlKey || event.metaKey) return;
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
      data-testid="cluster-tab"
      data-context={name}
      data-cluster-id={entry.id}
      data-active={active ? "true" : "false"}
      data-health={health}
      data-status={entry.status}
      title={tooltip}
      draggable
      onClick={() => setActiveCluster(entry.id)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(event.clientX, event.clientY);
      }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDragEnd={onDragEnd}
      className={cn(
        "group relative flex max-w-[15rem] min-w-[7.5rem] shrink-0 cursor-pointer items-center border-r border-zinc-800 select-none",
        active ? "bg-zinc-900 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900/60 hover:text-zinc-200",
        dropTarget && "shadow-[inset_2px_0_0_0] shadow-sky-400",
      )}
    >
      {/* Top edge: the cluster's colour, or the accent for the active tab. */}
      <span aria-hidden="true" className={cn("absolute inset-x-0 top-0 h-0.5", color ? color.bg : active ? "bg-sky-400" : "bg-transparent", !active && color && "opacity-60")} />
      {active ? <span aria-hidden="true" className="absolute inset-x-0 -bottom-px h-px bg-zinc-900" /> : null}
      <button
        type="button"
        role="tab"
        aria-selected={active}
        tabIndex={inTabOrder ? 0 : -1}
        onFocus={onFocusTab}
        aria-label={`${name}, ${healthText}${prefs?.label ? `, ${prefs.label}` : ""}`}
        aria-keyshortcuts={hint ? hint.replace("Ctrl", "Control").replace("⌘", "Meta+") : undefined}
        onKeyDown={onKeyDown}
        className="flex h-full min-w-0 flex-1 items-center gap-2 pr-1 pl-3 text-left text-[13px] outline-none focus-visible:ring-2 focus-visible:ring-sky-400 focus-visible:ring-inset"
      >
        <span aria-hidden="true" data-testid="health-dot" className={cn("h-2 w-2 shrink-0 rounded-full", healthDotClass[health])} />
        <span className={cn("min-w-0 truncate", active && "font-medium")}>{name}</span>
        {prefs?.label ? (
          <span className={cn("shrink-0 rounded border px-1 text-[10px] leading-4 font-medium uppercase", color ? color.chip : "border-zinc-600 text-zinc-300")}>{prefs.label}</span>
        ) : null}
      </button>
      <button
        type="button"
        data-testid="cluster-tab-close"
        aria-label={`Disconnect ${name}`}
        title={`Disconnect ${name}${current ? ` (${shortcutHint("closeActive", mac)})` : ""}`}
        tabIndex={inTabOrder ? 0 : -1}
        onFocus={onFocusTab}
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
        <XIcon width={12} height={12} />
      </button>
    </div>
  );
}
