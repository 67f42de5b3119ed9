// Real-app E2E: the web process is given back once every cluster is gone. With a cluster
// connected the backend refuses to recycle the web process; after disconnecting it, asking
// again (what the page does after 30 s idle, see src/app/web-recycle.ts) ends the web process
// over its ceiling (set to 1 MiB here), and the app loads the page again in a fresh one.
// WebKitWebDriver's session ends with the process it automated, so the end is watched through
// the app's log and /proc, and the last screenshot is taken from the X display.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appPid as appUnder, webProcesses } from "./procs.mjs";
import { appBinary as app, artifacts, openWorld } from "./world.mjs";

let world;

/** Calls a backend command from the page, as the UI does. */
const invoke = (cmd, args = {}) =>
  world.session.executeAsync("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ failed: String(e?.message ?? e) }));", [cmd, args]);

before(async () => {
  world = await openWorld("recycle", { lab: { clusters: 1, pods: 20 }, env: { KUBELI_WEB_RECYCLE_MIB: "1", KUBELI_WEB_RECYCLE_UNDER_AUTOMATION: "1" } });
});

after(() => world?.close({ lastShot: false }));

test("a connected cluster keeps the web process; with nothing connected an idle one over its ceiling is recycled and the page comes back", async () => {
  const { session, ui, driver } = world;
  await session.waitFor("the lab's card", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 1);
  await ui.connectFromHome("lab-dev");
  await ui.waitForRows("lab-dev's pods");
  const kept = await invoke("recycle_web_view");
  assert.equal(kept.recycled, false, `refused while lab-dev is connected: ${JSON.stringify(kept)}`);
  assert.equal(kept.ceilingMib, 1);
  assert.ok(kept.webPssMib > 1, `the web process measured: ${JSON.stringify(kept)}`);

  const [live] = await invoke("connected_clusters");
  await invoke("disconnect", { context: live.context });
  await session.waitFor("the home grid again", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 1);
  const appPid = appUnder(driver.pid, app);
  const web = webProcesses(appPid);
  assert.ok(web.length >= 1, "the app has a WebKitWebProcess child");
  // The JSC options the app sets before GTK starts (src-tauri/src/startup_env.rs) reach the web process.
  const environ = fs.readFileSync(`/proc/${web[0]}/environ`, "latin1").split("\0");
  assert.ok(environ.includes("JSC_heapGrowthMaxIncrease=0.5") && environ.includes("JSC_largeHeapSize=8388608"), `the web process's JSC heap options: ${environ.filter((v) => v.startsWith("JSC_"))}`);
  assert.ok(environ.includes("JSC_useDFGJIT=0"), `the web process's optimizing JIT off: ${environ.filter((v) => v.startsWith("JSC_"))}`);
  // Compositing is off from the web process's start, so it runs no threaded compositor (with
  // the policy set only after the page loaded it did, with Mesa's rasteriser threads).
  assert.ok(environ.includes("WEBKIT_DISABLE_COMPOSITING_MODE=1"), "the web process started with compositing off");
  const threads = fs.readdirSync(`/proc/${web[0]}/task`).map((t) => fs.readFileSync(`/proc/${web[0]}/task/${t}/comm`, "utf8").trim());
  assert.ok(!threads.some((name) => /Compositor|llvmpipe/.test(name)), `the web process's threads: ${threads.join(", ")}`);
  // With software GL only (no DRM render node, as under Xvfb in a VM) the app process loads no
  // GL driver; where a GPU is present GTK and WebKit keep their own GL setup.
  const gpu = fs.existsSync("/dev/dri") && fs.readdirSync("/dev/dri").some((name) => name.startsWith("renderD"));
  assert.equal(environ.includes("GDK_GL=disable") && environ.includes("WEBKIT_DISABLE_DMABUF_RENDERER=1"), !gpu, `GL kept out of the app process ${gpu ? "only without a GPU" : "without a GPU"}`);
  const gl = fs.readFileSync(`/proc/${appPid}/maps`, "utf8").split("\n").filter((line) => /libLLVM|_dri\.so/.test(line));
  if (!gpu) assert.deepEqual(gl, [], "the app process maps no GL driver");
  const from = driver.output().length;
  // The page never hears the answer: it ends with its process.
  invoke("recycle_web_view").catch(() => {});
  const logged = () => driver.output().slice(from);
  const deadline = Date.now() + 40_000;
  while (!/web process ended \(it was ended by the app\); reloading the page/.test(logged()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.match(logged(), /nothing connected and the web process holds \d+ MiB \(ceiling 1\): recycling it/);
  assert.match(logged(), /web process ended \(it was ended by the app\); reloading the page/);
  await new Promise((r) => setTimeout(r, 3_000));
  const fresh = webProcesses(appPid);
  assert.ok(fresh.length >= 1 && fresh.every((pid) => !web.includes(pid)), `a new web process serves the page (${web} → ${fresh})`);
  execFileSync("import", ["-window", "root", path.join(artifacts, "e2e-recycle-after.png")]);
  world.session = null; // its WebDriver session ended with the old web process
});
