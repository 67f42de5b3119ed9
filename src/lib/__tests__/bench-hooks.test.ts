import { afterEach, describe, expect, it } from "vitest";
import { installBenchHooks } from "../bench-hooks";

const rows = () => [{ namespace: "web", name: "a", resourceVersion: "3", created: "2026-11-28T20:00:00Z" }];

afterEach(() => {
  delete window.__KUBELI_BENCH_HOOKS__;
  delete window.__kubeliBench;
});

describe("bench hooks", () => {
  it("are not installed without the bench flag", () => {
    expect(installBenchHooks({ rows })).toBe(false);
    expect(window.__kubeliBench).toBeUndefined();
  });

  it("expose the row model when the app runs with KUBELI_BENCH_HOOKS=1", () => {
    window.__KUBELI_BENCH_HOOKS__ = true;
    expect(installBenchHooks({ rows })).toBe(true);
    expect(window.__kubeliBench?.rows("ctx", "pods", "web")).toEqual(rows());
    expect(window.__kubeliBench?.timeline).toEqual([]);
  });
});
