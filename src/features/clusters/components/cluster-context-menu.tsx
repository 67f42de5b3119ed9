import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";

type Item = { id: string; label: string; run: () => void; danger?: boolean; disabled?: boolean };

/** Right-click / Shift+F10 menu of one cluster tab. */
export function ClusterContextMenu({ id, x, y, onClose }: { id: string; x: number; y: number; onClose: () => void }) {
  const store = useClusterStore();
  const setAppearanceFor = useClusterUiStore((s) => s.setAppearanceFor);
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  const entry = store.connectedClusters.get(id);
  const index = store.tabOrder.indexOf(id);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not([disabled])')?.focus();
    const onPointer = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener("mousedown", onPointer);
    return () => document.removeEventListener("mousedown", onPointer);
  }, [onClose]);

  if (!entry) return null;
  const name = entry.cluster.context;
  const close = (run: () => void) => () => {
    run();
    onClose();
  };
  const items: Item[] = [
    { id: "switch", label: "Switch to this cluster", run: close(() => store.setActiveCluster(id)) },
    { id: "reconnect", label: "Reconnect", run: close(() => void store.reconnect(id)), disabled: entry.status === "connecting" || entry.status === "reconnecting" },
    {
      id: "copy-name",
      label: copied ? "Copied" : "Copy context name",
      run: () => {
        void navigator.clipboard?.writeText(name).then(() => setCopied(true), () => undefined);
        setTimeout(onClose, 400);
      },
    },
    { id: "appearance", label: "Set colour / label…", run: close(() => setAppearanceFor(id)) },
    { id: "move-left", label: "Move left", run: close(() => store.reorder(index, index - 1)), disabled: index <= 0 },
    { id: "move-right", label: "Move right", run: close(() => store.reorder(index, index + 1)), disabled: index >= store.tabOrder.length - 1 },
    { id: "disconnect", label: "Disconnect", run: close(() => void store.disconnect(id)), danger: true },
  ];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault();
      onClose();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      buttons[(at + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      buttons[event.key === "Home" ? 0 : buttons.length - 1]?.focus();
    }
  };

  const left = Math.max(4, Math.min(x, window.innerWidth - 232));
  const top = Math.max(4, Math.min(y, window.innerHeight - 290));

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={`${name} actions`}
      data-testid="cluster-tab-menu"
      onKeyDown={onKeyDown}
      style={{ left, top }}
      className="fixed z-50 w-56 rounded-lg border border-zinc-700 bg-zinc-900 p-1 text-sm shadow-2xl shadow-black/60"
    >
      <p className="truncate px-2.5 pt-1 pb-1.5 text-[11px] font-medium text-zinc-500" title={name}>
        {name}
      </p>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          data-testid={`menu-${item.id}`}
          disabled={item.disabled}
          onClick={item.run}
          className={
            item.danger
              ? "flex w-full items-center rounded-md px-2.5 py-1.5 text-left text-red-300 outline-none hover:bg-red-500/15 focus:bg-red-500/15 disabled:opacity-40"
              : "flex w-full items-center rounded-md px-2.5 py-1.5 text-left text-zinc-200 outline-none hover:bg-zinc-800 focus:bg-zinc-800 disabled:opacity-40"
          }
        >
          {item.label}
        </button>
      ))}
    </div>,
    document.body,
  );
}
