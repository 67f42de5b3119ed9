/** Row actions in the real app: confirmation dialogs, and results as toasts naming the cluster. */
import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { appError, cluster } from "@/test/backend";
import { oneClusterBackend, showKind } from "@/test/one-cluster";
import { resetAppStores } from "@/test/reset-stores";

const prod = cluster("prod");
const web: Value = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 } };

/** prod alone; its delete, scale and restart answer what `action` returns (or throws). */
function backend(action: (cmd: string, args: Record<string, unknown>) => unknown = () => null) {
  return oneClusterBackend(prod, (cmd, args) => (["delete_resource", "scale_resource", "restart_resource"].includes(cmd) ? action(cmd, args) : null));
}

/** Connects prod and shows its deployments with one row, `shop/web`. */
const showDeployments = async () => (await showKind(prod, "deployments", [web])).user;

beforeEach(() => {
  resetAppStores();
});

describe("row actions", () => {
  it("names each row button in one shared tooltip on hover and on keyboard focus, gone on leave and Escape", async () => {
    backend();
    const user = await showDeployments();
    const deleteButton = screen.getByRole("button", { name: "Delete web" });
    await user.hover(deleteButton);
    expect(await screen.findByRole("tooltip", {}, { timeout: 3000 })).toHaveTextContent("Delete web");
    await user.unhover(deleteButton);
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();
    // Keyboard: Tab into the row's buttons shows the focused one's name at once.
    deleteButton.focus();
    await user.tab({ shift: true });
    const focused = document.activeElement as HTMLElement;
    expect(focused.dataset.tooltip).toBeTruthy();
    await user.tab();
    expect(deleteButton).toHaveFocus();
    expect(screen.getByRole("tooltip")).toHaveTextContent("Delete web");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();
  }, 20_000);

  it("asks before deleting, in red, and reports the result naming the cluster", async () => {
    const calls = backend();
    const user = await showDeployments();
    const deleteButton = screen.getByRole("button", { name: "Delete web" });
    expect(deleteButton).toHaveAttribute("data-tooltip", "Delete web");
    await user.click(deleteButton);
    const dialog = screen.getByRole("dialog", { name: "Delete shop/web?" });
    const confirm = within(dialog).getByTestId("confirm-action");
    expect(confirm).toHaveClass("bg-red-500");
    expect(confirm).not.toHaveClass("bg-sky-500");
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();

    await user.click(confirm);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "delete_resource")?.args).toEqual({ context: prod.id, kind: "deployments.apps", namespace: "shop", name: "web" });
    expect(await screen.findByText(/Deleted shop\/web on/)).toHaveTextContent("Deleted shop/web on prod");
    // Focus goes back to the row's Delete button.
    expect(deleteButton).toHaveFocus();
  });

  it("scales and says so with the new count and the cluster", async () => {
    const calls = backend();
    const user = await showDeployments();
    await user.click(screen.getByRole("button", { name: "Scale web" }));
    const input = screen.getByTestId("scale-input");
    await user.clear(input);
    await user.type(input, "3{Enter}");
    expect(await screen.findByText(/Scaled web to 3 on/)).toHaveTextContent("Scaled web to 3 on prod");
    expect(calls.find((c) => c.cmd === "scale_resource")?.args).toMatchObject({ context: prod.id, name: "web", replicas: 3 });
  });

  it("shows a failed restart in the dialog and as a toast naming the cluster", async () => {
    backend(() => {
      throw appError("prod: deployments.apps \"web\" is forbidden", "forbidden");
    });
    const user = await showDeployments();
    await user.click(screen.getByRole("button", { name: "Restart web" }));
    await user.click(screen.getByTestId("confirm-action"));
    expect(await within(screen.getByRole("dialog")).findByRole("alert")).toHaveTextContent("is forbidden");
    expect(await screen.findByText("Could not restart shop/web on prod")).toBeInTheDocument();
  });
});
