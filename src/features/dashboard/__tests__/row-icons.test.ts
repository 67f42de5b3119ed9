import { describe, expect, it } from "vitest";
import { buttonRules, imageRules, isDangerIcon, rowButtonClass, rowIconClass, type RowIcon } from "../utils/row-icons";

const ICONS: RowIcon[] = ["logs", "shell", "portForward", "yaml", "delete"];

describe("row button rules", () => {
  it("dim a button by colour, show it whole in a hovered or focused row and bright under the pointer", () => {
    const rules = buttonRules();
    expect(rules).toEqual([
      ".row-button{color:color-mix(in oklab,var(--color-zinc-400) 60%,transparent)}",
      ".row-button-danger{color:color-mix(in oklab,var(--color-red-300) 60%,transparent)}",
      ".group:hover .row-button,.group:focus-within .row-button{color:var(--color-zinc-400)}",
      ".group:hover .row-button-danger,.group:focus-within .row-button-danger{color:var(--color-red-300)}",
      ".group .row-button:hover{color:var(--color-zinc-100)}",
      ".group .row-button-danger:hover{color:var(--color-red-300)}",
    ]);
    // No opacity anywhere: a translucent group is an offscreen layer per paint in WebKitGTK.
    expect(rules.join("")).not.toMatch(/opacity/);
  });

  it("give each button one tone class", () => {
    expect(rowButtonClass(false)).toBe("row-button");
    expect(rowButtonClass(true)).toBe("row-button-danger");
    expect(rowIconClass("portForward")).toBe("row-icon row-icon-portForward");
    // Only delete is red, so its button's colour and its icon's images agree.
    expect(ICONS.filter(isDangerIcon)).toEqual(["delete"]);
  });

  it("show each icon's image for its button's state, in place of the mask", () => {
    const images = Object.fromEntries(ICONS.map((icon) => [icon, { dim: `data:image/png;base64,${icon}-dim`, row: `data:image/png;base64,${icon}-row`, hover: `data:image/png;base64,${icon}-hover` }])) as Parameters<typeof imageRules>[0];
    const rules = imageRules(images);
    expect(rules[0]).toBe(".row-icon::before{mask:none;background:var(--row-icon-image) center/13px 13px no-repeat}");
    for (const icon of ICONS) {
      const at = (rule: string) => rules.indexOf(rule);
      const dim = at(`.row-icon-${icon}{--row-icon-image:url("data:image/png;base64,${icon}-dim")}`);
      const row = at(`.group:hover .row-icon-${icon},.group:focus-within .row-icon-${icon}{--row-icon-image:url("data:image/png;base64,${icon}-row")}`);
      const hover = at(`.group .row-icon-${icon}:hover{--row-icon-image:url("data:image/png;base64,${icon}-hover")}`);
      // Each state's rule is there, after the states it overrides.
      expect(dim).toBeGreaterThan(0);
      expect(row).toBeGreaterThan(dim);
      expect(hover).toBeGreaterThan(row);
    }
    expect(rules).toHaveLength(1 + 3 * ICONS.length);
  });
});
