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

  it("record the start-up timeline frame by frame until stopped", async () => {
    window.__KUBELI_BENCH_HOOKS__ = true;
    installBenchHooks({ rows });
    const frame = () => new Promise((done) => requestAnimationFrame(() => done(undefined)));
    const tab = document.createElement("div");
    tab.dataset.testid = "cluster-tab";
    document.body.appendChild(tab);
    await frame();
    await frame();
    expect(window.__kubeliBench?.timeline.at(-1)).toMatchObject({ tabs: 1, rows: 0 });
    window.__kubeliBench?.stopTimeline();
    const second = document.body.appendChild(tab.cloneNode() as HTMLElement);
    await frame();
    await frame();
    expect(window.__kubeliBench?.timeline.at(-1)).toMatchObject({ tabs: 1 });
    tab.remove();
    second.remove();
  });
});
