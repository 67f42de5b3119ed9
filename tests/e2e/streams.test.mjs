// Real-app E2E of logs, shells and port-forwards (issue #12) over two lab clusters, one app
// start: a log tab on lab-dev (A) and a shell on lab-staging (B); switching back and forth both
// keep working (new log lines arrive, the shell answers echo); a port-forward from A answers on
// localhost while B is active; after a page reload A's log comes back re-attached and, once the
// server cuts it, starts again with the request the backend listed; disconnecting A ends A's log
// stream and forward with a message while B's shell still works. Also measures, in the real app,
// the log throughput the view sustains with its frame times and the exec round trip (keystroke →
// echo in the DOM).
// Screenshots: artifacts/e2e-streams-*.png; numbers: artifacts/e2e-streams-measurements.json.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { tab } from "./app.mjs";
import { terminal } from "./terminal.mjs";
import { artifacts, openWorld } from "./world.mjs";

const A = "lab-dev";
const B = "lab-staging";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let world;
let lab;
let session;
let ui;
let terminalRows, typeInTerminal, shellEcho;
const measured = {};

const shot = (label) => world.shot(label);

async function showPods() {
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="pods"]'));
  await ui.waitAttr('[data-testid="resource-tab"][data-kind="pods"]', "data-active", "true");
  await ui.waitForRows("pods");
}

/** Clicks the first dock tab of `type` whose status is `status` (any when null); whether one was found. */
const clickDockTab = (type, status = null) =>
  session.execute(
    `const t = [...document.querySelectorAll('[data-testid="stream-tab"][data-type="' + arguments[0] + '"]')].find((e) => !arguments[1] || e.dataset.status === arguments[1]);
     if (!t) return false; t.querySelector('[role="tab"]').click(); return true;`,
    [type, status],
  );

const logState = () =>
  session.execute(`const v = document.querySelector('[data-testid="log-view"]'); return v ? { status: v.dataset.status, total: Number(v.dataset.total), stream: v.dataset.streamId, context: v.dataset.context } : null;`);

async function switchTo(context) {
  await session.click(await ui.one(tab(context)));
  await ui.waitAttr(tab(context), "data-active", "true");
}

before(async () => {
  world = await openWorld("streams", { lab: { clusters: 2, pods: 30 } });
  ({ lab, session, ui } = world);
  ({ rows: terminalRows, type: typeInTerminal, echo: shellEcho } = terminal(session));
});

after(async () => {
  if (Object.keys(measured).length) fs.writeFileSync(path.join(artifacts, "e2e-streams-measurements.json"), JSON.stringify(measured, null, 2));
  await world?.close();
});

let logPod;
let forwardPort;

test("a log tab on A and a shell on B keep working while switching back and forth", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 2);
  await ui.connectFromHome(A);
  await showPods();
  logPod = await ui.clickRunningRowButton("open-logs");
  await session.waitFor("A's log stream running", async () => (await logState())?.status === "running");
  await session.waitFor("A's first log lines", async () => (await logState()).total > 0);
  assert.equal((await logState()).context.endsWith(A), true);
  const header = await session.execute(`return document.querySelector('[data-testid="stream-header"]').textContent`);
  assert.match(header, new RegExp(`${A}.*${logPod}`), `the header names cluster and pod: ${header}`);
  await shot("logs-a");

  await ui.connectFromHome(B);
  await showPods();
  await ui.clickRunningRowButton("open-shell");
  await session.waitFor("B's shell running", async () => (await session.execute(`return [...document.querySelectorAll('[data-testid="terminal"]')].some((t) => t.offsetParent && t.dataset.status === "running")`)), 30_000);
  await shellEcho("hello-from-b-1");
  await shot("shell-b");

  // Back to A: its log kept growing while B was shown.
  const before = (await logState().catch(() => null))?.total ?? 0;
  await switchTo(A);
  const seen = await session.waitFor("A's log view again", logState);
  await session.waitFor("new lines on A", async () => (await logState()).total > Math.max(before, seen.total), 30_000);
  assert.equal((await logState()).status, "running");

  // And B again: the same terminal, its earlier output still there, and it still answers.
  await switchTo(B);
  await session.waitFor("B's earlier output kept", async () => (await terminalRows())?.some((r) => r.trim() === "hello-from-b-1"));
  await shellEcho("hello-from-b-2");
});

test("a port-forward from A answers on localhost while B is active", async () => {
  await switchTo(A);
  await ui.clickRunningRowButton("open-port-forward");
  const start = await session.waitFor("the port-forward dialog", async () => (await session.findAll('[data-testid="start-port-forward"]'))[0]);
  // A pod without declared ports offers a field: the lab answers on any port.
  const remote = await ui.one('[data-testid="port-forward-remote"]');
  if (!(await session.property(remote, "value"))) await session.type(remote, "8080");
  await session.waitFor("a local port preselected", async () => (await session.property(await ui.one('[data-testid="port-forward-local"]'), "value")) !== "");
  await shot("port-forward-dialog");
  await session.click(start);
  const row = await session.waitFor("the forward listed", async () => (await session.findAll('[data-testid="port-forward-row"]'))[0]);
  forwardPort = Number(await session.attribute(row, "data-local-port"));
  assert.ok(await session.attribute(row, "data-context").then((c) => c.endsWith(A)));
  await switchTo(B);
  const res = await fetch(`http://127.0.0.1:${forwardPort}/`, { signal: AbortSignal.timeout(10_000) });
  assert.ok(res.status < 500, `the forward answered ${res.status}`);
  await res.text();
  await shot("port-forward-list");
});

/** Clicks `testId` in the row of pod `name`; whether the row was in view. */
const clickRowOf = (name, testId) =>
  session.execute(
    `const row = [...document.querySelectorAll('[data-testid="resource-row"]')].find((r) => r.dataset.name === arguments[0]);
     const button = row?.querySelector('[data-testid="' + arguments[1] + '"]'); if (!button) return false; button.click(); return true;`,
    [name, testId],
  );

/** The shown shell tab's end message once it ended (null before). */
const shownShellEnd = () =>
  session.execute(
    `const t = [...document.querySelectorAll('[data-testid="terminal-tab"]')].find((e) => !e.classList.contains("hidden") && e.offsetParent !== null);
     const banner = t?.querySelector('[data-testid="stream-ended"]'); return banner ? banner.textContent : null;`,
  );

/** Closes every ended shell tab in view (the error cases' tabs), so later cases find B's shell. */
const closeEndedShells = () =>
  session.execute(`document.querySelectorAll('[data-testid="stream-tab"][data-type="shell"][data-status="ended"] [data-testid="stream-tab-close"]').forEach((b) => b.click());`);

test("errors in the real app: a shell into a container not running, exec forbidden, a local port in use — each names the cluster, nothing else disturbed", async () => {
  await switchTo(A);
  await showPods();
  const rows = await session.execute(
    `return [...document.querySelectorAll('[data-testid="resource-row"]')]
       .filter((r) => /Running/.test(r.querySelector('td[data-column="status"]')?.textContent ?? "") && r.querySelector('[data-testid="open-shell"]'))
       .map((r) => ({ name: r.dataset.name, namespace: r.dataset.namespace }))`,
  );
  const [waiting, other] = rows.filter((r) => r.name !== logPod);

  // Layout at 1440 px with the dock open: the row's stream buttons leave the Age column in view.
  const rect = await session.windowRect();
  await session.setWindowRect({ width: 1440, height: 900 });
  try {
    const age = await session.waitFor("the Age column laid out at 1440 px", () =>
      session.execute(
        `const th = document.querySelector('[data-testid="column-header"][data-column="age"]'); const table = document.querySelector('[data-testid="resource-scroll"]');
         if (!th || !table || window.innerWidth < 1400) return null;
         const a = th.getBoundingClientRect(), t = table.getBoundingClientRect(); return { right: Math.round(a.right), width: Math.round(a.width), visibleRight: Math.round(t.left + table.clientWidth) };`,
      ),
    );
    assert.ok(age.right <= age.visibleRight, `the Age column is in view at 1440 px: ${JSON.stringify(age)}`);
    await shot("pods-1440");
  } finally {
    await session.setWindowRect({ width: rect.width, height: rect.height });
  }
  assert.ok(waiting && other, `two Running pods besides ${logPod}: ${JSON.stringify(rows)}`);
  assert.ok(await clickDockTab("logs"));
  const logsBefore = await session.waitFor("A's log view", logState);

  // 1. A pod whose container is waiting (Pending, ContainerCreating): its shell tab ends with why.
  await lab.setPodPhase(A, waiting.namespace, waiting.name, "Pending");
  await session.waitFor(`${waiting.name} Pending in the table`, () =>
    session.execute(`const r = [...document.querySelectorAll('[data-testid="resource-row"]')].find((r) => r.dataset.name === arguments[0]); return /Pending|ContainerCreating/.test(r?.querySelector('td[data-column="status"]')?.textContent ?? "");`, [waiting.name]),
  );
  assert.ok(await clickRowOf(waiting.name, "open-shell"));
  const notRunning = await session.waitFor("the shell's start failure", shownShellEnd, 30_000);
  assert.match(notRunning, new RegExp(A), `names the cluster: ${notRunning}`);
  assert.match(notRunning, /is not running \(waiting: ContainerCreating\)/, `says the container is not running and why: ${notRunning}`);
  await shot("error-not-running");
  await closeEndedShells();
  await lab.setPodPhase(A, waiting.namespace, waiting.name, "Running");

  // 2. Exec forbidden (403 on pods/exec): the tab says so, naming the cluster.
  await lab.addFault(A, { fault: "forbid", resource: "pods/exec" });
  try {
    assert.ok(await clickRowOf(other.name, "open-shell"));
    const forbidden = await session.waitFor("the shell's 403", shownShellEnd, 30_000);
    assert.match(forbidden, new RegExp(A), `names the cluster: ${forbidden}`);
    assert.match(forbidden, /forbidden|403|not allowed|permission/i, `says exec is forbidden: ${forbidden}`);
    await shot("error-exec-forbidden");
  } finally {
    await lab.setFault(A, "none");
  }
  await closeEndedShells();

  // 3. A local port already taken (bound here first): the dialog says so and stays open.
  const blocker = net.createServer();
  await new Promise((r) => blocker.listen(0, "127.0.0.1", r));
  const taken = blocker.address().port;
  try {
    assert.ok(await clickRowOf(other.name, "open-port-forward"));
    const start = await session.waitFor("the port-forward dialog", async () => (await session.findAll('[data-testid="start-port-forward"]'))[0]);
    const remote = await ui.one('[data-testid="port-forward-remote"]');
    if (!(await session.property(remote, "value"))) await session.type(remote, "8080");
    await session.execute(
      `const input = document.querySelector('[data-testid="port-forward-local"]');
       Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, String(arguments[0]));
       input.dispatchEvent(new Event("input", { bubbles: true }));`,
      [taken],
    );
    await session.click(start);
    const error = await session.text(await session.waitFor("the port-in-use error", async () => (await session.findAll('[data-testid="port-forward-dialog-error"]'))[0]));
    assert.match(error, new RegExp(A), `names the cluster: ${error}`);
    assert.match(error, new RegExp(`${taken}.*in use|in use.*${taken}`), `names the port in use: ${error}`);
    await shot("error-port-in-use");
    await session.execute(`[...document.querySelectorAll('[data-testid="port-forward-dialog"] button')].find((b) => b.textContent.trim() === "Cancel").click();`);
    await session.waitFor("the dialog closed", async () => (await session.findAll('[data-testid="port-forward-dialog"]')).length === 0);
  } finally {
    blocker.close();
  }

  // Nothing else disturbed: A's forward still answers, A's log stream still runs, B's shell answers.
  const res = await fetch(`http://127.0.0.1:${forwardPort}/`, { signal: AbortSignal.timeout(10_000) });
  assert.ok(res.status < 500, `A's forward still answers: ${res.status}`);
  await res.text();
  assert.ok(await clickDockTab("logs"));
  await session.waitFor("A's log stream still running with new lines", async () => {
    const now = await logState();
    return now?.status === "running" && now.total > logsBefore.total;
  }, 30_000);
  await switchTo(B);
  assert.ok(await clickDockTab("shell", "running"));
  await shellEcho("after-errors-b");
});

test("in the real app: log throughput with frame times, exec round trip", async () => {
  // Throughput: batches of 1,000 lines (the backend's batch size) sent as stream://log events
  // of A's running log stream through Tauri's event system, as fast as the view keeps up,
  // while rAF deltas are recorded in the page.
  await switchTo(A);
  assert.ok(await clickDockTab("logs"));
  const { stream } = await session.waitFor("A's log view", logState);
  const result = await session.executeAsync(
    `const [stream, context, seconds, done] = arguments;
     (async () => {
     const deltas = []; let last = performance.now(); let running = true;
     const frame = (t) => { deltas.push(t - last); last = t; if (running) requestAnimationFrame(frame); };
     // Baseline: frame times for 2 s with the log view shown and only the lab's own lines.
     requestAnimationFrame(frame);
     await new Promise((r) => setTimeout(r, 2000));
     const idle = deltas.splice(0).sort((a, b) => a - b);
     const view = document.querySelector('[data-testid="log-view"]');
     const t0 = { ...(window.__kubeliLogTimings ?? {}) };
     const start = performance.now(); const startTotal = Number(view.dataset.total); let sent = 0;
     const lines = (n) => Array.from({ length: n }, (_, i) => ({ pod: "bench", container: "main", text: "bench line " + (sent + i) + " \\u001b[32mGET /api/items 200\\u001b[0m in 3ms" }));
     // Up to 3 batches in flight, one more each frame: the view, not one IPC round trip, sets the pace.
     let inFlight = 0;
     while (performance.now() - start < seconds * 1000) {
       if (inFlight < 3) {
         inFlight++;
         window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "stream://log", payload: { type: "logLines", id: stream, context, lines: lines(1000) } }).finally(() => inFlight--);
         sent += 1000;
       }
       await new Promise((r) => requestAnimationFrame(() => r()));
     }
     while (Number(view.dataset.total) - startTotal < sent && performance.now() - start < (seconds + 10) * 1000) await new Promise((r) => setTimeout(r, 50));
     running = false;
     const elapsed = (performance.now() - start) / 1000;
     const shown = Number(view.dataset.total) - startTotal;
     deltas.sort((a, b) => a - b);
     const pct = (p) => Math.round(deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))] * 10) / 10;
     const idlePct = (p) => Math.round(idle[Math.min(idle.length - 1, Math.floor(p * idle.length))] * 10) / 10;
     // Where the time goes: the app's own sums (buffer appends, view renders), and what parsing
     // one batch's JSON costs (Tauri's event transport parses each event's payload in the page).
     const t = window.__kubeliLogTimings ? { ...window.__kubeliLogTimings } : null;
     const timings = t && { batches: t.batches - t0.batches, appendMsPerBatch: (t.appendMs - t0.appendMs) / Math.max(1, t.batches - t0.batches), renders: t.renders - t0.renders, renderMsPerRender: (t.renderMs - t0.renderMs) / Math.max(1, t.renders - t0.renders) };
     const json = JSON.stringify({ type: "logLines", id: stream, context, lines: lines(1000) });
     const p0 = performance.now(); for (let i = 0; i < 20; i++) JSON.parse(json); const parseMsPerBatch = (performance.now() - p0) / 20;
     const round = (o) => o && Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 100) / 100]));
     done({ idleFrameMedianMs: idlePct(0.5), idleFrameP95Ms: idlePct(0.95), sent, shown, linesPerSecond: Math.round(shown / elapsed), frames: deltas.length, frameMedianMs: pct(0.5), frameP95Ms: pct(0.95), frameMaxMs: pct(1), domLines: document.querySelectorAll('[data-testid="log-line"]').length, batchJsonKB: Math.round(json.length / 1024), parseMsPerBatch: Math.round(parseMsPerBatch * 100) / 100, timings: round(timings) });
     })().catch((e) => done({ error: String(e) }));`,
    [stream, (await logState()).context, 5],
  );
  assert.equal(result.error, undefined, `the page script failed: ${result.error}`);
  measured.logThroughput = result;
  console.log("log throughput", JSON.stringify(result));
  assert.ok(result.shown >= result.sent * 0.99, `every line reached the buffer: ${JSON.stringify(result)}`);
  assert.ok(result.domLines < 400, `only lines in view are in the DOM: ${result.domLines}`);
  await shot("log-throughput");

  // Scrolling a full 100,000-line buffer: the buffer limit raised to 100,000, filled, then the
  // view scrolled from the end to the top in 300 steps (one per frame) with rAF deltas recorded.
  const scroll = await session.executeAsync(
    `const [stream, context, done] = arguments;
     (async () => {
     const select = document.querySelector('[data-testid="log-buffer-limit"]');
     Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(select, "100000");
     select.dispatchEvent(new Event("change", { bubbles: true }));
     const view = document.querySelector('[data-testid="log-view"]');
     const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
     let n = 0;
     while (Number(view.dataset.lines) < 100000) {
       await window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "stream://log", payload: { type: "logLines", id: stream, context, lines: Array.from({ length: 5000 }, () => ({ pod: "bench", container: "main", text: "fill line " + n++ + " \u001b[33mWARN\u001b[0m slow request" })) } });
       await frame();
     }
     const kept = Number(view.dataset.lines);
     // Paused, so the lab's own lines do not pull the view back to the end while it scrolls.
     document.querySelector('[data-testid="log-pause"]').click();
     const el = document.querySelector('[data-testid="log-scroll"]');
     await frame(); await frame();
     const steps = 300; const from = el.scrollHeight - el.clientHeight; const deltas = []; let last = performance.now();
     let maxDom = 0;
     for (let i = 1; i <= steps; i++) {
       el.scrollTop = Math.round(from * (1 - i / steps));
       await frame();
       const now = performance.now(); deltas.push(now - last); last = now;
       maxDom = Math.max(maxDom, document.querySelectorAll('[data-testid="log-line"]').length);
     }
     await frame(); await frame();
     const firstShown = Math.min(...[...document.querySelectorAll('[data-testid="log-line"]')].map((l) => Number(l.dataset.seq)));
     // The buffer is full: the oldest line kept is the total minus its 100,000 lines.
     const firstKept = Number(view.dataset.total) - kept;
     document.querySelector('[data-testid="log-pause"]').click();
     deltas.sort((a, b) => a - b);
     const pct = (p) => Math.round(deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))] * 10) / 10;
     done({ lines: kept, steps, pxPerStep: Math.round(from / steps), frameMedianMs: pct(0.5), frameP95Ms: pct(0.95), frameMaxMs: pct(1), maxDomLines: maxDom, firstSeqShown: firstShown, firstSeqKept: firstKept });
     })().catch((e) => done({ error: String(e) }));`,
    [stream, (await logState()).context],
  );
  assert.equal(scroll.error, undefined, `the page script failed: ${scroll.error}`);
  measured.logScroll100k = scroll;
  console.log("log scroll over 100,000 lines", JSON.stringify(scroll));
  assert.equal(scroll.lines, 100000, `the buffer holds 100,000 lines: ${JSON.stringify(scroll)}`);
  assert.ok(scroll.maxDomLines < 400, `only lines in view are in the DOM while scrolling: ${scroll.maxDomLines}`);
  assert.ok(Math.abs(scroll.firstSeqShown - scroll.firstSeqKept) < 50, `scrolled to the top shows the oldest kept lines: ${JSON.stringify(scroll)}`);
  await shot("log-scroll-top");

  // Exec round trip: Enter pressed → the command's output row in the DOM, 10 times.
  await switchTo(B);
  const rtts = [];
  for (let i = 0; i < 10; i++) {
    const marker = `rtt-${i}-${Date.now() % 100000}`;
    await typeInTerminal(`echo ${marker}`);
    await sleep(300);
    await session.execute(
      `const marker = arguments[0]; window.__rtt = { t0: 0, t1: 0 };
       const screen = [...document.querySelectorAll('[data-testid="terminal"]')].find((t) => t.offsetParent);
       document.addEventListener("keydown", function down() { window.__rtt.t0 = performance.now(); document.removeEventListener("keydown", down, true); }, true);
       const observer = new MutationObserver(() => { if (window.__rtt.t0 && [...screen.querySelectorAll('.xterm-rows > div')].some((r) => r.textContent.trim() === marker)) { window.__rtt.t1 = performance.now(); observer.disconnect(); } });
       observer.observe(screen, { subtree: true, childList: true, characterData: true });`,
      [marker],
    );
    await typeInTerminal("\uE007"); // Enter
    const r = await session.waitFor(`echo ${marker}`, async () => {
      const v = await session.execute("return window.__rtt");
      return v.t1 ? v : null;
    });
    rtts.push(Math.round((r.t1 - r.t0) * 10) / 10);
  }
  rtts.sort((a, b) => a - b);
  measured.execRoundTripMs = { samples: rtts, median: rtts[5], max: rtts[9] };
  console.log("exec round trip ms", JSON.stringify(measured.execRoundTripMs));
});

test("after a page reload A's log is re-attached, and once the server cuts it, starts again with its request", async () => {
  await switchTo(A);
  await ui.reloadPage();
  await session.waitFor("A's log re-attached", async () => (await clickDockTab("logs")) && (await logState())?.status === "running", 30_000);
  assert.equal((await session.findAll('[data-testid="log-view"] [data-testid="stream-reattached"]')).length, 1, "the tab says it was re-attached");
  // The server cuts every stream of A: the log ends, naming A, and offers to start again.
  await lab.addFault(A, { fault: "cut_streams", after_bytes: 0 });
  await session.waitFor("A's log cut", async () => (await logState())?.status === "ended", 30_000);
  await lab.setFault(A, "none");
  const ended = await session.waitFor("the end message", async () => (await session.findAll('[data-testid="log-view"] [data-testid="stream-ended"]'))[0]);
  assert.match(await session.text(ended), new RegExp(`${A}.*Start again$`), "names the cluster, then the button");
  await session.click(await ui.one('[data-testid="log-view"] [data-testid="stream-restart"]'));
  // The same pod and options, from the request the backend listed: running, with lines, no longer re-attached.
  await session.waitFor("A's log running again with lines", async () => {
    const state = await logState();
    return state?.status === "running" && state.total > 0;
  }, 30_000);
  assert.equal((await session.findAll('[data-testid="log-view"] [data-testid="stream-reattached"]')).length, 0);
  const header = await session.execute(`return document.querySelector('[data-testid="stream-header"]').textContent`);
  assert.match(header, new RegExp(`${A}.*${logPod}`), `the header names cluster and pod: ${header}`);
  await shot("a-log-restarted-after-reload");
});

test("disconnecting A ends A's log stream and forward with a message; B's shell still works", async () => {
  await switchTo(B);
  await session.click(await ui.one(`${tab(A)} [data-testid="cluster-tab-close"]`));
  await session.waitFor(`${A} disconnected`, async () => (await session.findAll(tab(A))).length === 0);
  // A's ended log tab stays in view (with its cluster named) until closed.
  await session.waitFor("A's log tab ended", () => clickDockTab("logs", "ended"));
  const banner = await session.waitFor("the end message", async () => (await session.findAll('[data-testid="stream-ended"]'))[0]);
  const message = await session.text(banner);
  assert.match(message, new RegExp(A), `the message names the cluster: ${message}`);
  assert.equal((await session.findAll('[data-testid="log-view"] [data-testid="stream-restart"]')).length, 0, "no Start again while A is disconnected");
  await shot("a-disconnected");

  // The forward ended too, with its message, and no longer answers.
  await session.click(await ui.one('[data-testid="stream-tab-forwards"]'));
  await session.click(await ui.one('[data-testid="port-forward-all"]'));
  const row = await session.waitFor("A's forward ended", async () => {
    const rows = await session.findAll(`[data-testid="port-forward-row"][data-local-port="${forwardPort}"]`);
    return rows.length && (await session.attribute(rows[0], "data-state")) === "ended" ? rows[0] : null;
  });
  assert.match(await session.text(row), new RegExp(A));
  await assert.rejects(fetch(`http://127.0.0.1:${forwardPort}/`, { signal: AbortSignal.timeout(3_000) }));

  // B's shell: pick its tab again and it still answers.
  assert.ok(await clickDockTab("shell"));
  await shellEcho("still-here-b");
  await shot("b-still-works");
  // Its session exits; a new one starts in the same tab, under the old screen, and answers.
  await typeInTerminal("exit\n");
  const ended = await session.waitFor("B's shell ended", async () => (await session.findAll('[data-testid="terminal-tab"]:not(.hidden) [data-testid="stream-ended"]'))[0]);
  assert.match(await session.text(ended), /exited with code 0New session$/, "the code once, then the button");
  await shot("b-shell-exited");
  await session.click(await ui.one('[data-testid="terminal-tab"]:not(.hidden) [data-testid="stream-restart"]'));
  // Typed at once, while the session starts: the keys go to it once it has.
  await shellEcho("new-session-b");
  assert.ok((await terminalRows()).some((r) => r.trim() === "still-here-b"), "the old screen stays above the new session");
  await shot("b-new-session");
});
