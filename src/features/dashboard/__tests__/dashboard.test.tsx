import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@/app/App";
import type { Discovery, Value } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { appError, cluster, connectionInfo, emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { clusterKinds, kindCommands, kindInfo, watcherKey } from "@/test/kinds";
import { resetAppStores } from "@/test/reset-stores";

const prod = cluster("prod");
const staging = cluster("staging");
const broken = cluster("broken", { problem: 'cluster "gone" is not defined in this file' });
const discovery: Discovery = { clusters: [prod, staging, broken], errors: [], sources: [], currentContext: null };

function backend(overrides: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  return mockBackend((cmd, args) => {
    const answer = overrides(cmd, args) ?? kindCommands(cmd, args);
    if (answer !== undefined) return answer;
    switch (cmd) {
      case "list_clusters":
        return discovery;
      case "connect":
        return connectionInfo([prod, staging].find((c) => c.id === args.context)!);
      case "connection_log":
        return [{ atMs: 1_700_000_000_000, step: "reach the API server", ok: false, millis: 5003, detail: "connection refused" }];
      default:
        return null;
    }
  });
}

async function renderApp() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findAllByTestId("cluster-card");
  // Let the event listeners register before the test emits.
  await act(async () => {});
  return { user };
}

const card = (name: string) => screen.getAllByTestId("cluster-card").find((c) => c.dataset.context === name)!;
const tab = (name: string) => screen.getAllByTestId("cluster-tab").find((t) => t.dataset.context === name)!;
const rowNames = () => screen.queryAllByTestId("resource-row").map((r) => r.dataset.name);

async function namespaces(id: string, names: string[]) {
  await emitBackendEvent("cluster://namespaces", { type: "namespaces", context: id, namespaces: { names, source: "watched", error: null } });
}

beforeEach(() => {
  resetAppStores();
});

describe("home grid connect", () => {
  it("connects from a card, shows the dashboard, and offers a way back", async () => {
    const calls = backend();
    const { user } = await renderApp();
    expect(within(card("broken")).getByTestId("connect")).toBeDisabled();
    expect(within(card("broken")).getByTestId("connect").parentElement).toHaveAttribute("data-tooltip", expect.stringContaining("is not defined"));

    await user.click(within(card("prod")).getByTestId("connect"));
    expect(await screen.findByTestId("dashboard")).toHaveAttribute("data-cluster-id", prod.id);
    expect(screen.getByTestId("active-cluster-name")).toHaveTextContent("prod");
    expect(calls.filter((c) => c.cmd === "connect").map((c) => c.args.context)).toEqual([prod.id]);

    await user.click(screen.getByTestId("add-cluster"));
    expect(within(card("prod")).getByTestId("disconnect")).toBeInTheDocument();
    expect(within(card("prod")).getByText("Connected")).toBeInTheDocument();
    expect(within(card("staging")).getByTestId("connect")).toBeInTheDocument();
    await user.click(screen.getByTestId("back-to-dashboard"));
    expect(screen.getByTestId("dashboard")).toBeInTheDocument();
  });

  it("shows a failed connect on its card with retry and a copyable connection log", async () => {
    let fail = true;
    backend((cmd) => {
      if (cmd === "connect" && fail) throw appError("staging: cannot reach the API server: connection refused");
      return undefined;
    });
    const { user } = await renderApp();
    await user.click(within(card("staging")).getByTestId("connect"));
    const error = await within(card("staging")).findByTestId("connect-error");
    expect(error).toHaveTextContent("staging: cannot reach the API server: connection refused");
    expect(screen.queryByTestId("cluster-tab")).not.toBeInTheDocument();

    await user.click(within(error).getByTestId("copy-connection-log"));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toContain("reach the API server (5003 ms) — connection refused"));

    fail = false;
    await user.click(within(error).getByTestId("retry-connect"));
    expect(await screen.findByTestId("dashboard")).toHaveAttribute("data-cluster-id", staging.id);
  });

  it("offers no Retry for a connect error that cannot succeed on a retry", async () => {
    backend((cmd) => {
      if (cmd === "connect") throw { kind: "unauthorized", message: "staging: the server rejected the credentials (401)", retryable: false };
      return undefined;
    });
    const { user } = await renderApp();
    await user.click(within(card("staging")).getByTestId("connect"));
    const error = await within(card("staging")).findByTestId("connect-error");
    expect(error).toHaveTextContent("rejected the credentials");
    expect(within(error).queryByTestId("retry-connect")).not.toBeInTheDocument();
    expect(within(error).getByTestId("copy-connection-log")).toBeInTheDocument();
  });
});

describe("dashboard", () => {
  it("keeps the namespace per cluster when switching away and back", async () => {
    backend();
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    await namespaces(prod.id, ["default", "payments"]);
    await user.selectOptions(screen.getByTestId("namespace-select"), "payments");

    await user.click(screen.getByTestId("add-cluster"));
    await user.click(within(card("staging")).getByTestId("connect"));
    await waitFor(() => expect(screen.getByTestId("active-cluster-name")).toHaveTextContent("staging"));
    await namespaces(staging.id, ["default", "web"]);
    expect(screen.getByTestId("namespace-select")).toHaveValue("");
    await user.selectOptions(screen.getByTestId("namespace-select"), "web");

    await user.click(tab("prod"));
    expect(screen.getByTestId("namespace-select")).toHaveValue("payments");
    await user.click(tab("staging"));
    expect(screen.getByTestId("namespace-select")).toHaveValue("web");
  });

  it("renders rows from resource deltas and paints the other cluster's cached rows without IPC", async () => {
    const calls = backend();
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    expect(screen.getByTestId("resource-loading")).toBeInTheDocument();
    await waitFor(() => expect(calls.find((c) => c.cmd === "watch_resources")?.args).toEqual({ context: prod.id, kind: "pods", namespace: null, request: expect.any(String) }));

    await emitBackendEvent("resource://delta", {
      type: "resourceDelta",
      context: prod.id,
      kind: "pods",
      namespace: null,
      reset: [pod("api-1", "payments"), pod("api-2", "payments", "Pending")],
      upserts: [],
      deletes: [],
    });
    expect(rowNames()).toEqual(["api-1", "api-2"]);
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: prod.id, kind: "pods", namespace: null, reset: null, upserts: [pod("api-3", "payments")], deletes: ["payments/api-1"] });
    expect(rowNames()).toEqual(["api-2", "api-3"]);
    expect(within(screen.getByTestId("resource-table")).getByText("Pending")).toBeInTheDocument();

    await user.click(screen.getByTestId("add-cluster"));
    await user.click(within(card("staging")).getByTestId("connect"));
    await waitFor(() => expect(screen.getByTestId("active-cluster-name")).toHaveTextContent("staging"));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: staging.id, kind: "pods", namespace: null, reset: [pod("web-1", "web")], upserts: [], deletes: [] });
    expect(rowNames()).toEqual(["web-1"]);

    const before = calls.length;
    await user.click(tab("prod"));
    expect(rowNames()).toEqual(["api-2", "api-3"]);
    await user.click(tab("staging"));
    expect(rowNames()).toEqual(["web-1"]);
    expect(calls.length).toBe(before);
  });

  it("puts only the rows in view into the DOM, with spacers for the rest", async () => {
    backend();
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    const many = Array.from({ length: 2000 }, (_, i) => pod(`pod-${String(i).padStart(4, "0")}`, "big"));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: prod.id, kind: "pods", namespace: null, reset: many, upserts: [], deletes: [] });
    const names = rowNames();
    expect(names.length).toBeGreaterThan(10);
    expect(names.length).toBeLessThan(100);
    expect(names[0]).toBe("pod-0000");
    expect(screen.getByTestId("resource-count")).toHaveTextContent("2000 pods");
    // The spacer after the drawn rows stands for every row not drawn.
    const spacer = screen.getByTestId("resource-table").querySelector("tbody > tr:last-child") as HTMLElement;
    expect(spacer.getAttribute("aria-hidden")).toBe("true");
    expect(parseInt(spacer.style.height, 10)).toBe((2000 - names.length) * 33);
  });

  it("shows a Secret's YAML with its values hidden until the user reveals them", async () => {
    const calls = backend((cmd, args) => {
      if (cmd === "get_resource_yaml") return args.reveal ? "data:\n  password: aHVudGVyMg==\n" : "data:\n  password: <hidden: reveal to see>\n";
      return undefined;
    });
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    await user.click(screen.getByTestId("open-kind"));
    await user.type(screen.getByTestId("open-kind-input"), "secrets{Enter}");
    const secret: Value = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: "<hidden: reveal to see>" } };
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: prod.id, kind: "secrets", namespace: null, reset: [secret], upserts: [], deletes: [] });
    await user.click(screen.getByRole("button", { name: "View YAML of db" }));
    expect(await screen.findByTestId("yaml-view")).toHaveTextContent("<hidden: reveal to see>");
    await user.click(screen.getByTestId("reveal-secret"));
    await waitFor(() => expect(screen.getByTestId("yaml-view")).toHaveTextContent("aHVudGVyMg=="));
    const reveals = calls.filter((c) => c.cmd === "get_resource_yaml").map((c) => c.args.reveal);
    expect(reveals).toEqual([false, true]);
  });

  it("stops a cluster's watches when it disconnects", async () => {
    const calls = backend();
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "watch_resources")).toBe(true));
    await user.click(within(tab("prod")).getByTestId("cluster-tab-close"));
    expect(calls.find((c) => c.cmd === "unwatch_resources")?.args).toEqual({ key: watcherKey(prod.id, "pods", null) });
    expect(calls.map((c) => c.cmd)).toContain("disconnect");
    expect(useClusterStore.getState().connectedClusters.size).toBe(0);
  });

  it("keeps open resource tabs per cluster", async () => {
    backend();
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    await user.click(screen.getByTestId("open-kind"));
    await user.type(screen.getByTestId("open-kind-input"), "secrets{Enter}");
    const active = () => screen.getAllByTestId("resource-tab").find((t) => t.dataset.active === "true")?.dataset.kind;
    expect(active()).toBe("secrets");

    await user.click(screen.getByTestId("add-cluster"));
    await user.click(within(card("staging")).getByTestId("connect"));
    await waitFor(() => expect(screen.getByTestId("active-cluster-name")).toHaveTextContent("staging"));
    expect(active()).toBe("pods");
    expect(screen.getAllByTestId("resource-tab").map((t) => t.dataset.kind)).not.toContain("secrets");

    await user.click(tab("prod"));
    expect(active()).toBe("secrets");
  });

  it("offers the kinds the cluster serves when opening a kind, as the backend names them", async () => {
    backend((cmd, args) =>
      cmd === "describe_kinds"
        ? clusterKinds(args.context as string, {
            kinds: [
              kindInfo("pods"),
              kindInfo("events"),
              kindInfo("widgets.lab.kubeli.dev"),
              kindInfo("events.events.k8s.io"),
              kindInfo("pods.metrics.k8s.io", { verbs: ["get", "list"] }),
            ],
          })
        : undefined,
    );
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    await user.click(screen.getByTestId("open-kind"));
    const offered = () => [...document.querySelectorAll("#kubeli-kinds option")].map((o) => (o as HTMLOptionElement).value);
    // A plural another group also serves is offered qualified; metrics cannot be watched.
    await waitFor(() => expect(offered()).toEqual(["pods", "events", "widgets", "events.events.k8s.io"]));
  });

  it("goes back and forward through each cluster's resource tabs by button and by Alt+←/→", async () => {
    const calls = backend();
    const { user } = await renderApp();
    const active = () => screen.getAllByTestId("resource-tab").find((t) => t.dataset.active === "true")?.dataset.kind;
    const resourceTab = (kind: string) => within(screen.getAllByTestId("resource-tab").find((t) => t.dataset.kind === kind)!).getByRole("tab");
    await user.click(within(card("prod")).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    expect(screen.getByTestId("resource-back")).toBeDisabled();
    expect(screen.getByTestId("resource-forward")).toBeDisabled();
    await user.click(resourceTab("deployments"));
    await user.click(resourceTab("services"));
    expect(screen.getByTestId("resource-back")).toHaveAccessibleName("Back to Deployments");

    await user.click(screen.getByTestId("add-cluster"));
    await user.click(within(card("staging")).getByTestId("connect"));
    await waitFor(() => expect(screen.getByTestId("active-cluster-name")).toHaveTextContent("staging"));
    expect(active()).toBe("pods");
    expect(screen.getByTestId("resource-back")).toBeDisabled();
    await user.click(resourceTab("nodes"));

    // Back on prod: its own history, not staging's.
    await user.click(tab("prod"));
    expect(active()).toBe("services");
    await user.click(screen.getByTestId("resource-back"));
    expect(active()).toBe("deployments");
    expect(screen.getByTestId("resource-forward")).toBeEnabled();
    // Alt+← / Alt+→ from wherever focus is (here: the Back button).
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(active()).toBe("pods");
    expect(screen.getByTestId("resource-back")).toBeDisabled();
    await user.keyboard("{Alt>}{ArrowRight}{/Alt}");
    expect(active()).toBe("deployments");
    await user.click(screen.getByTestId("resource-forward"));
    expect(active()).toBe("services");
    expect(screen.getByTestId("resource-forward")).toBeDisabled();

    // Not while focus is in a select.
    screen.getByTestId("namespace-select").focus();
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(active()).toBe("services");

    // Mod+Alt+→ is still "next cluster", even from a focused resource tab; no IPC to switch.
    resourceTab("services").focus();
    const before = calls.length;
    await user.keyboard("{Control>}{Alt>}{ArrowRight}{/Alt}{/Control}");
    expect(screen.getByTestId("active-cluster-name")).toHaveTextContent("staging");
    expect(active()).toBe("nodes");
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(active()).toBe("pods");
    expect(calls.slice(before).filter((c) => c.cmd !== "watch_resources" && c.cmd !== "unwatch_resources")).toEqual([]);

    // Closing a tab drops it from the history: prod's Back skips the closed Deployments.
    await user.click(tab("prod"));
    await user.click(screen.getByRole("button", { name: "Close Deployments" }));
    expect(active()).toBe("services");
    await user.click(screen.getByTestId("resource-back"));
    expect(active()).toBe("pods");
    expect(screen.getByTestId("resource-back")).toBeDisabled();
  });

  it("shows a watch error with retry", async () => {
    let fail = true;
    backend((cmd) => {
      if (cmd === "watch_resources" && fail) throw appError("prod: pods is forbidden for this user", "forbidden");
      return undefined;
    });
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    expect(await screen.findByTestId("resource-error")).toHaveTextContent("prod: pods is forbidden for this user");
    // Forbidden is told apart from other failures, in the view and in the sidebar.
    expect(screen.getByTestId("resource-error")).toHaveAttribute("data-forbidden", "true");
    expect(screen.getAllByTestId("nav-kind").find((n) => n.dataset.kind === "pods")).toHaveAttribute("data-forbidden", "true");
    fail = false;
    await user.click(screen.getByTestId("resource-retry"));
    expect(await screen.findByTestId("resource-loading")).toBeInTheDocument();
  });

  it("shows a watch error without Retry when retrying cannot help", async () => {
    backend((cmd) => {
      if (cmd === "watch_resources") throw { kind: "notFound", message: "prod: the server has no resource type widgets", retryable: false };
      return undefined;
    });
    const { user } = await renderApp();
    await user.click(within(card("prod")).getByTestId("connect"));
    expect(await screen.findByTestId("resource-error")).toHaveTextContent("no resource type widgets");
    expect(screen.queryByTestId("resource-retry")).not.toBeInTheDocument();
  });
});
