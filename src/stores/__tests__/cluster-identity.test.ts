/** How a cluster is named where it is shown: short name, its file only when another file shares the name, its guard. */
import { describe, expect, it } from "vitest";
import { cluster } from "@/test/backend";
import { identityOf } from "../cluster-identity";

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
