/**
 * Tells the user, once per start, when saved settings or saved cluster state could not be
 * used (and where the old copy was kept), as toasts that stay until closed.
 */
import { useEffect } from "react";
import { toast } from "sonner";
import { commands } from "@/lib/tauri/bindings";
import { takeSavedStateNotices } from "@/stores/cluster-persistence";

function notice(id: string, title: string, description: string) {
  // A fixed id per notice: a second call (React's strict mode) replaces, never duplicates.
  toast.warning(title, { id, description, duration: Infinity });
}

export function useStartupNotices() {
  useEffect(() => {
    takeSavedStateNotices().forEach((text, i) => notice(`saved-state-${i}`, "Saved cluster state was reset", text));
    commands
      .settingsWarning()
      .then((warning) => {
        if (warning) notice("settings-warning", "Settings could not be loaded", warning);
      })
      .catch(() => {
        // An older backend without the command: nothing to tell.
      });
  }, []);
}
