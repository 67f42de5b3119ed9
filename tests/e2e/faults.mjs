// `make faults`: the fault matrix in the real app. One app start over four lab clusters and a
// few kubeconfig files of our own; for each fault of issue #14: switch it on for lab-dev (or
// use the broken file), see what the user sees, check lab-staging is unaffected (healthy, and
// its pod list still updates live), switch it off and see lab-dev recover without a restart.
// Each case asserts the cause the user is shown (the tab, the resource view's watch-state badge
// with its history, the namespace picker), and that it names the cluster.
// Prints the table (fault | what the user saw | others unaffected | recovered) and exits
// non-zero when a case fails. Not part of `make test`.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDriver, newSession } from "./webdriver.mjs";
import { startLab } from "./lab.mjs";
import { kubeli, tab, card } from "./app.mjs";
import { faultFiles } from "./fault-files.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const app = process.env.KUBELI_APP ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug", "kubeli");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeli-faults-"));
fs.mkdirSync(path.join(work, "home"));
const lab = await startLab(work, { clusters: 4, pods: 20 });

const { files, single, tokenClusters, runsOfExec } = faultFiles(work, lab);

const driver = await startDriver({
  env: {
    KUBECONFIG: [lab.kubeconfig, ...Object.values(files)].join(":"),
    HOME: path.join(work, "home"),
    KUBELI_CONFIG_DIR: path.join(work, "config"),
    KUBELI_HEALTH_INTERVAL_MS: "500",
    // A hung request is noticed after 6 s instead of 30.
    KUBELI_READ_TIMEOUT_MS: "6000",
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
  /** Switch to `context` and wait until the dashboard is its own (not the previous cluster's). */
  const show = async (context) => {
    await session.click(await ui.one(tab(context)));
    await ui.waitAttr(tab(context), "data-active", "true");
    const id = await ui.attr(tab(context), "data-cluster-id");
    await ui.waitAttr('[data-testid="dashboard"]', "data-cluster-id", id);
  };
  let made = 0;
  /** lab-staging is healthy and its pod list still follows the lab live. */
  const othersUnaffected = async () => {
    await show("lab-staging");
    if ((await ui.attr(tab("lab-staging"), "data-health")) !== "healthy") return false;
    await ui.waitForRows("lab-staging's pods");
    // The count once it holds still: right after a switch it can still be settling.
    let last = -2;
    const before = await session.waitFor("lab-staging's pod count settled", async () => {
      const n = await count();
      const settled = n >= 0 && n === last;
      last = n;
      if (!settled) await sleep(300);
      return settled ? n + 1 : null;
    }, 15_000) - 1;
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
  /** The tab tooltip's health line ("Unreachable · 120 ms · checked … · <cause>"). */
  const tooltip = async (context) => {
    const lines = ((await ui.attr(tab(context), "data-tooltip")) ?? "").split("\n");
    return lines.find((l) => l.includes(" · ")) ?? lines[1] ?? "";
  };
  /** The tab's tooltip line about its watches (only there while one is in trouble). */
  const tabWatches = async (context) => (await ui.attr(tab(context), "data-watches")) ?? "";
  const badge = async () => ({
    state: await ui.attr('[data-testid="watch-state"]', "data-state"),
    history: (await ui.attr('[data-testid="watch-state"]', "data-history")) ?? "",
    tooltip: ((await ui.attr('[data-testid="watch-state"]', "data-tooltip")) ?? "").replace(/\s+/g, " "),
    cause: await text('[data-testid="watch-cause"]'),
  });
  const check = (ok, what) => {
    if (!ok) throw new Error(what);
  };
  /**
   * Wait until lab-dev's pods view shows a watch in `states` whose cause matches `pattern`
   * and names lab-dev, and the tab's tooltip says the same; what the user saw.
   */
  const watchCause = async (states, pattern, ms = 40_000) => {
    await show("lab-dev");
    let last = null;
    const seen = await session.waitFor(`lab-dev's watch ${states.join("/")} with ${pattern}`, async () => {
      const b = (last = await badge());
      // The cause beside the state, or (when the toolbar is too narrow for it) its tooltip.
      const said = b.cause || b.tooltip;
      return states.includes(b.state) && pattern.test(said) && said.includes("lab-dev") ? b : null;
    }, ms).catch((e) => {
      throw new Error(`${e.message}; the badge: ${JSON.stringify(last)}`);
    });
    const onTab = await tabWatches("lab-dev");
    check(pattern.test(onTab) && onTab.includes(seen.state), `the tab's tooltip does not say it: "${onTab}"`);
    return `view: ${seen.state} ${seen.cause || `(tooltip) ${seen.tooltip}`}; tab tooltip: "${onTab.split(" — ")[0]} — …"`;
  };
  /**
   * After `trigger`, wait until lab-dev's pods watch went through reconnecting and is live
   * again (from the badge's history), with the interruption's cause (matching `pattern`, naming
   * lab-dev) kept in the live badge's tooltip.
   */
  const interruption = async (pattern, trigger, ms = 40_000) => {
    await show("lab-dev");
    await trigger();
    const seen = await session.waitFor(`lab-dev's watch reconnecting then live with ${pattern}`, async () => {
      const b = await badge();
      // The history keeps the last 12 states, so a count taken before would shift: look at the
      // last few, and let the cause (a different one in each case) show the interruption is new.
      const fresh = b.history.split(" ").slice(-4);
      const after = fresh.indexOf("reconnecting");
      return b.state === "live" && after >= 0 && fresh.slice(after).includes("live") && pattern.test(b.tooltip) && b.tooltip.includes("lab-dev") ? b : null;
    }, ms);
    return `view: ${seen.history.split(" ").slice(-3).join(" → ")}; ${seen.tooltip.slice(seen.tooltip.indexOf("Last interruption"))}`;
  };
  /** A new pod in the namespace lab-dev's view shows, through the lab's control endpoint. */
  const touchLabDev = async () => {
    made += 1;
    const ns = (await session.property(await ui.one('[data-testid="namespace-select"]'), "value")) || "default";
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: `fault-touch-${made}`, namespace: ns }, spec: { containers: [{ name: "c", image: "busybox" }] } };
    const res = await fetch(`${lab.control}/clusters/lab-dev/objects/pods`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(pod) });
    check(res.ok, `creating a pod on lab-dev: ${res.status}`);
  };
  const healthOf = (context) => ui.attr(tab(context), "data-health");

  const run = async (fault, { on, saw, off, recovered }) => {
    const row = { fault, saw: "", others: false, recovered: false };
    try {
      await on();
      row.saw = (await saw()).slice(0, 160);
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
      row.saw += ` [failed: ${String(e.message).slice(0, 400)}]`;
      await off().catch(() => {});
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

  await session.waitFor("the cards", async () => (await session.findAll('[data-testid="cluster-card"]')).length >= 6, 60_000);
  await ui.connectFromHome("lab-dev");
  await ui.waitForRows("lab-dev's pods");
  await ui.connectFromHome("lab-staging");
  await ui.waitForRows("lab-staging's pods");
  const none = () => setFault({ fault: "none" });

  await run("down then up", { on: () => setFault({ fault: "down" }), saw: () => waitHealth("unreachable"), off: none, recovered: healthy });
  await run("hang after connect", {
    on: () => setFault({ fault: "hang_after_connect" }),
    saw: async () => `tab ${await healthOf("lab-dev")} (probes answer); ${await watchCause(["stale"], /no answer from the API server within 6 s/)}`,
    off: none,
    recovered: async () => {
      await healthy();
      await session.waitFor("lab-dev's watch live again", async () => (await badge()).state === "live", 40_000);
    },
  });
  await run("slow (2 s per request)", {
    on: () => setFault({ fault: "slow", ms: 2000 }),
    saw: async () => { await sleep(4000); return `tab ${await healthOf("lab-dev")}: ${await tooltip("lab-dev")}`; },
    off: none, recovered: healthy,
  });
  const liveAgain = async () => {
    await healthy();
    await session.waitFor("lab-dev's watch live again", async () => (await badge()).state === "live", 40_000);
  };
  await run("5xx", {
    on: () => setFault({ fault: "server_errors", percent: 100 }),
    saw: async () => `tab ${await healthOf("lab-dev")} (probes answer); ${await watchCause(["reconnecting", "stale"], /the API server answered 50[03]/)}`,
    off: none,
    recovered: liveAgain,
  });
  await run("failing gateway (502 page)", {
    on: () => setFault({ fault: "gateway_errors", code: 502 }),
    saw: async () => {
      // The tab names the page by its title, never its HTML; the pods watch the gateway was
      // proxying ends and fails again on the same page.
      const health = await waitHealth("unreachable");
      check(/a web page \("502 Bad Gateway"\)/.test(health) && !health.includes("<"), `the tab's tooltip: "${health}"`);
      const view = await watchCause(["reconnecting"], /a web page \("502 Bad Gateway"\)/);
      return `tab unreachable, view ${view.slice(6, view.indexOf(" ", 6))}, both: "…${health.slice(health.indexOf("502 Bad Gateway:"), health.indexOf(" instead of"))}…"`;
    },
    off: none,
    recovered: liveAgain,
  });
  // A followed log of lab-dev, open through the silence.
  const logView = () => session.execute(`const v = document.querySelector('[data-testid="log-view"]'); const b = document.querySelector('[data-testid="stream-waiting"], [data-testid="stream-ended"]'); return v ? { status: v.dataset.status, total: Number(v.dataset.total), banner: b ? b.textContent : null } : null;`);
  let linesWaiting = 0;
  await run("network silent, back changed", {
    on: async () => {
      await show("lab-dev");
      await ui.clickRunningRowButton("open-logs");
      await session.waitFor("lab-dev's log running", async () => (await logView())?.status === "running", 20_000);
      await setFault({ fault: "severed" });
    },
    saw: async () => {
      await waitHealth("unreachable");
      // The health probe's silence ends the pods watch within seconds, not after its 55 s idle
      // limit (the watch timeout is the default 50 s here), and the followed log, saying so.
      await watchCause(["reconnecting", "stale"], /stopped answering/, 20_000);
      const log = await session.waitFor("the log waiting", async () => ((await logView())?.status === "waiting" ? logView() : null), 20_000);
      check(/lab-dev: the cluster stopped answering/.test(log.banner) && /goes on from where it stopped when lab-dev answers/.test(log.banner), `the log's banner: "${log.banner}"`);
      // A page reloaded meanwhile re-attaches the log still waiting, with why (its earlier lines
      // went with the page).
      await ui.reloadPage();
      const again = await session.waitFor("the re-attached log waiting", async () => ((await logView())?.status === "waiting" ? logView() : null), 20_000);
      check(again.banner === log.banner, `after the reload the log's banner: "${again.banner}", before: "${log.banner}"`);
      check((await session.findAll('[data-testid="stream-reattached"]')).length === 1, "the log tab says it was re-attached");
      // The reloaded page watches the pods again, which cannot start while lab-dev is silent:
      // the view says it starts again when lab-dev answers (and it must, in `recovered`).
      const down = await session.waitFor("the reloaded pods view failed, waiting for lab-dev", async () => (await text('[data-testid="resource-error"] [data-testid="resource-cluster-down"]')) || null, 30_000);
      if (process.env.FAULTS_SCREENSHOT) fs.writeFileSync(process.env.FAULTS_SCREENSHOT, await session.screenshot());
      linesWaiting = again.total;
      return `log waiting (${log.total} lines), re-attached waiting after a reload: "${log.banner.slice(0, 40)}…"; pods view: "${down}"`;
    },
    off: none,
    recovered: async () => {
      await liveAgain();
      // Going on after the lines it had, with the ones written meanwhile.
      const on = (v) => v?.status === "running" && v.banner === null && v.total > linesWaiting + 2;
      await session.waitFor("lab-dev's log going on after its lines", async () => on(await logView()), 40_000);
      // The kinds the reloaded page could not have described while lab-dev was silent are described again.
      await session.waitFor("no discovery warning left on lab-dev", async () => (await session.findAll('[data-testid="discovery-warning"]')).length === 0, 20_000);
      await session.execute(`document.querySelectorAll('[data-testid="stream-tab-close"]').forEach((b) => b.click());`);
    },
  });
  await run("dropped watches", {
    on: async () => {},
    saw: () => interruption(/closed the watch of pods/, async () => {
      await setFault({ fault: "drop_watches_after", events: 1 });
      await touchLabDev();
    }),
    off: none,
    recovered: liveAgain,
  });
  await run("410 Gone", {
    on: async () => {},
    saw: () => interruption(/re-listing pods \(410 Gone/, () => setFault({ fault: "expire_resource_versions" })),
    off: none,
    recovered: liveAgain,
  });
  await run("401 mid-session", { on: () => setFault({ fault: "reject_credentials" }), saw: () => waitHealth("unauthorized"), off: none, recovered: healthy });
  let namespaceChoices = 0;
  await run("403 on namespaces", {
    on: async () => {
      await show("lab-dev");
      namespaceChoices = (await session.findAll('[data-testid="namespace-select"] option')).length;
      await setFault({ fault: "forbid_namespaces" });
    },
    saw: async () => {
      let last = null;
      const said = await session.waitFor("lab-dev's namespace picker saying listing is forbidden", async () => {
        const t = (last = (await ui.attr('[data-testid="fallback-namespaces"] [data-tooltip]', "data-tooltip")) ?? "");
        return /lab-dev: not allowed to list namespaces/.test(t) ? t : null;
      }, 40_000).catch(async (e) => {
        throw new Error(`${e.message}; the picker: "${last}", ${(await session.findAll('[data-testid="namespace-select"] option')).length} choices`);
      });
      const opts = (await session.findAll('[data-testid="namespace-select"] option')).length;
      return `tab ${await healthOf("lab-dev")}; picker: "${said}" (${opts} choices, were ${namespaceChoices})`;
    },
    off: none,
    recovered: async () => {
      await healthy();
      await session.waitFor("lab-dev's full namespace list again", async () => (await session.findAll('[data-testid="fallback-namespaces"]')).length === 0 && (await session.findAll('[data-testid="namespace-select"] option')).length === namespaceChoices, 60_000);
    },
  });
  let runsBefore = 0;
  await run("401 mid-session, exec plugin token expires", {
    on: async () => {
      await ui.connectFromHome("exec-dev");
      await ui.waitForRows("exec-dev's pods");
      runsBefore = runsOfExec();
      check(runsBefore >= 1, "the exec plugin never ran");
    },
    saw: async () => {
      // The token dies after 8 s; the next probe gets 401 and the app runs the plugin again.
      const health = new Set();
      await session.waitFor("the exec plugin run again after its token expired", async () => {
        health.add(await healthOf("exec-dev"));
        return runsOfExec() > runsBefore;
      }, 40_000);
      const shown = [...health].join(" → ");
      return `plugin re-run after the 401 (${runsBefore} → ${runsOfExec()} runs); tab exec-dev: ${shown}${health.has("unauthorized") ? `: ${await tooltip("exec-dev")}` : " (the 401 never reached the user)"}`;
    },
    off: async () => {},
    recovered: async () => {
      await show("exec-dev");
      await ui.waitAttr(tab("exec-dev"), "data-health", "healthy", 30_000);
      await ui.waitForRows("exec-dev's pods");
      const before = await count();
      // lab-dev's pods are exec-dev's: a new one must appear through the fresh credential.
      await touchLabDev();
      await session.waitFor("exec-dev's list following lab-dev with the new token", async () => (await count()) === before + 1, 20_000);
    },
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
      // Each card by its own id: the grid re-renders after every connect (cards and their
      // buttons change), so "the first connect button" may be stale or the other card.
      const cards = await session.waitFor("the two dup cards", async () => {
        const found = await session.findAll(card("dup"));
        return found.length === 2 ? found : null;
      }, 20_000);
      const ids = [];
      for (const c of cards) ids.push(await session.attribute(c, "data-cluster-id"));
      for (const [i, id] of ids.entries()) {
        await home();
        const selector = `[data-testid="cluster-card"][data-cluster-id="${id}"] [data-testid="connect"]`;
        const button = await session.waitFor(`the connect button of ${id}`, async () => (await session.findAll(selector))[0], 20_000);
        await session.click(button);
        await session.waitFor(`dup connection ${i + 1}`, async () => (await session.findAll(`[data-testid="cluster-tab"][data-cluster-id="${id}"]`)).length === 1, 30_000);
      }
      return `${cards.length} cards named dup (${ids.join(", ")}); each connected to its own tab`;
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
