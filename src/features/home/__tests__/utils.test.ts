import { describe, expect, it } from "vitest";
import { countSourceFiles, filterClusters } from "../utils/filter-clusters";
import { authLabel, errorPosition, shortenPath } from "../utils/format";
import { makeCluster } from "./fixtures";

describe("authLabel", () => {
  it("names every auth kind readably", () => {
    expect(authLabel({ kind: "token" })).toBe("Token");
    expect(authLabel({ kind: "clientCertificate" })).toBe("Client certificate");
    expect(authLabel({ kind: "exec", command: "aws" })).toBe("Exec: aws");
    expect(authLabel({ kind: "exec", command: "/opt/homebrew/bin/gke-gcloud-auth-plugin" })).toBe("Exec: gke-gcloud-auth-plugin");
    expect(authLabel({ kind: "authProvider", name: "oidc" })).toBe("Auth provider: oidc");
    expect(authLabel({ kind: "basic" })).toBe("Basic auth");
    expect(authLabel({ kind: "none" })).toBe("No auth");
  });
});

describe("shortenPath", () => {
  it("abbreviates the home directory and deep paths", () => {
    expect(shortenPath("/home/ana/.kube/config")).toBe("~/.kube/config");
    expect(shortenPath("/Users/bo/.kube/config")).toBe("~/.kube/config");
    expect(shortenPath("/etc/kube/config")).toBe("/etc/kube/config");
    expect(shortenPath("/srv/teams/platform/clusters/prod.yaml")).toBe("/…/clusters/prod.yaml");
  });
});

describe("errorPosition", () => {
  it("formats line and column when given", () => {
    expect(errorPosition({ file: "f", message: "m", line: 4, column: 2 })).toBe("line 4, column 2");
    expect(errorPosition({ file: "f", message: "m", line: 4, column: null })).toBe("line 4");
    expect(errorPosition({ file: "f", message: "m", line: null, column: null })).toBeNull();
  });
});

describe("filterClusters", () => {
  const clusters = [
    makeCluster({ context: "prod-eu", user: "alice", auth: { kind: "exec", command: "aws" } }),
    makeCluster({ context: "staging", clusterName: "kind-staging", source: "/home/ana/work/staging.yaml" }),
  ];

  it("matches every term case-insensitively across the card's fields", () => {
    expect(filterClusters(clusters, "")).toEqual(clusters);
    expect(filterClusters(clusters, "ALICE").map((c) => c.context)).toEqual(["prod-eu"]);
    expect(filterClusters(clusters, "kind-staging").map((c) => c.context)).toEqual(["staging"]);
    expect(filterClusters(clusters, "work staging").map((c) => c.context)).toEqual(["staging"]);
    expect(filterClusters(clusters, "work prod")).toEqual([]);
    expect(filterClusters(clusters, "exec: aws").map((c) => c.context)).toEqual(["prod-eu"]);
  });

  it("counts distinct source files", () => {
    expect(countSourceFiles(clusters)).toBe(2);
    expect(countSourceFiles([clusters[0], clusters[0]])).toBe(1);
  });
});
