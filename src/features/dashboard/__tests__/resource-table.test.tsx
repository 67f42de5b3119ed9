import { Profiler } from "react";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ResourceDelta, Value } from "@/lib/tauri/bindings";
import { emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { listenToResourceDeltas, resetResourceStore, useResourceStore } from "@/stores/resource-store";
import * as resourceStore from "@/stores/resource-store";
import { useClusterStore } from "@/stores/cluster-store";
import { ResourceView } from "../components/resource-view";
import { ViewShown } from "../components/view-shown-provider";
import { clockNow } from "../hooks/use-clock";
import { useDetailsStore } from "../stores/details-store";
import { resetViewStateStore, selectViewState, useViewStateStore } from "../stores/view-state";
import { WATCH_GRACE_MS } from "../hooks/use-watch-lease";
import * as values from "../utils/values";

const A = "/home/ana/.kube/config#a";
const B = "/home/ana/.kube/config#b";
let stop: (() => void) | null = null;

function restarted(name: string, namespace: string, restarts: number, labels: Record<string, string> = {}): Value {
  const p = pod(name, namespace) as { metadata: Record<string, Value>; status: { containerStatuses: Record<string, Value>[] } };
  p.metadata.labels = labels;
  p.status.containerStatuses[0].restartCount = restarts;
  return p;
}

const delta = (context: string, reset: Value[] | null, upserts: Value[] = [], deletes: string[] = []): ResourceDelta => ({ context, kind: "pods", namespace: null, reset, upserts, deletes });
const names = () => screen.queryAllByTestId("resource-row").map((r) => r.dataset.name);
const header = (column: string) => screen.getAllByTestId("column-header").find((h) => h.dataset.column === column)!;

async function backend() {
  const calls = mockBackend((cmd, args) => kindCommands(cmd, args) ?? true);
  stop = await listenToResourceDeltas();
  return calls;
}

async function show(context: string, name = "a") {
  const view = render(<ResourceView key={context} context={context} clusterName={name} kind="pods" namespace={null} />);
  await act(async () => {});
  return view;
}

beforeEach(() => {
  resetResourceStore();
  resetViewStateStore();
  useDetailsStore.getState().close();
});
afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

// Rendering 2,000 rows and selecting them all takes 3–6 s on a loaded 2-core machine.
describe("the resource table", { timeout: 20_000 }, () => {
  it("redraws the drawn rows in place on a new filter or sort and hands a row scrolled out to the one scrolled in, building no rows", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    const many = Array.from({ length: 300 }, (_, i) => restarted(`pod-${String(i).padStart(4, "0")}`, "shop", i % 3 ? 0 : 1));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, many) });
    await waitFor(() => expect(names()[0]).toBe("pod-0000"));
    const drawn = screen.getAllByTestId("resource-row");
    const built = (rows: HTMLElement[]) => rows.filter((r) => !drawn.includes(r)).length;
    // Their cells too: a slot given another object rewrites its cells, it does not build them.
    const cellsOf = (rows: HTMLElement[]) => rows.flatMap((r) => [...r.querySelectorAll("td")]);
    const drawnCells = new Set(cellsOf(drawn));
    const builtCells = () => cellsOf(screen.getAllByTestId("resource-row")).filter((c) => !drawnCells.has(c)).length;

    // A filter: other objects, the same row elements.
    await user.type(screen.getByTestId("resource-filter"), "pod-01");
    await waitFor(() => expect(names()[0]).toBe("pod-0100"));
    expect(built(screen.getAllByTestId("resource-row"))).toBe(0);
    expect(builtCells()).toBe(0);
    expect(screen.getAllByTestId("resource-row")[0].dataset.key).toBe("shop/pod-0100");

    // A sort, descending by restarts: the same row elements again.
    await user.clear(screen.getByTestId("resource-filter"));
    await user.click(within(header("restarts")).getByRole("button"));
    await user.click(within(header("restarts")).getByRole("button"));
    await waitFor(() => expect(header("restarts")).toHaveAttribute("aria-sort", "descending"));
    // Ties in the other direction too (by key, descending).
    expect(names().slice(0, 2)).toEqual(["pod-0297", "pod-0294"]);
    expect(built(screen.getAllByTestId("resource-row"))).toBe(0);
    expect(builtCells()).toBe(0);

    // Scrolled by three rows (past the overscan): three rows change hands, the others keep
    // their objects and elements.
    const scroll = screen.getByTestId("resource-scroll");
    const scrollTo = (top: number) =>
      act(() => {
        scroll.scrollTop = top;
        scroll.dispatchEvent(new Event("scroll"));
      });
    scrollTo(40 * 33);
    const before = new Map(screen.getAllByTestId("resource-row").map((r) => [r.dataset.key, r]));
    scrollTo(43 * 33);
    const after = screen.getAllByTestId("resource-row");
    expect(after.filter((r) => !before.has(r.dataset.key) && [...before.values()].includes(r))).toHaveLength(3);
    const kept = after.filter((r) => before.get(r.dataset.key) === r).length;
    expect(kept).toBeGreaterThanOrEqual(after.length - 3);
    expect(kept).toBeLessThan(after.length);
  });

  it("brings a scrolled list back to the top on a new filter or sort, and leaves the scroll box alone when it is at the top", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    const many = Array.from({ length: 300 }, (_, i) => restarted(`pod-${String(i).padStart(4, "0")}`, "shop", i % 3));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, many) });
    await waitFor(() => expect(names()[0]).toBe("pod-0000"));
    // Each write of the box's scrollTop counted (in WebKit one lays the new rows out at once).
    const scroll = screen.getByTestId("resource-scroll");
    const own = Object.getOwnPropertyDescriptor(Element.prototype, "scrollTop")!;
    let writes = 0;
    Object.defineProperty(scroll, "scrollTop", {
      configurable: true,
      get() {
        return own.get!.call(this) as number;
      },
      set(top: number) {
        writes += 1;
        own.set!.call(this, top);
      },
    });

    await user.click(within(header("restarts")).getByRole("button"));
    await waitFor(() => expect(header("restarts")).toHaveAttribute("aria-sort", "ascending"));
    expect(writes).toBe(0);

    act(() => {
      scroll.scrollTop = 40 * 33;
      scroll.dispatchEvent(new Event("scroll"));
    });
    writes = 0;
    await user.click(within(header("restarts")).getByRole("button"));
    await waitFor(() => expect(header("restarts")).toHaveAttribute("aria-sort", "descending"));
    expect(writes).toBe(1);
    expect(scroll.scrollTop).toBe(0);
  });

  it("builds row models only for the rows in view, and selects every shown row from the header", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    const many = Array.from({ length: 2_000 }, (_, i) => pod(`pod-${String(i).padStart(4, "0")}`, "shop"));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, many) });
    expect(screen.getByTestId("resource-count")).toHaveTextContent("2000");
    expect(names().length).toBeLessThan(100);
    await user.click(screen.getByRole("checkbox", { name: "Select all shown rows" }));
    expect(screen.getByRole("checkbox", { name: "Select all shown rows" })).toBeChecked();
    expect(screen.getByTestId("bulk-delete")).toHaveTextContent("2000");
    await user.click(screen.getByRole("checkbox", { name: "Select all shown rows" }));
    expect(screen.queryAllByTestId("row-select").some((c) => (c as HTMLInputElement).checked)).toBe(false);
  });

  it("sorts by a header, filters by name and label, and follows deltas in that order", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [restarted("web-1", "shop", 4, { app: "web" }), restarted("db-1", "shop", 9, { app: "db" }), restarted("web-2", "shop", 0, { app: "web" })]) });
    expect(names()).toEqual(["db-1", "web-1", "web-2"]);
    expect(header("name")).toHaveAttribute("aria-sort", "ascending");

    await user.click(within(header("restarts")).getByRole("button"));
    expect(header("restarts")).toHaveAttribute("aria-sort", "ascending");
    expect(header("name")).toHaveAttribute("aria-sort", "none");
    expect(names()).toEqual(["web-2", "web-1", "db-1"]);
    await user.click(within(header("restarts")).getByRole("button"));
    expect(header("restarts")).toHaveAttribute("aria-sort", "descending");
    expect(names()).toEqual(["db-1", "web-1", "web-2"]);

    await user.type(screen.getByTestId("resource-filter"), "app=web");
    expect(names()).toEqual(["web-1", "web-2"]);
    expect(screen.getByTestId("resource-count")).toHaveTextContent("2 of 3 pods");
    // A delta lands in place: web-2 now restarted most.
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, null, [restarted("web-2", "shop", 20, { app: "web" }), restarted("web-3", "shop", 1, { app: "web" })], ["shop/web-1"]) });
    expect(names()).toEqual(["web-2", "web-3"]);
  });

  it("filters by a status chip", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [pod("ok", "shop"), pod("stuck", "shop", "Pending")]) });
    await user.click(screen.getAllByTestId("status-chip").find((c) => c.dataset.chip === "not-ready")!);
    expect(names()).toEqual(["stuck"]);
  });

  it("selects rows and deletes them after one confirmation naming the cluster and each object", async () => {
    const user = userEvent.setup();
    const calls = await backend();
    await show(A, "prod-a");
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [pod("p1", "shop"), pod("p2", "shop"), pod("p3", "web")]) });
    const rows = screen.getAllByTestId("resource-row");
    await user.click(within(rows[0]).getByTestId("row-select"));
    await user.click(within(rows[2]).getByTestId("row-select"));
    await user.click(screen.getByTestId("bulk-delete"));
    const dialog = screen.getByRole("dialog", { name: "Delete 2 Pods?" });
    expect(dialog).toHaveTextContent("prod-a");
    expect(within(dialog).getByTestId("bulk-delete-list")).toHaveTextContent("shop/p1web/p3");
    expect(calls.filter((c) => c.cmd === "delete_resource")).toHaveLength(0);
    await user.click(within(dialog).getByTestId("confirm-action"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "delete_resource").map((c) => `${c.args.namespace as string}/${c.args.name as string}`)).toEqual(["shop/p1", "web/p3"]));
    expect(calls.find((c) => c.cmd === "delete_resource")?.args.context).toBe(A);
  });

  it("opens a row's details on a click on the row, not on its buttons", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [pod("p1", "shop")]) });
    await user.click(screen.getByTestId("row-yaml"));
    expect(useDetailsStore.getState().target).toBeNull();
    await user.keyboard("{Escape}");
    await user.click(within(screen.getByTestId("resource-row")).getByText("p1"));
    expect(useDetailsStore.getState().target).toEqual({ context: A, kind: "pods", namespace: "shop", name: "p1" });
  });

  it("brings back filter, sort and scroll of each cluster's view after a switch", async () => {
    const user = userEvent.setup();
    await backend();
    const a = await show(A);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [restarted("a-1", "x", 1), restarted("a-2", "x", 5)]) });
    await user.click(within(header("restarts")).getByRole("button"));
    await user.click(within(header("restarts")).getByRole("button"));
    await user.type(screen.getByTestId("resource-filter"), "a-");
    const scroll = screen.getByTestId("resource-scroll");
    scroll.scrollTop = 120;
    scroll.dispatchEvent(new Event("scroll"));
    a.unmount();

    const b = await show(B, "b");
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(B, [pod("b-1", "y")]) });
    expect(names()).toEqual(["b-1"]);
    expect(screen.getByTestId("resource-filter")).toHaveValue("");
    expect(header("name")).toHaveAttribute("aria-sort", "ascending");
    b.unmount();

    await show(A);
    expect(screen.getByTestId("resource-filter")).toHaveValue("a-");
    expect(header("restarts")).toHaveAttribute("aria-sort", "descending");
    expect(names()).toEqual(["a-2", "a-1"]);
    expect(selectViewState(A, "pods")(useViewStateStore.getState()).scrollTop).toBe(120);
    // (jsdom does not scroll an element by script; the real-app E2E checks the restored position.)
    // A new filter starts the list from its top.
    screen.getByTestId("resource-scroll").scrollTop = 120;
    await user.type(screen.getByTestId("resource-filter"), "2");
    expect(screen.getByTestId("resource-scroll").scrollTop).toBe(0);
  });

  it("releases a watch 30 s after its view is left for another kind, but keeps a cluster's shown kind", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = await backend();
    useClusterStore.setState((s) => ({ prefs: { ...s.prefs, [A]: { resourceTabs: ["pods", "deployments"], activeResourceTab: "deployments" }, [B]: { resourceTabs: ["pods"], activeResourceTab: "pods" } } }));
    const a = await show(A);
    const b = render(<ResourceView context={B} clusterName="b" kind="pods" namespace={null} />);
    await act(async () => {});
    a.unmount();
    b.unmount();
    await act(async () => vi.advanceTimersByTime(WATCH_GRACE_MS - 1000));
    expect(calls.filter((c) => c.cmd === "unwatch_resources")).toHaveLength(0);
    await act(async () => vi.advanceTimersByTime(2000));
    const released = calls.filter((c) => c.cmd === "unwatch_resources").map((c) => (c.args.key as { context: string }).context);
    expect(released).toEqual([A]);
    expect(Object.values(useResourceStore.getState().entries).map((e) => e.context)).toEqual([B]);
  });

  it("gives the row actions their own column (not laid over cells), long cells a title, and Create a place in the toolbar", async () => {
    const user = userEvent.setup();
    await backend();
    await show(A);
    const long = `checkout-${"x".repeat(80)}-7d9f8b6c5d-x2k4p`;
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [pod(long, "shop")]) });
    const row = screen.getByTestId("resource-row");
    const actions = row.querySelector('td[data-column="actions"]')!;
    // Sticky actions were laid over IP and Age when the columns did not fit.
    expect(actions.className).not.toMatch(/sticky/);
    expect(within(row).getByTestId("open-logs")).toBeInTheDocument();
    const name = row.querySelector('td[data-column="name"] > span')!;
    expect(name).toHaveAttribute("title", long);
    // An ellipsis by clipping (a hidden overflow makes WebKit's WebDriver read no text).
    expect(name.className).toMatch(/text-ellipsis/);
    expect(name.className).toMatch(/overflow-clip/);
    expect(name.className).toMatch(/max-w-/);
    // Create is in the view's toolbar (it floated over the last row's actions).
    const create = screen.getByTestId("create-resource");
    expect(create.className).not.toMatch(/fixed/);
    expect(create.parentElement).toContainElement(screen.getByTestId("resource-count"));
    await user.click(create);
    expect(useDetailsStore.getState().creating).toBe(true);
  });

  it("draws a row's button icons with CSS masks of lucide's icons, with no SVG element in the row", async () => {
    await backend();
    await show(A);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [pod("web-1", "shop")]) });
    const row = screen.getByTestId("resource-row");
    expect(row.querySelector("svg")).toBeNull();
    expect(within(row).getByTestId("open-logs")).toHaveClass("row-button", "row-icon", "row-icon-logs");
    expect(within(row).getByTestId("row-delete")).toHaveClass("row-button-danger", "row-icon", "row-icon-delete");
    // Dimmed by colour (`utils/row-icons.ts`), not by a translucent group around the buttons.
    expect(row.querySelector('[class*="opacity"]')).toBeNull();
    // One rule per icon for the page: the icon's own SVG, painted in the button's colour (until the
    // page has drawn the icons as bitmaps, which a page without the theme's colours never does).
    const css = document.querySelector("style[data-row-icons]")?.textContent ?? "";
    expect(css).toMatch(/\.row-icon::before\{[^}]*background-color:currentColor;mask:var\(--row-icon\)/);
    for (const icon of ["logs", "shell", "portForward", "yaml", "delete"]) {
      const url = new RegExp(`\\.row-icon-${icon}\\{--row-icon:url\\("data:image/svg\\+xml,([^"]+)"\\)\\}`).exec(css)?.[1];
      expect(decodeURIComponent(url ?? "")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*width="13" height="13"[^>]*>.*<path /);
    }
  });

  it("does not draw the rows in view again for a delta that changes none of them", async () => {
    await backend();
    await show(A);
    const many = Array.from({ length: 200 }, (_, i) => pod(`p-${String(i).padStart(3, "0")}`, "shop"));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, many) });
    expect(screen.getAllByTestId("resource-row").length).toBeGreaterThan(10);
    // Each row drawn reads its object's name; a pod added below the rows in view draws none.
    const drawn = vi.spyOn(values, "nameOf");
    // Nor does it build a key for each of the 201 rows (keyboard focus reads keys one at a time).
    const keyed = vi.spyOn(resourceStore, "objectKey");
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, null, [pod("z-last", "shop")]) });
    expect(screen.getByTestId("resource-count").textContent).toMatch(/^201\b/);
    expect(drawn.mock.calls.length).toBeLessThan(5);
    expect(keyed.mock.calls.length).toBeLessThan(50);
    drawn.mockRestore();
  });

  it("commits once for a delta that changes the rows in view (the table model queues no second render)", async () => {
    // The clock stands still: a second ticking over between the delta and the check would
    // commit the age cells too (a CI run on a busy machine did), which is not what is counted.
    vi.useFakeTimers({ shouldAdvanceTime: false });
    await backend();
    const commits: string[] = [];
    render(
      <Profiler id="view" onRender={(_id, phase) => commits.push(phase)}>
        <ResourceView context={A} clusterName="a" kind="pods" namespace={null} />
      </Profiler>,
    );
    await act(async () => {});
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, Array.from({ length: 50 }, (_, i) => pod(`p-${String(i).padStart(3, "0")}`, "shop"))) });
    await act(async () => {});
    commits.length = 0;
    // A pod sorted first: every drawn row moves down one.
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, null, [pod("a-first", "shop")]) });
    await act(async () => {});
    expect(names()[0]).toBe("a-first");
    expect(commits).toEqual(["update"]);
  });

  it("ticks ages in their own cells: each second the age cells draw, not the rows; a hidden view's ages stand still and catch up when shown", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    await backend();
    const young = (name: string) => {
      const p = pod(name, "shop") as { metadata: Record<string, Value> };
      // 30 s before the clock's time (which may lag the wall clock by under a second).
      p.metadata.creationTimestamp = new Date(clockNow() - 30_000).toISOString();
      return p as Value;
    };
    const view = (shown: boolean) => (
      <ViewShown shown={shown}>
        <ResourceView context={A} clusterName="a" kind="pods" namespace={null} />
      </ViewShown>
    );
    const { rerender } = render(view(true));
    await act(async () => {});
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta(A, [young("p-1"), young("p-2")]) });
    await act(async () => {});
    const ages = () => screen.queryAllByTestId("resource-row").map((r) => r.querySelector('[data-column="age"]')?.textContent);
    expect(ages()).toEqual(["30s", "30s"]);
    const drawn = vi.spyOn(values, "nameOf");
    await act(async () => vi.advanceTimersByTime(1000));
    expect(ages()).toEqual(["31s", "31s"]);
    expect(drawn).not.toHaveBeenCalled();
    // Hidden (kept off screen): no tick draws anything.
    rerender(view(false));
    await act(async () => {});
    const before = [...document.querySelectorAll('[data-column="age"]')].map((c) => c.textContent);
    drawn.mockClear();
    await act(async () => vi.advanceTimersByTime(3000));
    expect([...document.querySelectorAll('[data-column="age"]')].map((c) => c.textContent)).toEqual(before);
    expect(drawn).not.toHaveBeenCalled();
    // Shown again: the ages catch up at once, before the next tick, and still no row draws.
    rerender(view(true));
    await act(async () => {});
    expect(ages()).toEqual(["34s", "34s"]);
    expect(drawn).not.toHaveBeenCalled();
    drawn.mockRestore();
  });
});
