// `make screenshots`: the README's pictures, taken in the real app window under Xvfb over
// simulated lab clusters, written to docs/images/. Never run by `make test`.
//
// home-grid.png       the home grid with three lab contexts
// dashboard.png       three clusters connected, tabs and a live pods list
// shortcuts.png       the keyboard shortcuts sheet
// fault-red-tab.png   one cluster stopped: its tab turns red, the others stay green

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "../tests/e2e/webdriver.mjs";
import { startLab } from "../tests/e2e/lab.mjs";
import { kubeli, tab } from "../tests/e2e/app.mjs";

const root = path.resolve(import.meta.dirname, "..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const out = path.join(root, "docs", "images");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-screenshots-"));
fs.mkdirSync(path.join(work, "home"));
fs.mkdirSync(out, { recursive: true });
const lab = await startLab(work, { clusters: 3, pods: 60 });
const driver = await startDriver({
  env: {
    KUBECONFIG: lab.kubeconfig,
    HOME: path.join(work, "home"),
    KUBELI_CONFIG_DIR: path.join(work, "config"),
    KUBELI_HEALTH_INTERVAL_MS: "500",
  },
});
const session = await newSession(driver.url, app);
const ui = kubeli(session);
const shoot = async (name) => {
  // Let transitions settle before the picture.
  await new Promise((r) => setTimeout(r, 400));
  fs.writeFileSync(path.join(out, name), await session.screenshot());
  console.log(`screenshots: wrote docs/images/${name}`);
};

try {
  await session.waitFor("the lab's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 3);
  await shoot("home-grid.png");

  for (const context of ["lab-dev", "lab-staging", "lab-prod"]) await ui.connectFromHome(context);
  await ui.waitForRows("lab-prod");
  await shoot("dashboard.png");

  await session.chord(["Shift", "?"]);
  await session.waitFor("the shortcuts sheet", async () => (await session.findAll('[role="dialog"]')).length > 0);
  await shoot("shortcuts.png");
  await session.chord(["Escape"]);

  // The About panel, for a look (artifacts/, not the README).
  await session.click(await ui.one('[data-testid="settings-button"]'));
  await session.click(await session.waitFor("the About button", async () => (await session.findAll('[data-testid="about-button"]'))[0]));
  await session.waitFor("the version", async () => (await session.findAll('[data-testid="about-version"]')).length === 1);
  fs.mkdirSync(path.join(root, "artifacts"), { recursive: true });
  fs.writeFileSync(path.join(root, "artifacts", "about.png"), await session.screenshot());
  const title = await session.execute("return document.title");
  console.log(`screenshots: window title while lab-prod is active: ${title}`);
  await session.chord(["Escape"]);

  await lab.setFault("lab-staging", "down");
  await ui.waitAttr(tab("lab-staging"), "data-health", "unreachable", 30_000);
  // Look at the failing cluster: its header says why, the other tabs stay green.
  await session.click(await ui.one(tab("lab-staging")));
  await ui.waitAttr(tab("lab-staging"), "data-active", "true");
  await shoot("fault-red-tab.png");
  await lab.setFault("lab-staging", "none");
} finally {
  await session.close();
  await driver.stop();
  await lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
