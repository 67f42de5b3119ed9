/**
 * Many clusters at once and named groups: interactive logins one at a time while the rest
 * connect in parallel (selection, groups, start-up reconnect), failures returned by id,
 * groups saved with a version and migrated from version 1, protected groups guarding their
 * members, the read-only set sent to the backend.
 */
import { describe, expect, it } from "vitest";
import type { ConnectionInfo } from "@/lib/tauri/bindings";
import { appError, cluster, connectionInfo, deferred, mockBackend } from "@/test/backend";
import { CLUSTER_STORAGE_KEY, migrateSavedState, resolveClusterNames } from "../cluster-persistence";
import { guardBlock } from "@/lib/cluster-guard";
import { identityOf } from "../cluster-identity";
import { useClusterStore } from "../cluster-store";
import { inTurns } from "../connect-turns";
import { all, byId, dev, freshClusterStore, healthyBackend, prod, staging, store } from "./cluster-fixtures";

freshClusterStore();

const sso1 = cluster("sso-1", { interactive: true, auth: { kind: "exec", command: "kubelogin" } });
const sso2 = cluster("sso-2", { interactive: true, auth: { kind: "exec", command: "kubelogin" } });
const everyone = [...all, sso1, sso2];

/** A backend whose connects wait until the test settles them, recording which are in flight. */
function heldBackend() {
  const pending = new Map<string, ReturnType<typeof deferred<ConnectionInfo>>>();
  const calls = mockBackend((cmd, args) => {
    if (cmd === "disconnect") return true;
    if (cmd !== "connect") return null;
    const d = deferred<ConnectionInfo>();
    pending.set(args.context as string, d);
    return d.promise;
  });
  return { pending, calls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("inTurns", () => {
  it("runs interactive ids one after another beside the others, all at once", async () => {
    const running = new Set<string>();
    const overlaps: string[][] = [];
    const results = await inTurns(["a", "i1", "b", "i2", "c"], (id) => id.startsWith("i"), async (id) => {
      running.add(id);
      overlaps.push([...running].filter((r) => r.startsWith("i")));
      await new Promise((r) => setTimeout(r, 5));
      running.delete(id);
      return id.toUpperCase();
    });
    expect(Object.fromEntries(results)).toEqual({ a: "A", i1: "I1", b: "B", i2: "I2", c: "C" });
    // Never two interactive logins at once.
    expect(overlaps.every((o) => o.length <= 1)).toBe(true);
  });
});

describe("connectMany", () => {
  it("connects plain contexts in parallel and interactive ones one at a time", async () => {
    store().setClusters(everyone);
    const { pending } = heldBackend();
    const done = store().connectMany([prod.id, sso1.id, staging.id, sso2.id]);
    await flush();
    // Both plain contexts and the FIRST interactive one are in flight; the second waits.
    expect([...pending.keys()].sort()).toEqual([prod.id, sso1.id, staging.id].sort());
    expect(store().connectedClusters.has(sso2.id)).toBe(false);
    pending.get(sso1.id)!.resolve(connectionInfo(sso1));
    await flush();
    expect(pending.has(sso2.id)).toBe(true);
    for (const c of [prod, staging, sso2]) pending.get(c.id)!.resolve(connectionInfo(c));
    expect(await done).toEqual({});
    expect([...store().connectedClusters.values()].map((e) => e.status)).toEqual(["connected", "connected", "connected", "connected"]);
  });

  it("returns each failure by id, keeps the others connected, and Retry connects just that one", async () => {
    let failing = true;
    const calls = mockBackend((cmd, args) => {
      if (cmd !== "connect") return null;
      if (args.context === staging.id && failing) throw appError("staging: cannot reach the API server: connection refused");
      return connectionInfo(byId(args.context));
    });
    const failures = await store().connectMany([prod.id, staging.id, dev.id]);
    expect(Object.keys(failures)).toEqual([staging.id]);
    expect(failures[staging.id].message).toContain("staging");
    expect(store().connectErrors[staging.id]?.message).toContain("connection refused");
    expect([...store().connectedClusters.keys()].sort()).toEqual([prod.id, dev.id].sort());
    // Nothing was active: the first cluster that connected is the active tab; the view stays.
    expect(store().activeClusterContext).toBe(prod.id);
    expect(store().view).toBe("home");
    failing = false;
    expect(await store().connectMany([staging.id])).toEqual({});
    expect(store().connectedClusters.get(staging.id)?.status).toBe("connected");
    expect(calls.filter((c) => c.cmd === "connect").map((c) => c.args.context)).toEqual([prod.id, staging.id, dev.id, staging.id]);
  });

  it("the start-up reconnect follows the same rule", async () => {
    store().setClusters(everyone);
    useClusterStore.setState({ lastConnectedContexts: [sso1.id, prod.id, sso2.id] });
    const { pending } = heldBackend();
    const done = store().reconnectLastSession();
    await flush();
    expect([...pending.keys()].sort()).toEqual([prod.id, sso1.id].sort());
    pending.get(sso1.id)!.resolve(connectionInfo(sso1));
    pending.get(prod.id)!.resolve(connectionInfo(prod));
    await flush();
    expect(pending.has(sso2.id)).toBe(true);
    pending.get(sso2.id)!.resolve(connectionInfo(sso2));
    await done;
    expect(store().connectedClusters.size).toBe(3);
  });
});

describe("groups", () => {
  it("a group connects and disconnects as one, leaving other clusters alone", async () => {
    const calls = healthyBackend();
    expect(store().saveGroup(" prod ", [prod.id, staging.id, prod.id])).toBe(true);
    expect(store().groups).toEqual([{ name: "prod", members: [prod.id, staging.id] }]);
    await store().connect(dev.id);
    expect(await store().connectGroup("prod")).toEqual({});
    expect([...store().connectedClusters.keys()].sort()).toEqual([prod.id, staging.id, dev.id].sort());
    await store().disconnectGroup("prod");
    expect([...store().connectedClusters.keys()]).toEqual([dev.id]);
    expect(calls.filter((c) => c.cmd === "disconnect").map((c) => c.args.context).sort()).toEqual([prod.id, staging.id].sort());
  });

  it("an empty name or no members is refused; saving a name again replaces its members", () => {
    expect(store().saveGroup("  ", [prod.id])).toBe(false);
    expect(store().saveGroup("x", [])).toBe(false);
    store().saveGroup("eu", [prod.id]);
    store().saveGroup("eu", [staging.id]);
    store().setGroupCollapsed("eu", true);
    expect(store().groups).toEqual([{ name: "eu", members: [staging.id], collapsed: true }]);
    store().deleteGroup("eu");
    expect(store().groups).toEqual([]);
  });

  it("groups and guard flags are saved (version 2) and load again", async () => {
    healthyBackend();
    store().saveGroup("prod", [prod.id, staging.id]);
    store().setGuard(prod.id, { protected: true, readOnly: true });
    const saved = JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY)!);
    expect(saved.version).toBe(2);
    expect(saved.state.groups).toEqual([{ name: "prod", members: [prod.id, staging.id] }]);
    expect(saved.state.prefs[prod.id]).toMatchObject({ protected: true, readOnly: true });
    const raw = localStorage.getItem(CLUSTER_STORAGE_KEY)!;
    useClusterStore.setState({ groups: [], prefs: {} });
    localStorage.setItem(CLUSTER_STORAGE_KEY, raw);
    await useClusterStore.persist.rehydrate();
    expect(store().groups).toEqual([{ name: "prod", members: [prod.id, staging.id] }]);
    expect(store().prefs[prod.id]).toMatchObject({ protected: true, readOnly: true });
  });

  it("version 1 saved state migrates: prefs kept, no groups, guards off", () => {
    const v1 = { prefs: { a: { label: "prod", color: "red" } }, tabOrder: ["a"], lastConnectedContexts: ["a"], lastActiveContext: "a", autoReconnect: false };
    const migrated = migrateSavedState(v1, 1);
    expect(migrated).toEqual({ ...v1, groups: [], pauseBackgroundAfterMin: null });
    expect(migrated.prefs.a.protected).toBeUndefined();
  });

  it("malformed groups are dropped one by one; members named by context resolve to ids", () => {
    const saved = migrateSavedState(
      { groups: [{ name: "ok", members: ["prod", 3, "prod"] }, { name: "", members: ["a"] }, { name: "none", members: [] }, "x", { name: "ok", members: ["b"] }] },
      2,
    );
    expect(saved.groups).toEqual([{ name: "ok", members: ["prod"] }]);
    expect(resolveClusterNames(saved, all).groups).toEqual([{ name: "ok", members: [prod.id] }]);
  });
});

describe("protected groups", () => {
  it("protecting a group guards every member (typed name wanted), only while it is protected", () => {
    store().setClusters(all);
    store().saveGroup("prod", [prod.id, staging.id]);
    const facts = (id: string) => identityOf(store(), id);
    expect(facts(prod.id).protected).toBe(false);
    store().setGroupProtected("prod", true);
    expect(facts(prod.id)).toMatchObject({ protected: true, protectedBy: "prod", readOnly: false });
    expect(facts(staging.id).protected).toBe(true);
    expect(facts(dev.id)).toMatchObject({ protected: false, protectedBy: null });
    expect(guardBlock(facts(staging.id), "")).toMatch(/protected: type its name/);
    expect(guardBlock(facts(staging.id), staging.context)).toBeNull();
    expect(guardBlock(facts(dev.id), "")).toBeNull();
    // Saving the group again (new members) keeps the flag; unprotecting drops it from the save.
    store().saveGroup("prod", [staging.id, dev.id]);
    expect(facts(prod.id).protected).toBe(false);
    expect(facts(dev.id).protectedBy).toBe("prod");
    store().setGroupProtected("prod", false);
    expect(facts(dev.id).protected).toBe(false);
    expect(store().groups).toEqual([{ name: "prod", members: [staging.id, dev.id] }]);
  });

  it("a cluster's own protection stays when its group is unprotected", () => {
    store().setClusters(all);
    store().saveGroup("eu", [prod.id]);
    store().setGuard(prod.id, { protected: true });
    store().setGroupProtected("eu", true);
    store().setGroupProtected("eu", false);
    expect(identityOf(store(), prod.id)).toMatchObject({ protected: true, protectedBy: null });
  });

  it("the group's flag is saved and loads again; malformed flags read as off", async () => {
    healthyBackend();
    store().saveGroup("prod", [prod.id]);
    store().setGroupProtected("prod", true);
    const raw = localStorage.getItem(CLUSTER_STORAGE_KEY)!;
    expect(JSON.parse(raw).state.groups).toEqual([{ name: "prod", members: [prod.id], protected: true }]);
    useClusterStore.setState({ groups: [] });
    localStorage.setItem(CLUSTER_STORAGE_KEY, raw);
    await useClusterStore.persist.rehydrate();
    expect(store().groups).toEqual([{ name: "prod", members: [prod.id], protected: true }]);
    // A version-2 save from before the flag existed, and a flag that is not `true`, load as unprotected.
    expect(migrateSavedState({ groups: [{ name: "a", members: ["x"] }, { name: "b", members: ["y"], protected: "yes" }] }, 2).groups).toEqual([
      { name: "a", members: ["x"] },
      { name: "b", members: ["y"] },
    ]);
  });
});

describe("read-only guard", () => {
  it("tells the backend the whole read-only set whenever it changes", async () => {
    const calls = healthyBackend();
    store().setGuard(prod.id, { readOnly: true });
    store().setGuard(staging.id, { protected: true });
    store().setGuard(dev.id, { readOnly: true });
    store().setGuard(prod.id, { readOnly: false });
    await flush();
    const sent = calls.filter((c) => c.cmd === "set_read_only_contexts").map((c) => c.args.contexts);
    expect(sent).toEqual([[prod.id], [dev.id, prod.id].sort(), [dev.id]]);
  });
});
