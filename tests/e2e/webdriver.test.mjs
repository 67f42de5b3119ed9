// The WebDriver client's retry, against a real HTTP server on loopback that drops connections
// the way tauri-driver's proxy does: a reset is sent again (bounded), an error answer never is.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { request, retriedRequests } from "./webdriver.mjs";

/** A server whose first `resets` requests lose their connection; later ones get `answer`. */
async function flakyServer(resets, answer) {
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen++;
    if (seen <= resets) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ value: answer.value }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen: () => seen, close: () => server.close() };
}

const servers = [];
after(() => servers.forEach((s) => s.close()));

test("a request whose connection is reset is sent again and counted", async () => {
  const s = await flakyServer(2, { status: 200, value: "ok" });
  servers.push(s);
  const before = retriedRequests();
  assert.equal(await request(s.url, "GET", "/title", undefined, 5_000), "ok");
  assert.equal(s.seen(), 3);
  assert.equal(retriedRequests() - before, 2);
});

test("retries are bounded: a connection that keeps resetting fails after 3 tries", async () => {
  const s = await flakyServer(100, { status: 200, value: "ok" });
  servers.push(s);
  await assert.rejects(request(s.url, "POST", "/element/1/click", {}, 5_000), /fetch failed/);
  assert.equal(s.seen(), 3);
});

test("a WebDriver error answer is never retried", async () => {
  const s = await flakyServer(0, { status: 404, value: { error: "no such element", message: "gone" } });
  servers.push(s);
  const before = retriedRequests();
  await assert.rejects(request(s.url, "GET", "/element/1/text", undefined, 5_000), /no such element/);
  assert.equal(s.seen(), 1);
  assert.equal(retriedRequests(), before);
});
