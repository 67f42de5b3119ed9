/** The idle timer that pauses background clusters' watches: off by default, only background clusters, resumed at once on switch-back. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPauseController, minuteMs, usePauseStore, type PauseInputs } from "../background-pause";
import { emptySavedState, sanitizeSavedState } from "../cluster-persistence";

const MINUTE = 60_000;

function setup() {
  const calls: string[] = [];
  const controller = createPauseController(
    {
      pause: async (id) => calls.push(`pause ${id}`),
      resume: async (id) => calls.push(`resume ${id}`),
    },
    () => MINUTE,
  );
  return { calls, controller };
}

const inputs = (active: string | null, connected: string[], afterMin: number | null, alsoInView: string[] = []): PauseInputs => ({
  inView: active ? [active, ...alsoInView] : alsoInView,
  connected,
  afterMin,
});

beforeEach(() => {
  vi.useFakeTimers();
  usePauseStore.setState({ paused: {}, resumedAt: {} });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("pausing background clusters", () => {
  it("is off by default: nothing is ever paused", () => {
    expect(emptySavedState.pauseBackgroundAfterMin).toBeNull();
    expect(sanitizeSavedState({}).pauseBackgroundAfterMin).toBeNull();
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b", "c"], emptySavedState.pauseBackgroundAfterMin));
    vi.advanceTimersByTime(24 * 60 * MINUTE);
    expect(calls).toEqual([]);
    controller.stop();
  });

  it("pauses only the background clusters after N minutes, never the active one", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b", "c"], 5));
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls.sort()).toEqual(["pause b", "pause c"]);
    expect(Object.keys(usePauseStore.getState().paused).sort()).toEqual(["b", "c"]);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(calls).not.toContain("pause a");
    controller.stop();
  });

  it("resumes a paused cluster at once when it becomes active, and pauses the one left after N minutes", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b"], 1));
    vi.advanceTimersByTime(MINUTE);
    expect(calls).toEqual(["pause b"]);

    controller.sync(inputs("b", ["a", "b"], 1));
    // No timer, no network wait: the resume is asked for in the same tick.
    expect(calls).toEqual(["pause b", "resume b"]);
    expect(usePauseStore.getState().paused).toEqual({});
    expect(usePauseStore.getState().resumedAt.b).toBe(Date.now());

    vi.advanceTimersByTime(MINUTE - 1);
    expect(calls).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["pause b", "resume b", "pause a"]);
    vi.advanceTimersByTime(10 * MINUTE);
    // The active cluster is never paused.
    expect(calls.filter((c) => c === "pause b")).toHaveLength(1);
    controller.stop();
  });

  it("never pauses a cluster the active view shows in its all-clusters scope", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b", "c"], 1, ["b"]));
    vi.advanceTimersByTime(10 * MINUTE);
    expect(calls).toEqual(["pause c"]);
    // The scope goes back to the own cluster: b is background from now on.
    controller.sync(inputs("a", ["a", "b", "c"], 1));
    vi.advanceTimersByTime(MINUTE);
    expect(calls).toEqual(["pause c", "pause b"]);
    // A paused cluster that the scope covers again resumes at once.
    controller.sync(inputs("a", ["a", "b", "c"], 1, ["b", "c"]));
    expect(calls.slice(2).sort()).toEqual(["resume b", "resume c"]);
    controller.stop();
  });

  it("a cluster made active before its time is up is not paused", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b"], 5));
    vi.advanceTimersByTime(4 * MINUTE);
    controller.sync(inputs("b", ["a", "b"], 5));
    vi.advanceTimersByTime(2 * MINUTE);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(3 * MINUTE);
    expect(calls).toEqual(["pause a"]);
    controller.stop();
  });

  it("turning the setting off resumes every paused cluster; a disconnected one is forgotten", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b", "c"], 1));
    vi.advanceTimersByTime(MINUTE);
    controller.sync(inputs("a", ["a", "b"], 1));
    expect(Object.keys(usePauseStore.getState().paused)).toEqual(["b"]);
    controller.sync(inputs("a", ["a", "b"], null));
    expect(calls.slice(2)).toEqual(["resume b"]);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(calls).toHaveLength(3);
    controller.stop();
  });

  it("a changed delay starts the wait again from now", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b"], 5));
    vi.advanceTimersByTime(4 * MINUTE);
    controller.sync(inputs("a", ["a", "b"], 15));
    vi.advanceTimersByTime(14 * MINUTE);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(MINUTE);
    expect(calls).toEqual(["pause b"]);
    controller.stop();
  });

  it("Resume from the Connections panel resumes now and pauses again after the idle time", () => {
    const { calls, controller } = setup();
    controller.sync(inputs("a", ["a", "b"], 1));
    vi.advanceTimersByTime(MINUTE);
    controller.resumeNow("b");
    expect(calls).toEqual(["pause b", "resume b"]);
    vi.advanceTimersByTime(MINUTE);
    expect(calls).toEqual(["pause b", "resume b", "pause b"]);
    controller.stop();
  });
});

describe("saved setting and test minute", () => {
  it("keeps only the offered choices", () => {
    for (const m of [1, 5, 15, 30]) expect(sanitizeSavedState({ pauseBackgroundAfterMin: m }).pauseBackgroundAfterMin).toBe(m);
    for (const bad of [0, 2, -5, "5", null, true]) expect(sanitizeSavedState({ pauseBackgroundAfterMin: bad }).pauseBackgroundAfterMin).toBeNull();
  });

  it("a minute is 60 s unless the app runs with its test hooks and the E2E shortened it", () => {
    expect(minuteMs({ __kubeliPauseMinuteMs: 500 } as unknown as Window)).toBe(MINUTE);
    expect(minuteMs({ __KUBELI_BENCH_HOOKS__: true, __kubeliPauseMinuteMs: 500 } as unknown as Window)).toBe(500);
    expect(minuteMs({ __KUBELI_BENCH_HOOKS__: true } as unknown as Window)).toBe(MINUTE);
  });
});
