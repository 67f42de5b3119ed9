// Real-app measures (P1, P6a, P6b, P7, P8a, P8b, P9a–P9e): the built Kubeli window under Xvfb,
// driven through tauri-driver, started with KUBELI_BENCH_HOOKS=1 so the page exposes its row
// model and first frames (src/lib/bench-hooks.ts). Times are taken inside the page.

import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startDriver, newSession } from "../e2e/webdriver.mjs";
import { kubeli, tab } from "../e2e/app.mjs";
import { control } from "./core.mjs";
import { appPss, describePss, newestProcessOf, processStartEpochMs, pssTree } from "./memory.mjs";
import { blankWebKitPss } from "./blank-webkit.mjs";
import { median, percentile, result } from "./report.mjs";
import * as page from "./page.mjs";

/** The page's frame times (between animation frames) over the next `ms`; `what` names them in a timeout. */
async function pageFrames(app, ms, what) {
  await app.session.execute(page.FRAMES_START, [ms]);
  await sleep(ms);
  return app.session.waitFor(what, () => app.session.execute(page.FRAMES_DONE, []), 60_000);
}

/**
 * How frame times read on the page's clock: 1 ms resolution here, so some frames of an idle page
 * read 17 ms; those of 18 ms or more are what work in the page (or the machine) added.
 */
export function frameFloor(frames) {
  const share = (ms) => ((100 * frames.filter((f) => f >= ms).length) / frames.length).toFixed(1);
  return `${frames.length} frames, p95 ${percentile(frames, 0.95)} ms, ${share(17)} % of them 17 ms or more, ${share(18)} % 18 ms or more`;
}

/**
 * A frame measure's peer: the same page's frames while nothing moves (`pageFrames`); the note
 * also gives a blank WebKitGTK page's frames, measured once per run before any app started
 * (`ctx.blankFrames`, bench README, "Frame times on this kind of machine").
 */
function idlePeer(ctx, idle) {
  const blank = ctx.blankFrames;
  return {
    peer: { name: "same page idle", value: percentile(idle, 0.95), unit: "ms" },
    idleNote: `idle before: ${frameFloor(idle)}; a blank WebKitGTK page (no app, the app's WebKit settings): ${blank?.frames ? frameFloor(blank.frames) : `not measured (${blank?.why ?? "not run"})`}`,
  };
}

/**
 * Starts the app with its own HOME and config folder under `dir` (kept across restarts). The
 * page's start-up timeline (P7's, which reads every row's layout each frame) is stopped at once
 * unless `timeline` is asked for, so it does not weigh on what is measured next.
 */
export async function openApp(ctx, dir, kubeconfig, { timeline = false } = {}) {
  fs.mkdirSync(path.join(dir, "home"), { recursive: true });
  const driver = await startDriver({
    env: { KUBECONFIG: kubeconfig, HOME: path.join(dir, "home"), KUBELI_CONFIG_DIR: path.join(dir, "config"), KUBELI_BENCH_HOOKS: "1" },
  });
  const session = await newSession(driver.url, ctx.app);
  const ui = kubeli(session);
  if (!timeline) await session.waitFor("the bench hooks", () => session.execute("return window.__kubeliBench ? (window.__kubeliBench.stopTimeline(), true) : false", []));
  return {
    session,
    ui,
    /** What the app logged so far (the last MiB). */
    output: () => driver.output(),
    async close() {
      await session.close();
      await driver.stop();
    },
  };
}

/**
 * Connects `context` from the home grid, shows all its namespaces and waits until the count shows
 * every pod the lab holds now (a storm's scaling changes the seeded number).
 */
async function connectWithPods(app, context, lab) {
  const pods = (await control(lab, `/clusters/${context}`, undefined, "GET")).pods;
  await app.ui.connectFromHome(context);
  await app.session.waitFor(`the namespace picker of ${context}`, async () => (await app.session.findAll('[data-testid="namespace-select"]')).length === 1);
  // Picked again while the count is not there: the app may still apply the context's own
  // namespace when its namespaces arrive.
  await app.session.waitFor(`${pods} pods of ${context}`, async () => {
    if (new RegExp(`^${pods}\\b`).test(await app.session.execute(page.COUNT, []))) return true;
    await app.session.execute(page.ALL_NAMESPACES, []);
    return false;
  }, 60_000);
}

/** Context → cluster id, from the tab bar. */
async function clusterIds(app) {
  return Object.fromEntries(await app.session.execute(`return [...document.querySelectorAll('[data-testid="cluster-tab"]')].map((t) => [t.dataset.context, t.dataset.clusterId]);`, []));
}

/** Row keys (`namespace/name`) of each cluster that no other cluster has. */
async function uniqueRowKeys(lab, contexts) {
  const keys = {};
  for (const c of contexts) keys[c] = (await control(lab, `/clusters/${c}/objects/pods`, undefined, "GET")).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  const count = new Map();
  for (const c of contexts) for (const k of keys[c]) count.set(k, (count.get(k) ?? 0) + 1);
  return Object.fromEntries(contexts.map((c) => [c, keys[c].filter((k) => count.get(k) === 1)]));
}

/** P8a, P8b, P1, P6a, P6b in one window over `lab` (10 clusters × ctx.pods pods). */
export async function manyClusters(ctx, lab, contexts, out) {
  // Before the app starts, so neither shares the other's library pages (PSS splits them).
  const blank = await blankWebKitPss(ctx.quick ? 3_000 : 8_000, ctx.app);
  console.error(`bench: P8a peer, a blank WebKitGTK window: ${blank.total === null ? "-" : blank.total.toFixed(0)} MB (${blank.parts})`);
  for (const line of blank.lines) console.error(`bench: P8a peer: ${line}`);
  // What starting JavaScriptCore adds to it: the least any page that runs script weighs here.
  const scripted = await blankWebKitPss(ctx.quick ? 3_000 : 8_000, ctx.app, { script: true });
  console.error(`bench: P8a, the blank window running one line of script: ${scripted.total === null ? "-" : scripted.total.toFixed(0)} MB (${scripted.parts})`);
  // A full run prints P8a without its peer when the window cannot run here; the smoke (in
  // `make test`, after `scripts/setup.sh` installed python3-gi) fails instead, so the peer cannot rot.
  if (ctx.quick && blank.total === null) throw new Error(`P8a's peer did not run (${blank.parts}); scripts/setup.sh installs python3-gi for it`);
  const app = await openApp(ctx, path.join(ctx.work, "many"), lab.kubeconfig);
  try {
    await app.session.waitFor("the cluster cards", async () => (await app.session.findAll('[data-testid="cluster-card"]')).length === contexts.length, 60_000);
    await sleep(ctx.quick ? 2_000 : 5_000);
    const idle = [];
    for (let i = 0; i < 3; i++) {
      idle.push(appPss(ctx.app));
      await sleep(1_000);
    }
    const idleMB = idle.map((m) => m.total);
    for (const line of describePss(ctx.app)) console.error(`bench: P8a idle: ${line}`);
    const peer = blank.total === null ? null : { name: "blank WebKitGTK window", value: Number(blank.total.toFixed(1)), unit: "MB" };
    out.push(result({
      id: "P8a", name: "whole-app PSS idle on the home page", value: median(idleMB), unit: "MB", target: "≤ 200 MB", check: (v) => v <= 200, samples: idleMB, smoke: ctx.quick,
      peer, ratio: peer ? median(idleMB) / peer.value : null, note: `${idle[0].parts}; the blank WebKitGTK window (same web view settings, read before the app started): ${blank.parts}; the same running one line of script: ${scripted.total === null ? scripted.parts : `${scripted.total.toFixed(1)} MB (${scripted.parts})`}`,
    }));

    const pss = [];
    for (const context of contexts) {
      console.error(`bench: connecting ${context}…`);
      await connectWithPods(app, context, lab);
      await sleep(ctx.quick ? 500 : 2_000);
      pss.push(appPss(ctx.app));
    }
    for (const line of describePss(ctx.app)) console.error(`bench: P8b at ${contexts.length}: ${line}`);
    const perCluster = (pss[pss.length - 1].total - pss[0].total) / (pss.length - 1);
    out.push(result({
      id: "P8b", name: `whole-app PSS growth per cluster with its ${ctx.pods}-pod view, 1 → ${contexts.length}`, value: perCluster, unit: "MB", target: "≤ 10 MB per cluster",
      check: (v) => v <= 10, samples: pss.map((m) => m.total), smoke: ctx.quick, note: `samples: PSS MB with 1…${contexts.length} clusters; at ${contexts.length}: ${pss[pss.length - 1].parts}`,
    }));

    out.push(await p1(ctx, app, lab, contexts));
    out.push(...(await p6(ctx, app, lab, contexts.slice(0, 5))));
  } finally {
    await app.close();
  }
}

/**
 * P1: Ctrl+Tab (pressed through WebDriver) then Ctrl+Shift+Tab (dispatched in the page, see
 * page.CTRL_SHIFT_TAB) among the connected clusters, keydown → first frame with the new cluster's rows.
 */
async function p1(ctx, app, lab, contexts) {
  const unique = await uniqueRowKeys(lab, contexts);
  const shared = contexts.filter((c) => unique[c].length === 0);
  await app.session.execute(page.P1_INSTALL, [unique]);
  const switches = ctx.quick ? 4 : 40;
  for (let i = 0; i < switches; i++) {
    if (i < switches / 2) await app.session.chord(["Control", "Tab"]);
    else await app.session.execute(page.CTRL_SHIFT_TAB, []);
    await app.session.waitFor(`switch ${i + 1}`, async () => (await app.session.execute("return window.__p1.samples.length", [])) > i, 15_000);
  }
  const samples = await app.session.execute("return window.__p1.samples", []);
  const missing = samples.filter((s) => s < 0).length;
  if (missing) throw new Error(`P1: ${missing} of ${switches} switches never painted the new cluster's rows within 10 s`);
  return result({
    id: "P1", name: `switch cluster (Ctrl+Tab, ${contexts.length} × ${ctx.pods} pods): keydown → rows painted, p95`, value: percentile(samples, 0.95), unit: "ms",
    target: "p95 ≤ 16.7 ms", check: (v) => v <= 16.7, samples, smoke: ctx.quick, note: `median ${median(samples).toFixed(1)} ms over ${switches} switches${shared.length ? `; no row name of their own (any row counted): ${shared.join(", ")}` : ""}`,
  });
}

/** P6a: frame times during a lab event storm on `storm` clusters; P6b: the row models equal the lab afterwards. */
async function p6(ctx, app, lab, storm) {
  const seconds = ctx.quick ? 3 : 30;
  const rv = async () => (await control(lab, "/clusters", undefined, "GET")).filter((c) => storm.includes(c.name)).reduce((s, c) => s + Number(c.resourceVersion), 0);
  await app.session.click(await app.ui.one(tab(storm[0])));
  await app.ui.waitAttr(tab(storm[0]), "data-active", "true");
  // Past the switch's after-work (the view hidden by it rests a second later, `kept-views.tsx`).
  await sleep(1_500);
  const { peer, idleNote } = idlePeer(ctx, await pageFrames(app, ctx.quick ? 1_000 : 10_000, "the idle page's frames"));
  const before = await rv();
  const started = Date.now();
  await control(lab, "/churn", { per_sec: 1000, clusters: storm });
  let frames;
  try {
    frames = await pageFrames(app, seconds * 1000, "the storm's frames");
  } finally {
    await control(lab, "/churn", undefined, "DELETE");
  }
  const rate = (await rv() - before) / ((Date.now() - started) / 1000);
  const p95 = percentile(frames, 0.95);
  const p6a = result({
    id: "P6a", name: `frame time during ~1,000 watch events/s over ${storm.length} clusters, ${seconds} s, p95`, value: p95, unit: "ms",
    target: "≤ 16.7 ms", check: (v) => v <= 16.7, samples: frames, smoke: ctx.quick, peer, ratio: p95 / peer.value,
    note: `the lab wrote ${rate.toFixed(0)} changes/s; ${frameFloor(frames)}, max ${Math.max(...frames).toFixed(1)} ms; ${idleNote}`,
  });

  // P6b: after the storm, each cluster's pods row model equals the lab's objects and resourceVersions.
  const ids = await clusterIds(app);
  const settleStarted = Date.now();
  let diffs;
  const wants = new Map();
  do {
    diffs = [];
    for (const context of storm) {
      const objects = await control(lab, `/clusters/${context}/objects/pods`, undefined, "GET");
      const key = (p) => `${p.metadata.namespace}/${p.metadata.name}`;
      const want = new Map(objects.map((p) => [key(p), p.metadata.resourceVersion]));
      wants.set(context, want);
      const rows = await app.session.execute(`return window.__kubeliBench.rows(arguments[0], "pods", null) ?? null`, [ids[context]]);
      diffs.push(page.rowDiff(want, rows, new Map(objects.map((p) => [key(p), p.metadata.creationTimestamp]))).map((d) => ({ ...d, context })));
    }
    if (diffs.every((d) => d.length === 0)) break;
    await sleep(1_000);
  } while (Date.now() - settleStarted < 30_000);
  const total = diffs.reduce((a, b) => a + b.length, 0);
  // Where else the lab holds a differing object (same namespace/name in another storm cluster):
  // tells a row that crossed clusters from one that missed its own cluster's change.
  const elsewhere = ({ context, key, text }) => {
    const others = storm.filter((c) => c !== context && wants.get(c)?.has(key)).map((c) => `${c} ${wants.get(c).get(key)}`);
    return `${context} ${text}${others.length ? ` (also in ${others.join(", ")})` : ""}`;
  };
  const examples = diffs.flat().slice(0, 8).map(elsewhere);
  // What the app logged that could explain a difference: events the window did not take in
  // time (the queue drops the oldest beyond its limit) or watch trouble.
  const logged = (pattern) => app.output().split("\n").filter((l) => pattern.test(l)).length;
  const explain = total ? `; the app logged ${logged(/oldest dropped/)} queue drops, ${logged(/WARN/)} warnings` : "";
  const p6b = result({
    id: "P6b", name: "after the storm: page row model = lab objects and resourceVersions", value: total, unit: "rows differing", target: "exact (0)",
    check: (v) => v === 0, samples: diffs.map((d) => d.length), smoke: false,
    note: total ? `checked ${storm.length} clusters for 30 s after the storm; e.g. ${examples.join("; ")}${explain}` : `checked ${storm.length} clusters; equal ${((Date.now() - settleStarted) / 1000).toFixed(1)} s after the storm`,
  });
  return [p6a, p6b];
}

/** A median in whole milliseconds, for notes. */
const ms = (values) => `${median(values).toFixed(0)} ms`;

/** P7: app start → tab bar and the active cluster's pods painted, `contexts` reconnected from saved state. */
export async function startup(ctx, lab, contexts) {
  const dir = path.join(ctx.work, "startup");
  const first = await openApp(ctx, dir, lab.kubeconfig);
  try {
    for (const context of contexts) await connectWithPods(first, context, lab);
    await sleep(1_500); // the saved state reaches the webview's storage
  } finally {
    await first.close();
  }
  const samples = [];
  // Where the time goes, from the process start: the page's navigation, its first frame, the
  // first frame with every tab (P7 itself is the first with rows too).
  const phases = { page: [], painted: [], tabs: [] };
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const app = await openApp(ctx, dir, lab.kubeconfig, { timeline: true });
    try {
      const startedAt = processStartEpochMs(newestProcessOf(ctx.app));
      let timeline = [];
      const frame = await app.session.waitFor(`${contexts.length} tabs and pods painted after a restart`, async () => {
        timeline = await app.session.execute("return window.__kubeliBench?.timeline ?? []", []);
        return timeline.find((f) => f.tabs >= contexts.length && f.rows > 0);
      }, 60_000);
      samples.push(frame.at - startedAt);
      phases.page.push((await app.session.execute("return performance.timeOrigin", [])) - startedAt);
      phases.painted.push(timeline[0].at - startedAt);
      phases.tabs.push(timeline.find((f) => f.tabs >= contexts.length).at - startedAt);
    } finally {
      await app.close();
    }
  }
  return result({
    id: "P7", name: `app start → tab bar and pods painted, ${contexts.length} clusters reconnected`, value: median(samples), unit: "ms", target: "≤ 1,500 ms",
    check: (v) => v <= 1500, samples, smoke: ctx.quick,
    note: `from the process start (/proc) to the first frame showing every tab and rows; medians from the start: the page's navigation ${ms(phases.page)}, its first frame ${ms(phases.painted)}, every tab ${ms(phases.tabs)}`,
  });
}

/** The columns P9c clicks, in turn: each twice (ascending, then descending), name last (back to the default). */
const SORTS = ["restarts", "restarts", "age", "age", "status", "status", "node", "node", "name", "name"];
/** P9d: how long the table scrolls, and by how much each frame (~6,000 px/s at 60 Hz: a fast wheel). */
const SCROLL_MS = 3_000;
const SCROLL_STEP = 100;

/** Backend RSS and PSS and the WebKit web process's PSS (MB) of the running app. */
function windowMemory(app) {
  const pid = newestProcessOf(app);
  const rows = pssTree(pid);
  const rss = Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  const backend = rows.find((r) => r.pid === String(pid))?.pss ?? 0;
  // `comm` is cut at 15 characters: "WebKitWebProces".
  const web = rows.filter((r) => /^WebKitWebProc/.test(r.name)).reduce((sum, r) => sum + r.pss, 0);
  return { rss, backend, web, total: rows.reduce((sum, r) => sum + r.pss, 0) };
}

/**
 * P9a: click the Pods nav → first rows of `pods` pods painted; P9b: filter keystroke → repainted;
 * P9c: header click → repainted sorted; P9d: frame times while scrolling; P9e: the window's memory.
 */
export async function bigView(ctx, lab, pods) {
  const opens = [];
  const keys = [];
  const sorts = [];
  const frames = [];
  const idle = [];
  const memory = [];
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const app = await openApp(ctx, path.join(ctx.work, `big-${i}`), lab.kubeconfig);
    try {
      await app.ui.connectFromHome("lab-dev");
      await app.session.click(await app.ui.one('[data-testid="nav-kind"][data-kind="nodes"]'));
      await app.ui.waitForRows("nodes");
      await app.session.execute(page.ALL_NAMESPACES, []);
      await sleep(500);
      opens.push(await app.session.executeAsync(page.OPEN_PODS, [pods]));
      await app.session.execute(page.P9B_INSTALL, []);
      const input = await app.ui.one('[data-testid="resource-filter"]');
      const typed = ["a", "p", "i", "\uE003", "\uE003", "\uE003", "w", "e", "b", "\uE003"];
      for (const [n, key] of typed.entries()) {
        await app.session.type(input, key);
        await app.session.waitFor(`filter keystroke ${n + 1}`, async () => (await app.session.execute("return window.__p9b.samples.length", [])) > n, 15_000);
      }
      keys.push(...(await app.session.execute("return window.__p9b.samples", [])));

      // P9c, P9d on the whole list again.
      await app.session.execute(page.SET_FILTER, [""]);
      await app.session.waitFor(`${pods} pods after clearing the filter`, async () => new RegExp(`^${pods}\\b`).test(await app.session.execute(page.COUNT, [])), 30_000);
      for (const column of SORTS) {
        sorts.push(await app.session.executeAsync(page.SORT_BY, [column]));
        await sleep(200);
      }
      idle.push(...(await pageFrames(app, ctx.quick ? 1_000 : SCROLL_MS, "the idle page's frames")));
      await app.session.execute(page.SCROLL_START, [SCROLL_MS, SCROLL_STEP]);
      await sleep(SCROLL_MS);
      const scrolled = await app.session.waitFor("the scroll's frames", () => app.session.execute(page.SCROLL_DONE, []), 30_000);
      frames.push(...scrolled.frames);
      memory.push(windowMemory(ctx.app));
    } finally {
      await app.close();
    }
  }
  if (opens.some((v) => v < 0) || keys.some((v) => v < 0) || sorts.some((v) => v < 0)) throw new Error(`P9: a measurement timed out (${opens} / ${keys} / ${sorts})`);
  const mb = (values) => values.map((v) => v.toFixed(0)).join(", ");
  const { peer, idleNote } = idlePeer(ctx, idle);
  const scrollP95 = percentile(frames, 0.95);
  return [
    result({ id: "P9a", name: `open ${pods} pods (all namespaces): click → first rows painted`, value: median(opens), unit: "ms", target: "≤ 300 ms", check: (v) => v <= 300, samples: opens, smoke: ctx.quick }),
    result({ id: "P9b", name: `filter keystroke → repainted, ${pods} pods, p95`, value: percentile(keys, 0.95), unit: "ms", target: "≤ 50 ms", check: (v) => v <= 50, samples: keys, smoke: ctx.quick, note: `median ${median(keys).toFixed(1)} ms` }),
    result({
      id: "P9c", name: `sort ${pods} pods: header click → repainted in the new order, p95`, value: percentile(sorts, 0.95), unit: "ms", target: "≤ 100 ms (#10 \"smooth\")",
      check: (v) => v <= 100, samples: sorts, smoke: ctx.quick, note: `median ${median(sorts).toFixed(1)} ms; columns ${SORTS.join(", ")}`,
    }),
    result({
      id: "P9d", name: `frame time while scrolling ${pods} pods (${SCROLL_STEP} px per frame, ${SCROLL_MS / 1000} s), p95`, value: scrollP95, unit: "ms", target: "≤ 16.7 ms",
      check: (v) => v <= 16.7, samples: frames, smoke: ctx.quick, peer, ratio: scrollP95 / peer.value,
      note: `${frameFloor(frames)}, median ${median(frames).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms; ${idleNote}`,
    }),
    result({
      id: "P9e", name: `memory of the ${pods}-pod window after P9a–P9d: whole-app PSS (info)`, value: median(memory.map((m) => m.total)), unit: "MB", target: "info", check: () => true,
      samples: memory.map((m) => m.total), info: true, smoke: ctx.quick,
      note: `backend RSS ${mb(memory.map((m) => m.rss))} MB, backend PSS ${mb(memory.map((m) => m.backend))} MB, web process PSS ${mb(memory.map((m) => m.web))} MB (per window)`,
    }),
  ];
}
