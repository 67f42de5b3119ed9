// Real-app E2E of the gaps users saw (issues #10, #12), one app start on one lab cluster:
// - the pods table (All namespaces) at 1024, 1280 and 1440 px: the row actions take their own
//   column (never laid over IP or Age), every column is reachable by scrolling the table
//   sideways, long cells end in an ellipsis with the full value in `title`, and at 1280 px and
//   wider every column fits; the Create button covers no row's actions with the list scrolled
//   to its end;
// - a log tab's Download writes `<cluster>-<pod>-<container>-<timestamp>.log` into the
//   Downloads folder (`XDG_DOWNLOAD_DIR` of a temporary HOME) with the lines shown;
// - a port-forward's "Open" hands `http://localhost:<port>/` to the OS opener: a fake
//   `xdg-open` first on the app's PATH records what it got and its environment (the `open`
//   crate's launchers try xdg-open first on Linux): the user's, without the variables the app
//   set for its own WebKit. Only the OS browser is faked.
// Screenshots: artifacts/e2e-ui-*.png.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { openWorld } from "./world.mjs";

const A = "lab-dev";

let world;
let session;
let ui;
let downloads;
let opened;
let openerEnv;

const shot = (label) => world.shot(label);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  world = await openWorld("ui", {
    lab: { clusters: 1, pods: 60 },
    prepare: ({ work, home }) => {
      downloads = path.join(home, "Saved logs");
      fs.mkdirSync(path.join(home, ".config"), { recursive: true });
      fs.mkdirSync(downloads);
      // Where the platform's Downloads folder is on Linux (xdg-user-dirs), as a desktop writes it.
      fs.writeFileSync(path.join(home, ".config", "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="$HOME/Saved logs"\n`);
      // The OS browser is the one edge faked: xdg-open records its environment, then its argument.
      const bin = path.join(work, "bin");
      opened = path.join(work, "opened.txt");
      openerEnv = path.join(work, "opener-env.txt");
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, "xdg-open"), `#!/bin/sh\nenv > '${openerEnv}'\nprintf '%s\\n' "$1" >> '${opened}'\n`, { mode: 0o755 });
    },
    env: ({ work, home }) => ({ XDG_CONFIG_HOME: path.join(home, ".config"), PATH: `${path.join(work, "bin")}:${process.env.PATH}` }),
  });
  ({ session, ui } = world);
});

after(() => world?.close());

/** Where the first row's cells, its actions and the scroll container are, in px. */
const layout = () =>
  session.execute(`
    const scroll = document.querySelector('[data-testid="resource-scroll"]');
    const row = document.querySelector('[data-testid="resource-row"]');
    if (!scroll || !row) return null;
    const cells = [...row.querySelectorAll('td[data-column]')].map((td) => { const r = td.getBoundingClientRect(); return { column: td.dataset.column, left: Math.round(r.left), right: Math.round(r.right) }; });
    const s = scroll.getBoundingClientRect();
    const buttons = [...document.querySelectorAll('[data-testid="resource-row"] button[data-testid]')];
    return {
      cells,
      visibleLeft: Math.round(s.left), visibleRight: Math.round(s.left + scroll.clientWidth),
      scrollWidth: scroll.scrollWidth, clientWidth: scroll.clientWidth,
      buttonsInRows: buttons.every((b) => b.closest('[data-testid="resource-row"]')),
      testIds: [...new Set(buttons.map((b) => b.dataset.testid))].sort(),
      innerWidth: window.innerWidth,
    };`);

test("the pods table at 1024, 1280 and 1440 px: actions in their own column, every column reachable, long cells truncated with a title", async () => {
  await session.waitFor("the lab's card", async () => (await session.findAll('[data-testid="cluster-card"]')).length === 1);
  await ui.connectFromHome(A);
  await session.click(await ui.one('[data-testid="nav-kind"][data-kind="pods"]'));
  await ui.waitForRows("pods");
  const select = await ui.one('[data-testid="namespace-select"]');
  if ((await session.property(select, "value")) !== "") {
    await session.execute(`const s = arguments[0]; const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set; set.call(s, ""); s.dispatchEvent(new Event("change", { bubbles: true }));`, [select]);
  }
  await session.waitFor("pods of every namespace", async () => (await session.execute(`return new Set([...document.querySelectorAll('[data-testid="resource-row"]')].map((r) => r.dataset.namespace)).size`)) > 1);

  const rect = await session.windowRect();
  try {
    for (const [width, height] of [[1024, 768], [1280, 800], [1440, 900]]) {
      await session.setWindowRect({ width, height });
      const at = await session.waitFor(`the table laid out at ${width} px`, async () => {
        const l = await layout();
        return l && Math.abs(l.innerWidth - width) < 40 ? l : null;
      });
      await sleep(300);
      const l = await layout();
      const actions = l.cells.find((c) => c.column === "actions");
      const data = l.cells.filter((c) => c.column !== "actions" && c.column !== "select");
      assert.ok(actions, "the row has an actions cell");
      for (const c of data) assert.ok(c.right <= actions.left + 1, `${c.column} (${c.left}–${c.right}) is not under the actions (${actions.left}) at ${width} px`);
      assert.ok(l.buttonsInRows, "every row button is inside its resource-row");
      for (const id of ["open-logs", "open-shell", "open-port-forward", "row-yaml", "row-delete"]) assert.ok(l.testIds.includes(id), `${id} in the rows at ${width} px: ${l.testIds}`);
      if (width >= 1280) {
        const age = data.find((c) => c.column === "age");
        assert.ok(age.right <= l.visibleRight, `Age in view without scrolling at ${width} px: ${JSON.stringify({ age, visibleRight: l.visibleRight })}`);
        assert.ok(actions.right <= l.visibleRight + 1, `the actions in view at ${width} px: ${JSON.stringify({ actions, visibleRight: l.visibleRight, scrollWidth: l.scrollWidth, clientWidth: l.clientWidth })}`);
      }
      await shot(`pods-${width}`);
      if (l.scrollWidth > l.clientWidth) {
        // Narrower than the columns: the table scrolls sideways and shows the last columns whole.
        await session.execute(`const s = document.querySelector('[data-testid="resource-scroll"]'); s.scrollLeft = s.scrollWidth;`);
        await sleep(200);
        const end = await layout();
        const ip = end.cells.find((c) => c.column === "ip");
        const endActions = end.cells.find((c) => c.column === "actions");
        assert.ok(ip.left >= end.visibleLeft && endActions.right <= end.visibleRight + 1, `scrolled to the right, IP to the actions are in view at ${width} px: ${JSON.stringify(end)}`);
        await shot(`pods-${width}-scrolled`);
        await session.execute(`document.querySelector('[data-testid="resource-scroll"]').scrollLeft = 0;`);
      }
      void at;
    }
    // Long values end in an ellipsis; the full value is the cell's title.
    const titles = await session.execute(
      `const row = document.querySelector('[data-testid="resource-row"]');
       return [...row.querySelectorAll('td[data-column] > span[title]')].map((s) => ({ column: s.parentElement.dataset.column, title: s.title, text: s.textContent }));`,
    );
    const name = titles.find((t) => t.column === "name");
    assert.ok(name && name.title === name.text && name.title.length > 0, `the name cell carries its full value as title: ${JSON.stringify(titles)}`);
    const truncated = await session.execute(
      `const span = document.querySelector('[data-testid="resource-row"] td[data-column="name"] > span');
       const old = span.textContent; span.textContent = old + "-" + "x".repeat(200);
       const cut = span.scrollWidth > span.clientWidth && getComputedStyle(span).textOverflow === "ellipsis";
       span.textContent = old; return cut;`,
    );
    assert.ok(truncated, "a name too long for its column is cut with an ellipsis");
    // WebDriver still reads the cells (a clipped span is read; one with a hidden overflow read as "").
    const rowText = await session.text((await session.findAll('[data-testid="resource-row"]'))[0]);
    assert.ok(rowText.includes(name.text), `WebDriver reads the row's text: "${rowText}"`);

    // The list scrolled to its end at 1280×800: the Create button covers no row's buttons.
    await session.setWindowRect({ width: 1280, height: 800 });
    await sleep(300);
    await session.execute(`const s = document.querySelector('[data-testid="resource-scroll"]'); s.scrollTop = s.scrollHeight;`);
    await sleep(400);
    const overlap = await session.execute(
      `const create = document.querySelector('[data-testid="create-resource"]').getBoundingClientRect();
       const view = document.querySelector('[data-testid="resource-scroll"]').getBoundingClientRect();
       // Only the buttons one can see: rows above or below the scroll container are clipped by it.
       return [...document.querySelectorAll('[data-testid="resource-row"] button')].map((b) => b.getBoundingClientRect())
         .filter((r) => r.width > 0 && r.top >= view.top && r.bottom <= view.bottom)
         .filter((r) => r.left < create.right && r.right > create.left && r.top < create.bottom && r.bottom > create.top).length;`,
    );
    assert.equal(overlap, 0, "the Create button lies over no row button");
    await shot("create-button-end");
  } finally {
    await session.setWindowRect({ width: rect.width, height: rect.height });
  }
});

test("a log tab's Download saves <cluster>-<pod>-<container>-<timestamp>.log with the lines shown into the Downloads folder", async () => {
  await session.execute(`const s = document.querySelector('[data-testid="resource-scroll"]'); s.scrollTop = 0;`);
  const pod = await ui.clickRunningRowButton("open-logs");
  await session.waitFor("log lines", async () => (await session.execute(`const v = document.querySelector('[data-testid="log-view"]'); return v ? Number(v.dataset.total) : 0;`)) > 2, 30_000);
  // Pause, so the lines shown and the lines saved are the same.
  await session.click(await ui.one('[data-testid="log-pause"]'));
  const shown = await session.execute(`return [...document.querySelectorAll('[data-testid="log-line"]')].map((l) => l.lastElementChild.textContent)`);
  assert.ok(shown.length > 0, "some lines are shown");
  await session.click(await ui.one('[data-testid="log-download"]'));
  const file = await session.waitFor("the saved log", async () => fs.readdirSync(downloads).find((f) => f.endsWith(".log")));
  assert.match(file, new RegExp(`^${A}-${pod}-[A-Za-z0-9_.-]+-\\d{8}-\\d{6}\\.log$`), `the file name: ${file}`);
  const text = fs.readFileSync(path.join(downloads, file), "utf8");
  for (const line of shown.slice(-5)) assert.ok(text.includes(line.trim()), `the saved log has the shown line ${JSON.stringify(line)}`);
  // The toast names the full path.
  await session.waitFor("the toast naming the file", async () => (await session.execute(`return document.body.textContent.includes(arguments[0])`, [path.join(downloads, file)])));
  await shot("log-saved-toast");
  // A second download never overwrites the first.
  await session.click(await ui.one('[data-testid="log-download"]'));
  await session.waitFor("a second file", async () => fs.readdirSync(downloads).filter((f) => f.endsWith(".log")).length === 2);
  assert.equal(fs.readFileSync(path.join(downloads, file), "utf8"), text, "the first file is unchanged");
  assert.deepEqual(fs.readdirSync(downloads).filter((f) => !f.endsWith(".log")), [], "no temporary file left");
});

test("a port-forward's Open hands http://localhost:<port>/ to the OS opener", async () => {
  await ui.clickRunningRowButton("open-port-forward");
  const start = await session.waitFor("the port-forward dialog", async () => (await session.findAll('[data-testid="start-port-forward"]'))[0]);
  const remote = await ui.one('[data-testid="port-forward-remote"]');
  if (!(await session.property(remote, "value"))) await session.type(remote, "8080");
  await session.waitFor("a local port preselected", async () => (await session.property(await ui.one('[data-testid="port-forward-local"]'), "value")) !== "");
  await session.click(start);
  const row = await session.waitFor("the forward listed", async () => (await session.findAll('[data-testid="port-forward-row"]'))[0]);
  const port = Number(await session.attribute(row, "data-local-port"));
  await session.waitFor("the forward active", async () => (await session.attribute(row, "data-state")) === "active");
  await session.click(await ui.one('[data-testid="port-forward-open"]'));
  // The fake opener's `>>` creates the file a moment before its line is in it: wait for the line.
  const urls = await session.waitFor("the opener called", async () => {
    const text = fs.existsSync(opened) ? fs.readFileSync(opened, "utf8") : "";
    return text.endsWith("\n") ? text.trim().split("\n") : null;
  }, 15_000);
  assert.deepEqual(urls, [`http://localhost:${port}/`]);
  // The user's environment (the harness's XDG_CONFIG_HOME stands for it), not what the app set
  // for its WebKit (startup_env: JSC options, compositing off, no GL) unless the user had it.
  const names = fs.readFileSync(openerEnv, "utf8").split("\n").map((line) => line.split("=")[0]);
  assert.ok(names.includes("XDG_CONFIG_HOME"), "the opener got the user's environment");
  const appOnly = names.filter((n) => /^(JSC_|WEBKIT_DISABLE_|WEBKIT_WEB_RENDER_DEVICE_FILE$|GDK_GL$)/.test(n) && !(n in process.env));
  assert.deepEqual(appOnly, [], "the opener got none of the variables the app set for its WebKit");
  await shot("port-forward-opened");
});
