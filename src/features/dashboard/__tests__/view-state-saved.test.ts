/** Each kind's filter, sort and all-clusters scope survive a restart through the saved cluster state; chip and scroll do not. */
import { beforeEach, describe, expect, it } from "vitest";
import { CLUSTER_STORAGE_KEY, sanitizeSavedState } from "@/stores/cluster-persistence";
import { useClusterStore } from "@/stores/cluster-store";
import { resetAppStores } from "@/test/reset-stores";
import { resetViewStateStore, selectViewState, useViewStateStore } from "../stores/view-state";

const A = "/home/ana/.kube/config#a";
const B = "/home/ana/.kube/config#b";
const view = (context: string, kind: string) => selectViewState(context, kind)(useViewStateStore.getState());

beforeEach(() => resetAppStores());

describe("saved view state", () => {
  it("brings back each cluster's filter and sort per kind after a restart, not its chip or scroll", () => {
    const { update } = useViewStateStore.getState();
    update(A, "pods", { filter: "app=web", chip: "not-ready", scrollTop: 400 });
    update(A, "pods", { sort: { column: "restarts", desc: true } });
    update(B, "pods", { filter: "db" });
    update(A, "deployments.apps", { sort: { column: "age", desc: false } });

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
