/**
 * The Connections panel's figures, kept live while it is open: `connection_stats` (a read of
 * the pool's registries, no cluster is asked) is read again after what changes it — a watch's
 * delta or state change reaching the resource store, a cluster connecting or disconnecting — at most every
 * `THROTTLE_MS`; nothing is read on a timer.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { commands, type ConnectionStats } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { useResourceStore } from "@/stores/resource-store";

/** Events closer together than this make one read. */
export const THROTTLE_MS = 250;

export function useConnectionStats() {
  const connected = useClusterStore((s) => s.connectedClusters);
  const [stats, setStats] = useState<ConnectionStats[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(() => {
    commands.connectionStats().then(
      (s) => {
        setStats(s);
        setError(null);
      },
      (e: unknown) => setError(String(e)),
    );
  }, []);

  // Read again when a cluster connects or disconnects while the panel is open.
  useEffect(refresh, [refresh, connected]);

  useEffect(() => {
    const soon = () => {
      if (timer.current !== null) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        refresh();
      }, THROTTLE_MS);
    };
    // Deltas and watch states land in the resource store (they reach the page through the
    // backend's event queue, not as events of their own).
    const stop = useResourceStore.subscribe(soon);
    return () => {
      stop();
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [refresh]);

  return { stats, error, refresh };
}
