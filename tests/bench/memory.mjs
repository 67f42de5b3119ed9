// Memory and process facts of the running app, read from /proc: PSS of the app process and
// every process below it (the WebKit web and network processes), and process start times.

import fs from "node:fs";

const pids = () => fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));

/** Fields of /proc/PID/stat after the command name (index 0 = state). */
function stat(pid) {
  return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
}

/** The newest process running `exe` (absolute path), or undefined. */
export function newestProcessOf(exe) {
  const real = fs.realpathSync(exe);
  let best;
  for (const pid of pids()) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/exe`) !== real) continue;
      const started = Number(stat(pid)[19]);
      if (!best || started > best.started) best = { pid, started };
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return best?.pid;
}

/** Wall-clock start of a process in ms since the epoch (10 ms resolution: clock ticks). */
export function processStartEpochMs(pid) {
  const ticks = Number(stat(pid)[19]);
  const uptime = Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const bootEpochMs = Date.now() - uptime * 1000;
  return bootEpochMs + (ticks / 100) * 1000;
}

/** PSS in MB of `rootPid` and every process below it, by process. */
export function pssTree(rootPid) {
  const children = new Map();
  for (const pid of pids()) {
    try {
      const ppid = stat(pid)[1];
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  const rows = [];
  const walk = (pid) => {
    try {
      const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      const pss = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) / 1024;
      rows.push({ pid, name, pss });
    } catch {
      // not ours to read
    }
    for (const child of children.get(String(pid)) ?? []) walk(child);
  };
  walk(rootPid);
  return rows;
}

/** Summed PSS (MB) of the newest process of `exe` and its children, with the parts named. */
export function appPss(exe) {
  const pid = newestProcessOf(exe);
  if (!pid) throw new Error(`no running process of ${exe}`);
  const rows = pssTree(pid);
  return { total: rows.reduce((sum, r) => sum + r.pss, 0), parts: rows.map((r) => `${r.name} ${r.pss.toFixed(0)}`).join(", ") };
}
