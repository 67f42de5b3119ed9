// A client of WebKitGTK's own Web Inspector for the app's page: the app started with
// `WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:PORT` serves the inspector protocol over a WebSocket
// (`/socket/CONNECTION/TARGET/WebPage`, as its page at `/` lists it). Commands for the page go
// through `Target.sendMessageToTarget` to its page target; answers come back wrapped in
// `Target.dispatchMessageFromTarget`. WebKitWebDriver drives the app through the same remote
// inspector, so the two cannot be used together: with this server on, a WebDriver session never
// starts. Used by `heap-census.mjs`.

import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";

/**
 * Connects to the page at `host` ("127.0.0.1:PORT"), waiting up to `waitMs` while the app starts.
 * It connects only to a page the server lists: a WebSocket opened before the page is inspectable
 * made the app crash (SIGSEGV, WebKitGTK 2.50) in one `make test` run.
 */
export async function connectInspector(host, waitMs = 30_000) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const listing = await (await fetch(`http://${host}/`)).text();
      const socket = listing.match(/\/socket\/\d+\/\d+\/WebPage/)?.[0];
      if (socket) return await open(`ws://${host}${socket}`);
      throw new Error("no inspectable page listed yet");
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no Web Inspector at ${host} within ${waitMs / 1000} s: ${error.message}`, { cause: error });
      await sleep(300);
    }
  }
}

function open(url) {
  return new Promise((resolve, reject) => {
    // A heap snapshot of a page with ten clusters is a ~50 MB message.
    const ws = new WebSocket(url, { maxPayload: 1 << 30 });
    const pending = new Map();
    const waiting = new Map(); // event name → resolve of the next one
    let target = null;
    let next = 1;
    ws.on("error", reject);
    ws.on("close", () => {
      if (target === null) reject(new Error("the inspector closed before the page target was announced"));
      for (const done of pending.values()) done({ error: { message: "the inspector connection closed" } });
      pending.clear();
    });
    ws.on("message", (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === "Target.targetCreated" && message.params.targetInfo.type === "page" && target === null) {
        target = message.params.targetInfo.targetId;
        resolve(client);
      } else if (message.method === "Target.dispatchMessageFromTarget") {
        const inner = JSON.parse(message.params.message);
        if (inner.method && waiting.has(inner.method)) {
          waiting.get(inner.method)(inner.params);
          waiting.delete(inner.method);
        }
        const done = pending.get(inner.id);
        if (done) {
          pending.delete(inner.id);
          done(inner);
        }
      }
    });
    const call = (method, params = {}) =>
      new Promise((done, fail) => {
        const id = next++;
        pending.set(id, (answer) => (answer.error ? fail(new Error(`${method}: ${answer.error.message}`)) : done(answer.result)));
        ws.send(JSON.stringify({ id, method: "Target.sendMessageToTarget", params: { targetId: target, message: JSON.stringify({ id, method, params }) } }));
      });
    const client = {
      call,
      /** Runs `body` (a function body, may `return`) in the page; its value, or throws with the page's error. */
      async evaluate(body) {
        const answer = await call("Runtime.evaluate", { expression: `(() => { ${body} })()`, returnByValue: true });
        if (answer.wasThrown) throw new Error(`in the page: ${answer.result?.description ?? JSON.stringify(answer.result)}`);
        return answer.result.value;
      },
      /** Polls `body` until it returns something truthy. */
      async until(what, body, timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const value = await client.evaluate(body);
          if (value) return value;
          if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
          await sleep(200);
        }
      },
      /** A full collection, then JavaScriptCore's heap snapshot (parsed). */
      async heapSnapshot() {
        await call("Heap.enable");
        await call("Heap.gc");
        const { snapshotData } = await call("Heap.snapshot");
        await call("Heap.disable");
        return JSON.parse(snapshotData);
      },
      /**
       * WebKit's own account of the page's memory (bytes), one sample of its resource-usage
       * thread: on Linux `javascript` (the JavaScriptCore heap's blocks, live or not, and memory
       * its cells hold outside it) and `other` (the rest of the web process's dirty memory).
       */
      async memory() {
        const update = new Promise((resolve) => waiting.set("Memory.trackingUpdate", resolve));
        await call("Memory.enable");
        await call("Memory.startTracking");
        const { event } = await update;
        await call("Memory.stopTracking");
        await call("Memory.disable");
        return Object.fromEntries(event.categories.map((c) => [c.type, c.size]));
      },
      close: () => ws.close(),
    };
  });
}

/**
 * What a snapshot holds, shallow sizes (bytes) summed: by cell class, and for strings, plain
 * objects and arrays also by the name of the first edge found pointing at each (`labels`,
 * `creationTimestamp`, `[i] of Array`…), which says which fields of which structures they are.
 */
export function censusOf(snapshot) {
  const { nodes, edges, nodeClassNames, edgeTypes, edgeNames } = snapshot;
  if (snapshot.version !== 3 && snapshot.version !== 2) throw new Error(`heap snapshot version ${snapshot.version} not known`);
  const FIELDS = 4; // id, size, class index, flags
  const kind = new Map();
  const size = new Map();
  const byClass = {};
  let total = 0;
  for (let i = 0; i < nodes.length; i += FIELDS) {
    const [id, bytes, cls] = [nodes[i], nodes[i + 1], nodeClassNames[nodes[i + 2]]];
    kind.set(id, cls);
    size.set(id, bytes);
    total += bytes;
    add(byClass, cls, bytes);
  }
  const owned = new Set(["string", "Object", "Array"]);
  const named = new Set();
  const byField = {};
  for (let i = 0; i < edges.length; i += 4) {
    const [from, to, type, name] = [edges[i], edges[i + 1], edgeTypes[edges[i + 2]], edges[i + 3]];
    const cls = kind.get(to);
    if (!owned.has(cls) || named.has(to)) continue;
    named.add(to);
    const field = type === "Index" ? `[i] of ${kind.get(from)}` : type === "Property" || type === "Variable" ? edgeNames[name] : `(${type.toLowerCase()})`;
    add(byField, `${cls} ${field}`, size.get(to));
  }
  return { total, byClass, byField };
}

function add(map, key, bytes) {
  const entry = (map[key] ??= { count: 0, bytes: 0 });
  entry.count++;
  entry.bytes += bytes;
}
