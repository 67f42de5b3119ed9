import { describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { objectKey } from "@/stores/resource-store";
import { LiveRows, sortKey, textFilter } from "../utils/live-rows";
import { podRestarts } from "../utils/columns-workloads";

function pod(name: string, namespace: string, restarts = 0, labels: Record<string, string> = {}): Value {
  return { metadata: { name, namespace, labels }, status: { containerStatuses: [{ restartCount: restarts }] } };
}

const byName = { sortValue: (o: Value) => objectKey(o).split("/")[1], desc: false };
const all = () => true;

function list(objects: Value[]): Map<string, Value> {
  return new Map(objects.map((o) => [objectKey(o), o]));
}

describe("the live row index", () => {
  it("sorts by a column's value, numbers as numbers, and keeps ties in key order", () => {
    const items = list([pod("c", "a", 10), pod("a", "a", 2), pod("b", "b", 2), pod("d", "a", 0)]);
    const rows = new LiveRows({ sortValue: podRestarts, desc: false }, all);
    rows.rebuild(items);
    expect(rows.keys).toEqual(["a/d", "a/a", "b/b", "a/c"]);
    const desc = new LiveRows({ sortValue: podRestarts, desc: true }, all);
    desc.rebuild(items);
    expect(desc.keys).toEqual(["a/c", "b/b", "a/a", "a/d"]);
  });

  it("hands over the objects a rebuild found, in order, and drops them once a delta moves a row", () => {
    const items = list([pod("web-2", "shop"), pod("db-1", "shop"), pod("web-1", "shop"), pod("web-3", "shop")]);
    const rows = new LiveRows({ ...byName, desc: true }, textFilter("web"));
    rows.rebuild(items, 1);
    expect(rows.keys).toEqual(["shop/web-3", "shop/web-2", "shop/web-1"]);
    expect(rows.objects).toEqual(rows.keys.map((key) => items.get(key)));
    expect(rows.objects?.[0]).toBe(items.get("shop/web-3"));
    items.set("shop/web-0", pod("web-0", "shop"));
    rows.move(items, ["shop/web-0"], ["shop/web-2"]);
    expect(rows.objects).toBeNull();
    expect(rows.keys).toEqual(["shop/web-3", "shop/web-1", "shop/web-0"]);
  });

  it("orders text as a numeric, case-blind collator does, through keys compared with a plain <", () => {
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    const names = ["pod-10", "pod-9", "Pod-2", "api-web-7f9c-x1", "api-web-7f9c-x10", "api.web", "api-web", "db-007", "db-8", "node-1.zone-b", "node-1.zone-a", "été", "ete-2"];
    const byKey = [...names].sort((a, b) => {
      const [x, y] = [sortKey(a), sortKey(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const byCollator = [...names].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : 1));
    expect(byKey.map((n) => n.toLowerCase().normalize("NFD").replace(/\p{M}/gu, ""))).toEqual(byCollator.map((n) => n.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")));
    expect(byKey.indexOf("pod-9")).toBeLessThan(byKey.indexOf("pod-10"));
  });

  it("orders digit runs numerically at any length with keys about as long as the text", () => {
    const names = ["x-18446744073709551616", "x-9", "x-007", "x-18446744073709551615", "x-100000000000000000000", "x-", "x-a", "x-0"];
    const byKey = [...names].sort((a, b) => {
      const [x, y] = [sortKey(a), sortKey(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    expect(byKey).toEqual(["x-", "x-0", "x-007", "x-9", "x-18446744073709551615", "x-18446744073709551616", "x-100000000000000000000", "x-a"]);
    const name = "alertmanager-2-56hmvx7k8p-5hm48";
    expect(String(sortKey(name)).length).toBeLessThanOrEqual(name.length + 2 * 6);
    // Each run as `0`, its length, its digits without leading zeros; the rest lower-cased.
    expect(["Pod-7", "db-007", "a00b", "0", "12x345", "plain", "Été-10"].map(sortKey)).toEqual(["pod-017", "db-017", "a010b", "010", "0212x03345", "plain", "ete-0210"]);
  });

  it("sorts a list once per column: a new filter or the other direction over the same list version walks the kept order", () => {
    const items = list(Array.from({ length: 2_000 }, (_, i) => pod(`pod-${i}`, `ns-${i % 5}`, (i * 7) % 11)));
    const first = new LiveRows({ sortValue: podRestarts, desc: false }, all);
    first.rebuild(items, 4);
    expect(first.comparisons).toBeGreaterThan(2_000);
    const flipped = new LiveRows({ sortValue: podRestarts, desc: true }, textFilter("ns-1"));
    flipped.rebuild(items, 4);
    expect(flipped.comparisons).toBe(0);
    expect(flipped.keys).toEqual(first.keys.filter((k) => k.startsWith("ns-1/")).reverse());
    // A new list version sorts again.
    const next = new LiveRows({ sortValue: podRestarts, desc: false }, all);
    next.rebuild(items, 5);
    expect(next.comparisons).toBeGreaterThan(2_000);
  });

  it("moves, adds and removes only the objects a delta names, in order", () => {
    const items = list([pod("a", "x"), pod("c", "x"), pod("e", "x")]);
    const rows = new LiveRows(byName, all);
    rows.rebuild(items);
    items.set("x/d", pod("d", "x"));
    items.delete("x/a");
    rows.apply(items, { reset: false, upserts: ["x/d"], deletes: ["x/a"] });
    expect(rows.keys).toEqual(["x/c", "x/d", "x/e"]);
    // A changed sort value moves the row.
    const restartsRows = new LiveRows({ sortValue: podRestarts, desc: false }, all);
    restartsRows.rebuild(items);
    items.set("x/c", pod("c", "x", 9));
    restartsRows.apply(items, { reset: false, upserts: ["x/c"], deletes: [] });
    expect(restartsRows.keys.at(-1)).toBe("x/c");
    expect(restartsRows.keys).toHaveLength(3);
  });

  it("finds an updated row whose sort value stayed by binary search, and walks the keys only for deletes, new rows and moved values", () => {
    const items = list(Array.from({ length: 1_000 }, (_, i) => pod(`pod-${i}`, "ns", i % 3)));
    const rows = new LiveRows(byName, all);
    rows.rebuild(items);
    // A status change of a name-sorted list: the name is the same, the row is found by its value.
    items.set("ns/pod-500", pod("pod-500", "ns", 7));
    rows.apply(items, { reset: false, upserts: ["ns/pod-500"], deletes: [] });
    expect(rows.walks).toBe(0);
    expect(rows.keys.filter((k) => k === "ns/pod-500")).toHaveLength(1);
    items.delete("ns/pod-7");
    items.set("ns/pod-new", pod("pod-new", "ns"));
    rows.apply(items, { reset: false, upserts: ["ns/pod-new"], deletes: ["ns/pod-7"] });
    expect(rows.walks).toBe(2);
    expect(rows.keys).toHaveLength(1_000);
    expect(rows.keys).not.toContain("ns/pod-7");
    // A row a merged view knows to be new is not looked for.
    items.set("ns/pod-fresh", pod("pod-fresh", "ns"));
    rows.move(items, ["ns/pod-fresh"], [], { fresh: () => true });
    expect(rows.walks).toBe(2);
    expect(rows.keys).toEqual([...rows.keys].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)));
  });

  it("finds every row a store delta touches from its previous object, without a walk, in the order a rebuild makes", async () => {
    const { useResourceStore, resetResourceStore, resourceKey } = await import("@/stores/resource-store");
    resetResourceStore();
    const key = resourceKey("ctx", "pods", null);
    useResourceStore.setState({ entries: { [key]: { status: "loading", items: new Map(), version: 0 } as never } });
    const apply = (reset: Value[] | null, upserts: Value[], deletes: string[]) =>
      useResourceStore.getState().applyDelta({ context: "ctx", kind: "pods", namespace: null, reset, upserts, deletes });
    // Sorted by restarts (values that move), filtered to pods whose name has a 1 (rows that come and go).
    const order = { sortValue: podRestarts, desc: true };
    const accept = textFilter("1");
    const rows = new LiveRows(order, accept);
    apply(Array.from({ length: 300 }, (_, i) => pod(`pod-${i}`, `ns-${i % 4}`, i % 5)), [], []);
    const entry = () => useResourceStore.getState().entries[key];
    rows.apply(entry().items, entry().change!, entry().version);
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let round = 0; round < 200; round++) {
      const names = [...entry().items.keys()];
      const upserts = Array.from({ length: 1 + random(4) }, () => {
        const name = random(3) === 0 ? `pod-new-${round}-${random(1000)}` : names[random(names.length)].split("/")[1];
        return pod(name, `ns-${random(4)}`, random(9));
      });
      // Deletes, one of them sometimes a key the same delta upserts.
      const deletes = Array.from({ length: random(3) }, () => names[random(names.length)]);
      if (random(5) === 0) deletes.push(objectKey(upserts[0]));
      apply(null, upserts, deletes);
      rows.apply(entry().items, entry().change!, entry().version);
    }
    const fresh = new LiveRows(order, accept);
    fresh.rebuild(entry().items);
    expect(rows.keys).toEqual(fresh.keys);
    expect(rows.walks).toBe(0);
  });

  it("filters deltas too: an object that stops matching leaves, one that starts matching comes in", () => {
    const items = list([pod("web-1", "shop"), pod("db-1", "shop")]);
    const rows = new LiveRows(byName, textFilter("web"));
    rows.rebuild(items);
    expect(rows.keys).toEqual(["shop/web-1"]);
    items.set("shop/web-2", pod("web-2", "shop"));
    rows.apply(items, { reset: false, upserts: ["shop/web-2"], deletes: [] });
    expect(rows.keys).toEqual(["shop/web-1", "shop/web-2"]);
  });

  it("applies a one-object delta with as few comparisons on 50,000 rows as log n allows, not n", () => {
    const cost = (n: number) => {
      const items = list(Array.from({ length: n }, (_, i) => pod(`pod-${String(i).padStart(6, "0")}`, "ns", i % 7)));
      const rows = new LiveRows({ sortValue: podRestarts, desc: false }, all);
      rows.rebuild(items);
      const before = rows.comparisons;
      items.set("ns/pod-000500", pod("pod-000500", "ns", 3));
      items.set("ns/new", pod("new", "ns", 1));
      items.delete("ns/pod-000001");
      rows.apply(items, { reset: false, upserts: ["ns/pod-000500", "ns/new"], deletes: ["ns/pod-000001"] });
      expect(rows.keys).toHaveLength(n);
      return rows.comparisons - before;
    };
    const small = cost(1_000);
    const large = cost(50_000);
    // Binary search: log2(50k)/log2(1k) ≈ 1.57; a re-sort or a scan would be ≥ 50×.
    expect(large).toBeLessThan(small * 2);
    expect(large).toBeLessThan(5 * Math.ceil(Math.log2(50_000)) + 5);
  });
});

describe("a new filter over an unchanged list", () => {
  it("walks the list sorted once per order and version instead of sorting again", () => {
    const items = list(Array.from({ length: 5_000 }, (_, i) => pod(`pod-${i}`, i % 2 ? "a" : "b", i % 5)));
    const order = { sortValue: podRestarts, desc: false };
    const first = new LiveRows(order, textFilter("a/"));
    first.rebuild(items, 7);
    expect(first.comparisons).toBeGreaterThan(5_000);
    // The next keystroke: same order, same list version — no comparison at all, same order of rows.
    const next = new LiveRows(order, textFilter("a/pod-1"));
    next.rebuild(items, 7);
    expect(next.comparisons).toBe(0);
    const fresh = new LiveRows({ ...order }, textFilter("a/pod-1"));
    fresh.rebuild(items, 7);
    expect(next.keys).toEqual(fresh.keys);
    // A delta since (a new version) sorts again.
    const later = new LiveRows(order, textFilter("a/pod-1"));
    later.rebuild(items, 8);
    expect(later.comparisons).toBeGreaterThan(5_000);
  });
});

describe("the text filter", () => {
  const web = pod("web-7f9", "shop", 0, { app: "web", tier: "frontend" });
  it("matches name and namespace, every term", () => {
    expect(textFilter("web")(web)).toBe(true);
    expect(textFilter("shop web")(web)).toBe(true);
    expect(textFilter("shop db")(web)).toBe(false);
    expect(textFilter("SHOP/WEB")(web)).toBe(true);
  });
  it("matches labels written key=value", () => {
    expect(textFilter("app=web")(web)).toBe(true);
    expect(textFilter("tier=front")(web)).toBe(true);
    expect(textFilter("app=db")(web)).toBe(false);
    expect(textFilter("frontend")(web)).toBe(false);
  });
});
