/** How a cluster is named where it is shown: short name, its file only when another file shares the name, its guard. */
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as names from "@/lib/cluster-names";
import { cluster } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";
import { identityOf, useClusterIdentity } from "../cluster-identity";
import { useClusterStore } from "../cluster-store";

const a = cluster("prod", { source: "/home/ana/.kube/work.yaml" });
const b = cluster("prod", { source: "/home/ana/.kube/personal.yaml", duplicate: true });
const c = cluster("gke_my-project-123456_europe-west1-b_payments-prod");

describe("identityOf", () => {
  it("shows the file for both contexts that share a name, and not for a unique one", () => {
    const s = { clusters: [a, b, c], connectedClusters: new Map(), prefs: {} };
    expect(identityOf(s, a.id).file).toBe("work.yaml");
    expect(identityOf(s, b.id).file).toBe("personal.yaml");
    expect(identityOf(s, c.id).file).toBeNull();
    expect(identityOf(s, a.id).full).toBe("prod\n/home/ana/.kube/work.yaml");
  });

  it("shortens a long name and carries the guard flags", () => {
    const s = { clusters: [c], connectedClusters: new Map(), prefs: { [c.id]: { protected: true, label: "prod" } } };
    const facts = identityOf(s, c.id);
    expect(facts.short).not.toBe(c.context);
    expect(facts.short.startsWith("gke_")).toBe(true);
    expect(facts.name).toBe(c.context);
    expect(facts).toMatchObject({ protected: true, readOnly: false, label: "prod", color: null });
  });
});

describe("useClusterIdentity", () => {
  beforeEach(() => resetAppStores());
  afterEach(() => vi.restoreAllMocks());

  it("renders again when the identity changes, not when the store changes around it (a switch)", () => {
    useClusterStore.setState({ clusters: [a, c], prefs: {} });
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useClusterIdentity(c.id);
    });
    const first = result.current;
    expect(first.name).toBe(c.context);
    // Not worked out again either (each of ~40 tabs, cards and headers runs its selector on every store change).
    const workedOut = vi.spyOn(names, "shortenMiddle");
    act(() => useClusterStore.setState({ activeClusterContext: a.id, view: "dashboard" }));
    expect(workedOut).not.toHaveBeenCalled();
    act(() => useClusterStore.setState({ clusters: [a, c] }));
    expect(result.current).toBe(first);
    expect(renders).toBe(1);
    act(() => useClusterStore.setState({ prefs: { [c.id]: { label: "payments" } } }));
    expect(result.current.label).toBe("payments");
    expect(renders).toBe(2);
  });
});
