import { describe, expect, it } from "vitest";
import { LogBuffer } from "@/stores/log-buffer";
import { findMatches, stepMatch } from "../utils/log-search";

describe("log search", () => {
  const buffer = new LogBuffer(100);
  buffer.append(["GET /a", "error: disk", "GET /b", "\u001b[31mERROR\u001b[0m: net", "done"].map((text) => ({ pod: "p", container: "c", text })));

  it("finds lines ignoring case and ANSI codes, up to the shown end", () => {
    expect(findMatches(buffer, "error")).toEqual([1, 3]);
    expect(findMatches(buffer, "error", 2)).toEqual([1]);
    expect(findMatches(buffer, "")).toEqual([]);
    // An escape code is not text: "31m" is not in any line.
    expect(findMatches(buffer, "31m")).toEqual([]);
  });

  it("steps to the next and previous match, wrapping around", () => {
    const matches = [1, 3, 7];
    expect(stepMatch(matches, null, 1)).toBe(1);
    expect(stepMatch(matches, null, -1)).toBe(7);
    expect(stepMatch(matches, 1, 1)).toBe(3);
    expect(stepMatch(matches, 7, 1)).toBe(1);
    expect(stepMatch(matches, 3, -1)).toBe(1);
    expect(stepMatch(matches, 1, -1)).toBe(7);
    expect(stepMatch([], 1, 1)).toBeNull();
  });
});
