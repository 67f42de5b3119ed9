import { useState, type MouseEvent, type ReactElement } from "react";
import { toast } from "sonner";
import { ContextMenu, ContextMenuContent, ContextMenuItem, ContextMenuLabel, ContextMenuTrigger } from "@/components/ui/menu";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";

/**
 * The cluster tabs' right-click / Shift+F10 menu (Radix context menu): switch, reconnect, copy
 * name, colour/label, move, disconnect. One for the whole strip (`children`, the tab list): it
 * opens for the tab under the pointer (the element with `data-cluster-id` the event came from)
 * and not at all between tabs. A menu per tab was ~30 components each (Radix's menu, popper,
 * portal and presence, mounted while closed) that a switch rendered again for the two tabs it
 * changes: half of the tab bar's share of a switch's render (`make switch-census`).
 */
export function ClusterTabsMenu({ children }: { children: ReactElement }) {
  const [id, setId] = useState<string | null>(null);
  const onContextMenu = (event: MouseEvent) => {
    const tab = (event.target as HTMLElement).closest<HTMLElement>("[data-cluster-id]");
    // Not on a tab: neither this menu nor the webview's own.
    if (!tab?.dataset.clusterId) return event.preventDefault();
    setId(tab.dataset.clusterId);
  };
  return (
    <ContextMenu>
      <ContextMenuTrigger asChild onContextMenu={onContextMenu}>
        {children}
      </ContextMenuTrigger>
      {id ? <ClusterMenuItems key={id} id={id} /> : null}
    </ContextMenu>
  );
}

function ClusterMenuItems({ id }: { id: string }) {
  const entry = useClusterStore((s) => s.connectedClusters.get(id));
  const index = useClusterStore((s) => s.tabOrder.indexOf(id));
  const count = useClusterStore((s) => s.tabOrder.length);
  const setAppearanceFor = useClusterUiStore((s) => s.setAppearanceFor);
  if (!entry) return null;
  const name = entry.cluster.context;
  const store = () => useClusterStore.getState();
  const copyName = () =>
    void navigator.clipboard?.writeText(name).then(
      () => toast.success(`Copied ${name}`),
      () => toast.error(`Could not copy the name of ${name}`),
    );

  return (
    <ContextMenuContent
      aria-label={`${name} actions`}
      data-testid="cluster-tab-menu"
      className="w-56"
      onFocus={(event) => {
        // Radix focuses the menu itself when it opens; start on the first action instead, once.
        const menu = event.currentTarget;
        if (event.target !== menu || menu.dataset.started) return;
        menu.dataset.started = "true";
        menu.querySelector<HTMLElement>('[role="menuitem"]:not([data-disabled])')?.focus();
      }}
    >
      <ContextMenuLabel>{name}</ContextMenuLabel>
      <ContextMenuItem data-testid="menu-switch" onSelect={() => store().setActiveCluster(id)}>
        Switch to this cluster
      </ContextMenuItem>
      <ContextMenuItem data-testid="menu-reconnect" disabled={entry.status === "connecting" || entry.status === "reconnecting"} onSelect={() => void store().reconnect(id)}>
        Reconnect
      </ContextMenuItem>
      <ContextMenuItem data-testid="menu-copy-name" onSelect={copyName}>
        Copy context name
      </ContextMenuItem>
      <ContextMenuItem data-testid="menu-appearance" onSelect={() => setAppearanceFor(id)}>
        Colour, label and guard…
      </ContextMenuItem>
      <ContextMenuItem data-testid="menu-move-left" disabled={index <= 0} onSelect={() => store().reorder(index, index - 1)}>
        Move left
      </ContextMenuItem>
      <ContextMenuItem data-testid="menu-move-right" disabled={index >= count - 1} onSelect={() => store().reorder(index, index + 1)}>
        Move right
      </ContextMenuItem>
      <ContextMenuItem data-testid="menu-disconnect" danger onSelect={() => void store().disconnect(id)}>
        Disconnect
      </ContextMenuItem>
    </ContextMenuContent>
  );
}
