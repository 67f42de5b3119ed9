// Real-app E2E of the resource views over two lab clusters: pods on lab-dev sorted by
// restarts and filtered; lab-staging's pods at once (none of lab-dev's); back on lab-dev
// the filter, sort and scroll are where they were; its columns keep their widths while the
// list scrolls. Scale a deployment on lab-staging and see
// its pods change live, delete a pod after a confirmation, open a CRD's instances with its
// printer columns; a list arriving over a slow link says "listing…" until all of it is in;
// where namespaces are forbidden, the fallback picker, and on OpenShift the user's projects.
// Screenshots land in artifacts/ (e2e-views-*.png).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { tab } from "./app.mjs";
import { openWorld } from "./world.mjs";

const nav = (kind) => `[data-testid="nav-kind"][data-kind="${kind}"]`;
const header = (column) => `[data-testid="column-header"][data-column="${column}"]`;

// A CRD with printer columns (the lab's widgets have none), applied with the real kubectl.
const GIZMOS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.e2e.kubeli.dev}
spec:
  group: e2e.kubeli.dev
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo, listKind: GizmoList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Colour, type: string, jsonPath: .spec.colour}
    - {name: Teeth, type: integer, jsonPath: .spec.teeth}
`;
const GIZMO = `apiVersion: e2e.kubeli.dev/v1
kind: Gizmo
metadata: {name: cog}
spec: {colour: teal, teeth: 12}
`;

let world;
let lab;
let session;
let ui;

function kubectl(context, args, input) {
  return execFileSync("kubectl", ["--kubeconfig", lab.kubeconfig, "--context", context, ...args], { input, encoding: "utf8", timeout: 30_000 });
}

const shot = (label) => world.shot(label);

/** Rows in view as `namespace/name`, and the text of one column of them. */
const rowsShown = () =>
  session.execute(`return [...document.querySelectorAll('[data-testid="resource-row"]')].map((r) => r.dataset.namespace + "/" + r.dataset.name);`);
const cells = (column) =>
  session.execute(`return [...document.querySelectorAll('[data-testid="resource-row"] td[data-column="' + arguments[0] + '"]')].map((c) => c.textContent);`, [column]);

async function openKind(kind) {
  await session.click(await ui.one(nav(kind)));
  await ui.waitAttr(`[data-testid="resource-tab"][data-kind="${kind}"]`, "data-active", "true");
}

async function setFilter(text) {
  const input = await ui.one('[data-testid="resource-filter"]');
  await session.click(input);
  await session.chord(["Control", "a"]);
  await session.chord(["\uE003"]); // Backspace
  if (text) await session.type(input, text);
  await session.waitFor(`filter ${text}`, async () => (await session.property(input, "value")) === text);
}

async function sortBy(column, direction) {
  for (let i = 0; i < 3 && (await ui.attr(header(column), "aria-sort")) !== direction; i++) {
    await session.click(await ui.one(`${header(column)} button`));
  }
  assert.equal(await ui.attr(header(column), "aria-sort"), direction);
}

before(async () => {
  world = await openWorld("views", {
    lab: { clusters: 2, pods: 400 },
    prepare: (w) => {
      lab = w.lab; // the kubectl helper reads it
      kubectl("lab-staging", ["apply", "-f", "-"], GIZMOS);
      kubectl("lab-staging", ["apply", "-f", "-"], GIZMO);
    },
  });
  ({ lab, session, ui } = world);
});

after(() => world?.close());

let devState;

test("pods on lab-dev sort by restarts and filter; lab-staging shows its own at once; back, filter, sort and scroll are kept", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 2);
  await ui.connectFromHome("lab-dev");
  await openKind("pods");
  await ui.waitForRows("lab-dev pods");
  // The row buttons' icons are bitmaps in each state's colour, not CSS masks (in WebKitGTK's
  // software painting each mask is an offscreen layer per paint): a PNG behind the icon, no mask,
  // and a dimmed, a row and a hover image that differ (a blank bitmap would not).
  await session.waitFor("row icons drawn as bitmaps", async () => {
    const icon = await session.execute(`
      const style = getComputedStyle(document.querySelector('[data-testid="resource-row"] [data-testid="open-logs"]'), "::before");
      const rules = (document.querySelector("style[data-row-icon-images]")?.textContent ?? "").split("\\n");
      const logs = rules.filter((r) => r.includes(".row-icon-logs")).map((r) => r.slice(r.indexOf('url("') + 5, r.lastIndexOf('")')));
      return { image: style.backgroundImage, mask: style.webkitMaskImage || style.maskImage, logs };`, []);
    return /^url\("?data:image\/png/.test(icon.image) && icon.mask === "none" && icon.logs.length === 3 && icon.logs.every((u) => u.startsWith("data:image/png")) && new Set(icon.logs).size === 3;
  }, 10_000);
  // Under the pointer a button shows its hover image, the rest of its row their row image, other
  // rows their dimmed one (each state's rule wins over the one before it).
  const second = `document.querySelectorAll('[data-testid="resource-row"]')[1]`;
  const logs = await session.execute(`const b = ${second}.querySelector('[data-testid="open-logs"]').getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2];`, []);
  await session.hover(...logs);
  await session.waitFor("the hovered button, its row and another row in their own colours", async () => {
    const [shown, rules] = await session.execute(`
      const image = (row, id) => getComputedStyle(row.querySelector('[data-testid="' + id + '"]'), "::before").backgroundImage.replace(/^url\\("?|"?\\)$/g, "");
      const rows = document.querySelectorAll('[data-testid="resource-row"]');
      const rules = Object.fromEntries((document.querySelector("style[data-row-icon-images]")?.textContent ?? "").split("\\n").map((r) => [r.slice(0, r.indexOf("{")), r.slice(r.indexOf('url("') + 5, r.lastIndexOf('")'))]));
      return [[image(rows[1], "open-logs"), image(rows[1], "open-shell"), image(rows[3], "open-shell")], rules];`, []);
    return shown[0] === rules[".group .row-icon-logs:hover"] && shown[1] === rules[".group:hover .row-icon-shell,.group:focus-within .row-icon-shell"] && shown[2] === rules[".row-icon-shell"];
  }, 5_000);
  // The window's one tooltip, after the hover pause: the text of the trigger under the pointer,
  // placed beside it inside the window, describing it; gone when the pointer leaves. The same
  // over a cluster tab.
  const TIP = `
    const [x, y] = arguments;
    const anchor = document.elementFromPoint(x, y)?.closest("[data-tooltip]");
    const tip = document.querySelector('[data-testid="tooltip"][role="tooltip"]');
    if (!anchor || !tip || tip.style.visibility === "hidden") return null;
    const a = anchor.getBoundingClientRect();
    const t = tip.getBoundingClientRect();
    return { testid: anchor.dataset.testid ?? anchor.closest("[data-testid]")?.dataset.testid, text: tip.textContent, want: anchor.dataset.tooltip,
      describes: (anchor.getAttribute("aria-describedby") ?? "").split(" ").includes(tip.id),
      beside: Math.abs(t.top - a.bottom) < 20 || Math.abs(a.top - t.bottom) < 20, inside: t.left >= 0 && t.right <= innerWidth && t.top >= 0 && t.bottom <= innerHeight };`;
  const tipAt = async (what, at) => {
    const tip = await session.waitFor(`the tooltip of ${what}`, () => session.execute(TIP, at), 5_000);
    assert.ok(tip.want && tip.text === tip.want && tip.describes && tip.beside && tip.inside, `tooltip of ${what}: ${JSON.stringify(tip)}`);
    return tip;
  };
  assert.equal((await tipAt("a row's Logs button", logs)).testid, "open-logs");
  await world.shot("tooltip");
  // Onto the row count (no tooltip there; the window's corner is the home button, which has one).
  const away = await session.execute(`const b = document.querySelector('[data-testid="resource-count"]').getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2];`, []);
  await session.hover(...away);
  await session.waitFor("the tooltip gone", async () => (await session.findAll('[data-testid="tooltip"]')).length === 0, 5_000);
  const tabAt = await session.execute(`const b = document.querySelector('${tab("lab-dev")}').getBoundingClientRect(); return [b.x + b.width / 3, b.y + b.height / 2];`, []);
  await session.hover(...tabAt);
  assert.match((await tipAt("lab-dev's tab", tabAt)).text, /lab-dev/);
  await session.hover(1, 1);

  await sortBy("restarts", "descending");
  const restarts = (await cells("restarts")).map(Number);
  assert.ok(restarts.length > 5, `rows shown: ${restarts.length}`);
  assert.deepEqual(restarts, [...restarts].sort((a, b) => b - a), `restarts descending: ${restarts}`);

  await setFilter("-");
  const total = await session.text(await ui.one('[data-testid="resource-count"]'));
  await setFilter("a");
  await session.waitFor("the filter applied", async () => (await session.text(await ui.one('[data-testid="resource-count"]'))) !== total);
  for (const row of await rowsShown()) assert.match(row, /a/i, `every row matches the filter: ${row}`);
  const scroll = await ui.one('[data-testid="resource-scroll"]');
  await session.execute(`const s = document.querySelector('[data-testid="resource-scroll"]'); s.scrollTop = 400; s.dispatchEvent(new Event("scroll"));`);
  await session.waitFor("scrolled", async () => (await session.property(scroll, "scrollTop")) >= 300);
  devState = { top: await session.property(scroll, "scrollTop"), rows: await rowsShown(), count: await session.text(await ui.one('[data-testid="resource-count"]')) };
  await shot("dev-pods-sorted-filtered");

  await ui.connectFromHome("lab-staging");
  await openKind("pods");
  await ui.waitForRows("lab-staging pods");
  const staging = new Set((await lab.pods("lab-staging")).map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
  for (const row of await rowsShown()) assert.ok(staging.has(row), `a lab-staging pod, not a stale lab-dev row: ${row}`);
  assert.equal(await session.property(await ui.one('[data-testid="resource-filter"]'), "value"), "");
  assert.equal(await ui.attr(header("name"), "aria-sort"), "ascending");
  await shot("staging-pods");

  await session.click(await ui.one(`${tab("lab-dev")} [role="tab"]`));
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  await ui.waitForRows("lab-dev pods again");
  assert.equal(await session.property(await ui.one('[data-testid="resource-filter"]'), "value"), "a");
  assert.equal(await ui.attr(header("restarts"), "aria-sort"), "descending");
  const back = await ui.one('[data-testid="resource-scroll"]');
  await session.waitFor("the scroll position restored", async () => Math.abs((await session.property(back, "scrollTop")) - devState.top) <= 2, 5_000);
  assert.deepEqual(await rowsShown(), devState.rows);
});

test("the pods table's columns keep their widths while the list scrolls: they only ever widen", async () => {
  // Only the rows in view are drawn; the columns once sized to those, so a stretch of short
  // values (all `Running`) narrowed a column and widened the others (use-steady-columns.ts).
  await setFilter("");
  assert.match(await session.text(await ui.one('[data-testid="resource-count"]')), /^400 pods/);
  const steps = await session.executeAsync(`
    const done = arguments[arguments.length - 1];
    const box = document.querySelector('[data-testid="resource-scroll"]');
    const widths = () => Object.fromEntries([...document.querySelectorAll('[data-testid="resource-table"] thead th[data-column]')].map((th) => [th.dataset.column, th.offsetWidth]));
    const frames = (n) => new Promise((resolve) => { const next = () => (n-- > 0 ? requestAnimationFrame(next) : resolve()); next(); });
    (async () => {
      const seen = [];
      const end = box.scrollHeight - box.clientHeight;
      for (let top = 0; top <= end; top += Math.round(box.clientHeight * 0.8)) {
        box.scrollTop = top;
        await frames(4);
        seen.push(widths());
      }
      box.scrollTop = 0;
      done(seen);
    })();`);
  assert.ok(steps.length >= 8, `pages scrolled through: ${steps.length}`);
  for (let i = 1; i < steps.length; i++) {
    for (const [column, width] of Object.entries(steps[i])) {
      if (column === "name") continue; // the column that takes the spare width
      assert.ok(width >= steps[i - 1][column], `page ${i + 1}: ${column} ${steps[i - 1][column]} → ${width} px (${JSON.stringify(steps)})`);
    }
  }
});

test("scaling a deployment on lab-staging changes its pods live, and a pod is deleted after a confirmation", async () => {
  await session.click(await ui.one(`${tab("lab-staging")} [role="tab"]`));
  await ui.waitAttr(tab("lab-staging"), "data-active", "true");
  await openKind("deployments");
  await ui.waitForRows("lab-staging deployments");
  const [first] = await session.findAll('[data-testid="resource-row"]');
  const name = await session.attribute(first, "data-name");
  const namespace = await session.attribute(first, "data-namespace");
  const replicas = Number(kubectl("lab-staging", ["get", "deployment", name, "-n", namespace, "-o", "jsonpath={.spec.replicas}"]));
  const want = replicas + 2;

  await openKind("pods");
  await ui.waitForRows("lab-staging pods");
  await setFilter(`${namespace}/${name}-`);
  // Pods of this deployment only (`cart-<template hash>-<suffix>`, not those of `cart-2`).
  const own = new RegExp(`^${namespace}/${name}-[a-z0-9]{6,10}-[a-z0-9]{5}$`);
  const count = async () => (await rowsShown()).filter((r) => own.test(r)).length;
  await session.waitFor(`${replicas} pods of ${name}`, async () => (await count()) === replicas, 30_000).catch(async (e) => {
    throw new Error(`${e.message}: shown ${JSON.stringify(await rowsShown())}`);
  });

  await openKind("deployments");
  await ui.waitForRows("lab-staging deployments");
  const row = `[data-testid="resource-row"][data-name="${name}"][data-namespace="${namespace}"]`;
  await session.click(await ui.one(`${row} [data-testid="row-scale"]`));
  const input = await session.waitFor("the scale input", async () => (await session.findAll('[data-testid="scale-input"]'))[0]);
  await session.click(input);
  await session.chord(["Control", "a"]);
  await session.type(input, String(want));
  await session.chord(["Enter"]);
  // The dialog closes once the scale is done; until then its overlay covers the sidebar.
  await session.waitFor("the scale dialog closed", async () => (await session.findAll('[role="dialog"]')).length === 0);

  await openKind("pods");
  await session.waitFor(`${want} pods of ${name}, live`, async () => (await count()) === want, 30_000);
  await shot("staging-scaled-pods");

  const [victim] = (await rowsShown()).filter((r) => own.test(r));
  const victimRow = `[data-testid="resource-row"][data-namespace="${victim.split("/")[0]}"][data-name="${victim.split("/")[1]}"]`;
  await session.click(await ui.one(`${victimRow} [data-testid="row-delete"]`));
  const dialog = await session.waitFor("the delete confirmation", async () => (await session.findAll('[role="dialog"]'))[0]);
  assert.match(await session.text(dialog), /lab-staging/);
  await shot("delete-pod-confirm");
  await session.click(await ui.one('[role="dialog"] [data-testid="confirm-action"]'));
  await session.waitFor(`${victim} gone`, async () => !(await rowsShown()).includes(victim), 30_000);
  await setFilter("");
});

test("a CRD's instances show its printer columns", async () => {
  await session.waitFor("the gizmos kind in the sidebar", async () => (await session.findAll(nav("gizmos.e2e.kubeli.dev"))).length === 1, 20_000);
  await openKind("gizmos.e2e.kubeli.dev");
  await shot("gizmos-opened");
  await ui.waitForRows("gizmos");
  assert.equal(await ui.attr('[data-testid="resource-table"]', "data-kind"), "gizmos.e2e.kubeli.dev");
  const columns = await session.execute(`return [...document.querySelectorAll('[data-testid="column-header"]')].map((h) => h.dataset.column);`);
  // The context's namespace is selected, so no namespace column.
  assert.deepEqual(columns, ["name", "colour", "teeth", "age"]);
  assert.deepEqual(await cells("colour"), ["teal"]);
  assert.deepEqual(await cells("teeth"), ["12"]);
  await shot("crd-printer-columns");
});

test("a list arriving page by page over a slow link says listing… with a growing count, then live", async () => {
  // 1,100 ConfigMaps (three pages of 500), each with 600 characters of hex so a page stays
  // hundreds of kB after gzip; then lab-dev behind a 2 Mbit/s link: each page ~1 s apart.
  await session.click(await ui.one(tab("lab-dev")));
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  const picked = await session.property(await ui.one('[data-testid="namespace-select"]'), "value");
  const ns = picked || "default"; // "" is all namespaces
  const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  for (let i = 0; i < 1_100; i += 100) {
    await Promise.all(Array.from({ length: 100 }, async (_, j) => {
      const res = await fetch(`${lab.control}/clusters/lab-dev/objects/configmaps`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `bulk-${i + j}`, namespace: ns }, data: { blob: hex(600) } }),
      });
      assert.ok(res.ok, `creating bulk-${i + j}: ${res.status}`);
    }));
  }
  const everywhere = await (await fetch(`${lab.control}/clusters/lab-dev/objects/configmaps`)).json();
  const shown = picked ? everywhere.filter((c) => c.metadata.namespace === ns).length : everywhere.length;
  await lab.addFault("lab-dev", { fault: "slow_link", kbit_per_s: 2_000 });
  try {
    // What the badge and the count say at each frame, recorded in the page from the click on.
    await session.execute(`
      const seen = (window.__listingSeen = []);
      const look = () => {
        const now = (document.querySelector('[data-testid="watch-state"]')?.dataset.state ?? "-") + " " + (document.querySelector('[data-testid="resource-count"]')?.textContent ?? "-");
        if (seen[seen.length - 1] !== now) seen.push(now);
        if (seen.length < 400) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);`);
    await openKind("configmaps");
    await ui.waitAttr('[data-testid="watch-state"]', "data-state", "listing", 20_000);
    await shot("configmaps-listing");
    await ui.waitAttr('[data-testid="watch-state"]', "data-state", "live", 30_000);
    await session.waitFor(`${shown} configmaps`, async () => (await session.text(await ui.one('[data-testid="resource-count"]'))).startsWith(`${shown} `));
    const seen = await session.execute("return window.__listingSeen;");
    const counts = (state) => seen.filter((s) => s.startsWith(`${state} `) && s.endsWith(" configmaps")).map((s) => Number(s.split(" ")[1]));
    // Rows of the first pages were on screen, said to be listing, before the rest arrived.
    assert.ok(counts("listing").some((n) => n > 0 && n < shown), JSON.stringify(seen));
    assert.ok(counts("live").length > 0 && !counts("live").some((n) => n < shown), `live with part of the list: ${JSON.stringify(seen)}`);
  } finally {
    await lab.setFault("lab-dev", "none");
  }
});

test("when listing namespaces and all-namespaces pods is forbidden: fallback namespaces are offered, all namespaces says to pick one, one namespace lists", async () => {
  const home = kubectl("lab-dev", ["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"lab-dev\")].context.namespace}"]).trim() || "default";
  await lab.addFault("lab-dev", { fault: "forbid_namespaces" });
  await lab.addFault("lab-dev", { fault: "forbid_all_namespaces", resource: "pods" });
  try {
    // Connect again, so the namespace watcher meets the 403 from the start.
    await session.click(await ui.one(`${tab("lab-dev")} [data-testid="cluster-tab-close"]`));
    await session.waitFor("lab-dev's tab closed", async () => (await session.findAll(tab("lab-dev"))).length === 0);
    await ui.connectFromHome("lab-dev");
    await session.waitFor("the fallback namespaces notice", async () => (await session.findAll('[data-testid="fallback-namespaces"]')).length === 1, 20_000);
    const offered = await session.execute(`return [...document.querySelectorAll('[data-testid="namespace-select"] option')].map((o) => o.value).filter(Boolean);`);
    assert.ok(offered.includes(home), `the context's namespace ${home} is offered: ${offered}`);

    await session.click(await ui.one('[data-testid="namespace-select"] option[value=""]'));
    await openKind("pods");
    const error = await session.waitFor("the all-namespaces forbidden state", async () => (await session.findAll('[data-testid="resource-error"][data-forbidden="true"]'))[0], 20_000);
    assert.match(await session.text(error), /Not allowed to list pods in all namespaces on lab-dev — pick a namespace/);
    await shot("forbidden-all-namespaces");

    // The user names a namespace they may list (the lab's `web` has pods), then picks it.
    const ns = "web";
    const input = await ui.one('[data-testid="fallback-namespace-input"]');
    await session.click(input);
    await session.type(input, ns);
    await session.chord(["\uE007"]); // Enter
    await session.waitFor(`namespace ${ns} offered`, async () => (await session.findAll(`[data-testid="namespace-select"] option[value="${ns}"]`)).length === 1);
    await session.click(await ui.one(`[data-testid="namespace-select"] option[value="${ns}"]`));
    await session.waitFor("the table's filter", async () => (await session.findAll('[data-testid="resource-filter"]')).length === 1, 20_000);
    await setFilter("");
    await ui.waitForRows(`lab-dev pods in ${ns}`);
    const inNs = kubectl("lab-dev", ["get", "pods", "-n", ns, "-o", "name"]).trim().split("\n").filter(Boolean).length;
    assert.ok(inNs > 0, `the lab has pods in ${ns}`);
    await session.waitFor("the count of pods in the namespace", async () => (await session.text(await ui.one('[data-testid="resource-count"]'))).includes(String(inNs)));
    for (const row of await rowsShown()) assert.ok(row.startsWith(`${ns}/`), `a pod of ${ns}: ${row}`);
    await shot("forbidden-one-namespace");
  } finally {
    await lab.setFault("lab-dev", "none");
  }
});

test("on OpenShift, where a user may not list namespaces but lists their projects, the picker offers the projects, live", async () => {
  await lab.addFault("lab-dev", { fault: "forbid_namespaces" });
  const post = (url, body) => fetch(lab.control + url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.ok((await post("/clusters/lab-dev/projects", {})).ok, "the lab serves projects");
  try {
    await session.click(await ui.one(`${tab("lab-dev")} [data-testid="cluster-tab-close"]`));
    await session.waitFor("lab-dev's tab closed", async () => (await session.findAll(tab("lab-dev"))).length === 0);
    await ui.connectFromHome("lab-dev");
    await session.waitFor("the picker listing projects", async () => (await ui.attr('[data-testid="namespace-select"]', "data-source")) === "projects", 20_000);
    // The real kubectl is the referee: the same projects, and no fallback notice.
    const projects = kubectl("lab-dev", ["get", "projects", "-o", "jsonpath={.items[*].metadata.name}"]).trim().split(/\s+/).sort();
    const offered = async () => (await session.execute(`return [...document.querySelectorAll('[data-testid="namespace-select"] option')].map((o) => o.value).filter(Boolean);`)).sort();
    assert.deepEqual(await offered(), projects);
    assert.equal((await session.findAll('[data-testid="fallback-namespaces"]')).length, 0);
    assert.match(await session.execute(`return document.querySelector('[data-testid="namespace-select"]').labels[0].textContent;`), /^Project$/);
    await shot("openshift-projects");
    assert.ok((await post("/clusters/lab-dev/objects/namespaces", { metadata: { name: "team-new" } })).ok);
    await session.waitFor("the new project offered", async () => (await offered()).includes("team-new"), 20_000);
  } finally {
    await lab.setFault("lab-dev", "none");
  }
});
