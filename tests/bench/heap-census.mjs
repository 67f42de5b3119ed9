// `make heap-census`: what the page's JavaScript heap holds per connected cluster — P8b's steps
// (clusters connected one after another from the home grid, each with its pods view on "All
// namespaces") in the real app, driven through WebKitGTK's Web Inspector instead of WebDriver
// (`inspector.mjs`), with a JavaScriptCore heap snapshot after the first cluster and after the
// last. Prints the app's PSS after each step, the heap by cell class, and its growth per
// cluster by class and by the field holding each string, object and array.
//
//   CENSUS_CLUSTERS (10), CENSUS_PODS (2000); --smoke: 2 clusters × 50 pods, checks the census
//   finds the second cluster's pods in the heap (a row's `metadata` object per pod).

import { setTimeout as sleep } from "node:timers/promises";
import { censusOf } from "./inspector.mjs";
import { connectWithPods, openInspected } from "./inspected-app.mjs";
import { appPss } from "./memory.mjs";

const smoke = process.argv.includes("--smoke");
const N = smoke ? 2 : Number(process.env.CENSUS_CLUSTERS ?? 10);
const PODS = smoke ? 50 : Number(process.env.CENSUS_PODS ?? 2000);
const APP = process.env.KUBELI_APP;

const mb = (bytes) => (bytes / 1048576).toFixed(2);
const kb = (bytes) => (bytes / 1024).toFixed(0);
const top = (map, n) => Object.entries(map).sort((a, b) => b[1].bytes - a[1].bytes).slice(0, n);

/** Growth from `a` to `b` per step, largest first: [key, bytes, count]. */
function growth(a, b, steps) {
  return Object.keys({ ...a, ...b })
    .map((key) => [key, ((b[key]?.bytes ?? 0) - (a[key]?.bytes ?? 0)) / steps, ((b[key]?.count ?? 0) - (a[key]?.count ?? 0)) / steps])
    .sort((x, y) => y[1] - x[1]);
}

const { page, contexts, log, stop } = await openInspected({ app: APP, clusters: N, pods: PODS });
try {
  const censuses = [];
  for (const [i, context] of contexts.entries()) {
    await connectWithPods(page, context, PODS);
    await sleep(2000);
    const pss = appPss(APP);
    const webkit = await page.memory();
    console.log(`census: ${i + 1} connected (${context}): PSS ${pss.total.toFixed(1)} MB (${pss.parts}); WebKit's account: JavaScript heap ${mb(webkit.javascript)} MB, other ${mb(webkit.other)} MB`);
    if (i === 0 || i === N - 1) {
      const census = censusOf(await page.heapSnapshot());
      censuses.push({ census, pss: pss.total, webkit });
      console.log(`census: heap ${mb(census.total)} MB: ${top(census.byClass, 12).map(([k, v]) => `${k} ${kb(v.bytes)} kB`).join(", ")}`);
    }
  }
  const [first, last] = [censuses[0], censuses.at(-1)];
  const steps = Math.max(1, N - 1);
  const per = (f) => mb((f(last) - f(first)) / steps);
  console.log(`\nPer cluster, 1 → ${N} clusters × ${PODS} pods: PSS ${((last.pss - first.pss) / steps).toFixed(2)} MB; JavaScript heap ${per((c) => c.webkit.javascript)} MB (its live cells ${per((c) => c.census.total)} MB); the rest of the web process by WebKit's account ${per((c) => c.webkit.other)} MB`);
  console.log("| JS cells (class) | kB per cluster | count per cluster |\n|---|---|---|");
  for (const [k, bytes, count] of growth(first.census.byClass, last.census.byClass, steps).slice(0, 12)) console.log(`| ${k} | ${kb(bytes)} | ${count.toFixed(0)} |`);
  console.log("| held by (strings, objects, arrays) | kB per cluster | count per cluster |\n|---|---|---|");
  for (const [k, bytes, count] of growth(first.census.byField, last.census.byField, steps).slice(0, 20)) console.log(`| ${k} | ${kb(bytes)} | ${count.toFixed(0)} |`);
  if (smoke) {
    // The second cluster's rows must be in the heap: a `metadata` object per pod (held by its
    // row alone; a pod's name is also held by the view's sort keys, so it may be counted there).
    const rows = (last.census.byField["Object metadata"]?.count ?? 0) - (first.census.byField["Object metadata"]?.count ?? 0);
    if (rows < PODS) throw new Error(`census smoke: ${rows} more objects held as "metadata" after the second cluster, fewer than its ${PODS} pods`);
    console.log(`census smoke: ok (${rows} more objects held as "metadata" after connecting a second cluster of ${PODS} pods)`);
  }
} catch (error) {
  console.error(`census: the app's log (last 20 kB):\n${log()}`);
  throw error;
} finally {
  await stop();
}
