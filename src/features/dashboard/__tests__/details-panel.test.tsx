/** The details panel: a pod's overview, edit → diff → apply, and a 409 shown inline with reload or force. */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EditorView } from "@codemirror/view";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { appError, emitBackendEvent, mockBackend, type IpcCall } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { listenToResourceDeltas } from "@/stores/resource-store";
import { resetAppStores } from "@/test/reset-stores";
import { DetailsPanel } from "../components/details-panel";
import { useDetailsStore } from "../stores/details-store";

const CONTEXT = "/k/config#prod";

// jsdom has no layout; CodeMirror measures text ranges after each change.
const noRects = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
Range.prototype.getClientRects ??= () => noRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

const pod: Value = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-7d9-abcde",
    namespace: "shop",
    uid: "pod-uid",
    resourceVersion: "42",
    creationTimestamp: new Date(Date.now() - 7_200_000).toISOString(),
    labels: { app: "web", tier: "front" },
    annotations: { "team.example/owner": "ana" },
    ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d9", uid: "rs-uid", controller: true }],
  },
  spec: {
    containers: [
      {
        name: "app",
        image: "nginx:1.27",
        ports: [{ containerPort: 8080, protocol: "TCP", name: "http" }],
        env: [{ name: "MODE", valueFrom: { configMapKeyRef: { name: "web-config", key: "mode" } } }],
        envFrom: [{ secretRef: { name: "web-secrets" } }],
      },
    ],
  },
  status: {
    phase: "Running",
    conditions: [
      { type: "Ready", status: "True" },
      { type: "PodScheduled", status: "True" },
    ],
    containerStatuses: [{ name: "app", ready: true, restartCount: 3, image: "nginx:1.27", state: { waiting: { reason: "CrashLoopBackOff" } } }],
  },
};

const event: Value = { kind: "Event", type: "Warning", reason: "BackOff", message: "Back-off restarting failed container", involvedObject: { kind: "Pod", name: "web-7d9-abcde", uid: "pod-uid" }, metadata: { name: "e1", namespace: "shop" } };

const CM_YAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  resourceVersion: '7'
data:
  mode: a
`;

function backend(replace: (args: Record<string, unknown>) => unknown = () => ({})): { calls: IpcCall[]; live: { yaml: string; configMap: Value | null } } {
  const live: { yaml: string; configMap: Value | null } = { yaml: CM_YAML, configMap: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "shop", uid: "cm", resourceVersion: "7" } } };
  const calls = mockBackend((cmd, args) => {
    const kinds = kindCommands(cmd, args);
    if (kinds !== undefined) return kinds;
    switch (cmd) {
      case "get_resource":
        if (args.kind !== "configmaps") return pod;
        if (!live.configMap) throw appError('prod: not found: configmaps "settings" not found', "notFound");
        return live.configMap;
      case "list_resources":
        return { items: args.kind === "events" ? [event] : [], continueToken: null, resourceVersion: "1", resolved: { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true } };
      case "get_resource_yaml":
        return live.yaml;
      case "replace_yaml":
        return replace(args);
      default:
        return null;
    }
  });
  return { calls, live };
}

function open(kind: string, name: string) {
  const row = document.createElement("button");
  row.textContent = "row";
  document.body.appendChild(row);
  row.focus();
  act(() => useDetailsStore.getState().open({ context: CONTEXT, kind, namespace: "shop", name }, row));
  return row;
}

/** The CodeMirror view inside the panel, once it has loaded. */
async function editor(): Promise<EditorView> {
  const host = await screen.findByTestId("yaml-editor");
  await waitFor(() => expect(host.querySelector(".cm-editor")).not.toBeNull());
  return EditorView.findFromDOM(host.querySelector(".cm-editor") as HTMLElement)!;
}

function type(view: EditorView, from: string, to: string) {
  const text = view.state.doc.toString();
  const at = text.indexOf(from);
  act(() => view.dispatch({ changes: { from: at, to: at + from.length, insert: to } }));
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
});

beforeEach(() => {
  resetAppStores();
  useDetailsStore.setState({ target: null, tab: "overview", returnFocus: null, creating: false });
});

describe("details panel", () => {
  it("shows a pod's metadata, labels, conditions, owner, containers and events; Escape closes and focus returns", async () => {
    const { calls } = backend();
    const user = userEvent.setup();
    render(<DetailsPanel />);
    const row = open("pods", "web-7d9-abcde");
    const panel = await screen.findByTestId("details-panel");
    await screen.findByTestId("details-overview");
    expect(within(panel).getByTestId("details-labels")).toHaveTextContent("app=web");
    expect(within(panel).getByTestId("details-annotations")).toHaveTextContent("team.example/owner=ana");
    expect(within(panel).getByTestId("details-conditions")).toHaveTextContent("PodScheduled");
    const container = within(panel).getByTestId("details-container");
    expect(container).toHaveTextContent("nginx:1.27");
    expect(container).toHaveTextContent("8080/TCP (http)");
    expect(container).toHaveTextContent("CrashLoopBackOff");
    expect(container).toHaveTextContent("restarts 3");
    expect(within(container).getByText("ConfigMap web-config")).toBeInTheDocument();
    expect(within(container).getByText("Secret web-secrets")).toBeInTheDocument();
    expect(await within(panel).findByTestId("details-events")).toHaveTextContent("Back-off restarting failed container");
    // The events are asked of the pod's namespace.
    expect(calls.find((c) => c.cmd === "list_resources" && c.args.kind === "events")?.args.namespace).toBe("shop");

    // The owner opens in the same panel.
    await user.click(within(panel).getByText("ReplicaSet web-7d9"));
    expect(useDetailsStore.getState().target).toEqual({ context: CONTEXT, kind: "replicaset.apps", namespace: "shop", name: "web-7d9" });
    await waitFor(() => expect(calls.some((c) => c.cmd === "get_resource" && c.args.kind === "replicaset.apps")).toBe(true));

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("details-panel")).not.toBeInTheDocument();
    expect(row).toHaveFocus();
  });

  it("edits, shows the diff against the live object, and applies with the resourceVersion it started from", async () => {
    const { calls } = backend((args) => ({ kind: "ConfigMap", metadata: { name: "settings" }, yaml: args.yaml }));
    const user = userEvent.setup();
    render(<DetailsPanel />);
    open("configmaps", "settings");
    await user.click(await screen.findByTestId("details-tab-edit"));
    const view = await editor();
    expect(view.state.doc.toString()).toBe(CM_YAML);
    type(view, "mode: a", "mode: b");
    await user.click(screen.getByTestId("review-yaml"));
    const diff = await screen.findByTestId("yaml-diff");
    expect(within(diff).getByText("mode: a").closest("[data-change]")).toHaveAttribute("data-change", "removed");
    expect(within(diff).getByText("mode: b").closest("[data-change]")).toHaveAttribute("data-change", "added");
    await user.click(screen.getByTestId("apply-yaml"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "replace_yaml")).toBe(true));
    const replace = calls.find((c) => c.cmd === "replace_yaml")!;
    expect(replace.args).toMatchObject({ context: CONTEXT, force: false });
    expect(replace.args.yaml).toContain("mode: b");
    expect(replace.args.yaml).toContain("resourceVersion: '7'");
  });

  it("shows a 409 inline; force replaces, reload starts again from the live object", async () => {
    let answer: "conflict" | "ok" = "conflict";
    const { calls, live } = backend((args) => {
      if (answer === "conflict" && !args.force) throw appError("prod: conflict: Operation cannot be fulfilled on configmaps \"settings\": the object has been modified", "conflict");
      return {};
    });
    const user = userEvent.setup();
    render(<DetailsPanel />);
    open("configmaps", "settings");
    await user.click(await screen.findByTestId("details-tab-edit"));
    const view = await editor();
    type(view, "mode: a", "mode: mine");
    await user.click(screen.getByTestId("review-yaml"));
    await user.click(await screen.findByTestId("apply-yaml"));
    const conflict = await screen.findByTestId("yaml-conflict");
    expect(conflict).toHaveTextContent("The object changed on");
    expect(conflict).toHaveTextContent("the object has been modified");
    // The edit is still there to keep or to force.
    expect((await editor()).state.doc.toString()).toContain("mode: mine");

    await user.click(within(conflict).getByTestId("yaml-force"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "replace_yaml").map((c) => c.args.force)).toEqual([false, true]));
    expect(calls.filter((c) => c.cmd === "replace_yaml")[1].args.yaml).toContain("mode: mine");

    // Another conflict, this time the user reloads: the editor shows the live object.
    answer = "conflict";
    const again = await editor();
    type(again, "mode: a", "mode: second");
    await user.click(screen.getByTestId("review-yaml"));
    await user.click(await screen.findByTestId("apply-yaml"));
    live.yaml = CM_YAML.replace("mode: a", "mode: theirs").replace("'7'", "'9'");
    await user.click(within(await screen.findByTestId("yaml-conflict")).getByTestId("yaml-reload"));
    await waitFor(async () => expect((await editor()).state.doc.toString()).toContain("mode: theirs"));
    expect(screen.queryByTestId("yaml-conflict")).not.toBeInTheDocument();
  });

  it("follows its object live: the overview and YAML reload on a change, an edit in progress is asked first, a delete shows", async () => {
    const { calls, live } = backend();
    stop = await listenToResourceDeltas();
    const user = userEvent.setup();
    render(<DetailsPanel />);
    open("configmaps", "settings");
    await screen.findByTestId("details-overview");
    // The panel holds a watch of the object's namespace (no view watches it here).
    await waitFor(() => expect(calls.find((c) => c.cmd === "watch_resources")?.args).toMatchObject({ kind: "configmaps", namespace: "shop" }));
    const delta = (upserts: Value[], deletes: string[] = []) =>
      emitBackendEvent("resource://delta", { type: "resourceDelta", context: CONTEXT, kind: "configmaps", namespace: "shop", reset: null, upserts, deletes });
    const changed = (version: string, labels: Record<string, string>, mode: string) => {
      live.configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "shop", uid: "cm", resourceVersion: version, labels } };
      live.yaml = CM_YAML.replace("'7'", `'${version}'`).replace("mode: a", `mode: ${mode}`);
      return live.configMap;
    };
    // The watch's first list holds the version on screen: nothing is read again.
    await emitBackendEvent("resource://delta", { type: "resourceDelta", context: CONTEXT, kind: "configmaps", namespace: "shop", reset: [live.configMap!], upserts: [], deletes: [] });
    const reads = () => calls.filter((c) => c.cmd === "get_resource").length;
    expect(reads()).toBe(1);

    // Another object's change does not touch the panel; this one's does.
    await delta([{ kind: "ConfigMap", metadata: { name: "other", namespace: "shop", resourceVersion: "8" } }]);
    expect(reads()).toBe(1);
    await delta([changed("9", { team: "blue" }, "b")]);
    await waitFor(() => expect(screen.getByTestId("details-labels")).toHaveTextContent("team=blue"));

    await user.click(screen.getByTestId("details-tab-yaml"));
    await waitFor(() => expect(screen.getByTestId("yaml-view")).toHaveTextContent("mode: b"));
    await delta([changed("10", { team: "blue" }, "c")]);
    await waitFor(() => expect(screen.getByTestId("yaml-view")).toHaveTextContent("mode: c"));

    // Not editing: the editor follows the server. Editing: it asks.
    await user.click(screen.getByTestId("details-tab-edit"));
    await waitFor(async () => expect((await editor()).state.doc.toString()).toContain("mode: c"));
    await delta([changed("11", { team: "blue" }, "d")]);
    await waitFor(async () => expect((await editor()).state.doc.toString()).toContain("mode: d"));
    type(await editor(), "mode: d", "mode: mine");
    await delta([changed("12", { team: "blue" }, "e")]);
    const banner = await screen.findByTestId("yaml-changed");
    // Said after the buttons, so its arrival moves none of them.
    expect(screen.getByTestId("review-yaml").compareDocumentPosition(banner) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect((await editor()).state.doc.toString()).toContain("mode: mine");
    await user.click(within(banner).getByTestId("yaml-changed-keep"));
    expect(screen.queryByTestId("yaml-changed")).not.toBeInTheDocument();
    expect((await editor()).state.doc.toString()).toContain("mode: mine");
    await delta([changed("13", { team: "blue" }, "f")]);
    await user.click(within(await screen.findByTestId("yaml-changed")).getByTestId("yaml-changed-reload"));
    await waitFor(async () => expect((await editor()).state.doc.toString()).toContain("mode: f"));

    live.configMap = null;
    await delta([], ["shop/settings"]);
    const gone = await screen.findByTestId("details-deleted");
    expect(gone).toHaveTextContent("settings was deleted on");
    // Below the tab panel, so its arrival moves nothing in it.
    expect(screen.getByRole("tabpanel").compareDocumentPosition(gone) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await user.click(screen.getByTestId("details-tab-overview"));
    expect(screen.getByTestId("details-labels")).toHaveTextContent("team=blue");
  });
});
