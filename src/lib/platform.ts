let mac: boolean | undefined;

/**
 * macOS uses Cmd where other systems use Ctrl. Worked out once: tabs, resource tabs and the
 * shortcut handler ask on every render and keystroke, and the platform does not change.
 */
export function isMac(): boolean {
  return (mac ??= typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent));
}
