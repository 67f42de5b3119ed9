/**
 * A log tab's "Download" and a port-forward's "Open in browser" as they work in the app (a Blob
 * link and `window.open` do nothing in the Tauri web view): the backend writes the log into the
 * user's Downloads folder under a name of its own and shows it in its folder (tauri-plugin-opener),
 * and starts the OS opener for `http://localhost:<port>/` with the user's environment, not the one
 * the app set for its own WebKit (`open_forward_in_browser`).
 */
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import { toast } from "sonner";
import { callCommand } from "@/lib/errors";
import { commands } from "@/lib/tauri/bindings";
import type { LogTab } from "@/stores/stream-store";

/** `20261128-094200`, the local time, for file names. */
export function fileTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/** What a tab's file is named after: the pod (or workload) and the container (or "all"). */
export function logFileParts(tab: LogTab): { pod: string; container: string } {
  const target = tab.target;
  if (target?.type === "pod") return { pod: target.pod, container: target.container ?? tab.options.container ?? "all" };
  if (target?.type === "workload") return { pod: `${target.kind}-${target.name}`, container: "all" };
  if (target?.type === "selector") return { pod: target.selector, container: "all" };
  return { pod: tab.title, container: "all" };
}

/**
 * Saves `text` as `<cluster>-<pod>-<container>-<timestamp>.log` in the Downloads folder and says
 * where in a toast with "Show in folder"; a failure (no Downloads folder, disk full, no
 * permission) shows in the toast with its cause. Returns the saved path, or null.
 */
export async function saveLog(tab: LogTab, text: string, now = new Date()): Promise<string | null> {
  const { pod, container } = logFileParts(tab);
  const result = await callCommand(() => commands.saveLogFile(tab.context, pod, container, fileTimestamp(now), text));
  if (result.status === "error") {
    toast.error("Could not save the log", { description: result.error.message });
    return null;
  }
  const path = result.data;
  toast.success("Log saved", {
    description: path,
    action: { label: "Show in folder", onClick: () => void revealItemInDir(path).catch((e: unknown) => toast.error("Could not show the folder", { description: String(e) })) },
  });
  return path;
}

/** Opens a forward's local address in the system browser; a failure names the cluster and why. */
export async function openInBrowser(context: string, port: number): Promise<void> {
  const result = await callCommand(() => commands.openForwardInBrowser(context, port));
  if (result.status === "error") toast.error(`Could not open http://localhost:${port}/`, { description: result.error.message });
}
