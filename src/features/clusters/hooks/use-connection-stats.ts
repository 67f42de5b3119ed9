/**
 * The Connections panel's figures, kept live while it is open: `connection_stats` (a read of
 * the pool's registries, no cluster is asked) is read again after the events that change it —
 * a watch's delta or state change, a cluster connecting or disconnecting — at most every
 * `THROTTLE_MS`; nothing is read on a timer.
 */
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { useCallback, useEffect, useRef, useState } from "react";
import { commands, EVENT_RESOURCE_DELTA, EVENT_RESOURCE_WATCH_STATE, type ConnectionStats } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";

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
    let closed = false;
    const unlisten: UnlistenFn[] = [];
    for (const channel of [EVENT_RESOURCE_DELTA, EVENT_RESOURCE_WATCH_STATE]) {
      void listen(channel, soon).then((stop) => (closed ? stop() : unlisten.push(stop)));
    }
    return () => {
      closed = true;
      unlisten.forEach((stop) => stop());
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [refresh]);

  return { stats, error, refresh };
}
