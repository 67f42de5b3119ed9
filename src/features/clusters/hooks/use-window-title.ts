import { getCurrentWindow } from "@tauri-apps/api/window";
import { useEffect } from "react";
import { afterPaint } from "@/lib/after-paint";
import { selectActiveCluster } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";

/** "prod-eu — Kubeli" while a cluster is active (with its label, if the user gave one), else "Kubeli". */
export function windowTitle(context: string | null, label: string | null | undefined): string {
  if (!context) return "Kubeli";
  return `${context}${label ? ` (${label})` : ""} — Kubeli`;
}

/** Keeps the OS window title naming the active cluster, so the taskbar and window switcher say where you are. */
export function useWindowTitle() {
  const context = useClusterStore((s) => selectActiveCluster(s)?.cluster.context ?? null);
  const id = useClusterStore((s) => s.activeClusterContext);
  const label = useClusterStore((s) => (id ? s.prefs[id]?.label : null));
  // After the switch is painted: naming the window is an IPC call the switch's frame need not wait for.
  useEffect(
    () =>
      afterPaint(() => {
        const title = windowTitle(context, label);
        document.title = title;
        // Outside the app window (a plain browser) there is no window to name: document.title is all there is.
        const ignore = () => {};
        try {
          getCurrentWindow().setTitle(title).catch(ignore);
        } catch {
          ignore();
        }
      }),
    [context, label],
  );
}
