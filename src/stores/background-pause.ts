/**
 * Pausing the resource watches of background clusters (the setting "Pause background clusters
 * after N minutes", off by default: lists of other clusters are promised to stay live).
 *
 * When on, a connected cluster that has not been the active one for N minutes has its
 * watches paused in the backend (`pause_watchers`: no request open, rows and resourceVersions
 * kept). Switching to it resumes them at once (`resume_watchers`) without waiting: the kept
 * rows show as they were and the watch state goes from "paused" to live when the watch is
 * open again. The active cluster is never paused, nor a cluster the active view shows in its
 * all-clusters scope. Turning the setting off resumes every paused cluster. The app wires it
 * to its stores in `app/background-pause.ts`.
 */
import { create } from "zustand";
import { commands } from "@/lib/tauri/bindings";

/** What the controller reads of the window's state. */
export type PauseInputs = {
  /** The clusters the window shows now: the active one, plus those its view's all-clusters scope covers. */
  inView: string[];
  /** Connected clusters (their ids). */
  connected: string[];
  /** Minutes of background before a pause; null = off. */
  afterMin: number | null;
};

/** The backend calls, handed in so tests can watch them. */
export type PauseEffects = {
  pause: (id: string) => Promise<unknown>;
  resume: (id: string) => Promise<unknown>;
  /** Whether the backend says a watch of the cluster is paused (a pause this window did not record, e.g. before a reload). */
  pausedInBackend?: (id: string) => boolean;
};

type PauseState = {
  /** Clusters whose watches this window paused, with when (ms since the epoch). */
  paused: Record<string, number>;
  /** When each cluster's resume was asked for (ms since the epoch), for "switch → live". */
  resumedAt: Record<string, number>;
};

export const usePauseStore = create<PauseState>()(() => ({ paused: {}, resumedAt: {} }));

declare global {
  interface Window {
    /** Test hook (only with the bench flag, `KUBELI_BENCH_HOOKS=1`): the length of a "minute" in ms. */
    __kubeliPauseMinuteMs?: number;
  }
}

/** 60 s, or the E2E's shorter minute when the app runs with its test hooks. */
export function minuteMs(target: Window | undefined = typeof window === "undefined" ? undefined : window): number {
  const hook = target?.__KUBELI_BENCH_HOOKS__ === true ? target.__kubeliPauseMinuteMs : undefined;
  return typeof hook === "number" && hook > 0 ? hook : 60_000;
}

/**
 * The idle timer: `sync` is called with the current inputs whenever they may have changed
 * (active cluster, connected set, setting). Returns `sync` and `resume` (the Connections
 * panel's Resume: the cluster's timer starts again) and `stop`.
 */
export function createPauseController(effects: PauseEffects, minute: () => number = minuteMs) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let last: PauseInputs = { inView: [], connected: [], afterMin: null };

  const clear = (id: string) => {
    const timer = timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(id);
  };
  const forget = (id: string) =>
    usePauseStore.setState((s) => ({ paused: Object.fromEntries(Object.entries(s.paused).filter(([other]) => other !== id)) }));
  const resume = (id: string) => {
    if (!(id in usePauseStore.getState().paused) && !effects.pausedInBackend?.(id)) return;
    forget(id);
    usePauseStore.setState((s) => ({ resumedAt: { ...s.resumedAt, [id]: Date.now() } }));
    void effects.resume(id).catch(() => undefined);
  };
  const schedule = (id: string, afterMin: number) => {
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        if (last.inView.includes(id) || !last.connected.includes(id) || last.afterMin === null) return;
        usePauseStore.setState((s) => ({ paused: { ...s.paused, [id]: Date.now() } }));
        void effects.pause(id).catch(() => forget(id));
      }, afterMin * minute()),
    );
  };

  const sync = (inputs: PauseInputs) => {
    // A changed delay starts every background cluster's wait again, from now.
    if (inputs.afterMin !== last.afterMin) for (const id of [...timers.keys()]) clear(id);
    last = inputs;
    const paused = usePauseStore.getState().paused;
    for (const id of [...timers.keys(), ...Object.keys(paused)]) {
      if (!inputs.connected.includes(id)) {
        clear(id);
        forget(id);
      }
    }
    for (const id of inputs.connected) {
      if (inputs.inView.includes(id) || inputs.afterMin === null) {
        clear(id);
        resume(id);
      } else if (!timers.has(id) && !(id in paused)) {
        schedule(id, inputs.afterMin);
      }
    }
  };

  return {
    sync,
    /** Resume one cluster now (Connections panel); it is paused again after its idle time. */
    resumeNow: (id: string) => {
      forget(id);
      usePauseStore.setState((s) => ({ resumedAt: { ...s.resumedAt, [id]: Date.now() } }));
      void effects.resume(id).catch(() => undefined);
      clear(id);
      sync(last);
    },
    stop: () => {
      for (const id of [...timers.keys()]) clear(id);
    },
  };
}

type PauseController = ReturnType<typeof createPauseController>;

let registered: PauseController | null = null;

/** The app's controller (`app/background-pause.ts`), for Resume in the Connections panel. */
export function registerPauseController(controller: PauseController) {
  registered = controller;
}

/** Resume a cluster's watches now (the Connections panel's Resume); its idle time starts again. */
export function resumeWatchersNow(id: string) {
  if (registered) registered.resumeNow(id);
  else void commands.resumeWatchers(id).catch(() => undefined);
}
