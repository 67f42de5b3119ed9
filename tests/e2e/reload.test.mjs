// Real-app E2E: the window survives its web view. Two lab clusters connected, then the page
// is reloaded (as Ctrl+R / F5 do) and the same clusters are back — adopted, not reconnected:
// each connection keeps its `sinceMs`, so the backend made no new connect — with their pods
// listed again and no watcher left without an owner. Then the app's WebKitWebProcess is
// killed: the app reloads the page by itself and the same clusters come back again. Between
// them, Tauri's IPC is made to fall back (one failed fetch) and the page reloads itself.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { tab } from "./app.mjs";
import { appPid as appUnder, webProcesses } from "./procs.mjs";
import { appBinary as app, artifacts, openWorld } from "./world.mjs";

const appPid = () => appUnder(driver.pid, app);


let world;
let driver;
let session;
let ui;

/** Calls a backend command from the page, as the UI does. */
async function invoke(cmd, args = {}) {
  return session.executeAsync("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ failed: String(e?.message ?? e) }));", [cmd, args]);
}

/** context name → sinceMs of every live backend connection. */
async function liveSince() {
  const live = await invoke("connected_clusters");
  return Object.fromEntries(live.map((c) => [c.cluster.context, c.sinceMs]));
}

async function bothBack(before) {
  for (const context of ["lab-dev", "lab-staging"]) {
    await session.waitFor(`the tab of ${context} after the reload`, async () => (await session.findAll(tab(context))).length === 1, 30_000);
    await ui.waitAttr(tab(context), "data-health", "healthy");
  }
  await ui.waitAttr(tab("lab-staging"), "data-active", "true");
  await ui.waitForRows("lab-staging's pods after the reload");
  assert.deepEqual(await liveSince(), before, "the same connections, none made again");
}

before(async () => {
  world = await openWorld("reload", { lab: { clusters: 3, pods: 30 }, env: { KUBELI_HEALTH_INTERVAL_MS: "500" } });
  ({ driver, session, ui } = world);
});

after(() => world?.close({ lastShot: false }));

test("a page reload keeps every connection and re-attaches to its watchers", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);
  await ui.connectFromHome("lab-dev");
  await ui.waitForRows("lab-dev's pods");
  await ui.connectFromHome("lab-staging");
  await ui.waitForRows("lab-staging's pods");
  const since = await liveSince();
  assert.deepEqual(Object.keys(since).sort(), ["lab-dev", "lab-staging"]);
  const countsBefore = await invoke("pool_counts");
  assert.ok(countsBefore.watchers >= 2, `a watcher per pods view, got ${JSON.stringify(countsBefore)}`);

  // A new page: the marker set before it is gone.
  await ui.reloadPage();
  await bothBack(since);
  const countsAfter = await invoke("pool_counts");
  assert.equal(countsAfter.connections, 2);
  // Re-attached, not doubled: the same watchers, each owned by the new page.
  assert.equal(countsAfter.watchers, countsBefore.watchers, JSON.stringify({ countsBefore, countsAfter }));
  fs.writeFileSync(path.join(artifacts, "e2e-reload-after.png"), await session.screenshot());
});

// One failed IPC fetch is all it takes: Tauri's ipc-protocol.js then answers every command by
// evaluating a script for the rest of the page's life (src/app/ipc-fallback.ts).
test("a page whose IPC fell back to evaluated answers reloads when the user pauses, keeping its clusters", async () => {
  const since = await liveSince();
  const answered = await session.executeAsync(`const done = arguments[arguments.length - 1];
    window.__kubeliMarker = "before the fallback";
    const fetch = window.fetch;
    window.fetch = () => { window.fetch = fetch; return Promise.reject(new TypeError("failed by the test")); };
    window.__TAURI_INTERNALS__.invoke("pool_counts", {}).then(done, (e) => done({ failed: String(e) }));`);
  assert.equal(typeof answered.connections, "number", `the command still answered, over postMessage: ${JSON.stringify(answered)}`);
  await session.waitFor("the page to reload after the fallback", async () => (await session.execute("return document.readyState === 'complete' && window.__kubeliMarker === undefined;")) === true, 30_000);
  const at = await session.execute("return sessionStorage.getItem('kubeli.ipcFallbackReloadAt');");
  assert.ok(Number(at) > 0, `the reload is remembered (${at})`);
  await bothBack(since);
});

// WebKitWebDriver ends its session with the web process it automated, so from here on the
// app is watched through what it logs and through the X display, not through WebDriver.
test("a killed web process is reloaded by the app and the clusters come back", async () => {
  const from = driver.output().length;
  const web = webProcesses(appPid());
  assert.ok(web.length >= 1, "the app has a WebKitWebProcess child");
  for (const pid of web) process.kill(pid, "SIGKILL");
  const logged = () => driver.output().slice(from);
  const deadline = Date.now() + 40_000;
  while (!/re-synced: 2 live connections/.test(logged()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const after = logged();
  assert.match(after, /web process ended \(it crashed or was killed\); reloading the page/);
  // The new page adopted both connections (it asks only when the backend holds some).
  assert.match(after, /a page loaded and re-synced: 2 live connections, [1-9]\d* watchers/);
  const fresh = webProcesses(appPid());
  assert.ok(fresh.length >= 1 && fresh.every((pid) => !web.includes(pid)), "a new web process serves the page");
  await new Promise((r) => setTimeout(r, 3_000));
  execFileSync("import", ["-window", "root", path.join(artifacts, "e2e-reload-after-kill.png")]);
  session = undefined; // its WebDriver session ended with the old web process
});
