// Real-app E2E over lab clusters: connect two clusters from the home grid, switch by click
// and by keyboard with each keeping its own namespace, each Pods tab showing its lab's pod
// count with a live watch, disconnect one while the other keeps
// working, watch a stopped cluster turn red and come back green by itself, and restart the
// app to see both reconnect. Screenshots land in artifacts/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli, tab } from "./app.mjs";
import { appBinary as app, artifacts } from "./world.mjs";

let lab;
let driver;
let session;
let work;
let env;
let ui;

async function selectNamespace(ns) {
  const select = await ui.one('[data-testid="namespace-select"]');
  await session.waitFor(`namespace ${ns} offered`, async () => (await session.findAll(`[data-testid="namespace-select"] option[value="${ns}"]`)).length === 1);
  await session.click(await ui.one(`[data-testid="namespace-select"] option[value="${ns}"]`));
  await session.waitFor(`namespace ${ns} selected`, async () => (await session.property(select, "value")) === ns);
}

async function namespaceShown() {
  return session.property(await ui.one('[data-testid="namespace-select"]'), "value");
}

async function startApp() {
  driver = await startDriver({ env });
  session = await newSession(driver.url, app);
  ui = kubeli(session);
}

async function stopApp() {
  await session?.close();
  await driver?.stop();
  session = undefined;
  driver = undefined;
}

before(async () => {
  assert.ok(fs.existsSync(app), `app binary not found at ${app}: build it first (make e2e does)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-e2e-multi-"));
  fs.mkdirSync(path.join(work, "home"));
  fs.mkdirSync(artifacts, { recursive: true });
  lab = await startLab(work, { clusters: 3, pods: 40 });
  env = {
    KUBECONFIG: lab.kubeconfig,
    HOME: path.join(work, "home"),
    KUBELI_CONFIG_DIR: path.join(work, "config"),
    KUBELI_HEALTH_INTERVAL_MS: "500",
  };
  await startApp();
});

after(async () => {
  await stopApp();
  await lab?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("connect two clusters from the home grid; each keeps its own namespace across click and keyboard switches", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);
  fs.writeFileSync(path.join(artifacts, "e2e-home-grid.png"), await session.screenshot());

  await ui.connectFromHome("lab-dev");
  await selectNamespace("web");
  await ui.connectFromHome("lab-staging");
  assert.equal(await ui.attr(tab("lab-dev"), "data-active"), "false");
  await selectNamespace("payments");

  // Switch by click: lab-dev still shows its own namespace.
  await session.click(await ui.one(tab("lab-dev")));
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  assert.equal(await namespaceShown(), "web");

  // Switch by keyboard (Ctrl+2 = the second tab): lab-staging kept "payments".
  await session.chord(["Control", "2"]);
  await ui.waitAttr(tab("lab-staging"), "data-active", "true");
  assert.equal(await namespaceShown(), "payments");
  await session.chord(["Control", "1"]);
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  assert.equal(await namespaceShown(), "web");
});

test("a cluster tab moves with the keyboard: focus it, Space, arrow, Space", async () => {
  const order = async () => {
    const names = [];
    for (const t of await session.findAll('[data-testid="cluster-tab"]')) names.push(await session.attribute(t, "data-context"));
    return names.join(",");
  };
  /** Picks `context`'s tab up with Space, moves it one place with `arrow`, drops it with Space. */
  const move = async (context, arrow) => {
    await session.execute("document.querySelector(arguments[0]).focus()", [`${tab(context)} [role="tab"]`]);
    await session.chord(["Space"]);
    await ui.waitAttr(tab(context), "data-dragging", "true", 5_000);
    // dnd-kit measures the tabs in the frames after the pick-up; an arrow pressed in the same
    // frame (no person is that fast) is lost under load. Give it a person's pause.
    await new Promise((r) => setTimeout(r, 250));
    await session.chord([arrow]);
    await session.chord(["Space"]);
    await session.waitFor(`${context} dropped`, async () => (await ui.attr(tab(context), "data-dragging")) === null, 5_000);
  };
  assert.equal(await order(), "lab-dev,lab-staging");
  await move("lab-dev", "ArrowRight");
  await session.waitFor("lab-dev after lab-staging", async () => (await order()) === "lab-staging,lab-dev", 5_000);
  // Ctrl+1 now means lab-staging: the shortcuts follow the new order.
  await session.chord(["Control", "1"]);
  await ui.waitAttr(tab("lab-staging"), "data-active", "true");
  // Back again, so the rest of the flow keeps its order.
  await move("lab-dev", "ArrowLeft");
  await session.waitFor("lab-dev first again", async () => (await order()) === "lab-dev,lab-staging", 5_000);
  await session.chord(["Control", "1"]);
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
});

test("a cluster tab moves by dragging it with the pointer", async () => {
  const order = async () => {
    const names = [];
    for (const t of await session.findAll('[data-testid="cluster-tab"]')) names.push(await session.attribute(t, "data-context"));
    return names.join(",");
  };
  const box = (context) =>
    session.execute("const r = document.querySelector(arguments[0]).getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height };", [
      `${tab(context)} [role="tab"]`,
    ]);
  assert.equal(await order(), "lab-dev,lab-staging");
  const dev = await box("lab-dev");
  await session.dragBy(dev.x + 20, dev.y + dev.height / 2, dev.width + 40);
  await session.waitFor("lab-dev dragged after lab-staging", async () => (await order()) === "lab-staging,lab-dev", 5_000);
  const back = await box("lab-dev");
  await session.dragBy(back.x + 20, back.y + back.height / 2, -(back.width + 40));
  await session.waitFor("lab-dev dragged back first", async () => (await order()) === "lab-dev,lab-staging", 5_000);
  await session.chord(["Control", "1"]);
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
});

test("a stopped cluster turns red with the cause and green again without user action", async () => {
  await lab.setFault("lab-staging", "down");
  await ui.waitAttr(tab("lab-staging"), "data-health", "unreachable", 30_000);
  // The tooltip names the cluster and the cause.
  const tip = await ui.attr(tab("lab-staging"), "data-tooltip");
  assert.match(tip, /lab-staging: (cannot reach the API server|no answer)/, tip);
  // The other cluster is not disturbed.
  assert.equal(await ui.attr(tab("lab-dev"), "data-health"), "healthy");
  await lab.setFault("lab-staging", "none");
  await ui.waitAttr(tab("lab-staging"), "data-health", "healthy", 30_000);
});

test("with three clusters connected, closing one leaves the others working", async () => {
  await ui.connectFromHome("lab-prod");
  await ui.waitForRows("lab-prod");
  fs.writeFileSync(path.join(artifacts, "e2e-dashboard-3-clusters.png"), await session.screenshot());
  // A destructive confirmation renders its button red (not the primary colour), and
  // Escape closes it without deleting anything.
  const deleteButton = await session.waitFor("a row's Delete button", async () => (await session.findAll('[data-testid="resource-row"] button[aria-label^="Delete "]'))[0]);
  await session.click(deleteButton);
  const confirmButton = '[role="dialog"] [data-testid="confirm-action"]';
  await session.waitFor("the delete confirmation", async () => (await session.findAll(confirmButton)).length === 1);
  fs.writeFileSync(path.join(artifacts, "e2e-delete-confirm.png"), await session.screenshot());
  const colours = await session.execute(
    `const button = document.querySelector(arguments[0]);
     const red = document.createElement("span");
     red.className = "bg-red-500";
     document.body.appendChild(red);
     const want = getComputedStyle(red).backgroundColor;
     red.remove();
     return { got: getComputedStyle(button).backgroundColor, want, sky: button.classList.contains("bg-sky-500") };`,
    [confirmButton],
  );
  assert.equal(colours.got, colours.want, `the Delete button is red: ${JSON.stringify(colours)}`);
  assert.equal(colours.sky, false);
  await session.chord(["Escape"]);
  await session.waitFor("the confirmation closed", async () => (await session.findAll('[role="dialog"]')).length === 0, 5_000);
  const rowsAfter = await session.findAll('[data-testid="resource-row"]');
  assert.ok(rowsAfter.length > 0, "nothing was deleted");
  // Scaling reports its result as a toast that names the cluster.
  await session.click(await ui.one('[data-testid="resource-tab"][data-kind="deployments"] [role="tab"]'));
  const scale = await session.waitFor("a deployment's Scale button", async () => (await session.findAll('[data-testid="resource-row"] button[aria-label^="Scale "]'))[0]);
  const deployment = (await session.attribute(scale, "aria-label")).replace(/^Scale /, "");
  await session.click(scale);
  const input = await session.waitFor("the scale input", async () => (await session.findAll('[data-testid="scale-input"]'))[0]);
  await session.click(input);
  await session.chord(["Control", "a"]);
  await session.type(input, "3");
  await session.chord(["Enter"]);
  const toast = await session.waitFor("the scale toast", async () => {
    for (const t of await session.findAll("[data-sonner-toast]")) {
      const text = await session.text(t);
      if (text.includes(`Scaled ${deployment} to 3 on lab-prod`)) return text;
    }
    return null;
  });
  assert.match(toast, /Scaled .+ to 3 on lab-prod/);
  fs.writeFileSync(path.join(artifacts, "e2e-scale-toast.png"), await session.screenshot());
  // The home grid marks all three as connected and offers the way back.
  await session.click(await ui.one('[data-testid="add-cluster"]'));
  await session.waitFor("three connected cards", async () => (await session.findAll('[data-testid="cluster-card"] [data-testid="disconnect"]')).length === 3);
  fs.writeFileSync(path.join(artifacts, "e2e-home-grid-connected.png"), await session.screenshot());
  await session.click(await ui.one('[data-testid="back-to-dashboard"]'));
  await ui.waitAttr(tab("lab-prod"), "data-active", "true");

  // Each cluster's Pods tab shows the lab's own pod count, from the core group's pods (the lab
  // also serves metrics.k8s.io and events.k8s.io, whose plurals must not capture the tab).
  for (const context of ["lab-dev", "lab-staging", "lab-prod"]) {
    await session.click(await ui.one(tab(context)));
    await ui.waitAttr(tab(context), "data-active", "true");
    // lab-prod was left on its Deployments tab by the scaling above.
    await session.click(await ui.one('[data-testid="resource-tab"][data-kind="pods"] [role="tab"]'));
    const ns = await namespaceShown();
    const want = (await lab.pods(context)).filter((p) => !ns || p.metadata.namespace === ns).length;
    await session.waitFor(`${context} showing ${want} pods`, async () => (await session.text(await ui.one('[data-testid="resource-count"]'))).trim() === `${want} pods`);
    assert.match(await session.text(await ui.one('[data-testid="resource-kind"]')), /^v1 Pod$/);
    await ui.waitAttr('[data-testid="watch-state"]', "data-state", "live");
  }
  await session.click(await ui.one(tab("lab-prod")));
  await ui.waitAttr(tab("lab-prod"), "data-active", "true");

  await session.click(await ui.one(`${tab("lab-prod")} [data-testid="cluster-tab-close"]`));
  await session.waitFor("the lab-prod tab gone", async () => (await session.findAll(tab("lab-prod"))).length === 0);
  // Its neighbour becomes active and still serves live data.
  const active = await session.waitFor("an active tab", async () => {
    for (const t of await session.findAll('[data-testid="cluster-tab"]')) {
      if ((await session.attribute(t, "data-active")) === "true") return session.attribute(t, "data-context");
    }
    return null;
  });
  assert.equal(active, "lab-staging");
  await ui.waitForRows("lab-staging");
  // Still live, not just cached: a change in lab-staging reaches its table. A running pod
  // set back to Pending shows its container's waiting reason, as kubectl prints it.
  const victim = (await lab.pods("lab-staging")).find((p) => p.metadata.namespace === "payments" && p.status.phase === "Running");
  assert.ok(victim, "lab-staging has a running pod in payments");
  const row = `[data-testid="resource-row"][data-name="${victim.metadata.name}"]`;
  assert.doesNotMatch(await session.text(await ui.one(row)), /ContainerCreating/);
  await lab.setPodPhase("lab-staging", "payments", victim.metadata.name, "Pending");
  await session.waitFor(`${victim.metadata.name} shown as ContainerCreating`, async () => /ContainerCreating/.test(await session.text(await ui.one(row))));
  // And lab-dev's health probe keeps running: the last-check time in its tooltip moves on.
  assert.equal(await ui.attr(tab("lab-dev"), "data-health"), "healthy");
  const before = await ui.attr(tab("lab-dev"), "data-tooltip");
  await session.waitFor("a newer health check of lab-dev", async () => (await ui.attr(tab("lab-dev"), "data-tooltip")) !== before, 10_000);
});

test("after a restart of the app, both clusters reconnect by themselves and the window keeps its size", async () => {
  // The window's size is saved half a second after a resize, even though the driver ends the app abruptly.
  await session.setWindowRect({ width: 1234, height: 789 });
  const saved = path.join(env.KUBELI_CONFIG_DIR, "window-state.json");
  await session.waitFor("the new size saved", async () => fs.existsSync(saved) && /"width": *1234/.test(fs.readFileSync(saved, "utf8")), 10_000);
  await stopApp();
  await startApp();
  const rect = await session.windowRect();
  assert.deepEqual([rect.width, rect.height], [1234, 789], "the window opens at its saved size");
  // Built at that size, not resized after it was shown (src-tauri/src/window_state.rs); and its
  // page loaded once: a web process that crashed at start would be reloaded and look the same.
  assert.doesNotMatch(driver.output(), /web process ended/, "the web process did not end at start");
  await ui.waitAttr(tab("lab-dev"), "data-health", "healthy", 40_000);
  await ui.waitAttr(tab("lab-staging"), "data-health", "healthy", 40_000);
  // The backend itself connected the saved session while the window loaded (the start list the
  // page keeps in settings.json, core `connect_at_start`); the page adopted those connections.
  assert.match(driver.output(), /reconnecting 2 context\(s\) of the last session while the window loads/, "the backend connected the last session at start");
  assert.doesNotMatch(driver.output(), /reconnect at start:/, "no start-up connect failed");
  assert.equal((await session.findAll(tab("lab-prod"))).length, 0, "a closed cluster stays closed");
  assert.equal(await ui.attr(tab("lab-staging"), "data-active"), "true", "the previously active cluster is active again");
});
