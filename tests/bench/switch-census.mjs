// `make switch-census`: what a cluster switch renders — React components per Ctrl+Tab among
// clusters connected as in P1 (each with its pods view on "All namespaces"), in the real app,
// driven through WebKitGTK's Web Inspector (`inspected-app.mjs`). For each switch it walks
// React's committed component tree (fibers, reached from the page's root element) before the
// keydown and after it, and counts the components that rendered: in the keydown's own task (what
// the switch's frame waits for, P1) and by the task after the next frame (the shown view's
// overscan rows are drawn there). Prints both per switch, by component, and the keydown task's
// script time (slower than without the inspector; compare builds with each other, not with P1).
//
//   CENSUS_CLUSTERS (10), CENSUS_PODS (2000), CENSUS_SWITCHES (12); --smoke: 2 clusters × 50
//   pods, 4 switches, checks each switch changed the active tab and rendered components.
//   Reads React internals (`__reactContainer$…`, fiber fields): a diagnostic, not a product hook.

import { setTimeout as sleep } from "node:timers/promises";
import { connectWithPods, openInspected } from "./inspected-app.mjs";

const smoke = process.argv.includes("--smoke");
const N = smoke ? 2 : Number(process.env.CENSUS_CLUSTERS ?? 10);
const PODS = smoke ? 50 : Number(process.env.CENSUS_PODS ?? 2000);
const SWITCHES = smoke ? 4 : Number(process.env.CENSUS_SWITCHES ?? 12);

// Installs `window.__switchCensus`: `run()` presses Ctrl+Tab in the page and records what rendered.
const INSTALL = `
  const rootEl = document.getElementById("root");
  const key = Object.keys(rootEl).find((k) => k.startsWith("__reactContainer$"));
  if (!key) throw new Error("no React root on #root");
  const fiberRoot = rootEl[key].stateNode;
  const all = () => {
    const out = [];
    const stack = [fiberRoot.current];
    while (stack.length) {
      const f = stack.pop();
      out.push(f);
      if (f.sibling) stack.push(f.sibling);
      if (f.child) stack.push(f.child);
    }
    return out;
  };
  const nameOf = (f) => {
    const t = f.type;
    if (typeof t === "string") return "<" + t + ">";
    if (typeof t === "function") return t.displayName || t.name || "(anonymous)";
    if (t && typeof t === "object") return t.displayName || t.type?.displayName || t.type?.name || t.render?.displayName || t.render?.name || "(memo/forwardRef)";
    return null; // text, fragments, roots
  };
  // What each component had before: its props and hook state, under both of its fiber objects
  // (React swaps a component between two, so after two commits it is back on the first).
  const snapshot = () => {
    const seen = new Map();
    for (const f of all()) {
      const had = { props: f.memoizedProps, state: f.memoizedState };
      seen.set(f, had);
      if (f.alternate) seen.set(f.alternate, had);
    }
    return seen;
  };
  // Rendered since \`before\`: new props or hook state (a render makes both anew; a skipped
  // component keeps them), or mounted. A \`memo\` with its own comparison (fiber tag 14) takes
  // its parent's new props even when the comparison skips its component: the component inside
  // it (its child fiber) says whether it rendered, so the wrapper is not counted.
  const MEMO_WITH_COMPARE = 14;
  const rendered = (before) => {
    const names = [];
    for (const f of all()) {
      if (f.tag === MEMO_WITH_COMPARE) continue;
      const had = before.get(f) ?? (f.alternate ? before.get(f.alternate) : undefined);
      if (had && f.memoizedProps === had.props && f.memoizedState === had.state) continue;
      const name = nameOf(f);
      if (name) names.push(name + (had ? "" : " (mounted)"));
    }
    return names;
  };
  const active = () => document.querySelector('[data-testid="cluster-tab"][data-active="true"]')?.dataset.context ?? null;
  window.__switchCensus = {
    results: [],
    run() {
      const before = snapshot();
      const from = active();
      const result = { from };
      const started = performance.now();
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", code: "Tab", ctrlKey: true, bubbles: true, cancelable: true }));
      // React renders a keydown's update in a microtask queued during the dispatch: this one runs after it.
      Promise.resolve().then(() => {
        result.ms = performance.now() - started;
        result.task = rendered(before);
        result.to = active();
        requestAnimationFrame(() => setTimeout(() => { result.frame = rendered(before); window.__switchCensus.results.push(result); }));
      });
      return true;
    },
  };
  return true;
`;

const { page, contexts, log, stop } = await openInspected({ app: process.env.KUBELI_APP, clusters: N, pods: PODS });
try {
  for (const context of contexts) await connectWithPods(page, context, PODS);
  await sleep(2000);
  await page.evaluate(INSTALL);
  for (let i = 0; i < SWITCHES; i++) {
    await page.evaluate("return window.__switchCensus.run()");
    // Long enough for the view just hidden to rest, as between P1's switches among ten clusters.
    await page.until(`switch ${i + 1} recorded`, `return window.__switchCensus.results.length > ${i}`, 10_000);
    await sleep(smoke ? 300 : 1_500);
  }
  const results = await page.evaluate("return window.__switchCensus.results");
  const count = (list) => {
    const by = new Map();
    for (const name of list) by.set(name, (by.get(name) ?? 0) + 1);
    return by;
  };
  const per = (pick) => results.reduce((sum, r) => sum + r[pick].length, 0) / results.length;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`switch census: ${results.length} switches among ${N} clusters × ${PODS} pods`);
  console.log(`components rendered per switch: ${per("task").toFixed(0)} in the keydown's task, ${per("frame").toFixed(0)} by the task after the next frame`);
  console.log(`the keydown task's script (inspector attached): median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, max ${ms.at(-1).toFixed(1)} ms`);
  console.log("| component (keydown's task) | per switch |\n|---|---|");
  const byName = count(results.flatMap((r) => r.task));
  for (const [name, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${name} | ${(n / results.length).toFixed(1)} |`);
  if (smoke) {
    const stuck = results.filter((r) => !r.to || r.to === r.from || r.task.length === 0);
    if (stuck.length) throw new Error(`switch census smoke: ${stuck.length} of ${results.length} switches did not change the active tab or rendered nothing: ${JSON.stringify(stuck.map(({ from, to, task }) => ({ from, to, rendered: task.length })))}`);
    console.log(`switch census smoke: ok (${results.length} switches, each changed the active tab and rendered components)`);
  }
} catch (error) {
  console.error(`switch census: the app's log (last 20 kB):\n${log()}`);
  throw error;
} finally {
  await stop();
}
