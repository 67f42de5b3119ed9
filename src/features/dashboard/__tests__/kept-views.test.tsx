/** Switching clusters shows the kept view: same DOM, no new watch, no hidden view findable by its test ids. */
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { listenToResourceDeltas, resetResourceStore } from "@/stores/resource-store";
import { KeptViews, type ViewTarget } from "../components/kept-views";
import { ViewShown } from "../components/view-shown-provider";
import { WATCH_GRACE_MS } from "../hooks/use-watch-lease";
import * as viewState from "../stores/view-state";
import { resetViewStateStore } from "../stores/view-state";

const A = "/home/ana/.kube/config#a";
const B = "/home/ana/.kube/config#b";
const view = (context: string): ViewTarget => ({ context, clusterName: context.slice(-1), kind: "pods", namespace: null });
const names = () => screen.queryAllByTestId("resource-row").map((r) => r.dataset.name);
/** How long a hidden view goes on as if shown, here (the app's is `REST_AFTER_MS`). */
const REST = 20;
/** Waits until the frame after a switch is painted and a view the switch hid rests. */
const painted = () => act(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, REST + 10))));
let stop: (() => void) | null = null;

/** A's view shown with 80 pods (more than a viewport and its overscan rows), B connected too. */
async function eightyRowsOfA(restAfterMs: number) {
  mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
  stop = await listenToResourceDeltas();
  const alive = new Set([A, B]);
  const ui = render(<KeptViews active={view(A)} alive={alive} restAfterMs={restAfterMs} />);
  await act(async () => {});
  const many = Array.from({ length: 80 }, (_, i) => pod(`a-${String(i).padStart(2, "0")}`, "x"));
  await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: many, upserts: [], deletes: [] });
  const scrollOfA = screen.getByTestId("resource-scroll");
  const drawn = () => scrollOfA.querySelectorAll('[data-testid="resource-row"], [data-kept-testid="resource-row"]').length;
  return { ui, alive, scrollOfA, drawn, shown: drawn() };
}

beforeEach(() => {
  resetResourceStore();
  resetViewStateStore();
});
afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

describe("kept views", () => {
  it("keeps each cluster's view mounted, hidden from test-id queries, and shows the same DOM on a switch back", async () => {
    const calls = mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    stop = await listenToResourceDeltas();
    const alive = new Set([A, B]);
    const ui = render(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await act(async () => {});
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: [pod("a-1", "x")], upserts: [], deletes: [] });
    const rowOfA = screen.getAllByTestId("resource-row")[0];
    expect(names()).toEqual(["a-1"]);

    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={REST} />);
    await painted();
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: B, kind: "pods", namespace: null, reset: [pod("b-1", "x")], upserts: [], deletes: [] });
    expect(names()).toEqual(["b-1"]);
    // A's row is still in the page, in a box marked hidden for readers, its test id put away.
    expect(rowOfA.isConnected).toBe(true);
    expect(rowOfA.closest("[aria-hidden=true]")).not.toBeNull();
    expect(rowOfA.getAttribute("data-testid")).toBeNull();
    expect(rowOfA.getAttribute("data-kept-testid")).toBe("resource-row");
    expect(document.querySelectorAll('[data-testid="resource-scroll"]')).toHaveLength(1);
    const rowOfB = screen.getAllByTestId("resource-row")[0];

    // A hidden view rests: a delta of A updates the store, not A's detached rows…
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: null, upserts: [pod("a-2", "x")], deletes: [] });
    const hiddenRows = () => [...rowOfA.parentElement!.querySelectorAll<HTMLElement>('[data-kept-testid="resource-row"]')].map((r) => r.dataset.name);
    expect(hiddenRows()).toEqual(["a-1"]);

    // …and shown again it renders once with the list as it is now.
    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await act(async () => {});
    expect(names()).toEqual(["a-1", "a-2"]);
    // The very same row element, its test id back, B's put away; and A was watched once.
    expect(screen.getAllByTestId("resource-row")[0]).toBe(rowOfA);
    expect(rowOfA.closest("[aria-hidden=true]")).toBeNull();
    expect(rowOfB.getAttribute("data-testid")).toBeNull();
    expect(calls.filter((c) => c.cmd === "watch_resources" && c.args.context === A)).toHaveLength(1);

    // A cluster that disconnects loses its kept view: showing it again builds a new one.
    ui.rerender(<KeptViews active={view(A)} alive={new Set([A])} restAfterMs={REST} />);
    ui.rerender(<KeptViews active={view(B)} alive={new Set([A, B])} restAfterMs={REST} />);
    await act(async () => {});
    expect(screen.getAllByTestId("resource-row")[0]).not.toBe(rowOfB);
  });

  it("keeps a hidden view's watch past the grace time, so a background cluster's list stays live", async () => {
    const calls = mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    stop = await listenToResourceDeltas();
    const alive = new Set([A, B]);
    const ui = render(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await act(async () => {});
    vi.useFakeTimers();
    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={REST} />);
    await act(async () => {
      vi.advanceTimersByTime(WATCH_GRACE_MS + 1_000);
    });
    expect(calls.filter((c) => c.cmd === "unwatch_resources")).toHaveLength(0);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: [pod("a-1", "x")], upserts: [], deletes: [] });
    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await act(async () => {});
    expect(names()).toEqual(["a-1"]);
  });

  it("does not render a hidden view while its cluster's deltas come in; showing it paints them at once", async () => {
    mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    stop = await listenToResourceDeltas();
    const alive = new Set([A, B]);
    const ui = render(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await act(async () => {});
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: [pod("a-1", "x")], upserts: [], deletes: [] });
    const scrollOfA = screen.getByTestId("resource-scroll");
    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={REST} />);
    await painted();

    // A storm on the hidden cluster: its DOM is left alone.
    for (let i = 2; i <= 5; i++) await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: null, upserts: [pod(`a-${i}`, "x")], deletes: [] });
    expect(scrollOfA.querySelectorAll('[data-kept-testid="resource-row"]')).toHaveLength(1);

    // Shown again: the same view, every row of the storm in the first render.
    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    expect(screen.getByTestId("resource-scroll")).toBe(scrollOfA);
    expect(names()).toEqual(["a-1", "a-2", "a-3", "a-4", "a-5"]);
    expect(screen.getByTestId("resource-count").textContent).toMatch(/^5\b/);
  });

  it("makes a hidden view inert once the switch is painted, and lifts that when it is shown again", async () => {
    mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    stop = await listenToResourceDeltas();
    const alive = new Set([A, B]);
    const ui = render(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await act(async () => {});
    const boxOfA = screen.getByTestId("resource-loading").closest<HTMLElement>("[data-kept-view]")!;

    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={REST} />);
    await painted();
    expect(boxOfA.dataset.keptView).toBe("hidden");
    expect(boxOfA.inert).toBe(true);
    const boxOfB = screen.getByTestId("resource-loading").closest<HTMLElement>("[data-kept-view]")!;
    expect(boxOfB).not.toBe(boxOfA);
    expect(boxOfB.inert).toBeFalsy();

    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    await painted();
    expect(boxOfA.inert).toBe(false);
    expect(boxOfA.getAttribute("aria-hidden")).toBeNull();
    expect(boxOfB.inert).toBe(true);
  });

  it("shows no view while the dashboard around them is hidden (the home grid), and the same one after", async () => {
    mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
    stop = await listenToResourceDeltas();
    const alive = new Set([A]);
    const at = (shown: boolean) => (
      <ViewShown shown={shown}>
        <KeptViews active={view(A)} alive={alive} restAfterMs={REST} />
      </ViewShown>
    );
    const ui = render(at(true));
    await act(async () => {});
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: [pod("a-1", "x")], upserts: [], deletes: [] });
    const row = screen.getAllByTestId("resource-row")[0];

    ui.rerender(at(false));
    await act(async () => {});
    expect(names()).toEqual([]);
    expect(row.isConnected).toBe(true);
    expect(row.closest("[data-kept-view]")?.getAttribute("data-kept-view")).toBe("hidden");

    ui.rerender(at(true));
    await act(async () => {});
    expect(screen.getAllByTestId("resource-row")[0]).toBe(row);
  });

  it("draws no overscan rows in a hidden view (once it rests), and draws them again the frame after it is shown", async () => {
    const { ui, alive, scrollOfA, drawn, shown } = await eightyRowsOfA(REST);

    // The switch's own task renders the view it shows, not the one it hides: A is off screen
    // with its rows as they were, and drops its overscan rows once it rests.
    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={REST} />);
    expect(scrollOfA.closest("[data-kept-view]")?.getAttribute("data-kept-view")).toBe("hidden");
    expect(drawn()).toBe(shown);
    await painted();
    const hidden = drawn();
    // jsdom has no layout: the table assumes a 900 px viewport (28 rows) and 12 overscan rows.
    expect(shown - hidden).toBe(12);

    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    expect(drawn()).toBe(hidden);
    await painted();
    expect(drawn()).toBe(shown);
  });

  it("shows a rested view again without rendering it when its list did not change meanwhile", async () => {
    const { ui, alive, drawn, shown } = await eightyRowsOfA(REST);
    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={REST} />);
    await painted();

    // The view's render reads its filter, chip and sort from the view state: it does not run.
    const rendered = vi.spyOn(viewState, "selectViewState");
    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={REST} />);
    expect(rendered).not.toHaveBeenCalled();
    expect(drawn()).toBe(shown - 12);
    expect(names()).toHaveLength(drawn());
    // Its overscan rows come the frame after, rendered by the table alone.
    await painted();
    expect(drawn()).toBe(shown);
    expect(rendered).not.toHaveBeenCalled();
  });

  it("renders a view hidden and shown again within the rest time never as hidden (switches that follow each other)", async () => {
    const { ui, alive, scrollOfA, drawn, shown } = await eightyRowsOfA(60_000);

    ui.rerender(<KeptViews active={view(B)} alive={alive} restAfterMs={60_000} />);
    await painted();
    // Not rested yet: its overscan rows stay, and a delta still renders it.
    expect(drawn()).toBe(shown);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: A, kind: "pods", namespace: null, reset: null, upserts: [pod("a-001", "x")], deletes: [] });
    expect(scrollOfA.querySelector('[data-name="a-001"]')).not.toBeNull();

    ui.rerender(<KeptViews active={view(A)} alive={alive} restAfterMs={60_000} />);
    await painted();
    expect(drawn()).toBe(shown);
    expect(names()[1]).toBe("a-001");
  });
});
