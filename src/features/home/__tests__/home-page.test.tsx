import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Discovery } from "@/lib/tauri/bindings";
import { HomePage } from "../components/home-page";
import { appError, deferred, makeCluster, makeDiscovery, mockBackend, resetDiscoveryStore } from "./fixtures";

function renderHome() {
  const user = userEvent.setup();
  render(<HomePage />);
  return { user };
}

function cards() {
  return screen.queryAllByTestId("cluster-card");
}

async function findCards() {
  return screen.findAllByTestId("cluster-card");
}

function cardFor(context: string) {
  const card = cards().find((c) => c.dataset.context === context);
  if (!card) throw new Error(`no card for ${context}`);
  return card;
}

beforeEach(() => {
  resetDiscoveryStore();
});

describe("cluster grid", () => {
  it("renders a card for every context with its test hooks, details and count", async () => {
    const discovery = makeDiscovery({
      clusters: [
        makeCluster({ context: "prod-eu", isCurrent: true, namespace: "payments", auth: { kind: "exec", command: "/usr/local/bin/aws" } }),
        makeCluster({ context: "staging", auth: { kind: "clientCertificate" }, actsAs: "jane" }),
        makeCluster({ context: "dev", source: "/home/ana/.kube/dev.yaml", auth: { kind: "authProvider", name: "oidc" } }),
      ],
    });
    const calls = mockBackend((cmd) => (cmd === "list_clusters" ? discovery : undefined));
    renderHome();

    const rendered = await findCards();
    expect(rendered.map((c) => c.dataset.context)).toEqual(["prod-eu", "staging", "dev"]);
    expect(rendered.map((c) => c.dataset.clusterId)).toEqual(discovery.clusters.map((c) => c.id));
    expect(rendered.every((c) => c.dataset.invalid === "false")).toBe(true);
    expect(calls.map((c) => c.cmd)).toEqual(["list_clusters"]);

    const prod = cardFor("prod-eu");
    expect(within(prod).getByRole("heading", { name: "prod-eu" })).toBeInTheDocument();
    expect(within(prod).getByText("prod-eu-cluster")).toBeInTheDocument();
    expect(within(prod).getByText("https://prod-eu.example.com:6443")).toBeInTheDocument();
    expect(within(prod).getByText("prod-eu-admin")).toBeInTheDocument();
    expect(within(prod).getByText("Exec: aws")).toBeInTheDocument();
    expect(within(prod).getByText("payments")).toBeInTheDocument();
    expect(within(prod).getByText("current")).toBeInTheDocument();
    expect(within(prod).getByTestId("cluster-source")).toHaveAttribute("data-tooltip", "/home/ana/.kube/config");
    expect(within(prod).getByTestId("cluster-source")).toHaveTextContent("~/.kube/config");
    expect(prod).toHaveAttribute("tabindex", "0");

    expect(within(cardFor("staging")).getByText("Client certificate")).toBeInTheDocument();
    // Impersonation (`as:`) is shown beside the user, and only where the kubeconfig sets it.
    expect(within(cardFor("staging")).getByTestId("acts-as")).toHaveTextContent("as jane");
    expect(within(prod).queryByTestId("acts-as")).not.toBeInTheDocument();
    expect(within(cardFor("staging")).getByText("default")).toBeInTheDocument();
    expect(within(cardFor("staging")).queryByText("current")).not.toBeInTheDocument();
    expect(within(cardFor("dev")).getByText("Auth provider: oidc")).toBeInTheDocument();

    expect(screen.getByTestId("context-count")).toHaveTextContent("3 contexts from 2 files");
  });

  it("renders duplicate context names as two distinct cards showing their source files", async () => {
    const first = makeCluster({ context: "prod", source: "/home/ana/.kube/config" });
    const second = makeCluster({ context: "prod", source: "/home/ana/work/kubeconfigs/team-b.yaml", duplicate: true });
    mockBackend(() => makeDiscovery({ clusters: [first, second] }));
    renderHome();

    const rendered = await findCards();
    expect(rendered).toHaveLength(2);
    expect(rendered.map((c) => c.dataset.context)).toEqual(["prod", "prod"]);
    expect(new Set(rendered.map((c) => c.dataset.clusterId)).size).toBe(2);

    expect(within(rendered[0]).queryByText("Duplicate name")).not.toBeInTheDocument();
    expect(within(rendered[1]).getByText("Duplicate name")).toBeInTheDocument();
    expect(within(rendered[0]).getByTestId("cluster-source")).toHaveAttribute("data-tooltip", first.source);
    expect(within(rendered[1]).getByTestId("cluster-source")).toHaveAttribute("data-tooltip", second.source);
    expect(within(rendered[1]).getByText(/from .*team-b\.yaml/)).toBeInTheDocument();
  });

  it("marks an invalid context and shows why", async () => {
    mockBackend(() =>
      makeDiscovery({
        clusters: [
          makeCluster({ context: "good" }),
          makeCluster({ context: "broken", clusterName: "gone", server: null, problem: 'cluster "gone" is not defined in this file' }),
        ],
      }),
    );
    renderHome();
    await findCards();

    const broken = cardFor("broken");
    expect(broken).toHaveAttribute("data-invalid", "true");
    expect(within(broken).getByText("Invalid")).toBeInTheDocument();
    expect(within(broken).getByRole("note")).toHaveTextContent('cluster "gone" is not defined in this file');
    expect(cardFor("good")).toHaveAttribute("data-invalid", "false");
    expect(within(cardFor("good")).queryByRole("note")).not.toBeInTheDocument();
  });

  it("lists unreadable kubeconfig files with line and column, without hiding other files' contexts", async () => {
    mockBackend(() =>
      makeDiscovery({
        clusters: [makeCluster({ context: "ok-context", source: "/home/ana/.kube/ok.yaml" })],
        errors: [
          { file: "/home/ana/.kube/broken.yaml", message: "did not find expected key", line: 7, column: 3 },
          { file: "/home/ana/.kube/locked.yaml", message: "permission denied", line: null, column: null },
        ],
      }),
    );
    renderHome();

    const errors = await screen.findAllByTestId("source-error");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toHaveTextContent("/home/ana/.kube/broken.yaml");
    expect(errors[0]).toHaveTextContent("did not find expected key");
    expect(errors[0]).toHaveTextContent("line 7, column 3");
    expect(errors[1]).toHaveTextContent("/home/ana/.kube/locked.yaml");
    expect(errors[1]).toHaveTextContent("permission denied");
    expect(errors[1]).not.toHaveTextContent(/line/);
    expect(screen.getByText("2 kubeconfig files could not be read")).toBeInTheDocument();
    expect(cards().map((c) => c.dataset.context)).toEqual(["ok-context"]);
  });
});

describe("search", () => {
  const discovery = makeDiscovery({
    clusters: [
      makeCluster({ context: "prod-eu", namespace: "payments" }),
      makeCluster({ context: "staging", server: "https://10.0.0.5:6443" }),
      makeCluster({ context: "lab", source: "/tmp/kubeli-lab/kubeconfig" }),
    ],
  });

  it("filters by context, server, namespace and source file; Escape clears", async () => {
    mockBackend(() => discovery);
    const { user } = renderHome();
    await findCards();
    const search = screen.getByRole("searchbox", { name: "Search contexts" });

    await user.type(search, "10.0.0.5");
    expect(cards().map((c) => c.dataset.context)).toEqual(["staging"]);
    expect(screen.getByTestId("context-count")).toHaveTextContent("1 of 3 contexts match");

    await user.clear(search);
    await user.type(search, "payments");
    expect(cards().map((c) => c.dataset.context)).toEqual(["prod-eu"]);

    await user.clear(search);
    await user.type(search, "kubeli-lab");
    expect(cards().map((c) => c.dataset.context)).toEqual(["lab"]);

    await user.clear(search);
    await user.type(search, "nothing-like-this");
    expect(cards()).toHaveLength(0);
    expect(screen.getByTestId("no-matches")).toHaveTextContent("No context matches");

    await user.keyboard("{Escape}");
    expect(search).toHaveValue("");
    expect(cards()).toHaveLength(3);
  });

  it("focuses the search box on / and on Ctrl+F", async () => {
    mockBackend(() => discovery);
    const { user } = renderHome();
    await findCards();
    const search = screen.getByRole("searchbox", { name: "Search contexts" });
    expect(search).not.toHaveFocus();

    await user.keyboard("/");
    expect(search).toHaveFocus();
    expect(search).toHaveValue("");

    search.blur();
    expect(search).not.toHaveFocus();
    await user.keyboard("{Control>}f{/Control}");
    expect(search).toHaveFocus();
  });
});

describe("empty state", () => {
  it("explains where kubeconfigs were looked for and offers to add one", async () => {
    mockBackend(() =>
      makeDiscovery({
        clusters: [],
        sources: [
          { path: "/srv/a.yaml", origin: "kubeconfigEnv", exists: false, isDir: false },
          { path: "/home/ana/.kube/config", origin: "default", exists: false, isDir: false },
          { path: "/home/ana/clusters", origin: "userAdded", exists: true, isDir: true },
        ],
      }),
    );
    const { user } = renderHome();

    const empty = await screen.findByTestId("empty-state");
    expect(within(empty).getByText("No kubeconfig contexts found")).toBeInTheDocument();
    const sources = within(empty).getAllByTestId("kubeconfig-source");
    expect(sources).toHaveLength(3);
    expect(sources[0]).toHaveTextContent("/srv/a.yaml");
    expect(sources[0]).toHaveTextContent("KUBECONFIG");
    expect(sources[0]).toHaveTextContent("not found");
    expect(sources[1]).toHaveTextContent("default (~/.kube/config)");
    expect(sources[2]).toHaveTextContent("added by you");
    expect(sources[2]).toHaveTextContent("folder");
    expect(cards()).toHaveLength(0);
    expect(screen.getByTestId("context-count")).toHaveTextContent("0 contexts from 0 files");

    await user.click(within(empty).getByRole("button", { name: /add a kubeconfig file or folder/i }));
    expect(screen.getByRole("dialog", { name: "Add a kubeconfig file or folder" })).toBeInTheDocument();
    expect(screen.getByTestId("add-source-input")).toHaveFocus();
  });
});

describe("kubeconfig sources", () => {
  it("adds a source, then shows the refreshed list", async () => {
    const added = makeCluster({ context: "team-b", source: "/home/ana/team-b.yaml" });
    let discovery: Discovery = makeDiscovery({ clusters: [makeCluster({ context: "prod" })] });
    const calls = mockBackend((cmd) => {
      if (cmd === "add_kubeconfig_source") {
        discovery = { ...discovery, clusters: [...discovery.clusters, added] };
        return discovery;
      }
      return discovery;
    });
    const { user } = renderHome();
    await findCards();

    await user.click(screen.getByTestId("add-source"));
    const input = screen.getByTestId("add-source-input");
    expect(input).toHaveFocus();
    await user.type(input, "/home/ana/team-b.yaml{Enter}");

    await waitFor(() => expect(cards().map((c) => c.dataset.context)).toEqual(["prod", "team-b"]));
    expect(calls.find((c) => c.cmd === "add_kubeconfig_source")?.args).toEqual({ path: "/home/ana/team-b.yaml" });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("shows the backend's error inline when the path cannot be added", async () => {
    mockBackend((cmd) => {
      if (cmd === "add_kubeconfig_source") throw appError("/nope/config does not exist", "notFound");
      return makeDiscovery({ clusters: [makeCluster({ context: "prod" })] });
    });
    const { user } = renderHome();
    await findCards();

    await user.click(screen.getByTestId("add-source"));
    await user.type(screen.getByTestId("add-source-input"), "/nope/config{Enter}");

    const dialog = screen.getByRole("dialog");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("/nope/config does not exist");
    expect(screen.getByTestId("add-source-input")).toHaveValue("/nope/config");
    expect(screen.getByTestId("add-source-input")).toHaveAttribute("aria-invalid", "true");
    expect(cards()).toHaveLength(1);
  });

  it("lists sources with their origin and removes a user-added one", async () => {
    const userAdded = { path: "/home/ana/team-b.yaml", origin: "userAdded" as const, exists: true, isDir: false };
    let discovery = makeDiscovery({
      clusters: [makeCluster({ context: "prod" }), makeCluster({ context: "team-b", source: userAdded.path })],
      sources: [{ path: "/home/ana/.kube/config", origin: "default", exists: true, isDir: false }, userAdded],
    });
    const calls = mockBackend((cmd) => {
      if (cmd === "remove_kubeconfig_source") {
        discovery = { ...discovery, clusters: discovery.clusters.slice(0, 1), sources: discovery.sources.slice(0, 1) };
      }
      return discovery;
    });
    const { user } = renderHome();
    await findCards();

    await user.click(screen.getByTestId("show-sources"));
    const dialog = screen.getByRole("dialog", { name: "Kubeconfig sources" });
    const rows = within(dialog).getAllByTestId("kubeconfig-source");
    expect(rows[0]).toHaveTextContent("default (~/.kube/config)");
    expect(within(rows[0]).queryByRole("button")).not.toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("added by you");

    await user.click(within(rows[1]).getByRole("button", { name: `Remove ${userAdded.path}` }));
    await waitFor(() => expect(within(dialog).getAllByTestId("kubeconfig-source")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "remove_kubeconfig_source")?.args).toEqual({ path: userAdded.path });
    expect(cards().map((c) => c.dataset.context)).toEqual(["prod"]);
  });
});

describe("loading, errors and refresh", () => {
  it("shows skeleton cards while discovery is in flight", async () => {
    const pending = deferred<Discovery>();
    mockBackend(() => pending.promise);
    renderHome();

    expect(await screen.findAllByTestId("cluster-card-skeleton")).not.toHaveLength(0);
    expect(screen.getByRole("status")).toHaveTextContent("Loading contexts");
    expect(cards()).toHaveLength(0);

    pending.resolve(makeDiscovery({ clusters: [makeCluster({ context: "prod" })] }));
    expect(await findCards()).toHaveLength(1);
    expect(screen.queryByTestId("cluster-card-skeleton")).not.toBeInTheDocument();
  });

  it("shows the error message and retries", async () => {
    let attempts = 0;
    mockBackend(() => {
      attempts += 1;
      if (attempts === 1) throw appError("KUBECONFIG points at an unreadable directory");
      return makeDiscovery({ clusters: [makeCluster({ context: "prod" })] });
    });
    const { user } = renderHome();

    const alert = await screen.findByTestId("discovery-error");
    expect(alert).toHaveTextContent("KUBECONFIG points at an unreadable directory");
    expect(cards()).toHaveLength(0);

    await user.click(within(alert).getByRole("button", { name: /retry/i }));
    expect(await findCards()).toHaveLength(1);
    expect(screen.queryByTestId("discovery-error")).not.toBeInTheDocument();
    expect(attempts).toBe(2);
  });

  it("re-runs discovery on Refresh", async () => {
    let clusters = [makeCluster({ context: "prod" })];
    const calls = mockBackend(() => makeDiscovery({ clusters }));
    const { user } = renderHome();
    await findCards();

    clusters = [...clusters, makeCluster({ context: "new-one" })];
    await user.click(screen.getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "list_clusters")).toHaveLength(2);
  });
});

describe("simulated clusters", () => {
  const banner = "You are looking at simulated lab clusters (kubeli-lab) — no real cluster is touched.";

  it("shows the lab banner and badges when every context is simulated", async () => {
    mockBackend(() =>
      makeDiscovery({ clusters: [makeCluster({ context: "lab-a", simulated: true }), makeCluster({ context: "lab-b", simulated: true })] }),
    );
    renderHome();
    await findCards();
    expect(screen.getByText(banner)).toBeInTheDocument();
    expect(within(cardFor("lab-a")).getByText("Simulated")).toBeInTheDocument();
  });

  it("does not claim everything is simulated when real clusters are present", async () => {
    mockBackend(() =>
      makeDiscovery({ clusters: [makeCluster({ context: "lab-a", simulated: true }), makeCluster({ context: "prod" })] }),
    );
    renderHome();
    await findCards();
    expect(screen.queryByText(banner)).not.toBeInTheDocument();
    expect(screen.getByTestId("simulated-banner")).toHaveTextContent("Some contexts are simulated");
    expect(within(cardFor("prod")).queryByText("Simulated")).not.toBeInTheDocument();
  });
});
