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
  it("drains a node after a confirmation that names the cluster and lists what the drain will do", async () => {
    const plan = { evicted: ["a/p1", "a/p2"], skipped: ["kube-system/ds-1"], unmanaged: [], emptyDir: [], dryRun: true };
    const calls = mockBackend((cmd, args) => (cmd === "drain_node" ? { ...plan, dryRun: (args.options as { dryRun: boolean }).dryRun } : null));
    const user = userEvent.setup();
    let done = 0;
    render(<DetailsActions target={{ context: "/k#prod", kind: "nodes", namespace: null, name: "worker-1" }} object={node} clusterName="prod" onDone={() => done++} />);
    expect(screen.getByTestId("action-cordon")).toBeInTheDocument();
    await user.click(screen.getByTestId("action-drain"));
    const dialog = screen.getByRole("dialog", { name: "Drain worker-1?" });
    expect(within(dialog).getByTestId("action-cluster")).toHaveTextContent("prod");
    expect(dialog).toHaveTextContent("Eviction API");
    expect(await within(dialog).findByTestId("drain-evict")).toHaveTextContent("2 pod(s) will be evicted");
    expect(within(dialog).getByTestId("drain-skipped")).toHaveTextContent("kube-system/ds-1");
    // Only a dry run so far, and no option asked for when no pod needs one.
    expect(calls.filter((c) => c.cmd === "drain_node").map((c) => c.args.options)).toEqual([{ force: false, deleteEmptyDirData: false, dryRun: true }]);
    expect(within(dialog).queryByTestId("drain-force")).not.toBeInTheDocument();
    await user.click(within(dialog).getByTestId("confirm-action"));
    await waitFor(() => expect(done).toBe(1));
    expect(calls.filter((c) => c.cmd === "drain_node").at(-1)?.args).toEqual({ context: "/k#prod", node: "worker-1", options: { force: false, deleteEmptyDirData: false, dryRun: false } });
  });

  it("asks for force and for deleting emptyDir data where pods need them, and shows the backend's refusal", async () => {
    const plan = { evicted: ["a/p1", "default/scratch"], skipped: [], unmanaged: ["default/scratch"], emptyDir: ["default/scratch"], dryRun: true };
    let refuse = true;
    const calls = mockBackend((cmd, args) => {
      if (cmd !== "drain_node") return null;
      const options = args.options as { dryRun: boolean };
      if (options.dryRun) return plan;
      if (refuse) throw appError("prod: cannot drain node worker-1: pods not managed by a controller (choose force to evict them; nothing recreates them): default/late; nothing was changed", "invalidInput");
      return { ...plan, dryRun: false };
    });
    const user = userEvent.setup();
    render(<DetailsActions target={{ context: "/k#prod", kind: "nodes", namespace: null, name: "worker-1" }} object={node} clusterName="prod" onDone={() => undefined} />);
    await user.click(screen.getByTestId("action-drain"));
    const dialog = screen.getByRole("dialog");
    const force = await within(dialog).findByTestId("drain-force");
    const emptyDir = within(dialog).getByTestId("drain-empty-dir");
    expect(force.closest("div")).toHaveTextContent("default/scratch");
    // Blocked until both options are chosen, as kubectl without --force / --delete-emptydir-data.
    expect(within(dialog).getByTestId("confirm-action")).toBeDisabled();
    await user.click(force);
    expect(within(dialog).getByTestId("confirm-action")).toBeDisabled();
    await user.click(emptyDir);
    expect(within(dialog).getByTestId("confirm-action")).toBeEnabled();

    // A pod that appeared since the plan: the backend refuses, the dialog says so and stays.
    await user.click(within(dialog).getByTestId("confirm-action"));
    expect(await within(dialog).findByTestId("action-error")).toHaveTextContent("default/late");
    expect(calls.filter((c) => c.cmd === "drain_node").at(-1)?.args.options).toEqual({ force: true, deleteEmptyDirData: true, dryRun: false });
    refuse = false;
    await user.click(within(dialog).getByTestId("confirm-action"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
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
