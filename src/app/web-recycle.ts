/**
 * Gives the web process's memory back once every cluster is gone: after the window has been
 * idle for `IDLE_MS` with no cluster connected, no dialog open and no text in a field, the page
 * asks the backend to recycle the web process (`recycle_web_view`,
 * `src-tauri/src/web_recycle.rs`), which ends it only when it holds more than its ceiling; the
 * page then loads again in a fresh process with its saved state. Asked once per idle spell:
 * input, or a cluster connecting or going, starts a new one. After a recycle the page does not
 * ask again until a cluster has been connected (a fresh process over the ceiling would
 * otherwise reload every spell). Started once from `app/main.tsx`.
 */
import { commands } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";

export const IDLE_MS = 30_000;
/** Set (in localStorage, which outlives the page) from a recycle until a cluster connects. */
export const RECYCLED_KEY = "kubeli.webRecycled";

/** What the page shows that a reload would lose: an open dialog, or text typed into a field. */
export function pageIsBusy(doc: Document): boolean {
  if (doc.querySelector('[role="dialog"], [role="alertdialog"]')) return true;
  const noText = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "hidden", "color", "file"]);
  return [...doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")].some(
    (field) => (field instanceof HTMLTextAreaElement || !noText.has(field.type)) && field.value !== "",
  );
}

/** Calls `onInput` on every key, pointer press and wheel in `doc` (captured); returns the stop. */
export function onUserInput(doc: Document, onInput: () => void): () => void {
  const events = ["keydown", "pointerdown", "wheel"] as const;
  for (const e of events) doc.addEventListener(e, onInput, { capture: true, passive: true });
  return () => {
    for (const e of events) doc.removeEventListener(e, onInput, { capture: true });
  };
}

type Options = {
  /** How many clusters are connected (or connecting). */
  connected: () => number;
  /** Asks the backend; true when it ended the web process. */
  recycle: () => Promise<boolean>;
  /** Calls `onChange` whenever the connected clusters may have changed; returns the unsubscribe. */
  subscribe: (onChange: () => void) => () => void;
  doc?: Document;
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  idleMs?: number;
};

/** Starts the idle timer; returns the stop. */
export function startWebRecycle({ connected, recycle, subscribe, doc = document, storage = localStorage, idleMs = IDLE_MS }: Options): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The mark, mirrored: the store changes many times a second while clusters are connected,
  // and localStorage is touched only when the mark changes.
  let marked = storage.getItem(RECYCLED_KEY) !== null;
  const mark = (on: boolean) => {
    if (on === marked) return;
    marked = on;
    if (on) storage.setItem(RECYCLED_KEY, "1");
    else storage.removeItem(RECYCLED_KEY);
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = connected() > 0 ? null : setTimeout(fire, idleMs);
  };
  const fire = () => {
    timer = null;
    if (connected() > 0) return;
    // Busy: look again after another idle spell (the user may just have stepped away).
    if (marked) return;
    if (pageIsBusy(doc)) arm();
    else {
      // Set before asking: a recycled page never hears the answer.
      mark(true);
      void recycle().then(
        (recycled) => recycled || mark(false),
        () => mark(false),
      );
    }
  };
  const stopInput = onUserInput(doc, arm);
  let last = connected();
  const unsubscribe = subscribe(() => {
    const now = connected();
    if (now > 0) mark(false);
    if (now !== last) arm();
    last = now;
  });
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    stopInput();
    unsubscribe();
  };
}

/** The app's timer over the cluster store and the backend command. */
export function startAppWebRecycle() {
  return startWebRecycle({
    connected: () => useClusterStore.getState().connectedClusters.size,
    recycle: async () => {
      const answer = await commands.recycleWebView();
      return answer.status === "ok" && answer.data.recycled;
    },
    subscribe: (onChange) => useClusterStore.subscribe(onChange),
  });
}
