import { InfoIcon, SettingsIcon } from "lucide-react";
import { useId, useState } from "react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Tooltip } from "@/components/ui/tooltip";
import { useClusterStore } from "@/stores/cluster-store";
import { AboutDialog } from "./about-dialog";

/** A small popover with app settings (reconnect last clusters on start) and the way to "About Kubeli". */
export function SettingsMenu() {
  const autoReconnect = useClusterStore((s) => s.autoReconnect);
  const setAutoReconnect = useClusterStore((s) => s.setAutoReconnect);
  const checkboxId = useId();
  const [aboutOpen, setAboutOpen] = useState(false);

  return (
    <>
    <Popover>
      <Tooltip content="Settings">
        <PopoverTrigger
          data-testid="settings-button"
          aria-label="Settings"
          className="flex h-8 w-8 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-400"
        >
          <SettingsIcon />
        </PopoverTrigger>
      </Tooltip>
      <PopoverContent>
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
        <button
          type="button"
          data-testid="about-button"
          onClick={() => setAboutOpen(true)}
          className="mt-3 flex w-full items-center gap-2 rounded-md border-t border-zinc-800 px-1 pt-3 text-left text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-400"
        >
          <InfoIcon aria-hidden />
          About Kubeli
        </button>
      </PopoverContent>
    </Popover>
    <AboutDialog open={aboutOpen} onClose={() => setAboutOpen(false)} />
    </>
  );
}
