// Real-app E2E: clusters reached through Rancher. The lab's Rancher-style front serves every
// cluster at one host and port under `/k8s/clusters/{id}`, as the kubeconfigs Rancher hands out
// do; the app reads only that file. Each card shows the end of its server URL (what tells the
// clusters apart), each tab reaches its own cluster, and a cluster whose agent is gone is
// named unreachable with Rancher's answer while the other stays healthy.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { card, tab } from "./app.mjs";
import { openWorld } from "./world.mjs";

let world;
let lab;
let session;
let ui;

before(async () => {
  world = await openWorld("rancher", {
    lab: { clusters: 2, pods: 24, seed: 5, rancher: true },
    env: (w) => ({ KUBECONFIG: w.lab.rancherKubeconfig, KUBELI_HEALTH_INTERVAL_MS: "500" }),
  });
  ({ lab, session, ui } = world);
});

after(() => world?.close());

/** The name of the first row of the active cluster's list. */
const firstRow = async () => ui.attr('[data-testid="resource-row"]', "data-name");

test("two clusters at one host: each card and tab its own cluster; one going down leaves the other", async () => {
  await session.waitFor("the two cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 2, 60_000);
  for (const [context, id] of [["rancher-dev", "c-m-dev"], ["rancher-staging", "c-m-staging"]]) {
    const tail = await session.text(await ui.one(`${card(context)} [data-testid="server-url"] > span:last-child`));
    assert.equal(tail, `/${id}`, `${context}'s card keeps the end of its server URL in view`);
  }
  await world.shot("home");

  const pods = { "rancher-dev": await lab.pods("lab-dev"), "rancher-staging": await lab.pods("lab-staging") };
  for (const context of ["rancher-dev", "rancher-staging"]) {
    await ui.connectFromHome(context);
    await ui.waitAttr(tab(context), "data-health", "healthy", 30_000);
    await ui.waitForRows(`${context}'s pods`);
    const other = context === "rancher-dev" ? "rancher-staging" : "rancher-dev";
    const own = new Set(pods[context].map((p) => p.metadata.name));
    const theirs = new Set(pods[other].map((p) => p.metadata.name));
    // The first row is one of its own cluster's pods and not one of the other's.
    await session.waitFor(`${context}'s own first pod`, async () => {
      const name = await firstRow();
      return own.has(name) && !theirs.has(name);
    }, 20_000);
  }
  await world.shot("staging");

  await lab.setFault("lab-dev", "down");
  await ui.waitAttr(tab("rancher-dev"), "data-health", "unreachable", 30_000);
  const said = (await ui.attr(tab("rancher-dev"), "data-tooltip")) ?? "";
  assert.match(said, /rancher-dev: the API server answered 503 Service Unavailable: "cluster agent disconnected" \(ClusterUnavailable\), not a Kubernetes answer/);
  assert.equal(await ui.attr(tab("rancher-staging"), "data-health"), "healthy");
  await session.click(await ui.one(tab("rancher-dev")));
  await world.shot("dev-down");
  await lab.setFault("lab-dev", "none");
  await ui.waitAttr(tab("rancher-dev"), "data-health", "healthy", 30_000);
});
