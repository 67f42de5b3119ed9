/** The Ctrl+K command palette in the real app: clusters (with the picker's test hooks), kinds and CRDs, namespaces and actions, filtered as one types. */
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@/app/App";
import type { Discovery } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, emitBackendEvent, mockBackend } from "@/test/backend";
import { clusterKinds, kindCommands, kindInfo } from "@/test/kinds";
import { resetAppStores } from "@/test/reset-stores";

const prod = cluster("prod");
const staging = cluster("staging");
const discovery: Discovery = { clusters: [prod, staging], errors: [], sources: [], currentContext: null };

function backend() {
  return mockBackend((cmd, args) => {
    if (cmd === "describe_kinds") {
      const base = clusterKinds(args.context as string);
      return { ...base, kinds: [...base.kinds, kindInfo("configmaps"), kindInfo("widgets.lab.kubeli.dev", { kind: "Widget" })] };
    }
    const kinds = kindCommands(cmd, args);
    if (kinds !== undefined) return kinds;
    switch (cmd) {
      case "list_clusters":
        return discovery;
      case "connect":
        return connectionInfo((args.context as string) === prod.id ? prod : staging);
      case "list_resources":
        return { items: [], continueToken: null, resourceVersion: "1", resolved: { group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false } };
      default:
        return null;
    }
  });
}

/** Connects staging, then prod (active), with prod's namespaces known. */
async function connectBoth() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findAllByTestId("cluster-card");
  await act(async () => {});
  for (const name of ["staging", "prod"]) {
    const card = screen.getAllByTestId("cluster-card").find((c) => c.textContent?.includes(name))!;
    await user.click(within(card).getByTestId("connect"));
    await screen.findByTestId("dashboard");
    if (name === "staging") await user.click(screen.getByRole("button", { name: /all clusters|home/i }));
  }
  await emitBackendEvent("cluster://namespaces", { type: "namespaces", context: prod.id, namespaces: { names: ["default", "kube-system", "shop"], source: "watched", error: null } });
  return user;
}

const prefsOf = (id: string) => useClusterStore.getState().prefs[id] ?? {};

beforeEach(() => {
  resetAppStores();
});

describe("command palette", () => {
  it("filters clusters, kinds (CRDs marked), namespaces and actions as one types; the cluster entries keep the picker's hooks", async () => {
    backend();
    const user = await connectBoth();
    expect(useClusterStore.getState().activeClusterContext).toBe(prod.id);
    await user.keyboard("{Control>}k{/Control}");
    const palette = await screen.findByTestId("command-palette");
    const input = screen.getByTestId("cluster-picker-input");
    expect(input).toHaveFocus();
    expect(within(palette).getAllByTestId("cluster-picker-option").map((o) => o.dataset.context)).toEqual(["staging", "prod"]);
    expect(await within(palette).findByText("Widget")).toBeInTheDocument();

    await user.type(input, "widg");
    expect(within(palette).queryAllByTestId("cluster-picker-option")).toHaveLength(0);
    const kinds = within(palette).getAllByTestId("palette-kind");
    expect(kinds.map((k) => k.dataset.kind)).toEqual(["widgets.lab.kubeli.dev"]);
    expect(kinds[0]).toHaveTextContent("CRD");
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("command-palette")).not.toBeInTheDocument();
    expect(prefsOf(prod.id).activeResourceTab).toBe("widgets.lab.kubeli.dev");

    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("cluster-picker-input"), "kube-sys");
    const ns = screen.getAllByTestId("palette-namespace");
    expect(ns.map((n) => n.dataset.namespace)).toEqual(["kube-system"]);
    await user.click(ns[0]);
    expect(prefsOf(prod.id).namespace).toBe("kube-system");

    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("cluster-picker-input"), "overview");
    await user.click(screen.getByTestId("palette-action"));
    expect(prefsOf(prod.id).activeResourceTab).toBe("overview");
    expect(await screen.findByTestId("cluster-overview")).toBeInTheDocument();

    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("cluster-picker-input"), "stag");
    const options = screen.getAllByTestId("cluster-picker-option");
    expect(options.map((o) => o.dataset.context)).toEqual(["staging"]);
    await user.keyboard("{Enter}");
    expect(useClusterStore.getState().activeClusterContext).toBe(staging.id);
    // The whole app typing some forty keys: ~3 s alone, over 5 s on a loaded 2-core machine.
  }, 20_000);
});
