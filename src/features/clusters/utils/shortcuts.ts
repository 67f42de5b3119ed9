/**
 * The cluster keyboard map and its pure matcher. Mod is Cmd on macOS and Ctrl elsewhere.
 * None of these keys edits text or is a WebView default (Ctrl+Tab has no meaning in a
 * Tauri window; Mod+W/Mod+H stay untouched because Shift is required). Alt+←/→ (no Mod)
 * step through the active cluster's resource-tab history, as Back/Forward do in browsers;
 * Mod+Alt+←/→ stay "previous/next cluster".
 */

export type ShortcutAction =
  | { type: "switchTo"; index: number }
  | { type: "next" }
  | { type: "previous" }
  | { type: "picker" }
  | { type: "closeActive" }
  | { type: "home" }
  | { type: "help" }
  | { type: "resourceBack" }
  | { type: "resourceForward" };

export type KeyInput = Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

export type MatchOptions = {
  mac: boolean;
  /** Focus is in a text input, textarea or select (where arrows and typing have a meaning). */
  inTextField: boolean;
};

/** Actions that still work while typing: they have no meaning in a text field. */
const ALLOWED_IN_TEXT_FIELDS = new Set<ShortcutAction["type"]>(["switchTo", "next", "previous", "picker"]);

function digitOf(event: KeyInput): number | null {
  const fromCode = /^(?:Digit|Numpad)([1-9])$/.exec(event.code ?? "");
  if (fromCode) return Number(fromCode[1]);
  return /^[1-9]$/.test(event.key) ? Number(event.key) : null;
}

function match(event: KeyInput, mac: boolean): ShortcutAction | null {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;

  // Ctrl+Tab / Ctrl+Shift+Tab on every platform (as in browsers).
  if (key === "Tab" && event.ctrlKey && !event.metaKey && !event.altKey) return event.shiftKey ? { type: "previous" } : { type: "next" };
  // Alt+arrows alone (no Ctrl, no Cmd): back / forward in the resource-tab history.
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    if (key === "ArrowLeft") return { type: "resourceBack" };
    if (key === "ArrowRight") return { type: "resourceForward" };
  }
  if (mod && event.altKey && !event.shiftKey) {
    if (key === "ArrowRight") return { type: "next" };
    if (key === "ArrowLeft") return { type: "previous" };
    return null;
  }
  if (mod && !event.altKey && !event.shiftKey) {
    const digit = digitOf(event);
    if (digit !== null) return { type: "switchTo", index: digit - 1 };
    if (key === "k") return { type: "picker" };
    return null;
  }
  if (mod && event.shiftKey && !event.altKey) {
    if (key === "w") return { type: "closeActive" };
    if (key === "h") return { type: "home" };
    return null;
  }
  if (key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey) return { type: "help" };
  return null;
}

/** The cluster action a key press means, or null. */
export function matchShortcut(event: KeyInput, { mac, inTextField }: MatchOptions): ShortcutAction | null {
  const action = match(event, mac);
  if (!action) return null;
  // Arrows move the caret in a text field, whatever the modifiers.
  if (inTextField && (!ALLOWED_IN_TEXT_FIELDS.has(action.type) || event.key.startsWith("Arrow"))) return null;
  return action;
}

/** `["Mod", "Shift", "W"]` → `Ctrl+Shift+W` (or `⌘⇧W` on macOS). */
export function formatKeys(keys: readonly string[], mac: boolean): string {
  if (!mac) return keys.map((k) => (k === "Mod" ? "Ctrl" : k)).join("+");
  const symbols: Record<string, string> = { Mod: "⌘", Shift: "⇧", Alt: "⌥", Ctrl: "⌃" };
  return keys.map((k) => symbols[k] ?? k).join("");
}

export type ShortcutDoc = { id: string; description: string; keys: string[][] };

/** Everything the shortcuts sheet lists (and tooltips quote). */
export const SHORTCUT_DOCS: ShortcutDoc[] = [
  { id: "switchTo", description: "Switch to cluster 1–9", keys: [["Mod", "1…9"]] },
  { id: "next", description: "Next cluster", keys: [["Ctrl", "Tab"], ["Mod", "Alt", "→"]] },
  { id: "previous", description: "Previous cluster", keys: [["Ctrl", "Shift", "Tab"], ["Mod", "Alt", "←"]] },
  { id: "picker", description: "Find a connected cluster", keys: [["Mod", "K"]] },
  { id: "closeActive", description: "Disconnect the active cluster", keys: [["Mod", "Shift", "W"]] },
  { id: "home", description: "Home (all contexts)", keys: [["Mod", "Shift", "H"]] },
  { id: "resourceBack", description: "Back to the previous resource tab of this cluster", keys: [["Alt", "←"]] },
  { id: "resourceForward", description: "Forward to the next resource tab of this cluster", keys: [["Alt", "→"]] },
  { id: "help", description: "Show keyboard shortcuts", keys: [["?"]] },
  { id: "tabMenu", description: "Cluster tab menu (tab focused)", keys: [["Shift", "F10"], ["ContextMenu"]] },
];

export function shortcutHint(id: string, mac: boolean): string {
  const doc = SHORTCUT_DOCS.find((d) => d.id === id);
  return doc ? formatKeys(doc.keys[0], mac) : "";
}

/** `Ctrl+3` for the third tab (tabs past the ninth have no number). */
export function switchHint(index: number, mac: boolean): string | null {
  return index < 9 ? formatKeys(["Mod", String(index + 1)], mac) : null;
}
