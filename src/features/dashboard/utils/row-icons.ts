/**
 * A table row's buttons: their colours in each state and their icons, drawn by CSS — rules for
 * the whole page instead of an inline SVG per button. An SVG with its three to five shapes was
 * half of a row's elements (25 of 50 in a pods row), and every element costs style and layout
 * each time a kept view is attached again (a cluster switch) or rows come into view: measured
 * in the app, the style recalculation of a re-attached 2,000-pod view fell from 16 to 9 ms
 * without them.
 *
 * The icons are lucide's, rendered once into markup when this module loads. First they are CSS
 * masks painted in the button's colour; then, as soon as the page has drawn each icon into a
 * bitmap in the colour of each state of its button (dimmed, its row hovered or focused, itself
 * hovered), plain background images. In WebKitGTK's software painting a mask, like an opacity
 * below 1, is an offscreen layer per paint: with five masked icons per pods row a scroll step's
 * paint took ~16 ms, with the bitmaps ~10 ms (10,000 pods, 1440 × 900 window, release app).
 * SVG images instead of bitmaps cost about half of the masks' time again. So the buttons are
 * dimmed by colour, not by opacity, and the bitmaps carry the same colours.
 */
import { createElement } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { FileCodeIcon, PlugIcon, ScrollTextIcon, SquareTerminalIcon, Trash2Icon, type LucideIcon } from "lucide-react";

const ICONS = { logs: ScrollTextIcon, shell: SquareTerminalIcon, portForward: PlugIcon, yaml: FileCodeIcon, delete: Trash2Icon } satisfies Record<string, LucideIcon>;

export type RowIcon = keyof typeof ICONS;

/** Size of a row icon in CSS px. */
const SIZE = 13;

/** A row button's colour while its row is neither hovered nor focused (was the buttons' opacity). */
const DIM = 0.6;

/** The theme colours (Tailwind's variables) of a button: in its row, and under the pointer. */
const TONES = {
  plain: { row: "--color-zinc-400", hover: "--color-zinc-100" },
  danger: { row: "--color-red-300", hover: "--color-red-300" },
};

type Tone = keyof typeof TONES;
type State = "dim" | "row" | "hover";

const toneOf = (icon: RowIcon): Tone => (icon === "delete" ? "danger" : "plain");

/** Whether a button with `icon` is a dangerous one (red): its colour rules and its icon's images agree. */
export const isDangerIcon = (icon: RowIcon) => toneOf(icon) === "danger";

/** The classes of a row button (its colour in each state). */
export const rowButtonClass = (danger: boolean) => (danger ? "row-button-danger" : "row-button");

/** The class that shows `icon` on a button (its `::before`). */
export const rowIconClass = (icon: RowIcon) => `row-icon row-icon-${icon}`;

/**
 * Rules for each state of the buttons of `.group` rows: dimmed, in a hovered or focused row, and
 * under the pointer. A later state's rule is at least as specific as an earlier one's and comes
 * after it, so it wins. `value(key, state)` gives each declaration.
 */
function stateRules<K extends string>(keys: readonly K[], className: (key: K) => string, value: (key: K, state: State) => string): string[] {
  const rule = (state: State, selector: (c: string) => string) => keys.map((key) => `${selector(className(key))}{${value(key, state)}}`);
  return [...rule("dim", (c) => c), ...rule("row", (c) => `.group:hover ${c},.group:focus-within ${c}`), ...rule("hover", (c) => `.group ${c}:hover`)];
}

/** The buttons' colours: the theme's, dimmed by mixing with transparency. */
export function buttonRules(): string[] {
  const color = (tone: Tone, state: State) => {
    const { row, hover } = TONES[tone];
    if (state === "dim") return `color:color-mix(in oklab,var(${row}) ${DIM * 100}%,transparent)`;
    return `color:var(${state === "row" ? row : hover})`;
  };
  return stateRules(["plain", "danger"] as const, (tone) => (tone === "plain" ? ".row-button" : ".row-button-danger"), color);
}

/** The icons as images: `images[icon][state]` is a URL of the icon in that state's colour. */
export function imageRules(images: Record<RowIcon, Record<State, string>>): string[] {
  const icons = Object.keys(images) as RowIcon[];
  return [
    `.row-icon::before{mask:none;background:var(--row-icon-image) center/${SIZE}px ${SIZE}px no-repeat}`,
    ...stateRules(icons, (icon) => `.row-icon-${icon}`, (icon, state) => `--row-icon-image:url("${images[icon][state]}")`),
  ];
}

/** The icon's SVG markup, as lucide-react renders it. */
function markup(Icon: LucideIcon): string {
  const host = document.createElement("div");
  const root = createRoot(host);
  flushSync(() => root.render(createElement(Icon, { width: SIZE, height: SIZE })));
  const svg = host.innerHTML;
  root.unmount();
  return svg;
}

/** An icon's SVG as a URL: its mask's and its image's, so the page holds one SVG image per icon. */
const svgUrl = (svg: string) => `data:image/svg+xml,${encodeURIComponent(svg)}`;

/** `svg` as an image. */
async function imageOf(svg: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = svgUrl(svg);
  await image.decode();
  return image;
}

/** `image` in `color` at `alpha`, in a bitmap of `scale` device pixels per CSS px: a PNG data URL. */
function tinted(image: HTMLImageElement, color: string, alpha: number, scale: number): string {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SIZE * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2D canvas");
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  // The icon's shape, filled with the colour.
  context.globalCompositeOperation = "source-in";
  context.globalAlpha = alpha;
  context.fillStyle = color;
  context.fillRect(0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/png");
}

/**
 * Draws every icon in every state's colour for the screen's pixel ratio and puts the image rules
 * in place (again when the ratio changes: the window moved to another screen). Where the theme's
 * colours are not on the page (no stylesheet, as in unit tests) or a bitmap cannot be made, the
 * masks stay.
 */
async function drawImages(svgs: Record<RowIcon, string>) {
  const theme = getComputedStyle(document.documentElement);
  const color = (variable: string) => theme.getPropertyValue(variable).trim();
  if (Object.values(TONES).some((t) => !color(t.row) || !color(t.hover))) return;
  const scale = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
  const entries = await Promise.all(
    (Object.keys(svgs) as RowIcon[]).map(async (icon) => {
      const { row, hover } = TONES[toneOf(icon)];
      const image = await imageOf(svgs[icon]);
      return [icon, { dim: tinted(image, color(row), DIM, scale), row: tinted(image, color(row), 1, scale), hover: tinted(image, color(hover), 1, scale) }] as const;
    }),
  );
  let style = document.querySelector<HTMLStyleElement>("style[data-row-icon-images]");
  if (!style) {
    style = document.createElement("style");
    style.dataset.rowIconImages = "";
    document.head.append(style);
  }
  style.textContent = imageRules(Object.fromEntries(entries) as Record<RowIcon, Record<State, string>>).join("\n");
  window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`).addEventListener("change", () => void drawImages(svgs).catch(warn), { once: true });
}

const warn = (error: unknown) => console.warn("row icons stay CSS masks:", error);

/** The page's rules for the row buttons and their icons: one `<style>`, added once. */
function install() {
  if (typeof document === "undefined" || document.querySelector("style[data-row-icons]")) return;
  const svgs = Object.fromEntries(Object.entries(ICONS).map(([name, Icon]) => [name, markup(Icon)])) as Record<RowIcon, string>;
  const masks = Object.entries(svgs).map(([name, svg]) => `.row-icon-${name}{--row-icon:url("${svgUrl(svg)}")}`);
  const style = document.createElement("style");
  style.dataset.rowIcons = "";
  style.textContent = [...buttonRules(), `.row-icon::before{content:"";width:${SIZE}px;height:${SIZE}px;background-color:currentColor;mask:var(--row-icon) center/${SIZE}px ${SIZE}px no-repeat}`, ...masks].join("\n");
  document.head.append(style);
  void drawImages(svgs).catch(warn);
}

install();
