// `make soak`: 10 lab clusters with churn, the real app connected to all of them and
// switching every few seconds for SOAK_MINUTES (default 30). Samples the backend's RSS, the
// web process's RSS and PSS, the pool's task registry (`pool_counts`) and open file
// descriptors; prints them over time with their slopes; then disconnects everything and
// checks the registry is empty and memory is back near its baseline. Exits non-zero when
// the end state is wrong. Results also go to artifacts/soak.json.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "../tests/e2e/webdriver.mjs";
import { startLab } from "../tests/e2e/lab.mjs";
import { kubeli } from "../tests/e2e/app.mjs";
import { appPid, openFds, pssMiB, rssMiB, webProcesses } from "../tests/e2e/procs.mjs";

const root = path.resolve(import.meta.dirname, "..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const CLUSTERS = 10;
const SWITCH_MS = 3_000;
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 15) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-soak-"));
fs.mkdirSync(path.join(work, "home"));
const lab = await startLab(work, { clusters: CLUSTERS, pods: 60, churn: 20 });
const driver = await startDriver({
  env: {
    KUBECONFIG: lab.kubeconfig,
    HOME: path.join(work, "home"),
    KUBELI_CONFIG_DIR: path.join(work, "config"),
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
  },
});
let session;
try {
  session = await newSession(driver.url, app);
  const ui = kubeli(session);
  const invoke = (cmd, args = {}) =>
    session.executeAsync("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ failed: String(e?.message ?? e) }));", [cmd, args]);
  const pid = appPid(driver.pid, app);
  const sample = async (t0) => {
    const web = webProcesses(pid);
    const counts = await invoke("pool_counts");
    return {
      minute: (Date.now() - t0) / 60_000,
      backendRss: rssMiB(pid),
      webRss: web.reduce((sum, p) => sum + rssMiB(p), 0),
      webPss: web.reduce((sum, p) => sum + pssMiB(p), 0),
      tasks: counts.tasks,
      connections: counts.connections,
      fds: openFds(pid),
    };
  };

  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === CLUSTERS, 60_000);
  await sleep(2_000);
  const baseline = await sample(Date.now());
  const cards = await session.findAll('[data-testid="cluster-card"]');
  const names = await Promise.all(cards.map((c) => session.attribute(c, "data-context")));
  for (const name of names) await ui.connectFromHome(name);
  assert.equal(names.length, CLUSTERS);
  console.log(`soak: ${names.length} clusters connected; running ${minutes} min`);

  const t0 = Date.now();
  const samples = [await sample(t0)];
  let lastSample = Date.now();
  while (Date.now() - t0 < minutes * 60_000) {
    // Ctrl+Tab, as an operator cycles through clusters: with ten tabs some are scrolled out of
    // the tab bar, where a click cannot reach them.
    await session.chord(["Control", "Tab"]);
    await sleep(SWITCH_MS);
    if (Date.now() - lastSample >= SAMPLE_MS) {
      samples.push(await sample(t0));
      lastSample = Date.now();
    }
  }
  samples.push(await sample(t0));

  for (const name of names) {
    const live = await invoke("connected_clusters");
    const info = live.find((c) => c.cluster.context === name);
    if (info) await invoke("disconnect", { context: info.context });
  }
  await sleep(5_000);
  const end = await sample(t0);

  const slope = (key) => {
    const xs = samples.map((s) => s.minute);
    const ys = samples.map((s) => s[key]);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
    const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    return den ? num / den : 0;
  };
  const keys = ["backendRss", "webRss", "webPss", "tasks", "fds"];
  const f = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  console.log(`\nminute  ${keys.join("  ")}`);
  for (const s of samples) console.log(`${s.minute.toFixed(1).padStart(6)}  ${keys.map((k) => f(s[k])).join("  ")}`);
  console.log(`\nslopes per minute: ${keys.map((k) => `${k} ${slope(k).toFixed(3)}`).join(", ")}`);
  console.log(`baseline (home, nothing connected): ${keys.map((k) => `${k} ${f(baseline[k])}`).join(", ")}`);
  console.log(`after disconnecting all:            ${keys.map((k) => `${k} ${f(end[k])}`).join(", ")}`);
  fs.mkdirSync(path.join(root, "artifacts"), { recursive: true });
  fs.writeFileSync(path.join(root, "artifacts", "soak.json"), JSON.stringify({ minutes, baseline, samples, end, slopes: Object.fromEntries(keys.map((k) => [k, slope(k)])) }, null, 2));

  assert.equal(end.connections, 0, "every connection is gone");
  assert.equal(end.tasks, 0, "the task registry is empty after disconnecting all");
  assert.ok(end.fds <= baseline.fds + 10, `open fds back near the baseline (${baseline.fds} → ${end.fds})`);
  console.log("soak: end state ok (no connection, no task, fds near the baseline)");
} finally {
  await session?.close().catch(() => {});
  await driver.stop();
  await lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
