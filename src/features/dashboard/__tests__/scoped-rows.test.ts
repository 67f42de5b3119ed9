import { describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { objectKey } from "@/stores/resource-store";
import { textFilter } from "../utils/live-rows";
import { podRestarts } from "../utils/columns-workloads";
import { rowContext, ScopedRows, scopedKey, splitScopedKey } from "../utils/scoped-rows";

function pod(name: string, namespace: string, restarts = 0): Value {
  return { metadata: { name, namespace }, status: { containerStatuses: [{ restartCount: restarts }] } };
}

function list(objects: Value[]): Map<string, Value> {
  return new Map(objects.map((o) => [objectKey(o), o]));
}

const all = () => true;
const byRestartsDesc = { sortValue: podRestarts, desc: true };
/** What a row shows: its cluster and key. */
const shown = (rows: ScopedRows) => rows.index.keys.map((k) => splitScopedKey(k).join(" "));

function threeClusters() {
  return new Map([
    ["dev", list([pod("web", "shop", 1), pod("db", "shop", 7)])],
    ["staging", list([pod("web", "shop", 4)])],
    ["prod", list([pod("web", "shop", 9), pod("db", "shop", 0)])],
  ]);
}

describe("the all-clusters row merge", () => {
  it("merges rows of several clusters, the same name in each kept apart, sorted across them", () => {
    const rows = new ScopedRows(byRestartsDesc, all);
    rows.rebuild(threeClusters());
    expect(shown(rows)).toEqual(["prod shop/web", "dev shop/db", "staging shop/web", "dev shop/web", "prod shop/db"]);
    // Each object says which cluster it came from (the Cluster column reads it).
    expect(rows.rows().map((o) => rowContext(o))).toEqual(["prod", "dev", "staging", "dev", "prod"]);
    expect(scopedKey("dev", "shop/db")).not.toBe(scopedKey("prod", "shop/db"));
  });

  it("sorts by the cluster itself when the order reads it, ties by key", () => {
    const rows = new ScopedRows({ sortValue: (o) => rowContext(o) ?? "", desc: false }, all);
    rows.rebuild(threeClusters());
    expect(shown(rows)).toEqual(["dev shop/db", "dev shop/web", "prod shop/db", "prod shop/web", "staging shop/web"]);
  });

  it("a delta of one cluster moves only that cluster's rows, without sorting everything again", () => {
    const lists = threeClusters();
    const rows = new ScopedRows(byRestartsDesc, all);
    rows.rebuild(lists);
    const before = rows.index.comparisons;
    const staging = lists.get("staging")!;
    const oldWeb = staging.get("shop/web")!;
    staging.set("shop/web", pod("web", "shop", 20));
    staging.set("shop/api", pod("api", "shop", 2));
    rows.applyContext("staging", staging, { reset: false, upserts: ["shop/web", "shop/api"], deletes: [], previous: new Map([["shop/web", oldWeb]]) });
    expect(shown(rows)).toEqual(["staging shop/web", "prod shop/web", "dev shop/db", "staging shop/api", "dev shop/web", "prod shop/db"]);
    // A row whose sort value moved, and a new one, are found without walking the keys.
    expect(rows.index.walks).toBe(0);
    // Binary search: a handful of comparisons per moved row, not a sort of all rows.
    expect(rows.index.comparisons - before).toBeLessThanOrEqual(2 * 2 * Math.ceil(Math.log2(7)) + 2);

    const api = staging.get("shop/api")!;
    staging.delete("shop/api");
    rows.applyContext("staging", staging, { reset: false, upserts: [], deletes: ["shop/api"], previous: new Map([["shop/api", api]]) });
    expect(shown(rows)).not.toContain("staging shop/api");
    expect(rows.index.walks).toBe(0);
    // The same name on another cluster is untouched by that delete.
    lists.get("dev")!.delete("shop/db");
    rows.applyContext("dev", lists.get("dev")!, { reset: false, upserts: [], deletes: ["shop/db"] });
    expect(shown(rows)).toEqual(["staging shop/web", "prod shop/web", "dev shop/web", "prod shop/db"]);
  });

  it("a relist of one cluster replaces only its rows", () => {
    const rows = new ScopedRows(byRestartsDesc, all);
    rows.rebuild(threeClusters());
    rows.resetContext("prod", list([pod("cache", "shop", 3)]));
    expect(shown(rows)).toEqual(["dev shop/db", "staging shop/web", "prod shop/cache", "dev shop/web"]);
  });

  it("a cluster removed from the scope takes its rows, the others keep their order; one added brings its own", () => {
    const lists = threeClusters();
    const rows = new ScopedRows(byRestartsDesc, all);
    rows.rebuild(lists);
    rows.removeContext("prod");
    expect(shown(rows)).toEqual(["dev shop/db", "staging shop/web", "dev shop/web"]);
    expect(rows.contexts().sort()).toEqual(["dev", "staging"]);
    rows.applyContext("prod", lists.get("prod")!, { reset: true, upserts: [], deletes: [] });
    expect(shown(rows)).toEqual(["prod shop/web", "dev shop/db", "staging shop/web", "dev shop/web", "prod shop/db"]);
  });

  it("filters across clusters, matching the cluster's name as well", () => {
    const rows = new ScopedRows(byRestartsDesc, textFilter("prod", (o) => rowContext(o) ?? ""));
    rows.rebuild(threeClusters());
    expect(shown(rows)).toEqual(["prod shop/web", "prod shop/db"]);
    const byName = new ScopedRows(byRestartsDesc, textFilter("db", (o) => rowContext(o) ?? ""));
    byName.rebuild(threeClusters());
    expect(shown(byName)).toEqual(["dev shop/db", "prod shop/db"]);
  });
});
