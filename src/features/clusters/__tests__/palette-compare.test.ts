/** The palette's "Compare … across clusters…" action: offered for the kind the active cluster shows, when another cluster is connected. */
import { describe, expect, it } from "vitest";
import { compareKindOf, paletteItems } from "../utils/palette-items";

const base = { clusters: [], kinds: [], namespaces: [], hasActive: true };

describe("palette compare action", () => {
  it("is offered for the shown kind and found by typing 'compare'", () => {
    const items = paletteItems({ ...base, query: "compare", compareKind: compareKindOf("deployments") });
    expect(items).toEqual([{ type: "action", action: "compare", title: "Compare deployments across clusters…" }]);
  });

  it("is not offered for the overview or without a kind", () => {
    expect(compareKindOf("overview")).toBeNull();
    expect(compareKindOf(undefined)).toBeNull();
    expect(paletteItems({ ...base, query: "compare", compareKind: null })).toEqual([]);
  });
});
