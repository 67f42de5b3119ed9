import { describe, expect, it } from "vitest";
import { formatKeys, matchShortcut, type KeyInput } from "../utils/shortcuts";

function key(k: string, mods: Partial<KeyInput> = {}): KeyInput {
  return { key: k, code: /^[0-9]$/.test(k) ? `Digit${k}` : "", ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

const linux = { mac: false, inTextField: false };
const mac = { mac: true, inTextField: false };

describe("matchShortcut", () => {
  it("switches to cluster N with Mod+1…9 (Ctrl elsewhere, Cmd on macOS)", () => {
    expect(matchShortcut(key("1", { ctrlKey: true }), linux)).toEqual({ type: "switchTo", index: 0 });
    expect(matchShortcut(key("9", { ctrlKey: true }), linux)).toEqual({ type: "switchTo", index: 8 });
    expect(matchShortcut(key("2", { metaKey: true }), mac)).toEqual({ type: "switchTo", index: 1 });
    expect(matchShortcut(key("2", { metaKey: true }), linux)).toBeNull();
    expect(matchShortcut(key("2", { ctrlKey: true }), mac)).toBeNull();
    expect(matchShortcut(key("0", { ctrlKey: true }), linux)).toBeNull();
    expect(matchShortcut(key("2"), linux)).toBeNull();
    // Layouts where the digit row needs Shift or has other symbols: the physical key counts.
    expect(matchShortcut({ ...key("é", { ctrlKey: true }), code: "Digit2" }, linux)).toEqual({ type: "switchTo", index: 1 });
  });

  it("moves with Ctrl+Tab / Ctrl+Shift+Tab on every platform and Mod+Alt+arrows", () => {
    expect(matchShortcut(key("Tab", { ctrlKey: true }), linux)).toEqual({ type: "next" });
    expect(matchShortcut(key("Tab", { ctrlKey: true, shiftKey: true }), linux)).toEqual({ type: "previous" });
    expect(matchShortcut(key("Tab", { ctrlKey: true }), mac)).toEqual({ type: "next" });
    expect(matchShortcut(key("Tab"), linux)).toBeNull();
    expect(matchShortcut(key("ArrowRight", { ctrlKey: true, altKey: true }), linux)).toEqual({ type: "next" });
    expect(matchShortcut(key("ArrowLeft", { metaKey: true, altKey: true }), mac)).toEqual({ type: "previous" });
    expect(matchShortcut(key("ArrowLeft", { ctrlKey: true }), linux)).toBeNull();
  });

  it("steps through the resource-tab history with Alt+←/→; Mod+Alt+arrows stay next/previous cluster", () => {
    expect(matchShortcut(key("ArrowLeft", { altKey: true }), linux)).toEqual({ type: "resourceBack" });
    expect(matchShortcut(key("ArrowRight", { altKey: true }), linux)).toEqual({ type: "resourceForward" });
    expect(matchShortcut(key("ArrowLeft", { altKey: true }), mac)).toEqual({ type: "resourceBack" });
    expect(matchShortcut(key("ArrowRight", { altKey: true }), mac)).toEqual({ type: "resourceForward" });
    // With Ctrl or Cmd it is the cluster switch, never the history.
    expect(matchShortcut(key("ArrowRight", { ctrlKey: true, altKey: true }), linux)).toEqual({ type: "next" });
    expect(matchShortcut(key("ArrowLeft", { ctrlKey: true, altKey: true }), linux)).toEqual({ type: "previous" });
    expect(matchShortcut(key("ArrowRight", { metaKey: true, altKey: true }), mac)).toEqual({ type: "next" });
    expect(matchShortcut(key("ArrowRight", { metaKey: true, altKey: true }), linux)).toBeNull();
    expect(matchShortcut(key("ArrowLeft", { ctrlKey: true, altKey: true }), mac)).toBeNull();
    expect(matchShortcut(key("ArrowLeft", { altKey: true, shiftKey: true }), linux)).toBeNull();
    expect(matchShortcut(key("ArrowUp", { altKey: true }), linux)).toBeNull();
    // Never while typing or in a select: there Alt+arrows move the caret or the selection.
    expect(matchShortcut(key("ArrowLeft", { altKey: true }), { mac: false, inTextField: true })).toBeNull();
    expect(matchShortcut(key("ArrowRight", { altKey: true }), { mac: true, inTextField: true })).toBeNull();
  });

  it("maps picker, close, home and help", () => {
    expect(matchShortcut(key("k", { ctrlKey: true }), linux)).toEqual({ type: "picker" });
    expect(matchShortcut(key("K", { metaKey: true }), mac)).toEqual({ type: "picker" });
    expect(matchShortcut(key("W", { ctrlKey: true, shiftKey: true }), linux)).toEqual({ type: "closeActive" });
    expect(matchShortcut(key("w", { ctrlKey: true }), linux)).toBeNull();
    expect(matchShortcut(key("H", { ctrlKey: true, shiftKey: true }), linux)).toEqual({ type: "home" });
    expect(matchShortcut(key("?", { shiftKey: true }), linux)).toEqual({ type: "help" });
    expect(matchShortcut(key("?", { ctrlKey: true }), linux)).toBeNull();
  });

  it("leaves text editing alone: only keys with no meaning in a text field pass", () => {
    const typing = { mac: false, inTextField: true };
    expect(matchShortcut(key("?", { shiftKey: true }), typing)).toBeNull();
    expect(matchShortcut(key("W", { ctrlKey: true, shiftKey: true }), typing)).toBeNull();
    expect(matchShortcut(key("H", { ctrlKey: true, shiftKey: true }), typing)).toBeNull();
    expect(matchShortcut(key("ArrowRight", { ctrlKey: true, altKey: true }), typing)).toBeNull();
    expect(matchShortcut(key("a", { ctrlKey: true }), typing)).toBeNull();
    expect(matchShortcut(key("k", { ctrlKey: true }), typing)).toEqual({ type: "picker" });
    expect(matchShortcut(key("3", { ctrlKey: true }), typing)).toEqual({ type: "switchTo", index: 2 });
    expect(matchShortcut(key("Tab", { ctrlKey: true }), typing)).toEqual({ type: "next" });
  });
});

describe("formatKeys", () => {
  it("spells keys per platform", () => {
    expect(formatKeys(["Mod", "Shift", "W"], false)).toBe("Ctrl+Shift+W");
    expect(formatKeys(["Mod", "Shift", "W"], true)).toBe("⌘⇧W");
  });
});
