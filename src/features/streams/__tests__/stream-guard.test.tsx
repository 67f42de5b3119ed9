/** The production guard in the streams dock: the header of a guarded cluster's log or shell says so, a read-only cluster's shell is refused with the backend's message naming the cluster, and its port-forward dialog cannot start. */
import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { appError, cluster, pod } from "@/test/backend";
import { oneClusterBackend, showKind } from "@/test/one-cluster";
import { resetAppStores } from "@/test/reset-stores";
import { useClusterStore } from "@/stores/cluster-store";

const prod = cluster("prod");
const refusal = "prod: the cluster is read-only in Kubeli, so opening a shell in pod shop/web-1 was refused; turn read-only off for this cluster to change it";

function backend() {
  return oneClusterBackend(prod, (cmd) => {
    switch (cmd) {
      case "start_logs":
        return "logs-1";
      case "start_exec":
        // What the core answers for a read-only context (`ensure_writable`).
        throw { ...appError(refusal, "readOnly"), retryable: false };
      case "suggest_local_port":
        return 18080;
      case "list_streams":
      case "list_port_forwards":
        return [];
      default:
        return null;
    }
  });
}

const showPods = () => showKind(prod, "pods", [pod("web-1", "shop")]);

beforeEach(() => {
  resetAppStores();
});

describe("the guard in stream headers", { timeout: 30_000 }, () => {
  it("labels a protected cluster's log header, and a read-only cluster's shell is refused naming the cluster while logs stay allowed", async () => {
    const calls = backend();
    const { user, row } = await showPods();
    act(() => useClusterStore.getState().setGuard(prod.id, { protected: true }));
    await user.click(within(row).getByTestId("open-logs"));
    await screen.findByTestId("log-view");
    const header = screen.getByTestId("stream-header");
    expect(within(header).getByTestId("guard-label")).toHaveAttribute("data-guard", "protected");

    act(() => useClusterStore.getState().setGuard(prod.id, { protected: false, readOnly: true }));
    expect(within(screen.getByTestId("stream-header")).getByTestId("guard-label")).toHaveAttribute("data-guard", "read-only");
    // Logs are reads: the log stream was started.
    expect(calls.some((c) => c.cmd === "start_logs")).toBe(true);

    await user.click(within(row).getByTestId("open-shell"));
    await waitFor(() => expect(screen.getAllByTestId("stream-tab").map((t) => t.dataset.type)).toEqual(["logs", "shell"]));
    const ended = await screen.findByTestId("stream-ended", {}, { timeout: 15_000 });
    expect(ended).toHaveTextContent(refusal);
    expect(within(screen.getByTestId("stream-header")).getByTestId("guard-label")).toHaveAttribute("data-guard", "read-only");

    // Unguarded: no label.
    act(() => useClusterStore.getState().setGuard(prod.id, { protected: false, readOnly: false }));
    expect(within(screen.getByTestId("stream-header")).queryByTestId("guard-label")).toBeNull();
  });

  it("a read-only cluster's port-forward dialog says it is refused and cannot start; lifting the mark allows it", async () => {
    const calls = backend();
    const { user, row } = await showPods();
    act(() => useClusterStore.getState().setGuard(prod.id, { readOnly: true }));
    await user.click(within(row).getByTestId("open-port-forward"));
    const dialog = await screen.findByTestId("port-forward-dialog");
    await user.type(within(dialog).getAllByTestId("port-forward-remote")[0], "8080");
    expect(within(dialog).getByTestId("port-forward-dialog-error")).toHaveTextContent(/prod is read-only in Kubeli/);
    expect(within(dialog).getByTestId("start-port-forward")).toBeDisabled();
    expect(calls.some((c) => c.cmd === "start_port_forward")).toBe(false);

    act(() => useClusterStore.getState().setGuard(prod.id, { readOnly: false }));
    expect(within(dialog).queryByTestId("port-forward-dialog-error")).toBeNull();
    expect(within(dialog).getByTestId("start-port-forward")).toBeEnabled();
  });
});
