// The kubeconfig files of the fault matrix (`faults.mjs`): a wrong CA, a malformed file, the
// same context name in two files, and lab-dev reached through an exec plugin whose tokens the
// server rejects early.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

/**
 * Writes the files into `work` for the lab started there. Returns them by name, `single` (one
 * context `ctx` reaching the lab context `from`'s server, with `ca`), and `runsOfExec()` (how
 * often the exec plugin ran).
 */
export function faultFiles(work, lab) {
  const labConfig = JSON.parse(execFileSync("kubectl", ["config", "view", "--raw", "-o", "json", "--kubeconfig", lab.kubeconfig], { encoding: "utf8" }));
  const entry = (name) => {
    const context = labConfig.contexts.find((c) => c.name === name).context;
    const cluster = labConfig.clusters.find((c) => c.name === context.cluster).cluster;
    const user = labConfig.users.find((u) => u.name === context.user).user;
    return { server: cluster.server, ca: cluster["certificate-authority-data"], user };
  };
  const tokenClusters = labConfig.contexts.map((c) => c.name).filter((n) => n !== "lab-dev" && n !== "lab-staging" && entry(n).user.token);
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=not-the-lab", "-keyout", path.join(work, "other.key"), "-out", path.join(work, "other.crt")], { stdio: "ignore" });
  const otherCa = fs.readFileSync(path.join(work, "other.crt")).toString("base64");
  const single = (ctx, from, ca = entry(from).ca) =>
    JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: ctx, cluster: { server: entry(from).server, "certificate-authority-data": ca } }], users: [{ name: ctx, user: entry(from).user }], contexts: [{ name: ctx, context: { cluster: ctx, user: ctx } }] });
  const files = {
    badCa: path.join(work, "bad-ca.yaml"),
    malformed: path.join(work, "malformed.yaml"),
    dupA: path.join(work, "dup-a.yaml"),
    dupB: path.join(work, "dup-b.yaml"),
  };
  fs.writeFileSync(files.badCa, single("bad-ca", tokenClusters[0], otherCa));
  fs.writeFileSync(files.malformed, "apiVersion: v1\nclusters: [ {name: x, cluster: {server: https://x\n  ::: not yaml");
  fs.writeFileSync(files.dupA, single("dup", tokenClusters[0]));
  fs.writeFileSync(files.dupB, single("dup", tokenClusters[1]));
  // lab-dev through an exec plugin whose tokens the server rejects after 8 s, while the
  // credential announces an hour (a mid-session 401); every run is counted in exec-runs.
  const execRuns = path.join(work, "exec-runs");
  const execBody = JSON.stringify({ ttl_seconds: 8, announce_seconds: 3600, api_version: "client.authentication.k8s.io/v1" });
  const execScript = `echo run >> '${execRuns}'; curl -sf -X POST -H 'content-type: application/json' -d '${execBody}' '${lab.control}/clusters/lab-dev/exec-credential'`;
  files.exec = path.join(work, "exec.yaml");
  fs.writeFileSync(
    files.exec,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "exec-dev", cluster: { server: entry("lab-dev").server, "certificate-authority-data": entry("lab-dev").ca } }],
      users: [{ name: "exec-dev", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: "sh", args: ["-c", execScript], interactiveMode: "Never" } } }],
      contexts: [{ name: "exec-dev", context: { cluster: "exec-dev", user: "exec-dev" } }],
    }),
  );
  const runsOfExec = () => (fs.existsSync(execRuns) ? fs.readFileSync(execRuns, "utf8").split("\n").filter(Boolean).length : 0);
  return { files, single, tokenClusters, runsOfExec };
}
