// Real-app E2E of Compare across clusters (issue #11): one deployment applied with the real
// `kubectl apply` to two lab clusters, identical except `replicas` (2 on lab-dev, 3 on
// lab-staging). Opened from its details panel, the compare lists exactly `spec.replicas`
// (2 → 3) — uid, versions, timestamps, kubectl's annotation and status left out — with both
// YAMLs side by side; the details panel names lab-staging under "same name in other
// clusters"; the namespace summary puts a deployment only lab-staging has under B. With
// lab-staging hung, lab-dev's side shows at once and Cancel ends the hung read.
// Screenshots: artifacts/e2e-compare-*.png.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { tab } from "./app.mjs";
import { openWorld } from "./world.mjs";

const NS = "compare-e2e";

const deployment = (name, replicas) => `apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${NS}, labels: {app: ${name}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]}
`;

let world;
let lab;
let session;
let ui;

function kubectl(context, args, input) {
  return execFileSync("kubectl", ["--kubeconfig", lab.kubeconfig, "--context", context, ...args], { input, encoding: "utf8", timeout: 30_000 });
}

const shot = (label) => world.shot(label);
const texts = (css) => session.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);`, [css]);
const attrs = (css, name) => session.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]));`, [css, name]);

async function clickWhen(css, what = css) {
  const el = await session.waitFor(what, async () => (await session.findAll(css))[0]);
  await session.click(el);
}

before(async () => {
  world = await openWorld("compare", {
    lab: { clusters: 2, pods: 20 },
    prepare: (w) => {
      lab = w.lab; // the kubectl helper reads it
      kubectl("lab-dev", ["apply", "-f", "-"], deployment("e2e-web", 2));
      kubectl("lab-staging", ["apply", "-f", "-"], deployment("e2e-web", 3));
      kubectl("lab-staging", ["apply", "-f", "-"], deployment("e2e-extra", 1));
    },
  });
  ({ lab, session, ui } = world);
});

after(() => world?.close());

test("a deployment differing only in replicas compares as exactly spec.replicas 2 → 3; the namespace summary puts a lab-staging-only deployment under B", async () => {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 2);
  await ui.connectFromHome("lab-staging");
  await ui.connectFromHome("lab-dev");
  await ui.waitAttr(tab("lab-dev"), "data-active", "true");
  await clickWhen('[data-testid="nav-kind"][data-kind="deployments"]', "the deployments entry");
  await ui.waitAttr('[data-testid="resource-tab"][data-kind="deployments"]', "data-active", "true");
  const filter = await session.waitFor("the table filter", async () => (await session.findAll('[data-testid="resource-filter"]'))[0]);
  await session.type(filter, "e2e-web");
  await clickWhen(`[data-testid="resource-row"][data-name="e2e-web"][data-namespace="${NS}"] td[data-column="name"]`, "the e2e-web row");
  await session.waitFor("the details of e2e-web", async () => (await texts('[data-testid="details-name"]'))[0] === "e2e-web");

  // "Same name in other clusters" names lab-staging, which has it.
  await session.waitFor("lab-staging under same name in other clusters", async () => (await attrs('[data-testid="same-name-cluster"]', "data-context")).some((c) => c?.endsWith("#lab-staging")));
  await shot("details-same-name");

  await clickWhen('[data-testid="open-compare"]', "the Compare button");
  await session.waitFor("the compare view", async () => (await session.findAll('[data-testid="compare-view"]')).length === 1);
  await session.waitFor("the differing paths", async () => (await session.findAll('[data-testid="compare-difference"]')).length > 0, 30_000);
  assert.deepEqual(await attrs('[data-testid="compare-difference"]', "data-path"), ["spec.replicas"], "exactly spec.replicas differs (status excluded by default)");
  const [line] = await texts('[data-testid="compare-difference"]');
  assert.match(line.replace(/\s+/g, " "), /spec\.replicas: 2 → 3/);

  // Both YAMLs side by side, noise removed, each pane under its cluster's chip.
  const panes = await session.waitFor("both YAML panes", async () => {
    const found = await texts('[data-testid="compare-merge"] .cm-content');
    return found.length === 2 && found.every((t) => t.includes("e2e-web")) ? found : null;
  }, 30_000);
  assert.ok(panes[0].includes("replicas: 2") && panes[1].includes("replicas: 3"), `panes:\n${panes.join("\n---\n")}`);
  for (const pane of panes) for (const noise of ["uid:", "resourceVersion:", "creationTimestamp:", "last-applied-configuration", "status:"]) assert.ok(!pane.includes(noise), `${noise} in\n${pane}`);
  const chips = await attrs('[data-testid="compare-pane"] [data-testid="compare-cluster-chip"]', "data-context");
  assert.ok(chips[0].endsWith("#lab-dev") && chips[1].endsWith("#lab-staging"), `pane chips: ${chips}`);
  // Drawn (not only in the DOM) before the screenshot: both editors laid out at full height.
  await session.waitFor("both editors drawn", async () => session.execute(`const hs = [...document.querySelectorAll('[data-testid="compare-merge"][data-ready="true"] .cm-editor')].map((e) => e.getBoundingClientRect().height); return hs.length === 2 && hs.every((h) => h > 200);`));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await shot("object");

  // With status, the controller's status joins the compare.
  await clickWhen('[data-testid="compare-include-status"]', "the include status switch");
  await session.waitFor("status in the panes", async () => (await texts('[data-testid="compare-merge"] .cm-content')).some((t) => t.includes("status:")), 30_000);
  await clickWhen('[data-testid="compare-include-status"]', "the include status switch again");

  // The namespace summary: lab-dev (A) against lab-staging (B).
  await clickWhen('[data-testid="compare-mode-summary"]', "the namespace summary tab");
  await session.waitFor("the namespace summary", async () => (await attrs('[data-testid="compare-summary"]', "aria-busy")).includes("false"), 30_000);
  const names = async (group) => session.execute(`return [...document.querySelectorAll('[data-testid="summary-${group}"] [data-testid="summary-name"]')].map((e) => e.dataset.name);`);
  assert.deepEqual(await names("only-b"), ["e2e-extra"]);
  assert.deepEqual(await names("only-a"), []);
  assert.deepEqual(await names("different"), ["e2e-web"]);
  await shot("summary");

  // Escape closes the compare; the details panel stays.
  await session.chord(["\uE00C"]);
  await session.waitFor("the compare closed", async () => (await session.findAll('[data-testid="compare-view"]')).length === 0);
  assert.equal((await session.findAll('[data-testid="details-panel"]')).length, 1);
});

test("a hung cluster does not hold the compare back: lab-dev shows while lab-staging loads, and Cancel ends it as cancelled", async () => {
  // The details panel of e2e-web on lab-dev is still open from the test above.
  await lab.setFault("lab-staging", "hang_after_connect");
  try {
    await clickWhen('[data-testid="open-compare"]', "the Compare button");
    await session.waitFor("the compare view", async () => (await session.findAll('[data-testid="compare-view"]')).length === 1);
    const stateOf = async (suffix) => (await session.execute(`return [...document.querySelectorAll('[data-testid="compare-pane"]')].filter((p) => p.dataset.context.endsWith(arguments[0])).map((p) => p.dataset.state);`, [suffix]))[0];
    await session.waitFor("lab-dev's side shown", async () => (await attrs('[data-testid="compare-progress"]', "data-settled"))[0] === "1", 30_000);
    assert.equal(await stateOf("#lab-staging"), "loading", "the hung cluster is still being read");
    assert.match((await texts('[data-testid="compare-progress"]'))[0], /1 of 2 clusters answered/);
    await shot("hung-loading");
    await clickWhen('[data-testid="compare-cancel"]', "Cancel");
    await session.waitFor("lab-staging cancelled", async () => (await stateOf("#lab-staging")) === "cancelled", 10_000);
    assert.equal((await session.findAll('[data-testid="compare-cancel"]')).length, 0, "nothing left to cancel");
    assert.match((await texts('[data-testid="compare-progress"]'))[0], /1 of 2 clusters answered · 1 cancelled/);
    await shot("hung-cancelled");
    await session.chord(["\uE00C"]);
    await session.waitFor("the compare closed", async () => (await session.findAll('[data-testid="compare-view"]')).length === 0);
  } finally {
    await lab.setFault("lab-staging", "none");
  }
});
