// Benchmark in the real app window: how long switching the active cluster takes, from the
// key press to the next frame showing the other cluster's rows, next to the peer a
// one-connection tool pays for the same move (connecting the cluster and loading its rows).
// Run by `make bench` under Xvfb; not part of `make test`.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli, card, tab } from "./app.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const CLUSTERS = ["lab-dev", "lab-staging", "lab-prod"];
const PODS = 2000;
const ROUNDS = 30;

// In the page: start the clock, run `action`, then resolve on the first animation frame in
// which `context` is the active tab and its resource rows are on screen.
const MEASURE = `
  const [action, arg, context, done] = arguments;
  const started = performance.now();
  if (action === "key") {
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: arg, code: "Digit" + arg, ctrlKey: true, bubbles: true }));
  } else {
    document.querySelector(arg).click();
  }
  const deadline = started + 60000;
  const check = () => {
    const active = document.querySelector('[data-testid="cluster-tab"][data-active="true"]');
    const rows = document.querySelectorAll('[data-testid="resource-row"]').length;
    if (active && active.getAttribute("data-context") === context && rows > 0) {
      requestAnimationFrame(() => done(performance.now() - started));
    } else if (performance.now() > deadline) {
      done(-1);
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
`;

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-bench-"));
fs.mkdirSync(path.join(work, "home"));
const lab = await startLab(work, { clusters: 3, pods: PODS });
const driver = await startDriver({
  env: { KUBECONFIG: lab.kubeconfig, HOME: path.join(work, "home"), KUBELI_CONFIG_DIR: path.join(work, "config") },
});
const session = await newSession(driver.url, app);
const ui = kubeli(session);
try {
  await session.waitFor("cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);

  // Peer: what a one-connection tool pays to show another cluster — connect it and load its rows.
  const reconnects = [];
  for (const context of CLUSTERS) {
    const plus = await session.findAll('[data-testid="add-cluster"]');
    if (plus.length) await session.click(plus[0]);
    await session.waitFor(`connect button of ${context}`, async () => (await session.findAll(`${card(context)} [data-testid="connect"]`)).length === 1);
    reconnects.push(await session.executeAsync(MEASURE, ["click", `${card(context)} [data-testid="connect"]`, context]));
    await ui.waitForRows(context);
  }

  // Kubeli: the clusters are connected; switch with Ctrl+N, round after round.
  const switches = [];
  for (let round = 0; round < ROUNDS; round++) {
    const n = (round % 3) + 1;
    switches.push(await session.executeAsync(MEASURE, ["key", String(n), CLUSTERS[n - 1]]));
  }
  if ([...switches, ...reconnects].some((ms) => ms < 0)) throw new Error(`a measurement timed out: ${switches} / ${reconnects}`);
  await ui.waitAttr(tab(CLUSTERS[2]), "data-active", "true");

  const p50 = percentile(switches, 0.5);
  const p95 = percentile(switches, 0.95);
  const peer = percentile(reconnects, 0.5);
  const line = (what, ms, target, ratio = "") => console.log(`${what.padEnd(60)} ${ms.toFixed(1).padStart(8)} ms  (target ${target})${ratio}`);
  console.log(`real-app switch benchmark (debug build, WebKitGTK under Xvfb, 3 lab clusters x ${PODS} pods, ${ROUNDS} switches)`);
  line("switch active cluster (Ctrl+N -> its rows painted), p50", p50, "< 100 ms", `   ratio ${(p50 / peer).toFixed(3)}x of connect-and-load`);
  line("switch active cluster (Ctrl+N -> its rows painted), p95", p95, "< 150 ms");
  line("  peer: connect a cluster and paint its rows, median of 3", peer, "peer");
} finally {
  await session.close();
  await driver.stop();
  await lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
