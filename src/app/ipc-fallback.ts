/**
 * Tauri's IPC answers each command over a fetch of its `ipc:` protocol; once one such fetch
 * fails (for any reason: a request aborted, a transient load error), its `ipc-protocol.js`
 * falls back for the rest of the page's life to `postMessage`, and from then on every answer
 * reaches the page as a script evaluated in the web view. WebKitGTK keeps every distinct
 * script it compiled, so the web process grows with each answer — measured: a fallback
 * forced under the soak's churn grew it ~100 MiB a minute (`scripts/soak.mjs`,
 * `tests/e2e/README.md`). The page cannot turn Tauri's flag back (it is private to that
 * script), but a fresh page starts over on the protocol: when the fallback is announced, the
 * page reloads once the user pauses (no key, pointer or wheel for `QUIET_MS`, no dialog open
 * and no text typed), and the backend's live connections and watchers are adopted again as
 * after Ctrl+R (`stores/cluster-resync.ts`). At most one such reload per `RELOAD_EVERY_MS`
 * (remembered in sessionStorage, which a reload keeps), so a protocol that keeps failing
 * leaves the page working on `postMessage` rather than reloading over and over.
 *
 * Tauri announces it only by `console.warn("IPC custom protocol failed, …", error)`; the
 * E2E `tests/e2e/reload.test.mjs` checks that text against the real app.
 */
import { onUserInput, pageIsBusy } from "./web-recycle";

/** What Tauri's ipc-protocol.js warns when it falls back. */
export const FALLBACK_WARNING = "IPC custom protocol failed";
export const QUIET_MS = 5_000;
export const RELOAD_EVERY_MS = 10 * 60_000;
/** When the last such reload happened (ms since the epoch), in sessionStorage. */
export const RELOADED_AT_KEY = "kubeli.ipcFallbackReloadAt";

type Options = {
  console?: Pick<Console, "warn">;
  doc?: Document;
  storage?: Pick<Storage, "getItem" | "setItem">;
  reload?: () => void;
  now?: () => number;
  quietMs?: number;
};

/** Watches for the fallback from now on; returns the stop. */
export function startIpcFallbackRecovery({
  console: target = console,
  doc = document,
  storage = sessionStorage,
  reload = () => location.reload(),
  now = Date.now,
  quietMs = QUIET_MS,
}: Options = {}): () => void {
  const warn = target.warn;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;

  const arm = () => {
    if (!pending) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, quietMs);
  };
  const fire = () => {
    timer = null;
    if (pageIsBusy(doc)) return arm();
    pending = false;
    storage.setItem(RELOADED_AT_KEY, String(now()));
    reload();
  };
  const announced = (cause: unknown) => {
    if (pending) return;
    const last = Number(storage.getItem(RELOADED_AT_KEY) ?? Number.NaN);
    if (now() - last < RELOAD_EVERY_MS) {
      warn.call(target, `Kubeli: the IPC fell back again (${String(cause)}) within ${RELOAD_EVERY_MS / 60_000} minutes of a reload; staying on it`);
      return;
    }
    pending = true;
    arm();
  };

  target.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes(FALLBACK_WARNING)) announced(args[1]);
    return warn.apply(target, args);
  };
  const stopInput = onUserInput(doc, arm);
  return () => {
    target.warn = warn;
    if (timer) clearTimeout(timer);
    stopInput();
  };
}
