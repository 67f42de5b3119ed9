import type { ReactElement } from "react";
import { toast } from "sonner";
import { ContextMenu, ContextMenuContent, ContextMenuItem, ContextMenuLabel, ContextMenuTrigger } from "@/components/ui/menu";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";

/**
 * Right-click / Shift+F10 menu of one cluster tab (Radix context menu): switch, reconnect,
 * copy name, colour/label, move, disconnect. `children` is the tab it opens on.
 */
export function ClusterContextMenu({ id, children }: { id: string; children: ReactElement }) {
  return (
    <ContextMenu>
      <ContextMenuTrigger asChild>{children}</ContextMenuTrigger>
      <ClusterMenuItems id={id} />
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
