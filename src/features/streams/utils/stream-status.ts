import type { StreamTab } from "@/stores/stream-store";

/** A followed log waiting for its cluster, which stopped answering: it goes on from where it stopped. */
export const waitsForCluster = (tab: StreamTab): boolean => tab.type === "logs" && tab.status === "running" && tab.silence !== null;

/** What a tab shows as its state: a log waiting for its cluster reads "waiting". */
export const shownStatus = (tab: StreamTab): StreamTab["status"] | "waiting" => (waitsForCluster(tab) ? "waiting" : tab.status);
