// Real-app E2E of working across clusters (issue #11), one app start over three lab clusters:
// select all three on the home grid and connect them together while lab-prod is down — the
// two others connect, lab-prod is listed as failed with Retry, and Retry connects it once it
// is back; a protected cluster refuses to delete a pod until its name is typed; a group
// disconnects and connects as one; once the group is protected, a member asks for its name too;
// a cluster that stopped answering is probed at once by Check now and by the window's online
// event. Screenshots land in
// artifacts/ (e2e-cross-*.png).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { card, tab } from "./app.mjs";
import { openWorld } from "./world.mjs";

const CONTEXTS = ["lab-dev", "lab-staging", "lab-prod"];
const item = (context) => `[data-testid="batch-item"][data-context="${context}"]`;
const group = (name) => `[data-testid="cluster-group"][data-group="${name}"]`;

let world;
let lab;
let session;
let ui;

const shot = (label) => world.shot(label);
const tabsShown = () => session.execute(`return [...document.querySelectorAll('[data-testid="cluster-tab"]')].map((t) => t.dataset.context);`);

async function goHome() {
  const home = await session.findAll('[data-testid="home-button"]');
  if (home.length) await session.click(home[0]);
  await session.waitFor("the home grid", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);
}

async function clearSelection() {
  const clear = await session.findAll('[data-testid="clear-selection"]');
  if (clear.length) await session.click(clear[0]);
}

before(async () => {
  world = await openWorld("cross", { lab: { clusters: 3, pods: 30 } });
  ({ lab, session, ui } = world);
});

after(() => world?.close());

test("three contexts selected and connected together; the one that is down is listed with Retry", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);
  await lab.setFault("lab-prod", "down");
  for (const context of CONTEXTS) await session.click(await ui.one(`${card(context)} [data-testid="select-cluster"]`));
  assert.match(await session.text(await ui.one('[data-testid="selected-count"]')), /3 selected/);
  await session.click(await ui.one('[data-testid="connect-selected"]'));

  await ui.waitAttr(item("lab-dev"), "data-state", "connected", 30_000);
  await ui.waitAttr(item("lab-staging"), "data-state", "connected", 30_000);
  await ui.waitAttr(item("lab-prod"), "data-state", "failed", 60_000);
  const error = await session.text(await ui.one(`${item("lab-prod")} [data-testid="batch-error"]`));
  assert.match(error, /^lab-prod/, `the failure names the cluster: ${error}`);
  assert.deepEqual((await tabsShown()).sort(), ["lab-dev", "lab-staging"]);
  await shot("batch-one-failed");

  await lab.setFault("lab-prod", "none");
  await session.click(await ui.one(`${item("lab-prod")} [data-testid="batch-retry"]`));
  await ui.waitAttr(item("lab-prod"), "data-state", "connected", 30_000);
  await ui.waitAttr(tab("lab-prod"), "data-health", "healthy");
  assert.deepEqual((await tabsShown()).sort(), [...CONTEXTS].sort());
  await shot("batch-retried");
});

test("a protected cluster refuses to delete a pod until its name is typed", async () => {
  // Mark lab-dev protected from its tab's menu (the menu opens on a context-menu event).
  await session.execute(
    `const t = document.querySelector('[data-testid="cluster-tab"][data-context="lab-dev"]'); const r = t.getBoundingClientRect();
     t.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: r.left + 10, clientY: r.bottom - 5 }));`,
  );
  const appearance = await session.waitFor("the tab menu", async () => (await session.findAll('[data-testid="menu-appearance"]'))[0]);
  // One menu for the strip, opened for the tab right-clicked.
  assert.equal(await ui.attr('[data-testid="cluster-tab-menu"]', "aria-label"), "lab-dev actions");
  await shot("tab-menu");
  await session.click(appearance);
  await session.click(await session.waitFor("the guard option", async () => (await session.findAll('[data-testid="guard-protected"]'))[0]));
  await session.click(await ui.one('[data-testid="save-appearance"]'));
  await session.waitFor("the dialog closed", async () => (await session.findAll('[role="dialog"]')).length === 0);
  await session.waitFor("the guard label on the tab", async () => (await session.findAll(`${tab("lab-dev")} [data-testid="guard-label"]`)).length === 1);

  await session.click(await ui.one(`${tab("lab-dev")} [role="tab"]`));
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="pods"]'));
  await ui.waitForRows("lab-dev pods");
  const [row] = await session.findAll('[data-testid="resource-row"]');
  const name = await session.attribute(row, "data-name");
  const namespace = await session.attribute(row, "data-namespace");
  const victim = `[data-testid="resource-row"][data-name="${name}"][data-namespace="${namespace}"]`;
  await session.click(await ui.one(`${victim} [data-testid="row-delete"]`));
  const dialog = await session.waitFor("the delete confirmation", async () => (await session.findAll('[role="dialog"]'))[0]);
  assert.match(await session.text(await ui.one('[role="dialog"] [data-testid="guard-label"]')), /protected/i);
  const confirm = async () => ui.one('[role="dialog"] [data-testid="confirm-action"]');
  assert.equal(await session.property(await confirm(), "disabled"), true, "delete is refused before the name is typed");
  const input = await ui.one('[role="dialog"] [data-testid="confirm-name-input"]');
  await session.type(input, "lab-de");
  assert.equal(await session.property(await confirm(), "disabled"), true, "a partial name is not enough");
  await shot("protected-delete-refused");
  await session.type(input, "v");
  await session.waitFor("delete enabled", async () => (await session.property(await confirm(), "disabled")) === false);
  assert.match(await session.text(dialog), /lab-dev/);
  await session.click(await confirm());
  await session.waitFor(`${namespace}/${name} deleted`, async () => !(await lab.pods("lab-dev")).some((p) => p.metadata.name === name && p.metadata.namespace === namespace), 30_000);
});

test("a group disconnects and connects as one", async () => {
  await goHome();
  await clearSelection();
  await session.click(await ui.one(`${card("lab-dev")} [data-testid="select-cluster"]`));
  await session.click(await ui.one(`${card("lab-staging")} [data-testid="select-cluster"]`));
  await session.click(await ui.one('[data-testid="new-group"]'));
  await session.type(await ui.one('[data-testid="group-name-input"]'), "pair");
  await session.click(await ui.one('[data-testid="save-group"]'));
  await session.waitFor("the group", async () => (await session.findAll(group("pair"))).length === 1);
  await clearSelection();
  assert.equal(await ui.attr(group("pair"), "data-connected"), "2");

  await session.click(await ui.one(`${group("pair")} [data-testid="group-disconnect"]`));
  await session.waitFor("the group's tabs gone", async () => JSON.stringify(await tabsShown()) === JSON.stringify(["lab-prod"]));
  await ui.waitAttr(group("pair"), "data-connected", "0");
  await shot("group-disconnected");

  await session.click(await ui.one(`${group("pair")} [data-testid="group-connect"]`));
  await ui.waitAttr(group("pair"), "data-connected", "2", 30_000);
  await ui.waitAttr(tab("lab-dev"), "data-health", "healthy");
  await ui.waitAttr(tab("lab-staging"), "data-health", "healthy");
  assert.deepEqual((await tabsShown()).sort(), [...CONTEXTS].sort());
  await shot("group-connected");
});

test("a protected group guards its members: deleting on one asks for that cluster's name", async () => {
  await goHome();
  await session.click(await ui.one(`${group("pair")} [data-testid="group-protected"]`));
  await ui.waitAttr(group("pair"), "data-protected", "true");
  await session.waitFor("the guard label on the member's tab", async () => (await session.findAll(`${tab("lab-staging")} [data-testid="guard-label"]`)).length === 1);
  assert.equal((await session.findAll(`${tab("lab-prod")} [data-testid="guard-label"]`)).length, 0, "a cluster outside the group is not guarded");

  await session.click(await ui.one(`${tab("lab-staging")} [role="tab"]`));
  await ui.waitAttr(tab("lab-staging"), "data-active", "true");
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="pods"]'));
  await ui.waitForRows("lab-staging pods");
  const [row] = await session.findAll('[data-testid="resource-row"]');
  const name = await session.attribute(row, "data-name");
  const namespace = await session.attribute(row, "data-namespace");
  await session.click(await ui.one(`[data-testid="resource-row"][data-name="${name}"][data-namespace="${namespace}"] [data-testid="row-delete"]`));
  await session.waitFor("the delete confirmation", async () => (await session.findAll('[role="dialog"]'))[0]);
  assert.match(await session.text(await ui.one('[role="dialog"] [data-testid="guard-label"]')), /protected/i);
  const confirm = async () => ui.one('[role="dialog"] [data-testid="confirm-action"]');
  assert.equal(await session.property(await confirm(), "disabled"), true, "delete is refused before the member's name is typed");
  await shot("group-protected-delete-refused");
  await session.type(await ui.one('[role="dialog"] [data-testid="confirm-name-input"]'), "lab-staging");
  await session.waitFor("delete enabled", async () => (await session.property(await confirm(), "disabled")) === false);
  await session.click(await confirm());
  await session.waitFor(`${namespace}/${name} deleted`, async () => !(await lab.pods("lab-staging")).some((p) => p.metadata.name === name && p.metadata.namespace === namespace), 30_000);
});

test("Check now, and the network coming back, probe a cluster that stopped answering at once, whatever its backoff had grown to", async () => {
  await session.click(await ui.one(tab("lab-prod")));
  await ui.waitAttr(tab("lab-prod"), "data-active", "true");
  const { server } = await (await fetch(`${lab.control}/clusters/lab-prod`)).json();
  const listening = () => new Promise((ok) => {
    const probe = net.connect(Number(new URL(server).port), "127.0.0.1", () => { probe.destroy(); ok(true); });
    probe.on("error", () => ok(false));
  });
  for (const [how, ask] of [
    ["Check now", async () => session.click(await ui.one('[data-testid="check-health-now"]'))],
    // What WebKitGTK raises when GLib's network monitor sees the network come back.
    ["the online event", () => session.execute(`window.dispatchEvent(new Event("online"));`)],
  ]) {
    await lab.setFault("lab-prod", "down");
    await ui.waitAttr(tab("lab-prod"), "data-health", "unreachable", 30_000);
    // Failing probes back off (the default 10 s interval lets the wait grow to a minute): wait
    // until the next one is at least 7 s away, as the banner says beside the button.
    await session.waitFor(`a next try 7 s away (${how})`, async () => Number(await ui.attr('[data-testid="check-now"]', "data-next-retry-ms")) - Date.now() >= 7_000, 60_000);
    if (how === "Check now") await shot("check-now");
    await lab.setFault("lab-prod", "none");
    await session.waitFor("lab-prod listening again", listening, 10_000);
    await ask();
    await ui.waitAttr(tab("lab-prod"), "data-health", "healthy", 4_000);
  }
});
