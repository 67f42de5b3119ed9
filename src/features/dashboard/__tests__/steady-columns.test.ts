import { describe, expect, it } from "vitest";
import { fillerOf, widened } from "../hooks/use-steady-columns";

describe("steady column widths", () => {
  it("gives the spare width to the name column, else the message column, else none", () => {
    expect(fillerOf(["name", "namespace", "status"])).toBe("name");
    expect(fillerOf(["cluster", "name", "message"])).toBe("name");
    expect(fillerOf(["type", "reason", "message", "count"])).toBe("message");
    expect(fillerOf(["cpu", "memory"])).toBeUndefined();
  });

  it("keeps a column at the widest it has been: only wider readings count", () => {
    const kept = new Map([
      ["status", 143],
      ["namespace", 88],
    ]);
    // The rows now in view are all `Running`: the status column would shrink to 74 px.
    expect(widened(kept, [["status", 74], ["namespace", 109], ["node", 131]])).toEqual([
      ["namespace", 109],
      ["node", 131],
    ]);
    expect(widened(kept, [["status", 143]])).toEqual([]);
  });

  it("ignores a column that is not laid out (a view kept hidden reads 0)", () => {
    expect(widened(new Map(), [["status", 0]])).toEqual([]);
  });
});
