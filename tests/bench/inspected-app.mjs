// The app over a fresh lab, started with WebKitGTK's inspector server and driven through the
// inspector (`inspector.mjs`), for the tools that look inside the page: `heap-census.mjs` and
// `switch-census.mjs`. No WebDriver: a WebDriver session never starts while this server is on.

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { card, tab } from "../e2e/app.mjs";
import { startLab } from "../e2e/lab.mjs";
import { connectInspector } from "./inspector.mjs";
import { ALL_NAMESPACES, COUNT } from "./page.mjs";

const CONNECT = (context) => `
  document.querySelector('[data-testid="add-cluster"]')?.click();
  const button = document.querySelector('${card(context)} [data-testid="connect"]');
  button?.click();
  return Boolean(button);`;
const HEALTHY = (context) => `
  const tab = document.querySelector('${tab(context)}');
  return tab?.dataset.active === "true" && tab.dataset.health === "healthy";`;
const PICKER = `return document.querySelectorAll('[data-testid="namespace-select"]').length === 1`;
// "All namespaces" until the count shows every pod (the context's own namespace may be applied
// when its namespaces arrive, so it is picked again while the count is not there), as the bench.
const ALL_PODS = (pods) => `
  const count = (() => { ${COUNT} })();
  if (new RegExp("^${pods}\\\\b").test(count)) return true;
  (() => { ${ALL_NAMESPACES} })();
  return false;`;

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Starts a lab of `clusters` × `pods` and the app binary `app` over it, connected to its page.
 * Returns the page client, the lab's contexts (in the home grid's order), the app's log (last
 * 20 kB) and `stop()`.
 */
export async function openInspected({ app: binary, clusters, pods }) {
  if (!binary || !fs.existsSync(binary)) throw new Error(`KUBELI_APP (the app binary) not found: ${binary}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-inspected-"));
  fs.mkdirSync(path.join(work, "lab"));
  fs.mkdirSync(path.join(work, "home"));
  const lab = await startLab(path.join(work, "lab"), { clusters, pods, seed: 3 });
  const contexts = ["lab-dev", "lab-staging", "lab-prod", ...Array.from({ length: Math.max(0, clusters - 3) }, (_, i) => `lab-${i + 4}`)].slice(0, clusters);
  const host = `127.0.0.1:${await freePort()}`;
  const env = { ...process.env, WEBKIT_INSPECTOR_HTTP_SERVER: host, KUBECONFIG: lab.kubeconfig, HOME: path.join(work, "home"), KUBELI_CONFIG_DIR: path.join(work, "config") };
  const app = spawn(binary, [], { env, stdio: ["ignore", "ignore", "pipe"] });
  // The app's log, for a failure's message (WebKit warns as the app is killed).
  let log = "";
  app.stderr.on("data", (chunk) => (log = (log + chunk).slice(-20_000)));
  const exited = new Promise((resolve) => app.on("exit", (code, signal) => resolve(`the app exited (${signal ?? code})`)));
  let page = null;
  const stop = async () => {
    page?.close();
    app.kill();
    await lab.stop();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    page = await Promise.race([connectInspector(host), exited.then((why) => Promise.reject(new Error(why)))]);
    await page.until("the home grid", `return document.querySelectorAll('[data-testid="cluster-card"]').length === ${clusters}`);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\nthe app's log (last 20 kB):\n${log}`, { cause: error });
  }
  return { page, contexts, log: () => log, stop };
}

/** Connects `context` from the home grid and waits until its view shows all `pods` pods. */
export async function connectWithPods(page, context, pods) {
  await page.until(`the connect button of ${context}`, CONNECT(context));
  await page.until(`${context} healthy`, HEALTHY(context));
  await page.until(`the namespace picker of ${context}`, PICKER);
  await page.until(`${pods} pods of ${context}`, ALL_PODS(pods));
}
