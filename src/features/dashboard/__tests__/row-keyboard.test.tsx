/** The table's rows by keyboard alone: one row in the tab order, arrows and pages move focus through the virtual list, Enter / Space / Delete act. */
import { act, configure, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { listenToResourceDeltas, resetResourceStore } from "@/stores/resource-store";
import { ResourceView } from "../components/resource-view";
import { useDetailsStore } from "../stores/details-store";
import { resetViewStateStore } from "../stores/view-state";

const CONTEXT = "/home/ana/.kube/config#a";
let stop: (() => void) | null = null;
/** Enough rows that the last is far outside the drawn window (about 40 rows). */
const ROWS = 120;
// jsdom draws every keystroke's rows synchronously; on a busy machine that takes seconds.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 10_000 });

// jsdom does not scroll: the virtual list scrolls its container with `scrollTo`, which here
// sets the position and reports the scroll as a browser would.
const scrollTo = function (this: HTMLElement, options: ScrollToOptions) {
  this.scrollTop = options.top ?? this.scrollTop;
  this.dispatchEvent(new Event("scroll"));
};

const focused = () => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-testid="resource-row"]')?.dataset.name;
const tabbable = () => screen.getAllByTestId("resource-row").filter((r) => r.tabIndex === 0).map((r) => r.dataset.name);
const row = (name: string) => screen.getAllByTestId("resource-row").find((r) => r.dataset.name === name);

beforeEach(async () => {
  resetResourceStore();
  resetViewStateStore();
  useDetailsStore.getState().close();
  HTMLElement.prototype.scrollTo = scrollTo as typeof HTMLElement.prototype.scrollTo;
  mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
  stop = await listenToResourceDeltas();
  render(<ResourceView context={CONTEXT} clusterName="a" kind="pods" namespace={null} />);
  await act(async () => {});
  const pods: Value[] = Array.from({ length: ROWS }, (_, i) => pod(`pod-${String(i).padStart(3, "0")}`, "shop"));
  await emitBackendEvent("resource://delta", { type: "resourceDelta", context: CONTEXT, kind: "pods", namespace: null, reset: pods, upserts: [], deletes: [] });
  // Nor has it layout: the list's scroll range is what a browser would give 200 rows.
  const scroll = screen.getByTestId("resource-scroll");
  Object.defineProperty(scroll, "scrollHeight", { configurable: true, get: () => ROWS * 33 + 40 });
  Object.defineProperty(scroll, "clientHeight", { configurable: true, get: () => 900 });
});
afterEach(() => {
  stop?.();
  stop = null;
});

describe("rows by keyboard", () => {
  it("keeps one row in the tab order and moves focus with arrows, Home, End and pages through the virtual list", async () => {
    const user = userEvent.setup();
    expect(tabbable()).toEqual(["pod-000"]);
    act(() => row("pod-000")!.focus());
    await user.keyboard("{ArrowDown}");
    expect(focused()).toBe("pod-001");
    expect(document.activeElement).toHaveAttribute("data-testid", "resource-row");
    expect(tabbable()).toEqual(["pod-001"]);
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(focused()).toBe("pod-000");

    // End: the last row is far outside the drawn window; the list scrolls to it and it gets focus.
    expect(row("pod-119")).toBeUndefined();
    await user.keyboard("{End}");
    await waitFor(() => expect(focused()).toBe("pod-119"));
    expect(row("pod-000")).toBeUndefined();
    expect(screen.getByTestId("resource-scroll").scrollTop).toBeGreaterThan(2500);
    await user.keyboard("{PageUp}");
    await waitFor(() => expect(focused()).toBe("pod-093"));
    await user.keyboard("{Home}");
    await waitFor(() => expect(focused()).toBe("pod-000"));
    await user.keyboard("{PageDown}");
    await waitFor(() => expect(focused()).toBe("pod-026"));
  });

  it("keeps the focused row by key: it leaves the DOM when scrolled away and takes focus back when drawn again", async () => {
    const user = userEvent.setup();
    act(() => row("pod-000")!.focus());
    await user.keyboard("{End}");
    await waitFor(() => expect(focused()).toBe("pod-119"));
    await user.keyboard("{PageUp}");
    await waitFor(() => expect(focused()).toBe("pod-093"));
    const scroll = screen.getByTestId("resource-scroll");
    act(() => scroll.scrollTo({ top: 0 }));
    await waitFor(() => expect(row("pod-093")).toBeUndefined());
    act(() => scroll.scrollTo({ top: 93 * 33 }));
    await waitFor(() => expect(focused()).toBe("pod-093"));
    expect(tabbable()).toEqual(["pod-093"]);
  });

  it("Space selects, Delete asks to delete, Enter opens the details of the focused row", async () => {
    const user = userEvent.setup();
    act(() => row("pod-000")!.focus());
    await user.keyboard("{ArrowDown}{ArrowDown} ");
    expect(row("pod-002")).toHaveAttribute("data-selected", "true");
    expect(row("pod-000")).toHaveAttribute("data-selected", "false");

    await user.keyboard("{Delete}");
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("pod-002");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    act(() => row("pod-002")!.focus());
    await user.keyboard("{Enter}");
    expect(useDetailsStore.getState().target).toEqual({ context: CONTEXT, kind: "pods", namespace: "shop", name: "pod-002" });
  });
});
