import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@/app/App";
import type { Discovery } from "@/lib/tauri/bindings";
import { cluster, connectionInfo, mockBackend } from "@/test/backend";
import { clusterKinds, kindCommands, kindInfo } from "@/test/kinds";
import { CLUSTER_STORAGE_KEY } from "@/stores/cluster-persistence";
import { resetAppStores } from "@/test/reset-stores";
import { resetViewStateStore } from "../stores/view-state";

const prod = cluster("prod");
const discovery: Discovery = { clusters: [prod], errors: [], sources: [], currentContext: null };
const widget = kindInfo("widgets.lab.kubeli.dev", { kind: "Widget", namespaced: true });

/** 60 custom kinds in 6 groups, as a cluster with an operator's CRDs has. */
const many = Array.from({ length: 60 }, (_, i) => kindInfo(`thing${i}s.p${i % 6}.aws.example.io`, { kind: `Thing${i}`, namespaced: false }));

function backend(custom = [widget]) {
  return mockBackend((cmd, args) => {
    if (cmd === "describe_kinds") return clusterKinds(args.context as string, { kinds: [kindInfo("pods"), kindInfo("deployments"), ...custom, kindInfo("pods.metrics.k8s.io")] });
    const resolved = cmd === "resolve_kind" ? [widget, ...many].find((k) => `${k.plural}.${k.group}` === args.kind) : undefined;
    if (resolved) return resolved;
    const answer = kindCommands(cmd, args);
    if (answer !== undefined) return answer;
    if (cmd === "list_clusters") return discovery;
    if (cmd === "connect") return connectionInfo(prod);
    // The overview page lists a few kinds; an empty cluster is enough here.
    if (cmd === "list_resources") {
      const { group, version, kind, plural, namespaced } = kindInfo(args.kind as string);
      return { items: [], continueToken: null, resourceVersion: "1", resolved: { group, version, kind, plural, namespaced } };
    }
    return null;
  });
}

const entry = (kind: string) => screen.getAllByTestId("nav-kind").find((n) => n.dataset.kind === kind)!;

beforeEach(() => {
  resetAppStores();
  resetViewStateStore();
});

describe("the kind sidebar", () => {
  it("groups kinds as kubectl users expect, lists CRDs by API group, and opens them in resource tabs", async () => {
    const user = userEvent.setup();
    backend();
    render(<App />);
    await user.click(within((await screen.findAllByTestId("cluster-card"))[0]).getByTestId("connect"));
    const sidebar = await screen.findByTestId("kind-sidebar");
    const groups = within(sidebar).getAllByRole("region").map((g) => g.getAttribute("aria-label"));
    expect(groups).toEqual(["Cluster", "Workloads", "Network", "Config", "Storage", "Access", "lab.kubeli.dev"]);
    expect(within(within(sidebar).getByRole("region", { name: "Workloads" })).getAllByTestId("nav-kind").map((n) => n.dataset.kind)).toEqual([
      "pods",
      "deployments",
      "replicasets",
      "statefulsets",
      "daemonsets",
      "jobs",
      "cronjobs",
    ]);
    // Aggregated metrics kinds are not custom resources.
    expect(screen.queryByText("metrics.k8s.io")).toBeNull();

    await user.click(entry("widgets.lab.kubeli.dev"));
    const tab = screen.getAllByTestId("resource-tab").find((t) => t.dataset.kind === "widgets.lab.kubeli.dev");
    expect(tab).toHaveAttribute("data-active", "true");
    expect(entry("widgets.lab.kubeli.dev")).toHaveAttribute("aria-current", "page");
    await act(async () => {});

    await user.click(entry("overview"));
    expect(screen.getAllByTestId("resource-tab").find((t) => t.dataset.kind === "overview")).toHaveAttribute("data-active", "true");
    await act(async () => {});
    // The overview page (ClusterOverview, owned by the details work) shows, not a resource list.
    expect(screen.queryByTestId("resource-loading")).toBeNull();
    expect(screen.queryByTestId("resource-table")).toBeNull();
    expect(screen.queryByTestId("resource-error")).toBeNull();
  });

  it("shows many custom kinds as closed groups with counts; a group opens on click and stays open", async () => {
    const user = userEvent.setup();
    backend(many);
    render(<App />);
    await user.click(within((await screen.findAllByTestId("cluster-card"))[0]).getByTestId("connect"));
    const sidebar = await screen.findByTestId("kind-sidebar");
    const headers = await within(sidebar).findAllByTestId("kind-group");
    expect(headers.map((h) => h.dataset.group)).toEqual(["p0.aws.example.io", "p1.aws.example.io", "p2.aws.example.io", "p3.aws.example.io", "p4.aws.example.io", "p5.aws.example.io"]);
    expect(headers.every((h) => h.getAttribute("aria-expanded") === "false")).toBe(true);
    expect(headers[0]).toHaveTextContent("10");
    const custom = () => screen.getAllByTestId("nav-kind").filter((n) => n.dataset.kind?.includes(".aws.example.io"));
    expect(custom()).toHaveLength(0);

    await user.click(headers[2]);
    expect(headers[2]).toHaveAttribute("aria-expanded", "true");
    expect(custom().map((n) => n.dataset.kind)).toContain("thing2s.p2.aws.example.io");
    expect(custom()).toHaveLength(10);
    // Saved with the cluster's choices, for the next start.
    const saved = JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY)!) as { state: { prefs: Record<string, { kindGroups?: Record<string, boolean> }> } };
    expect(Object.values(saved.state.prefs).map((p) => p.kindGroups)).toContainEqual({ "crd:p2.aws.example.io": true });
    // Opening a kind of it keeps it open; closing it by hand while showing one of its kinds does not hide that kind.
    await user.click(entry("thing2s.p2.aws.example.io"));
    await user.click(headers[2]);
    expect(entry("thing2s.p2.aws.example.io")).toHaveAttribute("aria-current", "page");
    await act(async () => {});
  });

  it("shows a few custom kinds open, as before", async () => {
    const user = userEvent.setup();
    backend();
    render(<App />);
    await user.click(within((await screen.findAllByTestId("cluster-card"))[0]).getByTestId("connect"));
    const header = await screen.findByTestId("kind-group");
    expect(header).toHaveAttribute("aria-expanded", "true");
    expect(entry("widgets.lab.kubeli.dev")).toBeInTheDocument();
  });
});
