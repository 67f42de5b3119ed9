// Real-app E2E: add a lab cluster by hand (server, CA pasted, token), see it validated and
// saved, connect it, look at it, then remove it. Its token must end up only in the OS
// keychain: the run happens inside a private D-Bus session with an unlocked gnome-keyring
// (scripts/with-keyring.sh; this file re-runs itself there), the file Kubeli writes holds no
// token, and `kubeli credential` prints it from the keychain until the cluster is removed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli, tab, card } from "./app.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const artifacts = path.join(root, "artifacts");
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
  let lab;
  let driver;
  let session;
  let work;
  let ui;
  const credential = (name) => spawnSync(app, ["credential", name], { encoding: "utf8" });

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-e2e-manual-"));
    fs.mkdirSync(path.join(work, "home"));
    fs.mkdirSync(artifacts, { recursive: true });
    lab = await startLab(work, { clusters: 1, pods: 12 });
    driver = await startDriver({
      env: { KUBECONFIG: lab.kubeconfig, HOME: path.join(work, "home"), KUBELI_CONFIG_DIR: path.join(work, "config"), KUBELI_HEALTH_INTERVAL_MS: "500" },
    });
    session = await newSession(driver.url, app);
    ui = kubeli(session);
  });

  after(async () => {
    await session?.close().catch(() => {});
    await driver?.stop();
    await lab?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

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
    fs.writeFileSync(path.join(artifacts, "e2e-manual-cluster-dialog.png"), await session.screenshot());
    await session.click(await ui.one('[data-testid="save-cluster"]'));
    await session.waitFor("the card of the cluster added by hand", async () => (await session.findAll(card("by-hand"))).length === 1, 30_000);

    const file = path.join(work, "config", "manual-clusters.yaml");
    const text = fs.readFileSync(file, "utf8");
    assert.ok(!text.includes(token), "the token is not in the file Kubeli wrote");
    assert.match(text, /"credential"/);
    assert.match(credential("by-hand").stdout, new RegExp(token));

    await ui.connectFromHome("by-hand");
    await ui.waitForRows("the pods of the cluster added by hand");
    fs.writeFileSync(path.join(artifacts, "e2e-manual-cluster-connected.png"), await session.screenshot());

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
