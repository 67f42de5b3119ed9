import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from "@dnd-kit/core";
import { horizontalListSortingStrategy, SortableContext, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { ActivityIcon, ChevronLeftIcon, ChevronRightIcon, KeyboardIcon, ListIcon, PlusIcon } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { IconButton } from "@/components/ui/icon-button";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { isMac } from "@/lib/platform";
import { orderedClusters } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { shortcutHint } from "../utils/shortcuts";
import { ClusterTab } from "./cluster-tab";
import { ClusterTabsMenu } from "./cluster-context-menu";
import { foldedIds } from "../utils/folded-tabs";
import { GroupTabs } from "./group-tabs";
import { SettingsMenu } from "./settings-menu";

/** What a screen reader hears while a tab is moved. */
function announcements(nameOf: (id: string | number) => string, position: (id: string | number) => number): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}. Use the arrow keys to move it, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over position ${position(over.id) + 1}.` : undefined),
    onDragEnd: ({ active, over }) => (over ? `Dropped ${nameOf(active.id)} at position ${position(over.id) + 1}.` : `Dropped ${nameOf(active.id)}.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };
}

// A pointer drag starts after a few pixels, so a click still switches; Space picks a focused tab up.
// Constants: options made in each render make new sensors, and with them a new dnd-kit context
// that renders every tab again.
const POINTER_DRAG = { activationConstraint: { distance: 6 } };
const KEYBOARD_DRAG = { coordinateGetter: sortableKeyboardCoordinates, keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } };

/** Every cluster in the pool as a tab: health, colour/label, close, menu, drag to reorder. */
export function ClusterTabBar() {
  // Tabs of collapsed groups are folded into their group's chip. Ids only: each tab reads its
  // own entry, so a health event (one per cluster every 10 s) renders that tab, not the bar.
  const ids = useClusterStore(
    useShallow((s) => {
      const folded = foldedIds(s.groups, s.activeClusterContext);
      return orderedClusters(s)
        .filter((c) => !folded.has(c.id))
        .map((c) => c.id);
    }),
  );
  const view = useClusterStore((s) => s.view);
  const showHome = useClusterStore((s) => s.showHome);
  const reorder = useClusterStore((s) => s.reorder);
  const tabOrder = useClusterStore((s) => s.tabOrder);
  const setPickerOpen = useClusterUiStore((s) => s.setPickerOpen);
  const setHelpOpen = useClusterUiStore((s) => s.setHelpOpen);
  const setConnectionsOpen = useClusterUiStore((s) => s.setConnectionsOpen);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState({ left: false, right: false });
  // Roving tabindex: the tab (and its close ×) in the Tab order is the one last focused while
  // focus is inside the strip, else the active cluster's (each tab knows whether it is: the bar
  // does not read the active cluster, so a switch renders the two tabs it changes, not the bar).
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const roving = focusedId && ids.includes(focusedId) ? focusedId : null;
  const mac = isMac();
  const sensors = useSensors(useSensor(PointerSensor, POINTER_DRAG), useSensor(KeyboardSensor, KEYBOARD_DRAG));

  const measure = useCallback(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const over = el.scrollWidth > el.clientWidth + 1;
    const left = over && el.scrollLeft > 0;
    const right = over && el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setOverflow((o) => (o.left === left && o.right === right ? o : { left, right }));
  }, []);

  useLayoutEffect(measure, [measure, ids.length]);

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

  const scrollBy = (delta: number) => {
    const el = scrollerRef.current;
    if (!el) return;
    if (typeof el.scrollBy === "function") el.scrollBy({ left: delta, behavior: "smooth" });
    else el.scrollLeft += delta;
    measure();
  };

  const onDragEnd = ({ active: moved, over }: DragEndEvent) => {
    if (!over || moved.id === over.id) return;
    reorder(tabOrder.indexOf(String(moved.id)), tabOrder.indexOf(String(over.id)));
  };
  const nameOf = (id: string | number) => useClusterStore.getState().connectedClusters.get(String(id))?.cluster.context ?? String(id);
  const position = (id: string | number) => ids.indexOf(String(id));

  return (
    <nav aria-label="Connected clusters" data-testid="cluster-tab-bar" className="flex h-11 shrink-0 items-stretch border-b border-zinc-800 bg-zinc-950">
      <Tooltip content={`All contexts (${shortcutHint("home", mac)})`}>
        <button
          type="button"
          data-testid="home-button"
          onClick={showHome}
          aria-label="Home"
          aria-current={view === "home" ? "page" : undefined}
          className={cn(
            "flex w-11 shrink-0 items-center justify-center border-r border-zinc-800 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-400",
            view === "home" ? "bg-zinc-900" : "hover:bg-zinc-900",
          )}
        >
          <img src="/kubeli.svg" alt="" width={20} height={20} className="rounded" />
        </button>
      </Tooltip>
      <GroupTabs />
      {overflow.left || overflow.right ? (
        <IconButton label="Scroll tabs left" data-testid="tabs-scroll-left" disabled={!overflow.left} onClick={() => scrollBy(-240)} className="h-auto w-7 rounded-none disabled:opacity-30">
          <ChevronLeftIcon size={16} />
        </IconButton>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements: announcements(nameOf, position),
          screenReaderInstructions: { draggable: "To move a cluster tab, press Space, then the arrow keys, then Space to drop or Escape to cancel." },
        }}
      >
        <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
          <ClusterTabsMenu>
            <div
              ref={scrollerRef}
              role="tablist"
              aria-label="Clusters"
              onScroll={measure}
              onBlur={(event) => {
                if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedId(null);
              }}
              className="flex min-w-0 flex-1 items-stretch overflow-x-auto [scrollbar-width:none] [&::-webkit-scrollbar]:hidden"
            >
              {ids.map((id, index) => (
                <ClusterTab
                  key={id}
                  id={id}
                  index={index}
                  inTabOrder={roving === null ? null : id === roving}
                  onFocusTab={setFocusedId}
                />
              ))}
            </div>
          </ClusterTabsMenu>
        </SortableContext>
      </DndContext>
      {overflow.left || overflow.right ? (
        <IconButton label="Scroll tabs right" data-testid="tabs-scroll-right" disabled={!overflow.right} onClick={() => scrollBy(240)} className="h-auto w-7 rounded-none disabled:opacity-30">
          <ChevronRightIcon size={16} />
        </IconButton>
      ) : null}
      <div className="flex shrink-0 items-center gap-0.5 border-l border-zinc-800 px-1.5">
        <IconButton data-testid="add-cluster" label="Connect another cluster" tooltip={`Connect another cluster — home (${shortcutHint("home", mac)})`} onClick={showHome}>
          <PlusIcon size={16} />
        </IconButton>
        <IconButton data-testid="open-cluster-picker" label="Find a cluster" tooltip={`Find a connected cluster (${shortcutHint("picker", mac)})`} onClick={() => setPickerOpen(true)}>
          <ListIcon size={16} />
        </IconButton>
        <IconButton data-testid="open-connections" label="Connections" tooltip="Connections: watches and cached objects per cluster" onClick={() => setConnectionsOpen(true)}>
          <ActivityIcon size={16} />
        </IconButton>
        <IconButton data-testid="show-shortcuts" label="Keyboard shortcuts" tooltip="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
          <KeyboardIcon size={16} />
        </IconButton>
        <SettingsMenu />
      </div>
    </nav>
  );
}
