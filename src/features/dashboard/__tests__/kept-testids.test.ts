/** A hidden kept view's test hooks: put away, kept away from elements made later, put back. */
import { describe, expect, it } from "vitest";
import { hideTestIds } from "../utils/kept-testids";

const found = (id: string) => document.querySelectorAll(`[data-testid="${id}"]`).length;

describe("hideTestIds", () => {
  it("puts away every test id under the root, also of elements added or re-labelled while hidden, and puts them back", async () => {
    const root = document.createElement("div");
    root.innerHTML = '<div data-testid="resource-row"><button data-testid="row-delete"></button></div>';
    const outside = document.createElement("div");
    outside.dataset.testid = "resource-row";
    document.body.append(root, outside);

    const show = hideTestIds(root);
    expect(found("resource-row")).toBe(1);
    expect(found("row-delete")).toBe(0);

    // Made while hidden: caught before the next task (a MutationObserver's microtask).
    const later = document.createElement("span");
    later.dataset.testid = "resource-count";
    root.firstElementChild!.append(later);
    root.querySelector("button")!.setAttribute("data-testid", "row-yaml");
    await Promise.resolve();
    expect(found("resource-count")).toBe(0);
    expect(found("row-yaml")).toBe(0);

    show();
    expect(found("resource-row")).toBe(2);
    expect(found("resource-count")).toBe(1);
    expect(found("row-yaml")).toBe(1);
    expect(root.querySelector("[data-kept-testid]")).toBeNull();
    // Shown: new elements keep their ids.
    const shownLater = document.createElement("span");
    shownLater.dataset.testid = "resource-empty";
    root.append(shownLater);
    await Promise.resolve();
    expect(found("resource-empty")).toBe(1);
    root.remove();
    outside.remove();
  });
});

describe("hideTestIds, nested", () => {
  it("puts back only the outer box's own ids: a box inside it that is still hidden keeps its own away", () => {
    const outer = document.createElement("div");
    outer.innerHTML = '<div data-testid="dashboard"><div id="shown"><i data-testid="resource-row"></i></div><div id="hidden"><i data-testid="resource-row"></i></div></div>';
    document.body.append(outer);
    const hideInner = hideTestIds(outer.querySelector("#hidden")!);
    expect(found("resource-row")).toBe(1);

    const showOuter = hideTestIds(outer);
    expect(found("dashboard")).toBe(0);
    expect(found("resource-row")).toBe(0);

    showOuter();
    expect(found("dashboard")).toBe(1);
    expect(found("resource-row")).toBe(1);
    expect(outer.querySelector("#hidden [data-testid]")).toBeNull();

    hideInner();
    expect(found("resource-row")).toBe(2);
    outer.remove();
  });
});
