// The app's processes as /proc shows them: the kubeli process under a tauri-driver, its
// WebKit children, and what each holds (RSS, PSS, open file descriptors). Linux only.

import fs from "node:fs";

/** Every process id under `pid` (children, grandchildren…). */
export function descendants(pid) {
  const parents = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const found = [];
  const walk = (p) => {
    for (const [child, parent] of parents) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

export function comm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** The process running the binary at `app` under the driver process `driverPid`. */
export function appPid(driverPid, app) {
  const real = fs.realpathSync(app);
  const pids = descendants(driverPid).filter((pid) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/exe`) === real;
    } catch {
      return false;
    }
  });
  if (pids.length !== 1) throw new Error(`expected one app process under the driver, found ${pids.length}`);
  return pids[0];
}

/** The app's WebKitWebProcess children. */
export function webProcesses(pid) {
  return descendants(pid).filter((p) => comm(p).startsWith("WebKitWebProces"));
}

/** Resident set size of `pid`, in MiB (0 when it is gone). */
export function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Proportional set size of `pid`, in MiB: shared pages counted once over all processes. */
export function pssMiB(pid) {
  try {
    const kb = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

export function openFds(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}
