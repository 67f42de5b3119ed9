// Real-app E2E of pausing background clusters (issues #11, #15), one app start over two lab
// clusters: with "Pause background clusters after 1 minute" on (the minute shortened to 1 s
// through the app's test hooks, KUBELI_BENCH_HOOKS=1), lab-dev in the background gets paused —
// its tab's tooltip says "paused since", the lab has no watch of it open — a pod of lab-dev
// changes meanwhile, and switching back shows the kept rows at once and the change once the
// watch resumed from its resourceVersion. Prints the resume time (switch → live).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { tab } from "./app.mjs";
import { openWorld } from "./world.mjs";


let world;
let lab;
let session;
let ui;

const shot = (label) => world.shot(label);

/** The lab's own view of a cluster: which watch streams are open (one entry per stream). */
async function openWatches(cluster) {
  const res = await fetch(`${lab.control}/clusters/${cluster}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()).openWatches;
}

before(async () => {
  world = await openWorld("pause", { lab: { clusters: 2, pods: 20 }, env: { KUBELI_BENCH_HOOKS: "1" } });
  ({ lab, session, ui } = world);
});

after(() => world?.close());

test("a background cluster is paused after its idle time and resumes with the changes made meanwhile", async () => {
  await ui.connectFromHome("lab-dev");
  await ui.waitForRows("lab-dev");
  await ui.waitAttr(tab("lab-dev"), "data-watch-state", "live");
  // A pod of lab-dev that is shown and running; it will change while lab-dev is paused.
  const shown = await session.execute(`return [...document.querySelectorAll('[data-testid="resource-row"]')].map((r) => r.dataset.name);`);
  const victim = (await lab.pods("lab-dev")).find((p) => shown.includes(p.metadata.name) && p.status.phase === "Running");
  assert.ok(victim, "lab-dev shows a running pod");
  const row = `[data-testid="resource-row"][data-name="${victim.metadata.name}"]`;
  assert.doesNotMatch(await session.text(await ui.one(row)), /ContainerCreating/);

  await ui.connectFromHome("lab-staging");
  await ui.waitForRows("lab-staging");
  assert.ok((await openWatches("lab-dev")).includes("pods"), "lab-dev's pods are watched while it is in the background");

  // The setting, off by default; "1 minute" lasts 1 s under the test hooks.
  await session.execute("window.__kubeliPauseMinuteMs = 1000;");
  await session.click(await ui.one('[data-testid="settings-button"]'));
  const select = await session.waitFor("the pause setting", async () => (await session.findAll('[data-testid="pause-background"]'))[0]);
  assert.equal(await session.property(select, "value"), "off");
  await session.click(await ui.one('[data-testid="pause-background"] option[value="1"]'));
  await session.click(await ui.one('[data-testid="settings-button"]'));

  await ui.waitAttr(tab("lab-dev"), "data-watch-state", "paused", 15_000);
  assert.match(await ui.attr(tab("lab-dev"), "data-tooltip"), /paused since \d{2}:\d{2}/);
  await session.waitFor("lab-dev's watch closed in the lab", async () => !(await openWatches("lab-dev")).includes("pods"), 10_000);
  // The active cluster is never paused, and lab-dev's health probe keeps running.
  assert.equal(await ui.attr(tab("lab-staging"), "data-watch-state"), "live");
  assert.equal(await ui.attr(tab("lab-dev"), "data-health"), "healthy");
  await shot("paused");

  await lab.setPodPhase("lab-dev", victim.metadata.namespace, victim.metadata.name, "Pending");

  // Switch back: rows are there at once (kept), the watch is live again soon after.
  const timing = await session.executeAsync(
    `const [css, name, done] = arguments;
     const t0 = performance.now();
     let rowsAt = null;
     document.querySelector(css + ' [role="tab"]').click();
     const check = () => {
       const now = performance.now() - t0;
       const row = document.querySelector('[data-testid="resource-row"][data-name="' + name + '"]');
       if (rowsAt === null && row && row.offsetParent !== null) rowsAt = now;
       if (document.querySelector(css)?.dataset.watchState === "live") done({ rowsAt, liveAt: now });
       else if (now > 20000) done({ rowsAt, liveAt: null });
       else requestAnimationFrame(check);
     };
     requestAnimationFrame(check);`,
    [tab("lab-dev"), victim.metadata.name],
  );
  assert.ok(timing.liveAt !== null, `lab-dev live again after the switch (${JSON.stringify(timing)})`);
  assert.ok(timing.rowsAt !== null && timing.rowsAt <= timing.liveAt, `the kept rows showed before the watch was live (${JSON.stringify(timing)})`);
  console.log(`pause E2E: switch → rows painted ${timing.rowsAt.toFixed(1)} ms, switch → watch live (resume) ${timing.liveAt.toFixed(1)} ms`);
  await session.waitFor(`${victim.metadata.name} shown as ContainerCreating`, async () => /ContainerCreating/.test(await session.text(await ui.one(row))), 10_000);
  assert.ok((await openWatches("lab-dev")).includes("pods"), "lab-dev's pods are watched again");
  await shot("resumed");
});
