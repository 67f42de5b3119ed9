import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { cluster, connectionInfo, emitBackendEvent, health, mockBackend, type IpcCall } from "@/test/backend";
import { listenToClusterEvents } from "@/stores/cluster-events";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { resetResourceStore, useResourceStore } from "@/stores/resource-store";
import { ClusterOverlays } from "../components/cluster-overlays";
import { ClusterTabBar } from "../components/cluster-tab-bar";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import * as healthText from "../utils/describe-health";
import * as shortcuts from "../utils/shortcuts";

/** The calls that touch a cluster: the start-up list the window keeps in the settings is not one. */
const clusterCalls = <T extends { cmd: string }>(calls: T[]) => calls.filter((c) => c.cmd !== "set_start_contexts");

const clusters = ["prod", "staging", "dev"].map((name) => cluster(name));

function connectAll(): IpcCall[] {
  return mockBackend((cmd, args) => {
    if (cmd === "connect") return connectionInfo(clusters.find((c) => c.id === args.context)!);
    if (cmd === "disconnect") return true;
    return null;
  });
}

async function setup() {
  const calls = connectAll();
  const store = useClusterStore.getState();
  store.setClusters(clusters);
  for (const c of clusters) await store.connect(c.id);
  const user = userEvent.setup();
  render(
    <>
      <ClusterTabBar />
      <ClusterOverlays />
    </>,
  );
  return { user, calls };
}

const tabs = () => screen.getAllByTestId("cluster-tab");
const tabNames = () => tabs().map((t) => t.dataset.context);
const activeName = () => tabs().find((t) => t.dataset.active === "true")?.dataset.context;
const tab = (name: string) => tabs().find((t) => t.dataset.context === name)!;

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  resetResourceStore();
  // A sheet left open by the last test would make the window behind it inert.
  useClusterUiStore.setState({ pickerOpen: false, helpOpen: false, appearanceFor: null });
});

describe("cluster tab bar", () => {
  it("shows every connected cluster with its hooks; the active one highlighted", async () => {
    await setup();
    expect(tabNames()).toEqual(["prod", "staging", "dev"]);
    expect(tabs().map((t) => t.dataset.clusterId)).toEqual(clusters.map((c) => c.id));
    expect(activeName()).toBe("dev");
    expect(tabs().map((t) => t.dataset.health)).toEqual(["healthy", "healthy", "healthy"]);
    expect(within(tab("dev")).getByRole("tab")).toHaveAttribute("aria-selected", "true");
    expect(tab("prod")).toHaveAttribute("data-tooltip", expect.stringContaining("Ctrl+1"));
    expect(screen.getByTestId("add-cluster")).toBeInTheDocument();
  });

  it("switches on click without any IPC call", async () => {
    const { user, calls } = await setup();
    const before = calls.length;
    await user.click(tab("prod"));
    expect(activeName()).toBe("prod");
    expect(calls.length).toBe(before);
  });

  it("close disconnects that cluster only and activates its neighbour", async () => {
    const { user, calls } = await setup();
    await user.click(tab("staging"));
    await user.click(within(tab("staging")).getByTestId("cluster-tab-close"));
    expect(tabNames()).toEqual(["prod", "dev"]);
    expect(activeName()).toBe("dev");
    expect(calls.filter((c) => c.cmd === "disconnect").map((c) => c.args.context)).toEqual([clusters[1].id]);
  });

  it("reaches each tab's close × with Tab, after its tab, and Enter disconnects only that cluster", async () => {
    const { user, calls } = await setup();
    // Shift+Tab back into the strip from the controls after it lands on the active tab.
    screen.getByTestId("add-cluster").focus();
    await user.tab({ shift: true });
    const devTab = within(tab("dev")).getByRole("tab");
    const devClose = within(tab("dev")).getByTestId("cluster-tab-close");
    expect(devClose).toHaveFocus();
    await user.tab({ shift: true });
    expect(devTab).toHaveFocus();

    // Roving: arrows move between tabs; Tab then goes to the focused tab's close ×.
    await user.keyboard("{Home}");
    const prodTab = within(tab("prod")).getByRole("tab");
    expect(prodTab).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    const stagingTab = within(tab("staging")).getByRole("tab");
    expect(stagingTab).toHaveFocus();
    await user.tab();
    const stagingClose = within(tab("staging")).getByTestId("cluster-tab-close");
    expect(stagingClose).toHaveFocus();
    expect(stagingClose).toHaveAccessibleName("Disconnect staging");
    expect(stagingClose).toHaveClass("focus-visible:ring-2");
    // Only the tab holding the roving stop and its close × are in the Tab order.
    expect(screen.getAllByTestId("cluster-tab-close").map((b) => b.tabIndex)).toEqual([-1, 0, -1]);
    expect(screen.getAllByRole("tab").map((b) => b.tabIndex)).toEqual([-1, 0, -1]);

    const before = calls.length;
    await user.keyboard("{Enter}");
    expect(tabNames()).toEqual(["prod", "dev"]);
    expect(activeName()).toBe("dev");
    // Only that cluster's disconnect reaches the backend (besides the saved start-up list).
    expect(clusterCalls(calls.slice(before)).map((c) => [c.cmd, c.args.context])).toEqual([["disconnect", clusters[1].id]]);
    // Focus lands on a tab again rather than on the page.
    await waitFor(() => expect(within(tab("dev")).getByRole("tab")).toHaveFocus());

    // Leaving the strip gives the Tab stop back to the active tab.
    await user.tab();
    await user.tab();
    expect(within(tab("dev")).getByTestId("cluster-tab-close")).not.toHaveFocus();
    expect(within(tab("dev")).getByRole("tab")).toHaveAttribute("tabindex", "0");
    expect(within(tab("prod")).getByRole("tab")).toHaveAttribute("tabindex", "-1");
  });

  it("Mod+Alt+→ switches cluster even while a cluster tab has focus", async () => {
    const { user } = await setup();
    within(tab("prod")).getByRole("tab").focus();
    await user.keyboard("{Control>}{Alt>}{ArrowRight}{/Alt}{/Control}");
    expect(activeName()).toBe("prod");
    await user.keyboard("{Control>}{Alt>}{ArrowRight}{/Alt}{/Control}");
    expect(activeName()).toBe("staging");
    expect(within(tab("prod")).getByRole("tab")).toHaveFocus();
  });

  it("shows scroll arrows only when the tabs overflow", async () => {
    const { user } = await setup();
    expect(screen.queryByRole("button", { name: "Scroll tabs right" })).not.toBeInTheDocument();
    cleanup();
    stubOverflow();
    render(<ClusterTabBar />);
    const right = screen.getByRole("button", { name: "Scroll tabs right" });
    expect(right).toBeEnabled();
    expect(screen.getByRole("button", { name: "Scroll tabs left" })).toBeDisabled();
    await user.click(right);
    expect(screen.getByRole("tablist", { name: "Clusters" }).scrollLeft).toBeGreaterThan(0);
  });

  it("reorders by moving a tab onto another with the keyboard (Space, arrows, Space)", async () => {
    const { user } = await setup();
    stubTabLayout();
    within(tab("prod")).getByRole("tab").focus();
    await user.keyboard("[Space]");
    await waitFor(() => expect(tab("prod")).toHaveAttribute("data-dragging", "true"));
    await user.keyboard("[ArrowRight]");
    await user.keyboard("[ArrowRight]");
    await user.keyboard("[Space]");
    await waitFor(() => expect(tabNames()).toEqual(["staging", "dev", "prod"]));
    expect(useClusterStore.getState().tabOrder).toEqual([clusters[1].id, clusters[2].id, clusters[0].id]);
  });

  it("switches with Ctrl+2, Ctrl+Tab and Ctrl+Shift+Tab", async () => {
    const { user, calls } = await setup();
    const before = calls.length;
    await user.keyboard("{Control>}2{/Control}");
    expect(activeName()).toBe("staging");
    await user.keyboard("{Control>}{Tab}{/Control}");
    expect(activeName()).toBe("dev");
    await user.keyboard("{Control>}{Tab}{/Control}");
    expect(activeName()).toBe("prod");
    await user.keyboard("{Control>}{Shift>}{Tab}{/Shift}{/Control}");
    expect(activeName()).toBe("dev");
    await user.keyboard("{Control>}{Shift>}W{/Shift}{/Control}");
    expect(tabNames()).toEqual(["prod", "staging"]);
    expect(clusterCalls(calls.slice(before)).map((c) => c.cmd)).toEqual(["disconnect"]);
  });

  it("opens the picker with Ctrl+K; type-ahead and Enter switch", async () => {
    const { user } = await setup();
    await user.keyboard("{Control>}k{/Control}");
    const input = screen.getByTestId("cluster-picker-input");
    expect(input).toHaveFocus();
    await user.type(input, "stag{Enter}");
    expect(activeName()).toBe("staging");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("lists the shortcuts on ?", async () => {
    const { user } = await setup();
    await user.keyboard("?");
    const sheet = screen.getByTestId("shortcuts-sheet");
    expect(sheet).toHaveTextContent("Ctrl+1…9");
    expect(sheet).toHaveTextContent("Ctrl+Shift+W");
    expect(sheet).toHaveTextContent("Ctrl+K");
    expect(sheet).toHaveTextContent("Alt+←");
    expect(sheet).toHaveTextContent("Alt+→");
  });

  it("context menu by right-click and by keyboard: copy name, colour/label, reconnect, disconnect", async () => {
    const { user, calls } = await setup();
    fireEvent.contextMenu(tab("prod"));
    const menu = screen.getByRole("menu", { name: "prod actions" });
    expect(within(menu).getAllByRole("menuitem")[0]).toHaveFocus();
    await user.click(within(menu).getByRole("menuitem", { name: "Copy context name" }));
    expect(await navigator.clipboard.readText()).toBe("prod");
    await waitFor(() => expect(screen.queryByRole("menu")).not.toBeInTheDocument());

    // Keyboard: Shift+F10 on the focused tab.
    within(tab("prod")).getByRole("tab").focus();
    await user.keyboard("{Shift>}{F10}{/Shift}");
    await user.click(screen.getByRole("menuitem", { name: "Colour, label and guard…" }));
    await user.click(screen.getByRole("radio", { name: "red" }));
    await user.type(screen.getByTestId("cluster-label-input"), "production");
    await user.click(screen.getByTestId("save-appearance"));
    expect(within(tab("prod")).getByText("production")).toBeInTheDocument();
    expect(useClusterStore.getState().prefs[clusters[0].id]).toMatchObject({ color: "red", label: "production" });

    fireEvent.contextMenu(tab("prod"));
    await user.click(screen.getByRole("menuitem", { name: "Reconnect" }));
    await waitFor(() => expect(tab("prod").dataset.status).toBe("connected"));
    expect(calls.filter((c) => c.cmd === "disconnect" || c.cmd === "connect").slice(-2).map((c) => [c.cmd, c.args.context])).toEqual([
      ["disconnect", clusters[0].id],
      ["connect", clusters[0].id],
    ]);
    expect(tabNames()).toEqual(["prod", "staging", "dev"]);

    // One menu for the strip: it opens for the tab right-clicked, and not between tabs.
    expect(fireEvent.contextMenu(screen.getByRole("tablist", { name: "Clusters" }))).toBe(false);
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    fireEvent.contextMenu(within(tab("staging")).getByTestId("cluster-tab-close"));
    await user.click(within(screen.getByRole("menu", { name: "staging actions" })).getByRole("menuitem", { name: "Disconnect" }));
    expect(tabNames()).toEqual(["prod", "dev"]);
  });

  it("turns a tab red with the cause on a failed probe and green again on recovery", async () => {
    await setup();
    await listenToClusterEvents();
    const id = clusters[0].id;
    const nextTry = new Date(2026, 0, 1, 12, 3, 4).getTime();
    await emitBackendEvent("cluster://health", {
      type: "health",
      context: id,
      health: health("unreachable", { lastError: "prod: cannot reach the API server: connection refused", nextRetryMs: nextTry }),
    });
    expect(tab("prod").dataset.health).toBe("unreachable");
    expect(tab("prod")).toHaveAttribute("data-tooltip", expect.stringContaining("connection refused"));
    // The backend keeps retrying; the tab says when the next try is.
    expect(tab("prod")).toHaveAttribute("data-tooltip", expect.stringContaining("next try at 12:03:04"));
    await emitBackendEvent("cluster://health", { type: "health", context: id, health: health("healthy") });
    expect(tab("prod").dataset.health).toBe("healthy");
    expect(tab("staging").dataset.health).toBe("healthy");
  });

  it("says in a background cluster's tooltip since when its watches are live, then reconnecting", async () => {
    await setup();
    const id = clusters[0].id;
    const at = (m: number, sec: number) => new Date(2026, 0, 1, 10, m, sec).getTime();
    const watch = (watchState: object, steps: [string, number][]) =>
      act(() => useResourceStore.setState({ entries: { pods: { context: id, kind: "pods", namespace: null, watcher: {}, watchState, watchHistory: steps.map(([state, atMs]) => ({ state, reason: null, atMs })) } as never } }));
    watch({ state: "live" }, [["live", at(42, 5)]]);
    expect(tab("prod")).toHaveAttribute("data-tooltip", expect.stringMatching(/Watches: 1 live since 10:42:05/));
    watch({ state: "reconnecting", sinceMs: at(43, 0), reason: "prod: refused" }, [["live", at(42, 5)], ["reconnecting", at(43, 0)]]);
    expect(tab("prod")).toHaveAttribute("data-tooltip", expect.stringMatching(/Watches: 1 reconnecting since 10:43:00( AM)? \(pods\) — prod: refused/));
  });

  it("shows a paused background cluster on its tab: state, icon and since when in the tooltip", async () => {
    await setup();
    const id = clusters[0].id;
    const since = new Date(2026, 0, 1, 10, 44, 30).getTime();
    const watch = (watchState: object) => act(() => useResourceStore.setState({ entries: { pods: { context: id, kind: "pods", namespace: null, watcher: {}, watchState, watchHistory: [] } as never } }));
    watch({ state: "live" });
    expect(tab("prod")).toHaveAttribute("data-watch-state", "live");
    expect(within(tab("prod")).queryByTestId("tab-paused")).toBeNull();
    watch({ state: "paused", sinceMs: since });
    expect(tab("prod")).toHaveAttribute("data-watch-state", "paused");
    expect(tab("prod")).toHaveAttribute("data-tooltip", expect.stringMatching(/Watches: 1 paused since 10:44:30( AM)? \(pods\)/));
    expect(within(tab("prod")).getByTestId("tab-paused")).toBeInTheDocument();
    expect(tab("staging")).not.toHaveAttribute("data-watch-state");
  });

  it("renders only the two tabs a switch changes, not every tab nor the bar, and brings the active tab into sight after the paint", async () => {
    await setup();
    // Each tab's render describes its health once; the bar's render names the picker's shortcut.
    const drawn = vi.spyOn(healthText, "describeHealth");
    const bar = vi.spyOn(shortcuts, "shortcutHint");
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push((this as HTMLElement).dataset.context ?? "");
    };
    await act(async () => useClusterStore.getState().setActiveCluster(clusters[0].id));
    expect(activeName()).toBe("prod");
    expect(drawn.mock.calls.map(([entry]) => entry.cluster.context).sort()).toEqual(["dev", "prod"]);
    expect(bar.mock.calls.filter(([id]) => id === "picker")).toEqual([]);
    // Not in the switch's own task: once the frame is painted.
    expect(scrolled).toEqual([]);
    await waitFor(() => expect(scrolled).toEqual(["prod"]));
    // Tab order: the active tab and its close × only.
    expect(screen.getAllByRole("tab").map((b) => b.tabIndex)).toEqual([0, -1, -1]);
    delete (Element.prototype as Partial<Element>).scrollIntoView;
  });

  it("renders only the tab of a cluster whose health changed, not the bar", async () => {
    await setup();
    await listenToClusterEvents();
    const drawn = vi.spyOn(healthText, "describeHealth");
    const bar = vi.spyOn(shortcuts, "shortcutHint");
    await emitBackendEvent("cluster://health", { type: "health", context: clusters[1].id, health: health("slow") });
    expect(tab("staging").dataset.health).toBe("slow");
    expect(drawn.mock.calls.map(([entry]) => entry.cluster.context)).toEqual(["staging"]);
    expect(bar.mock.calls.filter(([id]) => id === "picker")).toEqual([]);
  });
});

/** jsdom has no layout: lay the cluster tabs out side by side, 120 px each, for dnd-kit to measure. */
function stubTabLayout() {
  vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
    const tabEl = this.closest('[data-testid="cluster-tab"]');
    const index = tabEl ? tabs().indexOf(tabEl as HTMLElement) : -1;
    const left = index < 0 ? 0 : index * 120;
    const width = index < 0 ? 0 : 120;
    return { x: left, y: 0, left, top: 0, width, height: 44, right: left + width, bottom: 44, toJSON: () => ({}) } as DOMRect;
  });
}

/** jsdom has no layout: make the tab strip report more content than room. */
function stubOverflow() {
  vi.spyOn(Element.prototype, "scrollWidth", "get").mockImplementation(function (this: Element) {
    return this.getAttribute("role") === "tablist" ? 2000 : 0;
  });
  vi.spyOn(Element.prototype, "clientWidth", "get").mockImplementation(function (this: Element) {
    return this.getAttribute("role") === "tablist" ? 500 : 0;
  });
}
