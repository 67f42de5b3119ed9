/** Node and cronjob actions from the details panel: confirmed in a dialog naming the cluster, refusals say what to do. */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { appError, mockBackend } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";
import { DetailsActions } from "../components/details-actions";

const node: Value = { kind: "Node", metadata: { name: "worker-1" }, spec: {} };
const cronjob: Value = { kind: "CronJob", metadata: { name: "report", namespace: "ops" }, spec: { suspend: true } };

beforeEach(() => resetAppStores());

describe("details actions", () => {
  it("drains a node after a confirmation that names the cluster, and reports what was evicted", async () => {
    const calls = mockBackend((cmd) => (cmd === "drain_node" ? { evicted: ["a/p1", "a/p2"], skipped: ["kube-system/ds-1"] } : null));
    const user = userEvent.setup();
    let done = 0;
    render(<DetailsActions target={{ context: "/k#prod", kind: "nodes", namespace: null, name: "worker-1" }} object={node} clusterName="prod" onDone={() => done++} />);
    expect(screen.getByTestId("action-cordon")).toBeInTheDocument();
    await user.click(screen.getByTestId("action-drain"));
    const dialog = screen.getByRole("dialog", { name: "Drain worker-1?" });
    expect(within(dialog).getByTestId("action-cluster")).toHaveTextContent("prod");
    expect(dialog).toHaveTextContent("Eviction API");
    expect(calls.some((c) => c.cmd === "drain_node")).toBe(false);
    await user.click(within(dialog).getByTestId("confirm-action"));
    await waitFor(() => expect(done).toBe(1));
    expect(calls.find((c) => c.cmd === "drain_node")?.args).toEqual({ context: "/k#prod", node: "worker-1" });
  });

  it("says what to do when the cluster forbids the action, and keeps the dialog open", async () => {
    mockBackend((cmd) => {
      if (cmd === "trigger_cronjob") throw appError('prod: forbidden (403): jobs.batch is forbidden: User "dev" cannot create', "forbidden");
      return null;
    });
    const user = userEvent.setup();
    render(<DetailsActions target={{ context: "/k#prod", kind: "cronjobs.batch", namespace: "ops", name: "report" }} object={cronjob} clusterName="prod" onDone={() => undefined} />);
    // A suspended cronjob offers Resume, not Suspend.
    expect(screen.getByTestId("action-resume")).toBeInTheDocument();
    expect(screen.queryByTestId("action-suspend")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("action-trigger"));
    await user.click(within(screen.getByRole("dialog")).getByTestId("confirm-action"));
    const error = await screen.findByTestId("action-error");
    expect(error).toHaveTextContent("403");
    expect(error).toHaveTextContent("ask for the RBAC permission");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });
});
