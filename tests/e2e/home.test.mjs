// Real-app smoke test: the built Kubeli binary in a real WebKitGTK window (under Xvfb),
// driven through tauri-driver. The home page must list the contexts of a kubeconfig this
// test writes: two files joined in KUBECONFIG, a duplicate context name, an invalid
// context and a broken file.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { artifacts, openWorld } from "./world.mjs";

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

let world;
let session;

before(async () => {
  world = await openWorld("home", {
    prepare: ({ work }) => {
      fs.writeFileSync(path.join(work, "first.yaml"), FIRST);
      fs.writeFileSync(path.join(work, "second.yaml"), SECOND);
      fs.writeFileSync(path.join(work, "broken.yaml"), "apiVersion: v1\ncontexts:\n- name: x\n  context: [unclosed\n");
    },
    env: ({ work }) => ({ KUBECONFIG: ["first.yaml", "broken.yaml", "second.yaml"].map((f) => path.join(work, f)).join(path.delimiter) }),
  });
  ({ session } = world);
});

after(() => world?.close({ lastShot: false }));

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

test("a kubeconfig fixed on disk shows its contexts without Refresh", async () => {
  // A tool rewrites broken.yaml as it would (a temporary file renamed over it); the page runs
  // discovery again on its own: the new context's card appears and the file's error goes.
  const broken = path.join(world.work, "broken.yaml");
  fs.writeFileSync(`${broken}.tmp`, SECOND.replaceAll("gamma", "delta").replace("- name: shared-name\n  context: {cluster: delta, user: cert-user}\n", ""));
  fs.renameSync(`${broken}.tmp`, broken);
  await session.waitFor("the card of the context added on disk", async () => (await session.findAll('[data-testid="cluster-card"][data-context="delta"]')).length === 1, 15_000);
  await session.waitFor("the fixed file's error gone", async () => (await session.findAll('[data-testid="source-error"]')).length === 0, 15_000);
  assert.equal((await session.findAll('[data-testid="cluster-card"]')).length, 6);
  await world.shot("changed-on-disk");
});
