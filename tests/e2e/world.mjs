// One E2E file's world, set up the same way for every file: a temporary folder with its own
// HOME and config folder, lab clusters when asked, then the built app under tauri-driver, and
// screenshots named after the file in artifacts/. Each test file opens one world in `before`
// (one app start shared by its cases) and closes it in `after`.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli } from "./app.mjs";

export const root = path.resolve(import.meta.dirname, "../..");
/** The app under test: KUBELI_APP, else the debug build `make e2e` makes. */
export const appBinary = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
export const artifacts = path.join(root, "artifacts");

/**
 * Opens the world of the E2E file `name`. `lab`: options for `startLab` (none: no lab).
 * `prepare(world)`: runs after the lab is up and before the app starts (files, kubectl).
 * `env`: the app's extra environment, an object or a function of the world; by default the
 * app reads the lab's kubeconfig and has its own HOME and config folder.
 */
export async function openWorld(name, { lab, prepare, env = {} } = {}) {
  assert.ok(fs.existsSync(appBinary), `app binary not found at ${appBinary}: build it first (make e2e does)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kubeli-e2e-${name}-`));
  const world = {
    work,
    home: path.join(work, "home"),
    config: path.join(work, "config"),
    lab: null,
    driver: null,
    session: null,
    ui: null,
    /** Saves a screenshot as artifacts/e2e-<name>-<label>.png. */
    shot: async (label) => fs.writeFileSync(path.join(artifacts, `e2e-${name}-${label}.png`), await world.session.screenshot()),
    /** Ends the app, the driver and the lab, and removes the folder; a last screenshot first unless told not to. */
    close: async ({ lastShot = true } = {}) => {
      if (world.session && lastShot) await world.shot("last").catch(() => {});
      await world.session?.close().catch(() => {});
      await world.driver?.stop();
      await world.lab?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
  fs.mkdirSync(world.home);
  fs.mkdirSync(artifacts, { recursive: true });
  try {
    if (lab) world.lab = await startLab(work, lab);
    await prepare?.(world);
    const extra = typeof env === "function" ? env(world) : env;
    const base = { HOME: world.home, KUBELI_CONFIG_DIR: world.config, ...(world.lab ? { KUBECONFIG: world.lab.kubeconfig } : {}) };
    world.driver = await startDriver({ env: { ...base, ...extra } });
    world.session = await newSession(world.driver.url, appBinary);
    world.ui = kubeli(world.session);
  } catch (e) {
    await world.close({ lastShot: false });
    throw e;
  }
  return world;
}
