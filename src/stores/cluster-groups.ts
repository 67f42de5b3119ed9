/**
 * Groups and many-at-once slice: connect or disconnect a set of clusters together (the home
 * grid's selection or a named group such as "prod" = eu + us), with interactive logins one
 * at a time (`connect-turns.ts`), and the named groups themselves (saved, see
 * `cluster-persistence.ts`).
 */
import type { AppError } from "@/lib/tauri/bindings";
import { runConnect } from "./cluster-connections";
import type { ClusterGroup } from "./cluster-persistence";
import { activate, type ClusterSlice, type ClusterStore, type GroupsSlice } from "./cluster-types";
import { inTurns } from "./connect-turns";

/** Whether logging in to `id` may need the user (discovery says so). */
export function isInteractive(s: Pick<ClusterStore, "clusters">, id: string): boolean {
  return s.clusters?.find((c) => c.id === id)?.interactive === true;
}

function withGroup(groups: ClusterGroup[], name: string, change: (g: ClusterGroup) => ClusterGroup | null): ClusterGroup[] {
  return groups.flatMap((g) => {
    if (g.name !== name) return [g];
    const next = change(g);
    return next ? [next] : [];
  });
}

export const createGroupsSlice: ClusterSlice<GroupsSlice> = (set, get) => ({
  connectMany: async (ids) => {
    const s = get();
    // Already connected (or connecting) clusters are left as they are.
    const todo = [...new Set(ids)].filter((id) => !s.connectedClusters.has(id));
    const results = await inTurns(todo, (id) => isInteractive(get(), id), (id) => runConnect(set, get, id, { activate: false }));
    const failures: Record<string, AppError> = {};
    for (const [id, error] of results) if (error) failures[id] = error;
    // Nothing was active: the first cluster that connected becomes the active tab, but the
    // view stays where the user started the batch (its progress and failures are listed there).
    const first = ids.find((id) => get().connectedClusters.get(id)?.status === "connected");
    if (get().activeClusterContext === null && first) set(activate(first));
    return failures;
  },

  disconnectMany: async (ids) => {
    await Promise.all([...new Set(ids)].filter((id) => get().connectedClusters.has(id)).map((id) => get().disconnect(id)));
  },

  saveGroup: (name, members) => {
    const trimmed = name.trim().slice(0, 40);
    const unique = [...new Set(members)];
    if (!trimmed || unique.length === 0) return false;
    set((s) => ({
      groups: s.groups.some((g) => g.name === trimmed) ? withGroup(s.groups, trimmed, (g) => ({ ...g, members: unique })) : [...s.groups, { name: trimmed, members: unique }],
    }));
    return true;
  },

  deleteGroup: (name) => set((s) => ({ groups: withGroup(s.groups, name, () => null) })),

  setGroupCollapsed: (name, collapsed) => set((s) => ({ groups: withGroup(s.groups, name, (g) => ({ ...g, collapsed })) })),

  setGroupProtected: (name, on) =>
    set((s) => ({
      groups: withGroup(s.groups, name, (g) => {
        const next = { ...g, protected: true };
        if (!on) delete (next as ClusterGroup).protected;
        return next;
      }),
    })),

  connectGroup: (name) => get().connectMany(get().groups.find((g) => g.name === name)?.members ?? []),

  disconnectGroup: (name) => get().disconnectMany(get().groups.find((g) => g.name === name)?.members ?? []),
});
