// The bench's blank WebKitGTK window (`blank-webkit.py`), started with the environment the app
// sets for its own WebKit (`kubeli --webkit-env`, one list): P8a's peer (its memory, blank and
// running one line of script) and the reference for P6a and P9d (the animation frames of a page
// with nothing to do).

import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describeTree, pssTree } from "./memory.mjs";
import { FRAMES_START } from "./page.mjs";

const SCRIPT = path.join(import.meta.dirname, "blank-webkit.py");

/** Starts the window with `args`, writing `input` to its standard input when given. */
function startBlank(app, args, input) {
  const appEnv = Object.fromEntries(execFileSync(app, ["--webkit-env"], { encoding: "utf8" }).split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
  const child = spawn("/usr/bin/python3", [SCRIPT, ...args], { env: { ...process.env, ...appEnv }, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  if (input !== undefined) child.stdin.end(input);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise((resolve) => child.on("exit", resolve).on("error", resolve));
  const failure = () => `the blank window did not run: ${stderr.trim().split("\n").at(-1) || "no output"}`;
  return { child, exited, stdout: () => stdout, failure };
}

/**
 * P8a's peer: PSS (MB) of the blank window (Debian's Python and its GObject bindings, WebKit's
 * web and network processes below it), read after `settleMs`; with `script`, of the same page
 * running one line of JavaScript. `null` with the reason where it cannot run.
 */
export async function blankWebKitPss(settleMs, app, { script = false } = {}) {
  const blank = startBlank(app, script ? ["--script"] : []);
  try {
    const early = await Promise.race([blank.exited.then(() => true), sleep(settleMs).then(() => false)]);
    if (early) return { total: null, parts: blank.failure(), lines: [] };
    const rows = pssTree(String(blank.child.pid));
    // By mapping kind too, to set beside the app's own lines (where P8a's difference is).
    return { total: rows.reduce((sum, r) => sum + r.pss, 0), parts: rows.map((r) => `${r.name} ${r.pss.toFixed(0)}`).join(", "), lines: describeTree(String(blank.child.pid)) };
  } finally {
    blank.child.kill();
    await blank.exited;
  }
}

/**
 * The blank page's frame times (ms between animation frames) over `ms`, measured by the same
 * loop as the app's page (`FRAMES_START`). `frames` is null, with `why`, where it cannot run.
 */
export async function blankWebKitFrames(ms, app) {
  const blank = startBlank(app, ["--frames", String(ms)], FRAMES_START);
  const limit = ms + 30_000;
  const done = await Promise.race([blank.exited.then(() => true), sleep(limit).then(() => false)]);
  if (!done) {
    blank.child.kill();
    await blank.exited;
    return { frames: null, why: `the blank window gave no frame times within ${limit / 1000} s` };
  }
  try {
    const frames = JSON.parse(blank.stdout());
    if (Array.isArray(frames) && frames.length) return { frames };
  } catch {
    // reported below
  }
  return { frames: null, why: blank.failure() };
}
