/**
 * The production guard in the real app: a protected cluster's delete waits for its name to be
 * typed; a read-only cluster's changes are disabled with the reason; the guard label is in the
 * dialog header; the backend is told which clusters are read-only.
 */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@/app/App";
import type { Discovery, Value } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, emitBackendEvent, mockBackend } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { resetAppStores } from "@/test/reset-stores";

const prod = cluster("prod");
const discovery: Discovery = { clusters: [prod], errors: [], sources: [], currentContext: null };
const web: Value = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 } };

function backend() {
  return mockBackend((cmd, args) => {
    const kinds = kindCommands(cmd, args);
    if (kinds !== undefined) return kinds;
    if (cmd === "list_clusters") return discovery;
    if (cmd === "connect") return connectionInfo(prod);
    return null;
  });
}

async function showDeployments() {
  const user = userEvent.setup();
  render(<App />);
  const card = await screen.findByTestId("cluster-card");
  await act(async () => {});
  await user.click(within(card).getByTestId("connect"));
  await screen.findByTestId("dashboard");
  await user.click(within(screen.getAllByTestId("resource-tab").find((t) => t.dataset.kind === "deployments")!).getByRole("tab"));
  await emitBackendEvent("resource://delta", { type: "resourceDelta", context: prod.id, kind: "deployments.apps", namespace: null, reset: [web], upserts: [], deletes: [] });
  await screen.findByTestId("resource-row");
  return user;
}

beforeEach(() => {
  resetAppStores();
});

describe("production guard", () => {
  it("a protected cluster's delete is refused until its name is typed", async () => {
    const calls = backend();
    useClusterStore.getState().setGuard(prod.id, { protected: true });
    const user = await showDeployments();
    await user.click(screen.getByRole("button", { name: "Delete web" }));
    const dialog = screen.getByRole("dialog", { name: "Delete shop/web?" });
    expect(within(dialog).getByTestId("guard-label")).toHaveTextContent(/protected/i);
    const confirm = () => within(dialog).getByTestId("confirm-action");
    expect(confirm()).toBeDisabled();
    expect(within(dialog).getByTestId("guard-block")).toHaveAttribute("data-tooltip", "prod is protected: type its name to confirm.");
    const input = within(dialog).getByTestId("confirm-name-input");
    await user.type(input, "pro");
    expect(confirm()).toBeDisabled();
    await user.type(input, "d");
    expect(confirm()).toBeEnabled();
    expect(within(dialog).queryByTestId("guard-block")).not.toBeInTheDocument();
    await user.click(confirm());
    await waitFor(() => expect(calls.some((c) => c.cmd === "delete_resource")).toBe(true));
  });

  it("a read-only cluster disables changes with the reason, and the backend is told", async () => {
    const calls = backend();
    useClusterStore.getState().setGuard(prod.id, { readOnly: true });
    const user = await showDeployments();
    expect(calls.filter((c) => c.cmd === "set_read_only_contexts").at(-1)?.args).toEqual({ contexts: [prod.id] });
    await user.click(screen.getByRole("button", { name: "Restart web" }));
    const dialog = screen.getByRole("dialog", { name: "Restart shop/web?" });
    expect(within(dialog).getByTestId("guard-label")).toHaveTextContent(/read-only/i);
    expect(within(dialog).queryByTestId("confirm-name-input")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("confirm-action")).toBeDisabled();
    expect(within(dialog).getByTestId("guard-block").dataset.tooltip).toMatch(/^prod is read-only/);
    expect(calls.some((c) => c.cmd === "restart_resource")).toBe(false);
  });

  it("an unguarded cluster confirms as before, without a name field", async () => {
    backend();
    const user = await showDeployments();
    await user.click(screen.getByRole("button", { name: "Delete web" }));
    const dialog = screen.getByRole("dialog", { name: "Delete shop/web?" });
    expect(within(dialog).queryByTestId("confirm-name-input")).not.toBeInTheDocument();
    expect(within(dialog).queryByTestId("guard-label")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("confirm-action")).toBeEnabled();
  });
});
