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

/** The kind of one /proc/PID/smaps mapping, for `pssByMapping`. */
function mappingKind(name, exe) {
  if (!name) return "anonymous";
  if (name === exe) return "binary";
  if (name === "[heap]") return "malloc heap";
  if (name.startsWith("[")) return "other";
  if (/libLLVM|\/dri\/|lib(GL|EGL|GLX|gbm|glapi|drm)/.test(name)) return "GL driver";
  if (/libwebkit2gtk|libjavascriptcoregtk/.test(name)) return "WebKit libraries";
  if (/memfd:|\/dev\/shm|SYSV/.test(name)) return "shared memory";
  if (/\.so/.test(name)) return "other libraries";
  return "other files";
}

/** PSS (MB) of one process grouped by what is mapped: the binary, the GL driver, WebKit, heaps… */
export function pssByMapping(pid) {
  const exe = fs.readlinkSync(`/proc/${pid}/exe`);
  const groups = {};
  let kind = "anonymous";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) kind = mappingKind(head[1].trim(), exe);
    else if (line.startsWith("Pss:")) groups[kind] = (groups[kind] ?? 0) + Number(line.split(/\s+/)[1]) / 1024;
  }
  return groups;
}

/** How many processes outside `rootPid`'s tree map libwebkit2gtk: they share its pages, so PSS reads lower. */
export function otherWebKitProcesses(rootPid) {
  const tree = new Set(pssTree(rootPid).map((r) => r.pid));
  let count = 0;
  for (const pid of pids()) {
    if (tree.has(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/maps`, "utf8").includes("libwebkit2gtk")) count++;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return count;
}

/** One line per process of `root`'s tree: PSS by mapping kind. */
export function describeTree(root) {
  return pssTree(root).map((r) => {
    try {
      const parts = Object.entries(pssByMapping(r.pid)).filter(([, mb]) => mb >= 0.5).sort((a, b) => b[1] - a[1]);
      return `${r.name} ${r.pss.toFixed(0)} MB: ${parts.map(([k, mb]) => `${k} ${mb.toFixed(1)}`).join(", ")}`;
    } catch {
      return `${r.name} ${r.pss.toFixed(0)} MB`;
    }
  });
}

/** One line per process of the app's tree: PSS by mapping kind (a diagnostic for P8a/P8b). */
export function describePss(exe) {
  const root = newestProcessOf(exe);
  return [...describeTree(root), `other processes mapping libwebkit2gtk (sharing its pages): ${otherWebKitProcesses(root)}`];
}
