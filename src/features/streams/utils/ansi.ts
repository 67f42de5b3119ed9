/**
 * ANSI colour codes of a log line as styled segments (anser parses them); the text stays
 * plain text, rendered by React, so nothing in a log line can become markup. A search query
 * splits segments further so matches can be highlighted.
 */
import Anser from "anser";

export type Segment = { text: string; color: string | null; background: string | null; bold: boolean; underline: boolean; match: boolean };

const rgb = (value: string) => (value ? `rgb(${value})` : null);

/** Segments of `line` with its ANSI styles; plain text (no codes) gives one segment. */
export function ansiSegments(line: string): Segment[] {
  if (!line.includes("\u001b[")) return [{ text: line, color: null, background: null, bold: false, underline: false, match: false }];
  return Anser.ansiToJson(line, { json: true, remove_empty: true }).map((e) => ({
    text: e.content,
    color: rgb(e.fg),
    background: rgb(e.bg),
    bold: e.decorations.includes("bold"),
    underline: e.decorations.includes("underline"),
    match: false,
  }));
}

/** The line's text without ANSI codes (what search matches and downloads contain). */
export function stripAnsi(line: string): string {
  return line.includes("\u001b[") ? ansiSegments(line).map((s) => s.text).join("") : line;
}

/** Splits segments where `query` occurs (case-insensitive), marking the matching parts. */
export function highlight(segments: Segment[], query: string): Segment[] {
  if (!query) return segments;
  const needle = query.toLowerCase();
  const out: Segment[] = [];
  for (const segment of segments) {
    const lower = segment.text.toLowerCase();
    let at = 0;
    for (let hit = lower.indexOf(needle); hit !== -1; hit = lower.indexOf(needle, at)) {
      if (hit > at) out.push({ ...segment, text: segment.text.slice(at, hit) });
      out.push({ ...segment, text: segment.text.slice(hit, hit + needle.length), match: true });
      at = hit + needle.length;
    }
    if (at < segment.text.length) out.push({ ...segment, text: segment.text.slice(at) });
  }
  return out;
}
