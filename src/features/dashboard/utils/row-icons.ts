/**
 * The icons of a table row's buttons, drawn by CSS: one mask rule per icon for the whole page
 * instead of an inline SVG per button. An SVG with its three to five shapes was half of a row's
 * elements (25 of 50 in a pods row), and every element costs style and layout each time a kept
 * view is attached again (a cluster switch) or rows come into view: measured in the app, the
 * style recalculation of a re-attached 2,000-pod view fell from 16 to 9 ms without them.
 *
 * The icons are lucide's, rendered once into markup when this module loads, each as a
 * background image in the colour of each state of its button (dimmed, its row hovered or
 * focused, itself hovered): no mask and no opacity. In WebKitGTK's software painting each mask
 * and each translucent group is an offscreen layer per paint, and a scroll repaints every row
 * in view (~30 rows × 5 icons).
 */
import { createElement } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { FileCodeIcon, PlugIcon, ScrollTextIcon, SquareTerminalIcon, Trash2Icon, type LucideIcon } from "lucide-react";

const ICONS = { logs: ScrollTextIcon, shell: SquareTerminalIcon, portForward: PlugIcon, yaml: FileCodeIcon, delete: Trash2Icon } satisfies Record<string, LucideIcon>;

export type RowIcon = keyof typeof ICONS;

/** Size of a row icon in px. */
const SIZE = 13;

/** The icon's SVG markup, as lucide-react renders it. */
function markup(Icon: LucideIcon): string {
  const host = document.createElement("div");
  const root = createRoot(host);
  flushSync(() => root.render(createElement(Icon, { width: SIZE, height: SIZE })));
  const svg = host.innerHTML;
  root.unmount();
  return svg;
}

/** The class that shows `icon` on a button (its `::before`). */
export const rowIconClass = (icon: RowIcon) => `row-icon row-icon-${icon}`;

/**
 * The colour of an icon in each state of its button: dimmed while its row is neither hovered
 * nor focused (zinc-400 / red-300 at 60 % over the table's zinc-950, as the buttons' opacity
 * was), full in a hovered or focused row, bright under the pointer.
 */
const TONES = {
  plain: { dim: "#67676c", row: "#a1a1aa", hover: "#f4f4f5" },
  danger: { dim: "#9b6767", row: "#fca5a5", hover: "#fca5a5" },
};

/** An icon's image in one colour. */
const image = (svg: string, color: string) => `url("data:image/svg+xml,${encodeURIComponent(svg.replaceAll("currentColor", color))}")`;

/** The page's rules for every row icon: one `<style>`, added once. */
function install() {
  if (typeof document === "undefined" || document.querySelector("style[data-row-icons]")) return;
  const rules = Object.entries(ICONS).flatMap(([name, Icon]) => {
    const svg = markup(Icon);
    const tone = name === "delete" ? TONES.danger : TONES.plain;
    return [
      `.row-icon-${name}{--row-icon:${image(svg, tone.dim)}}`,
      `.group:hover .row-icon-${name},.group:focus-within .row-icon-${name}{--row-icon:${image(svg, tone.row)}}`,
      `.group .row-icon-${name}:hover{--row-icon:${image(svg, tone.hover)}}`,
    ];
  });
  const style = document.createElement("style");
  style.dataset.rowIcons = "";
  style.textContent = [`.row-icon::before{content:"";width:${SIZE}px;height:${SIZE}px;background:var(--row-icon) center/${SIZE}px ${SIZE}px no-repeat}`, ...rules].join("\n");
  document.head.append(style);
}

install();
