/**
 * One cluster in the real App, for the tests of what a connected cluster's views offer: a fake
 * backend that lists it, connects it and answers the kind commands, and a helper that connects
 * it from the home grid and shows one kind with the given objects.
 */
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "@/app/App";
import type { Cluster, Discovery, Value } from "@/lib/tauri/bindings";
import { connectionInfo, emitBackendEvent, mockBackend, type IpcCall } from "@/test/backend";
import { kindCommands } from "@/test/kinds";

/**
 * A backend with `c` as the only cluster. `commands` answers every other command; `undefined`
 * (or no handler) answers null, as a command with no result does.
 */
export function oneClusterBackend(c: Cluster, commands: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined): IpcCall[] {
  const discovery: Discovery = { clusters: [c], errors: [], sources: [], currentContext: null };
  return mockBackend((cmd, args) => {
    const kinds = kindCommands(cmd, args);
    if (kinds !== undefined) return kinds;
    if (cmd === "list_clusters") return discovery;
    if (cmd === "connect") return connectionInfo(c);
    return commands(cmd, args) ?? null;
  });
}

/** The watch key of a tab's kind: the plural, with its group where it has one. */
const WATCHED_AS: Record<string, string> = { deployments: "deployments.apps" };

/** Connects `c` from its card, opens the `kind` tab and sends its watch's first list: `objects`. */
export async function showKind(c: Cluster, kind: string, objects: Value[]) {
  const user = userEvent.setup();
  render(<App />);
  const card = await screen.findByTestId("cluster-card");
  await act(async () => {});
  await user.click(within(card).getByTestId("connect"));
  await screen.findByTestId("dashboard");
  await user.click(within(screen.getAllByTestId("resource-tab").find((t) => t.dataset.kind === kind)!).getByRole("tab"));
  await emitBackendEvent("resource://delta", { type: "resourceDelta", context: c.id, kind: WATCHED_AS[kind] ?? kind, namespace: null, reset: objects, upserts: [], deletes: [] });
  return { user, row: await screen.findByTestId("resource-row") };
}
