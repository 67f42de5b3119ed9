// Real-app E2E of the details panel, actions, overview and command palette over lab clusters:
// open kinds through the Ctrl+K palette, edit a configmap's YAML in the editor, review the
// diff and apply it (checked with the real kubectl), see a change made meanwhile answer 409
// inline and force it, follow an object changed and deleted with kubectl, create one from YAML, drain a node (its pods evicted, checked with kubectl), and open the
// cluster overview. Screenshots land in artifacts/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { artifacts, openWorld } from "./world.mjs";

const KEY = { Home: "\uE011", End: "\uE010", ArrowDown: "\uE015", Backspace: "\uE003", Enter: "\uE007", Escape: "\uE00C", Tab: "\uE004" };

let world;
let lab;
let session;
let ui;

/** The real kubectl against the lab's dev cluster. */
function kubectl(...args) {
  return kubectlWith(undefined, ...args);
}
function kubectlWith(input, ...args) {
  return execFileSync("/usr/bin/kubectl", ["--kubeconfig", lab.kubeconfig, "--context", "lab-dev", ...args], { encoding: "utf8", timeout: 30_000, input });
}
const configMap = () => JSON.parse(kubectl("get", "configmap", "e2e-settings", "-n", "default", "-o", "json"));

async function shot(name) {
  fs.writeFileSync(path.join(artifacts, `e2e-${name}.png`), await session.screenshot());
}

/** Ctrl+K, type `query`, Enter: the first match runs. */
async function palette(query) {
  await session.chord(["Control", "k"]);
  const input = await session.waitFor("the palette's input", async () => (await session.findAll('[data-testid="cluster-picker-input"]'))[0]);
  await session.type(input, query);
  await session.waitFor(`a palette match for ${query}`, async () => (await session.findAll('[data-testid="command-palette"] [cmdk-item]')).length > 0);
  await session.chord([KEY.Enter]);
  await session.waitFor("the palette closed", async () => (await session.findAll('[data-testid="command-palette"]')).length === 0);
}

async function clickWhen(css, what = css) {
  const el = await session.waitFor(what, async () => (await session.findAll(css))[0]);
  await session.click(el);
}

/** Opens the row named `name` of the kind on screen (filtering the table to it). */
async function openRow(name) {
  const filter = await session.waitFor("the table filter", async () => (await session.findAll('[data-testid="dashboard"] input[type="search"]'))[0]);
  await session.type(filter, name);
  await clickWhen(`[data-testid="resource-row"][data-name="${name}"] td[data-column="name"]`, `the row ${name}`);
  await session.waitFor(`the details of ${name}`, async () => (await textOf('[data-testid="details-name"]')) === name);
}

/** Empties the table filter of the kind on screen. */
async function clearFilter() {
  const filter = await session.waitFor("the table filter", async () => (await session.findAll('[data-testid="dashboard"] input[type="search"]'))[0]);
  await session.click(filter);
  await session.chord(["Control", "a"]);
  await session.chord([KEY.Backspace]);
  await session.waitFor("the filter emptied", async () => (await session.execute("return document.querySelector('[data-testid=dashboard] input[type=search]').value")) === "");
}

/** In the Edit tab: replace the value on the `line`-th line (1-based) after its last character with `value`. */
async function editLine(line, erase, value) {
  const content = await session.waitFor("the code editor", async () => (await session.findAll('[data-testid="yaml-editor"] .cm-content'))[0], 30_000);
  await session.click(content);
  await session.chord(["Control", KEY.Home]);
  for (let i = 1; i < line; i++) await session.chord([KEY.ArrowDown]);
  await session.chord([KEY.End]);
  for (let i = 0; i < erase; i++) await session.chord([KEY.Backspace]);
  await session.type(content, value);
}

/** The text content of the first match ("" when none); WebDriver's own text is "" for parts it deems hidden. */
async function textOf(css) {
  return session.execute("return document.querySelector(arguments[0])?.textContent ?? ''", [css]);
}

before(async () => {
  world = await openWorld("details", { lab: { clusters: 1, pods: 30 } });
  ({ lab, session, ui } = world);
  // From a file: kubectl sends it as JSON (its generators would send protobuf, which the lab does not read).
  kubectlWith(JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "e2e-settings", namespace: "default" }, data: { mode: "a" } }), "create", "-f", "-");
});

after(() => world?.close({ lastShot: false }));

test("edit a configmap in the editor, review the diff, apply; a change made meanwhile answers 409 inline and force wins", async () => {
  await ui.connectFromHome("lab-dev");
  await palette("all namespaces");
  await palette("configmaps");
  await openRow("e2e-settings");
  await shot("details-panel");

  await clickWhen('[data-testid="details-tab-edit"]');
  // The YAML is `apiVersion`, `data`, `mode: a` first (keys sorted): line 3 is the value.
  await session.waitFor("the YAML in the editor", async () => (await textOf('[data-testid="yaml-editor"] .cm-content')).includes("mode: a"), 30_000);
  await editLine(3, 1, "b");
  await clickWhen('[data-testid="review-yaml"]');
  const diff = await session.waitFor("the diff", async () => (await session.findAll('[data-testid="yaml-diff"]'))[0]);
  const changed = await session.execute('return [...document.querySelectorAll("[data-testid=yaml-diff] [data-change]")].map((l) => l.dataset.change + ":" + l.textContent.trim())');
  assert.deepEqual(changed, ["removed:-  mode: a", "added:+  mode: b"], `diff lines: ${JSON.stringify(changed)}`);
  assert.ok(diff);
  await shot("yaml-diff");
  await clickWhen('[data-testid="apply-yaml"]');
  await session.waitFor("kubectl sees mode=b", async () => configMap().data.mode === "b");
  // The page learns of the apply after the lab does: until its toast shows, the editor still
  // holds the draft (which reads "mode: b" too), and an edit typed into it would be dropped by
  // the reload that follows the apply (a race seen once under load in CI).
  await session.waitFor("the applied toast", () => session.execute('return [...document.querySelectorAll("[data-sonner-toast]")].some((t) => /Applied e2e-settings on lab-dev/.test(t.textContent))'));

  // Edit again, but the object changes in the lab before the apply.
  await session.waitFor("the applied YAML in the editor", async () => (await textOf('[data-testid="yaml-editor"] .cm-content')).includes("mode: b"), 30_000);
  await editLine(3, 1, "c");
  await clickWhen('[data-testid="review-yaml"]');
  const applyAt = () => session.execute('const r = document.querySelector("[data-testid=apply-yaml]").getBoundingClientRect(); return [r.left, r.top]');
  await session.waitFor("the diff to review", async () => (await session.findAll('[data-testid="apply-yaml"]')).length === 1);
  const before = await applyAt();
  kubectl("patch", "configmap", "e2e-settings", "-n", "default", "--type=merge", "-p", '{"data":{"mode":"theirs"}}');
  // The page hears of the change and says so below the buttons: the Apply button a user is
  // about to click stays where it was.
  await session.waitFor("the change made meanwhile announced", async () => (await textOf('[data-testid="yaml-changed"]')).includes("lab-dev"));
  assert.deepEqual(await applyAt(), before, "the notice moved the Apply button");
  await shot("yaml-changed");
  await clickWhen('[data-testid="apply-yaml"]');
  await session.waitFor("the 409 shown inline", async () => (await textOf('[data-testid="yaml-conflict"]')).includes("lab-dev"));
  assert.equal(configMap().data.mode, "theirs", "the stale edit did not overwrite the change");
  await shot("yaml-conflict");
  await clickWhen('[data-testid="yaml-force"]');
  await session.waitFor("kubectl sees the forced mode=c", async () => configMap().data.mode === "c");
  await session.chord([KEY.Escape]);
  await session.waitFor("the panel closed", async () => (await session.findAll('[data-testid="details-panel"]')).length === 0);
});

test("the details panel follows its object: changes made with kubectl show, a delete shows as deleted", async () => {
  const manifest = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "e2e-live", namespace: "default" }, data: { mode: "one" } };
  kubectlWith(JSON.stringify(manifest), "create", "-f", "-");
  await palette("configmaps");
  await clearFilter();
  await openRow("e2e-live");
  await session.waitFor("the overview", async () => (await session.findAll('[data-testid="details-overview"]')).length === 1);
  kubectl("patch", "configmap", "e2e-live", "-n", "default", "--type=merge", "-p", '{"metadata":{"labels":{"stage":"two"}}}');
  await session.waitFor("the new label in the overview", async () => (await textOf('[data-testid="details-labels"]')).includes("stage=two"), 30_000);
  await clickWhen('[data-testid="details-tab-yaml"]');
  await session.waitFor("the YAML tab", async () => (await textOf('[data-testid="yaml-view"]')).includes("mode: one"), 30_000);
  kubectl("patch", "configmap", "e2e-live", "-n", "default", "--type=merge", "-p", '{"data":{"mode":"two"}}');
  await session.waitFor("the YAML tab following the change", async () => (await textOf('[data-testid="yaml-view"]')).includes("mode: two"), 30_000);
  await shot("details-live");
  kubectl("delete", "configmap", "e2e-live", "-n", "default");
  await session.waitFor("the panel showing the delete", async () => (await textOf('[data-testid="details-deleted"]')).includes("e2e-live was deleted"), 30_000);
  await shot("details-deleted");
  await session.chord([KEY.Escape]);
  await session.waitFor("the panel closed", async () => (await session.findAll('[data-testid="details-panel"]')).length === 0);
});

test("create a ConfigMap from YAML in the dialog; the real kubectl sees it", async () => {
  // The Create button sits bottom right, where toasts and the closing panel can briefly cover it.
  // (waitFor tries again while the click is intercepted.)
  await session.waitFor("the Create button clicked", async () => {
    await session.click((await session.findAll('[data-testid="create-resource"]'))[0]);
    return true;
  });
  const content = await session.waitFor("the create dialog's editor", async () => (await session.findAll('[role="dialog"] [data-testid="yaml-editor"] .cm-content'))[0], 30_000);
  await session.click(content);
  await session.chord(["Control", "a"]);
  await session.chord([KEY.Backspace]);
  // One line of flow YAML: the editor's auto-indent cannot reshape it.
  await session.type(content, "{apiVersion: v1, kind: ConfigMap, metadata: {name: e2e-created, namespace: default}, data: {made: by-kubeli}}");
  await clickWhen('[data-testid="create-yaml"]');
  await session.waitFor("the dialog closed", async () => (await session.findAll('[role="dialog"] [data-testid="create-yaml"]')).length === 0, 20_000);
  const created = () => {
    try {
      return JSON.parse(kubectl("get", "configmap", "e2e-created", "-n", "default", "-o", "json"));
    } catch {
      return null;
    }
  };
  await session.waitFor("kubectl sees the new configmap", async () => created()?.data?.made === "by-kubeli");
  await session.waitFor("its details opened", async () => (await textOf('[data-testid="details-name"]')) === "e2e-created");
  await shot("created-from-yaml");
  await session.chord([KEY.Escape]);
  await session.waitFor("the panel closed", async () => (await session.findAll('[data-testid="details-panel"]')).length === 0);
});

test("drain a node from its details like kubectl: an unmanaged pod with emptyDir data needs force and delete-emptyDir; pods are evicted, DaemonSet pods stay", async () => {
  const nodes = JSON.parse(kubectl("get", "nodes", "-o", "json")).items.map((n) => n.metadata.name);
  const podsOn = (node) => JSON.parse(kubectl("get", "pods", "-A", "--field-selector", `spec.nodeName=${node}`, "-o", "json")).items;
  const node = nodes.find((n) => podsOn(n).some((p) => p.metadata.ownerReferences?.[0]?.kind === "ReplicaSet"));
  assert.ok(node, "a node runs ReplicaSet pods");
  const scratch = { apiVersion: "v1", kind: "Pod", metadata: { name: "e2e-scratch", namespace: "default" }, spec: { nodeName: node, containers: [{ name: "c", image: "busybox" }], volumes: [{ name: "tmp", emptyDir: {} }] } };
  kubectlWith(JSON.stringify(scratch), "create", "-f", "-");
  await palette("nodes");
  await clearFilter();
  await openRow(node);
  await clickWhen('[data-testid="action-drain"]');
  await session.waitFor("the confirm dialog naming the cluster", async () => (await textOf('[data-testid="action-cluster"]')).includes("lab-dev"));
  await session.waitFor("the unmanaged pod offered to force", async () => (await textOf('[data-testid="drain-plan"]')).includes("default/e2e-scratch"), 20_000);
  const confirmEnabled = async () => session.execute("return !document.querySelector('[data-testid=confirm-action]').disabled");
  assert.equal(await confirmEnabled(), false, "blocked until force and delete-emptyDir are chosen");
  await shot("drain-confirm");
  await clickWhen('[data-testid="drain-force"]');
  await clickWhen('[data-testid="drain-empty-dir"]');
  await session.waitFor("the drain allowed", confirmEnabled);
  await clickWhen('[data-testid="confirm-action"]');
  await session.waitFor("only DaemonSet pods left on the node", async () => podsOn(node).every((p) => p.metadata.ownerReferences?.[0]?.kind === "DaemonSet"), 30_000);
  const cordoned = JSON.parse(kubectl("get", "node", node, "-o", "json"));
  assert.equal(cordoned.spec.unschedulable, true);
  await session.chord([KEY.Escape]);
});

test("a pod's details list its containers with image and state, and its owner", async () => {
  const pod = JSON.parse(kubectl("get", "pods", "-A", "-o", "json")).items.find((p) => p.metadata.ownerReferences?.[0]?.kind === "ReplicaSet");
  await palette("pods");
  await openRow(pod.metadata.name);
  await session.waitFor("the pod's containers", async () => (await textOf('[data-testid="details-containers"]')).includes(pod.spec.containers[0].image));
  assert.ok((await textOf('[data-testid="details-related"]')).includes(`ReplicaSet ${pod.metadata.ownerReferences[0].name}`));
  await shot("details-pod");
  await session.chord([KEY.Escape]);
});

test("rows by keyboard alone: Tab reaches a row, ArrowDown moves, Enter opens that row's details", async () => {
  await palette("pods");
  await clearFilter();
  const focusedRow = () => session.execute("return document.activeElement?.dataset?.testid === 'resource-row' ? document.activeElement.dataset.name : null");
  for (let i = 0; i < 40 && !(await focusedRow()); i++) await session.chord([KEY.Tab]);
  const first = await focusedRow();
  assert.ok(first, "Tab reaches a row of the table");
  await session.chord([KEY.ArrowDown]);
  const second = await session.waitFor("the next row focused", async () => {
    const name = await focusedRow();
    return name && name !== first ? name : null;
  });
  await session.chord([KEY.Enter]);
  await session.waitFor(`the details of ${second}`, async () => (await textOf('[data-testid="details-name"]')) === second);
  await session.chord([KEY.Escape]);
  await session.waitFor("focus back on the row", async () => (await focusedRow()) === second);
});

test("the cluster overview counts what the lab holds; the palette lists clusters, kinds and namespaces", async () => {
  await palette("cluster overview");
  const pods = JSON.parse(kubectl("get", "pods", "-A", "-o", "json")).items.length;
  await session.waitFor("the overview's pod count", async () => (await textOf('[data-testid="overview-count-pods"]')) === String(pods), 30_000);
  await session.waitFor("metrics from metrics.k8s.io", async () => (await session.findAll('[data-testid="overview-metrics"]')).length === 1, 30_000);
  await shot("cluster-overview");

  await session.chord(["Control", "k"]);
  const input = await session.waitFor("the palette's input", async () => (await session.findAll('[data-testid="cluster-picker-input"]'))[0]);
  await session.type(input, "de");
  await session.waitFor("matches for 'de'", async () => (await session.findAll('[data-testid="cluster-picker-option"][data-context="lab-dev"]')).length === 1);
  assert.ok((await session.findAll('[data-testid="palette-kind"]')).length > 0, "kinds match too");
  await shot("command-palette");
  await session.chord([KEY.Escape]);
});
