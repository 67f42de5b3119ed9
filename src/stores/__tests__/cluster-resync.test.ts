/** A page that reloads adopts the backend's live connections and watchers instead of reconnecting. */
import { describe, expect, it, vi } from "vitest";
import { appError, connectionInfo, deferred, mockBackend } from "@/test/backend";
import { kindCommands, watcherKey } from "@/test/kinds";
import { resyncFromBackend } from "../cluster-resync";
import { useClusterStore } from "../cluster-store";
import { resourceKey, useResourceStore } from "../resource-store";
import { active, dev, freshClusterStore, prod, staging, store, tabs } from "./cluster-fixtures";

freshClusterStore();

describe("re-sync on page load", () => {
  it("adopts every live connection with its health, in the saved tab order, without a connect", async () => {
    useClusterStore.setState({ tabOrder: [staging.id, prod.id], lastActiveContext: prod.id });
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connected_clusters") return [connectionInfo(prod), connectionInfo(staging, "unreachable")];
      if (cmd === "resync_session") return { watchers: [watcherKey(prod.id, "pods", "default"), watcherKey(staging.id, "nodes", null)] };
      return kindCommands(cmd, args) ?? true;
    });
    expect(await resyncFromBackend()).toEqual([prod.id, staging.id]);
    expect(tabs()).toEqual(["staging", "prod"]);
    expect(active()).toBe("prod");
    expect(store().view).toBe("dashboard");
    expect(store().connectedClusters.get(prod.id)?.status).toBe("connected");
    expect(store().connectedClusters.get(staging.id)?.status).toBe("error");
    expect(store().connectedClusters.get(prod.id)?.serverVersion).toBe("v1.33.1");
    expect(calls.some((c) => c.cmd === "connect")).toBe(false);
    // Every running watcher is re-attached: the same keys are watched again, so each view
    // gets a fresh list and the store owns (and will stop) every watcher.
    const watched = calls.filter((c) => c.cmd === "watch_resources").map((c) => [c.args.context, c.args.kind, c.args.namespace]);
    expect(watched).toEqual([
      [prod.id, "pods", "default"],
      [staging.id, "nodes", null],
    ]);
    expect(useResourceStore.getState().entries[resourceKey(prod.id, "pods", "default")]?.watcher).toEqual(watcherKey(prod.id, "pods", "default"));
    // Re-syncing again changes nothing and watches nothing twice.
    expect(await resyncFromBackend()).toEqual([]);
    expect(calls.filter((c) => c.cmd === "watch_resources")).toHaveLength(2);
  });

  it("leaves the reconnect of the rest to the start-up reconnect, which skips adopted ones", async () => {
    useClusterStore.setState({ lastConnectedContexts: [prod.id, dev.id], autoReconnect: true });
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connected_clusters") return [connectionInfo(prod)];
      if (cmd === "resync_session") return { watchers: [] };
      if (cmd === "connect") return connectionInfo(dev);
      return kindCommands(cmd, args) ?? true;
    });
    await resyncFromBackend();
    await store().reconnectLastSession();
    expect(calls.filter((c) => c.cmd === "connect").map((c) => c.args.context)).toEqual([dev.id]);
    expect(tabs()).toEqual(["prod", "dev"]);
  });

  it("adopts the live connections before the events are listened to, and re-attaches after", async () => {
    const listening = deferred<void>();
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connected_clusters") return [connectionInfo(prod)];
      if (cmd === "resync_session") return { watchers: [] };
      return kindCommands(cmd, args) ?? true;
    });
    const resynced = resyncFromBackend(listening.promise);
    await vi.waitFor(() => expect(tabs()).toEqual(["prod"]));
    const commandsCalled = () => calls.map((c) => c.cmd).filter((cmd) => cmd !== "set_start_contexts");
    expect(commandsCalled()).toEqual(["connected_clusters"]);
    listening.resolve();
    expect(await resynced).toEqual([prod.id]);
    expect(commandsCalled()).toEqual(["connected_clusters", "resync_session"]);
  });

  it("at start, while the cluster the user was on still connects, no other tab takes its place", async () => {
    useClusterStore.setState({ lastConnectedContexts: [prod.id, dev.id], lastActiveContext: dev.id, autoReconnect: true });
    const connect = deferred<unknown>();
    mockBackend((cmd, args) => {
      if (cmd === "connected_clusters") return [connectionInfo(prod)];
      if (cmd === "resync_session") return { watchers: [] };
      if (cmd === "connect") return connect.promise;
      return kindCommands(cmd, args) ?? true;
    });
    await resyncFromBackend();
    expect(active()).toBeNull();
    expect(store().lastActiveContext).toBe(dev.id);
    const reconnecting = store().reconnectLastSession();
    connect.resolve(connectionInfo(dev));
    await reconnecting;
    expect(active()).toBe("dev");
  });

  it("at start, when the cluster the user was on fails, an adopted one is shown", async () => {
    useClusterStore.setState({ lastConnectedContexts: [prod.id, dev.id], lastActiveContext: dev.id, autoReconnect: true });
    mockBackend((cmd, args) => {
      if (cmd === "connected_clusters") return [connectionInfo(prod)];
      if (cmd === "resync_session") return { watchers: [] };
      if (cmd === "connect") throw appError("dev: cannot reach the API server: connection refused");
      return kindCommands(cmd, args) ?? true;
    });
    await resyncFromBackend();
    await store().reconnectLastSession();
    expect(active()).toBe("prod");
    expect(store().reconnectFailures.map((f) => f.id)).toEqual([dev.id]);
  });

  it("a fresh start (nothing live) changes nothing", async () => {
    const calls = mockBackend((cmd) => (cmd === "connected_clusters" ? [] : true));
    expect(await resyncFromBackend()).toEqual([]);
    expect(store().connectedClusters.size).toBe(0);
    expect(store().view).toBe("home");
    expect(calls.map((c) => c.cmd)).toEqual(["connected_clusters"]);
  });
  it("a watcher re-attached by its qualified name is not listed again when its view asks by the typed name", async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === "connected_clusters") return [connectionInfo(prod)];
      if (cmd === "resync_session") return { watchers: [watcherKey(prod.id, "deployments.apps", "default")] };
      return kindCommands(cmd, args) ?? true;
    });
    await resyncFromBackend();
    // The view names the kind as its menu does ("deployments"), after the reload re-attached it.
    await useResourceStore.getState().ensureWatch(prod.id, "deployments", "default");
    await useResourceStore.getState().ensureWatch(prod.id, "deployments", "default");
    const watched = calls.filter((c) => c.cmd === "watch_resources").map((c) => [c.args.kind, c.args.namespace]);
    expect(watched).toEqual([["deployments.apps", "default"]]);
    expect(useResourceStore.getState().entries[resourceKey(prod.id, "deployments.apps", "default")]?.watcher).toBeTruthy();
    expect(useResourceStore.getState().entries[resourceKey(prod.id, "deployments", "default")]).toBeUndefined();
  });
});

