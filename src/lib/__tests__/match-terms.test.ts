import { describe, expect, it } from "vitest";
import { matchesTerms, searchTerms } from "@/lib/match-terms";

describe("term matcher", () => {
  it("splits on whitespace, lower-cased, and ignores blanks", () => {
    expect(searchTerms("  Prod   EU ")).toEqual(["prod", "eu"]);
    expect(searchTerms("   ")).toEqual([]);
  });

  it("needs every term, each in any field", () => {
    const fields = ["prod-eu", "https://prod.example.com", null, "/home/ana/.kube/config"];
    expect(matchesTerms(searchTerms("prod ana"), fields)).toBe(true);
    expect(matchesTerms(searchTerms("prod staging"), fields)).toBe(false);
    expect(matchesTerms([], fields)).toBe(true);
  });
});
