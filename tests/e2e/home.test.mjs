// Real-app smoke test: the built Kubeli binary in a real WebKitGTK window (under Xvfb),
// driven through tauri-driver. The home page must list the contexts of a kubeconfig this
// test writes: two files joined in KUBECONFIG, a duplicate context name, an invalid
// context and a broken file.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const artifacts = path.join(root, "artifacts");

const FIRST = `apiVersion: v1
kind: Config
current-context: alpha
clusters:
- name: alpha
  cluster: {server: "https://alpha.example:6443"}
- name: beta
  cluster: {server: "https://beta.example:6443"}
users:
- name: token-user
  user: {token: not-a-real-token}
- name: exec-user
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token]}
contexts:
- name: alpha
  context: {cluster: alpha, user: token-user, namespace: team-a}
- name: shared-name
  context: {cluster: beta, user: exec-user}
- name: dangling
  context: {cluster: missing-cluster, user: token-user}
`;

const SECOND = `apiVersion: v1
kind: Config
clusters:
- name: gamma
  cluster: {server: "https://gamma.example"}
users:
- name: cert-user
  user: {client-certificate-data: AAAA, client-key-data: AAAA}
contexts:
- name: shared-name
  context: {cluster: gamma, user: cert-user}
- name: gamma
  context: {cluster: gamma, user: cert-user}
`;

let driver;
let session;
let work;

before(async () => {
  assert.ok(fs.existsSync(app), `app binary not found at ${app}: build it first (make e2e does)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-e2e-"));
  const home = path.join(work, "home");
  fs.mkdirSync(home);
  const first = path.join(work, "first.yaml");
  const second = path.join(work, "second.yaml");
  const broken = path.join(work, "broken.yaml");
  fs.writeFileSync(first, FIRST);
  fs.writeFileSync(second, SECOND);
  fs.writeFileSync(broken, "apiVersion: v1\ncontexts:\n- name: x\n  context: [unclosed\n");
  fs.mkdirSync(artifacts, { recursive: true });
  driver = await startDriver({
    env: {
      KUBECONFIG: [first, broken, second].join(path.delimiter),
      HOME: home,
      KUBELI_CONFIG_DIR: path.join(work, "config"),
    },
  });
  session = await newSession(driver.url, app);
});

after(async () => {
  await session?.close();
  await driver?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("home page lists every context of both files, duplicates distinctly", async () => {
  const cards = await session.waitFor("5 cluster cards", async () => {
    const found = await session.findAll('[data-testid="cluster-card"]');
    return found.length === 5 ? found : null;
  });
  const contexts = [];
  for (const card of cards) contexts.push(await session.attribute(card, "data-context"));
  assert.deepEqual(contexts.sort(), ["alpha", "dangling", "gamma", "shared-name", "shared-name"]);

  const ids = [];
  for (const card of await session.findAll('[data-testid="cluster-card"][data-context="shared-name"]')) {
    ids.push(await session.attribute(card, "data-cluster-id"));
  }
  assert.equal(new Set(ids).size, 2, `duplicate names must be two distinct cards: ${ids}`);
});

test("the invalid context says why, and the broken file is reported with its line", async () => {
  const [dangling] = await session.findAll('[data-testid="cluster-card"][data-context="dangling"]');
  assert.equal(await session.attribute(dangling, "data-invalid"), "true");
  assert.match(await session.text(dangling), /missing-cluster/);

  const errors = await session.findAll('[data-testid="source-error"]');
  assert.equal(errors.length, 1);
  const text = await session.text(errors[0]);
  assert.match(text, /broken\.yaml/);
  assert.match(text, /line \d+/);

  fs.writeFileSync(path.join(artifacts, "e2e-home.png"), await session.screenshot());
});
