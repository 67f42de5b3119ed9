// Core-only measures (P2–P5): the `measure` bench binary of kubeli-core
// (src-tauri/core/benches/measure.rs), one process per run, against lab processes started here.

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { median, percentile, result } from "./report.mjs";

/** Runs a process to its end; resolves with its stdout, wall time (spawn → exit) and code. */
export function run(cmd, args, { env = {}, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const stdout = Buffer.concat(out).toString("utf8");
      if (code !== 0) reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${code}: ${Buffer.concat(err).toString("utf8").slice(-2000)}`));
      else resolve({ stdout, ms });
    });
  });
}

/** A request to the lab's control endpoint; throws naming the route on an error answer. */
export async function control(lab, route, body, method = "POST") {
  const res = await fetch(lab.control + route, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`lab control ${method} ${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

const json = async (bin, args) => JSON.parse((await run(bin, args)).stdout.trim().split("\n").pop());

/** P2: connect 10 clusters at once vs 1, the lab adding 200 ms to every request. */
async function p2(ctx, lab) {
  const names = (await control(lab, "/clusters", undefined, "GET")).map((c) => c.name).slice(0, 11);
  for (const n of names) await control(lab, `/clusters/${n}/fault`, { fault: "slow", ms: 200 });
  try {
    const { one_ms: one, ten_ms: ten } = await json(ctx.measure, ["p2", lab.kubeconfig, String(ctx.quick ? 1 : 5)]);
    const ratios = ten.map((t, i) => t / one[i]);
    return result({
      id: "P2", name: "connect 10 clusters at once vs 1 (200 ms per request)", value: median(ratios), unit: "x", target: "ratio ≤ 1.3",
      check: (v) => v <= 1.3, samples: ratios, peer: { name: "connect 1", value: median(one), unit: "ms" }, ratio: median(ratios), smoke: ctx.quick,
      note: `connect 10 took ${ten.map(Math.round).join(", ")} ms; connect 1 took ${one.map(Math.round).join(", ")} ms`,
    });
  } finally {
    for (const n of names) await lab.setFault(n, "none");
  }
}

/** P3: PSS growth of a core-only process holding the pool, 0 → 20 idle connected clusters, per cluster. */
async function p3(ctx, lab) {
  const perCluster = [];
  const readings = [];
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const r = (await json(ctx.measure, ["p3", lab.kubeconfig, "20", ctx.quick ? "500" : "3000"])).readings;
    const last = r[r.length - 1];
    if (last.connected !== 20) throw new Error(`P3: only ${last.connected} of 20 clusters connected`);
    perCluster.push((last.pss_mb - r[0].pss_mb) / 20);
    readings.push(r.map((x) => `${x.connected}:${x.pss_mb.toFixed(1)}`).join(" "));
  }
  return result({
    id: "P3", name: "memory per idle connected cluster (core-only, PSS 0 → 20)", value: median(perCluster), unit: "MB", target: "≤ 1 MB",
    check: (v) => v <= 1, samples: perCluster, smoke: ctx.quick, note: `PSS MB by clusters connected: ${readings.join(" | ")}`,
  });
}

/** P4: p99 of list calls to 4 clusters while a 5th is hung after connect, vs the same run with it healthy. */
async function p4(ctx, lab) {
  const rounds = String(ctx.quick ? 5 : 50);
  const ratios = [];
  const base = [];
  const hung = [];
  const fifth = (await control(lab, "/clusters", undefined, "GET"))[4].name;
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const healthy = await json(ctx.measure, ["p4", lab.kubeconfig, rounds]);
    await lab.setFault(fifth, "hang_after_connect");
    let stuck;
    try {
      stuck = await json(ctx.measure, ["p4", lab.kubeconfig, rounds]);
    } finally {
      await lab.setFault(fifth, "none");
    }
    if (stuck.fifth_unfinished === 0) throw new Error(`P4: the lists of ${fifth} all finished although it was hung`);
    base.push(percentile(healthy.samples_ms, 0.99));
    hung.push(percentile(stuck.samples_ms, 0.99));
    ratios.push(hung[i] / base[i]);
  }
  return result({
    id: "P4", name: "list p99 of 4 clusters, a 5th hung after connect vs healthy", value: median(ratios), unit: "x", target: "ratio ≤ 1.2",
    check: (v) => v <= 1.2, samples: ratios, peer: { name: "p99 without the hung one", value: median(base), unit: "ms" }, ratio: median(ratios), smoke: ctx.quick,
    note: `p99 with the hung cluster ${hung.map((v) => v.toFixed(1)).join(", ")} ms; without ${base.map((v) => v.toFixed(1)).join(", ")} ms`,
  });
}

/** P5: list 10,000 pods from process start, the core vs kubectl with a warm discovery cache, best of 3 each. */
async function p5(ctx, lab) {
  const home = path.join(ctx.work, "kubectl-home");
  fs.mkdirSync(home, { recursive: true });
  const kubectl = ["get", "pods", "-A", "-o", "json"];
  const env = { KUBECONFIG: lab.kubeconfig, HOME: home };
  await run("kubectl", kubectl, { env }); // fills the discovery cache
  const ours = [];
  const theirs = [];
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const core = await run(ctx.measure, ["p5", lab.kubeconfig, "lab-dev"]);
    const pods = JSON.parse(core.stdout.trim()).pods;
    if (pods !== ctx.bigPods) throw new Error(`P5: the core listed ${pods} pods, the lab holds ${ctx.bigPods}`);
    ours.push(core.ms);
    const peer = await run("kubectl", kubectl, { env });
    if (JSON.parse(peer.stdout).items.length !== ctx.bigPods) throw new Error("P5: kubectl listed another number of pods");
    theirs.push(peer.ms);
  }
  const best = (v) => Math.min(...v);
  const ratio = best(ours) / best(theirs);
  const wire = await overSlowLink(ctx, lab, env, kubectl);
  return result({
    id: "P5", name: `list ${ctx.bigPods} pods from process start: core vs kubectl (best of 3)`, value: ratio, unit: "x", target: "ratio ≤ 0.1",
    check: (v) => v <= 0.1, samples: ours.map((o, i) => o / theirs[i]), peer: { name: "kubectl get pods -A -o json", value: best(theirs), unit: "ms" }, ratio, smoke: ctx.quick,
    note: `core ${ours.map(Math.round).join(", ")} ms; kubectl ${theirs.map(Math.round).join(", ")} ms; ${wire}`,
  });
}

/** A link to a cluster far away, for P5's note (kbit/s). */
const LINK_KBIT = 50_000;

/**
 * P5's note: the same list over a slow link (the lab's `slow_link` fault paces whole answers),
 * where what a list costs is its size on the wire: the core (asks for gzip, as kubectl does),
 * the core told `disable-compression: true` by its kubeconfig, kubectl; one run each. Also what
 * the lab sent gzip-encoded over the whole of P5.
 */
async function overSlowLink(ctx, lab, env, kubectl) {
  const plainConfig = path.join(ctx.work, "p5-disable-compression.json");
  const doc = YAML.parse(fs.readFileSync(lab.kubeconfig, "utf8"));
  for (const c of doc.clusters) c.cluster["disable-compression"] = true;
  fs.writeFileSync(plainConfig, JSON.stringify(doc));
  const fault = "/clusters/lab-dev/fault";
  await control(lab, fault, { fault: "slow_link", kbit_per_s: LINK_KBIT });
  const times = {};
  try {
    for (const [name, cmd, args, opts] of [
      ["core", ctx.measure, ["p5", lab.kubeconfig, "lab-dev"], {}],
      ["core with disable-compression", ctx.measure, ["p5", plainConfig, "lab-dev"], {}],
      ["kubectl", "kubectl", kubectl, { env }],
    ]) {
      const out = await run(cmd, args, opts);
      const pods = name === "kubectl" ? JSON.parse(out.stdout).items.length : JSON.parse(out.stdout.trim()).pods;
      if (pods !== ctx.bigPods) throw new Error(`P5 over a slow link: ${name} listed ${pods} pods, the lab holds ${ctx.bigPods}`);
      times[name] = Math.round(out.ms);
    }
  } finally {
    await control(lab, fault, undefined, "DELETE");
  }
  const sent = (await control(lab, "/clusters/lab-dev", undefined, "GET")).compressed;
  const mb = (b) => (b / 2 ** 20).toFixed(1);
  const link = Object.entries(times).map(([name, ms]) => `${name} ${ms} ms`).join(", ");
  return `over a ${LINK_KBIT / 1000} Mbit/s link (the lab's slow_link, one run each): ${link}; the lab sent ${sent.responses} answers gzip-encoded over P5, ${mb(sent.plainBytes)} MB as ${mb(sent.sentBytes)} MB`;
}

/** P2–P4 on `pool` (≥ 20 small clusters), P5 on `big` (one cluster of ctx.bigPods pods). */
export async function coreMeasures(ctx, { pool, big }, out) {
  for (const [id, measure, lab] of [["P2", p2, pool], ["P3", p3, pool], ["P4", p4, pool], ["P5", p5, big]]) {
    console.error(`bench: ${id}…`);
    out.push(await measure(ctx, lab));
  }
}
