/**
 * The production guard in the real app: a protected cluster's delete waits for its name to be
 * typed; a read-only cluster's changes are disabled with the reason; the guard label is in the
 * dialog header; the backend is told which clusters are read-only.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { cluster } from "@/test/backend";
import { oneClusterBackend, showKind } from "@/test/one-cluster";
import { resetAppStores } from "@/test/reset-stores";

const prod = cluster("prod");
const web: Value = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 } };

const backend = () => oneClusterBackend(prod);
const showDeployments = async () => (await showKind(prod, "deployments", [web])).user;

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
