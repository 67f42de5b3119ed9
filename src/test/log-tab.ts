/** A running log tab of pod web-1 in shop, as the stream store holds one, for view tests. */
import { DEFAULT_LOG_OPTIONS, type LogTab } from "@/stores/stream-store";

export function logTab(change: Partial<LogTab> = {}): LogTab {
  return {
    id: "logs-t",
    type: "logs",
    context: "prod",
    namespace: "shop",
    title: "web-1",
    streamId: "s-1",
    status: "running",
    end: null,
    reattached: false,
    target: { type: "pod", pod: "web-1", container: null },
    containers: [],
    options: DEFAULT_LOG_OPTIONS,
    sources: [],
    silence: null,
    ...change,
  };
}
