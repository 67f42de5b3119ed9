/** Each kind's filter, sort and all-clusters scope survive a restart through the saved cluster state; chip and scroll do not. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLUSTER_STORAGE_KEY, sanitizeSavedState } from "@/stores/cluster-persistence";
import { useClusterStore } from "@/stores/cluster-store";
import { resetAppStores } from "@/test/reset-stores";
import { SAVE_FILTER_AFTER_MS, flushSavedViews, resetViewStateStore, selectViewState, useViewStateStore } from "../stores/view-state";

const A = "/home/ana/.kube/config#a";
const B = "/home/ana/.kube/config#b";
const view = (context: string, kind: string) => selectViewState(context, kind)(useViewStateStore.getState());

beforeEach(() => resetAppStores());
afterEach(() => vi.useRealTimers());

describe("saved view state", () => {
  it("brings back each cluster's filter and sort per kind after a restart, not its chip or scroll", () => {
    const { update } = useViewStateStore.getState();
    update(A, "pods", { filter: "app=web", chip: "not-ready", scrollTop: 400 });
    update(A, "pods", { sort: { column: "restarts", desc: true } });
    update(B, "pods", { filter: "db" });
    update(A, "deployments.apps", { sort: { column: "age", desc: false } });
    flushSavedViews();

    // Written through the persisted cluster store.
    const stored = JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY) ?? "{}") as { state: unknown };
    const saved = sanitizeSavedState(stored.state);
    expect(saved.prefs[A].views).toEqual({ pods: { filter: "app=web", sort: { column: "restarts", desc: true } }, "deployments.apps": { filter: "", sort: { column: "age", desc: false } } });

    // A restart: the in-memory views are gone, the saved ones load.
    resetViewStateStore({ keepSaved: true });
    useClusterStore.setState({ prefs: saved.prefs });
    expect(view(A, "pods")).toEqual({ filter: "app=web", chip: null, sort: { column: "restarts", desc: true }, scope: null, scrollTop: 0 });
    expect(view(B, "pods").filter).toBe("db");
    expect(view(B, "pods").sort).toEqual({ column: "name", desc: false });
    expect(view(A, "services").filter).toBe("");
    // The same object each time: selectors need it stable.
    expect(view(A, "pods")).toBe(view(A, "pods"));
  });

  it("saves a typed filter once typing pauses, not per keystroke: the cluster store's prefs stay put while typing", () => {
    vi.useFakeTimers();
    const { update } = useViewStateStore.getState();
    let prefsChanges = 0;
    const stop = useClusterStore.subscribe((s, previous) => {
      if (s.prefs !== previous.prefs) prefsChanges += 1;
    });
    for (const filter of ["a", "ap", "api", "api-"]) {
      update(A, "pods", { filter });
      vi.advanceTimersByTime(SAVE_FILTER_AFTER_MS / 3);
    }
    // Each keystroke shows at once in the view's own state…
    expect(view(A, "pods").filter).toBe("api-");
    // …and none has re-rendered what follows the saved prefs.
    expect(prefsChanges).toBe(0);
    vi.advanceTimersByTime(SAVE_FILTER_AFTER_MS);
    expect(prefsChanges).toBe(1);
    expect(useClusterStore.getState().prefs[A].views?.pods.filter).toBe("api-");
    // A sort is saved at once, with the filter as it is.
    update(A, "pods", { filter: "api-w" });
    update(A, "pods", { sort: { column: "age", desc: true } });
    expect(useClusterStore.getState().prefs[A].views?.pods).toEqual({ filter: "api-w", sort: { column: "age", desc: true } });
    stop();
  });

  it("keeps the other saved choices when a saved view is malformed, dropping only that view", () => {
    const saved = sanitizeSavedState({
      prefs: { [A]: { namespace: "shop", views: { pods: { filter: "x", sort: { column: "", desc: true } }, nodes: "broken", jobs: { filter: "nightly", sort: { column: "age", desc: true } } } } },
      tabOrder: [A],
    });
    expect(saved.prefs[A].namespace).toBe("shop");
    expect(saved.prefs[A].views).toEqual({ jobs: { filter: "nightly", sort: { column: "age", desc: true } } });
    // Saves from before views existed load as they were.
    expect(sanitizeSavedState({ prefs: { [A]: { namespace: null } }, tabOrder: [A] }).prefs[A]).toEqual({ namespace: null });
  });

  it("brings back each view's all-clusters scope after a restart; a malformed scope leaves the view on its own cluster", () => {
    const { update } = useViewStateStore.getState();
    update(A, "pods", { scope: { mode: "group", group: "prod" } });
    update(B, "pods", { scope: { mode: "some", contexts: [A, B] } });
    const stored = JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY) ?? "{}") as { state: unknown };
    const saved = sanitizeSavedState(stored.state);
    resetViewStateStore({ keepSaved: true });
    useClusterStore.setState({ prefs: saved.prefs });
    expect(view(A, "pods").scope).toEqual({ mode: "group", group: "prod" });
    expect(view(B, "pods").scope).toEqual({ mode: "some", contexts: [A, B] });
    expect(view(A, "services").scope).toBeNull();

    const odd = sanitizeSavedState({ prefs: { [A]: { views: { pods: { filter: "", sort: { column: "name", desc: false }, scope: { mode: "everything" } } } } }, tabOrder: [A] });
    expect(odd.prefs[A].views).toEqual({ pods: { filter: "", sort: { column: "name", desc: false } } });
  });
});
