// Real-app E2E: add a lab cluster by hand (server, CA pasted, token), see it validated and
// saved, connect it, look at it, then remove it. Its token must end up only in the OS
// keychain: the run happens inside a private D-Bus session with an unlocked gnome-keyring
// (scripts/with-keyring.sh; this file re-runs itself there), the file Kubeli writes holds no
// token, and `kubeli credential` prints it from the keychain until the cluster is removed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { tab, card } from "./app.mjs";
import { appBinary as app, openWorld, root } from "./world.mjs";

const inKeyring = Boolean(process.env.KUBELI_KEYRING_READY);

if (!inKeyring) {
  test("the manual-cluster round trip, inside a private keyring session", () => {
    // Node's runner skips a nested run when it sees its own context in the environment.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(path.join(root, "scripts/with-keyring.sh"), [process.execPath, "--test", import.meta.filename], { encoding: "utf8", env, timeout: 300_000 });
    process.stderr.write(run.stdout + run.stderr);
    assert.equal(run.status, 0, "the run inside the keyring session failed");
    assert.match(run.stdout, /ok 1 - add a lab cluster by hand with a token, connect it, remove it/, "the round trip ran");
  });
} else {
  let world;
  let lab;
  let session;
  let ui;
  const credential = (name) => spawnSync(app, ["credential", name], { encoding: "utf8" });

  before(async () => {
    world = await openWorld("manual-cluster", { lab: { clusters: 1, pods: 12 }, env: { KUBELI_HEALTH_INTERVAL_MS: "500" } });
    ({ lab, session, ui } = world);
  });

  after(() => world?.close({ lastShot: false }));

  test("add a lab cluster by hand with a token, connect it, remove it", async () => {
    const config = JSON.parse(execFileSync("kubectl", ["config", "view", "--raw", "-o", "json", "--kubeconfig", lab.kubeconfig], { encoding: "utf8" }));
    const server = config.clusters[0].cluster.server;
    const ca = Buffer.from(config.clusters[0].cluster["certificate-authority-data"], "base64").toString("utf8");
    const token = config.users[0].user.token;
    assert.ok(token, "lab-dev uses token auth");

    await session.waitFor("the home grid", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 1);
    await session.click(await ui.one('[data-testid="add-cluster-manually"]'));
    await session.type(await ui.one('[data-testid="manual-name"]'), "by-hand");
    await session.type(await ui.one('[data-testid="manual-server"]'), server);
    await session.type(await ui.one('[data-testid="manual-ca"]'), ca);
    await session.type(await ui.one('[data-testid="manual-token"]'), token);
    await world.shot("dialog");
    await session.click(await ui.one('[data-testid="save-cluster"]'));
    await session.waitFor("the card of the cluster added by hand", async () => (await session.findAll(card("by-hand"))).length === 1, 30_000);

    const file = path.join(world.config, "manual-clusters.yaml");
    const text = fs.readFileSync(file, "utf8");
    assert.ok(!text.includes(token), "the token is not in the file Kubeli wrote");
    assert.match(text, /"credential"/);
    assert.match(credential("by-hand").stdout, new RegExp(token));

    await ui.connectFromHome("by-hand");
    await ui.waitForRows("the pods of the cluster added by hand");
    await world.shot("connected");

    await session.click(await ui.one(`${tab("by-hand")} [aria-label^="Close"], ${tab("by-hand")} button[aria-label*="isconnect"]`)).catch(async () => {
      await session.executeAsync("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('disconnect', { context: arguments[0] }).then(done, done);", [`${file}#by-hand`]);
    });
    const plus = await session.findAll('[data-testid="add-cluster"]');
    if (plus.length) await session.click(plus[0]);
    await session.click(await ui.one('[data-testid="add-cluster-manually"]'));
    await session.waitFor("the saved cluster in the dialog", async () => (await session.findAll('[data-testid="manual-cluster"][data-name="by-hand"]')).length === 1);
    await session.click(await ui.one('[data-testid="manual-cluster"][data-name="by-hand"] [data-testid="manual-remove"]'));
    await session.waitFor("the card to go", async () => (await session.findAll(card("by-hand"))).length === 0, 20_000);
    const gone = credential("by-hand");
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /holds no credential/);
  });
}
