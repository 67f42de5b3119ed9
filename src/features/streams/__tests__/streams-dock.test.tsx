/** The streams entry points in the real app: row buttons open log tabs and the port-forward dialog. */
import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Event, Value } from "@/lib/tauri/bindings";
import { cluster, emitBackendEvent, pod } from "@/test/backend";
import { oneClusterBackend, showKind } from "@/test/one-cluster";
import { resetAppStores } from "@/test/reset-stores";
import type { StreamEvent } from "@/stores/stream-api";
import { flushLineUpdates } from "@/stores/stream-events";

const prod = cluster("prod");
// Log views redraw once per animation frame; a test takes that frame at once.
const emit = async (channel: string, payload: StreamEvent) => {
  await emitBackendEvent(channel, payload as unknown as Event);
  act(() => flushLineUpdates());
};

function webPod(): Value {
  const p = pod("web-1", "shop") as { spec: { containers: unknown[] } };
  p.spec.containers = [{ name: "main", ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }, { name: "sidecar" }];
  return p as unknown as Value;
}
const web: Value = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 } };

function backend() {
  return oneClusterBackend(prod, (cmd, args) => {
    switch (cmd) {
      case "start_logs":
        return "logs-1";
      case "start_exec": {
        const request = args.request as { namespace: string; pod: string };
        return { id: "exec-1", context: args.context, namespace: request.namespace, pod: request.pod, container: "main", command: ["/bin/sh"] };
      }
      case "suggest_local_port":
        return 18080;
      case "start_port_forward": {
        const request = args.request as { namespace: string; target: unknown; remotePort: number; localPort: number };
        return { id: "pf-1", context: args.context, namespace: request.namespace, target: request.target, remotePort: request.remotePort, localPort: request.localPort, pod: "web-1", state: "active", error: null, connections: 0 };
      }
      case "list_streams":
      case "list_port_forwards":
        return [];
      default:
        return null;
    }
  });
}

const show = (kind: string, object: Value) => showKind(prod, kind, [object]);

beforeEach(() => {
  resetAppStores();
});

// Each case renders the whole app; on a loaded 2-core machine one takes up to ~7 s.
describe("streams dock", { timeout: 30_000 }, () => {
  it("opens a pod's logs from its row: a tab naming cluster, namespace and pod, lines as they come", async () => {
    const calls = backend();
    const { user, row } = await show("pods", webPod());
    await user.click(within(row).getByTestId("open-logs"));
    const view = await screen.findByTestId("log-view");
    expect(calls.find((c) => c.cmd === "start_logs")?.args).toMatchObject({ context: prod.id, request: { namespace: "shop", target: { type: "pod", pod: "web-1", container: null } } });
    const header = screen.getByTestId("stream-header");
    expect(within(header).getByTestId("stream-cluster")).toHaveTextContent("prod");
    expect(within(header).getByTestId("stream-namespace")).toHaveTextContent("shop");
    expect(within(header).getByTestId("stream-pod")).toHaveTextContent("web-1");

    await waitFor(() => expect(screen.getByTestId("stream-tab")).toHaveAttribute("data-status", "running"));
    await emit("stream://log", { type: "logLines", id: "logs-1", context: prod.id, lines: [{ pod: "web-1", container: "main", text: "hello \u001b[32mworld\u001b[0m" }] });
    expect(within(view).getAllByTestId("log-line").map((l) => l.textContent)).toEqual(["hello world"]);
    // Every container of the pod can be chosen (all are merged by default).
    expect(within(screen.getByTestId("log-container")).getAllByRole("option").map((o) => o.textContent)).toEqual(["All containers", "main", "sidecar"]);

    await emit("stream://ended", { type: "streamEnded", id: "logs-1", context: prod.id, end: { message: "prod: pod \"web-1\" is gone — the log stream ended", kind: "notFound", exitCode: null } });
    expect(screen.getByTestId("stream-ended")).toHaveTextContent('prod: pod "web-1" is gone — the log stream ended');
    // Started again in place, with the same options.
    await user.click(screen.getByTestId("stream-restart"));
    await waitFor(() => expect(screen.getByTestId("stream-tab")).toHaveAttribute("data-status", "running"));
    const starts = calls.filter((c) => c.cmd === "start_logs");
    expect(starts).toHaveLength(2);
    expect(starts[1].args).toEqual(starts[0].args);
    expect(screen.queryByTestId("stream-ended")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("stream-tab-close"));
    expect(screen.queryByTestId("log-view")).not.toBeInTheDocument();
  });

  it("merges a workload's pods with a source column coloured per pod, and pauses while buffering", async () => {
    const calls = backend();
    const { user, row } = await show("deployments", web);
    await user.click(within(row).getByTestId("open-logs"));
    await screen.findByTestId("log-view");
    expect(calls.find((c) => c.cmd === "start_logs")?.args).toMatchObject({ request: { target: { type: "workload", kind: "deployments", name: "web" } } });
    await waitFor(() => expect(screen.getByTestId("stream-tab")).toHaveAttribute("data-status", "running"));
    const line = (pod: string, text: string) => ({ pod, container: "app", text });
    await emit("stream://log", { type: "logLines", id: "logs-1", context: prod.id, lines: [line("web-a", "a1"), line("web-b", "b1")] });
    const sources = screen.getAllByTestId("log-source");
    expect(sources.map((s) => s.textContent)).toEqual(["web-a/app", "web-b/app"]);
    const colour = (el: HTMLElement) => [...el.classList].find((c) => c.startsWith("text-"));
    expect(colour(sources[0])).not.toEqual(colour(sources[1]));

    await user.click(screen.getByTestId("log-pause"));
    await emit("stream://log", { type: "logLines", id: "logs-1", context: prod.id, lines: [line("web-a", "a2"), line("web-a", "a3")] });
    expect(screen.getAllByTestId("log-line")).toHaveLength(2);
    expect(screen.getByTestId("log-pause")).toHaveTextContent("Resume (2 new)");
    await user.click(screen.getByTestId("log-pause"));
    expect(screen.getAllByTestId("log-line")).toHaveLength(4);

    await user.type(screen.getByTestId("log-search"), "a{Enter}");
    expect(screen.getByTestId("log-search-count")).toHaveTextContent("1/3");
    await user.click(screen.getByTestId("log-search-prev"));
    expect(screen.getByTestId("log-search-count")).toHaveTextContent("3/3");
    expect(document.querySelector('[data-current-match="true"]')).toHaveTextContent("a3");
  });

  it("preselects the first port and a free local port, starts the forward and lists it", async () => {
    const calls = backend();
    const { user, row } = await show("pods", webPod());
    await user.click(within(row).getByTestId("open-port-forward"));
    const dialog = await screen.findByTestId("port-forward-dialog");
    expect(within(dialog).getByTestId("port-forward-remote")).toHaveValue("8080");
    await waitFor(() => expect(within(dialog).getByTestId("port-forward-local")).toHaveValue("18080"));
    expect(calls.find((c) => c.cmd === "suggest_local_port")?.args).toEqual({ preferred: 8080 });
    await user.click(within(dialog).getByTestId("start-port-forward"));
    await waitFor(() => expect(screen.queryByTestId("port-forward-dialog")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "start_port_forward")?.args).toEqual({ context: prod.id, request: { namespace: "shop", target: { type: "pod", name: "web-1" }, remotePort: 8080, localPort: 18080 } });
    const forward = await screen.findByTestId("port-forward-row");
    expect(forward).toHaveAttribute("data-local-port", "18080");
    expect(forward).toHaveAttribute("data-context", prod.id);
    expect(forward).toHaveAttribute("data-state", "active");
  });

  it("keeps a local port the user typed when a suggestion arrives later", async () => {
    const calls = backend();
    const { user, row } = await show("pods", webPod());
    await user.click(within(row).getByTestId("open-port-forward"));
    const dialog = await screen.findByTestId("port-forward-dialog");
    const local = within(dialog).getByTestId("port-forward-local");
    await waitFor(() => expect(local).toHaveValue("18080"));
    await user.clear(local);
    await user.type(local, "23456");
    await user.selectOptions(within(dialog).getByTestId("port-forward-remote"), "9090");
    await waitFor(() => expect(calls.some((c) => c.cmd === "suggest_local_port" && (c.args as { preferred: number }).preferred === 9090)).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(local).toHaveValue("23456");
  });

  it("opens logs with l and a shell with s on the focused pod row, and offers both in the palette", async () => {
    const calls = backend();
    const { user, row } = await show("pods", webPod());
    act(() => row.focus());
    await user.keyboard("l");
    await screen.findByTestId("log-view");
    expect(calls.find((c) => c.cmd === "start_logs")?.args).toMatchObject({ context: prod.id, request: { target: { type: "pod", pod: "web-1" } } });
    // Typing in a field is not a shortcut.
    await user.click(screen.getByTestId("log-search"));
    await user.keyboard("s");
    expect(screen.getAllByTestId("stream-tab")).toHaveLength(1);

    act(() => row.focus());
    await user.keyboard("s");
    await waitFor(() => expect(screen.getAllByTestId("stream-tab").map((t) => t.dataset.type)).toEqual(["logs", "shell"]));
    // The session starts once xterm is laid out, with its size.
    await waitFor(() => expect(calls.find((c) => c.cmd === "start_exec")?.args).toMatchObject({ context: prod.id, request: { namespace: "shop", pod: "web-1", container: "main", command: null } }), { timeout: 15_000 });
    expect(screen.getByTestId("stream-header")).toHaveTextContent(/prod.*shop.*web-1.*main/);
    // An ended shell starts a new session in the same tab, once.
    await emit("stream://ended", { type: "streamEnded", id: "exec-1", context: prod.id, end: { message: "prod: the shell in shop/web-1/main exited with code 0", kind: null, exitCode: 0 } });
    // The code is said once when the message says it.
    expect(screen.getByTestId("stream-ended")).toHaveTextContent(/^Stream ended — prod: the shell in shop\/web-1\/main exited with code 0New session$/);
    await user.click(within(screen.getByTestId("stream-ended")).getByRole("button", { name: "New session" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "start_exec")).toHaveLength(2), { timeout: 15_000 });
    await waitFor(() => expect(screen.getAllByTestId("stream-tab")[1]).toHaveAttribute("data-status", "running"));
    expect(calls.filter((c) => c.cmd === "start_exec")).toHaveLength(2);

    act(() => row.focus());
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("cluster-picker-input"), "web-1");
    const actions = await screen.findAllByTestId("palette-action");
    expect(actions.map((a) => a.textContent)).toEqual(["Logs of web-1", "Shell in web-1"]);
  });
});
