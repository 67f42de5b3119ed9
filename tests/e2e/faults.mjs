// `make faults`: the fault matrix in the real app. One app start over four lab clusters and a
// few kubeconfig files of our own; for each fault of issue #14: switch it on for lab-dev (or
// use the broken file), see what the user sees, check lab-staging is unaffected (healthy, and
// its pod list still updates live), switch it off and see lab-dev recover without a restart.
// Prints the table (fault | what the user saw | others unaffected | recovered) and exits
// non-zero when a case fails. Not part of `make test`.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli, tab, card } from "./app.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-faults-"));
fs.mkdirSync(path.join(work, "home"));
const lab = await startLab(work, { clusters: 4, pods: 20 });

// Kubeconfig files of our own: a wrong CA, a malformed file, the same context name in two files.
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

const driver = await startDriver({
  env: {
    KUBECONFIG: [lab.kubeconfig, ...Object.values(files)].join(":"),
    HOME: path.join(work, "home"),
    KUBELI_CONFIG_DIR: path.join(work, "config"),
    KUBELI_HEALTH_INTERVAL_MS: "500",
  },
});
const rows = [];
let failures = 0;
let session;
try {
  session = await newSession(driver.url, app);
  const ui = kubeli(session);
  const text = async (css) => {
    const found = await session.findAll(css);
    return found.length ? (await session.text(found[0])).replace(/\s+/g, " ").trim() : "";
  };
  const count = async () => Number(/(\d+)\s/.exec(await text('[data-testid="resource-count"]'))?.[1] ?? -1);
  const show = async (context) => {
    await session.click(await ui.one(tab(context)));
    await ui.waitAttr(tab(context), "data-active", "true");
  };
  let made = 0;
  /** lab-staging is healthy and its pod list still follows the lab live. */
  const othersUnaffected = async () => {
    await show("lab-staging");
    if ((await ui.attr(tab("lab-staging"), "data-health")) !== "healthy") return false;
    await ui.waitForRows("lab-staging's pods");
    const before = await count();
    made += 1;
    const ns = (await session.property(await ui.one('[data-testid="namespace-select"]'), "value")) || "default";
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: `fault-probe-${made}`, namespace: ns }, spec: { containers: [{ name: "c", image: "busybox" }] } };
    const res = await fetch(`${lab.control}/clusters/lab-staging/objects/pods`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(pod) });
    if (!res.ok) return false;
    try {
      await session.waitFor("lab-staging's new pod", async () => (await count()) === before + 1, 15_000);
      return true;
    } catch {
      return false;
    }
  };
  const tooltip = async (context) => ((await ui.attr(tab(context), "data-tooltip")) ?? "").split("\n").slice(1, 2).join(" ");
  const healthOf = (context) => ui.attr(tab(context), "data-health");

  const run = async (fault, { on, saw, off, recovered }) => {
    const row = { fault, saw: "", others: false, recovered: false };
    try {
      await on();
      row.saw = (await saw()).slice(0, 110);
      row.others = await othersUnaffected();
      await off();
      row.recovered = await recovered().then(
        () => true,
        (e) => {
          row.saw += ` [recovery failed: ${String(e.message).slice(0, 120)}]`;
          return false;
        },
      );
    } catch (e) {
      row.saw += ` [failed: ${String(e.message).slice(0, 140)}]`;
    }
    if (!row.saw || !row.others || !row.recovered) failures += 1;
    rows.push(row);
    console.error(`faults: ${fault}: ${JSON.stringify(row)}`);
  };
  const setFault = async (body) => {
    const res = await fetch(`${lab.control}/clusters/lab-dev/fault`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`fault ${JSON.stringify(body)}: ${res.status}`);
  };
  const healthy = async () => {
    await session.waitFor("lab-dev healthy again", async () => (await healthOf("lab-dev")) === "healthy", 40_000);
    await show("lab-dev");
    await ui.waitForRows("lab-dev's pods");
  };
  const waitHealth = async (want) => {
    await session.waitFor(`lab-dev ${want}`, async () => (await healthOf("lab-dev")) === want, 40_000);
    return `tab lab-dev ${want}: ${await tooltip("lab-dev")}`;
  };
  const watchState = async (want, ms = 40_000) => {
    await show("lab-dev");
    const states = new Set();
    await session.waitFor(`lab-dev's watch ${want.join("/")}`, async () => {
      const s = await ui.attr('[data-testid="watch-state"]', "data-state");
      if (s) states.add(s);
      return want.some((w) => states.has(w));
    }, ms);
    return `pods view watch state went ${[...states].join(" → ")}`;
  };

  await session.waitFor("the cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length >= 6, 60_000);
  await ui.connectFromHome("lab-dev");
  await ui.waitForRows("lab-dev's pods");
  await ui.connectFromHome("lab-staging");
  await ui.waitForRows("lab-staging's pods");
  const none = () => setFault({ fault: "none" });

  await run("down then up", { on: () => setFault({ fault: "down" }), saw: () => waitHealth("unreachable"), off: none, recovered: healthy });
  await run("hang after connect", {
    on: async () => { await setFault({ fault: "hang_after_connect" }); },
    saw: async () => { await show("lab-dev"); await sleep(1500); return `tab ${await healthOf("lab-dev")} (probes answer); ${await watchState(["reconnecting", "stale", "failed", "live"], 45_000)}`; },
    off: none, recovered: healthy,
  });
  await run("slow (2 s per request)", {
    on: () => setFault({ fault: "slow", ms: 2000 }),
    saw: async () => { await sleep(4000); return `tab ${await healthOf("lab-dev")}: ${await tooltip("lab-dev")}`; },
    off: none, recovered: healthy,
  });
  await run("5xx", {
    on: () => setFault({ fault: "server_errors", percent: 100 }),
    saw: async () => {
      await show("lab-dev");
      await sleep(6000);
      return `tab ${await healthOf("lab-dev")}: ${await tooltip("lab-dev")}; pods view watch ${await ui.attr('[data-testid="watch-state"]', "data-state")}`;
    },
    off: none,
    recovered: healthy,
  });
  await run("dropped watches", { on: () => setFault({ fault: "drop_watches_after", events: 1 }), saw: () => watchState(["reconnecting", "live"]), off: none, recovered: healthy });
  await run("410 Gone", { on: () => setFault({ fault: "expire_resource_versions" }), saw: () => watchState(["reconnecting", "live"]), off: none, recovered: healthy });
  await run("401 mid-session", { on: () => setFault({ fault: "reject_credentials" }), saw: () => waitHealth("unauthorized"), off: none, recovered: healthy });
  await run("403 on namespaces", {
    on: async () => {
      await setFault({ fault: "forbid_namespaces" });
      await show("lab-dev");
      await session.click(await ui.one('[data-testid="namespace-select"]'));
    },
    saw: async () => {
      await sleep(3000);
      const opts = await session.findAll('[data-testid="namespace-select"] option');
      return `tab ${await healthOf("lab-dev")}; namespace list still offers ${opts.length} choices`;
    },
    off: none, recovered: healthy,
  });

  // Kubeconfig faults: shown on the home page, per card or per file.
  const home = async () => {
    const plus = await session.findAll('[data-testid="add-cluster"]');
    if (plus.length) await session.click(plus[0]);
  };
  await run("TLS CA mismatch", {
    on: async () => {
      await home();
      await session.click(await ui.one(`${card("bad-ca")} [data-testid="connect"]`));
    },
    saw: async () => session.waitFor("bad-ca's error", async () => text(`${card("bad-ca")} [data-testid="connect-error-message"]`), 30_000),
    off: async () => fs.writeFileSync(files.badCa, single("bad-ca", tokenClusters[0])),
    recovered: async () => {
      await home();
      await session.click(await ui.one('[data-testid="refresh"]'));
      await sleep(1000);
      const button = await session.waitFor("bad-ca's retry or connect button", async () => (await session.findAll(`${card("bad-ca")} [data-testid="retry-connect"], ${card("bad-ca")} [data-testid="connect"]`))[0]);
      await session.click(button);
      await ui.waitAttr(tab("bad-ca"), "data-health", "healthy", 30_000);
    },
  });
  await run("malformed kubeconfig", {
    on: home,
    saw: async () => {
      const errors = await session.findAll('[data-testid="source-error"]');
      for (const e of errors) {
        const t = (await session.text(e)).replace(/\s+/g, " ");
        if (t.includes("malformed.yaml")) return `home: ${t}`;
      }
      return "";
    },
    off: async () => fs.writeFileSync(files.malformed, single("fixed", tokenClusters[0])),
    recovered: async () => {
      await home();
      await session.click(await ui.one('[data-testid="refresh"]'));
      await session.waitFor("the fixed file's card", async () => (await session.findAll(card("fixed"))).length === 1, 20_000);
    },
  });
  await run("duplicate context names across files", {
    on: home,
    saw: async () => {
      const dups = (await session.findAll(card("dup"))).length;
      for (let i = 1; i <= 2; i++) {
        await home();
        const buttons = await session.findAll(`${card("dup")} [data-testid="connect"]`);
        await session.click(buttons[0]);
        await session.waitFor(`dup connection ${i}`, async () => (await session.findAll(tab("dup"))).length === i, 30_000);
      }
      return `${dups} cards named dup; each connected to its own tab`;
    },
    off: async () => {},
    recovered: async () => {
      const servers = await session.executeAsync("const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('connected_clusters').then((l) => done(l.filter((c) => c.cluster.context === 'dup').map((c) => c.cluster.server)));");
      if (new Set(servers).size !== 2) throw new Error(`each dup card must reach its own server: ${servers}`);
    },
  });
} finally {
  await session?.close().catch(() => {});
  await driver.stop();
  await lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

console.log("\n| fault | what the user saw | others unaffected | recovered |\n|---|---|---|---|");
for (const r of rows) console.log(`| ${r.fault} | ${r.saw.replace(/\|/g, "/")} | ${r.others ? "yes" : "no"} | ${r.recovered ? "yes" : "no"} |`);
console.log(`\n${rows.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
