// Statistics, the printed table and results.json of `make bench` (tests/bench/run.mjs).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The value at fraction `p` (0–1) of the sorted samples: nearest rank, never interpolated. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

export const median = (values) => percentile(values, 0.5);

/** Cores, model, memory and load of this machine, plus what was measured (profile, git rev). */
export function machine(profile, root) {
  const cpus = os.cpus();
  let rev = "unknown";
  try {
    rev = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim()) rev += "-dirty";
  } catch {
    // not a git checkout
  }
  return {
    cores: cpus.length,
    model: cpus[0]?.model ?? "unknown",
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    loadBefore: os.loadavg().map((l) => Number(l.toFixed(2))),
    loadAfter: null,
    profile,
    gitRev: rev,
    node: process.version,
    startedAt: new Date().toISOString(),
  };
}

/**
 * One result row. `value` is what the target judges; `check(value)` decides the verdict (null in
 * smoke mode, which judges no timing; always null for an `info` measure, which has no target).
 * `peer` is a side-by-side measure of the same run.
 */
export function result({ id, name, value, unit, target, check, samples, peer = null, ratio = null, note = null, smoke, info = false }) {
  const ok = typeof value === "number" && Number.isFinite(value);
  return {
    id,
    name,
    value: ok ? Number(value.toFixed(3)) : null,
    unit,
    target,
    pass: smoke || info || !ok ? (ok ? null : false) : Boolean(check(value)),
    samples: samples.map((s) => (typeof s === "number" ? Number(s.toFixed(3)) : s)),
    ...(peer ? { peer } : {}),
    ...(ratio !== null ? { ratio: Number(ratio.toFixed(3)) } : {}),
    ...(note ? { note } : {}),
  };
}

const fmt = (v) => (v === null || v === undefined ? "-" : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(Math.abs(v) >= 10 ? 1 : 2));

/** The table: id, measure, median, min–max over repeats, target, verdict, peer ratio. */
export function printTable(results) {
  const rows = results.map((r) => {
    const numeric = r.samples.filter((s) => typeof s === "number");
    const range = numeric.length ? `${fmt(Math.min(...numeric))}–${fmt(Math.max(...numeric))}` : "-";
    const verdict = r.pass === null ? (r.target === "info" ? "(info)" : "(smoke)") : r.pass ? "PASS" : "FAIL";
    const peer = r.peer ? `${r.peer.name}: ${fmt(r.peer.value)} ${r.peer.unit}` : "";
    return [r.id, r.name, `${fmt(r.value)} ${r.unit}`, range, r.target, verdict, peer];
  });
  const head = ["id", "measure", "value", "min–max", "target", "verdict", "peer"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/** Every id present once, with a finite value and samples; throws naming what is wrong. */
export function validate(doc, ids) {
  const problems = [];
  if (!doc.machine || typeof doc.machine.cores !== "number") problems.push("machine.cores missing");
  for (const id of ids) {
    const found = doc.results.filter((r) => r.id === id);
    if (found.length !== 1) problems.push(`${id}: ${found.length} entries`);
    else if (typeof found[0].value !== "number" || !Number.isFinite(found[0].value)) problems.push(`${id}: no value`);
    else if (!Array.isArray(found[0].samples) || found[0].samples.length === 0) problems.push(`${id}: no samples`);
  }
  if (problems.length) throw new Error(`results.json is not complete: ${problems.join("; ")}`);
}

export function writeResults(file, doc) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
  JSON.parse(fs.readFileSync(file, "utf8"));
}
