// Starts the kubeli-lab binary (simulated clusters on loopback) for an end-to-end test and
// switches its faults through the lab's loopback control endpoint.

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

const root = path.resolve(import.meta.dirname, "../..");
const LAB = process.env.KUBELI_LAB ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli-lab");

/**
 * Start `clusters` lab clusters; resolves once the lab prints `ready`. With `rancher`, also the
 * lab's Rancher-style front (every cluster under `/k8s/clusters/{id}` on one host), its contexts
 * (`rancher-dev`, …) in `rancherKubeconfig`.
 */
export async function startLab(dir, { clusters = 3, pods = 40, seed = 7, churn = 0, rancher = false } = {}) {
  if (!fs.existsSync(LAB)) throw new Error(`kubeli-lab not found at ${LAB}: build it first (make e2e does)`);
  const kubeconfig = path.join(dir, "lab-kubeconfig.yaml");
  const rancherKubeconfig = rancher ? path.join(dir, "rancher-kubeconfig.yaml") : undefined;
  const child = spawn(
    LAB,
    ["--clusters", String(clusters), "--pods", String(pods), "--seed", String(seed), "--kubeconfig", kubeconfig, ...(churn ? ["--churn", String(churn)] : []), ...(rancher ? ["--rancher-kubeconfig", rancherKubeconfig] : [])],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  let control;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the lab did not print 'ready' within 60 s")), 60_000);
    child.on("exit", (code) => reject(new Error(`the lab exited early with ${code}`)));
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("control ")) control = line.slice("control ".length).trim();
      if (line === "ready") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const post = async (url, body) => {
    const res = await fetch(control + url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`lab control ${url} answered ${res.status}: ${await res.text()}`);
  };
  return {
    kubeconfig,
    rancherKubeconfig,
    /** The lab's control endpoint (faults, objects), for requests the helpers below lack. */
    control,
    /** e.g. setFault("lab-staging", "down") or setFault("lab-staging", "none"). */
    setFault: (cluster, fault) => post(`/clusters/${cluster}/fault`, { fault }),
    /** Adds a fault given as the lab's JSON (e.g. `{ fault: "forbid_all_namespaces", resource: "pods" }`) to those already on. */
    addFault: (cluster, fault) => post(`/clusters/${cluster}/fault`, { ...fault, add: true }),
    /** Every pod of a cluster, as the lab holds them. */
    async pods(cluster) {
      const res = await fetch(`${control}/clusters/${cluster}/objects/pods`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`lab control: listing pods of ${cluster} answered ${res.status}`);
      const body = await res.json();
      return Array.isArray(body) ? body : body.items;
    },
    /** Change a pod's phase, as a kubelet would report it. */
    setPodPhase: (cluster, namespace, name, phase) => post(`/clusters/${cluster}/pods/${namespace}/${name}/phase`, { phase }),
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
