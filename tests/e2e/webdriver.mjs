// A minimal W3C WebDriver client for driving the real Kubeli window through tauri-driver.
// Every request has a timeout: without a display, WebKitWebDriver hangs instead of failing.

import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";

const ELEMENT = "element-6066-11e4-a29e-4cb4-e5b1ba9a1f5c";
// W3C WebDriver key codes for the modifiers and named keys the tests press.
const KEYS = { Control: "\uE009", Shift: "\uE008", Alt: "\uE00A", Tab: "\uE004", Escape: "\uE00C", Enter: "\uE007", Space: "\uE00D", ArrowLeft: "\uE012", ArrowRight: "\uE014" };

// tauri-driver's proxy now and then resets a reused connection to WebKitWebDriver (it logs
// "client error (SendRequest) … Connection reset by peer"): the request gets no answer at all,
// while the session is fine and the same request sent again succeeds. Only that failure class
// is retried, a bounded number of times; a WebDriver error answer or a timeout never is.
const TRIES = 3;
let retried = 0;

/** True when `e` is fetch's "the connection closed without a response" failure. */
export function isConnectionReset(e) {
  if (!(e instanceof TypeError) || e.message !== "fetch failed") return false;
  const cause = e.cause ?? {};
  return ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"].includes(cause.code) || /other side closed|socket hang up|reset/i.test(String(cause.message));
}

/** How many requests this process has sent again after a connection reset. */
export function retriedRequests() {
  return retried;
}

async function sendOnce(base, method, path, body, timeoutMs) {
  return fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

export async function request(base, method, path, body, timeoutMs = 60_000, send = sendOnce) {
  let res;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await send(base, method, path, body, timeoutMs);
      break;
    } catch (e) {
      if (e?.name === "TimeoutError") throw new Error(`WebDriver ${method} ${path} got no answer within ${timeoutMs / 1000} s`, { cause: e });
      if (!isConnectionReset(e) || attempt >= TRIES) throw e;
      retried++;
      process.stderr.write(`webdriver: ${method} ${path} lost its connection (${e.cause?.code ?? e.cause?.message}); sending it again (try ${attempt + 1} of ${TRIES})\n`);
    }
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path} failed (${res.status}): ${v.error ?? ""} ${v.message ?? ""}`);
  }
  return json.value;
}

/** A TCP port nothing listens on right now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => { s.destroy(); resolve(true); });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/**
 * Start tauri-driver (which starts WebKitWebDriver, which starts the app) and return a handle
 * to stop it. `env` reaches the app this way: tauri-driver 2.1 ignores `tauri:options.env`.
 *
 * The driver runs in its own process group and `stop()` ends the whole group, so an app
 * window whose session did not close cleanly cannot outlive the test. Its output is piped
 * (not inherited): a straggler holding the test runner's stdout would keep the run open.
 */
export async function startDriver({ driver = "tauri-driver", env = {} } = {}) {
  // Fresh ports each time: a restarted driver never races the last one's sockets.
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn(driver, ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
    detached: true,
  });
  // Kept (the last MiB) so a test can read what the app logged.
  let output = "";
  const keep = (chunk) => {
    process.stderr.write(chunk);
    output = (output + chunk.toString()).slice(-1_048_576);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.on("error", (e) => { throw new Error(`cannot start ${driver}: ${e.message}`); });
  await waitForPort(port, 20_000);
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    /** tauri-driver's process id: the app runs under it (reload.test.mjs finds its web process). */
    pid: child.pid,
    /** What the driver and the app under it printed so far (the last MiB). */
    output: () => output,
    async stop() {
      signalGroup("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      // Whatever ignored SIGTERM (the driver, WebKitWebDriver or the app) ends now.
      await sleep(500);
      signalGroup("SIGKILL");
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
}

/** A WebDriver session on the Kubeli binary at `application` (absolute path). */
export async function newSession(driverUrl, application) {
  const caps = {
    capabilities: {
      alwaysMatch: {
        browserName: "wry",
        "tauri:options": { application },
      },
    },
  };
  // tauri-driver answers before WebKitWebDriver behind it listens: retry the first request
  // while the connection is refused, for up to 20 s.
  let value;
  for (let attempt = 0; ; attempt++) {
    try {
      value = await request(driverUrl, "POST", "/session", caps, 90_000);
      break;
    } catch (e) {
      const starting = /fetch failed|ECONNREFUSED|Connection refused|\(5\d\d\)/.test(String(e?.message) + String(e?.cause));
      if (!starting || attempt >= 20) throw e;
      await sleep(1_000);
    }
  }
  const base = `${driverUrl}/session/${value.sessionId}`;
  const session = {
    async findAll(css) {
      const found = await request(base, "POST", "/elements", { using: "css selector", value: css });
      return found.map((e) => e[ELEMENT] ?? Object.values(e)[0]);
    },
    async attribute(el, name) {
      return request(base, "GET", `/element/${el}/attribute/${name}`);
    },
    async property(el, name) {
      return request(base, "GET", `/element/${el}/property/${name}`);
    },
    async text(el) {
      return request(base, "GET", `/element/${el}/text`);
    },
    async click(el) {
      return request(base, "POST", `/element/${el}/click`, {});
    },
    async type(el, text) {
      return request(base, "POST", `/element/${el}/value`, { text });
    },
    /** Press a key chord such as ["Control", "2"] through the W3C actions API. */
    async chord(keys) {
      const codes = keys.map((k) => KEYS[k] ?? k);
      const actions = [
        ...codes.map((value) => ({ type: "keyDown", value })),
        ...codes.reverse().map((value) => ({ type: "keyUp", value })),
      ];
      await request(base, "POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
      await request(base, "DELETE", "/actions");
    },
    /** Moves the mouse to (x, y) in the viewport, pressing nothing: what is under it is hovered. */
    async hover(x, y) {
      const actions = [{ type: "pointerMove", origin: "viewport", x: Math.round(x), y: Math.round(y), duration: 0 }];
      await request(base, "POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }] });
    },
    /** Presses the left mouse button at (x, y) in the viewport, moves it by `dx` in steps, releases. */
    async dragBy(x, y, dx) {
      const steps = [10, dx / 2, dx].map((to, i, all) => ({ type: "pointerMove", origin: "pointer", x: Math.round(to - (i ? all[i - 1] : 0)), y: 0, duration: 150 }));
      const actions = [
        { type: "pointerMove", origin: "viewport", x: Math.round(x), y: Math.round(y), duration: 0 },
        { type: "pointerDown", button: 0 },
        { type: "pause", duration: 100 },
        ...steps,
        { type: "pause", duration: 100 },
        { type: "pointerUp", button: 0 },
      ];
      await request(base, "POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }] });
      await request(base, "DELETE", "/actions");
    },
    async execute(script, args = []) {
      return request(base, "POST", "/execute/sync", { script, args });
    },
    /** Run an async script in the page; it calls its last argument with the result. */
    async executeAsync(script, args = []) {
      return request(base, "POST", "/execute/async", { script, args });
    },
    async screenshot() {
      // WebKitGTK hands back the last painted frame: give a fresh render time to reach it.
      await sleep(700);
      return Buffer.from(await request(base, "GET", "/screenshot"), "base64");
    },
    /** Poll until `fn` returns a truthy value or the timeout passes. */
    async waitFor(what, fn, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last;
      while (Date.now() < deadline) {
        try {
          last = await fn();
          if (last) return last;
        } catch (e) {
          last = e;
        }
        await sleep(200);
      }
      throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    },
    /** The app window's position and size (W3C Get Window Rect). */
    async windowRect() {
      return request(base, "GET", "/window/rect");
    },
    /** Move and resize the app window (W3C Set Window Rect). */
    async setWindowRect(rect) {
      return request(base, "POST", "/window/rect", rect);
    },
    /** Ends the session and prints how many requests of this file were sent again. */
    async close() {
      await request(base, "DELETE", "", undefined, 20_000).catch(() => {});
      console.log(`webdriver: ${retried} requests retried after a connection reset`);
    },
  };
  return session;
}
