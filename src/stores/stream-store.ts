/**
 * Log tabs, shell tabs and port-forwards of every cluster (issue #12). Tabs belong to their
 * cluster (`context`) and keep receiving events while another cluster is active; log lines live
 * in a bounded `LogBuffer` per tab (outside React state; `lineVersions` tells its view to redraw,
 * so a batch of lines redraws that view only, not the dock).
 * Events arrive through `stream-events.ts`.
 */
import { create } from "zustand";
import { toast } from "sonner";
import { DEFAULT_LOG_BUFFER, LogBuffer } from "./log-buffer";
import { streamCommands, type ForwardTarget, type LogSource, type LogTarget, type PortForwardInfo, type PortForwardRequest, type StreamEnd, type StreamInfo } from "./stream-api";
import { useClusterStore } from "./cluster-store";

export type LogOptions = {
  follow: boolean;
  tailLines: number | null;
  sinceSeconds: number | null;
  timestamps: boolean;
  previous: boolean;
  /** One container of a pod; null = every container, merged. */
  container: string | null;
};
export const DEFAULT_LOG_OPTIONS: LogOptions = { follow: true, tailLines: 500, sinceSeconds: null, timestamps: false, previous: false, container: null };

type TabBase = {
  id: string;
  context: string;
  namespace: string;
  title: string;
  /** The backend stream's id once started. */
  streamId: string | null;
  status: "starting" | "running" | "ended";
  /** Why the stream ended, or why it could not start; names the cluster. */
  end: StreamEnd | null;
  /** Re-attached after a page reload: earlier output is not shown. */
  reattached: boolean;
};
export type LogTab = TabBase & {
  type: "logs";
  /** null for a tab re-attached after a reload whose request the backend did not list. */
  target: LogTarget | null;
  /** The pod's containers, to choose from (empty for workloads). */
  containers: string[];
  options: LogOptions;
  sources: LogSource[];
  /**
   * While its cluster does not answer (a followed log waits, its connection gone silent): why,
   * naming the cluster. It goes on from where it stopped when the cluster answers.
   */
  silence: string | null;
};
export type ShellTab = TabBase & { type: "shell"; pod: string; container: string | null; containers: string[]; command: string[] | null };
export type StreamTab = LogTab | ShellTab;

/** What the port-forward dialog was opened for. */
export type ForwardDialogRequest = { context: string; namespace: string; target: ForwardTarget; ports: number[] };
/** A forward as listed: the backend's info, plus why it ended when it did. */
export type ForwardEntry = PortForwardInfo & { ended: string | null };
/** The pod a keyboard shortcut or the palette acts on (the focused or opened row). */
export type FocusedPod = { context: string; namespace: string; name: string; containers: string[] };

type StreamStore = {
  tabs: StreamTab[];
  /** Per log tab: increases with every batch of lines appended (or the buffer cleared or resized). */
  lineVersions: Record<string, number>;
  /** The shown tab per cluster. */
  activeTab: Record<string, string>;
  dockOpen: boolean;
  /** The dock's height when open (px), saved across starts. */
  dockHeight: number;
  /** What the dock takes at the bottom of the window now (px; 0 hidden): floating buttons sit above it. */
  dockInset: number;
  forwards: Record<string, ForwardEntry>;
  forwardDialog: ForwardDialogRequest | null;
  bufferLimit: number;
  focusedPod: FocusedPod | null;
  openLogs: (context: string, namespace: string, target: LogTarget, containers?: string[]) => string;
  setLogOptions: (tabId: string, options: Partial<LogOptions>) => void;
  openShell: (context: string, namespace: string, pod: string, containers?: string[]) => string;
  /** The terminal is laid out: start the exec with its size. */
  startShell: (tabId: string, cols: number, rows: number) => Promise<void>;
  /**
   * An ended tab starts again in place: a log with the same options (from its tail, its lines
   * cleared), a shell as a new session (its terminal starts it, below the old screen).
   */
  restartTab: (tabId: string) => void;
  closeTab: (tabId: string) => void;
  selectTab: (context: string, tabId: string) => void;
  setDockOpen: (open: boolean) => void;
  setDockHeight: (height: number) => void;
  setDockInset: (inset: number) => void;
  openForwardDialog: (request: ForwardDialogRequest) => void;
  closeForwardDialog: () => void;
  startForward: (context: string, request: PortForwardRequest) => Promise<string | null>;
  stopForward: (id: string) => void;
  setBufferLimit: (lines: number) => void;
  setFocusedPod: (pod: FocusedPod | null) => void;
  /** After a page reload: list the backend's running streams and forwards again. */
  restore: () => Promise<void>;
};

/** The dock's pseudo tab listing port-forwards. */
export const FORWARDS_TAB = "forwards";

const buffers = new Map<string, LogBuffer>();
/** Shell tabs whose exec is being started (a second start must not open a second session). */
const shellsStarting = new Set<string>();

/** Whether an ended tab can start again: its request is known (a re-attached tab's comes from the backend's listing). */
export const canRestart = (tab: StreamTab): boolean => (tab.type === "shell" ? tab.namespace !== "" : tab.target !== null);
const BUFFER_KEY = "kubeli.streams.logBuffer";
const DOCK_HEIGHT_KEY = "kubeli.streams.dockHeight";
export const DEFAULT_DOCK_HEIGHT = 320;

function savedDockHeight(): number {
  const saved = Number(globalThis.localStorage?.getItem(DOCK_HEIGHT_KEY));
  return Number.isFinite(saved) && saved >= 120 ? saved : DEFAULT_DOCK_HEIGHT;
}

/** The lines of a log tab. */
export function logBufferOf(tabId: string): LogBuffer {
  let buffer = buffers.get(tabId);
  if (!buffer) {
    buffer = new LogBuffer(useStreamStore.getState().bufferLimit);
    buffers.set(tabId, buffer);
  }
  return buffer;
}

/** Log tabs' buffers changed: their views redraw (one store update for all of them). */
export function bumpLines(...tabIds: string[]) {
  useStreamStore.setState((s) => {
    const lineVersions = { ...s.lineVersions };
    for (const id of tabIds) lineVersions[id] = (lineVersions[id] ?? 0) + 1;
    return { lineVersions };
  });
}

/** The cluster's name as the user knows it (its context), for messages. */
export function clusterNameOf(context: string): string {
  return useClusterStore.getState().connectedClusters.get(context)?.cluster.context ?? context.split("#").pop() ?? context;
}

function savedBufferLimit(): number {
  const saved = Number(globalThis.localStorage?.getItem(BUFFER_KEY));
  return Number.isInteger(saved) && saved >= 1000 ? saved : DEFAULT_LOG_BUFFER;
}

let nextTab = 0;
const newTabId = (type: string) => `${type}-${Date.now().toString(36)}-${nextTab++}`;

function describe(target: LogTarget): string {
  if (target.type === "pod") return target.pod;
  if (target.type === "workload") return `${target.kind.replace(/s$/, "")}/${target.name}`;
  return target.selector;
}

/** An error as a tab shows it: it names the cluster. */
export function startFailure(context: string, message: string): StreamEnd {
  const name = clusterNameOf(context);
  return { message: message.includes(name) ? message : `${name}: ${message}`, kind: null, exitCode: null };
}

export const useStreamStore = create<StreamStore>()((set, get) => {
  const patchTab = (tabId: string, change: Partial<LogTab> | Partial<ShellTab>) =>
    set((s) => ({ tabs: s.tabs.map((t) => (t.id === tabId ? ({ ...t, ...change } as StreamTab) : t)) }));

  const runLogs = async (tabId: string) => {
    const tab = get().tabs.find((t) => t.id === tabId);
    if (!tab || tab.type !== "logs" || !tab.target) return;
    const { options } = tab;
    const target: LogTarget = tab.target.type === "pod" ? { ...tab.target, container: options.container } : tab.target;
    const result = await streamCommands.startLogs(tab.context, {
      namespace: tab.namespace,
      target,
      follow: options.follow,
      tailLines: options.tailLines,
      sinceSeconds: options.sinceSeconds,
      timestamps: options.timestamps,
      previous: options.previous,
    });
    const current = get().tabs.find((t) => t.id === tabId);
    if (result.status === "error") {
      if (current) patchTab(tabId, { status: "ended", end: startFailure(tab.context, result.error.message) });
      return;
    }
    // Closed (or restarted) while starting: the stream is not wanted any more.
    if (!current || current.status !== "starting") {
      void streamCommands.stopStream(result.data);
      return;
    }
    patchTab(tabId, { streamId: result.data, status: "running" });
    attachHook?.(result.data);
  };

  const addTab = (tab: StreamTab) => set((s) => ({ tabs: [...s.tabs, tab], activeTab: { ...s.activeTab, [tab.context]: tab.id }, dockOpen: true }));

  return {
    tabs: [],
    lineVersions: {},
    activeTab: {},
    dockOpen: false,
    dockHeight: savedDockHeight(),
    dockInset: 0,
    forwards: {},
    forwardDialog: null,
    bufferLimit: savedBufferLimit(),
    focusedPod: null,

    openLogs: (context, namespace, target, containers = []) => {
      const id = newTabId("logs");
      addTab({ id, type: "logs", context, namespace, title: describe(target), streamId: null, status: "starting", end: null, reattached: false, target, containers, options: DEFAULT_LOG_OPTIONS, sources: [], silence: null });
      void runLogs(id);
      return id;
    },

    setLogOptions: (tabId, change) => {
      const tab = get().tabs.find((t) => t.id === tabId);
      if (!tab || tab.type !== "logs" || !tab.target) return;
      if (tab.streamId) void streamCommands.stopStream(tab.streamId);
      logBufferOf(tabId).clear();
      patchTab(tabId, { options: { ...tab.options, ...change }, streamId: null, status: "starting", end: null, sources: [], silence: null, reattached: false });
      bumpLines(tabId);
      void runLogs(tabId);
    },

    openShell: (context, namespace, pod, containers = []) => {
      const id = newTabId("shell");
      addTab({ id, type: "shell", context, namespace, title: pod, streamId: null, status: "starting", end: null, reattached: false, pod, container: containers[0] ?? null, containers, command: null });
      return id;
    },

    startShell: async (tabId, cols, rows) => {
      const tab = get().tabs.find((t) => t.id === tabId);
      if (!tab || tab.type !== "shell" || tab.streamId || tab.status !== "starting" || shellsStarting.has(tabId)) return;
      shellsStarting.add(tabId);
      const result = await streamCommands
        .startExec(tab.context, { namespace: tab.namespace, pod: tab.pod, container: tab.container, command: null, cols, rows })
        .finally(() => shellsStarting.delete(tabId));
      const current = get().tabs.find((t) => t.id === tabId);
      if (result.status === "error") {
        if (current) patchTab(tabId, { status: "ended", end: startFailure(tab.context, result.error.message) });
        return;
      }
      if (!current) {
        void streamCommands.stopStream(result.data.id);
        return;
      }
      patchTab(tabId, { streamId: result.data.id, status: "running", container: result.data.container, command: result.data.command });
      attachHook?.(result.data.id);
    },

    restartTab: (tabId) => {
      const tab = get().tabs.find((t) => t.id === tabId);
      if (!tab || tab.status !== "ended" || !canRestart(tab)) return;
      if (tab.type === "logs") get().setLogOptions(tabId, {});
      else patchTab(tabId, { status: "starting", streamId: null, end: null, reattached: false });
    },

    closeTab: (tabId) => {
      const tab = get().tabs.find((t) => t.id === tabId);
      if (!tab) return;
      if (tab.streamId && tab.status !== "ended") void streamCommands.stopStream(tab.streamId);
      buffers.delete(tabId);
      set((s) => {
        const tabs = s.tabs.filter((t) => t.id !== tabId);
        const activeTab = { ...s.activeTab };
        if (activeTab[tab.context] === tabId) {
          const next = tabs.filter((t) => t.context === tab.context).at(-1);
          if (next) activeTab[tab.context] = next.id;
          else delete activeTab[tab.context];
        }
        const lineVersions = { ...s.lineVersions };
        delete lineVersions[tabId];
        return { tabs, activeTab, lineVersions };
      });
    },

    selectTab: (context, tabId) => set((s) => ({ activeTab: { ...s.activeTab, [context]: tabId }, dockOpen: true })),
    setDockOpen: (dockOpen) => set({ dockOpen }),
    setDockHeight: (dockHeight) => {
      globalThis.localStorage?.setItem(DOCK_HEIGHT_KEY, String(Math.round(dockHeight)));
      set({ dockHeight });
    },
    setDockInset: (dockInset) => {
      if (get().dockInset !== dockInset) set({ dockInset });
    },
    openForwardDialog: (forwardDialog) => set({ forwardDialog }),
    closeForwardDialog: () => set({ forwardDialog: null }),

    startForward: async (context, request) => {
      const result = await streamCommands.startPortForward(context, request);
      if (result.status === "error") return startFailure(context, result.error.message).message;
      // The dock shows the cluster's forwards, the new one among them.
      set((s) => ({ forwards: { ...s.forwards, [result.data.id]: { ...result.data, ended: null } }, dockOpen: true, activeTab: { ...s.activeTab, [context]: FORWARDS_TAB } }));
      return null;
    },

    stopForward: (id) => {
      const entry = get().forwards[id];
      if (entry && !entry.ended) void streamCommands.stopStream(id);
      set((s) => {
        const forwards = { ...s.forwards };
        delete forwards[id];
        return { forwards };
      });
    },

    setBufferLimit: (lines) => {
      globalThis.localStorage?.setItem(BUFFER_KEY, String(lines));
      buffers.forEach((buffer) => buffer.resize(lines));
      set((s) => ({ bufferLimit: lines, lineVersions: Object.fromEntries(Object.entries(s.lineVersions).map(([id, v]) => [id, v + 1])) }));
    },

    setFocusedPod: (focusedPod) => set({ focusedPod }),

    restore: async () => {
      const [streams, forwards] = await Promise.all([streamCommands.listStreams(), streamCommands.listPortForwards()]);
      // An older backend (or a test's) may answer nothing here.
      if (forwards.status === "ok" && Array.isArray(forwards.data)) {
        set((s) => ({ forwards: { ...Object.fromEntries(forwards.data.map((f) => [f.id, { ...f, ended: null }])), ...s.forwards } }));
      }
      if (streams.status !== "ok" || !Array.isArray(streams.data)) return;
      const known = new Set(get().tabs.map((t) => t.streamId));
      const reattached = streams.data.filter((info) => info.kind !== "portForward" && !known.has(info.id)).map(reattachedTab);
      if (reattached.length === 0) return;
      set((s) => ({
        tabs: [...s.tabs, ...reattached],
        activeTab: { ...Object.fromEntries(reattached.map((t) => [t.context, t.id])), ...s.activeTab },
      }));
      reattached.forEach((t) => attachHook?.(t.streamId!));
      toast.message(reattachedMessage(reattached));
    },
  };
});

/** Tests: no tab, no forward, no buffer. */
export function resetStreamStore() {
  buffers.clear();
  useStreamStore.setState({ tabs: [], lineVersions: {}, activeTab: {}, dockOpen: false, dockHeight: savedDockHeight(), dockInset: 0, forwards: {}, forwardDialog: null, bufferLimit: savedBufferLimit(), focusedPod: null });
}

/** "Re-attached 2 logs and 1 shell still running; …": what came back after a reload. */
export function reattachedMessage(tabs: readonly StreamTab[]): string {
  const counted = (n: number, what: string) => (n === 1 ? `1 ${what}` : `${n} ${what}s`);
  const logs = tabs.filter((t) => t.type === "logs").length;
  const shells = tabs.length - logs;
  const parts = [logs > 0 ? counted(logs, "log") : null, shells > 0 ? counted(shells, "shell") : null].filter(Boolean);
  return `Re-attached ${parts.join(" and ")} still running; what ${tabs.length === 1 ? "it" : "they"} showed before the reload is gone.`;
}

function reattachedTab(info: StreamInfo): StreamTab {
  const base = { id: newTabId(info.kind), context: info.context, namespace: info.namespace ?? "", title: info.title, streamId: info.id, status: "running" as const, end: null, reattached: true };
  if (info.kind === "logs") {
    // Its request as the backend started it (an older backend's listing has none: it cannot start again).
    const request = info.log ?? null;
    const container = request?.target.type === "pod" ? request.target.container : null;
    const options: LogOptions = request
      ? { follow: request.follow, tailLines: request.tailLines, sinceSeconds: request.sinceSeconds, timestamps: request.timestamps, previous: request.previous, container }
      : DEFAULT_LOG_OPTIONS;
    return { ...base, type: "logs", target: request?.target ?? null, containers: container ? [container] : [], options, sources: [], silence: info.waiting ?? null };
  }
  // An exec stream's title is "<pod>/<container>".
  const [pod, container = null] = info.title.split("/");
  return { ...base, type: "shell", pod, container, containers: container ? [container] : [], command: null };
}

/** Called when a tab learns its stream id (the event layer replays what came before). */
let attachHook: ((streamId: string) => void) | null = null;
export function setStreamAttachHook(hook: (streamId: string) => void) {
  attachHook = hook;
}
