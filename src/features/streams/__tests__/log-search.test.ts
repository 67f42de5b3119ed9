import { describe, expect, it } from "vitest";
import { LogBuffer } from "@/stores/log-buffer";
import { findMatches, LogSearch, stepMatch } from "../utils/log-search";

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

describe("incremental log search", () => {
  const line = (i: number) => ({ pod: "p", container: "c", text: i % 3 === 0 ? `line ${i} ERROR` : `line ${i} ok` });
  const batch = (from: number, n: number) => Array.from({ length: n }, (_, k) => line(from + k));

  it("scans each new line once and drops evicted matches from the front, matching a full rescan", () => {
    const buffer = new LogBuffer(50);
    const search = new LogSearch();
    let appended = 0;
    for (let round = 0; round < 20; round++) {
      buffer.append(batch(appended, 17));
      appended += 17;
      search.update(buffer, "error", buffer.total - 1);
      expect(search.toArray()).toEqual(findMatches(buffer, "error"));
    }
    // 340 lines went through a 50-line ring: the oldest kept line is 290, and nothing before it matches.
    expect(buffer.firstSeq).toBe(290);
    expect(search.toArray()[0]).toBe(291);
    // Every line was scanned exactly once (none evicted before it was shown).
    expect(search.linesScanned).toBe(340);
    // Nothing new: nothing scanned again.
    search.update(buffer, "error", buffer.total - 1);
    expect(search.linesScanned).toBe(340);
  });

  it("steps next and previous correctly while lines stream in and the buffer evicts", () => {
    const buffer = new LogBuffer(30);
    const search = new LogSearch();
    buffer.append(batch(0, 30));
    search.update(buffer, "error", buffer.total - 1);
    expect(search.step(null, 1)).toBe(0);
    let current = search.step(0, 1);
    expect(current).toBe(3);
    expect(search.indexOf(current)).toBe(1);
    // 20 more lines: 0..19 are evicted; the current match (3) is gone.
    buffer.append(batch(30, 20));
    search.update(buffer, "error", buffer.total - 1);
    expect(search.indexOf(current)).toBe(-1);
    current = search.step(current, 1);
    expect(current).toBe(21);
    expect(search.indexOf(current)).toBe(0);
    expect(search.step(current, -1)).toBe(48);
    expect(search.step(48, 1)).toBe(21);
    expect(search.step(27, -1)).toBe(24);
    expect(search.count).toBe(findMatches(buffer, "error").length);
  });

  it("scans only up to the shown end while paused, and a new query starts over", () => {
    const buffer = new LogBuffer(100);
    const search = new LogSearch();
    buffer.append(batch(0, 10));
    search.update(buffer, "error", 4);
    expect(search.toArray()).toEqual([0, 3]);
    buffer.append(batch(10, 10));
    search.update(buffer, "error", buffer.total - 1);
    expect(search.toArray()).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(search.linesScanned).toBe(20);
    search.update(buffer, "line 1", buffer.total - 1);
    expect(search.toArray()).toEqual(findMatches(buffer, "line 1"));
    search.update(buffer, "", buffer.total - 1);
    expect(search.count).toBe(0);
    expect(search.step(null, 1)).toBeNull();
  });
});
