import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@/app/App";
import type { Discovery } from "@/lib/tauri/bindings";
import { appError, cluster, connectionInfo, deferred, emitBackendEvent, health, mockBackend } from "@/test/backend";
import { clusterKinds, kindCommands, watcherKey } from "@/test/kinds";
import { resetAppStores } from "@/test/reset-stores";

// A list opened while its cluster does not answer (a new view, or every view after a page
// reload during an outage): the view says why it waits, and a list that failed to start
// starts again by itself once the cluster answers.
const prod = cluster("prod");
const discovery: Discovery = { clusters: [prod], errors: [], sources: [], currentContext: null };
const silence = "prod: cannot reach the API server: no answer within 30 s";

function backend(watch: () => unknown, describe: () => unknown = () => undefined) {
  return mockBackend((cmd, args) => {
    if (cmd === "watch_resources") return watch();
    if (cmd === "describe_kinds") return describe() ?? kindCommands(cmd, args);
    const answer = kindCommands(cmd, args);
    if (answer !== undefined) return answer;
    if (cmd === "list_clusters") return discovery;
    if (cmd === "connect") return connectionInfo(prod);
    return null;
  });
}

async function connectProd() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findAllByTestId("cluster-card");
  await act(async () => {});
  const card = screen.getAllByTestId("cluster-card").find((c) => c.dataset.context === "prod")!;
  await user.click(within(card).getByTestId("connect"));
  await screen.findByTestId("dashboard");
}

const healthOf = (status: "unreachable" | "unauthorized" | "healthy") =>
  emitBackendEvent("cluster://health", { type: "health", context: prod.id, health: health(status, { lastError: status === "healthy" ? null : silence }) });

beforeEach(() => {
  resetAppStores();
});

describe("a list whose cluster does not answer", () => {
  it("says so while it loads", async () => {
    const hung = deferred<unknown>();
    backend(() => hung.promise);
    await connectProd();
    expect(await screen.findByTestId("resource-loading")).toBeInTheDocument();
    expect(screen.queryByTestId("resource-cluster-down")).not.toBeInTheDocument();
    await healthOf("unreachable");
    expect(screen.getByTestId("resource-cluster-down")).toHaveTextContent("prod is not answering — the list loads when it answers.");
    await healthOf("healthy");
    expect(screen.queryByTestId("resource-cluster-down")).not.toBeInTheDocument();
  });

  it("starts again by itself when the cluster answers again", async () => {
    let down = true;
    const calls = backend(() => {
      if (down) throw appError(silence, "timeout");
      return watcherKey(prod.id, "pods", null);
    });
    await connectProd();
    await healthOf("unreachable");
    expect(await screen.findByTestId("resource-error")).toHaveTextContent(silence);
    expect(screen.getByTestId("resource-cluster-down")).toHaveTextContent("Kubeli starts this list again when prod answers.");
    const tries = () => calls.filter((c) => c.cmd === "watch_resources").length;
    const before = tries();
    // Still down: a probe that fails again starts nothing.
    await healthOf("unreachable");
    expect(tries()).toBe(before);
    down = false;
    await healthOf("healthy");
    await waitFor(() => expect(tries()).toBe(before + 1));
    await waitFor(() => expect(screen.queryByTestId("resource-error")).not.toBeInTheDocument());
  });

  it("starts again a list whose request went into the silence and failed after the cluster answered", async () => {
    const first = deferred<unknown>();
    let sent = 0;
    const calls = backend(() => (++sent === 1 ? first.promise : watcherKey(prod.id, "pods", null)));
    await connectProd();
    await healthOf("unreachable");
    expect(await screen.findByTestId("resource-loading")).toBeInTheDocument();
    await healthOf("healthy");
    // The request sent into the silence times out only now, after the cluster answered.
    first.reject(appError(silence, "timeout"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "watch_resources").length).toBe(2));
    await waitFor(() => expect(screen.queryByTestId("resource-error")).not.toBeInTheDocument());
  });

  it("asks again for the kinds whose description failed while it was silent", async () => {
    let down = true;
    const failed = [{ groupVersion: "apiextensions.k8s.io/v1", reason: "printer columns of custom resources: no answer within 30 s" }];
    const calls = backend(() => watcherKey(prod.id, "pods", null), () => (down ? clusterKinds(prod.id, { failedGroups: failed }) : undefined));
    await connectProd();
    expect(await screen.findByTestId("discovery-warning")).toHaveTextContent("printer columns of custom resources");
    const described = () => calls.filter((c) => c.cmd === "describe_kinds").length;
    const before = described();
    await healthOf("unreachable");
    down = false;
    await healthOf("healthy");
    await waitFor(() => expect(screen.queryByTestId("discovery-warning")).not.toBeInTheDocument());
    expect(described()).toBe(before + 1);
  });

  it("leaves a refusal alone: the cluster answering does not change a 403", async () => {
    const calls = backend(() => {
      throw { kind: "forbidden", message: "prod: pods is forbidden for this user", retryable: false };
    });
    await connectProd();
    expect(await screen.findByTestId("resource-error")).toHaveAttribute("data-forbidden", "true");
    await healthOf("unreachable");
    expect(screen.queryByTestId("resource-cluster-down")).not.toBeInTheDocument();
    const before = calls.filter((c) => c.cmd === "watch_resources").length;
    await healthOf("healthy");
    await act(async () => {});
    expect(calls.filter((c) => c.cmd === "watch_resources").length).toBe(before);
    expect(screen.getByTestId("resource-error")).toBeInTheDocument();
  });
});
