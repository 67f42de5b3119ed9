/** The idle timer that asks the backend to recycle the web process once every cluster is gone. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IDLE_MS, RECYCLED_KEY, pageIsBusy, startWebRecycle } from "../web-recycle";

let connected = 0;
let listeners: Array<() => void> = [];
let stop: () => void = () => {};

function start(answer: boolean | Error = true) {
  const recycle = vi.fn(() => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)));
  stop = startWebRecycle({
    connected: () => connected,
    recycle,
    subscribe: (onChange) => {
      listeners.push(onChange);
      return () => (listeners = listeners.filter((l) => l !== onChange));
    },
  });
  return recycle;
}

const setConnected = (n: number) => {
  connected = n;
  listeners.forEach((l) => l());
};

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  document.body.innerHTML = "";
  connected = 0;
  listeners = [];
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe("web process recycling", () => {
  it("asks once the window has been idle with nothing connected, and marks the recycle before asking", async () => {
    const recycle = start(true);
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(recycle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(recycle).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(RECYCLED_KEY)).toBe("1");
    await vi.runAllTimersAsync();
    expect(recycle).toHaveBeenCalledTimes(1);
  });

  it("never asks while a cluster is connected; input starts the idle spell again", () => {
    connected = 1;
    const recycle = start();
    vi.advanceTimersByTime(IDLE_MS * 3);
    expect(recycle).not.toHaveBeenCalled();
    setConnected(0);
    vi.advanceTimersByTime(IDLE_MS - 1000);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(recycle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(recycle).toHaveBeenCalledTimes(1);
  });

  it("waits while a dialog is open or a field holds text", () => {
    document.body.innerHTML = '<div role="dialog"></div>';
    const recycle = start();
    vi.advanceTimersByTime(IDLE_MS * 2);
    expect(recycle).not.toHaveBeenCalled();
    document.body.innerHTML = '<input type="text" value="prod" />';
    vi.advanceTimersByTime(IDLE_MS);
    expect(recycle).not.toHaveBeenCalled();
    document.body.innerHTML = '<input type="checkbox" checked />';
    vi.advanceTimersByTime(IDLE_MS);
    expect(recycle).toHaveBeenCalledTimes(1);
  });

  it("after a recycle, does not ask again until a cluster has been connected", async () => {
    localStorage.setItem(RECYCLED_KEY, "1");
    const recycle = start();
    vi.advanceTimersByTime(IDLE_MS * 2);
    expect(recycle).not.toHaveBeenCalled();
    setConnected(1);
    expect(localStorage.getItem(RECYCLED_KEY)).toBeNull();
    setConnected(0);
    vi.advanceTimersByTime(IDLE_MS);
    expect(recycle).toHaveBeenCalledTimes(1);
  });

  it("clears the mark when the backend kept the process (under its ceiling) or failed", async () => {
    start(false);
    vi.advanceTimersByTime(IDLE_MS);
    await vi.runAllTimersAsync();
    expect(localStorage.getItem(RECYCLED_KEY)).toBeNull();
    stop();
    start(new Error("no window"));
    vi.advanceTimersByTime(IDLE_MS);
    await vi.runAllTimersAsync();
    expect(localStorage.getItem(RECYCLED_KEY)).toBeNull();
  });

  it("pageIsBusy reads dialogs and text fields only", () => {
    document.body.innerHTML = '<input type="search" value="" /><textarea></textarea>';
    expect(pageIsBusy(document)).toBe(false);
    document.body.innerHTML = "<textarea>notes</textarea>";
    expect(pageIsBusy(document)).toBe(true);
    document.body.innerHTML = '<div role="alertdialog"></div>';
    expect(pageIsBusy(document)).toBe(true);
  });
});

describe("web process recycling and storage", () => {
  it("touches localStorage only when the mark changes, not on every store change", () => {
    const storage = { getItem: vi.fn(() => null), setItem: vi.fn(), removeItem: vi.fn() };
    connected = 2;
    stop = startWebRecycle({ connected: () => connected, recycle: () => Promise.resolve(true), subscribe: (l) => ((listeners.push(l), () => {})), storage });
    for (let i = 0; i < 100; i++) listeners.forEach((l) => l());
    expect(storage.removeItem).not.toHaveBeenCalled();
    expect(storage.getItem).toHaveBeenCalledTimes(1);
  });
});
