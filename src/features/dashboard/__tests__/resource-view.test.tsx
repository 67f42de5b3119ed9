import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResourceDelta, Value, WatchState } from "@/lib/tauri/bindings";
import { emitBackendEvent, mockBackend, pod } from "@/test/backend";
import { clusterKinds, kindCommands, kindInfo, watcherKey } from "@/test/kinds";
import { listenToResourceDeltas, resetResourceStore } from "@/stores/resource-store";
import { ResourceView } from "../components/resource-view";

const ctx = "/home/ana/.kube/config#prod";
let stop: (() => void) | null = null;

function backend(overrides: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  return mockBackend((cmd, args) => overrides(cmd, args) ?? kindCommands(cmd, args) ?? true);
}

async function show(kind: string, namespace: string | null = null) {
  stop = await listenToResourceDeltas();
  render(<ResourceView context={ctx} clusterName="prod" kind={kind} namespace={namespace} />);
  await act(async () => {});
}

const delta = (kind: string, reset: Value[]): ResourceDelta => ({ context: ctx, kind, namespace: null, reset, upserts: [], deletes: [] });
const state = (s: WatchState) => emitBackendEvent("resource://watch-state", { type: "watchState", key: watcherKey(ctx, "pods", null), state: s });

beforeEach(() => resetResourceStore());
afterEach(() => {
  stop?.();
  stop = null;
});

describe("resource view", () => {
  it("shows the watch state the backend reports, never live while it fails, with Retry once it gave up", async () => {
    const user = userEvent.setup();
    const calls = backend();
    await show("pods");
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta("pods", [pod("api-1", "shop")]) });
    // Rows in, no report yet: the first list is still being read.
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-state", "listing");
    expect(screen.getByTestId("watch-state")).toHaveTextContent("listing…");

    await state({ state: "live" });
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-state", "live");
    await state({ state: "reconnecting", sinceMs: Date.now() - 3000, reason: "prod: cannot reach the API server: connection refused" });
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-state", "reconnecting");
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-tooltip", expect.stringContaining("connection refused"));
    expect(screen.getByTestId("watch-cause")).toHaveTextContent("prod: cannot reach the API server: connection refused");
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-history", "live reconnecting");
    expect(screen.queryByTestId("watch-retry")).toBeNull();
    await state({ state: "live" });
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-tooltip", expect.stringContaining("Last interruption at"));
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-tooltip", expect.stringContaining("connection refused"));
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-history", "live reconnecting live");
    await state({ state: "stale", sinceMs: Date.now() - 40_000, reason: "prod: cannot reach the API server" });
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-state", "stale");
    await state({ state: "failed", reason: 'prod: forbidden (403): pods is forbidden: User "dev" cannot watch resource "pods"' });
    expect(screen.getByTestId("watch-state")).toHaveAttribute("data-state", "failed");
    expect(screen.getByTestId("watch-state")).toHaveTextContent("pods is forbidden");
    // The rows last seen stay on screen.
    expect(screen.getAllByTestId("resource-row").map((r) => r.dataset.name)).toEqual(["api-1"]);

    await user.click(screen.getByTestId("watch-retry"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "watch_resources")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "unwatch_resources")).toHaveLength(1);
  });

  it("warns about the cluster's failed API groups while its lists still work", async () => {
    backend((cmd, args) =>
      cmd === "describe_kinds"
        ? clusterKinds(args.context as string, { failedGroups: [{ groupVersion: "metrics.k8s.io/v1beta1", reason: "the API server answered 503: service unavailable" }] })
        : undefined,
    );
    await show("pods");
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta("pods", [pod("api-1", "shop"), pod("api-2", "shop")]) });
    const warning = await screen.findByTestId("discovery-warning");
    expect(warning).toHaveTextContent("metrics.k8s.io/v1beta1");
    expect(warning).toHaveTextContent("503");
    expect(screen.getAllByTestId("resource-row")).toHaveLength(2);
  });

  it("takes scope, group and columns of a kind from the backend", async () => {
    const widget = kindInfo("widgets.lab.kubeli.dev", {
      kind: "Widget",
      namespaced: false,
      printerColumns: [{ name: "Colour", type: "string", jsonPath: ".spec.colour", priority: 0, description: null }],
    });
    const calls = backend((cmd, args) => {
      if (cmd === "resolve_kind") return widget;
      if (cmd === "describe_kinds") return clusterKinds(args.context as string, { kinds: [widget] });
      if (cmd === "watch_resources") return { ...watcherKey(ctx, "widgets", null), kind: "widgets.lab.kubeli.dev", namespace: null, resolved: { group: "lab.kubeli.dev", version: "v1", kind: "Widget", plural: "widgets", namespaced: false } };
      return undefined;
    });
    await show("widget", "shop");
    // Cluster-scoped by the backend's word: watched for all namespaces, under its qualified name.
    await waitFor(() => expect(calls.find((c) => c.cmd === "watch_resources")?.args).toEqual({ context: ctx, kind: "widgets.lab.kubeli.dev", namespace: null, request: expect.any(String) }));
    await emitBackendEvent("resource://delta", {
      type: "resourceDelta",
      ...delta("widgets.lab.kubeli.dev", [{ apiVersion: "lab.kubeli.dev/v1", kind: "Widget", metadata: { name: "w-1" }, spec: { colour: "teal" } }]),
    });
    const table = await screen.findByTestId("resource-table");
    expect(within(table).getAllByTestId("column-header").map((h) => h.textContent)).toEqual(["Name", "Colour", "Age"]);
    expect(within(table).getAllByTestId("column-header").map((h) => h.dataset.column)).toEqual(["name", "colour", "age"]);
    expect(within(table).getByText("teal")).toBeInTheDocument();
    expect(screen.getByTestId("resource-kind")).toHaveTextContent("lab.kubeli.dev/v1 Widget");
    // Row actions name the kind as the backend resolved it.
    await userEvent.setup().click(screen.getByRole("button", { name: "Delete w-1" }));
    expect(await screen.findByRole("dialog")).toHaveTextContent("This deletes the Widget on prod");
  });

  it("leaving a view abandons its watch still starting, and closing the YAML dialog abandons its read", async () => {
    const user = userEvent.setup();
    let hang = true;
    const calls = backend((cmd) => ((cmd === "watch_resources" && hang) || cmd === "get_resource_yaml" ? new Promise(() => {}) : undefined));
    await show("pods");
    await waitFor(() => expect(calls.some((c) => c.cmd === "watch_resources")).toBe(true));
    const request = calls.find((c) => c.cmd === "watch_resources")?.args.request;
    expect(request).toEqual(expect.any(String));
    cleanup();
    expect(calls.filter((c) => c.cmd === "cancel_request").map((c) => c.args.request)).toEqual([request]);

    // Back on the view: a fresh watch starts (the abandoned one is not waited for).
    hang = false;
    render(<ResourceView context={ctx} clusterName="prod" kind="pods" namespace={null} />);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "watch_resources")).toHaveLength(2));
    await emitBackendEvent("resource://delta", { type: "resourceDelta", ...delta("pods", [pod("api-1", "shop")]) });
    await user.click(await screen.findByRole("button", { name: "View YAML of api-1" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "get_resource_yaml")).toBe(true));
    const read = calls.find((c) => c.cmd === "get_resource_yaml")?.args.request;
    await user.keyboard("{Escape}");
    await waitFor(() => expect(calls.filter((c) => c.cmd === "cancel_request").map((c) => c.args.request)).toEqual([request, read]));
  });
});
