// Real-app safety test: a settings file of garbage is kept aside and the window says so once;
// a FIFO in KUBECONFIG gets its own error instead of hanging discovery; garbage in the
// window's saved state gives defaults and a notice instead of a blank window.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { artifacts, openWorld } from "./world.mjs";

const GARBAGE = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]);

let world;
let session;

async function toastText(title) {
  return session.waitFor(`the "${title}" notice`, async () => {
    for (const t of await session.findAll("[data-sonner-toast]")) {
      const text = await session.text(t);
      if (text.includes(title)) return text;
    }
    return null;
  });
}

before(async () => {
  world = await openWorld("safety", {
    prepare: ({ work, config }) => {
      fs.mkdirSync(config);
      fs.writeFileSync(path.join(config, "settings.json"), GARBAGE);
      fs.writeFileSync(path.join(work, "good.yaml"), "apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: https://good.example}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: good\n  context: {cluster: c, user: u}\n");
      execFileSync("mkfifo", [path.join(work, "pipe.yaml")]);
    },
    env: ({ work }) => ({ KUBECONFIG: [path.join(work, "pipe.yaml"), path.join(work, "good.yaml")].join(path.delimiter) }),
  });
  ({ session } = world);
});

after(() => world?.close({ lastShot: false }));

test("a garbage settings file is kept aside and the window says so", async () => {
  const text = await toastText("Settings could not be loaded");
  assert.match(text, /settings\.json\.broken/);
  assert.deepEqual(fs.readFileSync(path.join(world.config, "settings.json.broken")), GARBAGE);
  fs.writeFileSync(path.join(artifacts, "e2e-settings-notice.png"), await session.screenshot());
});

test("a FIFO among the kubeconfigs gets its own error and the other file still loads", async () => {
  await session.waitFor("the good card", async () => (await session.findAll('[data-testid="cluster-card"][data-context="good"]')).length === 1);
  const errors = await session.findAll('[data-testid="source-error"]');
  assert.equal(errors.length, 1);
  assert.match(await session.text(errors[0]), /pipe\.yaml[\s\S]*FIFO/);
});

test("garbage in the saved window state gives defaults and a notice, not a blank window", async () => {
  await session.execute(`localStorage.setItem("kubeli-cluster-store", "{ not json"); setTimeout(() => location.reload(), 50);`);
  const text = await toastText("Saved cluster state was reset");
  assert.match(text, /not valid JSON/);
  await session.waitFor("the home grid again", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 1);
});
