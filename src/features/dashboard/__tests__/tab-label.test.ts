import { describe, expect, it } from "vitest";
import { kindInfo } from "@/test/kinds";
import { tabLabel } from "../utils/tab-label";

describe("resource tab labels", () => {
  const widgets = kindInfo("widgets.lab.kubeli.dev", { kind: "Widget" });

  it("shows a custom resource by its Kind, the group for the tooltip", () => {
    expect(tabLabel("widgets.lab.kubeli.dev", [kindInfo("pods"), widgets])).toEqual({ label: "Widget", group: "lab.kubeli.dev" });
  });

  it("shows the plural before discovery answers, never the full plural.group", () => {
    expect(tabLabel("widgets.lab.kubeli.dev", null)).toEqual({ label: "widgets", group: "lab.kubeli.dev" });
    // A same-named plural of another group is not this kind.
    expect(tabLabel("widgets.other.example.com", [widgets])).toEqual({ label: "widgets", group: "other.example.com" });
  });

  it("keeps the built-in labels without a group", () => {
    expect(tabLabel("pods", [widgets])).toEqual({ label: "Pods", group: null });
    expect(tabLabel("deployments", null)).toEqual({ label: "Deployments", group: null });
  });
});
