import { describe, expect, it } from "vitest";
import { fileName, shortenMiddle } from "../cluster-names";

describe("shortenMiddle", () => {
  it("leaves short names alone", () => {
    expect(shortenMiddle("kind-dev")).toBe("kind-dev");
    expect(shortenMiddle("x".repeat(30), 30)).toBe("x".repeat(30));
  });

  it("keeps an EKS ARN's provider and cluster name, cutting the account out", () => {
    const arn = "arn:aws:eks:eu-west-1:123456789012:cluster/prod";
    const short = shortenMiddle(arn, 30);
    expect(short.length).toBeLessThanOrEqual(30);
    expect(short.startsWith("arn:aws:eks:")).toBe(true);
    expect(short.endsWith(":cluster/prod")).toBe(true);
    expect(short).toContain("…");
    expect(short).not.toContain("123456789012");
  });

  it("keeps a GKE name's prefix and cluster name", () => {
    const gke = "gke_my-project-123456_europe-west1-b_payments-prod";
    const short = shortenMiddle(gke, 30);
    expect(short.length).toBeLessThanOrEqual(30);
    expect(short.startsWith("gke_")).toBe(true);
    expect(short.endsWith("_payments-prod")).toBe(true);
  });

  it("tells apart two ARNs that differ only at the end", () => {
    const a = shortenMiddle("arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu");
    const b = shortenMiddle("arn:aws:eks:eu-west-1:123456789012:cluster/prod-us");
    expect(a).not.toBe(b);
  });

  it("cuts in the middle when there is no separator, never past the limit", () => {
    const name = "a".repeat(20) + "MIDDLE" + "z".repeat(20);
    const short = shortenMiddle(name, 20);
    expect(short).toHaveLength(20);
    expect(short.startsWith("aaaa")).toBe(true);
    expect(short.endsWith("zzzz")).toBe(true);
    expect(short).not.toContain("MIDDLE");
  });

  it("counts characters, not UTF-16 units", () => {
    const name = "集群".repeat(30);
    expect(Array.from(shortenMiddle(name, 10))).toHaveLength(10);
  });
});

describe("fileName", () => {
  it("is the last path segment", () => {
    expect(fileName("/home/me/.kube/prod.yaml")).toBe("prod.yaml");
    expect(fileName("C:\\Users\\me\\.kube\\config")).toBe("config");
    expect(fileName("config")).toBe("config");
  });
});
