/** The log view keeps up with floods: one redraw per frame, and a DOM window over 100,000 lines. */
import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { resetAppStores } from "@/test/reset-stores";
import { applyStreamEvent, flushLineUpdates } from "@/stores/stream-events";
import { logBufferOf, resetStreamStore, useStreamStore } from "@/stores/stream-store";
import { logTab } from "@/test/log-tab";
import { LogView } from "../components/log-view";

const tab = logTab();
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ pod: "web-1", container: "main", text: `line ${from + i}` }));

beforeEach(() => {
  resetAppStores();
  useStreamStore.setState({ tabs: [tab], bufferLimit: 100_000 });
});

describe("log view", () => {
  it("appends every batch at once but redraws once for all batches of a frame", () => {
    for (let i = 0; i < 5; i++) applyStreamEvent({ type: "logLines", id: "s-1", context: "prod", lines: lines(i * 10, i * 10 + 10) });
    expect(logBufferOf(tab.id).total).toBe(50);
    expect(useStreamStore.getState().lineVersions[tab.id]).toBeUndefined();
    flushLineUpdates();
    expect(useStreamStore.getState().lineVersions[tab.id]).toBe(1);
    flushLineUpdates();
    expect(useStreamStore.getState().lineVersions[tab.id]).toBe(1);
  });

  it("draws only the rows in view of 100,000 lines, follows the end and shows the rows scrolled to", () => {
    render(<LogView tab={tab} />);
    act(() => {
      for (let i = 0; i < 100; i++) applyStreamEvent({ type: "logLines", id: "s-1", context: "prod", lines: lines(i * 1000, (i + 1) * 1000) });
      flushLineUpdates();
    });
    const view = screen.getByTestId("log-view");
    expect(view).toHaveAttribute("data-lines", "100000");
    const shown = () => screen.getAllByTestId("log-line").map((l) => Number(l.dataset.seq));
    expect(shown().length).toBeLessThan(60);
    expect(shown().at(-1)).toBe(99_999);

    // Paused (jsdom has no layout to tell that the view left the end), then scrolled to the middle.
    fireEvent.click(screen.getByTestId("log-pause"));
    const scroll = screen.getByTestId("log-scroll");
    act(() => {
      Object.defineProperty(scroll, "scrollTop", { configurable: true, value: 50_000 * 18 });
      fireEvent.scroll(scroll);
    });
    expect(shown()).toContain(50_000);
    expect(shown()).not.toContain(99_999);
    expect(shown().length).toBeLessThan(60);
  });

  it("does not redraw while hidden, and catches up when shown", () => {
    const { rerender } = render(<LogView tab={tab} visible={false} />);
    act(() => {
      applyStreamEvent({ type: "logLines", id: "s-1", context: "prod", lines: lines(0, 10) });
      flushLineUpdates();
    });
    expect(screen.queryAllByTestId("log-line")).toHaveLength(0);
    rerender(<LogView tab={tab} visible />);
    expect(screen.getAllByTestId("log-line")).toHaveLength(10);
  });

  it("keeps the dock's height across starts", () => {
    expect(useStreamStore.getState().dockHeight).toBe(320);
    useStreamStore.getState().setDockHeight(412);
    resetStreamStore();
    expect(useStreamStore.getState().dockHeight).toBe(412);
  });
});
