/** A user who may list pods only namespace by namespace: all namespaces says to pick one, a namespace lists. */
import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { appError, mockBackend } from "@/test/backend";
import { kindCommands } from "@/test/kinds";
import { resetResourceStore } from "@/stores/resource-store";
import { ResourceView } from "../components/resource-view";
import { resetViewStateStore } from "../stores/view-state";

const CONTEXT = "/home/ana/.kube/config#dev";
const FORBIDDEN = 'dev: forbidden (403): pods is forbidden: User "ana" cannot list resource "pods" in API group "" at the cluster scope';

beforeEach(() => {
  resetResourceStore();
  resetViewStateStore();
  mockBackend((cmd, args) => {
    if (cmd === "watch_resources" && args.namespace === null) throw { ...appError(FORBIDDEN, "forbidden"), retryable: false };
    return kindCommands(cmd, args) ?? true;
  });
});

describe("forbidden all-namespaces listing", () => {
  it("asks to pick a namespace when only all namespaces is forbidden", async () => {
    render(<ResourceView context={CONTEXT} clusterName="dev" kind="pods" namespace={null} />);
    await act(async () => {});
    const error = await screen.findByTestId("resource-error");
    expect(error).toHaveAttribute("data-forbidden", "true");
    expect(error).toHaveTextContent("Not allowed to list pods in all namespaces on dev — pick a namespace");
    expect(error).toHaveTextContent("at the cluster scope");
  });

  it("says a cluster-scoped kind may not be listed, without asking for a namespace", async () => {
    render(<ResourceView context={CONTEXT} clusterName="dev" kind="nodes" namespace={null} />);
    await act(async () => {});
    const error = await screen.findByTestId("resource-error");
    expect(error).toHaveTextContent("You may not list");
    expect(error).not.toHaveTextContent("pick a namespace");
  });

  it("lists one namespace", async () => {
    render(<ResourceView context={CONTEXT} clusterName="dev" kind="pods" namespace="web" />);
    await act(async () => {});
    expect(screen.queryByTestId("resource-error")).not.toBeInTheDocument();
  });
});
