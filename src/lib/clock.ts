/**
 * Wall-clock times as the app writes them: "12:03:04" (or "12:03:04 PM" where the locale uses
 * a 12-hour clock), in the window's locale and time zone.
 *
 * One `Intl.DateTimeFormat`, made on first use, and the text of each time kept: the tab
 * tooltips write their watches' times again on every change of the resource store (each delta
 * batch), for every tab, mostly the same few times. `Date.toLocaleTimeString` with options
 * builds a new formatter on every call: in a JavaScriptCore sampling profile of the bench's
 * ten-cluster run that was 1.6 s of the page's time (16% of its samples); one formatter
 * without the kept texts still 137 ms.
 */
let formatter: Intl.DateTimeFormat | null = null;
const texts = new Map<number, string>();
/** Times kept; all are dropped when more come (a few per watch and health check). */
const KEPT = 256;

export function formatClock(ms: number): string {
  let text = texts.get(ms);
  if (text === undefined) {
    formatter ??= new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    text = formatter.format(ms);
    if (texts.size >= KEPT) texts.clear();
    texts.set(ms, text);
  }
  return text;
}
