// Real-app E2E of the all-clusters scope (issue #11), one app start over three lab clusters:
// the pods view of lab-dev switched to all clusters shows rows of all three (data-context,
// cluster-cell), sorted by restarts across them (restart counts set through the lab); a pod
// of the same name on every cluster deleted from lab-staging's row is confirmed naming
// lab-staging and is gone from lab-staging only; a cluster stopped mid-view shows its state
// with its cause while the others' rows stay; a bulk delete of the same pod on two clusters is
// confirmed grouped by cluster and deletes on each; a bulk scale of a deployment on two clusters
// is confirmed grouped by cluster and scales each. Screenshots land in artifacts/ (e2e-allscope-*.png).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { card, tab } from "./app.mjs";
import { openWorld } from "./world.mjs";

const CONTEXTS = ["lab-dev", "lab-staging", "lab-prod"];
/** Restarts given to the pod every cluster has, above any the lab seeds: the top of a descending sort. */
const RESTARTS = { "lab-dev": 500, "lab-staging": 700, "lab-prod": 600 };
const SHARED = "shared-cache";
const SHARED_POD = `apiVersion: v1
kind: Pod
metadata: {name: ${SHARED}, namespace: default}
spec:
  containers: [{name: cache, image: redis:7}]
`;
const header = (column) => `[data-testid="column-header"][data-column="${column}"]`;
const row = (context, name) => `[data-testid="resource-row"][data-context="${context}"][data-name="${name}"]`;
const clusterState = (context) => `[data-testid="scope-cluster-state"][data-context="${context}"]`;

let world;
let lab;
let session;
let ui;

function kubectl(context, args, input) {
  return execFileSync("kubectl", ["--kubeconfig", lab.kubeconfig, "--context", context, ...args], { input, encoding: "utf8", timeout: 30_000 });
}

const shot = (label) => world.shot(label);

/** The rows in view: cluster (data-context), the cluster cell's text, name and restarts. */
const rowsShown = () =>
  session.execute(
    `return [...document.querySelectorAll('[data-testid="resource-row"]')].map((r) => ({
       context: r.dataset.context,
       cell: r.querySelector('[data-testid="cluster-cell"]')?.textContent ?? null,
       name: r.dataset.name,
       restarts: r.querySelector('td[data-column="restarts"]')?.textContent ?? null,
     }));`,
  );

async function sortBy(column, direction) {
  for (let i = 0; i < 3 && (await ui.attr(header(column), "aria-sort")) !== direction; i++) {
    await session.click(await ui.one(`${header(column)} button`));
  }
  assert.equal(await ui.attr(header(column), "aria-sort"), direction);
}

/** Sets the restart count of a pod as a kubelet would report it, through the lab's control endpoint. */
async function setRestarts(context, namespace, name, restarts) {
  const res = await fetch(`${lab.control}/clusters/${context}/objects/pods/${namespace}/${name}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: { phase: "Running", containerStatuses: [{ name: "cache", restartCount: restarts, ready: true }] } }),
    signal: AbortSignal.timeout(10_000),
  });
  assert.ok(res.ok, `lab control: restarts of ${namespace}/${name} on ${context} answered ${res.status}`);
}

const hasShared = async (context) => (await lab.pods(context)).some((p) => p.metadata.name === SHARED && p.metadata.namespace === "default");

before(async () => {
  world = await openWorld("allscope", {
    lab: { clusters: 3, pods: 8 },
    prepare: async (w) => {
      lab = w.lab; // the kubectl helper reads it
      for (const context of CONTEXTS) {
        kubectl(context, ["apply", "-f", "-"], SHARED_POD);
        await setRestarts(context, "default", SHARED, RESTARTS[context]);
      }
    },
  });
  ({ lab, session, ui } = world);
  await session.setWindowRect({ width: 1440, height: 900 });
});

after(() => world?.close());

test("the pods of three clusters in one table, sorted by restarts across them", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);
  for (const context of CONTEXTS) await session.click(await ui.one(`${card(context)} [data-testid="select-cluster"]`));
  await session.click(await ui.one('[data-testid="connect-selected"]'));
  for (const context of CONTEXTS) await ui.waitAttr(tab(context), "data-health", "healthy", 30_000);

  await session.click(await ui.one(`${tab("lab-dev")} [role="tab"]`));
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="pods"]'));
  await ui.waitForRows("lab-dev pods");
  assert.deepEqual([...new Set((await rowsShown()).map((r) => r.context))], ["lab-dev"], "before the switch only lab-dev's rows");

  const toggle = await ui.one('[data-testid="scope-all-clusters"]');
  assert.equal(await session.attribute(toggle, "aria-pressed"), "false");
  await session.click(toggle);
  await ui.waitAttr('[data-testid="scope-all-clusters"]', "aria-pressed", "true");
  await session.waitFor("rows of all three clusters", async () => new Set((await rowsShown()).map((r) => r.context)).size === 3, 30_000);
  const rows = await rowsShown();
  for (const r of rows) assert.equal(r.cell, r.context, `the Cluster cell names the row's cluster: ${JSON.stringify(r)}`);
  for (const context of CONTEXTS) assert.ok(rows.some((r) => r.context === context && r.name === SHARED), `${SHARED} of ${context} is a row of its own`);

  await sortBy("restarts", "descending");
  await session.waitFor("the shared pods on top by restarts", async () => {
    const top = (await rowsShown()).slice(0, 3);
    return JSON.stringify(top.map((r) => [r.context, r.name, r.restarts])) === JSON.stringify([["lab-staging", SHARED, "700"], ["lab-prod", SHARED, "600"], ["lab-dev", SHARED, "500"]]);
  });
  const restarts = (await rowsShown()).map((r) => Number(r.restarts));
  assert.deepEqual(restarts, [...restarts].sort((a, b) => b - a), `restarts descending across clusters: ${restarts}`);
  // Each cluster's list is in and its watch live (the strip says "listing…" until it reports).
  const strip = () => session.execute(`return [...document.querySelectorAll('[data-testid="scope-cluster-state"]')].map((s) => s.dataset.context + " " + s.dataset.state);`);
  await session.waitFor("every cluster live in the strip", async () => JSON.stringify(await strip()) === JSON.stringify(CONTEXTS.map((c) => `${c} live`)));
  await shot("merged");

  // The picker lists each connected cluster, all ticked, the view's own one fixed.
  await session.click(await ui.one('[data-testid="scope-picker"]'));
  const boxes = await session.waitFor("the scope picker", async () => {
    const found = await session.execute(`return [...document.querySelectorAll('[data-testid="scope-cluster"]')].map((b) => [b.dataset.context, b.checked, b.disabled]);`);
    return found.length === 3 ? found : null;
  });
  assert.deepEqual(boxes, [["lab-dev", true, true], ["lab-staging", true, false], ["lab-prod", true, false]]);
  await shot("picker");
  await session.chord(["\uE00C"]); // Escape
  await session.waitFor("the picker closed", async () => (await session.findAll('[data-testid="scope-cluster"]')).length === 0);
});

test("a delete from a row of another cluster is confirmed naming that cluster and removes the object there only", async () => {
  await session.click(await ui.one(`${row("lab-staging", SHARED)} [data-testid="row-delete"]`));
  // Read once the dialog has faded in (WebDriver reads no text while it is transparent).
  const text = await session.waitFor("the delete confirmation", async () => {
    const [dialog] = await session.findAll('[role="dialog"]');
    const shown = dialog ? await session.text(dialog) : "";
    return shown.includes("Delete") ? shown : null;
  });
  assert.match(text, /lab-staging/, `the confirmation names lab-staging: ${text}`);
  assert.doesNotMatch(text, /lab-dev|lab-prod/, `and no other cluster: ${text}`);
  const badge = await session.execute(`return document.querySelector('[role="dialog"] [data-testid="dialog-cluster"]')?.textContent ?? "";`);
  assert.match(badge, /lab-staging/, `the dialog's cluster badge: ${badge}`);
  await shot("delete-confirm");
  await session.click(await ui.one('[role="dialog"] [data-testid="confirm-action"]'));
  await session.waitFor(`${SHARED} gone from lab-staging`, async () => !(await hasShared("lab-staging")), 30_000);
  assert.equal(await hasShared("lab-dev"), true, "lab-dev keeps its pod of the same name");
  assert.equal(await hasShared("lab-prod"), true, "lab-prod keeps its pod of the same name");
  assert.match(kubectl("lab-dev", ["get", "pod", "-n", "default", SHARED, "-o", "name"]), /shared-cache/);
  await session.waitFor("the row gone from the table", async () => (await session.findAll(row("lab-staging", SHARED))).length === 0, 30_000);
  assert.equal((await session.findAll(row("lab-dev", SHARED))).length, 1);
  assert.equal((await session.findAll(row("lab-prod", SHARED))).length, 1);
});

test("a cluster stopped mid-view shows its state with the cause while the others' rows stay", async () => {
  await lab.setFault("lab-prod", "down");
  await session.waitFor("lab-prod's state in the strip", async () => ["reconnecting", "stale", "failed"].includes(await ui.attr(clusterState("lab-prod"), "data-state")), 60_000);
  const cause = await session.waitFor("the cause", () =>
    session.execute(`return document.querySelector(arguments[0])?.textContent || null;`, [`${clusterState("lab-prod")} [data-testid="scope-cluster-cause"]`]),
  );
  assert.match(cause, /lab-prod/, `the cause names the cluster: ${cause}`);
  assert.ok(cause.length > 3, `a cause is shown: ${cause}`);
  assert.equal(await ui.attr(clusterState("lab-dev"), "data-state"), "live");
  assert.equal(await ui.attr(clusterState("lab-staging"), "data-state"), "live");
  const contexts = new Set((await rowsShown()).map((r) => r.context));
  assert.ok(contexts.has("lab-dev") && contexts.has("lab-staging"), `the other clusters' rows stay: ${[...contexts]}`);
  await shot("cluster-down");
  await lab.setFault("lab-prod", "none");
});

test("a bulk delete across two clusters confirms grouped by cluster and deletes on each", async () => {
  await ui.waitAttr(clusterState("lab-prod"), "data-state", "live", 90_000);
  for (const context of ["lab-dev", "lab-prod"]) {
    const select = await session.waitFor(`${SHARED} of ${context}`, async () => (await session.findAll(`${row(context, SHARED)} [data-testid="row-select"]`))[0], 30_000);
    await session.click(select);
  }
  await session.click(await ui.one('[data-testid="bulk-delete"]'));
  const groups = await session.waitFor("the grouped confirmation", async () => {
    const found = await session.execute(`return [...document.querySelectorAll('[role="dialog"] [data-testid="bulk-delete-cluster"]')].map((g) => g.dataset.context + ": " + g.querySelector('[data-testid="bulk-delete-list"]').textContent);`);
    return found.length === 2 ? found : null;
  });
  assert.deepEqual(groups.sort(), [`lab-dev: default/${SHARED}`, `lab-prod: default/${SHARED}`]);
  await session.waitFor("the dialog shown", async () => (await session.text(await ui.one('[role="dialog"]'))).includes("Delete 2"));
  await shot("bulk-confirm");
  await session.click(await ui.one('[role="dialog"] [data-testid="confirm-action"]'));
  await session.waitFor(`${SHARED} gone from lab-dev and lab-prod`, async () => !(await hasShared("lab-dev")) && !(await hasShared("lab-prod")), 30_000);
});

test("a bulk scale across two clusters confirms grouped by cluster and scales each on its own cluster", async () => {
  const web = (replicas) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: bulk-web, namespace: default, labels: {app: bulk-web}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: bulk-web}}
  template:
    metadata: {labels: {app: bulk-web}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
`;
  for (const context of ["lab-dev", "lab-prod"]) kubectl(context, ["apply", "-f", "-"], web(1));
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="deployments"]'));
  await ui.waitAttr('[data-testid="resource-tab"][data-kind="deployments"]', "data-active", "true");
  const toggle = await session.waitFor("the deployments view's toolbar", async () => (await session.findAll('[data-testid="scope-all-clusters"]'))[0], 30_000);
  if ((await session.attribute(toggle, "aria-pressed")) !== "true") await session.click(toggle);
  for (const context of ["lab-dev", "lab-prod"]) {
    const select = await session.waitFor(`bulk-web of ${context}`, async () => (await session.findAll(`${row(context, "bulk-web")} [data-testid="row-select"]`))[0], 30_000);
    await session.click(select);
  }
  await session.click(await ui.one('[data-testid="bulk-scale"]'));
  const groups = await session.waitFor("the grouped confirmation", async () => {
    const found = await session.execute(`return [...document.querySelectorAll('[role="dialog"] [data-testid="bulk-delete-cluster"]')].map((g) => g.dataset.context);`);
    return found.length === 2 ? found : null;
  });
  assert.deepEqual(groups.sort(), ["lab-dev", "lab-prod"]);
  await session.type(await ui.one('[role="dialog"] [data-testid="bulk-scale-replicas"]'), "3");
  await shot("bulk-scale-confirm");
  await session.click(await ui.one('[role="dialog"] [data-testid="confirm-action"]'));
  const replicas = (context) => kubectl(context, ["get", "deployment", "-n", "default", "bulk-web", "-o", "jsonpath={.spec.replicas}"]).trim();
  await session.waitFor("bulk-web scaled to 3 on lab-dev and lab-prod", async () => replicas("lab-dev") === "3" && replicas("lab-prod") === "3", 30_000);
  assert.equal((await session.findAll('[role="dialog"]')).length, 0, "the dialog closed");
});
