/** "Create from YAML": mistakes said inline before any request, server refusals inline, success closes with a toast naming the cluster. */
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EditorView } from "@codemirror/view";
import { beforeEach, describe, expect, it } from "vitest";
import { Toaster } from "@/components/ui/toaster";
import { appError, mockBackend, type IpcCall } from "@/test/backend";
import { YamlCreateDialog } from "../components/yaml-create-dialog";
import { useDetailsStore } from "../stores/details-store";

const CONTEXT = "/k/config#prod";

// jsdom has no layout; CodeMirror measures text ranges after each change.
const noRects = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
Range.prototype.getClientRects ??= () => noRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

let answer: (args: Record<string, unknown>) => unknown;
let calls: IpcCall[];

async function openDialog() {
  render(
    <>
      <YamlCreateDialog context={CONTEXT} clusterName="prod" namespace="shop" />
      <Toaster />
    </>,
  );
  act(() => useDetailsStore.getState().setCreating(true));
  const host = await screen.findByTestId("yaml-editor");
  await waitFor(() => expect(host.querySelector(".cm-editor")).not.toBeNull());
  return EditorView.findFromDOM(host.querySelector(".cm-editor") as HTMLElement)!;
}

function write(view: EditorView, text: string) {
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

const creates = () => calls.filter((c) => c.cmd === "create_yaml");

beforeEach(() => {
  useDetailsStore.setState({ target: null, tab: "overview", returnFocus: null, creating: false });
  answer = () => ({});
  calls = mockBackend((cmd, args) => (cmd === "create_yaml" ? answer(args) : null));
});

describe("create from YAML", () => {
  it("says what is wrong with the YAML inline and sends nothing", async () => {
    const user = userEvent.setup();
    const view = await openDialog();
    write(view, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n");
    await user.click(screen.getByTestId("create-yaml"));
    expect(await screen.findByTestId("yaml-error")).toHaveTextContent(/YAML syntax error on line \d/);

    write(view, "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n");
    await user.click(screen.getByTestId("create-yaml"));
    await waitFor(() => expect(screen.getByTestId("yaml-error")).toHaveTextContent("The object needs metadata.name."));

    write(view, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    await user.click(screen.getByTestId("create-yaml"));
    await waitFor(() => expect(screen.getByTestId("yaml-error")).toHaveTextContent("holds 2 documents"));
    expect(creates()).toHaveLength(0);
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("shows the server's refusal inline and stays open with the YAML", async () => {
    answer = () => {
      throw appError('prod: api (422): ConfigMap "settings" is invalid: data[bad key]: Invalid value: "bad key"', "api");
    };
    const user = userEvent.setup();
    const view = await openDialog();
    write(view, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  bad key: x\n");
    await user.click(screen.getByTestId("create-yaml"));
    expect(await screen.findByTestId("yaml-error")).toHaveTextContent('ConfigMap "settings" is invalid');
    expect(creates()).toHaveLength(1);
    expect(view.state.doc.toString()).toContain("bad key: x");

    answer = () => {
      throw appError('prod: conflict (409): configmaps "settings" already exists', "conflict");
    };
    await user.click(screen.getByTestId("create-yaml"));
    await waitFor(() => expect(screen.getByTestId("yaml-error")).toHaveTextContent("pick another name"));
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("creates in the view's namespace, closes, names the cluster in a toast and opens the new object", async () => {
    answer = (args) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: args.namespace } });
    const user = userEvent.setup();
    const view = await openDialog();
    write(view, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: a\n");
    await user.click(screen.getByTestId("create-yaml"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(creates()[0].args).toMatchObject({ context: CONTEXT, namespace: "shop" });
    expect(creates()[0].args.yaml).toContain("mode: a");
    expect(await screen.findByText(/Created ConfigMap settings on/)).toHaveTextContent("Created ConfigMap settings on prod");
    expect(useDetailsStore.getState().target).toEqual({ context: CONTEXT, kind: "configmap", namespace: "shop", name: "settings" });
  });
});
