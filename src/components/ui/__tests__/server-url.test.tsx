import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { splitServer } from "@/lib/server-url";
import { ServerUrl } from "../server-url";

describe("splitServer", () => {
  it("keeps the last path segment apart so the ellipsis goes before it", () => {
    expect(splitServer("https://rancher.example.com/k8s/clusters/c-m-4x7kq2sd")).toEqual({ head: "https://rancher.example.com/k8s/clusters", tail: "/c-m-4x7kq2sd" });
    expect(splitServer("https://proxy.example/clusters/prod/")).toEqual({ head: "https://proxy.example/clusters", tail: "/prod/" });
  });

  it("leaves a URL without a path, or with a very long last segment, to end in the ellipsis", () => {
    expect(splitServer("https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com")).toEqual({ head: "https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com", tail: "" });
    expect(splitServer("https://10.0.0.1:6443/")).toEqual({ head: "https://10.0.0.1:6443/", tail: "" });
    expect(splitServer(`https://h/x/${"a".repeat(40)}`).tail).toBe("");
    expect(splitServer("not a url")).toEqual({ head: "not a url", tail: "" });
  });

  it("draws the whole URL, the tail in a part that does not shrink", () => {
    const { getByTestId } = render(<ServerUrl url="https://127.0.0.1:44217/k8s/clusters/c-m-dev" />);
    const shown = getByTestId("server-url");
    expect(shown.textContent).toBe("https://127.0.0.1:44217/k8s/clusters/c-m-dev");
    expect(shown.lastElementChild?.textContent).toBe("/c-m-dev");
    expect(shown.lastElementChild?.className).toContain("shrink-0");
  });
});
