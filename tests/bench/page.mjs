// Scripts run inside the app's page by the benchmark (WebDriver execute), and row comparison.
// The page's CSP forbids eval: each script is complete text, its inputs come as arguments.
// Times are the page's own: an event's `timeStamp` and `performance.now()` share one clock.

/** Picks "All namespaces" in the active cluster's namespace picker. */
export const ALL_NAMESPACES = `
  const select = document.querySelector('[data-testid="namespace-select"]');
  if (!select) throw new Error("no namespace picker on screen");
  if (select.value === "") return;
  Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(select, "");
  select.dispatchEvent(new Event("change", { bubbles: true }));
`;

export const COUNT = `return document.querySelector('[data-testid="resource-count"]')?.textContent ?? ""`;

// Shared by the scripts below: is a row on screen (not in a hidden, kept-mounted view)?
const SHOWN = `
  const shown = (el) => (typeof el.checkVisibility === "function" ? el.checkVisibility({ visibilityProperty: true }) : el.offsetParent !== null);
  // WebKit gave event.timeStamp in epoch ms in old versions: bring it onto performance.now()'s clock.
  const since = (stamp) => performance.now() - (stamp > 1e11 ? stamp - performance.timeOrigin : stamp);
`;

/**
 * P1: on each Ctrl+Tab / Ctrl+Shift+Tab keydown, the cluster that becomes active is read from the
 * tab bar; from the keydown's timeStamp to the first animation frame in which that tab is active
 * and one of its rows (a `namespace/name` only it has, from the lab) is on screen.
 */
export const P1_INSTALL = `
  const [unique] = arguments;
  ${SHOWN}
  const sets = Object.fromEntries(Object.entries(unique).map(([c, keys]) => [c, new Set(keys)]));
  const state = (window.__p1 = { samples: [] });
  // A cluster without a row name of its own (same seed, same names) counts any row on screen.
  const painted = (context) => {
    for (const row of document.querySelectorAll('[data-testid="resource-row"]')) {
      if ((sets[context].size === 0 || sets[context].has(row.dataset.namespace + "/" + row.dataset.name)) && shown(row)) return true;
    }
    return false;
  };
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" || !event.ctrlKey) return;
    const tabs = [...document.querySelectorAll('[data-testid="cluster-tab"]')];
    const at = tabs.findIndex((t) => t.dataset.active === "true");
    const next = tabs[(at + (event.shiftKey ? tabs.length - 1 : 1)) % tabs.length].dataset.context;
    const stamp = event.timeStamp;
    const check = () => {
      const active = document.querySelector('[data-testid="cluster-tab"][data-active="true"]');
      if (active && active.dataset.context === next && painted(next)) state.samples.push(since(stamp));
      else if (since(stamp) > 10000) state.samples.push(-1);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
  return true;
`;

/**
 * Ctrl+Shift+Tab as the page sees it from a keyboard. WebKitWebDriver delivers a Shift+Tab chord
 * with \`key: "Unidentified"\` (GTK's ISO_Left_Tab), which no keyboard does: this one is
 * dispatched in the page on the focused element instead, and goes through the same listeners.
 */
export const CTRL_SHIFT_TAB = `
  (document.activeElement ?? document.body).dispatchEvent(
    new KeyboardEvent("keydown", { key: "Tab", code: "Tab", ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }),
  );
`;

/**
 * Starts recording frame times (ms between animation frames) for `arguments[0]` ms into
 * `window.__frames`; WebDriver polls it (an async script would outlive the 30 s script timeout).
 */
export const FRAMES_START = `
  const [duration] = arguments;
  const state = (window.__frames = { done: false, frames: [] });
  let last;
  let start;
  const step = (now) => {
    if (last !== undefined) state.frames.push(now - last);
    else start = now;
    last = now;
    if (now - start < duration) requestAnimationFrame(step);
    else state.done = true;
  };
  requestAnimationFrame(step);
`;

export const FRAMES_DONE = `return window.__frames.done ? window.__frames.frames : null`;

/** P9a: click the Pods nav; ms until the frame with rows on screen and the full count shown. */
export const OPEN_PODS = `
  const [pods, done] = arguments;
  ${SHOWN}
  const started = performance.now();
  document.querySelector('[data-testid="nav-kind"][data-kind="pods"]').click();
  const check = () => {
    const rows = [...document.querySelectorAll('[data-testid="resource-row"]')].some(shown);
    const count = document.querySelector('[data-testid="resource-count"]')?.textContent ?? "";
    if (rows && new RegExp("^" + pods + "\\\\b").test(count)) done(performance.now() - started);
    else if (performance.now() - started > 120000) done(-1);
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

/**
 * P9b: on each keydown in the filter box, from its timeStamp to the first frame in which the
 * view shows the result of the new filter text (the count names the filter it applied).
 */
export const P9B_INSTALL = `
  ${SHOWN}
  const input = document.querySelector('[data-testid="resource-filter"]');
  const state = (window.__p9b = { samples: [] });
  input.addEventListener("keydown", (event) => {
    const before = input.value;
    const stamp = event.timeStamp;
    const check = () => {
      const count = document.querySelector('[data-testid="resource-count"]');
      if (input.value !== before && count && count.dataset.filter === input.value) state.samples.push(since(stamp));
      else if (since(stamp) > 10000) state.samples.push(-1);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
  return true;
`;

/** Sets the filter box's text as typing would (React listens to `input`), e.g. to clear it. */
export const SET_FILTER = `
  const [text] = arguments;
  const input = document.querySelector('[data-testid="resource-filter"]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, text);
  input.dispatchEvent(new Event("input", { bubbles: true }));
`;

/**
 * P9c: clicks the sortable header \`column\` (in the page, so the click is the page's own);
 * ms until the first frame whose header says the new order (\`aria-sort\` changed). The rows
 * are rendered in the same React commit as the header, so that frame paints them in it.
 */
export const SORT_BY = `
  const [column, done] = arguments;
  const header = document.querySelector('[data-testid="column-header"][data-column="' + column + '"]');
  if (!header) return done(-1);
  const before = header.getAttribute("aria-sort");
  const started = performance.now();
  header.querySelector("button").click();
  const check = () => {
    const now = document.querySelector('[data-testid="column-header"][data-column="' + column + '"]');
    if (now && now.getAttribute("aria-sort") !== before) done(performance.now() - started);
    else if (performance.now() - started > 10000) done(-1);
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

/**
 * P9d: scrolls the table by \`step\` px each animation frame for \`duration\` ms (back up when it
 * reaches the end) and records the time between frames into \`window.__scroll\`; polled with
 * SCROLL_DONE. Each step is a scroll event the virtualiser answers before the next paint.
 */
export const SCROLL_START = `
  const [duration, step] = arguments;
  const scroll = document.querySelector('[data-testid="resource-scroll"]');
  const state = (window.__scroll = { done: false, frames: [], rows: 0 });
  let last;
  let start;
  let direction = 1;
  const tick = (now) => {
    if (last !== undefined) state.frames.push(now - last);
    else start = now;
    last = now;
    if (now - start >= duration) {
      state.done = true;
      state.rows = Math.round(scroll.scrollTop / 33);
      return;
    }
    if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 1) direction = -1;
    else if (scroll.scrollTop <= 0) direction = 1;
    scroll.scrollTop += direction * step;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

export const SCROLL_DONE = `return window.__scroll.done ? window.__scroll : null`;

/**
 * Rows that differ between the lab (`want`: key → resourceVersion) and the page's row model
 * (`rows` from `__kubeliBench.rows`, or null when the page holds no such view): missing,
 * extra, or with another resourceVersion. Returns each differing key with what each side has
 * (`text` says it in words).
 */
export function rowDiff(want, rows, born = new Map()) {
  const diff = (key, text) => ({ key, text: `${key}: ${text}` });
  // Creation times tell an object made again under the same name from one that missed a change.
  const created = (page, key) => (page && born.has(key) && page !== born.get(key) ? ` (created ${page} in the page, ${born.get(key)} in the lab)` : "");
  if (!rows) return [...want.keys()].map((key) => diff(key, "no view in the page"));
  const diffs = [];
  const seen = new Set();
  for (const r of rows) {
    const key = `${r.namespace}/${r.name}`;
    seen.add(key);
    if (want.get(key) !== r.resourceVersion) diffs.push(diff(key, `page ${r.resourceVersion}, lab ${want.get(key) ?? "none"}${created(r.created, key)}`));
  }
  for (const key of want.keys()) if (!seen.has(key)) diffs.push(diff(key, `page none, lab ${want.get(key)}`));
  return diffs;
}
