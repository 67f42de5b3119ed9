import { InfoIcon, SettingsIcon } from "lucide-react";
import { useId, useState } from "react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Tooltip } from "@/components/ui/tooltip";
import { PAUSE_CHOICES, type PauseChoice } from "@/stores/cluster-persistence";
import { useClusterStore } from "@/stores/cluster-store";
import { AboutDialog } from "./about-dialog";

/** A small popover with app settings (reconnect last clusters on start, pause background clusters) and the way to "About Kubeli". */
export function SettingsMenu() {
  const autoReconnect = useClusterStore((s) => s.autoReconnect);
  const setAutoReconnect = useClusterStore((s) => s.setAutoReconnect);
  const checkboxId = useId();
  const pauseId = useId();
  const pauseAfter = useClusterStore((s) => s.pauseBackgroundAfterMin);
  const setPauseAfter = useClusterStore((s) => s.setPauseBackgroundAfter);
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
        <div className="mt-3 border-t border-zinc-800 pt-3">
          <label htmlFor={pauseId} className="block text-zinc-100">
            Pause background clusters
          </label>
          <select
            id={pauseId}
            data-testid="pause-background"
            value={pauseAfter ?? "off"}
            onChange={(e) => setPauseAfter(e.target.value === "off" ? null : (Number(e.target.value) as PauseChoice))}
            className="mt-1 w-full rounded-md border border-zinc-700 bg-zinc-900 px-2 py-1 text-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-400"
          >
            <option value="off">Never (lists of every cluster stay live)</option>
            {PAUSE_CHOICES.map((m) => (
              <option key={m} value={m}>
                After {m} minute{m === 1 ? "" : "s"} in the background
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-zinc-500">Stops the watches of clusters you are not looking at; they resume from where they were when you switch back.</span>
        </div>
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
