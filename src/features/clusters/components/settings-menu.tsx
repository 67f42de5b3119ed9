import { useEffect, useId, useRef, useState } from "react";
import { SettingsIcon } from "lucide-react";
import { useClusterStore } from "@/stores/cluster-store";

/** A small popover with app settings (for now: reconnect last clusters on start). */
export function SettingsMenu() {
  const [open, setOpen] = useState(false);
  const autoReconnect = useClusterStore((s) => s.autoReconnect);
  const setAutoReconnect = useClusterStore((s) => s.setAutoReconnect);
  const ref = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const checkboxId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onPointer);
    return () => document.removeEventListener("mousedown", onPointer);
  }, [open]);

  return (
    <div ref={ref} className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button
        type="button"
        data-testid="settings-button"
        aria-label="Settings"
        title="Settings"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex h-8 w-8 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-400"
      >
        <SettingsIcon />
      </button>
      {open ? (
        <div id={panelId} className="absolute top-full right-0 z-40 mt-1 w-72 rounded-lg border border-zinc-700 bg-zinc-900 p-3 text-sm shadow-2xl shadow-black/60">
          <p className="mb-2 text-xs font-semibold text-zinc-400">Settings</p>
          <label htmlFor={checkboxId} className="flex cursor-pointer items-start gap-2.5">
            <input
              id={checkboxId}
              type="checkbox"
              data-testid="auto-reconnect-setting"
              checked={autoReconnect}
              onChange={(e) => setAutoReconnect(e.target.checked)}
              className="mt-0.5 h-4 w-4 accent-sky-500"
            />
            <span>
              <span className="block text-zinc-100">Reconnect on start</span>
              <span className="block text-xs text-zinc-500">Connect again to the clusters that were connected when Kubeli closed.</span>
            </span>
          </label>
        </div>
      ) : null}
    </div>
  );
}
