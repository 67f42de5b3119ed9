// Starts the installed app (KUBELI_APP, e.g. /usr/bin/kubeli) through tauri-driver with the
// user's HOME (KUBELI_HOME), measures cold start to first paint of the home grid, writes
// artifacts/installed-app.png, resizes the window to 1111×777 (saved to the config folder
// half a second later) and closes it. With the argument `restore` it only prints the size
// the window opened with, to check the saved size came back.

import fs from "node:fs";
import path from "node:path";
import { startDriver, newSession } from "../tests/e2e/webdriver.mjs";

const root = path.resolve(import.meta.dirname, "..");
const driver = await startDriver({ env: { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.KUBELI_HOME } });
const started = performance.now();
const session = await newSession(driver.url, process.env.KUBELI_APP);
try {
  await session.waitFor("the home grid's cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length > 0, 60_000);
  if (process.argv[2] === "restore") {
    const rect = await session.windowRect();
    console.log(`installed-start: the window opened at ${rect.width}x${rect.height}`);
    process.exitCode = rect.width === 1111 && rect.height === 777 ? 0 : 1;
    throw Object.assign(new Error("done"), { done: true });
  }
  const ms = Math.round(performance.now() - started);
  console.log(`installed-start: cold start to first paint of the home grid: ${ms} ms (WebDriver session request → cards in the DOM)`);
  fs.mkdirSync(path.join(root, "artifacts"), { recursive: true });
  fs.writeFileSync(path.join(root, "artifacts", "installed-app.png"), await session.screenshot());
  await session.setWindowRect({ width: 1111, height: 777 });
  await new Promise((r) => setTimeout(r, 1_500));
} catch (e) {
  if (!e.done) throw e;
} finally {
  await session.close();
  await driver.stop();
}
