/** The page reloads once the user pauses after Tauri's IPC fell back to evaluated answers. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FALLBACK_WARNING, QUIET_MS, RELOADED_AT_KEY, RELOAD_EVERY_MS, startIpcFallbackRecovery } from "../ipc-fallback";

let stop: () => void = () => {};
let clock = 1_000_000;
const fakeConsole = { warn: vi.fn() };

function start() {
  const reload = vi.fn();
  stop = startIpcFallbackRecovery({ console: fakeConsole, reload, now: () => clock, storage: sessionStorage });
  return reload;
}

const tauriWarns = () => fakeConsole.warn(`${FALLBACK_WARNING}, Tauri will now use the postMessage interface instead`, new TypeError("Load failed"));

beforeEach(() => {
  vi.useFakeTimers();
  sessionStorage.clear();
  document.body.innerHTML = "";
  fakeConsole.warn = vi.fn();
  clock = 1_000_000;
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe("IPC fallback recovery", () => {
  it("reloads the page once the user has paused after the fallback, and remembers when", () => {
    const warned = fakeConsole.warn;
    const reload = start();
    tauriWarns();
    expect(warned).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(QUIET_MS - 1000);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(sessionStorage.getItem(RELOADED_AT_KEY)).toBe(String(clock));
  });

  it("ignores other warnings", () => {
    const reload = start();
    fakeConsole.warn("something else", new Error("x"));
    vi.advanceTimersByTime(QUIET_MS * 10);
    expect(reload).not.toHaveBeenCalled();
  });

  it("waits while a dialog is open or text is typed", () => {
    const reload = start();
    document.body.innerHTML = '<div role="dialog"></div>';
    tauriWarns();
    vi.advanceTimersByTime(QUIET_MS * 3);
    expect(reload).not.toHaveBeenCalled();
    document.body.innerHTML = "";
    vi.advanceTimersByTime(QUIET_MS);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("does not reload again within the window after a reload, and again after it", () => {
    sessionStorage.setItem(RELOADED_AT_KEY, String(clock - 60_000));
    const reload = start();
    tauriWarns();
    vi.advanceTimersByTime(QUIET_MS * 3);
    expect(reload).not.toHaveBeenCalled();
    clock += RELOAD_EVERY_MS;
    tauriWarns();
    vi.advanceTimersByTime(QUIET_MS);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("gives the console back when stopped", () => {
    const warned = fakeConsole.warn;
    start();
    expect(fakeConsole.warn).not.toBe(warned);
    stop();
    expect(fakeConsole.warn).toBe(warned);
  });
});
