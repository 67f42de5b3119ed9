// Helpers that drive Kubeli's multi-cluster UI through its stable data-testid hooks.

import assert from "node:assert/strict";

export const tab = (context) => `[data-testid="cluster-tab"][data-context="${context}"]`;
export const card = (context) => `[data-testid="cluster-card"][data-context="${context}"]`;

/** Wraps a WebDriver session with the app's hooks. */
export function kubeli(session) {
  const api = {
    async one(css) {
      const found = await session.findAll(css);
      assert.equal(found.length, 1, `expected exactly one ${css}, found ${found.length}`);
      return found[0];
    },
    async attr(css, name) {
      const found = await session.findAll(css);
      return found.length ? session.attribute(found[0], name) : null;
    },
    async waitAttr(css, name, want, timeoutMs = 20_000) {
      await session.waitFor(`${css} ${name}=${want}`, async () => (await api.attr(css, name)) === want, timeoutMs);
    },
    /** Reloads the page as Ctrl+R does and waits for the new one (the marker set before it is gone). */
    async reloadPage() {
      await session.execute("window.__kubeliMarker = 'before the reload'; setTimeout(() => location.reload(), 50); return true;");
      await session.waitFor("the page to reload", async () => (await session.execute("return document.readyState === 'complete' && window.__kubeliMarker === undefined;")) === true, 30_000);
    },
    /** From wherever we are, open the home grid and connect `context`; wait until its tab is active and healthy. */
    async connectFromHome(context) {
      const plus = await session.findAll('[data-testid="add-cluster"]');
      if (plus.length) await session.click(plus[0]);
      const button = await session.waitFor(`the connect button of ${context}`, async () => {
        const found = await session.findAll(`${card(context)} [data-testid="connect"]`);
        return found[0];
      });
      await session.click(button);
      await api.waitAttr(tab(context), "data-active", "true");
      await api.waitAttr(tab(context), "data-health", "healthy");
    },
    async waitForRows(what, timeoutMs = 30_000) {
      await session.waitFor(`resource rows of ${what}`, async () => (await session.findAll('[data-testid="resource-row"]')).length > 0, timeoutMs);
    },
    /** Clicks `testId` in the first Running pod row in view; returns the pod's name. */
    async clickRunningRowButton(testId) {
      const name = await session.execute(
        `for (const row of document.querySelectorAll('[data-testid="resource-row"]')) {
           const status = row.querySelector('td[data-column="status"]')?.textContent ?? "Running";
           const button = row.querySelector('[data-testid="' + arguments[0] + '"]');
           if (!button || !/Running/.test(status)) continue;
           button.click();
           return row.dataset.name;
         }
         return null;`,
        [testId],
      );
      assert.ok(name, `a Running pod row with ${testId}`);
      return name;
    },
  };
  return api;
}
