// Benchmark in the real app window: one cluster with 10,000 pods — first paint after opening
// the Pods view, filter and sort latency (input to the next frame showing the result), scroll
// frame times, and the memory (PSS) of the app and its WebKit processes. Not a test:
// `node tests/e2e/bench-views.mjs` under Xvfb prints the numbers.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli } from "./app.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const PODS = Number(process.env.PODS ?? 10_000);

// In the page: run an action, then resolve with the ms until the frame after `ready()` holds.
// (The page's CSP forbids eval: the pieces are put into the script text.)
const timed = (action, ready) => `
  const done = arguments[0];
  const started = performance.now();
  (() => { ${action} })();
  const check = () => {
    if ((() => { ${ready} })()) requestAnimationFrame(() => done(performance.now() - started));
    else if (performance.now() - started > 120000) done(-1);
    else requestAnimationFrame(check);
  };
  check();
`;
const count = `return document.querySelector('[data-testid="resource-count"]')?.textContent ?? ""`;
const setFilter = (text) => `
  const input = document.querySelector('[data-testid="resource-filter"]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, ${JSON.stringify(text)});
  input.dispatchEvent(new Event("input", { bubbles: true }));`;
const SCROLL = `
  const done = arguments[0];
  const el = document.querySelector('[data-testid="resource-scroll"]');
  el.scrollTop = 0;
  const frames = [];
  let last = performance.now();
  let n = 0;
  const step = () => {
    const now = performance.now();
    frames.push(now - last);
    last = now;
    el.scrollTop += 240;
    if (++n < 180) requestAnimationFrame(step);
    else done(frames.slice(1));
  };
  requestAnimationFrame(step);
`;

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

/** PSS in MB of a process and of every process below it. */
function pssTree(rootPid) {
  const children = new Map();
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const ppid = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  const rows = [];
  const walk = (pid) => {
    try {
      const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      const pss = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) / 1024;
      rows.push({ pid, name, pss });
    } catch {
      // not ours to read
    }
    for (const child of children.get(String(pid)) ?? []) walk(child);
  };
  walk(rootPid);
  return rows;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-bench-views-"));
fs.mkdirSync(path.join(work, "home"));
const lab = await startLab(work, { clusters: 1, pods: PODS });
const driver = await startDriver({
  env: { KUBECONFIG: lab.kubeconfig, HOME: path.join(work, "home"), KUBELI_CONFIG_DIR: path.join(work, "config"), WEBKIT_DISABLE_COMPOSITING_MODE: "1" },
});
const session = await newSession(driver.url, app);
const ui = kubeli(session);
try {
  await session.waitFor("cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 1);
  await ui.connectFromHome("lab-dev");
  // Open something small first, so opening Pods measures the view, not the connection.
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="nodes"]'));
  await ui.waitForRows("nodes");
  const firstPaint = await session.executeAsync(timed(
    `document.querySelector('[data-testid="nav-kind"][data-kind="pods"]').click()`,
    `return document.querySelectorAll('[data-testid="resource-row"]').length > 0 && /^${PODS}\\b/.test(document.querySelector('[data-testid="resource-count"]')?.textContent ?? "")`,
    ),
    [],
  );
  const filters = [];
  for (const text of ["a", "ap", "api", "", "web", "app=web", ""]) {
    filters.push(await session.executeAsync(timed(setFilter(text), `return document.querySelector('[data-testid="resource-count"]').dataset.filter === ${JSON.stringify(text)}`), []));
  }
  const sorts = [];
  for (const [column, want] of [["restarts", "ascending"], ["restarts", "descending"], ["age", "ascending"], ["name", "ascending"]]) {
    const selector = `[data-testid="column-header"][data-column="${column}"]`;
    sorts.push(await session.executeAsync(timed(`document.querySelector('${selector} button').click()`, `return document.querySelector('${selector}').getAttribute("aria-sort") === "${want}"`), []));
  }
  const frames = await session.executeAsync(SCROLL, []);
  const appPid = fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .find((p) => {
      try {
        return fs.readlinkSync(`/proc/${p}/exe`) === fs.realpathSync(app);
      } catch {
        return false;
      }
    });
  const memory = appPid ? pssTree(appPid) : [];
  const result = {
    pods: PODS,
    rowsShown: (await session.execute(count, [])).trim(),
    firstPaintMs: Math.round(firstPaint),
    filterMs: filters.map(Math.round),
    sortMs: sorts.map(Math.round),
    scrollFrameMs: { frames: frames.length, p50: percentile(frames, 0.5).toFixed(1), p95: percentile(frames, 0.95).toFixed(1), max: Math.max(...frames).toFixed(1) },
    pssMB: Object.fromEntries(memory.map((m) => [`${m.name}(${m.pid})`, Math.round(m.pss)])),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await session.close();
  await driver.stop();
  await lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
