// `make heap-census`: what the page's JavaScript heap holds per connected cluster — P8b's steps
// (clusters connected one after another from the home grid, each with its pods view on "All
// namespaces") in the real app, driven through WebKitGTK's Web Inspector instead of WebDriver
// (`inspector.mjs`), with a JavaScriptCore heap snapshot after the first cluster and after the
// last. Prints the app's PSS after each step, the heap by cell class, and its growth per
// cluster by class and by the field holding each string, object and array.
//
//   CENSUS_CLUSTERS (10), CENSUS_PODS (2000); --smoke: 2 clusters × 50 pods, checks the census
//   finds the second cluster's pods in the heap (a row's `metadata` object per pod).

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { card, tab } from "../e2e/app.mjs";
import { startLab } from "../e2e/lab.mjs";
import { censusOf, connectInspector } from "./inspector.mjs";
import { appPss } from "./memory.mjs";
import { ALL_NAMESPACES, COUNT } from "./page.mjs";

const smoke = process.argv.includes("--smoke");
const N = smoke ? 2 : Number(process.env.CENSUS_CLUSTERS ?? 10);
const PODS = smoke ? 50 : Number(process.env.CENSUS_PODS ?? 2000);
const APP = process.env.KUBELI_APP;
if (!APP || !fs.existsSync(APP)) throw new Error(`KUBELI_APP (the app binary) not found: ${APP}`);

const CONNECT = (context) => `
  document.querySelector('[data-testid="add-cluster"]')?.click();
  const button = document.querySelector('${card(context)} [data-testid="connect"]');
  button?.click();
  return Boolean(button);`;
const HEALTHY = (context) => `
  const tab = document.querySelector('${tab(context)}');
  return tab?.dataset.active === "true" && tab.dataset.health === "healthy";`;
const PICKER = `return document.querySelectorAll('[data-testid="namespace-select"]').length === 1`;
// "All namespaces" until the count shows every pod (the context's own namespace may be applied
// when its namespaces arrive, so it is picked again while the count is not there), as the bench.
const ALL_PODS = `
  const count = (() => { ${COUNT} })();
  if (new RegExp("^${PODS}\\\\b").test(count)) return true;
  (() => { ${ALL_NAMESPACES} })();
  return false;`;

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const mb = (bytes) => (bytes / 1048576).toFixed(2);
const kb = (bytes) => (bytes / 1024).toFixed(0);
const top = (map, n) => Object.entries(map).sort((a, b) => b[1].bytes - a[1].bytes).slice(0, n);

/** Growth from `a` to `b` per step, largest first: [key, bytes, count]. */
function growth(a, b, steps) {
  return Object.keys({ ...a, ...b })
    .map((key) => [key, ((b[key]?.bytes ?? 0) - (a[key]?.bytes ?? 0)) / steps, ((b[key]?.count ?? 0) - (a[key]?.count ?? 0)) / steps])
    .sort((x, y) => y[1] - x[1]);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-census-"));
fs.mkdirSync(path.join(work, "lab"));
fs.mkdirSync(path.join(work, "home"));
const lab = await startLab(path.join(work, "lab"), { clusters: N, pods: PODS, seed: 3 });
const contexts = ["lab-dev", "lab-staging", "lab-prod", ...Array.from({ length: Math.max(0, N - 3) }, (_, i) => `lab-${i + 4}`)].slice(0, N);
const host = `127.0.0.1:${await freePort()}`;
const env = { ...process.env, WEBKIT_INSPECTOR_HTTP_SERVER: host, KUBECONFIG: lab.kubeconfig, HOME: path.join(work, "home"), KUBELI_CONFIG_DIR: path.join(work, "config") };
const app = spawn(APP, [], { env, stdio: ["ignore", "ignore", "pipe"] });
// The app's log, printed only when the census fails (WebKit warns as the app is killed).
let log = "";
app.stderr.on("data", (chunk) => (log = (log + chunk).slice(-20_000)));
const exited = new Promise((resolve) => app.on("exit", (code, signal) => resolve(`the app exited (${signal ?? code})`)));
let page;
try {
  page = await Promise.race([connectInspector(host), exited.then((why) => Promise.reject(new Error(why)))]);
  await page.until("the home grid", `return document.querySelectorAll('[data-testid="cluster-card"]').length === ${N}`);
  const censuses = [];
  for (const [i, context] of contexts.entries()) {
    await page.until(`the connect button of ${context}`, CONNECT(context));
    await page.until(`${context} healthy`, HEALTHY(context));
    await page.until(`the namespace picker of ${context}`, PICKER);
    await page.until(`${PODS} pods of ${context}`, ALL_PODS);
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
  console.error(`census: the app's log (last 20 kB):\n${log}`);
  throw error;
} finally {
  page?.close();
  app.kill();
  await lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
